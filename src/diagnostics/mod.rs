//! Rendering of diagnostics (human, short, ...).
