//! `alloy fmt`, byte for byte.

use crate::syntax::SyntaxErrors;

/// Formats Alloy source exactly as `alloy fmt` prints it (including the final
/// newline), or returns the syntax errors that make Alloy reject it.
pub fn format_source(src: &[u8]) -> Result<String, SyntaxErrors> {
    // Placeholder until the printer lands; replaced in the next commit.
    Ok(String::from_utf8_lossy(src).into_owned())
}
