//! Finding input files and writing them back safely.
