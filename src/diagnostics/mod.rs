//! Diagnostics: the one type every command reports problems with, and its
//! renderers: [`short`] lines and [`human`] code frames for people, [`json`]
//! for scripts, [`sarif`] for code-scanning tools, [`github`] annotations for
//! GitHub Actions.
//!
//! A [`Diagnostic`] carries everything a renderer needs except the source
//! text, which the human renderer takes separately. Renderers return text;
//! the ones for terminals take an explicit `color` flag. None of them looks
//! at the terminal.

pub mod github;
pub mod human;
pub mod json;
pub mod limit;
pub mod sarif;
pub mod short;

use crate::syntax::{LineIndex, SyntaxError};

pub use crate::rules::{Code, Severity};

/// A byte range of the source: `offset..offset + len`. An empty span
/// (`len == 0`) points between two bytes, e.g. at the end of the input.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Span {
    /// Byte offset of the first byte.
    pub offset: usize,
    /// Length in bytes.
    pub len: usize,
}

impl Span {
    /// The offset just past the span.
    pub fn end(self) -> usize {
        self.offset + self.len
    }
}

/// Another place a diagnostic is about: where a duplicate was first set,
/// the other side of an exclusive pair. Positions as in [`Diagnostic`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Related {
    /// The file, as the user named it.
    pub file: String,
    /// The bytes it points at.
    pub span: Span,
    /// 1-based line of `span.offset`.
    pub line: usize,
    /// 1-based byte column of `span.offset`.
    pub column: usize,
    /// 1-based line of `span.end()`.
    pub end_line: usize,
    /// 1-based byte column of `span.end()`.
    pub end_column: usize,
    /// What is there, as a label ("first set here").
    pub message: String,
}

impl Related {
    /// The place `span` of `file` (indexed by `lines`), labelled `message`.
    pub fn at(file: &str, span: Span, lines: &LineIndex, message: impl Into<String>) -> Self {
        let (line, column) = lines.line_col(span.offset);
        let (end_line, end_column) = lines.line_col(span.end());
        Related {
            file: file.to_owned(),
            span,
            line,
            column,
            end_line,
            end_column,
            message: message.into(),
        }
    }
}

/// A safe, mechanical change that resolves a diagnostic: text edits of the
/// diagnostic's file. Only changes that cannot alter what the user meant
/// are offered; anything else is a help text.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Fix {
    /// The edits, applied together.
    pub edits: Vec<TextEdit>,
}

/// One edit of a [`Fix`]: replace `span` (empty to insert) with
/// `replacement`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextEdit {
    /// The bytes to replace.
    pub span: Span,
    /// What to put there.
    pub replacement: String,
}

/// One problem found in one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// How serious it is.
    pub severity: Severity,
    /// The rule (`code.as_str()` is the stable kebab-case name outputs
    /// print), or `None` for plain syntax errors, which Alloy prints
    /// without a code.
    pub code: Option<Code>,
    /// The file as the user named it (`config.alloy`, `dir/a.alloy`,
    /// `<stdin>`).
    pub file: String,
    /// The bytes the diagnostic is about.
    pub span: Span,
    /// 1-based line of `span.offset`.
    pub line: usize,
    /// 1-based column of `span.offset`, counted in bytes (as Alloy does).
    pub column: usize,
    /// 1-based line of `span.end()`.
    pub end_line: usize,
    /// 1-based byte column of `span.end()` (just past the last byte).
    pub end_column: usize,
    /// What is wrong, in the user's terms.
    pub message: String,
    /// What to do about it, if there is something useful to say.
    pub help: Option<String>,
    /// Other places the diagnostic is about ("first set here"), shown as
    /// secondary labels; empty for most diagnostics.
    pub related: Vec<Related>,
    /// A safe, mechanical change that resolves it (`check --fix`).
    pub fix: Option<Fix>,
    /// For the entry that closes the list of a file with too many
    /// diagnostics ([`limit`]): the diagnostics it stands for, left out.
    /// Zero for every other diagnostic.
    pub omitted: limit::Counts,
}

impl Diagnostic {
    /// The message followed by each related place, `(label: file:line:col)`:
    /// for one-line outputs (short, GitHub), which have no frames to draw
    /// related places in.
    pub fn message_with_related(&self) -> std::borrow::Cow<'_, str> {
        if self.related.is_empty() {
            return std::borrow::Cow::Borrowed(&self.message);
        }
        let mut text = self.message.clone();
        for r in &self.related {
            text.push_str(&format!(
                " ({}: {}:{}:{})",
                r.message, r.file, r.line, r.column
            ));
        }
        std::borrow::Cow::Owned(text)
    }

    /// The diagnostic for one syntax error of `source`, read from `file`.
    ///
    /// The position is Alloy's (the error's line and byte column); the span
    /// covers the character at the error's offset, or is empty at a line end
    /// or at the end of the input. No code is set: Alloy prints syntax errors
    /// as bare `file:line:col: message`.
    pub fn from_syntax_error(error: &SyntaxError, file: &str, source: &[u8]) -> Self {
        Diagnostic {
            severity: Severity::Error,
            code: None,
            file: file.to_owned(),
            span: Span {
                offset: error.offset,
                len: char_len_at(source, error.offset),
            },
            line: error.line,
            column: error.column,
            end_line: error.line,
            end_column: error.column + char_len_at(source, error.offset),
            message: error.message.clone(),
            help: error.help.clone(),
            related: Vec::new(),
            fix: None,
            omitted: limit::Counts::default(),
        }
    }

    /// A diagnostic over `span` of a source indexed by `lines`; the
    /// positions are computed from the span.
    pub fn at(
        severity: Severity,
        code: Code,
        file: &str,
        span: Span,
        lines: &LineIndex,
        message: impl Into<String>,
    ) -> Self {
        let (line, column) = lines.line_col(span.offset);
        let (end_line, end_column) = lines.line_col(span.end());
        Diagnostic {
            severity,
            code: Some(code),
            file: file.to_owned(),
            span,
            line,
            column,
            end_line,
            end_column,
            message: message.into(),
            help: None,
            related: Vec::new(),
            fix: None,
            omitted: limit::Counts::default(),
        }
    }

    /// Where this diagnostic points, as a related place of another one,
    /// labelled `message`.
    pub fn place(&self, message: impl Into<String>) -> Related {
        Related {
            file: self.file.clone(),
            span: self.span,
            line: self.line,
            column: self.column,
            end_line: self.end_line,
            end_column: self.end_column,
            message: message.into(),
        }
    }

    /// The same diagnostic with `related` as another place it is about.
    pub fn with_related(mut self, related: Related) -> Self {
        self.related.push(related);
        self
    }

    /// The same diagnostic with a help text.
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// The diagnostics for the errors of `errors`, in report order, and
    /// the entry counting those left out, if any ([`limit`]).
    pub fn from_syntax_errors(
        errors: &crate::syntax::SyntaxErrors,
        file: &str,
        source: &[u8],
    ) -> Vec<Self> {
        let mut out: Vec<Self> = errors
            .errors()
            .iter()
            .map(|e| Diagnostic::from_syntax_error(e, file, source))
            .collect();
        if let Some((n, first)) = errors.omitted() {
            let first = Diagnostic::from_syntax_error(first, file, source);
            let counts = limit::Counts {
                errors: n,
                ..limit::Counts::default()
            };
            out.push(limit::omitted_entry(&first, counts));
        }
        out
    }
}

/// A diagnostic for renderer tests: `dir/a.alloy`, line 2, columns 5–8.
#[cfg(test)]
pub(crate) fn sample(severity: Severity, code: Option<Code>, help: Option<&str>) -> Diagnostic {
    Diagnostic {
        severity,
        code,
        file: "dir/a.alloy".into(),
        span: Span { offset: 4, len: 3 },
        line: 2,
        column: 5,
        end_line: 2,
        end_column: 8,
        message: "component \"x\" does not exist".into(),
        help: help.map(str::to_owned),
        related: Vec::new(),
        fix: None,
        omitted: limit::Counts::default(),
    }
}

/// Length of the character starting at `offset`: 0 at the end of the input
/// or of a line (`\n`, `\r\n`), 1 for a byte that does not start valid
/// UTF-8, else the UTF-8 sequence length.
fn char_len_at(source: &[u8], offset: usize) -> usize {
    let rest = source.get(offset..).unwrap_or_default();
    match rest {
        [] | [b'\n', ..] | [b'\r', b'\n', ..] => 0,
        _ => {
            // Four bytes hold any UTF-8 sequence; a cut-off later character
            // only shortens the valid prefix.
            let probe = &rest[..rest.len().min(4)];
            let valid_len = match std::str::from_utf8(probe) {
                Ok(_) => probe.len(),
                Err(e) => e.valid_up_to(),
            };
            let valid = std::str::from_utf8(&probe[..valid_len]).unwrap_or_default();
            valid.chars().next().map_or(1, char::len_utf8)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn error_at(offset: usize, line: usize, column: usize) -> SyntaxError {
        SyntaxError {
            offset,
            line,
            column,
            message: "expected expression, got EOF".into(),
            help: Some("write a value after `=`".into()),
            kind: crate::syntax::SyntaxErrorKind::Other,
        }
    }

    #[test]
    fn syntax_error_keeps_alloy_position_and_help() {
        let d = Diagnostic::from_syntax_error(&error_at(4, 1, 5), "a.alloy", b"a = ");
        assert_eq!(d.severity, Severity::Error);
        assert_eq!(d.code, None);
        assert_eq!(d.file, "a.alloy");
        assert_eq!((d.line, d.column), (1, 5));
        assert_eq!(d.span, Span { offset: 4, len: 0 });
        assert_eq!(d.help.as_deref(), Some("write a value after `=`"));
    }

    #[test]
    fn span_covers_one_character() {
        assert_eq!(char_len_at(b"x = <T>", 4), 1);
        assert_eq!(char_len_at("x = \u{e9}".as_bytes(), 4), 2);
        assert_eq!(char_len_at(b"x = \xff", 4), 1);
        assert_eq!(char_len_at(b"x = \n", 4), 0);
        assert_eq!(char_len_at(b"x = \r\n", 4), 0);
        assert_eq!(char_len_at(b"x = ", 4), 0);
        assert_eq!(char_len_at(b"x = ", 99), 0);
    }
}
