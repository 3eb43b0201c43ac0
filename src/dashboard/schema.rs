//! The dashboard DSL's schema (`schemas/dashboard.json`, in the format of
//! `components.json` with the extensions its `format` note describes) and
//! Grafana's unit allow-list (`schemas/grafana/units.jsonschema.json`).
//!
//! Both are compiled in and parsed on first use only: checking a
//! configuration never touches them (about 0.7 ms for the two, paid once
//! per process by the first dashboard checked).

use std::collections::{BTreeMap, HashSet};
use std::sync::OnceLock;

use serde::Deserialize;

use super::model::PanelKind;
use crate::schema::model::{Argument, Node};

/// The schema's text.
const SCHEMA_JSON: &str = include_str!("../../schemas/dashboard.json");

/// Grafana's units, from grafana/grafana-foundation-sdk.
const UNITS_JSON: &str = include_str!("../../schemas/grafana/units.jsonschema.json");

/// `schemas/dashboard.json` as written.
#[derive(Debug, Deserialize)]
struct SchemaFile {
    config_blocks: BTreeMap<String, Node>,
    panel: Node,
    panel_kinds: BTreeMap<String, PanelKindJson>,
}

/// One `panel_kinds` entry: what a kind adds to the shared panel and what
/// it leaves out.
#[derive(Debug, Deserialize)]
struct PanelKindJson {
    #[serde(default)]
    arguments: BTreeMap<String, Argument>,
    #[serde(default)]
    blocks: BTreeMap<String, Node>,
    #[serde(default)]
    omit: Vec<String>,
}

/// The `dashboard` block's schema, every `panel.KIND` block in it and in
/// its `row` blocks.
pub fn dashboard() -> &'static Node {
    static SCHEMA: OnceLock<Node> = OnceLock::new();
    SCHEMA
        .get_or_init(|| build(SCHEMA_JSON).expect("the bundled dashboard schema is valid (tested)"))
}

/// The schema of `panel.KIND` blocks.
pub fn panel(kind: PanelKind) -> &'static Node {
    &dashboard().blocks[&format!("panel.{}", kind.plugin_id())]
}

/// Builds the `dashboard` node from the schema text.
fn build(text: &str) -> Result<Node, String> {
    let file: SchemaFile = serde_json::from_str(text).map_err(|e| e.to_string())?;
    let mut dashboard = file
        .config_blocks
        .get("dashboard")
        .cloned()
        .ok_or("no `dashboard` block")?;
    let mut panels = BTreeMap::new();
    for (kind, extra) in file.panel_kinds {
        if PanelKind::from_plugin_id(&kind).is_none() {
            return Err(format!("unknown panel kind `{kind}`"));
        }
        let mut node = file.panel.clone();
        for name in &extra.omit {
            if node.arguments.remove(name).is_none() && node.blocks.remove(name).is_none() {
                return Err(format!("panel kind `{kind}` omits unknown `{name}`"));
            }
        }
        node.arguments.extend(extra.arguments);
        node.blocks.extend(extra.blocks);
        panels.insert(format!("panel.{kind}"), node);
    }
    if panels.len() != PanelKind::ALL.len() {
        return Err("not every panel kind is described".into());
    }
    let row = dashboard.blocks.get_mut("row").ok_or("no `row` block")?;
    row.blocks.extend(panels.clone());
    dashboard.blocks.extend(panels);
    Ok(dashboard)
}

/// Every unit id Grafana knows (`reqps`, `s`, `percentunit`, ...).
pub fn units() -> &'static HashSet<String> {
    static UNITS: OnceLock<HashSet<String>> = OnceLock::new();
    UNITS.get_or_init(|| {
        #[derive(Deserialize)]
        struct Units {
            definitions: BTreeMap<String, UnitDef>,
        }
        #[derive(Deserialize)]
        struct UnitDef {
            #[serde(rename = "const")]
            id: String,
        }
        let units: Units =
            serde_json::from_str(UNITS_JSON).expect("the bundled unit list is valid (tested)");
        units.definitions.into_values().map(|d| d.id).collect()
    })
}

/// Whether `unit` is a unit Grafana accepts: one of its ids, or one of the
/// parametrised forms its unit picker offers (`suffix:req`, `prefix:€`,
/// `currency:EUR`, `si:mW`, `count:req`, `time:YYYY-MM-DD`).
pub fn is_known_unit(unit: &str) -> bool {
    if units().contains(unit) {
        return true;
    }
    match unit.split_once(':') {
        Some((kind, rest)) => {
            !rest.is_empty()
                && matches!(
                    kind,
                    "suffix" | "prefix" | "currency" | "si" | "count" | "time"
                )
        }
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bundled_schema_builds() {
        let d = dashboard();
        assert!(d.labelled);
        assert!(d.arguments["title"].required);
        for kind in PanelKind::ALL {
            let name = format!("panel.{}", kind.plugin_id());
            assert!(d.blocks.contains_key(&name), "{name}");
            assert!(d.blocks["row"].blocks.contains_key(&name), "{name} in row");
        }
        assert!(panel(PanelKind::Timeseries).blocks.contains_key("query"));
        assert!(!panel(PanelKind::Text).blocks.contains_key("query"));
        assert!(panel(PanelKind::Text).arguments["content"].required);
        assert_eq!(
            d.blocks["datasource"].arguments["type"].values,
            ["prometheus", "loki", "tempo"]
        );
    }

    #[test]
    fn malformed_schemas_are_refused() {
        let base = r#"{"config_blocks": {"dashboard": {"blocks": {"row": {}}}}, "panel": {}, "panel_kinds": {KINDS}}"#;
        let bad_kind = base.replace("KINDS", r#""pie": {}"#);
        assert!(build(&bad_kind).unwrap_err().contains("pie"));
        let bad_omit = base.replace("KINDS", r#""stat": {"omit": ["nothing"]}"#);
        assert!(build(&bad_omit).unwrap_err().contains("nothing"));
    }

    #[test]
    fn units_are_grafanas() {
        assert!(units().len() > 200);
        for unit in [
            "none",
            "short",
            "percentunit",
            "reqps",
            "s",
            "bytes",
            "suffix:req",
        ] {
            assert!(is_known_unit(unit), "{unit}");
        }
        for unit in ["seconds", "req/s", "", "suffix:", "foo:bar"] {
            assert!(!is_known_unit(unit), "{unit}");
        }
    }
}
