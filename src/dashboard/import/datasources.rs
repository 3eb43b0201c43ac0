//! Grafana's datasource references into `datasource` blocks.
//!
//! A dashboard names its datasources in several ways, all understood:
//! an object `{type, uid}` with a fixed uid or a variable (`${ds}`), the
//! legacy string form (`"${DS_PROM}"`, `"$datasource"` or a datasource's
//! name), nothing at all (the default datasource), or `-- Mixed --` on a
//! panel whose queries name their own. Each distinct datasource becomes one
//! block: a datasource variable or an `__inputs` entry keeps its name
//! (`DS_` dropped, lowercased) and has no uid, so the generated dashboard
//! gets a datasource variable again; a fixed uid is kept.

use std::collections::HashMap;

use serde_json::Value;

use super::labels::{identifier, Labels};
use super::NO_SPAN;
use crate::dashboard::model::{Datasource, DatasourceKind};

/// Where a datasource comes from.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Origin {
    /// A datasource variable or an `__inputs` entry, by its name.
    Variable(String),
    /// A fixed uid (or, in the legacy string form, a datasource's name).
    Fixed(String),
    /// Grafana's default datasource of the kind.
    Default,
}

/// What a reference resolves to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resolved {
    /// No reference: the panel's, or the default datasource.
    Inherit,
    /// `-- Mixed --`: each query names its own.
    Mixed,
    /// A declared datasource, by its block label.
    Declared(String),
    /// A datasource the DSL has no queries for (its plugin id).
    Unsupported(String),
}

/// The datasources met so far.
pub struct Datasources {
    /// Datasource variables and `__inputs` entries: their plugin ids.
    variables: HashMap<String, String>,
    declared: Vec<(DatasourceKind, Origin, Datasource)>,
    labels: Labels,
}

impl Datasources {
    /// The datasource variables and inputs of the dashboard `d`. Template
    /// variable names are reserved: a datasource without a uid is
    /// generated as a variable of its own name.
    pub fn new(d: &Value) -> Self {
        let mut variables = HashMap::new();
        let mut labels = Labels::default();
        for v in d
            .pointer("/templating/list")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            let name = v.get("name").and_then(Value::as_str).unwrap_or_default();
            if v.get("type").and_then(Value::as_str) == Some("datasource") {
                let plugin = v.get("query").and_then(Value::as_str).unwrap_or_default();
                variables.insert(name.to_owned(), plugin.to_owned());
            } else {
                labels.take_exact(name.to_owned());
            }
        }
        for input in d
            .get("__inputs")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            if input.get("type").and_then(Value::as_str) == Some("datasource") {
                let name = input
                    .get("name")
                    .and_then(Value::as_str)
                    .unwrap_or_default();
                let plugin = input
                    .get("pluginId")
                    .and_then(Value::as_str)
                    .unwrap_or_default();
                variables.insert(name.to_owned(), plugin.to_owned());
            }
        }
        Datasources {
            variables,
            declared: Vec::new(),
            labels,
        }
    }

    /// The declared datasources, in the order first used.
    pub fn into_declared(self) -> Vec<Datasource> {
        self.declared.into_iter().map(|(_, _, ds)| ds).collect()
    }

    /// Resolves the reference `r` for a query whose kind, when the
    /// reference does not say, is guessed as `guess`.
    pub fn resolve(&mut self, r: Option<&Value>, guess: DatasourceKind) -> Resolved {
        let (plugin, uid): (Option<&str>, Option<&str>) = match r {
            None | Some(Value::Null) => return Resolved::Inherit,
            Some(Value::String(s)) if s.is_empty() => return Resolved::Inherit,
            Some(Value::String(s)) => (None, Some(s.as_str())),
            Some(Value::Object(o)) => (
                o.get("type").and_then(Value::as_str),
                o.get("uid").and_then(Value::as_str),
            ),
            Some(_) => return Resolved::Inherit,
        };
        if uid == Some("-- Mixed --") {
            return Resolved::Mixed;
        }
        if matches!(uid, Some("-- Grafana --" | "grafana" | "-- Dashboard --"))
            || plugin == Some("datasource")
        {
            return Resolved::Unsupported(uid.unwrap_or("grafana").to_owned());
        }
        let variable = uid.and_then(variable_name);
        let plugin = plugin
            .map(str::to_owned)
            .or_else(|| variable.and_then(|v| self.variables.get(v).cloned()))
            .filter(|p| !p.is_empty());
        let kind = match plugin {
            Some(p) => match DatasourceKind::from_plugin_id(&p) {
                Some(kind) => kind,
                None => return Resolved::Unsupported(p),
            },
            None => guess,
        };
        let origin = match (variable, uid) {
            (Some(v), _) => Origin::Variable(v.to_owned()),
            (None, Some(uid)) if !uid.is_empty() => Origin::Fixed(uid.to_owned()),
            _ => Origin::Default,
        };
        Resolved::Declared(self.declare(kind, origin))
    }

    /// The kind of the declared datasource `name`.
    pub fn kind_of(&self, name: &str) -> Option<DatasourceKind> {
        self.declared
            .iter()
            .find(|(_, _, ds)| ds.name == name)
            .map(|(kind, _, _)| *kind)
    }

    /// The default datasource of `kind`.
    pub fn default_of(&mut self, kind: DatasourceKind) -> String {
        self.declare(kind, Origin::Default)
    }

    /// A query variable's datasource: its own reference, else the default
    /// datasource; Prometheus unless the reference says otherwise.
    pub fn variable_source(&mut self, v: &Value) -> Result<String, String> {
        match self.resolve(v.get("datasource"), DatasourceKind::Prometheus) {
            Resolved::Declared(name) => Ok(name),
            Resolved::Inherit | Resolved::Mixed => Ok(self.default_of(DatasourceKind::Prometheus)),
            Resolved::Unsupported(plugin) => Err(plugin),
        }
    }

    fn declare(&mut self, kind: DatasourceKind, origin: Origin) -> String {
        if let Some((_, _, ds)) = self
            .declared
            .iter()
            .find(|(k, o, _)| *k == kind && *o == origin)
        {
            return ds.name.clone();
        }
        let (base, uid) = match &origin {
            Origin::Variable(v) => {
                let v = v.strip_prefix("DS_").unwrap_or(v);
                (identifier(v, kind.plugin_id()), None)
            }
            Origin::Fixed(uid) => (identifier(uid, kind.plugin_id()), Some(uid.clone())),
            Origin::Default => (kind.plugin_id().to_owned(), None),
        };
        let name = self.labels.take_exact(base);
        self.declared.push((
            kind,
            origin,
            Datasource {
                name: name.clone(),
                kind,
                uid,
                span: NO_SPAN,
            },
        ));
        name
    }
}

/// The variable a uid names: `$name`, `${name}`, `${name:format}` or
/// `[[name]]`.
fn variable_name(uid: &str) -> Option<&str> {
    let name = if let Some(inner) = uid.strip_prefix("${").and_then(|s| s.strip_suffix('}')) {
        inner.split(':').next().unwrap_or(inner)
    } else if let Some(inner) = uid.strip_prefix("[[").and_then(|s| s.strip_suffix("]]")) {
        inner
    } else {
        uid.strip_prefix('$')?
    };
    (!name.is_empty()).then_some(name)
}

/// The kind of a query whose datasource does not say: Tempo for a
/// `query`, Loki for a log stream selector or a panel of logs,
/// Prometheus otherwise.
pub fn guess_kind(target: &Value, logs_panel: bool) -> DatasourceKind {
    let expr = target.get("expr").and_then(Value::as_str);
    match expr {
        None if target.get("query").and_then(Value::as_str).is_some() => DatasourceKind::Tempo,
        _ if logs_panel => DatasourceKind::Loki,
        Some(e) if looks_like_logql(e) => DatasourceKind::Loki,
        _ => DatasourceKind::Prometheus,
    }
}

fn looks_like_logql(expr: &str) -> bool {
    let e = expr.trim_start();
    e.starts_with('{')
        || ["|=", "|~", "!=\"", "| json", "| logfmt", "| line_format"]
            .iter()
            .any(|p| e.contains(p))
        || ["_over_time({", "rate({", "bytes_rate({"]
            .iter()
            .any(|p| e.replace(' ', "").contains(p))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn variable_names_in_every_form() {
        assert_eq!(variable_name("${ds}"), Some("ds"));
        assert_eq!(variable_name("${ds:text}"), Some("ds"));
        assert_eq!(variable_name("$ds"), Some("ds"));
        assert_eq!(variable_name("[[ds]]"), Some("ds"));
        assert_eq!(variable_name("prom-uid"), None);
    }

    #[test]
    fn references_resolve_to_one_block_each() {
        let d = json!({
            "templating": { "list": [
                { "name": "loki_ds", "type": "datasource", "query": "loki" },
                { "name": "prometheus", "type": "query" },
            ]},
            "__inputs": [{ "name": "DS_PROM", "type": "datasource", "pluginId": "prometheus" }],
        });
        let mut s = Datasources::new(&d);
        let p = DatasourceKind::Prometheus;
        assert_eq!(
            s.resolve(Some(&json!("${DS_PROM}")), p),
            Resolved::Declared("prom".into())
        );
        assert_eq!(
            s.resolve(
                Some(&json!({ "type": "prometheus", "uid": "${DS_PROM}" })),
                p
            ),
            Resolved::Declared("prom".into())
        );
        assert_eq!(
            s.resolve(Some(&json!("$loki_ds")), p),
            Resolved::Declared("loki_ds".into())
        );
        assert_eq!(
            s.resolve(
                Some(&json!({ "type": "tempo", "uid": "grafanacloud-traces" })),
                p
            ),
            Resolved::Declared("grafanacloud_traces".into())
        );
        // The name `prometheus` is a template variable's.
        assert_eq!(s.default_of(p), "prometheus_2");
        assert_eq!(s.resolve(Some(&json!("-- Mixed --")), p), Resolved::Mixed);
        assert_eq!(s.resolve(None, p), Resolved::Inherit);
        assert_eq!(
            s.resolve(Some(&json!({ "type": "testdata", "uid": "x" })), p),
            Resolved::Unsupported("testdata".into())
        );
        let declared = s.into_declared();
        assert_eq!(declared.len(), 4);
        assert_eq!(declared[2].uid.as_deref(), Some("grafanacloud-traces"));
        assert_eq!(declared[1].kind, DatasourceKind::Loki);
    }
}
