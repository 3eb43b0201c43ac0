//! Syntax errors, positioned the way Alloy positions them.

use std::fmt;

/// Most syntax errors kept for one input; the rest are counted. It is
/// also the bound on every file's diagnostics
/// ([`crate::diagnostics::limit::MAX_PER_FILE`] is this constant): defined
/// here, at the lower layer, so that syntax needs nothing from above it.
pub const MAX_ERRORS: usize = 100;

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
    /// What kind of mistake it is, for the code that adds help or folds
    /// errors: it reads this, never the message.
    pub kind: SyntaxErrorKind,
}

/// The kinds of syntax error that something besides the message depends on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SyntaxErrorKind {
    /// Any other error.
    #[default]
    Other,
    /// A character that starts no token (its code point: `:` from YAML,
    /// `#` from shell comments, ...).
    IllegalCharacter(u32),
    /// A backslash that starts no escape sequence, or one cut short.
    BadEscape,
    /// A well-formed escape naming no Unicode code point (`\uD800`).
    BadCodePoint,
    /// A list or object element not followed by a comma.
    MissingComma,
    /// A block label that is not an identifier.
    InvalidLabel,
    /// Brackets, unary operators or `^` nested past the bound.
    NestingTooDeep,
}

impl fmt::Display for SyntaxError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.line, self.column, self.message)
    }
}

/// The syntax errors of one input, in the order Alloy reports them: the
/// first [`MAX_ERRORS`], then how many more there were. Never empty.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxErrors {
    errors: Vec<SyntaxError>,
    omitted: usize,
    first_omitted: Option<SyntaxError>,
}

impl SyntaxErrors {
    /// Wraps a non-empty list of errors.
    ///
    /// # Panics
    /// If `errors` is empty: an error value always carries an error.
    pub fn new(errors: Vec<SyntaxError>) -> Self {
        Self::with_omitted(errors, 0, None)
    }

    /// Wraps the errors kept and the count of those that were not (the
    /// first of them with it); past [`MAX_ERRORS`], kept ones move to the
    /// count.
    ///
    /// # Panics
    /// If `errors` is empty.
    pub fn with_omitted(
        mut errors: Vec<SyntaxError>,
        mut omitted: usize,
        mut first_omitted: Option<SyntaxError>,
    ) -> Self {
        assert!(!errors.is_empty(), "SyntaxErrors needs at least one error");
        if errors.len() > MAX_ERRORS {
            let rest = errors.split_off(MAX_ERRORS);
            omitted += rest.len();
            first_omitted = rest.into_iter().next();
        }
        if omitted == 0 {
            first_omitted = None;
        }
        SyntaxErrors {
            errors,
            omitted,
            first_omitted,
        }
    }

    /// The first error, the one whose position is compared with Alloy's.
    pub fn first(&self) -> &SyntaxError {
        &self.errors[0]
    }

    /// The errors kept, in report order.
    pub fn errors(&self) -> &[SyntaxError] {
        &self.errors
    }

    /// How many errors there were after those kept, and the first of them.
    pub fn omitted(&self) -> Option<(usize, &SyntaxError)> {
        self.first_omitted.as_ref().map(|e| (self.omitted, e))
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
        if let Some((n, first)) = self.omitted() {
            write!(f, "\n{}:{}: and {n} more", first.line, first.column)?;
        }
        Ok(())
    }
}

impl std::error::Error for SyntaxErrors {}
