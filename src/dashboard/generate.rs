//! Grafana's classic dashboard JSON from a [`Dashboard`]: what
//! `alloy-lint generate dashboard` writes.
//!
//! The output is meant to be kept in version control and diffed, so it is
//! a pure function of the model:
//!
//! - **Keys** are in alphabetical order at every level, as Grafana's own
//!   "Export > JSON" writes them (serde_json's default map is sorted; the
//!   crate does not enable `preserve_order`). Arrays keep file order.
//! - **Panel ids** come from each panel's label (for rows, the title): a
//!   31-bit FNV-1a hash, so adding, removing or moving other panels leaves
//!   an id, and with it `viewPanel=` links and alert rules that name the
//!   panel, unchanged. Two keys with the same hash are told apart by taking
//!   the next free id, in file order.
//! - **refIds** are the query labels.
//! - **The uid** is the slug when the slug is a valid Grafana uid (at most
//!   40 of `[A-Za-z0-9_-]`); otherwise a readable prefix of it and a hash
//!   of the whole slug ([`uid`]).
//! - **Defaults are written out**: everything Grafana fills in when it
//!   loads a dashboard, so that the file says what Grafana shows and passes
//!   grafana-foundation-sdk's JSON Schemas strictly (`schemas/grafana/`,
//!   checked by `tests/suite/generate_dashboard.rs`). Panel option values are
//!   the defaults of Grafana 12.2 (`GRAFANA_VERSION`), the version whose
//!   dashboards have schema version 42, as its panel editor creates them;
//!   where the schema requires a member Grafana leaves out (a threshold
//!   step's `value`, every member of a panel's `Options`, Tempo's
//!   `filters`), it is written with the value Grafana assumes.
//! - **Datasources** without a fixed uid become datasource template
//!   variables named after the datasource (`${metrics}`), selecting the
//!   instance's default datasource of the type; with
//!   [`GenerateOptions::share`] they become `__inputs` (`${DS_METRICS}`)
//!   for Dashboards > Import, with `__requires` naming Grafana and every
//!   plugin used. A datasource with a fixed uid is referenced by it.

use std::collections::{HashMap, HashSet};

use serde_json::{json, Map, Value};

use super::layout::{self, GridPos, Placement};
use super::model::{
    Dashboard, Datasource, DatasourceKind, Item, Legend, Panel, PanelKind, Query, Row, Variable,
    VariableKind,
};

/// The dashboard schema version written: Grafana 12.2's.
pub const SCHEMA_VERSION: u32 = 42;

/// The Grafana version the output is written for: the panels'
/// `pluginVersion` and the `grafana` entry of `__requires`.
pub const GRAFANA_VERSION: &str = "12.2.0";

/// Grafana's longest uid.
const MAX_UID_LEN: usize = 40;

/// How to generate.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct GenerateOptions {
    /// Write a file for Dashboards > Import on another Grafana:
    /// datasources become `__inputs` the importer asks for, and
    /// `__requires` lists the plugins the dashboard needs.
    pub share: bool,
}

/// The dashboard's JSON.
pub fn generate(d: &Dashboard, options: &GenerateOptions) -> Value {
    let sources = Sources::new(&d.datasources, options.share);
    let mut ids = PanelIds::default();
    let placements = layout::layout(&d.items);
    let mut panels: Vec<Value> = Vec::new();
    for (item, placement) in d.items.iter().zip(&placements) {
        match (item, placement) {
            (Item::Panel(p), Placement::Panel(pos)) => {
                panels.push(panel(p, ids.next(&p.label), *pos, &sources));
            }
            (
                Item::Row(row),
                Placement::Row {
                    header,
                    panels: positions,
                },
            ) => {
                let id = ids.next(&format!("row:{}", row.title));
                let inner: Vec<Value> = row
                    .panels
                    .iter()
                    .zip(positions)
                    .map(|(p, pos)| panel(p, ids.next(&p.label), *pos, &sources))
                    .collect();
                // A collapsed row carries its panels; an open row's follow
                // it.
                if row.collapsed {
                    panels.push(row_panel(row, id, *header, inner));
                } else {
                    panels.push(row_panel(row, id, *header, Vec::new()));
                    panels.extend(inner);
                }
            }
            _ => unreachable!("the layout has the shape of the items"),
        }
    }

    let mut variables: Vec<Value> = Vec::new();
    if !options.share {
        variables.extend(
            d.datasources
                .iter()
                .filter(|ds| ds.uid.is_none())
                .map(datasource_variable),
        );
    }
    variables.extend(d.variables.iter().map(|v| variable(v, &sources)));

    let mut out = json!({
        "annotations": { "list": [built_in_annotation()] },
        "editable": d.editable,
        "fiscalYearStartMonth": 0,
        "graphTooltip": d.graph_tooltip.min(2),
        "id": null,
        "links": [],
        "liveNow": false,
        "panels": panels,
        "preload": false,
        "refresh": d.refresh.clone().unwrap_or_default(),
        "schemaVersion": SCHEMA_VERSION,
        "tags": d.tags,
        "templating": { "list": variables },
        "time": { "from": d.time.from, "to": d.time.to },
        "timepicker": {
            "hidden": false,
            "refresh_intervals": refresh_intervals(d.refresh.as_deref()),
        },
        "timezone": d.timezone,
        "title": d.title,
        "uid": uid(&d.slug),
        "version": 0,
        "weekStart": "",
    });
    let object = out.as_object_mut().expect("a JSON object");
    if let Some(description) = &d.description {
        object.insert("description".into(), json!(description));
    }
    if options.share {
        object.insert("__inputs".into(), sources.inputs());
        object.insert("__requires".into(), requires(d));
    }
    out
}

/// The dashboard's JSON as text: two-space indentation, a final newline.
/// The same dashboard always gives the same bytes.
pub fn generate_text(d: &Dashboard, options: &GenerateOptions) -> String {
    let mut text = serde_json::to_string_pretty(&generate(d, options)).unwrap_or_default();
    text.push('\n');
    text
}

/// The dashboard's JSON as text ([`generate_text`]), unless it would carry
/// a credential (a token shape or a password in a URL; the checker reports
/// them, but a suppression comment must not let one through): then what
/// kind, to refuse writing.
pub fn generate_safe_text(
    d: &Dashboard,
    options: &GenerateOptions,
) -> Result<String, &'static str> {
    let text = generate_text(d, options);
    match crate::secrets::first_credential(&text) {
        Some(kind) => Err(kind),
        None => Ok(text),
    }
}

/// The dashboard uid for `slug`: the slug itself when it is a valid uid
/// (1 to 40 characters of `[A-Za-z0-9_-]`). Otherwise the slug with every
/// other character turned into `-` (runs collapsed, ends trimmed), cut to
/// 31 characters, then `-` and eight hex digits of a hash of the whole
/// slug, so that two slugs cut to the same prefix still get different uids.
pub fn uid(slug: &str) -> String {
    let valid = |c: char| c.is_ascii_alphanumeric() || c == '-' || c == '_';
    if !slug.is_empty() && slug.len() <= MAX_UID_LEN && slug.chars().all(valid) {
        return slug.to_owned();
    }
    let hash = format!("{:08x}", fnv1a(slug.as_bytes()));
    let mut prefix = String::new();
    for c in slug.chars() {
        let c = if valid(c) { c } else { '-' };
        if !(c == '-' && (prefix.is_empty() || prefix.ends_with('-'))) {
            prefix.push(c);
        }
    }
    // ASCII only: byte positions are character positions.
    prefix.truncate(MAX_UID_LEN - 1 - hash.len());
    let prefix = prefix.trim_end_matches('-');
    if prefix.is_empty() {
        hash
    } else {
        format!("{prefix}-{hash}")
    }
}

/// 32-bit FNV-1a: a small hash that is the same on every platform and
/// release (std's hashers promise neither).
fn fnv1a(bytes: &[u8]) -> u32 {
    bytes.iter().fold(0x811c_9dc5, |hash, &b| {
        (hash ^ u32::from(b)).wrapping_mul(0x0100_0193)
    })
}

/// Panel ids: a hash of a stable key, the next free id on a collision.
#[derive(Default)]
struct PanelIds {
    used: HashSet<u32>,
}

impl PanelIds {
    /// The largest id: Grafana's ids are JSON numbers, and some of its
    /// stores keep them as 32-bit integers.
    const MAX: u32 = i32::MAX as u32;

    fn next(&mut self, key: &str) -> u32 {
        let mut id = (fnv1a(key.as_bytes()) & Self::MAX).max(1);
        while !self.used.insert(id) {
            id = if id == Self::MAX { 1 } else { id + 1 };
        }
        id
    }
}

/// The declared datasources and how panels refer to them.
struct Sources<'a> {
    declared: &'a [Datasource],
    share: bool,
    /// With `share`: each datasource's `__inputs` name (`DS_METRICS`).
    input_names: HashMap<&'a str, String>,
}

impl<'a> Sources<'a> {
    fn new(declared: &'a [Datasource], share: bool) -> Self {
        let mut input_names = HashMap::new();
        let mut taken = HashSet::new();
        for ds in declared.iter().filter(|ds| ds.uid.is_none()) {
            let base: String = std::iter::once("DS_".to_owned())
                .chain(ds.name.chars().map(|c| {
                    if c.is_ascii_alphanumeric() {
                        c.to_ascii_uppercase().to_string()
                    } else {
                        "_".to_owned()
                    }
                }))
                .collect();
            let mut name = base.clone();
            let mut n = 2;
            while !taken.insert(name.clone()) {
                name = format!("{base}_{n}");
                n += 1;
            }
            input_names.entry(ds.name.as_str()).or_insert(name);
        }
        Sources {
            declared,
            share,
            input_names,
        }
    }

    fn find(&self, name: &str) -> Option<&'a Datasource> {
        self.declared.iter().find(|ds| ds.name == name)
    }

    /// The reference to the datasource named `name`, as a panel, a query
    /// or a variable writes it.
    fn reference(&self, name: &str) -> Value {
        match self.find(name) {
            Some(ds) => json!({ "type": ds.kind.plugin_id(), "uid": self.uid(ds) }),
            // The checker reports undeclared datasources; a reference to a
            // variable of that name is the closest meaning.
            None => json!({ "uid": format!("${{{name}}}") }),
        }
    }

    fn uid(&self, ds: &Datasource) -> String {
        match (&ds.uid, self.share) {
            (Some(uid), _) => uid.clone(),
            (None, false) => format!("${{{}}}", ds.name),
            (None, true) => format!("${{{}}}", self.input_names[ds.name.as_str()]),
        }
    }

    /// `__inputs`: one per datasource without a fixed uid, in file order.
    fn inputs(&self) -> Value {
        self.declared
            .iter()
            .filter(|ds| ds.uid.is_none())
            .map(|ds| {
                json!({
                    "description": "",
                    "label": ds.name,
                    "name": self.input_names[ds.name.as_str()],
                    "pluginId": ds.kind.plugin_id(),
                    "pluginName": datasource_plugin_name(ds.kind),
                    "type": "datasource",
                })
            })
            .collect()
    }
}

/// A datasource plugin's display name, as `__inputs` and `__requires`
/// write it.
fn datasource_plugin_name(kind: DatasourceKind) -> &'static str {
    match kind {
        DatasourceKind::Prometheus => "Prometheus",
        DatasourceKind::Loki => "Loki",
        DatasourceKind::Tempo => "Tempo",
    }
}

/// A panel plugin's display name, as `__requires` writes it.
fn panel_plugin_name(kind: PanelKind) -> &'static str {
    match kind {
        PanelKind::Timeseries => "Time series",
        PanelKind::Stat => "Stat",
        PanelKind::Gauge => "Gauge",
        PanelKind::Bargauge => "Bar gauge",
        PanelKind::Table => "Table",
        PanelKind::Logs => "Logs",
        PanelKind::Traces => "Traces",
        PanelKind::Text => "Text",
        PanelKind::Heatmap => "Heatmap",
    }
}

/// `__requires`: Grafana, each datasource plugin declared and each panel
/// plugin used, sorted by id as Grafana's exporter sorts them. Core
/// plugins are versioned with Grafana: datasources say `1.0.0`, panels
/// nothing.
fn requires(d: &Dashboard) -> Value {
    let mut entries: Vec<(&str, Value)> = vec![(
        "grafana",
        json!({ "id": "grafana", "name": "Grafana", "type": "grafana", "version": GRAFANA_VERSION }),
    )];
    for ds in &d.datasources {
        let id = ds.kind.plugin_id();
        entries.push((
            id,
            json!({
                "id": id,
                "name": datasource_plugin_name(ds.kind),
                "type": "datasource",
                "version": "1.0.0",
            }),
        ));
    }
    for p in all_panels(&d.items) {
        let id = p.kind.plugin_id();
        entries.push((
            id,
            json!({ "id": id, "name": panel_plugin_name(p.kind), "type": "panel", "version": "" }),
        ));
    }
    entries.sort_by(|a, b| a.0.cmp(b.0));
    entries.dedup_by(|a, b| a.0 == b.0);
    entries.into_iter().map(|(_, entry)| entry).collect()
}

/// Every panel, rows' panels included, in file order.
fn all_panels(items: &[Item]) -> impl Iterator<Item = &Panel> {
    items.iter().flat_map(|item| match item {
        Item::Panel(p) => std::slice::from_ref(p),
        Item::Row(row) => row.panels.as_slice(),
    })
}

/// Grafana's built-in "Annotations & Alerts" query, which every dashboard
/// has.
fn built_in_annotation() -> Value {
    json!({
        "builtIn": 1,
        "datasource": { "type": "grafana", "uid": "-- Grafana --" },
        "enable": true,
        "hide": true,
        "iconColor": "rgba(0, 211, 255, 1)",
        "name": "Annotations & Alerts",
        "target": { "limit": 100, "matchAny": false, "tags": [], "type": "dashboard" },
        "type": "dashboard",
    })
}

/// Grafana's refresh picker choices, with the dashboard's own `refresh`
/// added in order when it is not one of them (Grafana only offers, and
/// keeps, a refresh interval that is in the list).
fn refresh_intervals(refresh: Option<&str>) -> Vec<String> {
    let mut intervals: Vec<String> = [
        "5s", "10s", "30s", "1m", "5m", "15m", "30m", "1h", "2h", "1d",
    ]
    .map(String::from)
    .to_vec();
    if let Some(refresh) = refresh.filter(|r| !r.is_empty()) {
        if !intervals.iter().any(|i| i == refresh) {
            let at = match seconds(refresh) {
                Some(s) => intervals
                    .iter()
                    .position(|i| seconds(i).is_some_and(|t| t > s))
                    .unwrap_or(intervals.len()),
                None => intervals.len(),
            };
            intervals.insert(at, refresh.to_owned());
        }
    }
    intervals
}

/// The length of a Grafana interval such as `30s`, `5m` or `1d`, in
/// seconds.
fn seconds(interval: &str) -> Option<u64> {
    let digits = interval.find(|c: char| !c.is_ascii_digit())?;
    let n: u64 = interval[..digits].parse().ok()?;
    let unit = match &interval[digits..] {
        "s" => 1,
        "m" => 60,
        "h" => 3600,
        "d" => 86_400,
        "w" => 604_800,
        "y" => 31_536_000,
        _ => return None,
    };
    n.checked_mul(unit)
}

/// A number as Grafana writes it: integers without a fraction. `None` for
/// infinities and NaN, which JSON cannot hold.
fn number(x: f64) -> Option<Value> {
    if !x.is_finite() {
        None
    } else if x.fract() == 0.0 && x.abs() < 9e15 {
        Some(json!(x as i64))
    } else {
        Some(json!(x))
    }
}

fn grid_pos(pos: GridPos) -> Value {
    json!({ "h": pos.h, "w": pos.w, "x": pos.x, "y": pos.y })
}

/// A row header, with the panels it carries.
fn row_panel(row: &Row, id: u32, header: GridPos, panels: Vec<Value>) -> Value {
    json!({
        "collapsed": row.collapsed,
        "gridPos": grid_pos(header),
        "id": id,
        "panels": panels,
        "title": row.title,
        "type": "row",
    })
}

/// One panel.
fn panel(p: &Panel, id: u32, pos: GridPos, sources: &Sources<'_>) -> Value {
    let mut out = Map::new();
    out.insert("type".into(), json!(p.kind.plugin_id()));
    out.insert("id".into(), json!(id));
    out.insert("title".into(), json!(p.title));
    if let Some(description) = &p.description {
        out.insert("description".into(), json!(description));
    }
    out.insert("gridPos".into(), grid_pos(pos));
    out.insert("pluginVersion".into(), json!(GRAFANA_VERSION));
    out.insert("options".into(), options(p));
    out.insert(
        "fieldConfig".into(),
        json!({ "defaults": field_defaults(p), "overrides": [] }),
    );
    out.insert("links".into(), json!([]));
    out.insert("transformations".into(), json!([]));
    out.insert("transparent".into(), json!(false));
    if p.kind != PanelKind::Text {
        let refs: Vec<Value> = p
            .queries
            .iter()
            .map(|q| sources.reference(&q.datasource))
            .collect();
        if let Some(first) = refs.first() {
            let datasource = if refs.iter().all(|r| r == first) {
                first.clone()
            } else {
                json!({ "type": "datasource", "uid": "-- Mixed --" })
            };
            out.insert("datasource".into(), datasource);
        }
        let targets: Vec<Value> = p.queries.iter().map(|q| target(q, p, sources)).collect();
        out.insert("targets".into(), json!(targets));
    }
    Value::Object(out)
}

/// The panel's `options`: every member of its plugin's `Options`, with
/// Grafana's defaults where the model says nothing.
fn options(p: &Panel) -> Value {
    let reduce = json!({ "calcs": ["lastNotNull"], "fields": "", "values": false });
    match p.kind {
        PanelKind::Timeseries => json!({
            "legend": legend(p),
            "tooltip": { "hideZeros": false, "mode": "single", "sort": "none" },
        }),
        PanelKind::Stat => json!({
            "colorMode": "value",
            "graphMode": "area",
            "justifyMode": "auto",
            "orientation": "auto",
            "percentChangeColorMode": "standard",
            "reduceOptions": reduce,
            "showPercentChange": false,
            "text": {},
            "textMode": "auto",
            "wideLayout": true,
        }),
        PanelKind::Gauge => json!({
            "minVizHeight": 75,
            "minVizWidth": 75,
            "orientation": "auto",
            "reduceOptions": reduce,
            "showThresholdLabels": false,
            "showThresholdMarkers": true,
            "sizing": "auto",
            "text": {},
        }),
        PanelKind::Bargauge => json!({
            "displayMode": "gradient",
            // Grafana hides a bar gauge's legend; the model's default
            // legend is a time series'. A legend the file sets is written.
            "legend": if p.legend == Legend::default() {
                json!({ "calcs": [], "displayMode": "list", "placement": "bottom", "showLegend": false })
            } else {
                legend(p)
            },
            "maxVizHeight": 300,
            "minVizHeight": 16,
            "minVizWidth": 8,
            "namePlacement": "auto",
            "orientation": "auto",
            "reduceOptions": reduce,
            "showUnfilled": true,
            "sizing": "auto",
            "text": {},
            "valueMode": "color",
        }),
        PanelKind::Table => json!({
            "cellHeight": "sm",
            "footer": { "countRows": false, "reducer": ["sum"], "show": false },
            "frameIndex": 0,
            "showHeader": true,
        }),
        PanelKind::Logs => json!({
            "dedupStrategy": "none",
            "enableInfiniteScrolling": false,
            "enableLogDetails": true,
            "prettifyLogMessage": false,
            "showCommonLabels": false,
            "showLabels": false,
            "showLogContextToggle": false,
            "showTime": false,
            "sortOrder": "Descending",
            "wrapLogMessage": false,
        }),
        // No schema covers the traces panel; Grafana saves it without
        // options.
        PanelKind::Traces => json!({}),
        PanelKind::Text => json!({
            "code": { "language": "plaintext", "showLineNumbers": false, "showMiniMap": false },
            "content": p.content.clone().unwrap_or_default(),
            "mode": "markdown",
        }),
        PanelKind::Heatmap => {
            let mut y_axis = json!({ "axisPlacement": "left", "reverse": false });
            let axis = y_axis.as_object_mut().expect("a JSON object");
            if let Some(unit) = &p.unit {
                axis.insert("unit".into(), json!(unit));
            }
            if let Some(decimals) = p.decimals {
                axis.insert("decimals".into(), json!(decimals));
            }
            if let Some(min) = p.min.and_then(number) {
                axis.insert("min".into(), min);
            }
            if let Some(max) = p.max.and_then(number) {
                axis.insert("max".into(), max);
            }
            json!({
                "calculate": false,
                "cellGap": 1,
                "color": {
                    "exponent": 0.5,
                    "fill": "dark-orange",
                    "mode": "scheme",
                    "reverse": false,
                    "scale": "exponential",
                    "scheme": "Oranges",
                    "steps": 64,
                },
                "exemplars": { "color": "rgba(255,0,255,0.7)" },
                "filterValues": { "le": 1e-9 },
                "legend": { "show": p.legend.show },
                "rowsFrame": { "layout": "auto" },
                "selectionMode": "x",
                "showValue": "auto",
                "tooltip": { "mode": "single", "showColorScale": false, "yHistogram": false },
                "yAxis": y_axis,
            })
        }
    }
}

fn legend(p: &Panel) -> Value {
    json!({
        "calcs": p.legend.calcs,
        "displayMode": p.legend.mode,
        "placement": p.legend.placement,
        "showLegend": p.legend.show,
    })
}

/// `fieldConfig.defaults`: colour, thresholds, unit and range for the
/// panels that show numbers, and their plugin's `custom` field config.
/// Logs, traces and text panels have none; a heatmap's unit and range are
/// its y axis's (see [`options`]).
fn field_defaults(p: &Panel) -> Value {
    match p.kind {
        PanelKind::Timeseries => numeric_defaults(p, "palette-classic", Some(graph_custom())),
        PanelKind::Stat | PanelKind::Gauge | PanelKind::Bargauge => {
            numeric_defaults(p, "thresholds", None)
        }
        PanelKind::Table => numeric_defaults(
            p,
            "thresholds",
            // Not `cellOptions`: Grafana's default (`{"type": "auto"}`)
            // matches several branches of the schema's `oneOf`, which has
            // no discriminator, so the schema rejects every value of it.
            Some(json!({ "align": "auto", "inspect": false })),
        ),
        PanelKind::Heatmap => json!({
            "custom": {
                "hideFrom": { "legend": false, "tooltip": false, "viz": false },
                "scaleDistribution": { "type": "linear" },
            },
        }),
        PanelKind::Logs | PanelKind::Traces | PanelKind::Text => json!({}),
    }
}

fn numeric_defaults(p: &Panel, color_mode: &str, custom: Option<Value>) -> Value {
    let mut out = Map::new();
    out.insert("color".into(), json!({ "mode": color_mode }));
    if let Some(custom) = custom {
        out.insert("custom".into(), custom);
    }
    out.insert("mappings".into(), json!([]));
    out.insert("thresholds".into(), thresholds(p));
    if let Some(unit) = &p.unit {
        out.insert("unit".into(), json!(unit));
    }
    if let Some(decimals) = p.decimals {
        out.insert("decimals".into(), json!(decimals));
    }
    if let Some(min) = p.min.and_then(number) {
        out.insert("min".into(), min);
    }
    if let Some(max) = p.max.and_then(number) {
        out.insert("max".into(), max);
    }
    Value::Object(out)
}

/// Absolute thresholds; the base step's value is `null` (Grafana's
/// -Infinity). Without thresholds in the model, only a green base: a panel
/// never turns red unless asked to (Grafana's editor starts new panels with
/// a red step at 80).
fn thresholds(p: &Panel) -> Value {
    let steps: Vec<Value> = if p.thresholds.is_empty() {
        vec![json!({ "color": "green", "value": null })]
    } else {
        p.thresholds
            .iter()
            .map(|t| {
                json!({
                    "color": t.color,
                    "value": t.value.and_then(number).unwrap_or(Value::Null),
                })
            })
            .collect()
    };
    json!({ "mode": "absolute", "steps": steps })
}

/// The time series panel's field config, as Grafana's editor creates it.
fn graph_custom() -> Value {
    json!({
        "axisBorderShow": false,
        "axisCenteredZero": false,
        "axisColorMode": "text",
        "axisLabel": "",
        "axisPlacement": "auto",
        "barAlignment": 0,
        "barWidthFactor": 0.6,
        "drawStyle": "line",
        "fillOpacity": 0,
        "gradientMode": "none",
        "hideFrom": { "legend": false, "tooltip": false, "viz": false },
        "insertNulls": false,
        "lineInterpolation": "linear",
        "lineWidth": 1,
        "pointSize": 5,
        "scaleDistribution": { "type": "linear" },
        "showPoints": "auto",
        "spanNulls": false,
        "stacking": { "group": "A", "mode": "none" },
        "thresholdsStyle": { "mode": "off" },
    })
}

/// One query of `panel`, in its datasource's query model.
fn target(q: &Query, panel: &Panel, sources: &Sources<'_>) -> Value {
    let mut out = Map::new();
    out.insert("datasource".into(), sources.reference(&q.datasource));
    out.insert("refId".into(), json!(q.ref_id));
    match sources.find(&q.datasource).map(|ds| ds.kind) {
        Some(DatasourceKind::Prometheus) => {
            let (format, auto_legend) = match panel.kind {
                PanelKind::Table => ("table", "__auto"),
                // Histogram buckets, one series per `le`.
                PanelKind::Heatmap => ("heatmap", "{{le}}"),
                _ => ("time_series", "__auto"),
            };
            out.insert("editorMode".into(), json!("code"));
            out.insert("exemplar".into(), json!(false));
            out.insert("expr".into(), json!(q.expr));
            out.insert("format".into(), json!(format));
            out.insert("instant".into(), json!(q.instant));
            out.insert(
                "legendFormat".into(),
                json!(q.legend.as_deref().unwrap_or(auto_legend)),
            );
            out.insert("range".into(), json!(!q.instant));
        }
        Some(DatasourceKind::Loki) => {
            out.insert("direction".into(), json!("backward"));
            out.insert("editorMode".into(), json!("code"));
            out.insert("expr".into(), json!(q.expr));
            if let Some(legend) = &q.legend {
                out.insert("legendFormat".into(), json!(legend));
            }
            let query_type = if q.instant { "instant" } else { "range" };
            out.insert("queryType".into(), json!(query_type));
        }
        Some(DatasourceKind::Tempo) => {
            out.insert("filters".into(), json!([]));
            out.insert("limit".into(), json!(20));
            let metrics_type = if q.instant { "instant" } else { "range" };
            out.insert("metricsQueryType".into(), json!(metrics_type));
            out.insert("query".into(), json!(q.expr));
            out.insert("queryType".into(), json!("traceql"));
            out.insert("tableType".into(), json!("traces"));
        }
        None => {
            out.insert("expr".into(), json!(q.expr));
        }
    }
    Value::Object(out)
}

/// The datasource variable standing for `ds`: any instance of its plugin,
/// the instance's default one first (`current` `default` is how Grafana
/// saves "the default datasource").
fn datasource_variable(ds: &Datasource) -> Value {
    json!({
        "allowCustomValue": true,
        "current": { "text": "default", "value": "default" },
        "hide": 0,
        "includeAll": false,
        "multi": false,
        "name": ds.name,
        "options": [],
        "query": ds.kind.plugin_id(),
        "refresh": 1,
        "regex": "",
        "skipUrlSync": false,
        "type": "datasource",
    })
}

/// A template variable.
fn variable(v: &Variable, sources: &Sources<'_>) -> Value {
    let hide = if v.hide { 2 } else { 0 };
    let mut out = match &v.kind {
        VariableKind::Query {
            datasource,
            query,
            regex,
            sort,
            refresh,
        } => json!({
            "allowCustomValue": true,
            "current": unselected(v),
            "datasource": sources.reference(datasource),
            "definition": query,
            "hide": hide,
            "includeAll": v.include_all,
            "multi": v.multi,
            "options": [],
            // The string form: the schema rejects the query-object form
            // (`{"query": ..., "refId": ...}`), and every datasource reads
            // the string form as its plain query.
            "query": query,
            // Never 0 (never refresh): `options` is written empty, so such
            // a variable would have no values.
            "refresh": (*refresh).clamp(1, 2),
            "regex": regex.clone().unwrap_or_default(),
            "sort": (*sort).min(8),
        }),
        VariableKind::Custom { values } => {
            let (current, options) = listed(v, values);
            json!({
                "allowCustomValue": true,
                "current": current,
                "hide": hide,
                "includeAll": v.include_all,
                "multi": v.multi,
                "options": options,
                "query": values.iter().map(|s| s.replace(',', "\\,")).collect::<Vec<_>>().join(","),
            })
        }
        VariableKind::Interval { values, auto } => {
            let first = values.first().cloned().unwrap_or_default();
            json!({
                "auto": auto,
                "auto_count": 30,
                "auto_min": "10s",
                "current": { "text": first, "value": first },
                "hide": hide,
                "options": values
                    .iter()
                    .enumerate()
                    .map(|(i, s)| json!({ "selected": i == 0, "text": s, "value": s }))
                    .collect::<Vec<_>>(),
                "query": values.join(","),
                "refresh": 2,
            })
        }
        VariableKind::Constant { value } => json!({
            "current": { "text": value, "value": value },
            // Constants are never shown.
            "hide": 2,
            "options": [{ "selected": true, "text": value, "value": value }],
            "query": value,
        }),
        VariableKind::Textbox { default } => json!({
            "current": { "text": default, "value": default },
            "hide": hide,
            "options": [{ "selected": true, "text": default, "value": default }],
            "query": default,
        }),
    };
    let object = out.as_object_mut().expect("a JSON object");
    object.insert("name".into(), json!(v.name));
    object.insert("skipUrlSync".into(), json!(false));
    object.insert("type".into(), json!(v.kind.type_name()));
    if let Some(label) = &v.label {
        object.insert("label".into(), json!(label));
    }
    out
}

/// `current` before Grafana has run a query variable: All when it offers
/// All, else nothing (Grafana then selects the first value).
fn unselected(v: &Variable) -> Value {
    match (v.include_all, v.multi) {
        (true, true) => json!({ "text": ["All"], "value": ["$__all"] }),
        (true, false) => json!({ "text": "All", "value": "$__all" }),
        (false, true) => json!({ "text": [], "value": [] }),
        (false, false) => json!({ "text": "", "value": "" }),
    }
}

/// `current` and `options` of a variable with listed values: All first
/// when offered, the first choice selected.
fn listed(v: &Variable, values: &[String]) -> (Value, Vec<Value>) {
    let mut options = Vec::new();
    if v.include_all {
        options.push(("All", "$__all"));
    }
    options.extend(values.iter().map(|s| (s.as_str(), s.as_str())));
    let current = match (options.first(), v.multi) {
        (Some((text, value)), true) => json!({ "text": [text], "value": [value] }),
        (Some((text, value)), false) => json!({ "text": text, "value": value }),
        (None, _) => unselected(v),
    };
    let options = options
        .iter()
        .enumerate()
        .map(|(i, (text, value))| json!({ "selected": i == 0, "text": text, "value": value }))
        .collect();
    (current, options)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn is_valid_uid(uid: &str) -> bool {
        (1..=MAX_UID_LEN).contains(&uid.len())
            && uid
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    }

    #[test]
    fn a_valid_slug_is_the_uid() {
        for slug in ["service-overview", "a", "A_b-9", &"x".repeat(40)] {
            assert_eq!(uid(slug), slug);
        }
    }

    #[test]
    fn other_slugs_get_a_readable_prefix_and_a_hash() {
        let long = "checkout-service-latency-and-errors-by-route";
        assert_eq!(long.len(), 44);
        let shortened = uid(long);
        assert_eq!(shortened.len(), 40);
        assert!(shortened.starts_with("checkout-service-latency-and-er-"));
        assert_eq!(uid(long), shortened, "deterministic");

        // Cut to the same prefix, told apart by the hash.
        let other = "checkout-service-latency-and-errors-by-region";
        assert_ne!(uid(other), shortened);
        assert_eq!(uid(other)[..31], shortened[..31]);

        let odd = uid("Team A / API (prod) ünïcode");
        assert!(odd.starts_with("Team-A-API-prod-n-code-"), "{odd}");
        // Characters the slug changed into `-` change the uid's hash, so
        // `a.b` and `a/b` stay apart.
        assert_ne!(uid("a.b"), uid("a/b"));
        assert!(uid("a.b").starts_with("a-b-"));
        // Nothing usable: the hash alone.
        assert_eq!(uid("").len(), 8);
        assert_eq!(uid("...").len(), 8);
        assert_eq!(
            uid(&"x".repeat(41)),
            format!("{}-{:08x}", "x".repeat(31), fnv1a(&[b'x'; 41]))
        );
        for slug in [
            long,
            other,
            "Team A / API",
            "",
            "...",
            "-a-",
            &"é".repeat(50),
        ] {
            assert!(is_valid_uid(&uid(slug)), "{slug:?} -> {:?}", uid(slug));
        }
    }

    #[test]
    fn panel_ids_are_stable_hashes_and_unique() {
        let mut ids = PanelIds::default();
        let a = ids.next("requests");
        let b = ids.next("errors");
        let again = ids.next("requests");
        assert_ne!(a, b);
        assert_eq!(again, a + 1, "a repeated key takes the next free id");
        let mut fresh = PanelIds::default();
        assert_eq!(
            fresh.next("errors"),
            b,
            "an id does not depend on other panels"
        );
        assert!([a, b, again]
            .iter()
            .all(|&id| (1..=PanelIds::MAX).contains(&id)));
    }

    #[test]
    fn the_dashboards_refresh_joins_the_picker() {
        let default = refresh_intervals(None);
        assert_eq!(default.len(), 10);
        assert_eq!(refresh_intervals(Some("30s")), default);
        assert_eq!(refresh_intervals(Some("")), default);
        let with_15s = refresh_intervals(Some("15s"));
        assert_eq!(&with_15s[..4], ["5s", "10s", "15s", "30s"]);
        assert_eq!(refresh_intervals(Some("2d")).last().unwrap(), "2d");
        assert_eq!(refresh_intervals(Some("soon")).last().unwrap(), "soon");
    }

    #[test]
    fn numbers_are_written_as_grafana_writes_them() {
        assert_eq!(number(80.0), Some(json!(80)));
        assert_eq!(number(-3.0), Some(json!(-3)));
        assert_eq!(number(0.5), Some(json!(0.5)));
        assert_eq!(number(f64::INFINITY), None);
        assert_eq!(number(f64::NAN), None);
    }
}
