//! Go's regular expression syntax (RE2, `regexp/syntax`), as Alloy parses
//! it: which patterns Go accepts, the error Go gives for the others, and the
//! parse tree of those it accepts.
//!
//! Alloy compiles a relabel `regex` with `regexp.Compile("^(?s:" + s +
//! ")$")` (grafana/alloy internal/component/common/relabel/relabel.go:91),
//! so [`parse_anchored`] is what a relabel rule needs; [`parse`] is
//! `regexp.Compile` itself (flags `syntax.Perl`). Rust's `regex` crate is no
//! stand-in: it rejects `\Q...\E` and repeat counts it can afford, and
//! accepts `\Z`.
//!
//! `regexp.Compile` adds no error of its own after parsing
//! (regexp/regexp.go `compile`: `syntax.Compile` of a parsed tree does not
//! fail), so every error is the parser's.

mod class;
mod parser;
mod tree;
mod unicode;

#[cfg(test)]
mod tests;

pub use class::{CharClass, UnicodeSet, UnicodeTable};
pub use tree::{Flags, Op, Regexp};

/// Go's `syntax.ErrorCode` (regexp/syntax/parse.go `ErrorCode` constants).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    MissingParen,
    UnexpectedParen,
    MissingBracket,
    InvalidEscape,
    InvalidCharRange,
    InvalidCharClass,
    InvalidNamedCapture,
    InvalidPerlOp,
    InvalidRepeatOp,
    InvalidRepeatSize,
    MissingRepeatArgument,
    TrailingBackslash,
    /// Never produced from a `&str`; kept because Go has it.
    InvalidUtf8,
    NestingDepth,
    Large,
    /// Go's `ErrInternalError`; never produced.
    Internal,
}

impl ErrorKind {
    /// Go's text of the code.
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorKind::MissingParen => "missing closing )",
            ErrorKind::UnexpectedParen => "unexpected )",
            ErrorKind::MissingBracket => "missing closing ]",
            ErrorKind::InvalidEscape => "invalid escape sequence",
            ErrorKind::InvalidCharRange => "invalid character class range",
            ErrorKind::InvalidCharClass => "invalid character class",
            ErrorKind::InvalidNamedCapture => "invalid named capture",
            ErrorKind::InvalidPerlOp => "invalid or unsupported Perl syntax",
            ErrorKind::InvalidRepeatOp => "invalid nested repetition operator",
            ErrorKind::InvalidRepeatSize => "invalid repeat count",
            ErrorKind::MissingRepeatArgument => "missing argument to repetition operator",
            ErrorKind::TrailingBackslash => "trailing backslash at end of expression",
            ErrorKind::InvalidUtf8 => "invalid UTF-8",
            ErrorKind::NestingDepth => "expression nests too deeply",
            ErrorKind::Large => "expression too large",
            ErrorKind::Internal => "regexp/syntax: internal error",
        }
    }
}

/// Go's `*syntax.Error`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    pub kind: ErrorKind,
    /// The text Go quotes: a piece of the pattern Go parsed, or all of it
    /// (for `)` and `(` errors and the size limits), or nothing (trailing
    /// backslash).
    pub expr: String,
    /// The byte range of the offending text in the pattern given to
    /// [`parse`] / [`parse_anchored`]. Where Go quotes the whole pattern, the
    /// span is narrower when the culprit is known: the `)` that closes
    /// nothing, the innermost `(` left open.
    pub span: std::ops::Range<usize>,
}

impl std::fmt::Display for Error {
    /// parse.go `Error.Error`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "error parsing regexp: {}: `{}`",
            self.kind.as_str(),
            self.expr
        )
    }
}

impl std::error::Error for Error {}

/// `regexp.Compile(pattern)`'s parse (regexp/regexp.go `Compile`: flags
/// `syntax.Perl`).
pub fn parse(pattern: &str) -> Result<Regexp, Error> {
    parser::parse(pattern, Flags::PERL)
}

/// The prefix Alloy puts before a relabel regex.
const ANCHOR_OPEN: &str = "^(?s:";
/// The suffix Alloy puts after it.
const ANCHOR_CLOSE: &str = ")$";

/// What Alloy compiles for a relabel regex `s`: `^(?s:s)$`. So `a)(b` is
/// accepted (`^(?s:a)(b)$`). The error's `expr` is what Go prints (it may
/// include the wrapper); its span is mapped back into `s`, clamped to it
/// where the offending text is the wrapper's.
pub fn parse_anchored(s: &str) -> Result<Regexp, Error> {
    let wrapped = format!("{ANCHOR_OPEN}{s}{ANCHOR_CLOSE}");
    parse(&wrapped).map_err(|mut error| {
        let map = |b: usize| b.saturating_sub(ANCHOR_OPEN.len()).min(s.len());
        error.span = map(error.span.start)..map(error.span.end);
        if error.kind == ErrorKind::MissingParen && error.span.is_empty() {
            // The group left open is the wrapper's, because the wrapper's
            // `)` closed one of `s`: that one is the culprit, and `s` alone
            // leaves it open.
            if let Err(alone) = parse(s) {
                if alone.kind == ErrorKind::MissingParen {
                    error.span = alone.span;
                }
            }
        }
        error
    })
}
