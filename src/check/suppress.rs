//! Inline suppressions: comments that silence chosen rules on one line or
//! in a whole file.
//!
//! ```alloy
//! // alloy-lint-ignore unused-component: kept for the next release
//! prometheus.exporter.self "spare" { }
//!
//! local.file "token" { filename = env("TOKEN_FILE") } // alloy-lint-ignore deprecated-function
//!
//! /* alloy-lint-ignore-file unused-component, unused-argument: a module library */
//! ```
//!
//! A directive is a comment (`//` or `/* */`) whose text starts with
//! `alloy-lint-ignore` or `alloy-lint-ignore-file`, followed by one or more
//! rule codes separated by `,`, then optionally `:` and a reason. The
//! directive must open the comment, so prose that merely mentions it
//! suppresses nothing.
//!
//! `alloy-lint-ignore` applies to the line the comment shares with code;
//! a comment on a line of its own applies to the next line with code,
//! skipping blank lines and other comments (so several directives can be
//! stacked above one line). `alloy-lint-ignore-file` applies to the whole
//! file, wherever it is.
//!
//! Suppressions are checked too: a listed code that suppresses nothing is
//! reported as `unused-suppression`, so stale comments do not pile up, and
//! a malformed directive as `invalid-suppression`, since a typo would
//! otherwise silently suppress nothing. Syntax errors are never
//! suppressible: a file Alloy refuses to load is not a matter of style.
//!
//! Run this before [`crate::check::settings::Settings::apply`], so that a
//! suppression of a rule the configuration turns off still counts as used.

use crate::rules::Code;
use std::collections::HashMap;

use crate::diagnostics::{Diagnostic, Span};
use crate::rules::default_severity;
use crate::syntax::ast::Comment;
use crate::syntax::LineIndex;

/// The line directive; the file directive is this plus `-file`.
pub const DIRECTIVE: &str = "alloy-lint-ignore";

/// The file-wide directive.
pub const FILE_DIRECTIVE: &str = "alloy-lint-ignore-file";

/// Code of the diagnostic for a listed code that suppressed nothing.
pub const UNUSED_SUPPRESSION: Code = Code::UnusedSuppression;

/// Code of the diagnostic for a malformed directive.
pub const INVALID_SUPPRESSION: Code = Code::InvalidSuppression;

/// Code syntax errors carry when they have one.
const SYNTAX_ERROR: Code = Code::SyntaxError;

/// False for diagnostics nothing may hide or re-level: syntax errors
/// (without a code, or with code `syntax-error`).
pub fn is_suppressible(diagnostic: &Diagnostic) -> bool {
    diagnostic.code.is_some_and(|code| code != SYNTAX_ERROR)
}

/// Applies the suppression comments of `file` (its `source`, line index
/// and parsed `comments`) to `diagnostics`.
///
/// Returns the diagnostics that are not suppressed, in their order, then
/// an `unused-suppression` diagnostic for every listed code that suppressed
/// nothing and an `invalid-suppression` diagnostic for every malformed
/// directive, in source order. Diagnostics of other files pass unchanged.
pub fn apply(
    file: &str,
    source: &[u8],
    lines: &LineIndex,
    comments: &[Comment],
    diagnostics: Vec<Diagnostic>,
) -> Vec<Diagnostic> {
    let mut comment_spans: Vec<Span> = comments
        .iter()
        .filter_map(|c| comment_span(source, c))
        .collect();
    comment_spans.sort_by_key(|s| s.offset);

    let mut invalid = Vec::new();
    let mut directives: Vec<Directive> = comment_spans
        .iter()
        .filter_map(|&span| parse_directive(source, span, &mut invalid))
        .collect();
    if directives.is_empty() && invalid.is_empty() {
        return diagnostics;
    }

    let code_lines = if directives.iter().any(|d| !d.file_wide) {
        lines_with_code(source, lines, &comment_spans)
    } else {
        Vec::new()
    };
    let mut by_line: HashMap<usize, Vec<usize>> = HashMap::new();
    let mut file_wide = Vec::new();
    for (i, directive) in directives.iter_mut().enumerate() {
        if directive.file_wide {
            file_wide.push(i);
        } else {
            directive.target = target_line(&code_lines, lines, directive.comment);
            if let Some(line) = directive.target {
                by_line.entry(line).or_default().push(i);
            }
        }
    }

    let mut kept = Vec::with_capacity(diagnostics.len());
    for d in diagnostics {
        let suppressed = d.file == file
            && is_suppressible(&d)
            && d.code.is_some_and(|code| {
                let on_line = by_line.get(&d.line).map_or(&[][..], Vec::as_slice);
                // Every matching entry counts as used, so a redundant
                // line directive under a file directive is not reported.
                let mut any = false;
                for &i in on_line.iter().chain(&file_wide) {
                    any |= directives[i].mark_used(code);
                }
                any
            });
        if !suppressed {
            kept.push(d);
        }
    }

    let mut reported: Vec<Diagnostic> = invalid
        .into_iter()
        .map(|(span, message, help)| {
            Diagnostic::at(
                default_severity(INVALID_SUPPRESSION),
                INVALID_SUPPRESSION,
                file,
                span,
                lines,
                message,
            )
            .with_help(help)
        })
        .collect();
    for directive in &directives {
        for code in directive.codes.iter().filter(|c| !c.used) {
            reported.push(unused(file, lines, directive, code));
        }
    }
    reported.sort_by_key(|d| d.span.offset);
    kept.extend(reported);
    kept
}

/// One parsed directive.
#[derive(Debug)]
struct Directive {
    /// The comment holding it.
    comment: Span,
    /// `alloy-lint-ignore-file` rather than `alloy-lint-ignore`.
    file_wide: bool,
    /// The line it applies to (line directives; `None` if no code follows).
    target: Option<usize>,
    /// The valid codes it lists.
    codes: Vec<ListedCode>,
}

impl Directive {
    /// Marks `code` used if listed; true if it was.
    fn mark_used(&mut self, code: Code) -> bool {
        let mut found = false;
        for listed in self.codes.iter_mut().filter(|c| c.code == Some(code)) {
            listed.used = true;
            found = true;
        }
        found
    }
}

/// A code listed by a directive.
#[derive(Debug)]
struct ListedCode {
    /// As written.
    name: String,
    /// The registered code it names, if any.
    code: Option<Code>,
    /// Where it is written, for the unused-suppression diagnostic.
    span: Span,
    used: bool,
}

/// A malformed directive: span, message, help.
type Invalid = (Span, String, String);

const CODE_HELP: &str = "write `alloy-lint-ignore CODE: reason`, codes separated by `,`; \
                         codes are kebab-case, as `alloy-lint rules` lists them";

/// The diagnostic for a listed code that suppressed nothing.
fn unused(file: &str, lines: &LineIndex, directive: &Directive, code: &ListedCode) -> Diagnostic {
    let message = match (directive.file_wide, directive.target) {
        (true, _) => format!(
            "unused suppression: no `{}` diagnostic in this file",
            code.name
        ),
        (false, Some(line)) => format!(
            "unused suppression: no `{}` diagnostic on line {line}",
            code.name
        ),
        (false, None) => format!(
            "unused suppression: no code follows this comment, so `{}` suppresses nothing",
            code.name
        ),
    };
    Diagnostic::at(
        default_severity(UNUSED_SUPPRESSION),
        UNUSED_SUPPRESSION,
        file,
        code.span,
        lines,
        message,
    )
    .with_help(unused_help(code))
}

/// What to do about a code that suppressed nothing: a misspelt code gets
/// the registered code it is closest to.
fn unused_help(listed: &ListedCode) -> String {
    let name = &listed.name;
    if listed.code.is_some() {
        return format!("remove `{name}` from the comment");
    }
    match super::suggest::closest(name, Code::ALL.iter().map(|c| c.as_str())) {
        Some(close) => format!("`{name}` is not a rule code: did you mean `{close}`?"),
        None => format!("`{name}` is not a rule code (`alloy-lint rules` lists them)"),
    }
}

/// The byte range of `comment` in `source`, or `None` if the comment does
/// not belong to this source. Computed from the source rather than the
/// comment's text, which lacks carriage returns.
fn comment_span(source: &[u8], comment: &Comment) -> Option<Span> {
    let start = comment.start as usize;
    let rest = source.get(start..)?;
    let len = if rest.starts_with(b"//") {
        rest.iter().position(|&b| b == b'\n').unwrap_or(rest.len())
    } else if rest.starts_with(b"/*") {
        rest[2..]
            .windows(2)
            .position(|w| w == b"*/")
            .map_or(rest.len(), |i| i + 4)
    } else {
        return None;
    };
    Some(Span { offset: start, len })
}

/// Parses the directive in the comment at `span`, if it holds one; reports
/// malformed parts to `invalid`. A directive without a valid code yields
/// `None`.
fn parse_directive(source: &[u8], span: Span, invalid: &mut Vec<Invalid>) -> Option<Directive> {
    let raw = &source[span.offset..span.end()];
    let body_end = if raw.starts_with(b"/*") && raw.ends_with(b"*/") && raw.len() >= 4 {
        raw.len() - 2
    } else {
        raw.len()
    };
    let body = std::str::from_utf8(&raw[2..body_end]).ok()?;
    let trimmed = body.trim_start();
    if !trimmed.starts_with(DIRECTIVE) {
        return None;
    }
    let word_start = span.offset + 2 + (body.len() - trimmed.len());
    let word_len = trimmed
        .find(|c: char| c.is_whitespace() || c == ':' || c == ',')
        .unwrap_or(trimmed.len());
    let word = &trimmed[..word_len];
    let word_span = Span {
        offset: word_start,
        len: word_len,
    };
    let file_wide = match word {
        DIRECTIVE => false,
        FILE_DIRECTIVE => true,
        _ => {
            invalid.push((
                word_span,
                format!("unknown suppression directive `{word}`"),
                format!("use `{DIRECTIVE}` (this or the next line) or `{FILE_DIRECTIVE}`"),
            ));
            return None;
        }
    };

    let rest = &trimmed[word_len..];
    let list = rest.find(':').map_or(rest, |colon| &rest[..colon]);
    let mut codes = Vec::new();
    let mut item_offset = word_start + word_len;
    for item in list.split(',') {
        let name = item.trim();
        let name_offset = item_offset + (item.len() - item.trim_start().len());
        item_offset += item.len() + 1;
        if name.is_empty() {
            continue;
        }
        let name_span = Span {
            offset: name_offset,
            len: name.len(),
        };
        if is_code(name) {
            codes.push(ListedCode {
                name: name.to_owned(),
                code: Code::from_name(name),
                span: name_span,
                used: false,
            });
        } else {
            let message = if name.contains(char::is_whitespace) {
                format!("expected `,` between codes or `:` before the reason, found `{name}`")
            } else {
                format!("`{name}` is not a rule code")
            };
            invalid.push((name_span, message, CODE_HELP.to_owned()));
        }
    }
    if codes.is_empty() {
        if !list.split(',').any(|item| !item.trim().is_empty()) {
            invalid.push((
                word_span,
                format!("`{word}` needs the codes of the rules to suppress"),
                CODE_HELP.to_owned(),
            ));
        }
        return None;
    }
    Some(Directive {
        comment: span,
        file_wide,
        target: None,
        codes,
    })
}

/// True for a kebab-case rule code: lowercase ASCII letters and digits in
/// `-`-separated words, starting with a letter.
fn is_code(name: &str) -> bool {
    name.starts_with(|c: char| c.is_ascii_lowercase())
        && !name.ends_with('-')
        && !name.contains("--")
        && name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// For every 1-based line (index 0 unused), whether it holds anything but
/// whitespace and comments.
fn lines_with_code(source: &[u8], lines: &LineIndex, comments: &[Span]) -> Vec<bool> {
    let mut has_code = vec![false; lines.len() + 1];
    let mut comments = comments.iter().peekable();
    let mut line = 1;
    let mut i = 0;
    while i < source.len() {
        if let Some(comment) = comments.next_if(|c| c.offset <= i) {
            if comment.offset == i {
                // Only a block comment can span lines; its newlines still
                // advance the line count.
                let end = comment.end().min(source.len());
                line += source[i..end].iter().filter(|&&b| b == b'\n').count();
                i = end;
            }
            continue;
        }
        match source[i] {
            b'\n' => line += 1,
            b' ' | b'\t' | b'\r' | b'\x0c' => {}
            _ => has_code[line] = true,
        }
        i += 1;
    }
    has_code
}

/// The line a line directive in `comment` applies to: a line with code the
/// comment is on (its first, then its last line), else the next line with
/// code after it.
fn target_line(has_code: &[bool], lines: &LineIndex, comment: Span) -> Option<usize> {
    let first = lines.line(comment.offset);
    let last = lines.line(comment.end().saturating_sub(1).max(comment.offset));
    if has_code.get(first).copied().unwrap_or(false) {
        return Some(first);
    }
    (last..has_code.len()).find(|&line| has_code[line])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::Severity;

    const FILE: &str = "a.alloy";

    /// Runs [`apply`] on `src` with one diagnostic per `(line, code)`.
    fn run(src: &str, at: &[(usize, Option<Code>)]) -> Vec<Diagnostic> {
        let parsed = crate::syntax::parse(src.as_bytes()).expect("test source parses");
        let lines = &parsed.lines;
        let diagnostics = at
            .iter()
            .map(|&(line, code)| diagnostic_on(FILE, lines, line, code))
            .collect();
        apply(
            FILE,
            src.as_bytes(),
            lines,
            &parsed.file.comments,
            diagnostics,
        )
    }

    fn diagnostic_on(file: &str, lines: &LineIndex, line: usize, code: Option<Code>) -> Diagnostic {
        let span = Span {
            offset: lines.line_start(line),
            len: 1,
        };
        let mut d = Diagnostic::at(
            Severity::Warning,
            code.unwrap_or(Code::SyntaxError),
            file,
            span,
            lines,
            "m",
        );
        d.code = code;
        d
    }

    /// `(code, line, column)` of each diagnostic.
    fn summary(ds: &[Diagnostic]) -> Vec<(Option<Code>, usize, usize)> {
        ds.iter().map(|d| (d.code, d.line, d.column)).collect()
    }

    #[test]
    fn own_line_comment_applies_to_the_next_line() {
        let src = "// alloy-lint-ignore unused-component: kept on purpose\nfoo \"a\" { }\nfoo \"b\" { }\n";
        let out = run(
            src,
            &[
                (2, Some(Code::UnusedComponent)),
                (3, Some(Code::UnusedComponent)),
            ],
        );
        assert_eq!(summary(&out), [(Some(Code::UnusedComponent), 3, 1)]);
    }

    #[test]
    fn end_of_line_comment_applies_to_its_line() {
        let src = "foo \"a\" { } // alloy-lint-ignore unused-component\nfoo \"b\" { }\n";
        let out = run(
            src,
            &[
                (1, Some(Code::UnusedComponent)),
                (2, Some(Code::UnusedComponent)),
            ],
        );
        assert_eq!(summary(&out), [(Some(Code::UnusedComponent), 2, 1)]);
    }

    #[test]
    fn block_comments_work_inline_and_on_their_own_line() {
        let src = "/* alloy-lint-ignore unused-component */ foo \"a\" { }\n/*\n  alloy-lint-ignore deprecated-function\n*/\nfoo \"b\" { }\n";
        let out = run(
            src,
            &[
                (1, Some(Code::UnusedComponent)),
                (5, Some(Code::DeprecatedFunction)),
            ],
        );
        assert_eq!(summary(&out), []);
    }

    #[test]
    fn next_line_skips_blank_and_comment_lines() {
        let src = "// alloy-lint-ignore unused-component\n\n// another comment\n/* and another */\n   \nfoo \"a\" { }\n";
        let out = run(src, &[(6, Some(Code::UnusedComponent))]);
        assert_eq!(summary(&out), []);
    }

    #[test]
    fn stacked_directives_apply_to_the_same_line() {
        let src = "// alloy-lint-ignore unused-component\n// alloy-lint-ignore deprecated-function\nfoo \"a\" { }\n";
        let out = run(
            src,
            &[
                (3, Some(Code::UnusedComponent)),
                (3, Some(Code::DeprecatedFunction)),
            ],
        );
        assert_eq!(summary(&out), []);
    }

    #[test]
    fn multiple_codes_with_reason() {
        let src = "foo \"a\" { } // alloy-lint-ignore unused-component, deprecated-function: both are fine here\n";
        let out = run(
            src,
            &[
                (1, Some(Code::UnusedComponent)),
                (1, Some(Code::DeprecatedFunction)),
                (1, Some(Code::Cycle)),
            ],
        );
        assert_eq!(summary(&out), [(Some(Code::Cycle), 1, 1)]);
    }

    #[test]
    fn unused_codes_are_reported_at_the_code() {
        let src = "foo \"a\" { } // alloy-lint-ignore unused-component, deprecated-function\n";
        let out = run(src, &[(1, Some(Code::UnusedComponent))]);
        assert_eq!(summary(&out), [(Some(UNUSED_SUPPRESSION), 1, 52)]);
        assert_eq!(out[0].severity, default_severity(UNUSED_SUPPRESSION));
        assert_eq!(
            &src[out[0].span.offset..out[0].span.end()],
            "deprecated-function"
        );
        assert_eq!(
            out[0].message,
            "unused suppression: no `deprecated-function` diagnostic on line 1"
        );
    }

    #[test]
    fn directive_with_nothing_after_it_is_unused() {
        let src = "foo \"a\" { }\n// alloy-lint-ignore unused-component\n";
        let out = run(src, &[(1, Some(Code::UnusedComponent))]);
        assert_eq!(
            summary(&out),
            [
                (Some(Code::UnusedComponent), 1, 1),
                (Some(UNUSED_SUPPRESSION), 2, 22)
            ]
        );
    }

    #[test]
    fn malformed_directives_are_invalid() {
        let cases = [
            (
                "// alloy-lint-ignore\nfoo \"a\" { }\n",
                1,
                4,
                "alloy-lint-ignore",
            ),
            (
                "// alloy-lint-ignore: no code\nfoo \"a\" { }\n",
                1,
                4,
                "alloy-lint-ignore",
            ),
            (
                "// alloy-lint-ignore Bad_Code\nfoo \"a\" { }\n",
                1,
                22,
                "Bad_Code",
            ),
            (
                "// alloy-lint-ignore unused-component because\nfoo \"a\" { }\n",
                1,
                22,
                "unused-component because",
            ),
            (
                "// alloy-lint-ignore-next-line unused-component\nfoo \"a\" { }\n",
                1,
                4,
                "alloy-lint-ignore-next-line",
            ),
        ];
        for (src, line, column, spanned) in cases {
            let out = run(src, &[(2, Some(Code::UnusedComponent))]);
            assert_eq!(
                summary(&out),
                [
                    (Some(Code::UnusedComponent), 2, 1),
                    (Some(INVALID_SUPPRESSION), line, column)
                ],
                "{src}"
            );
            let d = &out[1];
            assert_eq!(d.severity, default_severity(INVALID_SUPPRESSION));
            assert_eq!(&src[d.span.offset..d.span.end()], spanned, "{src}");
            assert!(d.help.is_some());
        }
    }

    #[test]
    fn valid_codes_beside_an_invalid_one_still_suppress() {
        let src = "foo \"a\" { } // alloy-lint-ignore unused-component, B!\n";
        let out = run(src, &[(1, Some(Code::UnusedComponent))]);
        assert_eq!(summary(&out), [(Some(INVALID_SUPPRESSION), 1, 52)]);
    }

    #[test]
    fn file_directive_applies_everywhere() {
        let src = "foo \"a\" { }\nfoo \"b\" { }\n/* alloy-lint-ignore-file unused-component: generated */\n";
        let out = run(
            src,
            &[
                (1, Some(Code::UnusedComponent)),
                (2, Some(Code::UnusedComponent)),
                (2, Some(Code::DeprecatedFunction)),
            ],
        );
        assert_eq!(summary(&out), [(Some(Code::DeprecatedFunction), 2, 1)]);

        let unused = run(src, &[(1, Some(Code::DeprecatedFunction))]);
        assert_eq!(
            summary(&unused),
            [
                (Some(Code::DeprecatedFunction), 1, 1),
                (Some(UNUSED_SUPPRESSION), 3, 27)
            ]
        );
        assert_eq!(
            unused[1].message,
            "unused suppression: no `unused-component` diagnostic in this file"
        );
    }

    #[test]
    fn syntax_errors_are_never_suppressed() {
        let src = "// alloy-lint-ignore-file syntax-error\nfoo \"a\" { } // alloy-lint-ignore syntax-error\n";
        let out = run(src, &[(2, None), (2, Some(Code::SyntaxError))]);
        assert_eq!(
            summary(&out),
            [
                (None, 2, 1),
                (Some(Code::SyntaxError), 2, 1),
                (Some(UNUSED_SUPPRESSION), 1, 27),
                (Some(UNUSED_SUPPRESSION), 2, 34),
            ]
        );
    }

    #[test]
    fn other_files_pass_untouched() {
        let src = "// alloy-lint-ignore-file unused-component\nfoo \"a\" { } // alloy-lint-ignore unused-component\n";
        let parsed = crate::syntax::parse(src.as_bytes()).unwrap();
        let other_lines = LineIndex::new(b"x\ny\n");
        let other = diagnostic_on("b.alloy", &other_lines, 2, Some(Code::UnusedComponent));
        let out = apply(
            FILE,
            src.as_bytes(),
            &parsed.lines,
            &parsed.file.comments,
            vec![other.clone()],
        );
        assert_eq!(out[0], other);
        assert_eq!(
            summary(&out[1..]),
            [
                (Some(UNUSED_SUPPRESSION), 1, 27),
                (Some(UNUSED_SUPPRESSION), 2, 34)
            ]
        );
    }

    #[test]
    fn prose_mentioning_the_directive_is_not_one() {
        let src = "// see alloy-lint-ignore in the docs\nfoo \"a\" { } // todo: alloy-lint-ignore unused-component\n";
        let out = run(src, &[(2, Some(Code::UnusedComponent))]);
        assert_eq!(summary(&out), [(Some(Code::UnusedComponent), 2, 1)]);
    }

    #[test]
    fn carriage_returns_do_not_shift_positions() {
        let src = "/* note\r\n*/ foo \"a\" { } // alloy-lint-ignore unused-component, deprecated-function\r\n";
        let out = run(src, &[(2, Some(Code::UnusedComponent))]);
        assert_eq!(summary(&out), [(Some(UNUSED_SUPPRESSION), 2, 55)]);
        assert_eq!(
            &src[out[0].span.offset..out[0].span.end()],
            "deprecated-function"
        );
    }
}
