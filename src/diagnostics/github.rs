//! GitHub Actions annotations: one workflow command per diagnostic, which
//! the Actions runner turns into an annotation on the file and line of a
//! pull request, with no upload step or permissions needed.
//!
//! `::error file=PATH,line=L,col=C,endLine=EL,endColumn=EC,title=CODE::MESSAGE`
//! (`::warning` for warnings, `::notice` for infos). The runner splits a
//! command at `::`, `,` and `=` and ends it at a line break, so values are
//! escaped as GitHub's toolkit does.

use crate::rules::Code;
use std::fmt::Write as _;

use super::{Diagnostic, Severity};

/// The title of a diagnostic without a code (a plain syntax error).
const SYNTAX_ERROR_TITLE: Code = Code::SyntaxError;

/// Renders `diagnostics` as workflow commands, one per line (each line ends
/// with `\n`). The help text, if any, is appended to the message as a second
/// line `help: ...`.
pub fn render(diagnostics: &[Diagnostic]) -> String {
    let mut out = String::new();
    for d in diagnostics {
        render_one(&mut out, d);
    }
    out
}

fn render_one(out: &mut String, d: &Diagnostic) {
    let command = match d.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "notice",
    };
    // Writing to a String cannot fail.
    let _ = write!(
        out,
        "::{command} file={},line={}",
        escape_property(repository_path(&d.file)),
        d.line
    );
    // GitHub rejects columns on an annotation that spans several lines.
    if d.end_line == d.line {
        let _ = write!(
            out,
            ",col={},endLine={},endColumn={}",
            d.column, d.end_line, d.end_column
        );
    } else {
        let _ = write!(out, ",endLine={}", d.end_line);
    }
    let title = d.code.unwrap_or(SYNTAX_ERROR_TITLE).as_str();
    let _ = write!(out, ",title={}::", escape_property(title));
    out.push_str(&escape_data(&d.message_with_related()));
    if let Some(help) = &d.help {
        out.push_str(&escape_data(&format!("\nhelp: {help}")));
    }
    out.push('\n');
}

/// `file` as GitHub matches it against the repository's files: `check .`
/// names files `./a.alloy`, and GitHub does not show an annotation on
/// `./a.alloy` in a pull request's files (only in the run's summary).
fn repository_path(file: &str) -> &str {
    let mut path = file;
    while let Some(rest) = path.strip_prefix("./") {
        path = rest;
    }
    path
}

/// `text` made safe as a command's message: `%` first, so that the escapes
/// added for line breaks are not escaped again.
fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// `text` made safe as a property value, where `:` and `,` would end the
/// value.
fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::Span;

    fn diagnostic(severity: Severity, code: Option<Code>, help: Option<&str>) -> Diagnostic {
        Diagnostic {
            severity,
            code,
            file: "dir/a.alloy".into(),
            span: Span { offset: 4, len: 1 },
            line: 1,
            column: 5,
            end_line: 1,
            end_column: 6,
            message: "expected expression, got <".into(),
            help: help.map(str::to_owned),
            related: Vec::new(),
            fix: None,
            omitted: Default::default(),
        }
    }

    #[test]
    fn one_command_per_diagnostic() {
        assert_eq!(
            render(&[diagnostic(
                Severity::Error,
                Some(Code::UndefinedReference),
                None
            )]),
            "::error file=dir/a.alloy,line=1,col=5,endLine=1,endColumn=6,\
             title=undefined-reference::expected expression, got <\n"
        );
    }

    #[test]
    fn related_places_follow_the_message() {
        let mut d = diagnostic(Severity::Error, Some(Code::DuplicateBlock), None);
        d.message = "block logging already declared".into();
        d.related.push(crate::diagnostics::Related {
            file: "dir/a.alloy".into(),
            span: Span { offset: 0, len: 7 },
            line: 3,
            column: 1,
            end_line: 3,
            end_column: 8,
            message: "first declared here".into(),
        });
        let out = render(&[d]);
        assert!(
            out.ends_with(
                "::block logging already declared (first declared here: dir/a.alloy:3:1)\n"
            ),
            "{out}"
        );
    }

    #[test]
    fn severities_map_to_commands() {
        let out = render(&[
            diagnostic(Severity::Error, None, None),
            diagnostic(Severity::Warning, None, None),
            diagnostic(Severity::Info, None, None),
        ]);
        let commands: Vec<_> = out.lines().map(|l| l.split_once(' ').unwrap().0).collect();
        assert_eq!(commands, ["::error", "::warning", "::notice"]);
    }

    #[test]
    fn missing_code_is_titled_syntax_error() {
        let out = render(&[diagnostic(Severity::Error, None, None)]);
        assert!(out.contains(",title=syntax-error::"), "{out}");
    }

    #[test]
    fn help_becomes_an_escaped_second_line() {
        let out = render(&[diagnostic(Severity::Error, None, Some("write a value"))]);
        assert!(
            out.ends_with("::expected expression, got <%0Ahelp: write a value\n"),
            "{out}"
        );
        assert_eq!(out.lines().count(), 1);
    }

    #[test]
    fn message_escapes_percent_and_line_breaks_only() {
        let mut d = diagnostic(Severity::Warning, Some(Code::Cycle), None);
        d.message = "100% of a:b, c\r\nd %0A".into();
        let out = render(&[d]);
        assert!(out.ends_with("::100%25 of a:b, c%0D%0Ad %250A\n"), "{out}");
    }

    #[test]
    fn properties_also_escape_colon_and_comma() {
        let mut d = diagnostic(Severity::Error, Some(Code::Cycle), None);
        d.file = "C:\\dir,1\\100%.alloy".into();
        let out = render(&[d]);
        assert!(
            out.starts_with("::error file=C%3A\\dir%2C1\\100%25.alloy,line=1,"),
            "{out}"
        );
        assert!(out.contains(",title=cycle::"), "{out}");
    }

    #[test]
    fn leading_dot_slash_is_dropped() {
        let mut d = diagnostic(Severity::Error, Some(Code::Cycle), None);
        d.file = "././dir/a.alloy".into();
        assert!(render(&[d]).starts_with("::error file=dir/a.alloy,line=1,"));
    }

    #[test]
    fn multi_line_span_has_no_columns() {
        let mut d = diagnostic(Severity::Error, Some(Code::Cycle), None);
        d.end_line = 3;
        d.end_column = 2;
        assert!(
            render(&[d]).starts_with("::error file=dir/a.alloy,line=1,endLine=3,title=cycle::"),
        );
    }
}
