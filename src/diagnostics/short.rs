//! One line per diagnostic, the way compilers and `alloy fmt` print them:
//! `file:line:col: error: message`, or `file:line:col: error[code]: message`
//! when the diagnostic has a code. Help texts are left out; related places
//! follow the message, `(first declared here: file:line:col)`.

use std::fmt::Write as _;

use super::{Diagnostic, Severity};

const BOLD: &str = "\x1b[1m";
const RED_BOLD: &str = "\x1b[1;31m";
const YELLOW_BOLD: &str = "\x1b[1;33m";
const CYAN_BOLD: &str = "\x1b[1;36m";
const RESET: &str = "\x1b[0m";

/// Renders `diagnostics` one per line (each line ends with `\n`). With
/// `color`, the position is bold and the severity coloured with ANSI codes.
pub fn render(diagnostics: &[Diagnostic], color: bool) -> String {
    let mut out = String::new();
    for d in diagnostics {
        render_one(&mut out, d, color);
    }
    out
}

fn render_one(out: &mut String, d: &Diagnostic, color: bool) {
    let severity = match &d.code {
        Some(code) => format!("{}[{code}]", d.severity),
        None => d.severity.to_string(),
    };
    // Writing to a String cannot fail.
    if color {
        let paint = match d.severity {
            Severity::Error => RED_BOLD,
            Severity::Warning => YELLOW_BOLD,
            Severity::Info => CYAN_BOLD,
        };
        let _ = writeln!(
            out,
            "{BOLD}{}:{}:{}:{RESET} {paint}{severity}{RESET}: {}",
            d.file,
            d.line,
            d.column,
            d.message_with_related()
        );
    } else {
        let _ = writeln!(
            out,
            "{}:{}:{}: {severity}: {}",
            d.file,
            d.line,
            d.column,
            d.message_with_related()
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::Span;
    use crate::rules::Code;

    fn diagnostic(code: Option<Code>, severity: Severity) -> Diagnostic {
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
            help: Some("not shown".into()),
            related: Vec::new(),
            fix: None,
            omitted: Default::default(),
        }
    }

    #[test]
    fn plain_line_without_code() {
        assert_eq!(
            render(&[diagnostic(None, Severity::Error)], false),
            "dir/a.alloy:1:5: error: expected expression, got <\n"
        );
    }

    #[test]
    fn code_goes_in_brackets() {
        assert_eq!(
            render(&[diagnostic(Some(Code::Cycle), Severity::Warning)], false),
            "dir/a.alloy:1:5: warning[cycle]: expected expression, got <\n"
        );
    }

    #[test]
    fn related_places_follow_the_message() {
        let mut d = diagnostic(Some(Code::DuplicateBlock), Severity::Error);
        d.message = "block logging already declared".into();
        d.related.push(crate::diagnostics::Related {
            file: "dir/b.alloy".into(),
            span: Span { offset: 0, len: 7 },
            line: 3,
            column: 1,
            end_line: 3,
            end_column: 8,
            message: "first declared here".into(),
        });
        assert_eq!(
            render(&[d], false),
            "dir/a.alloy:1:5: error[duplicate-block]: block logging already declared \
             (first declared here: dir/b.alloy:3:1)\n"
        );
    }

    #[test]
    fn color_only_when_asked() {
        let plain = render(&[diagnostic(None, Severity::Error)], false);
        let colored = render(&[diagnostic(None, Severity::Error)], true);
        assert!(!plain.contains('\x1b'));
        assert_eq!(
            colored,
            "\x1b[1mdir/a.alloy:1:5:\x1b[0m \x1b[1;31merror\x1b[0m: expected expression, got <\n"
        );
    }
}
