//! A file to check or compare, as its caller read it: below every command
//! that takes one (`check`, `diff`, `init`), so none of them imports
//! another for it.

use std::path::PathBuf;

/// One file to check, as read by the caller.
#[derive(Debug, Clone)]
pub struct Source {
    /// The name diagnostics use (`alloy-config.alloy`, `<stdin>`).
    pub name: String,
    /// Where it was read from; imports are resolved next to it.
    pub path: Option<PathBuf>,
    /// Its bytes.
    pub text: Vec<u8>,
}
