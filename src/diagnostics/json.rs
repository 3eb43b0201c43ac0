//! Machine-readable diagnostics for scripts: the `check --format json`
//! contract of `DESIGN.md`, one JSON object with every diagnostic and a
//! summary of the counts.
//!
//! The field names and their meaning are a public contract: scripts and CI
//! jobs parse them. New keys may be added; existing ones are never renamed
//! or removed.

use serde::Serialize;

use super::limit::Counts;
use super::{Code, Diagnostic};

/// Renders `diagnostics` found in `files` files as one pretty-printed JSON
/// object, ending with a newline:
/// `{"diagnostics": [...], "summary": {"files", "errors", "warnings", "infos", "omitted"}}`.
///
/// The counts cover every diagnostic found, also those a file had too
/// many of to list ([`super::limit`]); `omitted` says how many of them the
/// list leaves out (each such file's list ends with a `too-many-diagnostics`
/// entry, which is not counted itself).
pub fn render(diagnostics: &[Diagnostic], files: usize) -> String {
    let counts = Counts::of(diagnostics);
    let report = Report {
        diagnostics: diagnostics.iter().map(Entry::new).collect(),
        summary: Summary {
            files,
            errors: counts.errors,
            warnings: counts.warnings,
            infos: counts.infos,
            omitted: Counts::omitted(diagnostics).total(),
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
    /// Other places the diagnostic is about ("first set here"); absent
    /// when there are none.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    related: Vec<RelatedEntry<'a>>,
}

/// One related place: positions as in [`Entry`], and its label.
#[derive(Serialize)]
struct RelatedEntry<'a> {
    file: &'a str,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
    message: &'a str,
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
            code: d.code.map(Code::as_str),
            message: &d.message,
            help: d.help.as_deref(),
            related: d
                .related
                .iter()
                .map(|r| RelatedEntry {
                    file: &r.file,
                    line: r.line,
                    column: r.column,
                    end_line: r.end_line,
                    end_column: r.end_column,
                    message: &r.message,
                })
                .collect(),
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
    omitted: usize,
}

#[cfg(test)]
mod tests {
    use serde_json::{json, Value};

    use super::*;
    use crate::diagnostics::Severity;

    fn diagnostic(severity: Severity, code: Option<Code>, help: Option<&str>) -> Diagnostic {
        crate::diagnostics::sample(severity, code, help)
    }

    fn parse(out: &str) -> Value {
        serde_json::from_str(out).expect("valid JSON")
    }

    #[test]
    fn entry_has_every_contract_field() {
        let d = diagnostic(
            Severity::Error,
            Some(Code::UndefinedReference),
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
            diagnostic(Severity::Error, Some(Code::Cycle), None),
            diagnostic(Severity::Warning, Some(Code::UnusedComponent), None),
            diagnostic(Severity::Warning, Some(Code::DeprecatedFunction), None),
            diagnostic(Severity::Info, Some(Code::UnknownExport), None),
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
            json!({"files": 3, "errors": 1, "warnings": 2, "infos": 1, "omitted": 0})
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
                "summary": {"files": 0, "errors": 0, "warnings": 0, "infos": 0, "omitted": 0},
            })
        );
    }

    #[test]
    fn a_file_with_too_many_diagnostics_is_counted_whole() {
        let many: Vec<Diagnostic> = (0..crate::diagnostics::limit::MAX_PER_FILE + 5)
            .map(|_| diagnostic(Severity::Warning, Some(Code::UnusedComponent), None))
            .collect();
        let listed = crate::diagnostics::limit::per_file(many);
        let out = parse(&render(&listed, 1));
        let entries = out["diagnostics"].as_array().unwrap();
        assert_eq!(entries.len(), crate::diagnostics::limit::MAX_PER_FILE + 1);
        assert_eq!(entries.last().unwrap()["code"], "too-many-diagnostics");
        assert_eq!(entries.last().unwrap()["severity"], "info");
        assert_eq!(
            out["summary"],
            json!({"files": 1, "errors": 0, "warnings": 105, "infos": 0, "omitted": 5})
        );
    }

    #[test]
    fn related_places_are_listed_only_when_there_are_some() {
        let plain = diagnostic(Severity::Error, Some(Code::DuplicateAttribute), None);
        let lines = crate::syntax::LineIndex::new(b"a = 1\na = 2\n");
        let related = plain.clone().with_related(crate::diagnostics::Related::at(
            "dir/a.alloy",
            crate::diagnostics::Span { offset: 0, len: 5 },
            &lines,
            "first set here",
        ));
        let out = parse(&render(&[plain, related], 1));
        assert!(out["diagnostics"][0].get("related").is_none());
        assert_eq!(
            out["diagnostics"][1]["related"],
            json!([{
                "file": "dir/a.alloy",
                "line": 1,
                "column": 1,
                "end_line": 1,
                "end_column": 6,
                "message": "first set here",
            }])
        );
    }
}
