//! The typed dashboard: what a `dashboard "slug" { ... }` file means once
//! checked. The checker builds it from the syntax tree (reporting what does
//! not fit); the generator turns it into Grafana's dashboard JSON; the
//! importer builds it from an existing dashboard JSON and prints it back as
//! DSL. Spans point into the DSL file, for diagnostics found after lowering
//! (queries, layout, the Alloy config next to it).

use crate::diagnostics::Span;

/// A whole dashboard.
#[derive(Debug, Clone, PartialEq)]
pub struct Dashboard {
    /// The block's label: the source of the uid (`[A-Za-z0-9_-]`, at most
    /// 40 characters) and of the file name.
    pub slug: String,
    pub title: String,
    pub description: Option<String>,
    pub tags: Vec<String>,
    /// Auto-refresh interval (`"30s"`), none for off.
    pub refresh: Option<String>,
    /// Default time range, Grafana's relative syntax (`now-6h` .. `now`).
    pub time: TimeRange,
    /// `browser`, `utc` or an IANA zone name.
    pub timezone: String,
    pub editable: bool,
    /// `0` none, `1` shared crosshair, `2` shared tooltip.
    pub graph_tooltip: u8,
    /// The Alloy configuration this dashboard reads the data of, if named
    /// (relative to the dashboard file).
    pub alloy_config: Option<String>,
    /// Declared datasources, in file order.
    pub datasources: Vec<Datasource>,
    /// Template variables, in file order (Grafana evaluates them in order).
    pub variables: Vec<Variable>,
    /// Panels and rows, in file order.
    pub items: Vec<Item>,
    /// The `dashboard` block's header.
    pub span: Span,
}

/// The dashboard's default time range.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimeRange {
    pub from: String,
    pub to: String,
}

impl Default for TimeRange {
    fn default() -> Self {
        TimeRange {
            from: "now-6h".into(),
            to: "now".into(),
        }
    }
}

/// The kinds of datasource a query can target.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DatasourceKind {
    Prometheus,
    Loki,
    Tempo,
}

impl DatasourceKind {
    /// Grafana's plugin id, as written in `datasource.type`.
    pub fn plugin_id(self) -> &'static str {
        match self {
            DatasourceKind::Prometheus => "prometheus",
            DatasourceKind::Loki => "loki",
            DatasourceKind::Tempo => "tempo",
        }
    }

    /// The kind a plugin id names.
    pub fn from_plugin_id(id: &str) -> Option<Self> {
        match id {
            "prometheus" => Some(DatasourceKind::Prometheus),
            "loki" => Some(DatasourceKind::Loki),
            "tempo" => Some(DatasourceKind::Tempo),
            _ => None,
        }
    }

    /// The query language its queries are written in.
    pub fn language(self) -> &'static str {
        match self {
            DatasourceKind::Prometheus => "PromQL",
            DatasourceKind::Loki => "LogQL",
            DatasourceKind::Tempo => "TraceQL",
        }
    }
}

/// `datasource "name" { type = "prometheus" }`.
#[derive(Debug, Clone, PartialEq)]
pub struct Datasource {
    /// The block's label, referenced as `datasource.NAME`.
    pub name: String,
    pub kind: DatasourceKind,
    /// A fixed datasource uid; without one the datasource becomes a
    /// datasource template variable (or an `__inputs` entry with --share).
    pub uid: Option<String>,
    pub span: Span,
}

/// `variable "name" { ... }`.
#[derive(Debug, Clone, PartialEq)]
pub struct Variable {
    /// The block's label: `$name` in queries and titles.
    pub name: String,
    pub label: Option<String>,
    pub kind: VariableKind,
    pub multi: bool,
    pub include_all: bool,
    /// Hidden from the variable bar.
    pub hide: bool,
    pub span: Span,
}

/// What a variable's values come from.
#[derive(Debug, Clone, PartialEq)]
pub enum VariableKind {
    /// Values from a datasource query (`label_values(up, job)`).
    Query {
        /// The datasource's name (`datasource.NAME`).
        datasource: String,
        query: String,
        regex: Option<String>,
        /// Sort order: Grafana's `sort` number (0 disabled ... 8).
        sort: u8,
        /// Grafana's `refresh`: 1 on load, 2 on time range change.
        refresh: u8,
    },
    /// A fixed list of values.
    Custom { values: Vec<String> },
    /// Time intervals (`1m`, `5m`, ...), optionally with `auto`.
    Interval { values: Vec<String>, auto: bool },
    /// A hidden constant.
    Constant { value: String },
    /// Free text.
    Textbox { default: String },
}

impl VariableKind {
    /// Grafana's variable `type`.
    pub fn type_name(&self) -> &'static str {
        match self {
            VariableKind::Query { .. } => "query",
            VariableKind::Custom { .. } => "custom",
            VariableKind::Interval { .. } => "interval",
            VariableKind::Constant { .. } => "constant",
            VariableKind::Textbox { .. } => "textbox",
        }
    }
}

/// A top-level entry of the dashboard.
// A dashboard holds tens of entries: boxing panels would buy nothing.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    Row(Row),
    Panel(Panel),
}

/// `row "Title" { ... }`: a full-width header; collapsed rows hold their
/// panels inside them, as Grafana expects.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub title: String,
    pub collapsed: bool,
    pub panels: Vec<Panel>,
    pub span: Span,
}

/// The panel kinds the DSL knows, one block name each (`panel.KIND`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PanelKind {
    Timeseries,
    Stat,
    Gauge,
    Bargauge,
    Table,
    Logs,
    Traces,
    Text,
    Heatmap,
}

impl PanelKind {
    /// Every kind, in the order the README documents them.
    pub const ALL: [PanelKind; 9] = [
        PanelKind::Timeseries,
        PanelKind::Stat,
        PanelKind::Gauge,
        PanelKind::Bargauge,
        PanelKind::Table,
        PanelKind::Logs,
        PanelKind::Traces,
        PanelKind::Text,
        PanelKind::Heatmap,
    ];

    /// Grafana's panel plugin id (`type`), also the DSL block suffix.
    pub fn plugin_id(self) -> &'static str {
        match self {
            PanelKind::Timeseries => "timeseries",
            PanelKind::Stat => "stat",
            PanelKind::Gauge => "gauge",
            PanelKind::Bargauge => "bargauge",
            PanelKind::Table => "table",
            PanelKind::Logs => "logs",
            PanelKind::Traces => "traces",
            PanelKind::Text => "text",
            PanelKind::Heatmap => "heatmap",
        }
    }

    /// The kind a plugin id names.
    pub fn from_plugin_id(id: &str) -> Option<Self> {
        PanelKind::ALL.into_iter().find(|k| k.plugin_id() == id)
    }
}

/// A panel's width on Grafana's 24-column grid.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Width {
    /// 1 to 24 columns.
    Columns(u8),
    Full,
    Half,
    Third,
    Quarter,
}

impl Width {
    /// The width in grid columns.
    pub fn columns(self) -> u8 {
        match self {
            Width::Columns(n) => n,
            Width::Full => 24,
            Width::Half => 12,
            Width::Third => 8,
            Width::Quarter => 6,
        }
    }
}

/// One threshold step: from `value` up (none for the base step), `color`.
#[derive(Debug, Clone, PartialEq)]
pub struct Threshold {
    pub value: Option<f64>,
    pub color: String,
}

/// Where a legend goes and what it shows.
#[derive(Debug, Clone, PartialEq)]
pub struct Legend {
    pub show: bool,
    /// `list` or `table`.
    pub mode: String,
    /// `bottom` or `right`.
    pub placement: String,
    /// Reducers shown next to each series (`mean`, `max`, `lastNotNull`).
    pub calcs: Vec<String>,
}

impl Default for Legend {
    fn default() -> Self {
        Legend {
            show: true,
            mode: "list".into(),
            placement: "bottom".into(),
            calcs: Vec::new(),
        }
    }
}

/// `panel.KIND "label" { ... }`.
#[derive(Debug, Clone, PartialEq)]
pub struct Panel {
    pub kind: PanelKind,
    /// The block's label: stable across edits, the source of the panel id.
    pub label: String,
    pub title: String,
    pub description: Option<String>,
    /// A unit id from Grafana's list (`reqps`, `s`, `percentunit`, ...).
    pub unit: Option<String>,
    pub width: Width,
    /// Height in grid rows (Grafana's default is 8).
    pub height: u8,
    /// Steps in ascending order; the first has no value (the base).
    pub thresholds: Vec<Threshold>,
    pub min: Option<f64>,
    pub max: Option<f64>,
    pub decimals: Option<u8>,
    pub legend: Legend,
    /// For text panels: the Markdown content.
    pub content: Option<String>,
    /// The panel's queries, refIds in order.
    pub queries: Vec<Query>,
    pub span: Span,
}

/// `query "A" { datasource = datasource.metrics, expr = "..." }`.
#[derive(Debug, Clone, PartialEq)]
pub struct Query {
    /// Grafana's `refId` (the block label).
    pub ref_id: String,
    /// The datasource's name (`datasource.NAME`).
    pub datasource: String,
    /// PromQL, LogQL or TraceQL.
    pub expr: String,
    /// Series name template (`{{route}}`).
    pub legend: Option<String>,
    /// An instant query (stat, gauge, table).
    pub instant: bool,
    pub span: Span,
    /// The `expr` string literal in the file, quotes included (the query
    /// block's header when it has none), for mapping positions inside the
    /// query back to the file (`syntax::string_map::StringMap::new` over these bytes).
    pub expr_span: Span,
}
