//! `import dashboard`: each classic dashboard JSON in
//! `fixtures/dashboards/import/` is imported; the DSL printed is
//! snapshotted, is formatted (formatting it changes nothing), loads with no
//! error, and generates a dashboard that keeps every panel's kind, title,
//! queries, unit and order.

use std::fs;
use std::path::{Path, PathBuf};

use alloy_lint::dashboard::generate::{generate, GenerateOptions};
use alloy_lint::dashboard::import::{import, print};
use alloy_lint::dashboard::load;
use alloy_lint::format::format_source;
use serde_json::Value;

fn fixtures() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/dashboards/import");
    let mut paths: Vec<PathBuf> = fs::read_dir(dir)
        .expect("the fixture directory")
        .map(|e| e.expect("an entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    paths.sort();
    assert!(!paths.is_empty());
    paths
}

/// What must survive the round trip, per panel in order (rows as
/// `row` with their title): kind (`graph` read as `timeseries`), title,
/// the query texts, unit. Kinds the DSL lacks are left out.
fn summary(d: &Value) -> Vec<String> {
    fn unit(p: &Value, kind: &str) -> Option<String> {
        let defaults = p
            .pointer("/fieldConfig/defaults/unit")
            .and_then(Value::as_str);
        let u = match kind {
            "heatmap" => p
                .pointer("/options/yAxis/unit")
                .and_then(Value::as_str)
                .or(defaults),
            "logs" | "traces" | "text" => None,
            _ => defaults.or_else(|| p.pointer("/yaxes/0/format").and_then(Value::as_str)),
        };
        u.filter(|u| !u.is_empty()).map(str::to_owned)
    }
    fn one(p: &Value, out: &mut Vec<String>) {
        let ty = p["type"].as_str().unwrap_or_default();
        let title = p["title"].as_str().unwrap_or_default();
        if ty == "row" {
            out.push(format!("row {title:?}"));
            for inner in p["panels"].as_array().into_iter().flatten() {
                one(inner, out);
            }
            return;
        }
        let kind = if ty == "graph" { "timeseries" } else { ty };
        if alloy_lint::dashboard::model::PanelKind::from_plugin_id(kind).is_none() {
            return;
        }
        let queries: Vec<&str> = if kind == "text" {
            Vec::new()
        } else {
            p["targets"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|t| t["expr"].as_str().or(t["query"].as_str()))
                .filter(|q| !q.trim().is_empty())
                .collect()
        };
        out.push(format!("{kind} {title:?} {queries:?} {:?}", unit(p, kind)));
    }
    let mut out = Vec::new();
    for p in d["panels"].as_array().into_iter().flatten() {
        one(p, &mut out);
    }
    out
}

#[test]
fn imported_dashboards_round_trip() {
    for path in fixtures() {
        let name = path.file_stem().unwrap().to_string_lossy().into_owned();
        let original: Value = serde_json::from_slice(&fs::read(&path).unwrap()).unwrap();
        let imported = import(&original).unwrap_or_else(|e| panic!("{name}: {e}"));
        let text = print(&imported.dashboard);

        let mut snapshot = text.clone();
        if !imported.warnings.is_empty() {
            snapshot.push_str("\n// warnings:\n");
            for w in &imported.warnings {
                snapshot.push_str(&format!("// {}\n", w.message));
            }
        }
        insta::assert_snapshot!(format!("import_{name}"), snapshot);

        assert_eq!(
            format_source(text.as_bytes()).unwrap(),
            text,
            "{name}: the printed DSL is formatted"
        );
        let model = load(&format!("{name}.alloy"), text.as_bytes()).unwrap_or_else(|found| {
            panic!("{name}: the imported DSL does not load: {found:#?}\n{text}")
        });
        let generated = generate(&model, &GenerateOptions::default());
        assert_eq!(summary(&generated), summary(&original), "{name}");
    }
}

#[test]
fn v2_resources_are_refused() {
    let v2 = serde_json::json!({
        "apiVersion": "dashboard.grafana.app/v2beta1",
        "kind": "Dashboard",
        "metadata": { "name": "x" },
        "spec": { "title": "x", "elements": {} },
    });
    let err = import(&v2).unwrap_err();
    assert!(err.message.contains("v2beta1"), "{err}");
}

#[test]
fn the_api_envelope_is_unwrapped() {
    let original: Value =
        serde_json::from_slice(&fs::read(fixtures().into_iter().next().unwrap()).unwrap()).unwrap();
    let wrapped = serde_json::json!({ "dashboard": original.clone(), "meta": {} });
    assert_eq!(
        import(&wrapped).unwrap().dashboard,
        import(&original).unwrap().dashboard
    );
}
