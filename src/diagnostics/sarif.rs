//! SARIF 2.1.0, the static-analysis interchange format GitHub code scanning
//! and most CI dashboards import: one log with one run, the rules as
//! `reportingDescriptor`s and one `result` per diagnostic.
//!
//! Only the part of SARIF the diagnostics fill is written. The output is
//! validated against the OASIS schema (`schemas/sarif-schema-2.1.0.json`) in
//! `tests/suite/render_formats.rs`.

use crate::rules::Code;
use serde::Serialize;

use super::{Diagnostic, Severity};
use crate::rules::Rule;

/// The schema the log declares; schemastore's copy is the one editors and
/// GitHub resolve.
const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";
const VERSION: &str = "2.1.0";
const TOOL_NAME: &str = "alloy-lint";
const INFORMATION_URI: &str = "https://github.com/grafana/alloy";
/// The rule id of a diagnostic without a code (a plain syntax error): SARIF
/// consumers group and filter results by rule id, so every result gets one.
const SYNTAX_ERROR_RULE: Code = Code::SyntaxError;
/// The base a relative artifact path is resolved against: the conventional
/// name for the root of the analysed sources.
const SRCROOT: &str = "%SRCROOT%";

/// Renders `diagnostics` as a pretty-printed SARIF 2.1.0 log, ending with a
/// newline. `rules` become the driver's rules (a result whose code is among
/// them points at it by index); `tool_version` is the driver's version.
pub fn render(diagnostics: &[Diagnostic], rules: &[Rule], tool_version: &str) -> String {
    let log = Log {
        schema: SCHEMA,
        version: VERSION,
        runs: [Run {
            tool: Tool {
                driver: Driver {
                    name: TOOL_NAME,
                    version: tool_version,
                    information_uri: INFORMATION_URI,
                    rules: rules.iter().map(ReportingDescriptor::new).collect(),
                },
            },
            results: diagnostics
                .iter()
                .map(|d| SarifResult::new(d, rules))
                .collect(),
        }],
    };
    // Plain structs of strings and integers always serialize.
    let mut out = serde_json::to_string_pretty(&log).unwrap_or_default();
    out.push('\n');
    out
}

/// SARIF's name for a severity.
fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

#[derive(Serialize)]
struct Log<'a> {
    #[serde(rename = "$schema")]
    schema: &'static str,
    version: &'static str,
    runs: [Run<'a>; 1],
}

#[derive(Serialize)]
struct Run<'a> {
    tool: Tool<'a>,
    results: Vec<SarifResult<'a>>,
}

#[derive(Serialize)]
struct Tool<'a> {
    driver: Driver<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Driver<'a> {
    name: &'static str,
    version: &'a str,
    information_uri: &'static str,
    rules: Vec<ReportingDescriptor>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ReportingDescriptor {
    id: &'static str,
    short_description: Text<&'static str>,
    full_description: Text<&'static str>,
    help: Text<&'static str>,
    default_configuration: Configuration,
}

impl ReportingDescriptor {
    fn new(rule: &Rule) -> Self {
        ReportingDescriptor {
            id: rule.code.as_str(),
            short_description: Text { text: rule.summary },
            full_description: Text {
                text: rule.explanation,
            },
            help: Text { text: rule.fix },
            default_configuration: Configuration {
                level: level(rule.severity),
            },
        }
    }
}

#[derive(Serialize)]
struct Configuration {
    level: &'static str,
}

/// SARIF's `message` and `multiformatMessageString`, plain text only.
#[derive(Serialize)]
struct Text<T> {
    text: T,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult<'a> {
    rule_id: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    rule_index: Option<usize>,
    level: &'static str,
    message: Text<String>,
    locations: [Location; 1],
    /// Other places the result is about, each with its label.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    related_locations: Vec<RelatedLocation>,
}

/// SARIF's `location` with an `id` and a `message`, for
/// `relatedLocations`.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct RelatedLocation {
    id: usize,
    physical_location: PhysicalLocation,
    message: Text<String>,
}

impl<'a> SarifResult<'a> {
    fn new(d: &'a Diagnostic, rules: &[Rule]) -> Self {
        let rule_id = d.code.unwrap_or(SYNTAX_ERROR_RULE);
        let text = match &d.help {
            Some(help) => format!("{}\nhelp: {help}", d.message),
            None => d.message.clone(),
        };
        SarifResult {
            rule_id: rule_id.as_str(),
            rule_index: rules.iter().position(|r| r.code == rule_id),
            level: level(d.severity),
            message: Text { text },
            locations: [Location {
                physical_location: PhysicalLocation {
                    artifact_location: ArtifactLocation::new(&d.file),
                    region: Region {
                        start_line: d.line,
                        start_column: d.column,
                        end_line: d.end_line,
                        end_column: d.end_column,
                    },
                },
            }],
            related_locations: d
                .related
                .iter()
                .enumerate()
                .map(|(id, r)| RelatedLocation {
                    id,
                    physical_location: PhysicalLocation {
                        artifact_location: ArtifactLocation::new(&r.file),
                        region: Region {
                            start_line: r.line,
                            start_column: r.column,
                            end_line: r.end_line,
                            end_column: r.end_column,
                        },
                    },
                    message: Text {
                        text: r.message.clone(),
                    },
                })
                .collect(),
        }
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Location {
    physical_location: PhysicalLocation,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation {
    artifact_location: ArtifactLocation,
    region: Region,
}

/// Columns are Alloy's byte columns. SARIF counts characters (UTF-16 code
/// units or code points), which differs only after non-ASCII text on the
/// line; the renderer has no source text to convert with.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Region {
    start_line: usize,
    start_column: usize,
    end_line: usize,
    end_column: usize,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ArtifactLocation {
    uri: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    uri_base_id: Option<&'static str>,
}

impl ArtifactLocation {
    /// The location of `file` as the user named it: a relative path stays
    /// relative (to `%SRCROOT%`, so code scanning can match it to the
    /// repository), an absolute one becomes a `file:` URI.
    fn new(file: &str) -> Self {
        let path = file.replace('\\', "/");
        let bytes = path.as_bytes();
        let drive = bytes.len() >= 2 && bytes[0].is_ascii_alphabetic() && bytes[1] == b':';
        if drive {
            // `C:/dir/a.alloy`: the drive's colon is part of the path.
            ArtifactLocation {
                uri: format!("file:///{}:{}", &path[..1], percent_encode(&path[2..])),
                uri_base_id: None,
            }
        } else if let Some(rest) = path.strip_prefix("//") {
            // A UNC path names a host.
            ArtifactLocation {
                uri: format!("file://{}", percent_encode(rest)),
                uri_base_id: None,
            }
        } else if path.starts_with('/') {
            ArtifactLocation {
                uri: format!("file://{}", percent_encode(&path)),
                uri_base_id: None,
            }
        } else {
            let mut relative = path.as_str();
            while let Some(rest) = relative.strip_prefix("./") {
                relative = rest;
            }
            ArtifactLocation {
                uri: percent_encode(relative),
                uri_base_id: Some(SRCROOT),
            }
        }
    }
}

/// `path` as a URI path: every byte but the unreserved ones and `/` is
/// percent-encoded, so a space, a `#`, a `%` or a `:` in a file name (which
/// would start a scheme in a relative reference) cannot change its meaning.
fn percent_encode(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for &b in path.as_bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'/') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use serde_json::{json, Value};

    use super::*;

    const RULES: &[Rule] = &[
        Rule {
            code: Code::UndefinedReference,
            severity: Severity::Error,
            summary: "A reference names nothing.",
            explanation: "Alloy refuses to load the configuration.",
            example: "x = y.z",
            fix: "Define the component or fix the name.",
        },
        Rule {
            code: Code::UnusedComponent,
            severity: Severity::Info,
            summary: "Nothing reads this component's exports.",
            explanation: "It runs for nothing.",
            example: "",
            fix: "Remove it or use it.",
        },
    ];

    fn diagnostic(severity: Severity, code: Option<Code>, help: Option<&str>) -> Diagnostic {
        crate::diagnostics::sample(severity, code, help)
    }

    fn render_value(diagnostics: &[Diagnostic]) -> Value {
        serde_json::from_str(&render(diagnostics, RULES, "1.2.3")).expect("valid JSON")
    }

    #[test]
    fn log_header_and_driver() {
        let log = render_value(&[]);
        assert_eq!(log["$schema"], SCHEMA);
        assert_eq!(log["version"], "2.1.0");
        let driver = &log["runs"][0]["tool"]["driver"];
        assert_eq!(driver["name"], "alloy-lint");
        assert_eq!(driver["version"], "1.2.3");
        assert_eq!(driver["informationUri"], INFORMATION_URI);
        assert_eq!(
            driver["rules"][1],
            json!({
                "id": "unused-component",
                "shortDescription": {"text": "Nothing reads this component's exports."},
                "fullDescription": {"text": "It runs for nothing."},
                "help": {"text": "Remove it or use it."},
                "defaultConfiguration": {"level": "note"},
            })
        );
        assert_eq!(log["runs"][0]["results"], json!([]));
    }

    #[test]
    fn result_points_at_its_rule_and_region() {
        let log = render_value(&[diagnostic(
            Severity::Warning,
            Some(Code::UnusedComponent),
            None,
        )]);
        assert_eq!(
            log["runs"][0]["results"][0],
            json!({
                "ruleId": "unused-component",
                "ruleIndex": 1,
                "level": "warning",
                "message": {"text": "component \"x\" does not exist"},
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": {"uri": "dir/a.alloy", "uriBaseId": "%SRCROOT%"},
                        "region": {"startLine": 2, "startColumn": 5, "endLine": 2, "endColumn": 8},
                    },
                }],
            })
        );
    }

    #[test]
    fn severities_map_to_levels() {
        let log = render_value(&[
            diagnostic(Severity::Error, None, None),
            diagnostic(Severity::Warning, None, None),
            diagnostic(Severity::Info, None, None),
        ]);
        let levels: Vec<_> = log["runs"][0]["results"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["level"].as_str().unwrap())
            .collect();
        assert_eq!(levels, ["error", "warning", "note"]);
    }

    #[test]
    fn codeless_and_unknown_codes_have_no_rule_index() {
        let log = render_value(&[
            diagnostic(Severity::Error, None, None),
            // Not among the rules this log was given.
            diagnostic(Severity::Error, Some(Code::Cycle), None),
        ]);
        let results = &log["runs"][0]["results"];
        assert_eq!(results[0]["ruleId"], "syntax-error");
        assert_eq!(results[1]["ruleId"], "cycle");
        assert!(results[0].get("ruleIndex").is_none());
        assert!(results[1].get("ruleIndex").is_none());
    }

    #[test]
    fn help_is_appended_to_the_message() {
        let log = render_value(&[diagnostic(
            Severity::Error,
            Some(Code::UndefinedReference),
            Some("define it"),
        )]);
        assert_eq!(
            log["runs"][0]["results"][0]["message"]["text"],
            "component \"x\" does not exist\nhelp: define it"
        );
        assert_eq!(log["runs"][0]["results"][0]["ruleIndex"], 0);
    }

    #[test]
    fn artifact_uris() {
        let uri = |file: &str| {
            let location = ArtifactLocation::new(file);
            (location.uri, location.uri_base_id)
        };
        let relative = Some(SRCROOT);
        assert_eq!(uri("a.alloy"), ("a.alloy".into(), relative));
        assert_eq!(uri("./dir/a.alloy"), ("dir/a.alloy".into(), relative));
        assert_eq!(
            uri("dir\\sub\\a.alloy"),
            ("dir/sub/a.alloy".into(), relative)
        );
        assert_eq!(
            uri("my dir/a#1:%.alloy"),
            ("my%20dir/a%231%3A%25.alloy".into(), relative)
        );
        assert_eq!(
            uri("d\u{e9}j\u{e0}.alloy"),
            ("d%C3%A9j%C3%A0.alloy".into(), relative)
        );
        assert_eq!(uri("<stdin>"), ("%3Cstdin%3E".into(), relative));
        assert_eq!(
            uri("/etc/alloy/a.alloy"),
            ("file:///etc/alloy/a.alloy".into(), None)
        );
        assert_eq!(
            uri("C:\\cfg\\a.alloy"),
            ("file:///C:/cfg/a.alloy".into(), None)
        );
        assert_eq!(
            uri("\\\\host\\share\\a.alloy"),
            ("file://host/share/a.alloy".into(), None)
        );
    }

    #[test]
    fn related_places_are_related_locations_with_their_label() {
        let lines = crate::syntax::LineIndex::new(b"a = 1\na = 2\n");
        let d = diagnostic(Severity::Error, Some(Code::UnusedComponent), None).with_related(
            crate::diagnostics::Related::at(
                "dir/a.alloy",
                crate::diagnostics::Span { offset: 6, len: 5 },
                &lines,
                "first set here",
            ),
        );
        let log = render_value(&[diagnostic(Severity::Error, None, None), d]);
        let results = &log["runs"][0]["results"];
        assert!(results[0].get("relatedLocations").is_none());
        let related = &results[1]["relatedLocations"][0];
        assert_eq!(related["id"], 0);
        assert_eq!(related["message"]["text"], "first set here");
        assert_eq!(
            related["physicalLocation"]["region"],
            json!({"startLine": 2, "startColumn": 1, "endLine": 2, "endColumn": 6})
        );
    }
}
