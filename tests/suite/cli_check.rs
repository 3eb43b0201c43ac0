//! `alloy-lint check`, `rules` and `explain` end to end: the built binary
//! run in temporary directories (real exit codes, stdout and stderr), and
//! the library's `cli::run` driven in-process where the two must agree.
//!
//! Checked against the contracts of the design: exit codes (0 nothing to
//! report or warnings only, 1 findings, 2 usage errors and unreadable
//! inputs), the JSON shape, SARIF validity, the inputs (files, directories,
//! stdin), `alloy-lint.toml` and `alloy-lint-ignore` comments.

use crate::support;
use support::{run_bin, Run, Sandbox};

use std::collections::BTreeSet;
use std::fs;
use std::path::Path;

use alloy_lint::cli::{self, Cli, Colors, Streams};
use alloy_lint::rules;
use clap::Parser;
use serde_json::Value;

/// The sample Grafana Cloud configuration: correct, so `check` reports
/// nothing.
const CLEAN_SAMPLE: &str = "fixtures/grafana-cloud/alloy-config.alloy";

/// The same kind of configuration with typical mistakes: four errors and
/// one warning.
const BROKEN_SAMPLE: &str = "fixtures/cli-check/grafana-cloud-broken.alloy";

/// A remote_write that other files can send to.
const REMOTE_WRITE: &str = r#"prometheus.remote_write "default" {
	endpoint {
		url = "http://localhost:9090/api/v1/write"
	}
}
"#;

/// A scrape sending to [`REMOTE_WRITE`], which it does not define.
const SCRAPE: &str = r#"prometheus.scrape "worker" {
	targets    = [{"__address__" = "localhost:8787"}]
	forward_to = [prometheus.remote_write.default.receiver]
}
"#;

/// One `unused-component` warning (line 1), nothing else.
const UNUSED: &str = r#"prometheus.relabel "unused" {
	forward_to = [prometheus.remote_write.default.receiver]
}

prometheus.remote_write "default" {
	endpoint {
		url = "http://localhost:9090/api/v1/write"
	}
}
"#;

/// One `undefined-reference` error (line 3), nothing else.
const UNDEFINED: &str = SCRAPE;

/// Two syntax errors.
const SYNTAX_ERROR: &str = "prometheus.scrape \"worker\" {\n\ttargets = [\n}\n";

/// A `foreach` block: experimental, so an `unstable-feature` error at the
/// default generally-available level.
const FOREACH: &str = r#"foreach "targets" {
	collection = [1, 2]
	var        = "each"

	template {
		local.file "f" {
			filename = "x"
		}
	}
}
"#;

// ------------------------------------------------------------- harness

impl Sandbox {
    /// Runs `alloy-lint check ARGS` in the sandbox.
    fn check(&self, args: &[&str]) -> Run {
        let mut argv = vec!["check"];
        argv.extend_from_slice(args);
        run_bin(self.dir.path(), &argv, "")
    }
}

/// What a run printed and how it exited.
impl Run {
    /// The `code` of every diagnostic in `--format short` output, in order.
    fn short_codes(&self) -> Vec<String> {
        self.stdout
            .lines()
            .map(|l| parse_short(l).unwrap_or_else(|| panic!("not a short line: {l}")))
            .map(|s| s.code)
            .collect()
    }

    /// The `--format json` output, parsed.
    fn json(&self) -> Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("not JSON ({e}):\n{}", self.stdout))
    }
}

/// Runs the binary in the crate's directory, where the fixtures are.
fn run_in_crate(args: &[&str]) -> Run {
    run_bin(Path::new(env!("CARGO_MANIFEST_DIR")), args, "")
}

/// Runs `alloy-lint ARGS` in-process through [`cli::run`], without colour.
/// Relative paths are relative to the test's working directory, the
/// crate's directory.
fn run_lib(args: &[&str], stdin: &str) -> Run {
    let cli = Cli::try_parse_from(std::iter::once("alloy-lint").chain(args.iter().copied()))
        .expect("arguments parse");
    let mut input = stdin.as_bytes();
    let (mut stdout, mut stderr) = (Vec::new(), Vec::new());
    let status = cli::run(
        &cli,
        Colors::NONE,
        &mut Streams {
            stdin: &mut input,
            stdout: &mut stdout,
            stderr: &mut stderr,
        },
    );
    Run {
        code: i32::from(status.code()),
        stdout: String::from_utf8(stdout).unwrap(),
        stderr: String::from_utf8(stderr).unwrap(),
    }
}

/// One line of `--format short`: `file:line:col: severity[code]: message`.
#[derive(Debug, PartialEq)]
struct ShortLine {
    file: String,
    line: usize,
    column: usize,
    severity: String,
    code: String,
    message: String,
}

fn parse_short(line: &str) -> Option<ShortLine> {
    let (location, rest) = line.split_once(": ")?;
    let mut parts = location.rsplitn(3, ':');
    let column = parts.next()?.parse().ok()?;
    let line_no = parts.next()?.parse().ok()?;
    let file = parts.next()?.to_owned();
    let (severity, rest) = rest.split_once('[')?;
    let (code, message) = rest.split_once("]: ")?;
    Some(ShortLine {
        file,
        line: line_no,
        column,
        severity: severity.to_owned(),
        code: code.to_owned(),
        message: message.to_owned(),
    })
}

/// The `code` of every diagnostic in parsed `--format json` output.
fn json_codes(json: &Value) -> Vec<&str> {
    json["diagnostics"]
        .as_array()
        .expect("diagnostics is an array")
        .iter()
        .map(|d| d["code"].as_str().expect("code is a string"))
        .collect()
}

// ------------------------------------------------------------ exit codes

#[test]
fn clean_sample_reports_nothing_in_every_format() {
    for format in ["human", "short", "json", "sarif", "github"] {
        let r = run_in_crate(&["check", "--no-config", "--format", format, CLEAN_SAMPLE]);
        assert_eq!(r.code, 0, "{format}: {r:?}");
        match format {
            "json" => {
                let json = r.json();
                assert_eq!(json["diagnostics"], serde_json::json!([]));
                assert_eq!(json["summary"]["files"], 1);
                assert_eq!(json["summary"]["errors"], 0);
                assert_eq!(json["summary"]["warnings"], 0);
            }
            "sarif" => assert_eq!(r.json()["runs"][0]["results"], serde_json::json!([])),
            _ => assert_eq!(r.stdout, "", "{format}"),
        }
    }
    let r = run_in_crate(&["check", "--no-config", CLEAN_SAMPLE]);
    assert_eq!(r.stderr, "No problems found in 1 file.\n");
}

#[test]
fn errors_exit_1() {
    let sb = Sandbox::new();
    sb.write("a.alloy", UNDEFINED);
    let r = sb.check(&["--format", "short", "a.alloy"]);
    assert_eq!(r.code, 1, "{r:?}");
    assert_eq!(r.short_codes(), ["undefined-reference"]);
    assert_eq!(r.stderr, "Found 1 error, 0 warnings in 1 file.\n");
}

#[test]
fn warnings_alone_exit_0_unless_denied() {
    let sb = Sandbox::new();
    sb.write("a.alloy", UNUSED);
    let r = sb.check(&["--format", "short", "a.alloy"]);
    assert_eq!(r.code, 0, "{r:?}");
    assert_eq!(r.short_codes(), ["unused-component"]);
    assert_eq!(r.stderr, "Found 0 errors, 1 warning in 1 file.\n");

    let r = sb.check(&["--format", "short", "--deny-warnings", "a.alloy"]);
    assert_eq!(r.code, 1, "{r:?}");
    assert_eq!(r.short_codes(), ["unused-component"]);

    // Nothing to deny: still 0.
    sb.write("clean.alloy", REMOTE_WRITE);
    let r = sb.check(&["--deny-warnings", "clean.alloy"]);
    assert_eq!(r.code, 0, "{r:?}");
}

#[test]
fn a_file_with_too_many_findings_lists_a_hundred_errors_first() {
    // 130 unused relabelings (warnings), then an undefined reference (an
    // error): the error is listed, the summary counts everything.
    let sb = Sandbox::new();
    let mut text = String::new();
    for i in 0..130 {
        text.push_str(&format!(
            "prometheus.relabel \"r{i}\" {{\n\tforward_to = [prometheus.remote_write.default.receiver]\n}}\n\n"
        ));
    }
    text.push_str(REMOTE_WRITE);
    text.push_str("\nprometheus.relabel \"last\" {\n\tforward_to = [prometheus.remote_write.missing.receiver]\n}\n");
    sb.write("a.alloy", &text);

    let r = sb.check(&["--format", "short", "a.alloy"]);
    assert_eq!(r.code, 1, "{r:?}");
    let codes = r.short_codes();
    assert_eq!(codes.len(), 101);
    assert!(codes.contains(&"undefined-reference".to_owned()));
    assert_eq!(
        codes.last().map(String::as_str),
        Some("too-many-diagnostics")
    );
    insta::assert_snapshot!(r.stderr, @"Found 1 error, 131 warnings in 1 file (32 not listed).");

    let json = sb.check(&["--format", "json", "a.alloy"]).json();
    assert_eq!(json["diagnostics"].as_array().unwrap().len(), 101);
    assert_eq!(
        json["summary"],
        serde_json::json!({"files": 1, "errors": 1, "warnings": 131, "infos": 0, "omitted": 32})
    );

    let human = sb.check(&["a.alloy"]);
    assert_eq!(human.stdout.matches("╭─[a.alloy:").count(), 100);
    assert!(human
        .stdout
        .contains("info[too-many-diagnostics]: and 32 more diagnostics"));
}

#[test]
fn syntax_error_exits_1() {
    let sb = Sandbox::new();
    sb.write("bad.alloy", SYNTAX_ERROR);
    let r = sb.check(&["--format", "short", "bad.alloy"]);
    assert_eq!(r.code, 1, "{r:?}");
    let lines: Vec<ShortLine> = r.stdout.lines().filter_map(parse_short).collect();
    assert!(!lines.is_empty(), "{r:?}");
    for l in &lines {
        assert_eq!(
            (l.file.as_str(), l.severity.as_str(), l.code.as_str()),
            ("bad.alloy", "error", "syntax-error")
        );
    }
    assert_eq!((lines[0].line, lines[0].column), (3, 1));
}

#[test]
fn missing_file_exits_2() {
    let sb = Sandbox::new();
    let r = sb.check(&["missing.alloy"]);
    assert_eq!(r.code, 2, "{r:?}");
    assert!(
        r.stderr.contains("error: cannot read missing.alloy"),
        "{}",
        r.stderr
    );

    // The other paths are still checked, and the failure wins over findings.
    sb.write("a.alloy", UNDEFINED);
    let r = sb.check(&["--format", "short", "missing.alloy", "a.alloy"]);
    assert_eq!(r.code, 2, "{r:?}");
    assert_eq!(r.short_codes(), ["undefined-reference"]);
}

#[test]
fn invalid_settings_exit_2_with_their_position() {
    // (alloy-lint.toml, what stderr must say)
    let cases = [
        ("bogus = 1\n", "alloy-lint.toml:1:1: unknown field `bogus`"),
        (
            "[rules]\nunused-component = \"off\"\nunused-componnet = \"off\"\n",
            "alloy-lint.toml:3:1: unknown rule code `unused-componnet` \
             (did you mean `unused-component`?)",
        ),
        (
            "stability-level = \"beta\"\n",
            "alloy-lint.toml:1:19: unknown stability level `beta`",
        ),
        (
            "[rules]\nsyntax-error = \"off\"\n",
            "alloy-lint.toml:2:1: syntax errors cannot be disabled or re-levelled",
        ),
        (
            "[rules]\nunused-component = \"loud\"\n",
            "alloy-lint.toml:2:20: ",
        ),
        ("stability-level = \n", "alloy-lint.toml:1:"),
    ];
    for (settings, want) in cases {
        let sb = Sandbox::new();
        sb.write("alloy-lint.toml", settings);
        sb.write("a.alloy", REMOTE_WRITE);
        let r = sb.check(&["a.alloy"]);
        assert_eq!(r.code, 2, "{settings}: {r:?}");
        assert!(r.stderr.starts_with("error: "), "{settings}: {}", r.stderr);
        assert!(r.stderr.contains(want), "{settings}: {}", r.stderr);
        // The whole path, so that an editor can jump to it.
        let full = sb.path("alloy-lint.toml").display().to_string();
        assert!(r.stderr.contains(&full), "{settings}: {}", r.stderr);
        assert_eq!(r.stdout, "", "{settings}");

        // An explicit --config is validated the same way.
        sb.write("other/explicit.toml", settings);
        let r = sb.check(&["--config", "other/explicit.toml", "a.alloy"]);
        assert_eq!(r.code, 2, "{settings}: {r:?}");
        let want = want.replace("alloy-lint.toml", "other/explicit.toml");
        assert!(r.stderr.contains(&want), "{settings}: {}", r.stderr);
    }

    let sb = Sandbox::new();
    sb.write("a.alloy", REMOTE_WRITE);
    let r = sb.check(&["--config", "missing.toml", "a.alloy"]);
    assert_eq!(r.code, 2, "{r:?}");
    assert!(r.stderr.contains("missing.toml"), "{}", r.stderr);
}

#[test]
fn usage_errors_exit_2() {
    let r = run_in_crate(&["check", "--format", "xml", CLEAN_SAMPLE]);
    assert_eq!(r.code, 2, "{r:?}");
    let r = run_in_crate(&["check", "--config", "x.toml", "--no-config", CLEAN_SAMPLE]);
    assert_eq!(r.code, 2, "{r:?}");
}

// --------------------------------------------------------------- formats

#[test]
fn human_format_shows_code_frames_and_help() {
    let r = run_in_crate(&["check", "--no-config", "--color", "never", BROKEN_SAMPLE]);
    assert_eq!(r.code, 1, "{r:?}");
    assert!(!r.stdout.contains('\x1b'), "{}", r.stdout);
    assert!(!r.stderr.contains('\x1b'), "{}", r.stderr);
    // The code, the message, the frame at the position, the source line,
    // the label under the span and the help.
    for want in [
        "unknown-export",
        "loki.write.grafana_cloud does not export \"reciever\"",
        &format!("╭─[{BROKEN_SAMPLE}:52:41]"),
        "forward_to = [loki.write.grafana_cloud.reciever]",
        "────────",
        "help: did you mean `loki.write.grafana_cloud.receiver`?",
        "help: did you mean `encoding`?",
    ] {
        assert!(r.stdout.contains(want), "missing {want:?} in\n{}", r.stdout);
    }
    assert_eq!(r.stderr, "Found 4 errors, 1 warning in 1 file.\n");

    // Colour is asked for, and shows.
    let r = run_in_crate(&["check", "--no-config", "--color", "always", BROKEN_SAMPLE]);
    assert!(r.stdout.contains('\x1b'), "{}", r.stdout);
    // Not a terminal: no colour by default.
    let r = run_in_crate(&["check", "--no-config", BROKEN_SAMPLE]);
    assert!(!r.stdout.contains('\x1b'), "{}", r.stdout);
}

#[test]
fn short_format_is_one_line_per_diagnostic() {
    let r = run_in_crate(&[
        "check",
        "--no-config",
        "--format",
        "short",
        "--color",
        "never",
        BROKEN_SAMPLE,
    ]);
    assert_eq!(r.code, 1, "{r:?}");
    let lines: Vec<ShortLine> = r
        .stdout
        .lines()
        .map(|l| parse_short(l).unwrap_or_else(|| panic!("not a short line: {l}")))
        .collect();
    let got: Vec<(usize, usize, &str, &str)> = lines
        .iter()
        .map(|l| (l.line, l.column, l.severity.as_str(), l.code.as_str()))
        .collect();
    assert_eq!(
        got,
        [
            (16, 21, "error", "reference-kind-mismatch"),
            (17, 20, "error", "invalid-duration"),
            (21, 1, "warning", "unused-component"),
            (52, 41, "error", "unknown-export"),
            (53, 2, "error", "unknown-attribute"),
        ]
    );
    assert!(lines.iter().all(|l| l.file == BROKEN_SAMPLE));
    assert_eq!(
        lines[3].message,
        "loki.write.grafana_cloud does not export \"reciever\""
    );
    assert_eq!(r.stderr, "Found 4 errors, 1 warning in 1 file.\n");
}

#[test]
fn json_format_follows_the_contract() {
    let r = run_in_crate(&["check", "--no-config", "--format", "json", BROKEN_SAMPLE]);
    assert_eq!(r.code, 1, "{r:?}");
    // Machine output only: no summary line on stderr.
    assert_eq!(r.stderr, "");
    let json = r.json();
    let diagnostics = json["diagnostics"].as_array().unwrap();
    assert_eq!(diagnostics.len(), 5);
    for d in diagnostics {
        assert_eq!(d["file"], BROKEN_SAMPLE, "{d}");
        for key in ["line", "column", "end_line", "end_column"] {
            assert!(d[key].as_u64().is_some_and(|n| n >= 1), "{key} in {d}");
        }
        let start = (d["line"].as_u64(), d["column"].as_u64());
        let end = (d["end_line"].as_u64(), d["end_column"].as_u64());
        assert!(start <= end, "{d}");
        assert!(
            ["error", "warning", "info"].contains(&d["severity"].as_str().unwrap()),
            "{d}"
        );
        assert!(rules::by_name(d["code"].as_str().unwrap()).is_some(), "{d}");
        assert!(!d["message"].as_str().unwrap().is_empty(), "{d}");
        if let Some(help) = d.get("help") {
            assert!(help.is_string(), "{d}");
        }
    }
    let export = &diagnostics[3];
    assert_eq!(
        (
            &export["code"],
            &export["line"],
            &export["column"],
            &export["end_line"],
            &export["end_column"]
        ),
        (
            &Value::from("unknown-export"),
            &Value::from(52),
            &Value::from(41),
            &Value::from(52),
            &Value::from(49)
        )
    );
    assert_eq!(
        export["help"],
        "did you mean `loki.write.grafana_cloud.receiver`?"
    );
    assert_eq!(json["summary"]["files"], 1);
    assert_eq!(json["summary"]["errors"], 4);
    assert_eq!(json["summary"]["warnings"], 1);
}

#[test]
fn github_format_writes_workflow_commands() {
    let r = run_in_crate(&["check", "--no-config", "--format", "github", BROKEN_SAMPLE]);
    assert_eq!(r.code, 1, "{r:?}");
    let lines: Vec<&str> = r.stdout.lines().collect();
    assert_eq!(lines.len(), 5, "{}", r.stdout);
    assert!(
        lines[0].starts_with(&format!("::error file={BROKEN_SAMPLE},line=16,col=21,")),
        "{}",
        lines[0]
    );
    assert!(
        lines[2].starts_with(&format!("::warning file={BROKEN_SAMPLE},line=21,col=1,")),
        "{}",
        lines[2]
    );
    assert!(lines[3].contains("title=unknown-export::"), "{}", lines[3]);
    // One command per line: newlines inside are escaped.
    assert!(lines[3].contains("%0Ahelp: did you mean"), "{}", lines[3]);
}

/// A draft-04 validator for the SARIF schema, checking formats too.
///
/// Draft 4 predates `uri-reference`, which SARIF uses for artifact URIs, so
/// it is checked here against RFC 3986's characters rather than skipped.
fn sarif_validator() -> jsonschema::Validator {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/schemas/sarif-schema-2.1.0.json"
    );
    let schema: Value = serde_json::from_str(&fs::read_to_string(path).unwrap()).unwrap();
    jsonschema::draft4::options()
        .should_validate_formats(true)
        .with_format("uri-reference", is_uri_reference)
        .build(&schema)
        .expect("the SARIF schema compiles")
}

/// URI characters with well-formed `%XX` escapes, and no `:` in a relative
/// reference's first segment unless it is a scheme.
fn is_uri_reference(s: &str) -> bool {
    let bytes = s.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' => {
                let hex = bytes.get(i + 1..i + 3);
                if !hex.is_some_and(|h| h.iter().all(u8::is_ascii_hexdigit)) {
                    return false;
                }
                i += 3;
            }
            b if b.is_ascii_alphanumeric() || b"-._~:/?#[]@!$&'()*+,;=".contains(&b) => i += 1,
            _ => return false,
        }
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

fn assert_valid_sarif(r: &Run) {
    let log = r.json();
    let errors: Vec<String> = sarif_validator()
        .iter_errors(&log)
        .map(|e| format!("{e} at {}", e.instance_path))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}\n{}", r.stdout);
}

#[test]
fn sarif_output_is_valid_against_the_schema() {
    // A relative path, errors and a warning.
    let r = run_in_crate(&["check", "--no-config", "--format", "sarif", BROKEN_SAMPLE]);
    assert_eq!(r.code, 1, "{r:?}");
    assert_eq!(r.stderr, "");
    assert_valid_sarif(&r);
    let log = r.json();
    let results = log["runs"][0]["results"].as_array().unwrap();
    let levels: Vec<(&str, &str)> = results
        .iter()
        .map(|r| (r["ruleId"].as_str().unwrap(), r["level"].as_str().unwrap()))
        .collect();
    assert_eq!(
        levels,
        [
            ("reference-kind-mismatch", "error"),
            ("invalid-duration", "error"),
            ("unused-component", "warning"),
            ("unknown-export", "error"),
            ("unknown-attribute", "error"),
        ]
    );
    let location = &results[3]["locations"][0]["physicalLocation"];
    assert_eq!(location["artifactLocation"]["uri"], BROKEN_SAMPLE);
    assert_eq!(location["region"]["startLine"], 52);
    assert_eq!(location["region"]["startColumn"], 41);
    // Every rule is described, and results point into that list.
    let driver_rules = log["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .unwrap();
    assert_eq!(driver_rules.len(), rules::all().count());
    for result in results {
        let index = result["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(driver_rules[index]["id"], result["ruleId"]);
    }

    // Absolute paths, with characters that need escaping in a URI, and a
    // directory of several files.
    let sb = Sandbox::new();
    sb.write("my config/a.alloy", UNUSED);
    sb.write(
        "my config/b.alloy",
        "prometheus.relabel \"x\" {\n\tforward_to = [nothing.here.receiver]\n}\n",
    );
    let dir = sb.path("my config");
    let r = sb.check(&["--format", "sarif", dir.to_str().unwrap()]);
    assert_eq!(r.code, 1, "{r:?}");
    assert_valid_sarif(&r);
    assert!(r.json()["runs"][0]["results"].as_array().unwrap().len() >= 2);

    // Nothing to report is a valid log too.
    let r = run_in_crate(&["check", "--no-config", "--format", "sarif", CLEAN_SAMPLE]);
    assert_valid_sarif(&r);
}

#[test]
fn library_entry_point_matches_the_binary() {
    for format in ["human", "short", "json", "github", "sarif"] {
        let args = ["check", "--no-config", "--format", format, BROKEN_SAMPLE];
        let bin = run_in_crate(&args);
        let lib = run_lib(&args, "");
        assert_eq!(
            (lib.code, lib.stdout.as_str(), lib.stderr.as_str()),
            (bin.code, bin.stdout.as_str(), bin.stderr.as_str()),
            "{format}"
        );
    }
}

// ---------------------------------------------------------------- inputs

#[test]
fn several_files_are_separate_configurations() {
    let sb = Sandbox::new();
    sb.write("a.alloy", REMOTE_WRITE);
    sb.write("b.alloy", SCRAPE);
    let r = sb.check(&["--format", "json", "a.alloy", "b.alloy"]);
    assert_eq!(r.code, 1, "{r:?}");
    let json = r.json();
    assert_eq!(json_codes(&json), ["undefined-reference"]);
    assert_eq!(json["diagnostics"][0]["file"], "b.alloy");
    assert_eq!(json["diagnostics"][0]["line"], 3);
    assert_eq!(json["summary"]["files"], 2);
}

#[test]
fn a_directory_is_one_configuration_of_its_top_level_files() {
    let sb = Sandbox::new();
    sb.write("config/a.alloy", REMOTE_WRITE);
    sb.write("config/b.alloy", SCRAPE);
    // Not part of the configuration: a subdirectory, another extension.
    sb.write("config/sub/broken.alloy", SYNTAX_ERROR);
    sb.write("config/notes.txt", SYNTAX_ERROR);
    sb.write("config/old.alloy.bak", SYNTAX_ERROR);

    let r = sb.check(&["--format", "json", "config"]);
    assert_eq!(r.code, 0, "{r:?}");
    let json = r.json();
    assert_eq!(json_codes(&json), Vec::<&str>::new());
    assert_eq!(json["summary"]["files"], 2);

    // Run from inside it, as `.` and as the default path.
    for args in [&["."][..], &[]] {
        let r = run_bin(&sb.path("config"), &[&["check"][..], args].concat(), "");
        assert_eq!(r.code, 0, "{args:?}: {r:?}");
        assert_eq!(r.stderr, "No problems found in 2 files.\n", "{args:?}");
    }

    // The files share one scope: a component defined twice is a duplicate,
    // its first declaration, in the other file, a related place (after the
    // message in one-line outputs).
    sb.write("config/c.alloy", REMOTE_WRITE);
    let r = sb.check(&["--format", "short", "config"]);
    assert_eq!(r.code, 1, "{r:?}");
    assert_eq!(
        r.stdout,
        "config/c.alloy:1:1: error[duplicate-block]: block prometheus.remote_write.default \
         already declared (first declared here: config/a.alloy:1:1)\n"
    );
    let r = sb.check(&["--format", "json", "config"]);
    let json: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    let related = &json["diagnostics"][0]["related"][0];
    assert_eq!(related["file"], "config/a.alloy", "{related}");
    assert_eq!(
        (&related["line"], &related["column"]),
        (&1.into(), &1.into())
    );
    assert_eq!(related["message"], "first declared here");
    // Human output frames each file's own source.
    let r = sb.check(&["--color", "never", "config"]);
    assert!(r.stdout.contains("╭─[config/c.alloy:1:1]"), "{}", r.stdout);
    assert!(
        r.stdout.contains("config/a.alloy:1:1: first declared here"),
        "{}",
        r.stdout
    );

    // A directory with no configuration files is not an error.
    sb.write("empty/sub/x.alloy", REMOTE_WRITE);
    let r = sb.check(&["empty"]);
    assert_eq!(r.code, 0, "{r:?}");
    assert!(r.stderr.contains("no *.alloy files"), "{}", r.stderr);
}

#[test]
fn stdin_is_read_with_a_name() {
    let sb = Sandbox::new();
    let r = run_bin(
        sb.dir.path(),
        &[
            "check",
            "--format",
            "short",
            "--stdin-filename",
            "pipeline.alloy",
            "-",
        ],
        UNDEFINED,
    );
    assert_eq!(r.code, 1, "{r:?}");
    let line = parse_short(r.stdout.trim_end()).unwrap();
    assert_eq!(
        (line.file.as_str(), line.line, line.code.as_str()),
        ("pipeline.alloy", 3, "undefined-reference")
    );

    // Without a name.
    let r = run_bin(sb.dir.path(), &["check", "--format", "json", "-"], UNUSED);
    assert_eq!(r.code, 0, "{r:?}");
    let json = r.json();
    assert_eq!(json_codes(&json), ["unused-component"]);
    assert_eq!(json["diagnostics"][0]["file"], "<stdin>");

    // The human format shows stdin's source in the frame.
    let r = run_lib(
        &["check", "--no-config", "--stdin-filename", "in.alloy", "-"],
        UNDEFINED,
    );
    assert_eq!(r.code, 1, "{r:?}");
    assert!(r.stdout.contains("╭─[in.alloy:3:16]"), "{}", r.stdout);
    assert!(
        r.stdout
            .contains("forward_to = [prometheus.remote_write.default.receiver]"),
        "{}",
        r.stdout
    );
}

// -------------------------------------------------------- alloy-lint.toml

#[test]
fn settings_are_found_by_walking_up_from_the_file() {
    let sb = Sandbox::new();
    sb.write(
        "project/alloy-lint.toml",
        "[rules]\nunused-component = \"off\"\n",
    );
    sb.write("project/deploy/prod/a.alloy", UNUSED);
    sb.write("elsewhere/a.alloy", UNUSED);

    let r = sb.check(&["--format", "short", "project/deploy/prod/a.alloy"]);
    assert_eq!((r.code, r.stdout.as_str()), (0, ""), "{r:?}");
    // As a directory, too.
    let r = sb.check(&["--format", "short", "project/deploy/prod"]);
    assert_eq!((r.code, r.stdout.as_str()), (0, ""), "{r:?}");
    // Each path finds its own settings.
    let r = sb.check(&[
        "--format",
        "short",
        "project/deploy/prod/a.alloy",
        "elsewhere/a.alloy",
    ]);
    assert_eq!(
        r.stdout,
        "elsewhere/a.alloy:1:1: warning[unused-component]: prometheus.relabel.unused receives \
         nothing: no component sends to prometheus.relabel.unused.receiver\n"
    );
}

#[test]
fn rules_can_be_turned_off_and_relevelled() {
    let sb = Sandbox::new();
    sb.write("a.alloy", UNUSED);

    sb.write("alloy-lint.toml", "[rules]\nunused-component = \"off\"\n");
    let r = sb.check(&["--format", "json", "--deny-warnings", "a.alloy"]);
    assert_eq!(r.code, 0, "{r:?}");
    assert_eq!(json_codes(&r.json()), Vec::<&str>::new());

    sb.write("alloy-lint.toml", "[rules]\nunused-component = \"error\"\n");
    let r = sb.check(&["--format", "json", "a.alloy"]);
    assert_eq!(r.code, 1, "{r:?}");
    let json = r.json();
    assert_eq!(json_codes(&json), ["unused-component"]);
    assert_eq!(json["diagnostics"][0]["severity"], "error");
    assert_eq!(json["summary"]["errors"], 1);
    assert_eq!(json["summary"]["warnings"], 0);

    // Info is reported but never fails, even with --deny-warnings.
    sb.write("alloy-lint.toml", "[rules]\nunused-component = \"info\"\n");
    let r = sb.check(&["--format", "json", "--deny-warnings", "a.alloy"]);
    assert_eq!(r.code, 0, "{r:?}");
    assert_eq!(r.json()["diagnostics"][0]["severity"], "info");

    // An error can be lowered to a warning.
    sb.write("b.alloy", UNDEFINED);
    sb.write(
        "alloy-lint.toml",
        "[rules]\nundefined-reference = \"warning\"\n",
    );
    let r = sb.check(&["--format", "short", "b.alloy"]);
    assert_eq!(r.code, 0, "{r:?}");
    assert!(
        r.stdout.contains(": warning[undefined-reference]: "),
        "{}",
        r.stdout
    );
}

#[test]
fn stability_level_comes_from_settings_and_the_flag_overrides_it() {
    let sb = Sandbox::new();
    sb.write("a.alloy", FOREACH);

    // Default: generally-available.
    let r = sb.check(&["--format", "short", "a.alloy"]);
    assert_eq!(r.code, 1, "{r:?}");
    assert_eq!(r.short_codes(), ["unstable-feature"]);
    assert!(r.stdout.contains("experimental"), "{}", r.stdout);

    sb.write("alloy-lint.toml", "stability-level = \"experimental\"\n");
    let r = sb.check(&["--format", "short", "a.alloy"]);
    assert_eq!((r.code, r.stdout.as_str()), (0, ""), "{r:?}");

    // The flag wins over the file, in both directions.
    let r = sb.check(&[
        "--format",
        "short",
        "--stability-level",
        "generally-available",
        "a.alloy",
    ]);
    assert_eq!(r.code, 1, "{r:?}");
    assert_eq!(r.short_codes(), ["unstable-feature"]);

    sb.write("alloy-lint.toml", "stability-level = \"public-preview\"\n");
    let r = sb.check(&["--format", "short", "a.alloy"]);
    assert_eq!(r.code, 1, "{r:?}");
    let r = sb.check(&[
        "--format",
        "short",
        "--stability-level",
        "experimental",
        "a.alloy",
    ]);
    assert_eq!((r.code, r.stdout.as_str()), (0, ""), "{r:?}");
}

#[test]
fn exclude_skips_files_found_in_a_directory() {
    let sb = Sandbox::new();
    sb.write("config/a.alloy", REMOTE_WRITE);
    sb.write("config/generated.alloy", SYNTAX_ERROR);
    sb.write(
        "config/alloy-lint.toml",
        "exclude = [\"generated.alloy\"]\n",
    );

    let r = sb.check(&["--format", "json", "config"]);
    assert_eq!(r.code, 0, "{r:?}");
    assert_eq!(r.json()["summary"]["files"], 1);
    // From inside the directory, paths written differently.
    let r = run_bin(&sb.path("config"), &["check", "."], "");
    assert_eq!(r.code, 0, "{r:?}");
    let r = run_bin(&sb.path("config"), &["check", "../config"], "");
    assert_eq!(r.code, 0, "{r:?}");

    // A file named on the command line is checked anyway.
    let r = sb.check(&["--format", "short", "config/generated.alloy"]);
    assert_eq!(r.code, 1, "{r:?}");
    assert!(r.short_codes().iter().all(|c| c == "syntax-error"));
}

#[test]
fn no_config_ignores_the_settings_file() {
    let sb = Sandbox::new();
    sb.write("a.alloy", UNUSED);
    sb.write("alloy-lint.toml", "[rules]\nunused-component = \"error\"\n");
    let r = sb.check(&["--format", "short", "a.alloy"]);
    assert_eq!(r.code, 1, "{r:?}");

    let r = sb.check(&["--format", "short", "--no-config", "a.alloy"]);
    assert_eq!(r.code, 0, "{r:?}");
    assert_eq!(r.short_codes(), ["unused-component"]);
    assert!(r.stdout.contains(": warning[unused-component]: "));

    // Even an invalid one.
    sb.write("alloy-lint.toml", "bogus = 1\n");
    let r = sb.check(&["--no-config", "a.alloy"]);
    assert_eq!(r.code, 0, "{r:?}");
}

#[test]
fn config_flag_uses_that_file_instead_of_the_nearest() {
    let sb = Sandbox::new();
    sb.write("project/a.alloy", UNUSED);
    sb.write(
        "project/alloy-lint.toml",
        "[rules]\nunused-component = \"error\"\n",
    );
    sb.write("ci/lenient.toml", "[rules]\nunused-component = \"off\"\n");

    let r = sb.check(&["--format", "short", "project/a.alloy"]);
    assert_eq!(r.code, 1, "{r:?}");
    let r = sb.check(&[
        "--format",
        "short",
        "--config",
        "ci/lenient.toml",
        "project/a.alloy",
    ]);
    assert_eq!((r.code, r.stdout.as_str()), (0, ""), "{r:?}");
}

// ------------------------------------------------------------ suppressions

#[test]
fn suppressions_above_and_at_the_end_of_the_line() {
    let sb = Sandbox::new();
    sb.write(
        "a.alloy",
        r#"// alloy-lint-ignore unused-component: kept for the next release
prometheus.relabel "above" {
	forward_to = [prometheus.remote_write.default.receiver]
}

prometheus.relabel "same_line" { // alloy-lint-ignore unused-component: same
	forward_to = [prometheus.remote_write.default.receiver]
}

prometheus.relabel "not_suppressed" {
	forward_to = [prometheus.remote_write.default.receiver]
}

prometheus.remote_write "default" {
	endpoint {
		url = "http://localhost:9090/api/v1/write"
	}
}
"#,
    );
    let r = sb.check(&["--format", "short", "a.alloy"]);
    assert_eq!(r.code, 0, "{r:?}");
    assert_eq!(
        r.stdout,
        "a.alloy:10:1: warning[unused-component]: prometheus.relabel.not_suppressed receives \
         nothing: no component sends to prometheus.relabel.not_suppressed.receiver\n"
    );

    // An error, too.
    sb.write(
        "b.alloy",
        UNDEFINED.replace(
            "receiver]",
            "receiver] // alloy-lint-ignore undefined-reference: defined by the deploy tool",
        ),
    );
    let r = sb.check(&["--format", "short", "b.alloy"]);
    assert_eq!((r.code, r.stdout.as_str()), (0, ""), "{r:?}");
}

#[test]
fn an_unused_suppression_is_a_warning() {
    let sb = Sandbox::new();
    sb.write(
        "a.alloy",
        format!("// alloy-lint-ignore undefined-reference: nothing to hide\n{REMOTE_WRITE}"),
    );
    let r = sb.check(&["--format", "json", "a.alloy"]);
    assert_eq!(r.code, 0, "{r:?}");
    let json = r.json();
    assert_eq!(json_codes(&json), ["unused-suppression"]);
    let d = &json["diagnostics"][0];
    assert_eq!(
        (&d["line"], &d["column"]),
        (&Value::from(1), &Value::from(22))
    );
    assert_eq!(d["severity"], "warning");
    assert_eq!(
        d["message"],
        "unused suppression: no `undefined-reference` diagnostic on line 2"
    );

    let r = sb.check(&["--deny-warnings", "a.alloy"]);
    assert_eq!(r.code, 1, "{r:?}");
}

#[test]
fn syntax_errors_cannot_be_suppressed() {
    let sb = Sandbox::new();
    sb.write(
        "a.alloy",
        "// alloy-lint-ignore-file syntax-error: please\n\
         // alloy-lint-ignore syntax-error: please\n\
         prometheus.scrape \"worker\" {\n\
         \ttargets = [ // alloy-lint-ignore syntax-error\n\
         }\n",
    );
    let r = sb.check(&["--format", "short", "a.alloy"]);
    assert_eq!(r.code, 1, "{r:?}");
    let codes = r.short_codes();
    assert!(!codes.is_empty());
    assert!(codes.iter().all(|c| c == "syntax-error"), "{codes:?}");
}

// ------------------------------------------------------ rules and explain

#[test]
fn rules_lists_every_code() {
    let r = run_bin(Path::new(env!("CARGO_MANIFEST_DIR")), &["rules"], "");
    assert_eq!((r.code, r.stderr.as_str()), (0, ""), "{r:?}");
    let listed: Vec<(&str, &str)> = r
        .stdout
        .lines()
        .map(|l| {
            let mut words = l.split_whitespace();
            (words.next().unwrap(), words.next().unwrap())
        })
        .collect();
    let registry: Vec<(&str, &str)> = rules::all()
        .map(|r| (r.code.as_str(), r.severity.as_str()))
        .collect();
    assert_eq!(listed, registry);
    // Each line ends with the rule's summary.
    for (line, rule) in r.stdout.lines().zip(rules::all()) {
        assert!(line.ends_with(rule.summary), "{line}");
    }
    // The codes suppressions and settings refer to are listed.
    for code in ["syntax-error", "unused-suppression", "unused-component"] {
        assert!(listed.iter().any(|(c, _)| *c == code), "{code}");
    }
}

#[test]
fn rules_as_json() {
    let r = run_lib(&["rules", "--format", "json"], "");
    assert_eq!(r.code, 0, "{r:?}");
    let json: Value = serde_json::from_str(&r.stdout).unwrap();
    let listed: Vec<(&str, &str, &str)> = json
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["code"].as_str().unwrap(),
                r["severity"].as_str().unwrap(),
                r["summary"].as_str().unwrap(),
            )
        })
        .collect();
    let registry: Vec<(&str, &str, &str)> = rules::all()
        .map(|r| (r.code.as_str(), r.severity.as_str(), r.summary))
        .collect();
    assert_eq!(listed, registry);
    let unique: BTreeSet<&str> = listed.iter().map(|r| r.0).collect();
    assert_eq!(unique.len(), listed.len(), "codes are unique");
}

#[test]
fn explain_prints_every_section() {
    let r = run_bin(
        Path::new(env!("CARGO_MANIFEST_DIR")),
        &["explain", "undefined-reference"],
        "",
    );
    assert_eq!((r.code, r.stderr.as_str()), (0, ""), "{r:?}");
    let rule = rules::by_name("undefined-reference").unwrap();
    assert!(
        r.stdout
            .starts_with("undefined-reference (error by default)\n\n"),
        "{}",
        r.stdout
    );
    let mut at = 0;
    for section in [rule.summary, "\nWhy it matters\n", "\nExample\n", "\nFix\n"] {
        let found = r.stdout[at..]
            .find(section)
            .unwrap_or_else(|| panic!("{section:?} missing or out of order in\n{}", r.stdout));
        at += found + section.len();
    }
    // The example is indented as a code block.
    assert!(
        r.stdout.contains("\n    prometheus.scrape \"worker\" {\n"),
        "{}",
        r.stdout
    );

    // Every rule can be explained.
    for rule in rules::all() {
        let r = run_lib(&["explain", rule.code.as_str()], "");
        assert_eq!(r.code, 0, "{}", rule.code);
        assert!(r.stdout.contains("Why it matters"), "{}", rule.code);
    }
}

#[test]
fn explain_an_unknown_code_suggests_the_right_one() {
    let r = run_bin(
        Path::new(env!("CARGO_MANIFEST_DIR")),
        &["explain", "undefinde-reference"],
        "",
    );
    assert_eq!(r.code, 2, "{r:?}");
    assert_eq!(r.stdout, "");
    assert!(
        r.stderr.contains(
            "unknown rule code `undefinde-reference` (did you mean `undefined-reference`?)"
        ),
        "{}",
        r.stderr
    );
}

// ------------------------------------------------------------- snapshots

#[test]
fn broken_grafana_cloud_config_human() {
    let r = run_in_crate(&["check", "--no-config", "--color", "never", BROKEN_SAMPLE]);
    assert_eq!(r.code, 1, "{r:?}");
    insta::assert_snapshot!("broken_grafana_cloud_human", r.stdout);
}

#[test]
fn broken_grafana_cloud_config_json() {
    let r = run_in_crate(&["check", "--no-config", "--format", "json", BROKEN_SAMPLE]);
    assert_eq!(r.code, 1, "{r:?}");
    insta::assert_snapshot!("broken_grafana_cloud_json", r.stdout);
}

// ------------------------------------------------------------------ fixes

/// A Grafana Cloud config with mistakes `--fix` can mend safely, and an
/// inline token it must not print.
const FIXABLE: &str = r#"local.file "grafana_token" {
	filename = "grafana-token.txt"
}

prometheus.remote_write "grafana_cloud" {
	endpoint {
		url = "https://prometheus-prod-13-prod-us-east-0.grafana.net"

		basic_auth {
			username = "1402587"
			password = local.file.grafana_token.content
		}
	}
}

otelcol.auth.basic "tempo" {
	username = "1397104"
	password = "glc_FAKEexampleTOKENnotREAL000"
}

otelcol.exporter.otlp "tempo" {
	client {
		endpoint = "https://tempo-prod-10-prod-us-east-0.grafana.net/otlp"
		auth     = otelcol.auth.basic.tempo.handler
	}
}
"#;

#[test]
fn fix_diff_shows_the_safe_fixes_masked_and_writes_nothing() {
    let sb = Sandbox::new();
    sb.write(".gitignore", "grafana-token.txt\n");
    sb.write("alloy-config.alloy", FIXABLE);
    let r = sb.check(&["--fix", "--diff", "--color", "never", "alloy-config.alloy"]);
    assert_eq!(r.code, 1, "{r:?}");
    for want in [
        "+\tfilename  = \"grafana-token.txt\"",
        "+\tis_secret = true",
        "+\t\turl = \"https://prometheus-prod-13-prod-us-east-0.grafana.net/api/prom/push\"",
        "+\t\tendpoint = \"tempo-prod-10-prod-us-east-0.grafana.net:443\"",
    ] {
        assert!(r.stdout.contains(want), "missing {want:?} in\n{}", r.stdout);
    }
    // The inline token is an error the fix does not touch, and it is never
    // printed.
    assert!(!r.stdout.contains("FAKEexample"), "{}", r.stdout);
    assert!(!r.stderr.contains("FAKEexample"), "{}", r.stderr);
    // Only the diff: the diagnostics are for a run without --diff.
    assert!(!r.stdout.contains("inline-secret"), "{}", r.stdout);
    assert_eq!(r.stderr, "Would fix 3 problems in 1 file.\n");
    assert_eq!(
        fs::read_to_string(sb.path("alloy-config.alloy")).unwrap(),
        FIXABLE
    );
}

#[test]
fn summary_says_how_many_problems_fix_would_repair() {
    let sb = Sandbox::new();
    sb.write(".gitignore", "grafana-token.txt\n");
    sb.write("alloy-config.alloy", FIXABLE);
    let r = sb.check(&["--format", "short", "alloy-config.alloy"]);
    assert_eq!(r.code, 1, "{r:?}");
    // The three `--fix --diff` shows; the inline token is not fixable.
    assert!(
        r.stderr.ends_with("; 3 fixable with --fix.\n"),
        "{}",
        r.stderr
    );
    // After `--fix`, nothing fixable is left to announce.
    let r = sb.check(&["--fix", "--format", "short", "alloy-config.alloy"]);
    assert!(!r.stderr.contains("fixable"), "{}", r.stderr);
}

#[test]
fn fix_diff_with_nothing_to_fix_exits_zero() {
    let sb = Sandbox::new();
    sb.write("alloy-config.alloy", "logging {\n\tlevel = \"info\"\n}\n");
    let r = sb.check(&["--fix", "--diff", "alloy-config.alloy"]);
    assert_eq!((r.code, r.stdout.as_str()), (0, ""), "{r:?}");
    assert_eq!(r.stderr, "No safe fixes to apply.\n");
}

#[test]
fn fix_on_standard_input_prints_the_fixed_text_and_reports_on_stderr() {
    let sb = Sandbox::new();
    sb.write(".gitignore", "grafana-token.txt\n");
    let r = run_bin(
        sb.dir.path(),
        &["check", "--fix", "--format", "short", "-"],
        FIXABLE,
    );
    assert_eq!(r.code, 1, "{r:?}");
    assert!(r.stdout.contains("\tis_secret = true\n"), "{}", r.stdout);
    assert!(
        r.stdout
            .contains("\"tempo-prod-10-prod-us-east-0.grafana.net:443\""),
        "{}",
        r.stdout
    );
    // The fixed text is all standard output holds: it parses as it is.
    assert_eq!(
        alloy_lint::format::format_source(r.stdout.as_bytes()).unwrap(),
        r.stdout
    );
    assert!(
        r.stderr.contains("Fixed 3 problems in 1 file."),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains("<stdin>:19:13: error[inline-secret]"),
        "{}",
        r.stderr
    );
}

#[test]
fn fix_on_standard_input_with_nothing_to_fix_prints_it_unchanged() {
    let sb = Sandbox::new();
    let text = "logging {\n  level = \"info\"\n}\n";
    let r = run_bin(sb.dir.path(), &["check", "--fix", "-"], text);
    assert_eq!((r.code, r.stdout.as_str()), (0, text), "{r:?}");
}

#[test]
fn a_suppressed_diagnostic_is_not_fixed() {
    let sb = Sandbox::new();
    sb.write(".gitignore", "grafana-token.txt\n");
    let text = FIXABLE.replace(
        "\t\turl = \"https://prometheus-prod-13-prod-us-east-0.grafana.net\"",
        "\t\t// alloy-lint-ignore grafana-cloud-endpoint: a proxy adds the path\n\t\turl = \"https://prometheus-prod-13-prod-us-east-0.grafana.net\"",
    );
    sb.write("alloy-config.alloy", &text);
    let r = sb.check(&["--fix", "--format", "short", "alloy-config.alloy"]);
    assert!(r.stderr.contains("Fixed 2 problems in 1 file."), "{r:?}");
    let fixed = fs::read_to_string(sb.path("alloy-config.alloy")).unwrap();
    assert!(
        fixed.contains("url = \"https://prometheus-prod-13-prod-us-east-0.grafana.net\""),
        "{fixed}"
    );
    assert!(fixed.contains("is_secret = true"), "{fixed}");
}

#[test]
fn fixes_follow_what_is_reported_not_what_is_listed() {
    let sb = Sandbox::new();
    sb.write(".gitignore", "grafana-token.txt\n");
    // A rule the settings turn off is not fixed.
    sb.write(
        "off/alloy-lint.toml",
        "[rules]\nsecret-not-marked = \"off\"\n",
    );
    sb.write("off/alloy-config.alloy", FIXABLE);
    let r = sb.check(&["--fix", "--format", "short", "off/alloy-config.alloy"]);
    assert!(r.stderr.contains("Fixed 2 problems in 1 file."), "{r:?}");
    let fixed = fs::read_to_string(sb.path("off/alloy-config.alloy")).unwrap();
    assert!(!fixed.contains("is_secret = true"), "{fixed}");
    // One past the 100 diagnostics listed per file still is.
    let many: String = (1..=110).map(|n| format!("a{n} = {n}\n")).collect();
    sb.write("many/alloy-config.alloy", format!("{many}\n{FIXABLE}"));
    let r = sb.check(&["--fix", "--format", "short", "many/alloy-config.alloy"]);
    assert!(r.stderr.contains("Fixed 3 problems in 1 file."), "{r:?}");
    let fixed = fs::read_to_string(sb.path("many/alloy-config.alloy")).unwrap();
    assert!(fixed.contains("is_secret = true"), "{fixed}");
}

#[test]
fn fix_rewrites_formats_and_reports_what_is_left() {
    let sb = Sandbox::new();
    sb.write(".gitignore", "grafana-token.txt\n");
    sb.write("alloy-config.alloy", FIXABLE);
    let r = sb.check(&["--fix", "--format", "short", "alloy-config.alloy"]);
    assert_eq!(r.code, 1, "{r:?}");
    assert!(
        r.stderr.contains("Fixed 3 problems in 1 file."),
        "{}",
        r.stderr
    );
    let fixed = fs::read_to_string(sb.path("alloy-config.alloy")).unwrap();
    assert!(fixed.contains("is_secret = true"), "{fixed}");
    assert!(fixed.contains("\"tempo-prod-10-prod-us-east-0.grafana.net:443\""));
    // Already formatted as `alloy fmt` prints it.
    assert_eq!(
        alloy_lint::format::format_source(fixed.as_bytes()).unwrap(),
        fixed
    );
    // Only the inline token is left as an error or warning, shown redacted
    // (outside a git repository the absent token file is an info).
    let codes: Vec<String> = r
        .stdout
        .lines()
        .filter_map(parse_short)
        .filter(|s| s.severity != "info")
        .map(|s| s.code)
        .collect();
    assert_eq!(codes, ["inline-secret"], "{}", r.stdout);
    assert!(r.stdout.contains("glc_…(30 chars)"), "{}", r.stdout);
    // A second run has nothing left to fix.
    let again = sb.check(&["--fix", "--format", "short", "alloy-config.alloy"]);
    assert!(!again.stderr.contains("Fixed"), "{}", again.stderr);
}

// ------------------------------------------------ untrusted repositories

/// A secret `local.file` whose token file is `token.txt`.
const TOKEN_FILE_CONFIG: &str = r#"local.file "token" {
	filename  = "token.txt"
	is_secret = true
}

prometheus.remote_write "default" {
	endpoint {
		url = "https://prometheus-prod-01-eu-west-0.grafana.net/api/prom/push"

		basic_auth {
			username = "123456"
			password = local.file.token.content
		}
	}
}
"#;

/// `check` in a repository that sets `core.fsmonitor` (a command git runs
/// whenever it reads the index) and splits its index over two files: the
/// token files' status is still told, and the command never runs.
#[test]
fn check_runs_nothing_an_untrusted_repository_configures() {
    if !support::git_available() {
        eprintln!("skipped: `git --version` fails");
        return;
    }
    let sb = Sandbox::new();
    let root = sb.dir.path();
    support::git(root, &["init", "-q"]);
    sb.write("other.txt", "x");
    support::git(root, &["add", "other.txt"]);
    support::git(root, &["commit", "-qm", "t"]);
    support::git(root, &["update-index", "--split-index"]);
    sb.write("token.txt", "secret");
    sb.write("deploy/token.txt", "secret");
    support::git(root, &["add", "deploy/token.txt"]);
    sb.write("alloy-config.alloy", TOKEN_FILE_CONFIG);
    sb.write("deploy/alloy-config.alloy", TOKEN_FILE_CONFIG);
    let marker_dir = tempfile::tempdir().unwrap();
    let marker = marker_dir.path().join("RAN");
    // git appends the hook's arguments; `#` makes the shell drop them.
    let command = format!("touch '{}' #", marker.display());
    support::git(root, &["config", "core.fsmonitor", &command]);

    let untracked = sb.check(&["--format", "short", "alloy-config.alloy"]);
    let staged = sb.check(&["--format", "short", "deploy/alloy-config.alloy"]);
    assert!(
        !marker.exists(),
        "check ran the repository's core.fsmonitor"
    );
    assert!(
        untracked
            .short_codes()
            .contains(&"token-file-not-ignored".into()),
        "{untracked:?}"
    );
    assert!(
        staged.short_codes().contains(&"token-file-tracked".into()),
        "{staged:?}"
    );
}

// ---------------------------------------------------------------- files read and written

#[cfg(unix)]
#[test]
fn special_inputs_are_refused_with_exit_2() {
    let sb = Sandbox::new();
    let r = sb.check(&["/dev/zero"]);
    assert_eq!(r.code, 2, "{r:?}");
    assert!(
        r.stderr
            .contains("error: /dev/zero is a character device, not a file"),
        "{}",
        r.stderr
    );
    support::make_fifo(&sb.path("pipe.alloy"));
    let r = sb.check(&["pipe.alloy"]);
    assert_eq!(r.code, 2, "{r:?}");
    assert!(
        r.stderr
            .contains("error: pipe.alloy is a FIFO (named pipe), not a file"),
        "{}",
        r.stderr
    );
}

#[cfg(unix)]
#[test]
fn standard_input_is_read_up_to_the_limit() {
    let sb = Sandbox::new();
    let r =
        support::run_bin_with_stdin_file(sb.dir.path(), &["check", "-"], Path::new("/dev/zero"));
    assert_eq!(r.code, 2, "{r:?}");
    assert!(
        r.stderr
            .contains("error: standard input is larger than 256 MiB, the most alloy-lint reads"),
        "{}",
        r.stderr
    );
}

/// A configuration importing `filename`.
fn importing(filename: &str) -> String {
    format!("import.file \"m\" {{\n\tfilename = \"{filename}\"\n}}\n")
}

/// Checks `config.alloy` in every format: what each printed, together.
fn every_format(sb: &Sandbox) -> (i32, String) {
    let mut all = String::new();
    let mut code = 0;
    for format in ["human", "short", "json", "sarif", "github"] {
        let r = sb.check(&["--format", format, "--color", "never", "config.alloy"]);
        code = code.max(r.code);
        all.push_str(&r.stdout);
        all.push_str(&r.stderr);
    }
    (code, all)
}

#[test]
fn named_files_that_are_not_alloy_are_reported_without_their_text() {
    let sb = Sandbox::new();
    // A private key: does not parse.
    sb.write(
        "keys/id_rsa",
        "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ\n-----END OPENSSH PRIVATE KEY-----\n",
    );
    sb.write("config.alloy", importing("keys/id_rsa"));
    let (code, all) = every_format(&sb);
    assert_eq!(code, 1, "{all}");
    assert!(!all.contains("b3BlbnNzaC1rZXkt"), "{all}");
    assert!(!all.contains("BEGIN OPENSSH"), "{all}");
    let r = sb.check(&["--format", "short", "config.alloy"]);
    assert_eq!(
        r.stdout,
        "config.alloy:2:13: error[module-error]: keys/id_rsa is not an Alloy module: it does \
         not parse (its text is not shown: its name does not end in .alloy) \
         (the first syntax error: keys/id_rsa:1:1)\n"
    );
    // Where, as a related place (a position, no text).
    assert!(
        all.contains("keys/id_rsa:1:1: the first syntax error"),
        "{all}"
    );

    // A .env file: parses (attributes), but is no module.
    sb.write(".env", "API_TOKEN=\"hunter2-secret\"\nPASSWORD=swordfish\n");
    sb.write("config.alloy", importing(".env"));
    let (code, all) = every_format(&sb);
    assert_eq!(code, 1, "{all}");
    for secret in ["hunter2", "swordfish", "API_TOKEN"] {
        assert!(!all.contains(secret), "{secret} in {all}");
    }
    assert!(
        all.contains(
            ".env is not an Alloy module: it holds something other than a declare or import block"
        ),
        "{all}"
    );
    assert!(
        all.contains(".env:1:1: the first statement that is not a declare or import block"),
        "{all}"
    );

    // Binary content, named .alloy: not text.
    sb.write("bin.alloy", b"a = 1\n\xff\xfe zq9hidden \x00");
    sb.write("config.alloy", importing("bin.alloy"));
    let (code, all) = every_format(&sb);
    assert_eq!(code, 1, "{all}");
    assert!(!all.contains("zq9hidden"), "{all}");
    assert!(
        all.contains("bin.alloy is not an Alloy module: it is not text (invalid UTF-8 at 2:1)"),
        "{all}"
    );
}

#[cfg(target_os = "linux")]
#[test]
fn named_special_files_are_refused_at_the_naming_line() {
    let sb = Sandbox::new();
    sb.write(
        "config.alloy",
        importing("/proc/self/environ") + &importing("/dev/zero").replace("\"m\"", "\"z\""),
    );
    let r = sb.check(&["--format", "short", "config.alloy"]);
    assert_eq!(r.code, 1, "{r:?}");
    assert_eq!(
        r.stdout,
        "config.alloy:2:13: error[module-error]: /proc/self/environ is not an Alloy module: it \
         is an entry of /proc, not a file\n\
         config.alloy:5:13: error[module-error]: /dev/zero is not an Alloy module: it is a \
         character device, not a file\n"
    );
}

#[test]
fn a_module_named_alloy_that_does_not_parse_is_shown() {
    let sb = Sandbox::new();
    sb.write("modules/m.alloy", "declare \"a\" {\n");
    sb.write("config.alloy", importing("modules/m.alloy"));
    let r = sb.check(&["--format", "short", "config.alloy"]);
    assert_eq!(r.code, 1, "{r:?}");
    assert!(
        r.stdout.contains(
            "config.alloy:2:13: error[module-error]: module modules/m.alloy does not parse"
        ),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("modules/m.alloy:"), "{}", r.stdout);
}

#[cfg(unix)]
#[test]
fn fix_refuses_read_only_files_unless_asked() {
    use std::os::unix::fs::PermissionsExt;
    let sb = Sandbox::new();
    sb.write(".gitignore", "grafana-token.txt\n");
    let file = sb.write("alloy-config.alloy", FIXABLE);
    fs::set_permissions(&file, fs::Permissions::from_mode(0o444)).unwrap();
    let r = sb.check(&["--fix", "alloy-config.alloy"]);
    assert_eq!(r.code, 2, "{r:?}");
    assert!(
        r.stderr.contains(
            "error: cannot write alloy-config.alloy: it is read-only (left untouched; \
             --overwrite-read-only replaces it)"
        ),
        "{}",
        r.stderr
    );
    assert_eq!(fs::read_to_string(&file).unwrap(), FIXABLE);
    let r = sb.check(&["--fix", "--overwrite-read-only", "alloy-config.alloy"]);
    assert_ne!(r.code, 2, "{r:?}");
    assert_ne!(fs::read_to_string(&file).unwrap(), FIXABLE);
    assert_eq!(
        fs::metadata(&file).unwrap().permissions().mode() & 0o7777,
        0o444
    );
}

#[cfg(unix)]
#[test]
fn a_directory_file_linking_to_a_non_alloy_file_is_not_read() {
    let sb = Sandbox::new();
    sb.write("secrets/.env", "API_TOKEN=\"zq9hidden\"\n");
    sb.write("config/a.alloy", "logging {\n\tlevel = \"info\"\n}\n");
    std::os::unix::fs::symlink("../secrets/.env", sb.path("config/leak.alloy")).unwrap();
    let r = sb.check(&["config"]);
    assert_eq!(r.code, 2, "{r:?}");
    assert!(!r.stdout.contains("zq9hidden") && !r.stderr.contains("zq9hidden"));
    assert!(
        r.stderr.contains(
            "error: cannot read config: config/leak.alloy links to a file whose name does not end in .alloy"
        ),
        "{}",
        r.stderr
    );
}

#[test]
fn a_dashboards_alloy_config_that_is_not_alloy_is_not_quoted() {
    let sb = Sandbox::new();
    sb.write("keys/id_rsa", "-----BEGIN zq9hidden KEY-----\n");
    let dashboard = |config: &str| {
        format!("dashboard \"d\" {{\n\ttitle        = \"D\"\n\talloy_config = \"{config}\"\n}}\n")
    };
    sb.write("config.alloy", dashboard("keys/id_rsa"));
    let (code, all) = every_format(&sb);
    assert_eq!(code, 0, "a warning: {all}");
    assert!(!all.contains("zq9hidden"), "{all}");
    assert!(
        all.contains("cannot check the dashboard against keys/id_rsa: it does not parse"),
        "{all}"
    );
    // Where, as a related place, without the text.
    assert!(
        all.contains("keys/id_rsa:1:1: the first syntax error"),
        "{all}"
    );
    if cfg!(target_os = "linux") {
        sb.write("config.alloy", dashboard("/proc/self/environ"));
        let r = sb.check(&["--format", "short", "config.alloy"]);
        assert!(
            r.stdout.contains(
                "cannot check the dashboard against /proc/self/environ: /proc/self/environ is not an \
                 Alloy configuration: it is an entry of /proc, not a file"
            ),
            "{}",
            r.stdout
        );
    }
}

/// A token pasted in a comment: the file not in git yet, removing the
/// comment before committing is enough; once git tracks the file, its
/// history may hold the token and only revoking it helps.
#[test]
fn a_token_in_a_comment_is_to_remove_or_to_revoke_as_git_holds_the_file() {
    if !support::git_available() {
        eprintln!("skipped: `git --version` fails");
        return;
    }
    let config = "// old token: glc_FAKEoldTOKENstillNOTreal00\nlogging {\n\tlevel = \"info\"\n}\n";
    let sb = Sandbox::new();
    let root = sb.dir.path();
    support::git(root, &["init", "-q"]);
    sb.write("alloy-config.alloy", config);
    let untracked = sb.check(&["--color", "never", "alloy-config.alloy"]);
    assert!(
        untracked
            .stdout
            .contains("help: delete the comment before committing the file"),
        "{}",
        untracked.stdout
    );
    support::git(root, &["add", "alloy-config.alloy"]);
    support::git(root, &["commit", "-qm", "t"]);
    let committed = sb.check(&["--color", "never", "alloy-config.alloy"]);
    assert!(
        committed
            .stdout
            .contains("git tracks this file, so its history may hold the token already: revoke it"),
        "{}",
        committed.stdout
    );
    for run in [&untracked, &committed] {
        assert!(!run.stdout.contains("FAKEold"), "{}", run.stdout);
    }
}
