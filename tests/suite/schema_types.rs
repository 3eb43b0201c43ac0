//! Every type notation in `schemas/components.json` parses.

use alloy_lint::schema::Type;
use serde_json::Value;

fn collect_types(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::Object(map) => {
            for (k, child) in map {
                if (k == "type" || k == "returns") && child.is_string() {
                    out.push(child.as_str().unwrap().to_string());
                } else {
                    collect_types(child, out);
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|i| collect_types(i, out)),
        _ => {}
    }
}

#[test]
fn every_schema_type_parses() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/schemas/components.json");
    let schema: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let mut types = Vec::new();
    for section in ["components", "config_blocks", "stdlib"] {
        collect_types(&schema[section], &mut types);
    }
    assert!(types.len() > 5000, "found {} types", types.len());
    let failures: Vec<String> = types
        .iter()
        .filter_map(|t| Type::parse(t).err().map(|e| e.to_string()))
        .collect();
    assert!(failures.is_empty(), "{failures:#?}");
}

/// Every argument whose Go type is `any`, `map[string]any` or
/// `[]map[string]any` takes what Alloy's decoder accepts there (see
/// `schemas/README.md`, which cites each Go field).
#[test]
fn arguments_of_go_type_any_take_any_value() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/schemas/components.json");
    let schema: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    // (section, entry, blocks on the way, argument, type)
    let table: &[(&str, &str, &[&str], &str, &str)] = &[
        (
            "components",
            "otelcol.receiver.filelog",
            &[],
            "operators",
            "list(map(any))",
        ),
        (
            "components",
            "otelcol.receiver.filelog",
            &["header"],
            "metadata_operators",
            "list(map(any))",
        ),
        (
            "components",
            "otelcol.auth.oauth2",
            &[],
            "claims",
            "map(any)",
        ),
        (
            "components",
            "otelcol.processor.attributes",
            &["action"],
            "value",
            "any",
        ),
        (
            "components",
            "otelcol.processor.attributes",
            &["include", "attribute"],
            "value",
            "any",
        ),
        (
            "components",
            "otelcol.processor.attributes",
            &["exclude", "resource"],
            "value",
            "any",
        ),
        (
            "components",
            "otelcol.processor.span",
            &["include", "resource"],
            "value",
            "any",
        ),
        (
            "components",
            "otelcol.processor.span",
            &["exclude", "attribute"],
            "value",
            "any",
        ),
        (
            "components",
            "otelcol.connector.count",
            &["spans", "attributes"],
            "default_value",
            "any",
        ),
        (
            "components",
            "otelcol.connector.count",
            &["logs", "attributes"],
            "default_value",
            "any",
        ),
        (
            "components",
            "otelcol.connector.signaltometrics",
            &["spans", "attributes"],
            "default_value",
            "any",
        ),
        (
            "components",
            "otelcol.connector.signaltometrics",
            &["logs", "include_resource_attributes"],
            "default_value",
            "any",
        ),
        ("config_blocks", "argument", &[], "default", "any"),
        ("config_blocks", "export", &[], "value", "any"),
        ("config_blocks", "foreach", &[], "collection", "list(any)"),
    ];
    for (section, entry, blocks, argument, ty) in table {
        let mut node = &schema[section][entry];
        for b in *blocks {
            node = &node["blocks"][b];
        }
        assert_eq!(
            node["arguments"][argument]["type"], *ty,
            "{entry} {blocks:?} {argument}"
        );
    }
}

/// A filelog receiver with the operators Grafana's own configurations use
/// (nested objects, numbers, bools) is no type error.
#[test]
fn filelog_operators_take_nested_values() {
    use alloy_lint::check::{check, Options, Source, StabilityLevel};
    let text = r#"otelcol.receiver.filelog "default" {
	include   = ["/var/log/app/*.log"]
	operators = [
		{
			type      = "regex_parser",
			regex     = "^(?P<time>[^ ]+) (?P<msg>.*)$",
			timestamp = {parse_from = "attributes.time", layout = "%Y-%m-%dT%H:%M:%S"},
		},
		{type = "add", field = "attributes.retries", value = 3},
		{type = "recombine", combine_field = "body", max_batch_size = 1000, preserve_leading_whitespaces = false},
		{type = "router", routes = [{output = "p1", expr = "true"}]},
	]

	header {
		pattern            = "^#"
		metadata_operators = [{type = "regex_parser", regex = "^# (?P<k>.*)$", timestamp = {parse_from = "attributes.k"}}]
	}

	output {
		logs = [otelcol.exporter.debug.default.input]
	}
}

otelcol.exporter.debug "default" {}
"#;
    let report = check(
        vec![Source {
            name: "filelog.alloy".into(),
            path: None,
            text: text.as_bytes().to_vec(),
        }],
        &Options {
            stability: StabilityLevel::Experimental,
            community_components: false,
            ..Options::default()
        },
    );
    assert!(report.diagnostics.is_empty(), "{:#?}", report.diagnostics);
}
