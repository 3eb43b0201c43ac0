//! Syntax errors, positioned the way Alloy positions them.

use std::fmt;

/// One syntax error: a byte offset into the source plus the 1-based line and
/// byte column Alloy would print for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError {
    /// Byte offset of the offending position in the source.
    pub offset: usize,
    /// 1-based line.
    pub line: usize,
    /// 1-based column, counted in bytes (as Alloy does).
    pub column: usize,
    /// Alloy's message, e.g. `expected expression, got <`.
    pub message: String,
    /// Optional extra help for humans (never part of the short format).
    pub help: Option<String>,
}

impl fmt::Display for SyntaxError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.line, self.column, self.message)
    }
}

/// All syntax errors of one input, in the order Alloy reports them.
/// Never empty.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxErrors {
    errors: Vec<SyntaxError>,
}

impl SyntaxErrors {
    /// Wraps a non-empty list of errors.
    ///
    /// # Panics
    /// If `errors` is empty: an error value always carries an error.
    pub fn new(errors: Vec<SyntaxError>) -> Self {
        assert!(!errors.is_empty(), "SyntaxErrors needs at least one error");
        SyntaxErrors { errors }
    }

    /// The first error, the one whose position is compared with Alloy's.
    pub fn first(&self) -> &SyntaxError {
        &self.errors[0]
    }

    /// Every error, in report order.
    pub fn errors(&self) -> &[SyntaxError] {
        &self.errors
    }
}

impl fmt::Display for SyntaxErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, e) in self.errors.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{e}")?;
        }
        Ok(())
    }
}

impl std::error::Error for SyntaxErrors {}
