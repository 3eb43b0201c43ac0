//! Generated dashboards: every fixture's JSON passes grafana-foundation-sdk's
//! JSON Schemas (`schemas/grafana/`) strictly, is the same bytes every time,
//! and matches its snapshot.
//!
//! Strictly means the procedure of `schemas/grafana/README.md`: the document
//! against `dashboard.jsonschema.json`; every panel, rows' panels included,
//! its `options` against `<type>#/definitions/Options` and its
//! `fieldConfig.defaults.custom` against `<type>#/definitions/FieldConfig`
//! where the file has one; every target against the query schema of its
//! datasource's type. Only `traces` and `row` panels have no options
//! schema.

use crate::support;

use std::collections::{BTreeSet, HashMap};

use alloy_lint::dashboard::generate::{generate, generate_text, GenerateOptions};
use alloy_lint::dashboard::load;
use alloy_lint::dashboard::model::{Dashboard, PanelKind};
use alloy_lint::diagnostics::human;
use serde_json::{json, Value};

// ---------------------------------------------------------------------------
// Fixtures: `fixtures/dashboards/*.alloy`, each a dashboard that loads
// without errors.
// ---------------------------------------------------------------------------

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/dashboards");

/// The dashboard of `fixtures/dashboards/NAME.alloy`.
fn fixture(name: &str) -> Dashboard {
    let path = format!("{FIXTURES}/{name}.alloy");
    let source = std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    load(&path, &source).unwrap_or_else(|diagnostics| {
        panic!(
            "{path} does not load:\n{}",
            human::render(
                &diagnostics,
                &alloy_lint::secrets::Shown::of_source(&source),
                false
            )
        )
    })
}

/// Every fixture, by name (its file stem), in name order.
fn fixtures() -> Vec<(String, Dashboard)> {
    let mut names: Vec<String> = std::fs::read_dir(FIXTURES)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "alloy"))
        .map(|p| p.file_stem().unwrap().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert!(names.len() >= 2, "fixtures in {FIXTURES}: {names:?}");
    names
        .into_iter()
        .map(|name| {
            let d = fixture(&name);
            (name, d)
        })
        .collect()
}

fn service_overview() -> Dashboard {
    fixture("service-overview")
}

// ---------------------------------------------------------------------------
// Strict validation
// ---------------------------------------------------------------------------

fn schema_file(name: &str) -> Value {
    let path = format!(
        "{}/schemas/grafana/{name}.jsonschema.json",
        env!("CARGO_MANIFEST_DIR")
    );
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn compile(schema: &Value) -> jsonschema::Validator {
    jsonschema::draft7::options()
        .build(schema)
        .expect("the schema compiles")
}

/// A validator for one definition of a schema file: the definitions refer
/// to each other as `#/definitions/...`, so they come along.
fn definition(file: &Value, name: &str) -> Option<jsonschema::Validator> {
    file["definitions"].get(name)?;
    Some(compile(&json!({
        "$ref": format!("#/definitions/{name}"),
        "definitions": file["definitions"],
    })))
}

struct PanelSchemas {
    options: jsonschema::Validator,
    custom: Option<jsonschema::Validator>,
}

struct Schemas {
    dashboard: jsonschema::Validator,
    panels: HashMap<&'static str, PanelSchemas>,
    queries: HashMap<&'static str, jsonschema::Validator>,
}

impl Schemas {
    fn load() -> Self {
        let panels = [
            "timeseries",
            "stat",
            "gauge",
            "bargauge",
            "table",
            "logs",
            "text",
            "heatmap",
        ]
        .into_iter()
        .map(|name| {
            let file = schema_file(name);
            let schemas = PanelSchemas {
                options: definition(&file, "Options").expect("an Options definition"),
                custom: definition(&file, "FieldConfig"),
            };
            (name, schemas)
        })
        .collect();
        let queries = ["prometheus", "loki", "tempo"]
            .into_iter()
            .map(|name| (name, compile(&schema_file(name))))
            .collect();
        Schemas {
            dashboard: compile(&schema_file("dashboard")),
            panels,
            queries,
        }
    }
}

/// What was validated, to be sure the walk saw everything.
#[derive(Default, Debug)]
struct Seen {
    panel_types: BTreeSet<String>,
    custom: usize,
    query_types: BTreeSet<String>,
}

fn errors(validator: &jsonschema::Validator, instance: &Value, at: &str) -> Vec<String> {
    validator
        .iter_errors(instance)
        .map(|e| format!("{at}{}: {e}", e.instance_path))
        .collect()
}

/// Every schema error of `document` (a generated dashboard without the
/// `--share` envelope), following `schemas/grafana/README.md`.
fn validate(schemas: &Schemas, document: &Value, seen: &mut Seen) -> Vec<String> {
    let mut found = errors(&schemas.dashboard, document, "");
    for (i, p) in document["panels"].as_array().unwrap().iter().enumerate() {
        validate_panel(schemas, p, &format!("/panels/{i}"), seen, &mut found);
    }
    found
}

fn validate_panel(
    schemas: &Schemas,
    p: &Value,
    at: &str,
    seen: &mut Seen,
    found: &mut Vec<String>,
) {
    let kind = p["type"].as_str().unwrap();
    seen.panel_types.insert(kind.to_owned());
    if kind == "row" {
        for (i, inner) in p["panels"].as_array().unwrap().iter().enumerate() {
            validate_panel(schemas, inner, &format!("{at}/panels/{i}"), seen, found);
        }
        return;
    }
    match schemas.panels.get(kind) {
        Some(panel) => {
            found.extend(errors(
                &panel.options,
                &p["options"],
                &format!("{at}/options"),
            ));
            let custom = &p["fieldConfig"]["defaults"]["custom"];
            match &panel.custom {
                Some(schema) => {
                    assert!(custom.is_object(), "{at}: no fieldConfig.defaults.custom");
                    seen.custom += 1;
                    found.extend(errors(
                        schema,
                        custom,
                        &format!("{at}/fieldConfig/defaults/custom"),
                    ));
                }
                None => assert!(custom.is_null(), "{at}: custom without a schema"),
            }
        }
        None => assert_eq!(kind, "traces", "{at}: no schema for panel type {kind}"),
    }
    for (i, target) in p["targets"].as_array().into_iter().flatten().enumerate() {
        let datasource = target.get("datasource").unwrap_or(&p["datasource"]);
        let kind = datasource["type"].as_str().unwrap();
        let schema = schemas
            .queries
            .get(kind)
            .unwrap_or_else(|| panic!("{at}/targets/{i}: no schema for {kind} queries"));
        seen.query_types.insert(kind.to_owned());
        found.extend(errors(schema, target, &format!("{at}/targets/{i}")));
    }
}

/// The `--share` output without its import envelope: `__inputs` and
/// `__requires` are what Dashboards > Import reads, and the dashboard
/// schema (`additionalProperties: false`) rejects them, as the README of
/// `schemas/grafana/` notes. Everything else is validated as is.
fn without_envelope(mut shared: Value) -> Value {
    let object = shared.as_object_mut().unwrap();
    assert!(object.remove("__inputs").is_some());
    assert!(object.remove("__requires").is_some());
    shared
}

#[test]
fn generated_dashboards_pass_the_schemas_strictly() {
    let schemas = Schemas::load();
    let mut seen = Seen::default();
    for (name, d) in fixtures() {
        for share in [false, true] {
            let generated = generate(&d, &GenerateOptions { share });
            let document = if share {
                without_envelope(generated)
            } else {
                generated
            };
            let found = validate(&schemas, &document, &mut seen);
            assert!(
                found.is_empty(),
                "{name} (share: {share}):\n{}",
                found.join("\n")
            );
        }
    }
    // The fixtures cover every panel kind and datasource.
    let kinds: BTreeSet<String> = PanelKind::ALL
        .iter()
        .map(|k| k.plugin_id().to_owned())
        .chain(["row".to_owned()])
        .collect();
    assert_eq!(seen.panel_types, kinds);
    assert_eq!(
        seen.query_types,
        ["loki", "prometheus", "tempo"].map(String::from).into()
    );
    assert!(seen.custom > 0);
}

#[test]
fn the_init_starter_dashboard_passes_the_schemas_strictly() {
    // `alloy-lint init` writes a dashboard file: what it generates is held
    // to the same standard as the fixtures.
    let sandbox = support::Sandbox::new();
    let stack = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/init/stack.toml");
    let run = support::run_bin(sandbox.dir.path(), &["init", "--stack", stack], "");
    assert_eq!(run.code, 0, "{}", run.stderr);
    let path = sandbox.path("grafana-dashboard.alloy");
    let source = std::fs::read(&path).unwrap();
    let d = load("grafana-dashboard.alloy", &source).unwrap_or_else(|diagnostics| {
        panic!(
            "{}",
            human::render(
                &diagnostics,
                &alloy_lint::secrets::Shown::of_source(&source),
                false
            )
        )
    });
    let schemas = Schemas::load();
    for share in [false, true] {
        let mut document = generate(&d, &GenerateOptions { share });
        if share {
            document = without_envelope(document);
        }
        let found = validate(&schemas, &document, &mut Seen::default());
        assert!(found.is_empty(), "share: {share}\n{}", found.join("\n"));
    }
}

#[test]
fn the_validation_catches_what_the_schemas_forbid() {
    // The procedure itself is strict: breaking a generated dashboard in the
    // ways the schemas forbid is reported at each level.
    let schemas = Schemas::load();
    let mut document = generate(&service_overview(), &GenerateOptions::default());
    document["__inputs"] = json!([]);
    document["panels"][0]["gridPos"]["x"] = json!(24);
    document["panels"][1]["options"]["reduceOptions"] = json!({});
    document["panels"][8]["panels"][2]["targets"][0]
        .as_object_mut()
        .unwrap()
        .remove("filters");
    let row = &mut document["panels"][8];
    assert_eq!(row["type"], "row");
    row["panels"][0]["options"]["sortOrder"] = json!("Sideways");
    let found = validate(&schemas, &document, &mut Seen::default());
    let text = found.join("\n");
    for expected in [
        "'__inputs' was unexpected",
        // A panel is `oneOf` a panel or a row: the error names the panel.
        "/panels/0: ",
        "/panels/1/options/reduceOptions",
        "/panels/8/panels/0/options/sortOrder",
        "/panels/8/panels/2/targets/0",
    ] {
        assert!(text.contains(expected), "{expected} not in:\n{text}");
    }
}

// ---------------------------------------------------------------------------
// Output
// ---------------------------------------------------------------------------

#[test]
fn generating_twice_gives_the_same_bytes() {
    for (name, d) in fixtures() {
        for share in [false, true] {
            let options = GenerateOptions { share };
            let first = generate_text(&d, &options);
            assert_eq!(first, generate_text(&d.clone(), &options), "{name}");
            assert!(first.ends_with("}\n"));
            let parsed: Value = serde_json::from_str(&first).unwrap();
            assert_eq!(
                parsed,
                generate(&d, &options),
                "{name}: the text is the value"
            );
        }
    }
}

#[test]
fn snapshots() {
    for (name, d) in fixtures() {
        insta::assert_snapshot!(
            name.as_str(),
            generate_text(&d, &GenerateOptions::default())
        );
    }
    insta::assert_snapshot!(
        "service-overview-share",
        generate_text(&service_overview(), &GenerateOptions { share: true })
    );
}

/// Every panel, rows and their panels included.
fn walk(panels: &Value) -> Vec<&Value> {
    let mut all = Vec::new();
    for p in panels.as_array().unwrap() {
        all.push(p);
        if let Some(inner) = p.get("panels") {
            all.extend(walk(inner));
        }
    }
    all
}

/// Every `datasource` reference below `value`.
fn datasource_uids(value: &Value, out: &mut BTreeSet<String>) {
    match value {
        Value::Object(map) => {
            for (key, inner) in map {
                match (key.as_str(), inner.get("uid")) {
                    ("datasource", Some(Value::String(uid))) => {
                        out.insert(uid.clone());
                    }
                    _ => datasource_uids(inner, out),
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|v| datasource_uids(v, out)),
        _ => {}
    }
}

#[test]
fn datasources_are_template_variables_by_default() {
    let document = generate(&service_overview(), &GenerateOptions::default());
    let list = document["templating"]["list"].as_array().unwrap();
    // Datasource variables first, in file order; the fixed-uid datasource
    // has none.
    assert_eq!(list[0]["name"], "metrics");
    assert_eq!(list[0]["type"], "datasource");
    assert_eq!(list[0]["query"], "prometheus");
    assert_eq!(list[1]["name"], "logs");
    assert_eq!(list[1]["query"], "loki");
    assert_eq!(list[2]["name"], "job");
    assert!(document.get("__inputs").is_none());
    assert!(document.get("__requires").is_none());
    let mut uids = BTreeSet::new();
    datasource_uids(&document, &mut uids);
    assert_eq!(
        uids,
        [
            "${logs}",
            "${metrics}",
            "-- Grafana --",
            "-- Mixed --",
            "grafanacloud-traces"
        ]
        .map(String::from)
        .into()
    );
}

#[test]
fn share_mode_declares_inputs_and_requires() {
    let document = generate(&service_overview(), &GenerateOptions { share: true });
    assert_eq!(
        document["__inputs"],
        json!([
            {
                "description": "",
                "label": "metrics",
                "name": "DS_METRICS",
                "pluginId": "prometheus",
                "pluginName": "Prometheus",
                "type": "datasource",
            },
            {
                "description": "",
                "label": "logs",
                "name": "DS_LOGS",
                "pluginId": "loki",
                "pluginName": "Loki",
                "type": "datasource",
            },
        ])
    );
    let requires: Vec<(&str, &str)> = document["__requires"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r["type"].as_str().unwrap(), r["id"].as_str().unwrap()))
        .collect();
    assert_eq!(
        requires,
        [
            ("panel", "bargauge"),
            ("panel", "gauge"),
            ("grafana", "grafana"),
            ("panel", "heatmap"),
            ("panel", "logs"),
            ("datasource", "loki"),
            ("datasource", "prometheus"),
            ("panel", "stat"),
            ("panel", "table"),
            ("datasource", "tempo"),
            ("panel", "text"),
            ("panel", "timeseries"),
            ("panel", "traces"),
        ]
    );
    // No datasource variables: the importer picks the datasources.
    let list = document["templating"]["list"].as_array().unwrap();
    assert!(list.iter().all(|v| v["type"] != "datasource"));
    let mut uids = BTreeSet::new();
    datasource_uids(&document, &mut uids);
    assert_eq!(
        uids,
        [
            "${DS_LOGS}",
            "${DS_METRICS}",
            "-- Grafana --",
            "-- Mixed --",
            "grafanacloud-traces"
        ]
        .map(String::from)
        .into()
    );
}

#[test]
fn ids_are_unique_and_collapsed_rows_carry_their_panels() {
    let document = generate(&service_overview(), &GenerateOptions::default());
    let all = walk(&document["panels"]);
    let ids: BTreeSet<u64> = all.iter().map(|p| p["id"].as_u64().unwrap()).collect();
    assert_eq!(ids.len(), all.len(), "panel ids are unique");

    let top: Vec<&str> = document["panels"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["type"].as_str().unwrap())
        .collect();
    // The open row is followed by its panels; the collapsed row holds its
    // own.
    assert_eq!(
        top,
        [
            "text",
            "bargauge",
            "gauge",
            "row",
            "timeseries",
            "stat",
            "table",
            "heatmap",
            "row"
        ]
    );
    let open = &document["panels"][3];
    assert_eq!(open["collapsed"], false);
    assert_eq!(open["panels"], json!([]));
    let collapsed = &document["panels"][8];
    assert_eq!(collapsed["collapsed"], true);
    let header_y = collapsed["gridPos"]["y"].as_u64().unwrap();
    let inner = collapsed["panels"].as_array().unwrap();
    assert_eq!(inner.len(), 4);
    assert!(inner
        .iter()
        .all(|p| p["gridPos"]["y"].as_u64().unwrap() > header_y));

    // A panel's id depends on its label only.
    let mut fewer = service_overview();
    fewer.items.remove(0);
    let again = generate(&fewer, &GenerateOptions::default());
    let id_of = |doc: &Value, title: &str| {
        walk(&doc["panels"])
            .into_iter()
            .find(|p| p["title"] == title)
            .map(|p| p["id"].clone())
            .unwrap()
    };
    for title in ["Requests by route", "Logs", "Requests"] {
        assert_eq!(id_of(&document, title), id_of(&again, title), "{title}");
    }
}
