//! The machine-readable renderers (JSON, SARIF, GitHub annotations) on a
//! fixed, hand-made list of diagnostics: snapshots of each output, and the
//! SARIF log validated against the OASIS schema in `schemas/`.

use alloy_lint::diagnostics::{
    github, json, limit, sarif, short, Diagnostic, Related, Severity, Span,
};
use alloy_lint::rules::{Code, Rule};
use serde_json::Value;

/// The registry the SARIF driver lists: one rule per severity.
const RULES: &[Rule] = &[
    Rule {
        code: Code::UndefinedReference,
        severity: Severity::Error,
        summary: "A reference names no component, argument or export.",
        explanation: "Alloy refuses to load a configuration with an unresolved reference.",
        example: "forward_to = [prometheus.remote_write.missing.receiver]",
        fix: "Define the component, or correct the name.",
    },
    Rule {
        code: Code::Placeholder,
        severity: Severity::Warning,
        summary: "A value looks like a placeholder left from a template.",
        explanation: "Placeholders such as `<TOKEN>` or `CHANGEME` are never valid credentials.",
        example: "password = \"CHANGEME\"",
        fix: "Replace the placeholder with the real value or a `sys.env` call.",
    },
    Rule {
        code: Code::UnusedComponent,
        severity: Severity::Info,
        summary: "Nothing reads this component's exports.",
        explanation: "A component whose exports are unused does work nobody sees.",
        example: "discovery.kubernetes \"pods\" { role = \"pod\" }",
        fix: "Reference its exports, or remove it.",
    },
];

/// A diagnostic at `[line, column, end_line, end_column]`. The span is not
/// rendered by these formats, so it is left empty.
fn diagnostic(
    severity: Severity,
    code: Option<Code>,
    file: &str,
    [line, column, end_line, end_column]: [usize; 4],
    message: &str,
) -> Diagnostic {
    Diagnostic {
        severity,
        code,
        file: file.to_owned(),
        span: Span { offset: 0, len: 0 },
        line,
        column,
        end_line,
        end_column,
        message: message.to_owned(),
        help: None,
        related: Vec::new(),
        fix: None,
        omitted: Default::default(),
    }
}

/// Every shape a renderer must handle: each severity, with and without a
/// code and help, a top-level and a nested path, a multi-line span, an empty
/// span, and text that needs escaping in each format.
fn diagnostics() -> Vec<Diagnostic> {
    vec![
        diagnostic(
            Severity::Error,
            None,
            "config.alloy",
            [2, 16, 2, 17],
            "expected expression, got <",
        )
        .with_help("`<TARGETS>` looks like a placeholder: replace it with a value"),
        diagnostic(
            Severity::Error,
            Some(Code::UndefinedReference),
            "config.alloy",
            [3, 17, 3, 58],
            "component \"prometheus.remote_write.default\" does not exist",
        )
        .with_help("did you mean \"prometheus.remote_write.grafana\"?")
        .with_related(Related {
            file: "modules/cloud/remote_write.alloy".into(),
            span: Span { offset: 0, len: 0 },
            line: 3,
            column: 1,
            end_line: 3,
            end_column: 31,
            message: "a component of that name is declared in this module".into(),
        }),
        diagnostic(
            Severity::Warning,
            Some(Code::Placeholder),
            "modules/cloud/remote_write.alloy",
            [7, 16, 7, 26],
            "password is \"CHANGEME\", 100% a placeholder:\nnot a credential",
        ),
        diagnostic(
            Severity::Info,
            Some(Code::UnusedComponent),
            "modules/cloud/remote_write.alloy",
            [12, 1, 15, 2],
            "nothing reads the exports of discovery.kubernetes \"pods\"",
        )
        .with_help("reference its targets, or remove it"),
        diagnostic(
            Severity::Warning,
            // Not among the rules the driver is given.
            Some(Code::Cycle),
            "./dir,with:odd chars/a.alloy",
            [1, 1, 1, 1],
            "a code the driver does not list",
        ),
    ]
}

fn sarif_schema() -> Value {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/schemas/sarif-schema-2.1.0.json"
    );
    let text = std::fs::read_to_string(path).expect("schemas/sarif-schema-2.1.0.json is readable");
    serde_json::from_str(&text).expect("the SARIF schema is JSON")
}

/// A draft-04 validator for the SARIF schema, checking formats too.
///
/// Draft 4 predates `uri-reference`, which SARIF uses for artifact URIs, so
/// it is checked here against RFC 3986's characters rather than skipped.
fn sarif_validator() -> jsonschema::Validator {
    jsonschema::draft4::options()
        .should_validate_formats(true)
        .with_format("uri-reference", is_uri_reference)
        .build(&sarif_schema())
        .expect("the SARIF schema compiles")
}

/// Whether `s` is made of URI characters with well-formed `%XX` escapes,
/// and a relative reference's first segment has no `:` (it would read as a
/// scheme).
fn is_uri_reference(s: &str) -> bool {
    let bytes = s.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b == b'%' {
            let hex = bytes.get(i + 1..i + 3);
            if !hex.is_some_and(|h| h.iter().all(u8::is_ascii_hexdigit)) {
                return false;
            }
            i += 3;
            continue;
        }
        let allowed = b.is_ascii_alphanumeric() || b"-._~:/?#[]@!$&'()*+,;=".contains(&b);
        if !allowed {
            return false;
        }
        i += 1;
    }
    let first_segment = s.split(['/', '?', '#']).next().unwrap_or_default();
    match first_segment.split_once(':') {
        None => true,
        Some((scheme, _)) => {
            scheme.starts_with(|c: char| c.is_ascii_alphabetic())
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
        }
    }
}

fn validation_errors(validator: &jsonschema::Validator, instance: &Value) -> Vec<String> {
    validator
        .iter_errors(instance)
        .map(|e| format!("{} at {}", e, e.instance_path))
        .collect()
}

fn sarif_log(diagnostics: &[Diagnostic]) -> Value {
    serde_json::from_str(&sarif::render(diagnostics, RULES, "0.1.0")).expect("SARIF is JSON")
}

#[test]
fn sarif_output_is_valid_against_the_schema() {
    let validator = sarif_validator();
    for log in [sarif_log(&diagnostics()), sarif_log(&[])] {
        let errors = validation_errors(&validator, &log);
        assert!(errors.is_empty(), "{errors:#?}");
    }
}

#[test]
fn sarif_output_with_absolute_paths_is_valid_against_the_schema() {
    let mut diagnostics = diagnostics();
    diagnostics[0].file = "/etc/alloy/config.alloy".into();
    diagnostics[1].file = "C:\\alloy\\config.alloy".into();
    diagnostics[2].file = "<stdin>".into();
    let errors = validation_errors(&sarif_validator(), &sarif_log(&diagnostics));
    assert!(errors.is_empty(), "{errors:#?}");
}

/// Without this, a validator that accepts everything would pass the tests
/// above. Each broken log must be rejected at the spot that was broken.
#[test]
fn broken_sarif_is_rejected_by_the_schema() {
    const REGION: &str = "/runs/0/results/0/locations/0/physicalLocation/region";
    const ARTIFACT: &str = "/runs/0/results/0/locations/0/physicalLocation/artifactLocation";
    let validator = sarif_validator();
    let good = sarif_log(&diagnostics());
    assert!(validator.is_valid(&good));

    let cases: [(&str, Value); 4] = [
        ("/version", "2.0.0".into()),
        ("/runs/0/results/0/level", "fatal".into()),
        (&format!("{REGION}/startLine"), 0.into()),
        (&format!("{ARTIFACT}/uri"), "dir with:space/a.alloy".into()),
    ];
    for (pointer, value) in cases {
        let mut broken = good.clone();
        *broken.pointer_mut(pointer).expect("the pointer exists") = value;
        let errors: Vec<_> = validator
            .iter_errors(&broken)
            .map(|e| e.instance_path.to_string())
            .collect();
        assert_eq!(errors, [pointer], "breaking {pointer}");
    }

    let mut no_driver_name = good.clone();
    no_driver_name["runs"][0]["tool"]["driver"]
        .as_object_mut()
        .unwrap()
        .remove("name");
    assert!(
        !validator.is_valid(&no_driver_name),
        "a driver needs a name"
    );
}

#[test]
fn json_output_counts_by_severity() {
    let out: Value = serde_json::from_str(&json::render(&diagnostics(), 2)).unwrap();
    assert_eq!(
        out["summary"],
        serde_json::json!({"files": 2, "errors": 2, "warnings": 2, "infos": 1, "omitted": 0})
    );
}

#[test]
fn json_snapshot() {
    insta::assert_snapshot!(json::render(&diagnostics(), 3));
}

#[test]
fn sarif_snapshot() {
    insta::assert_snapshot!(sarif::render(&diagnostics(), RULES, "0.1.0"));
}

#[test]
fn github_snapshot() {
    insta::assert_snapshot!(github::render(&diagnostics()));
}

/// 150 findings in one file, cut to what is listed.
fn too_many() -> Vec<Diagnostic> {
    let all: Vec<Diagnostic> = (1..=150)
        .map(|n| {
            diagnostic(
                if n % 50 == 0 {
                    Severity::Error
                } else {
                    Severity::Warning
                },
                Some(Code::Placeholder),
                "config.alloy",
                [n, 5, n, 9],
                "password is \"CHANGEME\"",
            )
        })
        .collect();
    limit::per_file(all)
}

#[test]
fn every_format_lists_a_bounded_number_per_file_and_counts_the_rest() {
    let listed = too_many();
    assert_eq!(listed.len(), limit::MAX_PER_FILE + 1);

    let json: Value = serde_json::from_str(&json::render(&listed, 1)).unwrap();
    assert_eq!(
        json["summary"],
        serde_json::json!({"files": 1, "errors": 3, "warnings": 147, "infos": 0, "omitted": 50})
    );
    let entries = json["diagnostics"].as_array().unwrap();
    assert_eq!(entries.len(), limit::MAX_PER_FILE + 1);
    // Every error is listed.
    assert_eq!(
        entries.iter().filter(|e| e["severity"] == "error").count(),
        3
    );

    let log = sarif_log(&listed);
    let errors = validation_errors(&sarif_validator(), &log);
    assert!(errors.is_empty(), "{errors:#?}");
    assert_eq!(
        log["runs"][0]["results"].as_array().unwrap().len(),
        limit::MAX_PER_FILE + 1
    );

    let annotations = github::render(&listed);
    assert_eq!(annotations.lines().count(), limit::MAX_PER_FILE + 1);
    let short = short::render(&listed, false);
    assert_eq!(short.lines().count(), limit::MAX_PER_FILE + 1);
    insta::assert_snapshot!(
        annotations.lines().last().unwrap(),
        @"::notice file=config.alloy,line=99,col=5,endLine=99,endColumn=5,title=too-many-diagnostics::and 50 more diagnostics in this file (50 warnings), not listed: at most 100 are listed per file%0Ahelp: fix the ones listed and check again"
    );
    insta::assert_snapshot!(
        short.lines().last().unwrap(),
        @"config.alloy:99:5: info[too-many-diagnostics]: and 50 more diagnostics in this file (50 warnings), not listed: at most 100 are listed per file"
    );
}
