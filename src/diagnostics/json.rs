//! Machine-readable diagnostics for scripts: the `check --format json`
//! contract of `DESIGN.md`, one JSON object with every diagnostic and a
//! summary of the counts.
//!
//! The field names and their meaning are a public contract: scripts and CI
//! jobs parse them. New keys may be added; existing ones are never renamed
//! or removed.

use serde::Serialize;

use super::{Diagnostic, Severity};

/// Renders `diagnostics` found in `files` files as one pretty-printed JSON
/// object, ending with a newline:
/// `{"diagnostics": [...], "summary": {"files", "errors", "warnings", "infos"}}`.
pub fn render(diagnostics: &[Diagnostic], files: usize) -> String {
    let count = |severity: Severity| {
        diagnostics
            .iter()
            .filter(|d| d.severity == severity)
            .count()
    };
    let report = Report {
        diagnostics: diagnostics.iter().map(Entry::new).collect(),
        summary: Summary {
            files,
            errors: count(Severity::Error),
            warnings: count(Severity::Warning),
            infos: count(Severity::Info),
        },
    };
    // Plain structs of strings and integers always serialize.
    let mut out = serde_json::to_string_pretty(&report).unwrap_or_default();
    out.push('\n');
    out
}

/// The whole document.
#[derive(Serialize)]
struct Report<'a> {
    diagnostics: Vec<Entry<'a>>,
    summary: Summary,
}

/// One diagnostic. Positions are 1-based; columns count bytes, as Alloy's
/// own messages do.
#[derive(Serialize)]
struct Entry<'a> {
    file: &'a str,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
    severity: &'static str,
    // `null` rather than absent: a consumer can tell a syntax error (which
    // has no code) from an older output format.
    code: Option<&'a str>,
    message: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    help: Option<&'a str>,
}

impl<'a> Entry<'a> {
    fn new(d: &'a Diagnostic) -> Self {
        Entry {
            file: &d.file,
            line: d.line,
            column: d.column,
            end_line: d.end_line,
            end_column: d.end_column,
            severity: d.severity.as_str(),
            code: d.code.as_deref(),
            message: &d.message,
            help: d.help.as_deref(),
        }
    }
}

/// Counts by severity, so a script need not count itself.
#[derive(Serialize)]
struct Summary {
    files: usize,
    errors: usize,
    warnings: usize,
    infos: usize,
}

#[cfg(test)]
mod tests {
    use serde_json::{json, Value};

    use super::*;

    fn diagnostic(severity: Severity, code: Option<&str>, help: Option<&str>) -> Diagnostic {
        crate::diagnostics::sample(severity, code, help)
    }

    fn parse(out: &str) -> Value {
        serde_json::from_str(out).expect("valid JSON")
    }

    #[test]
    fn entry_has_every_contract_field() {
        let d = diagnostic(
            Severity::Error,
            Some("undefined-reference"),
            Some("define it"),
        );
        let out = parse(&render(&[d], 1));
        assert_eq!(
            out["diagnostics"][0],
            json!({
                "file": "dir/a.alloy",
                "line": 2,
                "column": 5,
                "end_line": 2,
                "end_column": 8,
                "severity": "error",
                "code": "undefined-reference",
                "message": "component \"x\" does not exist",
                "help": "define it",
            })
        );
    }

    #[test]
    fn help_is_omitted_and_code_is_null_when_absent() {
        let out = parse(&render(&[diagnostic(Severity::Error, None, None)], 1));
        let entry = out["diagnostics"][0].as_object().unwrap();
        assert!(!entry.contains_key("help"));
        assert_eq!(entry["code"], Value::Null);
    }

    #[test]
    fn severities_are_lowercase_words_and_counted() {
        let diagnostics = [
            diagnostic(Severity::Error, Some("a"), None),
            diagnostic(Severity::Warning, Some("b"), None),
            diagnostic(Severity::Warning, Some("c"), None),
            diagnostic(Severity::Info, Some("d"), None),
        ];
        let out = parse(&render(&diagnostics, 3));
        let severities: Vec<_> = out["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["severity"].as_str().unwrap())
            .collect();
        assert_eq!(severities, ["error", "warning", "warning", "info"]);
        assert_eq!(
            out["summary"],
            json!({"files": 3, "errors": 1, "warnings": 2, "infos": 1})
        );
    }

    #[test]
    fn empty_report_still_has_both_keys_and_ends_with_newline() {
        let out = render(&[], 0);
        assert!(out.ends_with("}\n"), "{out}");
        assert_eq!(
            parse(&out),
            json!({
                "diagnostics": [],
                "summary": {"files": 0, "errors": 0, "warnings": 0, "infos": 0},
            })
        );
    }
}
