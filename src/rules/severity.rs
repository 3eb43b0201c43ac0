//! How serious a diagnostic is: each rule has a default, which
//! `alloy-lint.toml` can change.

use std::fmt;

/// How serious a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// The input is wrong; the command fails (exit 1).
    Error,
    /// Probably wrong; reported, exits 0 unless warnings are denied.
    Warning,
    /// Worth knowing; never fails a run.
    Info,
}

impl Severity {
    /// The lowercase word renderers print: `error`, `warning`, `info`.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}
