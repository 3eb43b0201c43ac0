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
