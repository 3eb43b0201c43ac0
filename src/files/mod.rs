//! Finding input files ([`discover`]) and writing them back safely
//! ([`atomic_write`]).

pub mod atomic_write;
pub mod config_paths;
pub mod discover;
pub mod git_revision;
pub mod git_status;

pub use atomic_write::{create_atomically, write_atomically};
pub use discover::{discover, is_stdin, DiscoverError, Discovery, Input};
