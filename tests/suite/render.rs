//! Snapshots of the diagnostic renderers and of the diff renderer, on
//! hand-made inputs (independent of the parser and printer).

use alloy_lint::diagnostics::{human, short, Diagnostic};
use alloy_lint::secrets::Shown;
use alloy_lint::syntax::{LineIndex, SyntaxError};
use alloy_lint::text_diff::{unified_diff, Side};

const SOURCE: &str = "\
prometheus.scrape \"default\" {
  targets    = <TARGETS>
  forward_to = [prometheus.remote_write.default.receiver]
}
";

/// Alloy's error for `SOURCE`, positioned at the `<`.
fn syntax_error() -> SyntaxError {
    let offset = SOURCE.find('<').unwrap();
    let (line, column) = LineIndex::new(SOURCE.as_bytes()).line_col(offset);
    SyntaxError {
        offset,
        line,
        column,
        message: "expected expression, got <".into(),
        help: Some("`<TARGETS>` looks like a placeholder: replace it with a value".into()),
        kind: alloy_lint::syntax::SyntaxErrorKind::Other,
    }
}

fn diagnostics() -> Vec<Diagnostic> {
    vec![Diagnostic::from_syntax_error(
        &syntax_error(),
        "config.alloy",
        SOURCE.as_bytes(),
    )]
}

#[test]
fn syntax_error_short() {
    insta::assert_snapshot!(short::render(&diagnostics(), false));
}

#[test]
fn syntax_error_human() {
    insta::assert_snapshot!(human::render(
        &diagnostics(),
        &Shown::of_source(SOURCE.as_bytes()),
        false
    ));
}

#[test]
fn syntax_error_human_in_colour() {
    let colored = human::render(&diagnostics(), &Shown::of_source(SOURCE.as_bytes()), true);
    assert!(colored.contains('\x1b'));
    // Without its escape codes, it is the plain rendering.
    assert_eq!(
        strip_ansi(&colored),
        human::render(&diagnostics(), &Shown::of_source(SOURCE.as_bytes()), false)
    );
}

#[test]
fn diff_of_a_block() {
    let original = "foo \"bar\" {\nx=1\n  y = [1,2,]\n}\n\na=1";
    let formatted = "foo \"bar\" {\n\tx = 1\n\ty = [1, 2]\n}\n\na = 1\n";
    insta::assert_snapshot!(unified_diff(
        Side::plain(original),
        Side::plain(formatted),
        "conf/foo.alloy",
        false
    ));
}

/// `s` without ANSI escape sequences (`ESC [ ... letter`).
fn strip_ansi(s: &str) -> String {
    let mut out = String::new();
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c == '\x1b' {
            for c in chars.by_ref() {
                if c.is_ascii_alphabetic() {
                    break;
                }
            }
        } else {
            out.push(c);
        }
    }
    out
}
