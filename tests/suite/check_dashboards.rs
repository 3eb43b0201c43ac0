//! `alloy-lint check` on dashboard files: the example dashboard is clean, a
//! directory holding a configuration and dashboards checks each dashboard
//! on its own, and suppressions and settings apply to dashboard
//! diagnostics as to any other.

use crate::support;

use std::fs;

use alloy_lint::check::{Options, Report, Source};
use alloy_lint::dashboard::alloy_config::DashboardOptions;
use support::{run_bin, Sandbox};

const WPT_WORKER: &str = "fixtures/dashboards/wpt-worker.alloy";
const CONFIG: &str = "fixtures/grafana-cloud/alloy-config.alloy";
/// The value of the example dashboard's `alloy_config`.
const NAMED_CONFIG: &str = "\"../grafana-cloud/alloy-config.alloy\"";

/// Checks `sources` as `alloy-lint check` does: dashboard files by the
/// dashboard checker.
fn check(sources: Vec<Source>) -> Report {
    alloy_lint::driver::check_sources(
        sources,
        &Options::default(),
        &DashboardOptions::default(),
        &alloy_lint::files::DiskFiles,
    )
}

fn source(name: &str, text: &str) -> Source {
    Source {
        name: name.into(),
        path: None,
        text: text.as_bytes().to_vec(),
    }
}

#[test]
fn the_wpt_worker_dashboard_is_clean() {
    let text = fs::read_to_string(WPT_WORKER).unwrap();
    let report = check(vec![source(WPT_WORKER, &text)]);
    assert!(report.diagnostics.is_empty(), "{:#?}", report.diagnostics);
    let dashboard = alloy_lint::dashboard::load(WPT_WORKER, text.as_bytes()).unwrap();
    assert_eq!(dashboard.slug, "wpt_worker");
    assert_eq!(dashboard.variables[0].name, "job");
    assert_eq!(dashboard.datasources.len(), 3);
}

#[test]
fn dashboards_next_to_a_configuration_are_checked_on_their_own() {
    let dir = Sandbox::new();
    dir.write("alloy-config.alloy", fs::read(CONFIG).unwrap());
    dir.write("grafana-token.txt", "glc_FAKEexampleTOKENnotREAL000");
    dir.write(".gitignore", "grafana-token.txt\n");
    // The configuration it names sits next to it here.
    let dashboard = fs::read_to_string(WPT_WORKER)
        .unwrap()
        .replace(NAMED_CONFIG, "\"alloy-config.alloy\"");
    dir.write("wpt-worker.alloy", &dashboard);
    // A second dashboard with a problem of each kind: schema, reference,
    // query.
    let broken = dashboard
        .replace("title         = \"wpt-worker\"", "titel = \"wpt-worker\"")
        .replace(
            "datasource = datasource.logs",
            "datasource = datasource.log",
        )
        .replace("[$__rate_interval])))\"", "[$__rate_interval]))\"");
    dir.write("broken.alloy", &broken);
    let run = run_bin(&dir.path(""), &["check", "--format", "short", "."], "");
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert!(
        lines
            .iter()
            .all(|l| l.starts_with("./broken.alloy:") || l.starts_with("Found")),
        "{}",
        run.stdout
    );
    for code in [
        "unknown-attribute",
        "missing-attribute",
        "undefined-reference",
        "invalid-promql",
    ] {
        assert!(
            run.stdout.contains(&format!("[{code}]")),
            "{code}: {}",
            run.stdout
        );
    }
    assert_eq!(run.code, 1);
}

#[test]
fn suppressions_and_settings_apply_to_dashboards() {
    let text = fs::read_to_string(WPT_WORKER)
        .unwrap()
        .replace(
            "unit  = \"s\"",
            "// alloy-lint-ignore unknown-unit\n\t\t\tunit  = \"seconds\"",
        )
        .replace("width = 18", "width = 30")
        // Not next to its configuration here.
        .replace(&format!("\talloy_config  = {NAMED_CONFIG}\n"), "");
    let report = check(vec![source("d.alloy", &text)]);
    let codes: Vec<&str> = report
        .diagnostics
        .iter()
        .filter_map(|d| d.code.map(|c| c.as_str()))
        .collect();
    assert_eq!(codes, ["value-out-of-range"]);

    let dir = Sandbox::new();
    dir.write("d.alloy", &text);
    dir.write(
        "alloy-lint.toml",
        "[rules]\nvalue-out-of-range = \"warning\"\n",
    );
    let run = run_bin(
        &dir.path(""),
        &["check", "--format", "short", "d.alloy"],
        "",
    );
    assert!(
        run.stdout.contains("warning[value-out-of-range]"),
        "{}",
        run.stdout
    );
    assert_eq!(run.code, 0, "{}", run.stdout);
}

#[test]
fn readme_documents_every_dsl_field() {
    let readme = fs::read_to_string("README.md").unwrap();
    let start = readme.find("### The dashboard DSL").expect("a DSL section");
    let section = &readme[start..];
    let section = &section[..section.find("\n### ").unwrap_or(section.len())];
    let mut missing = Vec::new();
    let mut visit = |name: &str, node: &alloy_lint::schema::Node| {
        for field in node.arguments.keys() {
            let listed = section.contains(&format!("| `{field}` |"))
                || section.contains(&format!("`{field}`, `"))
                || section.contains(&format!(", `{field}` |"));
            if !listed {
                missing.push(format!("{name}.{field}"));
            }
        }
    };
    let dashboard = alloy_lint::dashboard::schema::dashboard();
    visit("dashboard", dashboard);
    for (name, block) in &dashboard.blocks {
        visit(name, block);
        for (inner, nested) in &block.blocks {
            if !inner.starts_with("panel.") {
                visit(&format!("{name}.{inner}"), nested);
            }
        }
    }
    // Fields of nested blocks described in prose (`time`, `threshold`,
    // `legend`) are named in backquotes in their row.
    missing.retain(|m| {
        let field = m.rsplit('.').next().unwrap();
        !(m.starts_with("time.") || m.contains(".threshold.") || m.contains(".legend."))
            || !section.contains(&format!("`{field}`"))
    });
    assert!(missing.is_empty(), "README lacks {missing:?}");
}

#[test]
fn dashboards_are_checked_against_the_alloy_config_they_name_or_the_flag() {
    let dir = Sandbox::new();
    dir.write("config/alloy-config.alloy", fs::read(CONFIG).unwrap());
    // A job typo, and a configuration path that names nothing.
    let text = fs::read_to_string(WPT_WORKER)
        .unwrap()
        .replace(
            "{job=\\\"$job\\\"}[$__rate_interval]))",
            "{job=\\\"wpt_worker\\\"}[$__rate_interval]))",
        )
        .replace(NAMED_CONFIG, "\"config/missing.alloy\"");
    dir.write("d.alloy", &text);
    let run = run_bin(
        &dir.path(""),
        &["check", "--format", "short", "d.alloy"],
        "",
    );
    assert!(
        run.stdout.contains("[alloy-config-not-found]"),
        "{}",
        run.stdout
    );
    assert!(
        !run.stdout.contains("[unknown-scrape-job]"),
        "{}",
        run.stdout
    );
    let run = run_bin(
        &dir.path(""),
        &[
            "check",
            "--format",
            "short",
            "--alloy-config",
            "config",
            "d.alloy",
        ],
        "",
    );
    assert!(
        !run.stdout.contains("[alloy-config-not-found]"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains(
            "warning[unknown-scrape-job]: no scrape target of config has job \"wpt_worker\""
        ),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("did you mean") || run.code == 0,
        "{}",
        run.stdout
    );
    assert_eq!(run.code, 0, "warnings only");
}
