//! `alloy-lint import dashboard` end to end: the built binary run in
//! temporary directories (standard output, `-`, `-o` and `--force`,
//! refused inputs, warnings, exit codes).

use crate::support;
use support::{run_bin, Run, Sandbox};

use std::fs;

use alloy_lint::dashboard::import::{import_source, print};

/// A classic dashboard: one time series the DSL keeps, one pie chart it
/// cannot.
const CLASSIC: &str = r#"{
  "title": "Service",
  "uid": "service",
  "templating": { "list": [
    { "name": "datasource", "type": "datasource", "query": "prometheus" }
  ] },
  "panels": [
    {
      "type": "timeseries",
      "title": "Requests",
      "datasource": { "type": "prometheus", "uid": "$datasource" },
      "gridPos": { "h": 8, "w": 12, "x": 0, "y": 0 },
      "fieldConfig": { "defaults": { "unit": "reqps" }, "overrides": [] },
      "targets": [ { "expr": "sum(rate(http_requests_total[5m]))", "refId": "A" } ]
    },
    {
      "type": "piechart",
      "title": "By code",
      "datasource": { "type": "prometheus", "uid": "$datasource" },
      "gridPos": { "h": 8, "w": 12, "x": 12, "y": 0 },
      "targets": [ { "expr": "sum by (code) (http_requests_total)", "refId": "A" } ]
    }
  ]
}
"#;

const LEGACY: &str = include_str!("../../fixtures/dashboards/import/legacy-graph.json");

/// The warning the pie chart of [`CLASSIC`] gives.
const PIECHART_WARNING: &str =
    "warning: panel \"By code\" skipped: the DSL has no \"piechart\" panels\n";

/// What the library prints for `json`.
fn expected(json: &str) -> String {
    print(
        &import_source(json.as_bytes())
            .expect("the JSON imports")
            .dashboard,
    )
}

/// Runs `alloy-lint import dashboard ARGS` without colours.
fn import(sandbox: &Sandbox, args: &[&str], stdin: &str) -> Run {
    let mut all = vec!["import", "dashboard", "--color", "never"];
    all.extend_from_slice(args);
    run_bin(sandbox.dir.path(), &all, stdin)
}

/// The names in the sandbox's top directory, sorted.
fn names(sandbox: &Sandbox) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(sandbox.dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    names
}

#[test]
fn prints_the_dashboard_file_on_standard_output() {
    let sandbox = Sandbox::new();
    sandbox.write("d.json", CLASSIC);
    let run = import(&sandbox, &["d.json"], "");
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stdout, expected(CLASSIC));
    assert!(run.stdout.starts_with("dashboard \"service\" {\n"));
    assert!(run.stdout.contains("panel.timeseries \"requests\" {"));
    assert!(run.stdout.contains("unit  = \"reqps\""), "{}", run.stdout);

    let legacy = import(&sandbox, &["-"], LEGACY);
    assert_eq!(legacy.code, 0, "{}", legacy.stderr);
    assert_eq!(legacy.stdout, expected(LEGACY));
    assert!(legacy.stdout.contains("panel.timeseries"), "a graph panel");
}

#[test]
fn warnings_go_to_standard_error_and_keep_the_exit_code() {
    let sandbox = Sandbox::new();
    sandbox.write("d.json", CLASSIC);
    let run = import(&sandbox, &["d.json"], "");
    assert_eq!(run.code, 0);
    assert_eq!(run.stderr, PIECHART_WARNING);
    assert!(!run.stdout.contains("By code"), "{}", run.stdout);
    assert!(!run.stdout.contains("warning"), "{}", run.stdout);

    // With colours, the label is painted and the message the same.
    let run = run_bin(
        sandbox.dir.path(),
        &["import", "dashboard", "--color", "always", "d.json"],
        "",
    );
    assert_eq!(run.code, 0);
    assert_eq!(
        run.stderr,
        PIECHART_WARNING.replace("warning", "\x1b[1;33mwarning\x1b[0m")
    );
}

#[test]
fn writes_the_output_file_which_checks_clean() {
    let sandbox = Sandbox::new();
    sandbox.write("d.json", CLASSIC);
    let run = import(&sandbox, &["d.json", "-o", "d.alloy"], "");
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stdout, "");
    assert_eq!(run.stderr, PIECHART_WARNING);
    assert_eq!(
        fs::read_to_string(sandbox.path("d.alloy")).unwrap(),
        expected(CLASSIC)
    );
    // Written whole: no temporary file is left beside it.
    assert_eq!(names(&sandbox), ["d.alloy", "d.json"]);

    let check = run_bin(
        sandbox.dir.path(),
        &["check", "--color", "never", "d.alloy"],
        "",
    );
    assert_eq!(check.code, 0, "{}{}", check.stdout, check.stderr);
    assert!(
        format!("{}{}", check.stdout, check.stderr).contains("No problems found in 1 file."),
        "{check:?}"
    );
}

#[test]
fn an_existing_output_is_replaced_only_with_force() {
    let sandbox = Sandbox::new();
    sandbox.write("d.json", CLASSIC);
    let edited = "// edited by hand\n";
    sandbox.write("d.alloy", edited);

    let run = import(&sandbox, &["d.json", "-o", "d.alloy"], "");
    assert_eq!(run.code, 2);
    assert_eq!(run.stdout, "");
    assert!(
        run.stderr
            .ends_with("error: d.alloy exists: nothing written (--force replaces it)\n"),
        "{}",
        run.stderr
    );
    assert_eq!(fs::read_to_string(sandbox.path("d.alloy")).unwrap(), edited);

    let run = import(&sandbox, &["d.json", "-o", "d.alloy", "--force"], "");
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        fs::read_to_string(sandbox.path("d.alloy")).unwrap(),
        expected(CLASSIC)
    );
    assert_eq!(names(&sandbox), ["d.alloy", "d.json"]);

    // Not even --force writes over the JSON being imported.
    let run = import(&sandbox, &["d.json", "-o", "./d.json", "--force"], "");
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("dashboard JSON itself"),
        "{}",
        run.stderr
    );
    assert_eq!(fs::read_to_string(sandbox.path("d.json")).unwrap(), CLASSIC);
}

#[test]
fn v2_resources_are_refused() {
    let sandbox = Sandbox::new();
    let v2 = r#"{"apiVersion": "dashboard.grafana.app/v2beta1", "kind": "Dashboard", "metadata": {"name": "d"}, "spec": {"title": "D", "elements": {}}}"#;
    sandbox.write("v2.json", v2);
    let run = import(&sandbox, &["v2.json", "-o", "d.alloy"], "");
    assert_eq!(run.code, 2);
    assert_eq!(run.stdout, "");
    assert!(
        run.stderr.starts_with(
            "error: v2.json: dashboard.grafana.app/v2beta1 is a v2 dashboard resource"
        ),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("classic"), "{}", run.stderr);
    assert!(!sandbox.path("d.alloy").exists());
}

#[test]
fn invalid_json_is_refused_with_its_position() {
    let sandbox = Sandbox::new();
    let run = import(&sandbox, &["-"], "{\n  \"title\": \"x\",\n  oops\n}\n");
    assert_eq!(run.code, 2);
    assert_eq!(run.stdout, "");
    assert!(
        run.stderr.starts_with("error: <stdin>: not JSON: "),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("line 3 column 3"), "{}", run.stderr);

    sandbox.write("cut.json", "{\"title\": ");
    let run = import(&sandbox, &["cut.json"], "");
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.starts_with("error: cut.json: not JSON: "),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("line 1 column 10"), "{}", run.stderr);
}

#[test]
fn a_missing_input_file_exits_2() {
    let sandbox = Sandbox::new();
    let run = import(&sandbox, &["missing.json", "-o", "d.alloy"], "");
    assert_eq!(run.code, 2);
    assert_eq!(run.stdout, "");
    assert!(
        run.stderr.starts_with("error: cannot read missing.json: "),
        "{}",
        run.stderr
    );
    assert!(!sandbox.path("d.alloy").exists());
}

#[test]
fn output_dash_is_standard_output() {
    let sandbox = Sandbox::new();
    sandbox.write("d.json", CLASSIC);
    let run = import(&sandbox, &["d.json", "-o", "-"], "");
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stdout, expected(CLASSIC));
    assert_eq!(names(&sandbox), ["d.json"]);
}

#[cfg(unix)]
#[test]
fn special_files_are_neither_read_nor_replaced() {
    let sandbox = Sandbox::new();
    sandbox.write("d.json", CLASSIC);
    let run = import(&sandbox, &["d.json", "-o", "/dev/null", "--force"], "");
    assert_eq!(run.code, 2, "{run:?}");
    assert_eq!(
        run.stderr.lines().last().unwrap(),
        "error: cannot write /dev/null: it is a character device, not a file"
    );
    let run = import(&sandbox, &["/dev/zero"], "");
    assert_eq!(run.code, 2, "{run:?}");
    assert_eq!(
        run.stderr,
        "error: /dev/zero is a character device, not a file\n"
    );
}
