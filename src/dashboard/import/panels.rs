//! Grafana's `panels` array into rows and panels.
//!
//! Rows follow Grafana's two shapes: an open row's panels are the ones
//! after it at the top level (up to the next row), a collapsed row carries
//! its own in `panels`. Panels keep their order, title, queries, unit and
//! size; `graph` panels become time series; panels of other kinds are
//! dropped with a warning naming them.

use serde_json::Value;

use super::datasources::{guess_kind, Datasources, Resolved};
use super::labels::{identifier, Labels};
use super::{str_of, warn, Warning, NO_SPAN};
use crate::dashboard::model::{
    DatasourceKind, Item, Legend, Panel, PanelKind, Query, Row, Threshold, Width,
};

/// Builds the dashboard's items from `d.panels`.
pub fn items(d: &Value, sources: &mut Datasources, warnings: &mut Vec<Warning>) -> Vec<Item> {
    let mut b = Builder {
        sources,
        warnings,
        panel_labels: Labels::default(),
    };
    let mut items = Vec::new();
    // The open row panels are added to, if any.
    let mut open: Option<usize> = None;
    for p in d
        .get("panels")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        if str_of(p, "type") == Some("row") {
            let row = b.row(p);
            open = (!row.collapsed).then_some(items.len());
            items.push(Item::Row(row));
            continue;
        }
        let Some(panel) = b.panel(p) else { continue };
        match open.and_then(|i| items.get_mut(i)) {
            Some(Item::Row(row)) => row.panels.push(panel),
            _ => items.push(Item::Panel(panel)),
        }
    }
    items
}

struct Builder<'a> {
    sources: &'a mut Datasources,
    warnings: &'a mut Vec<Warning>,
    panel_labels: Labels,
}

impl Builder<'_> {
    fn row(&mut self, r: &Value) -> Row {
        let title = str_of(r, "title").unwrap_or_default().to_owned();
        if r.get("repeat")
            .and_then(Value::as_str)
            .is_some_and(|s| !s.is_empty())
        {
            warn(
                self.warnings,
                format!("row {title:?}: repeating it by a variable is not kept (the DSL has no repeated rows)"),
            );
        }
        let collapsed = r.get("collapsed").and_then(Value::as_bool).unwrap_or(false);
        let mut panels = Vec::new();
        for p in r
            .get("panels")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            if let Some(panel) = self.panel(p) {
                panels.push(panel);
            }
        }
        if !collapsed && !panels.is_empty() {
            // An open row's nested panels are a leftover Grafana ignores
            // until the row is collapsed and opened again; keep them.
            warn(
                self.warnings,
                format!("row {title:?} is open but carries panels of its own: they are kept in it"),
            );
        }
        Row {
            title,
            collapsed,
            panels,
            span: NO_SPAN,
        }
    }

    fn panel(&mut self, p: &Value) -> Option<Panel> {
        let ty = str_of(p, "type").unwrap_or_default();
        let title = str_of(p, "title").unwrap_or_default().to_owned();
        let kind = match PanelKind::from_plugin_id(ty) {
            Some(kind) => kind,
            None if ty == "graph" => {
                warn(
                    self.warnings,
                    format!("panel {title:?}: the legacy graph panel becomes a time series (series overrides and graph options are not kept)"),
                );
                PanelKind::Timeseries
            }
            None => {
                warn(
                    self.warnings,
                    format!("panel {title:?} skipped: the DSL has no {ty:?} panels"),
                );
                return None;
            }
        };
        if p.get("repeat")
            .and_then(Value::as_str)
            .is_some_and(|s| !s.is_empty())
        {
            warn(
                self.warnings,
                format!("panel {title:?}: repeating it by a variable is not kept"),
            );
        }
        let label = self
            .panel_labels
            .take(&identifier(&title, kind.plugin_id()), kind.plugin_id());
        let defaults = p.pointer("/fieldConfig/defaults");
        let number = |key: &str| defaults.and_then(|d| d.get(key)).and_then(Value::as_f64);
        let unit = unit(p, kind);
        if let Some(u) = &unit {
            if !crate::dashboard::schema::is_known_unit(u) {
                warn(
                    self.warnings,
                    format!("panel {title:?}: unit {u:?} is not in Grafana's list; kept, `check` reports it"),
                );
            }
        }
        let (mut min, mut max, mut decimals) = (number("min"), number("max"), number("decimals"));
        if kind == PanelKind::Heatmap {
            let axis = |key: &str| {
                p.pointer(&format!("/options/yAxis/{key}"))
                    .and_then(Value::as_f64)
            };
            min = min.or(axis("min"));
            max = max.or(axis("max"));
            decimals = decimals.or(axis("decimals"));
        }
        let numeric = !matches!(kind, PanelKind::Logs | PanelKind::Traces | PanelKind::Text);
        let gp = p.get("gridPos");
        let grid = |key: &str, default: u64| {
            gp.and_then(|g| g.get(key))
                .and_then(Value::as_u64)
                .unwrap_or(default)
        };
        let width = match grid("w", 12).clamp(1, 24) as u8 {
            24 => Width::Full,
            12 => Width::Half,
            8 => Width::Third,
            6 => Width::Quarter,
            w => Width::Columns(w),
        };
        let queries = if kind == PanelKind::Text {
            Vec::new()
        } else {
            self.queries(p, kind, &title)
        };
        Some(Panel {
            kind,
            label,
            title,
            description: str_of(p, "description")
                .filter(|s| !s.is_empty())
                .map(str::to_owned),
            unit: unit.filter(|_| numeric),
            width,
            height: grid("h", 8).clamp(1, 100) as u8,
            thresholds: if numeric {
                thresholds(p, kind)
            } else {
                Vec::new()
            },
            min: min.filter(|_| numeric),
            max: max.filter(|_| numeric),
            decimals: decimals
                .filter(|_| numeric)
                .map(|d| d.clamp(0.0, 20.0) as u8),
            legend: legend(p, kind),
            content: (kind == PanelKind::Text).then(|| {
                p.pointer("/options/content")
                    .or_else(|| p.get("content"))
                    .and_then(Value::as_str)
                    .unwrap_or_default()
                    .to_owned()
            }),
            queries,
            span: NO_SPAN,
        })
    }

    fn queries(&mut self, p: &Value, kind: PanelKind, title: &str) -> Vec<Query> {
        let logs = kind == PanelKind::Logs;
        let panel_ref = p.get("datasource");
        let targets = p
            .get("targets")
            .and_then(Value::as_array)
            .map(Vec::as_slice)
            .unwrap_or_default();
        let mut ref_ids = Labels::default();
        for t in targets {
            if let Some(r) = str_of(t, "refId").filter(|r| super::labels::is_identifier(r)) {
                ref_ids.take_exact(r.to_owned());
            }
        }
        let mut next_letter = 0u32;
        let mut out = Vec::new();
        for t in targets {
            let guess = guess_kind(t, logs);
            let datasource = match self.sources.resolve(t.get("datasource"), guess) {
                Resolved::Inherit => match self.sources.resolve(panel_ref, guess) {
                    Resolved::Declared(name) => Ok(name),
                    Resolved::Inherit | Resolved::Mixed => Ok(self.sources.default_of(guess)),
                    Resolved::Unsupported(plugin) => Err(plugin),
                },
                Resolved::Declared(name) => Ok(name),
                Resolved::Mixed => Ok(self.sources.default_of(guess)),
                Resolved::Unsupported(plugin) => Err(plugin),
            };
            let raw_ref = str_of(t, "refId").unwrap_or_default();
            let datasource = match datasource {
                Ok(name) => name,
                Err(plugin) => {
                    warn(
                        self.warnings,
                        format!("panel {title:?}: query {raw_ref:?} skipped: the DSL has no queries for {plugin:?} datasources"),
                    );
                    continue;
                }
            };
            let kind_of = self.sources.kind_of(&datasource).unwrap_or(guess);
            let expr = match kind_of {
                DatasourceKind::Tempo => str_of(t, "query").or_else(|| str_of(t, "expr")),
                _ => str_of(t, "expr").or_else(|| str_of(t, "query")),
            }
            .unwrap_or_default();
            if expr.trim().is_empty() {
                warn(
                    self.warnings,
                    format!("panel {title:?}: query {raw_ref:?} skipped: it has no query text"),
                );
                continue;
            }
            let ref_id = if super::labels::is_identifier(raw_ref)
                && ref_ids_contains_once(targets, raw_ref)
            {
                raw_ref.to_owned()
            } else {
                loop {
                    let candidate = letters(next_letter);
                    next_letter += 1;
                    if !targets
                        .iter()
                        .any(|t| str_of(t, "refId") == Some(candidate.as_str()))
                    {
                        break ref_ids.take_exact(candidate);
                    }
                }
            };
            if t.get("hide").and_then(Value::as_bool) == Some(true) {
                warn(
                    self.warnings,
                    format!("panel {title:?}: query {ref_id:?} was hidden; the DSL has no hidden queries, so it is shown"),
                );
            }
            let instant = match kind_of {
                DatasourceKind::Prometheus => {
                    t.get("instant").and_then(Value::as_bool) == Some(true)
                        && t.get("range").and_then(Value::as_bool) != Some(true)
                }
                DatasourceKind::Loki => str_of(t, "queryType") == Some("instant"),
                DatasourceKind::Tempo => str_of(t, "metricsQueryType") == Some("instant"),
            };
            out.push(Query {
                ref_id,
                datasource,
                expr: expr.to_owned(),
                legend: str_of(t, "legendFormat")
                    .filter(|l| !l.is_empty() && *l != "__auto")
                    .map(str::to_owned),
                instant,
                span: NO_SPAN,
                expr_span: NO_SPAN,
            });
        }
        out
    }
}

/// Whether `ref_id` names exactly one target.
fn ref_ids_contains_once(targets: &[Value], ref_id: &str) -> bool {
    targets
        .iter()
        .filter(|t| str_of(t, "refId") == Some(ref_id))
        .count()
        == 1
}

/// Grafana's refId sequence: A ... Z, AA, AB, ...
fn letters(n: u32) -> String {
    let mut n = n + 1;
    let mut out = Vec::new();
    while n > 0 {
        n -= 1;
        out.push(b'A' + (n % 26) as u8);
        n /= 26;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

/// A panel's unit: `fieldConfig.defaults.unit`, a heatmap's y axis unit,
/// a legacy graph's left axis format.
pub fn unit(p: &Value, kind: PanelKind) -> Option<String> {
    let from_defaults = p
        .pointer("/fieldConfig/defaults/unit")
        .and_then(Value::as_str);
    let unit = match kind {
        PanelKind::Heatmap => p
            .pointer("/options/yAxis/unit")
            .and_then(Value::as_str)
            .or(from_defaults),
        _ => from_defaults.or_else(|| p.pointer("/yaxes/0/format").and_then(Value::as_str)),
    };
    unit.filter(|u| !u.is_empty()).map(str::to_owned)
}

/// The threshold steps that matter: those of the panels that colour by
/// them (stat, gauge, bar gauge, table), and a time series' when it draws
/// them. A lone green base step is the DSL's default.
fn thresholds(p: &Value, kind: PanelKind) -> Vec<Threshold> {
    let shown = match kind {
        PanelKind::Stat | PanelKind::Gauge | PanelKind::Bargauge | PanelKind::Table => true,
        PanelKind::Timeseries => p
            .pointer("/fieldConfig/defaults/custom/thresholdsStyle/mode")
            .and_then(Value::as_str)
            .is_some_and(|m| m != "off"),
        _ => false,
    };
    if !shown {
        return Vec::new();
    }
    let steps: Vec<Threshold> = p
        .pointer("/fieldConfig/defaults/thresholds/steps")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .enumerate()
        .filter_map(|(i, s)| {
            let value = s.get("value").and_then(Value::as_f64);
            // Only the first step is the base; a later step without a
            // value means nothing to Grafana.
            if value.is_none() && i > 0 {
                return None;
            }
            Some(Threshold {
                value,
                color: str_of(s, "color").unwrap_or("green").to_owned(),
            })
        })
        .collect();
    match steps.as_slice() {
        [only] if only.value.is_none() && only.color == "green" => Vec::new(),
        _ => steps,
    }
}

/// A time series' or heatmap's legend (the legacy graph's too).
fn legend(p: &Value, kind: PanelKind) -> Legend {
    let mut legend = Legend::default();
    let Some(options) = p.get("options") else {
        return legacy_legend(p).unwrap_or(legend);
    };
    match kind {
        PanelKind::Timeseries => {
            let Some(l) = options.get("legend") else {
                return legacy_legend(p).unwrap_or(legend);
            };
            let mode = str_of(l, "displayMode").unwrap_or("list");
            legend.show =
                l.get("showLegend").and_then(Value::as_bool).unwrap_or(true) && mode != "hidden";
            if mode == "table" {
                legend.mode = "table".into();
            }
            if str_of(l, "placement") == Some("right") {
                legend.placement = "right".into();
            }
            legend.calcs = l
                .get("calcs")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter_map(Value::as_str)
                .map(str::to_owned)
                .collect();
        }
        PanelKind::Heatmap => {
            legend.show = options
                .pointer("/legend/show")
                .and_then(Value::as_bool)
                .unwrap_or(true);
        }
        _ => {}
    }
    legend
}

/// The legacy graph panel's `legend`.
fn legacy_legend(p: &Value) -> Option<Legend> {
    let l = p.get("legend")?;
    let flag = |key: &str| l.get(key).and_then(Value::as_bool).unwrap_or(false);
    let calcs = [
        ("avg", "mean"),
        ("min", "min"),
        ("max", "max"),
        ("current", "lastNotNull"),
        ("total", "sum"),
    ]
    .iter()
    .filter(|(key, _)| flag(key))
    .map(|(_, calc)| (*calc).to_owned())
    .collect();
    Some(Legend {
        show: l.get("show").and_then(Value::as_bool).unwrap_or(true),
        mode: if flag("alignAsTable") {
            "table"
        } else {
            "list"
        }
        .into(),
        placement: if flag("rightSide") { "right" } else { "bottom" }.into(),
        calcs,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ref_ids_follow_grafanas_sequence() {
        assert_eq!(letters(0), "A");
        assert_eq!(letters(25), "Z");
        assert_eq!(letters(26), "AA");
        assert_eq!(letters(27), "AB");
    }
}
