//! `alloy-lint import dashboard`: an existing Grafana classic dashboard
//! JSON into the dashboard DSL, so a team can move a dashboard over.
//!
//! The JSON is read leniently, as Grafana's own import reads it: missing
//! fields take Grafana's defaults, legacy forms (string datasources,
//! `graph` panels, variable query objects) are understood. Everything is
//! built into [`model::Dashboard`] first (`datasources`, `panels`), then
//! printed as DSL text (`print`). What the DSL cannot hold is dropped with
//! a [`Warning`] that names it, never silently; queries, units and
//! variables are kept verbatim even where `check` will object, so that
//! `check` shows what to fix.

mod datasources;
mod labels;
mod panels;
mod print;

use serde_json::Value;

use super::model::{Dashboard, TimeRange, Variable, VariableKind};
use crate::diagnostics::Span;
use datasources::Datasources;
use labels::Labels;

pub use print::print;

/// Something of the imported dashboard the DSL does not keep as it was.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    pub message: String,
}

/// Why a file cannot be imported at all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportError {
    pub message: String,
}

impl std::fmt::Display for ImportError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for ImportError {}

/// An imported dashboard and what did not survive the import.
#[derive(Debug, Clone)]
pub struct Imported {
    pub dashboard: Dashboard,
    pub warnings: Vec<Warning>,
}

/// Parses `source` as dashboard JSON and imports it.
pub fn import_source(source: &[u8]) -> Result<Imported, ImportError> {
    let json: Value = serde_json::from_slice(source).map_err(|e| ImportError {
        message: format!("not JSON: {e}"),
    })?;
    import(&json)
}

/// Imports a classic dashboard: the dashboard object itself, or the
/// `{"dashboard": {...}}` envelope of Grafana's HTTP API.
pub fn import(json: &Value) -> Result<Imported, ImportError> {
    if let Some(api) = json.get("apiVersion").and_then(Value::as_str) {
        if api.starts_with("dashboard.grafana.app/v2") {
            return Err(ImportError {
                message: format!(
                    "{api} is a v2 dashboard resource: only classic (v1) dashboard JSON can be imported (in Grafana, export it as classic JSON)"
                ),
            });
        }
        if let Some(spec) = json.get("spec").filter(|s| s.is_object()) {
            return import(spec);
        }
    }
    let d = match json.get("dashboard") {
        Some(inner) if inner.is_object() && json.get("panels").is_none() => inner,
        _ => json,
    };
    if !d.is_object() {
        return Err(ImportError {
            message: "not a dashboard: the JSON is not an object".into(),
        });
    }
    if d.get("panels").is_none() && d.get("rows").is_some() {
        return Err(ImportError {
            message: "a dashboard from before Grafana 5 (`rows` without `panels`): open and save it in a current Grafana first".into(),
        });
    }
    let mut warnings = Vec::new();
    let mut sources = Datasources::new(d);
    let variables = variables(d, &mut sources, &mut warnings);
    let items = panels::items(d, &mut sources, &mut warnings);
    let title = str_of(d, "title").unwrap_or_default().to_owned();
    let slug = slug(d, &title, &mut warnings);
    let refresh = match d.get("refresh") {
        Some(Value::String(r)) if !r.is_empty() => Some(r.clone()),
        _ => None,
    };
    let default_time = TimeRange::default();
    let time = TimeRange {
        from: d
            .pointer("/time/from")
            .and_then(Value::as_str)
            .unwrap_or(&default_time.from)
            .to_owned(),
        to: d
            .pointer("/time/to")
            .and_then(Value::as_str)
            .unwrap_or(&default_time.to)
            .to_owned(),
    };
    let dashboard = Dashboard {
        slug,
        title,
        description: str_of(d, "description")
            .filter(|s| !s.is_empty())
            .map(str::to_owned),
        tags: d
            .get("tags")
            .and_then(Value::as_array)
            .map(|tags| {
                tags.iter()
                    .filter_map(Value::as_str)
                    .map(str::to_owned)
                    .collect()
            })
            .unwrap_or_default(),
        refresh,
        time,
        timezone: str_of(d, "timezone")
            .filter(|s| !s.is_empty())
            .unwrap_or("browser")
            .to_owned(),
        editable: d.get("editable").and_then(Value::as_bool).unwrap_or(true),
        graph_tooltip: d
            .get("graphTooltip")
            .and_then(Value::as_u64)
            .map_or(0, |g| g.min(2) as u8),
        alloy_config: None,
        datasources: sources.into_declared(),
        variables,
        items,
        span: NO_SPAN,
    };
    Ok(Imported {
        dashboard,
        warnings,
    })
}

/// Imported things point nowhere in a file.
const NO_SPAN: Span = Span { offset: 0, len: 0 };

fn str_of<'a>(v: &'a Value, key: &str) -> Option<&'a str> {
    v.get(key).and_then(Value::as_str)
}

/// Records a warning. Warnings quote titles and queries from the JSON, so
/// a credential in one is redacted.
fn warn(warnings: &mut Vec<Warning>, message: String) {
    warnings.push(Warning {
        message: crate::secrets::redact_message(&message, &[]),
    });
}

/// The dashboard's label: its uid when that is an identifier (the uid
/// then survives), else one made of the title.
fn slug(d: &Value, title: &str, warnings: &mut Vec<Warning>) -> String {
    let uid = str_of(d, "uid").unwrap_or_default();
    if labels::is_identifier(uid) && uid.len() <= 40 {
        return uid.to_owned();
    }
    let mut slug = labels::identifier(title, "dashboard");
    slug.truncate(40);
    if !uid.is_empty() {
        warn(
            warnings,
            format!(
                "the uid {uid:?} is not an identifier, so it cannot be the dashboard's label: the dashboard's uid becomes {slug:?} (links to the old uid will not find it)"
            ),
        );
    }
    slug
}

/// The template variables the DSL has; datasource variables become
/// `datasource` blocks instead.
fn variables(d: &Value, sources: &mut Datasources, warnings: &mut Vec<Warning>) -> Vec<Variable> {
    let mut names = Labels::default();
    let mut out = Vec::new();
    let list = d
        .pointer("/templating/list")
        .and_then(Value::as_array)
        .map(Vec::as_slice)
        .unwrap_or_default();
    for v in list {
        let ty = str_of(v, "type").unwrap_or("query");
        let raw_name = str_of(v, "name").unwrap_or_default();
        if ty == "datasource" {
            continue;
        }
        let query_text = match v.get("query") {
            Some(Value::String(s)) => s.clone(),
            Some(Value::Object(o)) => o
                .get("query")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_owned(),
            _ => String::new(),
        };
        let kind = match ty {
            "query" => {
                let ds = match sources.variable_source(v) {
                    Ok(ds) => ds,
                    Err(plugin) => {
                        warn(
                            warnings,
                            format!("variable {raw_name:?} skipped: the DSL has no queries for {plugin:?} datasources"),
                        );
                        continue;
                    }
                };
                VariableKind::Query {
                    datasource: ds,
                    query: query_text,
                    regex: str_of(v, "regex")
                        .filter(|r| !r.is_empty())
                        .map(str::to_owned),
                    sort: v
                        .get("sort")
                        .and_then(Value::as_u64)
                        .map_or(0, |s| s.min(8) as u8),
                    refresh: match v.get("refresh").and_then(Value::as_u64) {
                        Some(2) => 2,
                        _ => 1,
                    },
                }
            }
            "custom" => VariableKind::Custom {
                values: split_values(&query_text),
            },
            "interval" => VariableKind::Interval {
                values: split_values(&query_text),
                auto: v.get("auto").and_then(Value::as_bool).unwrap_or(false),
            },
            "constant" => VariableKind::Constant { value: query_text },
            "textbox" => VariableKind::Textbox {
                default: query_text,
            },
            other => {
                warn(
                    warnings,
                    format!("variable {raw_name:?} skipped: the DSL has no {other} variables"),
                );
                continue;
            }
        };
        let name = names.take(raw_name, "variable");
        if name != raw_name {
            warn(
                warnings,
                format!(
                    "variable {raw_name:?} renamed {name:?} (a label must be an identifier): update the queries that use it"
                ),
            );
        }
        out.push(Variable {
            name,
            label: str_of(v, "label")
                .filter(|l| !l.is_empty() && *l != raw_name)
                .map(str::to_owned),
            kind,
            multi: v.get("multi").and_then(Value::as_bool).unwrap_or(false),
            include_all: v
                .get("includeAll")
                .and_then(Value::as_bool)
                .unwrap_or(false),
            hide: v.get("hide").and_then(Value::as_u64) == Some(2) && !matches!(ty, "constant"),
            span: NO_SPAN,
        });
    }
    out
}

/// A custom or interval variable's values: comma-separated, `\,` for a
/// comma inside a value, spaces around values trimmed (as Grafana splits
/// them).
fn split_values(query: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    let mut chars = query.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' if chars.peek() == Some(&',') => {
                current.push(',');
                chars.next();
            }
            ',' => out.push(std::mem::take(&mut current)),
            c => current.push(c),
        }
    }
    out.push(current);
    out.into_iter()
        .map(|s| s.trim().to_owned())
        .filter(|s| !s.is_empty())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn custom_values_split_on_unescaped_commas() {
        assert_eq!(split_values("a, b\\,c ,d"), ["a", "b,c", "d"]);
        assert!(split_values("").is_empty());
    }

    #[test]
    fn v2_resources_are_rejected() {
        let json = serde_json::json!({ "apiVersion": "dashboard.grafana.app/v2beta1", "kind": "Dashboard", "spec": {} });
        let err = import(&json).unwrap_err();
        assert!(err.message.contains("v2"), "{err}");
    }
}
