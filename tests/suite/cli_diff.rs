//! `alloy-lint diff` end to end: the built binary run on the fixtures of
//! `fixtures/diff/` and in temporary directories (real exit codes, stdout
//! and stderr).
//!
//! Checked: what counts as a difference (not comments, layout or order),
//! components added, removed and changed with paths into nested and
//! repeated blocks, the JSON shape, `--text`, colours, secrets never
//! printed, the inputs (files, directories, `-`, `REV:PATH` from git),
//! syntax errors and exit codes (0 same meaning, 1 different, 2 errors).

use crate::support;
use support::{git, run_bin, Run, Sandbox};

use std::path::Path;

use serde_json::Value;

/// The Grafana Cloud setup before.
const OLD: &str = "fixtures/diff/grafana-cloud-old.alloy";
/// After: two components added, one removed, five changed.
const NEW: &str = "fixtures/diff/grafana-cloud-new.alloy";
/// [`OLD`] with other comments, layout and order: the same meaning.
const REFORMATTED: &str = "fixtures/diff/grafana-cloud-reformatted.alloy";

/// Runs `alloy-lint diff ARGS` in the crate's directory.
fn diff_in_crate(args: &[&str]) -> Run {
    let argv = [&["diff"][..], args].concat();
    run_bin(Path::new(env!("CARGO_MANIFEST_DIR")), &argv, "")
}

/// A fixture's text.
fn fixture(rel: &str) -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)).unwrap()
}

impl Sandbox {
    /// Runs `alloy-lint diff ARGS` in the sandbox's directory `rel`,
    /// feeding `stdin`.
    fn diff(&self, rel: &str, args: &[&str], stdin: &str) -> Run {
        let argv = [&["diff"][..], args].concat();
        run_bin(&self.path(rel), &argv, stdin)
    }

    /// Runs git in the sandbox's directory `rel`; panics if it fails.
    fn git(&self, rel: &str, args: &[&str]) {
        git(&self.path(rel), args);
    }
}

// ------------------------------------------------------ what counts

#[test]
fn same_meaning_exits_0_whatever_comments_layout_and_order() {
    let r = diff_in_crate(&[OLD, REFORMATTED]);
    assert_eq!(r.code, 0, "{r:?}");
    assert_eq!(r.stdout, "");
    assert_eq!(r.stderr, "No differences in meaning.\n");

    let r = diff_in_crate(&["--format", "json", REFORMATTED, OLD]);
    assert_eq!(r.code, 0, "{r:?}");
    let json: Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(
        json,
        serde_json::json!({"entries": [], "summary": {"added": 0, "removed": 0, "changed": 0}})
    );
}

#[test]
fn a_list_over_several_lines_equals_the_one_line_list() {
    let sb = Sandbox::new();
    sb.write(
        "a.alloy",
        "prometheus.scrape \"w\" {\n\ttargets = [{\"__address__\" = \"localhost:8787\"}]\n\tforward_to = []\n}\n",
    );
    sb.write(
        "b.alloy",
        "prometheus.scrape \"w\" {\n\tforward_to = [\n\t]\n\ttargets = [\n\t\t{\n\t\t\t\"__address__\" = \"localhost:8787\",\n\t\t},\n\t]\n}\n",
    );
    let r = sb.diff("", &["a.alloy", "b.alloy"], "");
    assert_eq!(r.code, 0, "{r:?}");
    assert_eq!(r.stdout, "");
}

#[test]
fn grafana_cloud_changes_human() {
    let r = diff_in_crate(&["--color", "never", OLD, NEW]);
    assert_eq!(r.code, 1, "{r:?}");
    assert_eq!(r.stderr, "2 added, 1 removed, 5 changed.\n");
    // What the snapshot must show, spelled out: nested paths, a repeated
    // block inserted in the middle and the one after it changed, whole
    // components added and removed.
    for line in [
        "~ prometheus.remote_write.grafana_cloud\n    ~ endpoint.basic_auth.username: \"1402587\" → \"1402588\"\n",
        "    + endpoint.queue_config: { capacity = 20000 }\n",
        "    + rule[1]: { source_labels = [\"path\"], regex = \"/healthz\", action = \"drop\" }\n",
        "    ~ rule[2].replacement: \"staging\" → \"production\"\n",
        "- otelcol.processor.batch.default\n",
        "+ loki.source.file.worker_logs\n",
    ] {
        assert!(r.stdout.contains(line), "missing {line:?} in\n{}", r.stdout);
    }
    insta::assert_snapshot!("grafana_cloud_changes_human", r.stdout);
}

#[test]
fn grafana_cloud_changes_json() {
    let r = diff_in_crate(&["--format", "json", OLD, NEW]);
    assert_eq!(r.code, 1, "{r:?}");
    assert_eq!(r.stderr, "");
    let json: Value = serde_json::from_str(&r.stdout).unwrap();
    let entries = json["entries"].as_array().unwrap();
    for e in entries {
        let keys: Vec<&str> = e.as_object().unwrap().keys().map(String::as_str).collect();
        assert_eq!(keys.len(), 5, "{e}");
        for key in ["kind", "component", "path", "old", "new"] {
            assert!(keys.contains(&key), "{e}");
        }
        match e["kind"].as_str().unwrap() {
            "added" => assert!(e["old"].is_null() && e["new"].is_string(), "{e}"),
            "removed" => assert!(e["new"].is_null() && e["old"].is_string(), "{e}"),
            "changed" => assert!(e["old"].is_string() && e["new"].is_string(), "{e}"),
            other => panic!("kind {other}"),
        }
    }
    let removed = entries
        .iter()
        .find(|e| e["component"] == "otelcol.processor.batch.default")
        .unwrap();
    assert_eq!(removed["kind"], "removed");
    assert!(removed["path"].is_null());
    assert_eq!(
        json["summary"],
        serde_json::json!({"added": 2, "removed": 1, "changed": 5})
    );
    insta::assert_snapshot!("grafana_cloud_changes_json", r.stdout);
}

#[test]
fn text_is_a_unified_diff_of_the_formatted_files() {
    let r = diff_in_crate(&["--text", "--color", "never", OLD, NEW]);
    assert_eq!(r.code, 1, "{r:?}");
    assert!(
        r.stdout.starts_with(&format!("--- {OLD}\n+++ {NEW}\n")),
        "{}",
        r.stdout
    );
    insta::assert_snapshot!("grafana_cloud_changes_text", r.stdout);

    // Layout alone: the formatted texts are equal.
    let sb = Sandbox::new();
    sb.write("a.alloy", "logging {\n  level=\"info\"\n}\n");
    sb.write("b.alloy", "logging {\n\tlevel = \"info\"\n}\n");
    let r = sb.diff("", &["--text", "a.alloy", "b.alloy"], "");
    assert_eq!((r.code, r.stdout.as_str()), (0, ""), "{r:?}");
    // A comment is no difference in meaning, but shows in the text.
    sb.write("c.alloy", "// chatty\nlogging {\n\tlevel = \"info\"\n}\n");
    assert_eq!(sb.diff("", &["a.alloy", "c.alloy"], "").code, 0);
    let r = sb.diff("", &["--text", "a.alloy", "c.alloy"], "");
    assert_eq!(r.code, 1, "{r:?}");
    assert!(r.stdout.contains("+// chatty\n"), "{}", r.stdout);
}

#[test]
fn colours_follow_the_color_flag() {
    let r = diff_in_crate(&["--color", "always", OLD, NEW]);
    assert_eq!(r.code, 1);
    assert!(
        r.stdout.contains("\x1b[33m~ \x1b[1mlogging\x1b[22m"),
        "{:?}",
        r.stdout
    );
    assert!(r
        .stdout
        .contains("\x1b[32m+ \x1b[1mloki.source.file.worker_logs"));
    assert!(r
        .stdout
        .contains("\x1b[31m- \x1b[1motelcol.processor.batch.default"));
    // Not a terminal: no colour by default.
    let r = diff_in_crate(&[OLD, NEW]);
    assert!(!r.stdout.contains('\x1b'), "{:?}", r.stdout);
    let r = diff_in_crate(&["--text", "--color", "always", OLD, NEW]);
    assert!(
        r.stdout.contains("\x1b[31m-\tlevel  = \"info\"\x1b[0m"),
        "{:?}",
        r.stdout
    );
}

// ----------------------------------------------------------- secrets

#[test]
fn secret_values_are_never_printed() {
    // Built at run time, so that secret scanners do not flag this file.
    let password = ["hunter2", "hunter2"].concat();
    let other = ["correct-horse", "-battery"].concat();
    let token = format!(
        "gl{}_{}",
        "c", "eyJvIjoiMTIzNDU2IiwibiI6IndwdC13b3JrZXIiLCJrIjoiRkFLRWZha2VGQUtFMTIzNCJ9"
    );
    let config = |remote_password: &str, loki_password: &str| {
        format!(
            r#"prometheus.remote_write "grafana_cloud" {{
	endpoint {{
		url = "https://prometheus-prod-13-prod-us-east-0.grafana.net/api/prom/push"

		basic_auth {{
			username = "1402587"
			password = "{remote_password}"
		}}
	}}
}}

loki.write "grafana_cloud" {{
	endpoint {{
		url = "https://logs-prod-006.grafana.net/loki/api/v1/push"

		basic_auth {{
			username = "698554"
			password = "{loki_password}"
		}}
	}}
}}
"#
        )
    };
    let sb = Sandbox::new();
    sb.write("old.alloy", config(&password, "plain-loki-pass"));
    sb.write("new.alloy", config(&other, &token));

    let human = sb.diff("", &["old.alloy", "new.alloy"], "");
    let json = sb.diff("", &["--format", "json", "old.alloy", "new.alloy"], "");
    let text = sb.diff("", &["--text", "old.alloy", "new.alloy"], "");
    for r in [&human, &json, &text] {
        assert_eq!(r.code, 1, "{r:?}");
        for secret in [&password, &other, &token, &"plain-loki-pass".to_owned()] {
            assert!(
                !r.stdout.contains(secret.as_str()),
                "{secret} in\n{}",
                r.stdout
            );
            assert!(
                !r.stderr.contains(secret.as_str()),
                "{secret} in\n{}",
                r.stderr
            );
        }
    }
    // The change is still reported, with what may be shown.
    assert!(
        human.stdout.contains(
            "~ prometheus.remote_write.grafana_cloud\n    ~ endpoint.basic_auth.password: \"hu…(14 chars)\" → \"co…(21 chars)\"\n"
        ),
        "{}",
        human.stdout
    );
    assert!(
        human.stdout.contains(&format!(
            "~ endpoint.basic_auth.password: \"pl…(15 chars)\" → \"glc_…({} chars)\"",
            token.len()
        )),
        "{}",
        human.stdout
    );
    let entries: Value = serde_json::from_str(&json.stdout).unwrap();
    assert_eq!(
        entries["entries"][0]["path"],
        "endpoint.basic_auth.password"
    );
    assert_eq!(entries["entries"][0]["old"], "\"hu…(14 chars)\"");
    assert!(
        text.stdout.contains("-\t\t\tpassword = \"hu************\""),
        "{}",
        text.stdout
    );
}

// ------------------------------------------------------------ inputs

#[test]
fn standard_input_is_one_side() {
    let r = run_bin(
        Path::new(env!("CARGO_MANIFEST_DIR")),
        &["diff", "--color", "never", "-", NEW],
        &fixture(OLD),
    );
    assert_eq!(r.code, 1, "{r:?}");
    assert_eq!(
        r.stdout,
        diff_in_crate(&["--color", "never", OLD, NEW]).stdout
    );
    let r = run_bin(
        Path::new(env!("CARGO_MANIFEST_DIR")),
        &["diff", REFORMATTED, "-"],
        &fixture(OLD),
    );
    assert_eq!(r.code, 0, "{r:?}");

    let r = diff_in_crate(&["-", "-"]);
    assert_eq!(r.code, 2, "{r:?}");
    assert!(
        r.stderr.contains("can be only one of OLD and NEW"),
        "{}",
        r.stderr
    );
}

#[test]
fn a_directory_is_one_configuration() {
    let sb = Sandbox::new();
    let logging = "logging {\n\tlevel = \"info\"\n}\n";
    let scrape = "prometheus.scrape \"w\" {\n\ttargets = []\n\tforward_to = []\n}\n";
    sb.write("conf/logging.alloy", logging);
    sb.write("conf/metrics.alloy", scrape);
    sb.write("conf/notes.txt", "not a configuration");
    sb.write("conf/sub/ignored.alloy", "ignored { }\n");
    sb.write("all.alloy", format!("{scrape}\n{logging}"));
    let r = sb.diff("", &["conf", "all.alloy"], "");
    assert_eq!(r.code, 0, "{r:?}");

    sb.write("changed/logging.alloy", logging.replace("info", "warn"));
    sb.write("changed/metrics.alloy", scrape);
    let r = sb.diff("", &["--color", "never", "conf", "changed/"], "");
    assert_eq!(r.code, 1, "{r:?}");
    assert_eq!(r.stdout, "~ logging\n    ~ level: \"info\" → \"warn\"\n");
    // --text pairs the directories' files by name.
    let r = sb.diff("", &["--text", "conf", "changed"], "");
    assert_eq!(r.code, 1, "{r:?}");
    assert!(
        r.stdout
            .starts_with("--- conf/logging.alloy\n+++ changed/logging.alloy\n"),
        "{}",
        r.stdout
    );

    std::fs::create_dir(sb.path("empty")).unwrap();
    let r = sb.diff("", &["empty", "all.alloy"], "");
    assert_eq!(r.code, 2, "{r:?}");
    assert!(
        r.stderr
            .contains("no *.alloy files at the top level of empty"),
        "{}",
        r.stderr
    );
}

#[test]
fn rev_path_reads_from_git_relative_to_the_current_directory() {
    let sb = Sandbox::new();
    sb.write("repo/deploy/alloy-config.alloy", fixture(OLD));
    sb.git("repo", &["init", "-q"]);
    sb.git("repo", &["add", "."]);
    sb.git("repo", &["commit", "-q", "-m", "old"]);
    sb.write("repo/deploy/alloy-config.alloy", fixture(NEW));

    // In deploy/, `HEAD:alloy-config.alloy` is deploy/alloy-config.alloy.
    let r = sb.diff(
        "repo/deploy",
        &[
            "--color",
            "never",
            "HEAD:alloy-config.alloy",
            "alloy-config.alloy",
        ],
        "",
    );
    assert_eq!(r.code, 1, "{r:?}");
    assert_eq!(
        r.stdout,
        diff_in_crate(&["--color", "never", OLD, NEW]).stdout
    );
    // A directory at a revision.
    let r = sb.diff("repo", &["HEAD:deploy", "deploy"], "");
    assert_eq!(r.code, 1, "{r:?}");
    assert_eq!(r.stderr, "2 added, 1 removed, 5 changed.\n");
    // --text names the revision.
    let r = sb.diff(
        "repo/deploy",
        &["--text", "HEAD:alloy-config.alloy", "alloy-config.alloy"],
        "",
    );
    assert!(
        r.stdout
            .starts_with("--- HEAD:alloy-config.alloy\n+++ alloy-config.alloy\n"),
        "{}",
        r.stdout
    );
    // Unchanged against the commit.
    sb.write("repo/deploy/alloy-config.alloy", fixture(REFORMATTED));
    let r = sb.diff(
        "repo/deploy",
        &["HEAD:./alloy-config.alloy", "alloy-config.alloy"],
        "",
    );
    assert_eq!(r.code, 0, "{r:?}");

    // A path the revision does not have: git's message, exit 2.
    let r = sb.diff(
        "repo/deploy",
        &["HEAD:missing.alloy", "alloy-config.alloy"],
        "",
    );
    assert_eq!(r.code, 2, "{r:?}");
    assert!(
        r.stderr.contains("cannot read HEAD:missing.alloy: "),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("missing.alloy"), "{}", r.stderr);
    // An unknown revision.
    let r = sb.diff(
        "repo/deploy",
        &["nosuchrev:alloy-config.alloy", "alloy-config.alloy"],
        "",
    );
    assert_eq!(r.code, 2, "{r:?}");
    assert!(
        r.stderr
            .contains("cannot read nosuchrev:alloy-config.alloy"),
        "{}",
        r.stderr
    );
}

#[test]
fn an_existing_file_with_a_colon_wins_over_rev_path() {
    let sb = Sandbox::new();
    sb.write("HEAD:a.alloy", "logging {\n\tlevel = \"warn\"\n}\n");
    sb.write("a.alloy", "logging {\n\tlevel = \"info\"\n}\n");
    // Not a git repository: only the file can be meant.
    let r = sb.diff("", &["--color", "never", "HEAD:a.alloy", "a.alloy"], "");
    assert_eq!(r.code, 1, "{r:?}");
    assert_eq!(r.stdout, "~ logging\n    ~ level: \"warn\" → \"info\"\n");
}

// ------------------------------------------------------------ errors

#[test]
fn a_side_that_does_not_parse_exits_2_with_its_position() {
    let sb = Sandbox::new();
    sb.write("good.alloy", "logging {\n\tlevel = \"info\"\n}\n");
    sb.write("bad.alloy", "prometheus.scrape \"w\" {\n\ttargets = [\n}\n");
    let r = sb.diff("", &["--color", "never", "good.alloy", "bad.alloy"], "");
    assert_eq!(r.code, 2, "{r:?}");
    assert_eq!(r.stdout, "");
    assert!(
        r.stderr.contains("expected expression, got }"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("[bad.alloy:3:1]"), "{}", r.stderr);
    // Standard input is named as such.
    let r = sb.diff("", &["--format", "json", "-", "good.alloy"], "a = [\n");
    assert_eq!(r.code, 2, "{r:?}");
    assert_eq!(r.stdout, "");
    assert!(r.stderr.contains("[<stdin>:"), "{}", r.stderr);
}

#[test]
fn unreadable_inputs_and_usage_errors_exit_2() {
    let sb = Sandbox::new();
    sb.write("a.alloy", "logging { }\n");
    let r = sb.diff("", &["a.alloy", "missing.alloy"], "");
    assert_eq!(r.code, 2, "{r:?}");
    assert!(
        r.stderr.contains("cannot read missing.alloy"),
        "{}",
        r.stderr
    );
    // Both sides are reported.
    let r = sb.diff("", &["gone.alloy", "missing.alloy"], "");
    assert_eq!(r.code, 2, "{r:?}");
    assert!(r.stderr.contains("gone.alloy") && r.stderr.contains("missing.alloy"));

    let r = sb.diff("", &["a.alloy"], "");
    assert_eq!(r.code, 2, "{r:?}");
    let r = sb.diff(
        "",
        &["--text", "--format", "json", "a.alloy", "a.alloy"],
        "",
    );
    assert_eq!(r.code, 2, "{r:?}");
    assert!(r.stderr.contains("cannot be used with"), "{}", r.stderr);
}
