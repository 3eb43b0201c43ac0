//! From the syntax tree of a dashboard file to [`model::Dashboard`]: reads
//! each field (the schema pass has already judged names and types, so a
//! value of the wrong type is skipped here, not reported again), checks
//! what depends on the value (ranges, a variable's fields by its type,
//! duplicates by label) and records where texts, units and queries are,
//! for the checks that need the whole dashboard ([`super::semantic`]).

use crate::rules::Code;
use std::collections::HashMap;

use super::model::{
    Dashboard, Datasource, DatasourceKind, Item, Legend, Panel, PanelKind, Query, Row, Threshold,
    TimeRange, Variable, VariableKind, Width,
};
use crate::check::context::{Context, Loc, UnitId};
use crate::check::expr::traversal;
use crate::check::values::is_duration;
use crate::diagnostics::Span;
use crate::syntax::ast::{Block, Expr, Label, Literal, LiteralKind, Stmt, UnaryOp};
use crate::syntax::string_map::StringMap;

/// A text variables may be used in.
#[derive(Debug)]
pub struct TextSite {
    /// The literal's value and positions.
    pub map: StringMap,
    /// The variable whose definition it is part of (its query, regex or
    /// values), if any.
    pub variable: Option<usize>,
}

/// A query and where its parts are.
#[derive(Debug)]
pub struct QuerySite {
    /// The datasource named, if it is a reference to one.
    pub datasource: Option<String>,
    /// The `expr` literal.
    pub expr: Option<StringMap>,
    /// The `expr` literal's bytes (or the query block's header without one).
    pub expr_loc: Loc,
}

/// A panel, for the checks on its queries as a whole.
#[derive(Debug)]
pub struct PanelSite {
    /// Its kind.
    pub kind: PanelKind,
    /// Its header.
    pub header: Loc,
    /// Its queries, indices into [`Sites::queries`].
    pub queries: Vec<usize>,
}

/// Where things are, for the checks after lowering.
#[derive(Debug, Default)]
pub struct Sites {
    /// Every text that may hold variable references.
    pub texts: Vec<TextSite>,
    /// Every `unit` value and its literal.
    pub units: Vec<(String, Loc)>,
    /// Every query.
    pub queries: Vec<QuerySite>,
    /// Every panel.
    pub panels: Vec<PanelSite>,
    /// Declared datasources by name, with their kind when it is valid.
    pub datasources: HashMap<String, Option<DatasourceKind>>,
    /// Declared variables, in order, with their headers.
    pub variables: Vec<(String, Loc)>,
    /// Datasources without a fixed uid: each becomes a datasource variable
    /// of its name, which texts may use too (`${metrics}`).
    pub datasource_variables: Vec<String>,
}

/// The lowering of one dashboard block.
pub struct Lowering<'a, 'c> {
    ctx: &'c mut Context<'a>,
    unit: UnitId,
    /// What the checks after lowering need.
    pub sites: Sites,
    /// Panel labels seen, with where.
    panel_labels: HashMap<String, Loc>,
}

impl<'a, 'c> Lowering<'a, 'c> {
    /// A lowering that reports into `ctx` for `unit`.
    pub fn new(ctx: &'c mut Context<'a>, unit: UnitId) -> Self {
        Lowering {
            ctx,
            unit,
            sites: Sites::default(),
            panel_labels: HashMap::new(),
        }
    }

    fn loc(&self, range: std::ops::Range<usize>) -> Loc {
        Loc::new(self.unit, range)
    }

    fn span(loc: Loc) -> Span {
        Span {
            offset: loc.start,
            len: loc.end - loc.start,
        }
    }

    /// A block's name and label.
    pub fn header(&self, b: &Block) -> Loc {
        let end = match &b.label {
            Some(l) => l.pos as usize + l.value.len() + 2,
            None => b.name_pos as usize + b.name.len(),
        };
        self.loc(b.name_pos as usize..end)
    }

    /// Lowers the `dashboard` block.
    pub fn dashboard(&mut self, block: &'a Block) -> Dashboard {
        let header = self.header(block);
        let slug = block.label_text().unwrap_or_default().to_owned();
        if let Some(label) = &block.label {
            self.check_slug(label);
        }
        let title = self.string(block, "title").unwrap_or_default();
        let mut dashboard = Dashboard {
            slug,
            title,
            description: self.string(block, "description"),
            tags: self.strings(block, "tags").unwrap_or_default(),
            refresh: self.string(block, "refresh").filter(|r| !r.is_empty()),
            time: TimeRange::default(),
            timezone: self
                .string(block, "timezone")
                .unwrap_or_else(|| "browser".into()),
            editable: self.boolean(block, "editable").unwrap_or(true),
            graph_tooltip: match self.string(block, "graph_tooltip").as_deref() {
                Some("shared_crosshair") => 1,
                Some("shared_tooltip") => 2,
                _ => 0,
            },
            alloy_config: self.string(block, "alloy_config"),
            datasources: Vec::new(),
            variables: Vec::new(),
            items: Vec::new(),
            span: Self::span(header),
        };
        // Datasources first: queries and variables anywhere refer to them.
        for b in blocks(&block.body) {
            if &*b.name == "datasource" {
                if let Some(ds) = self.datasource(b) {
                    dashboard.datasources.push(ds);
                }
            }
        }
        for b in blocks(&block.body) {
            match &*b.name {
                "time" => {
                    let default = TimeRange::default();
                    dashboard.time = TimeRange {
                        from: self.string(b, "from").unwrap_or(default.from),
                        to: self.string(b, "to").unwrap_or(default.to),
                    };
                }
                "variable" => {
                    if let Some(v) = self.variable(b) {
                        dashboard.variables.push(v);
                    }
                }
                "row" => dashboard.items.push(Item::Row(self.row(b))),
                name => {
                    if let Some(p) = self.panel(b, name) {
                        dashboard.items.push(Item::Panel(p));
                    }
                }
            }
        }
        dashboard
    }

    /// A uid is at most 40 of `[A-Za-z0-9_-]`.
    fn check_slug(&mut self, label: &Label) {
        let value = &*label.value;
        let loc = self.loc(label.pos as usize..label.pos as usize + value.len() + 2);
        let bad = value
            .chars()
            .find(|c| !(c.is_ascii_alphanumeric() || *c == '-' || *c == '_'));
        let message = match bad {
            _ if value.is_empty() => return,
            Some(c) => format!("dashboard uid \"{value}\" holds `{c}`"),
            None if value.len() > 40 => {
                format!(
                    "dashboard uid \"{value}\" is {} characters long",
                    value.len()
                )
            }
            None => return,
        };
        let suggestion = value
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                    c.to_ascii_lowercase()
                } else {
                    '-'
                }
            })
            .take(40)
            .collect::<String>()
            .trim_end_matches(['-', '_'])
            .to_owned();
        self.ctx.report(Code::InvalidUid, loc, message).help = Some(format!(
            "a uid is at most 40 letters, digits, `-` and `_`: write `dashboard \"{suggestion}\"`"
        ));
    }

    fn datasource(&mut self, b: &'a Block) -> Option<Datasource> {
        let name = b.label_text()?.to_owned();
        let header = self.header(b);
        if self.sites.datasources.contains_key(&name) {
            self.duplicate(header, "datasource", &name);
            return None;
        }
        let kind = self
            .string(b, "type")
            .and_then(|t| DatasourceKind::from_plugin_id(&t));
        self.sites.datasources.insert(name.clone(), kind);
        let uid = self.string(b, "uid");
        if uid.is_none() {
            self.sites.datasource_variables.push(name.clone());
        }
        Some(Datasource {
            name,
            kind: kind?,
            uid,
            span: Self::span(header),
        })
    }

    fn duplicate(&mut self, header: Loc, what: &str, name: &str) {
        // The first one is where the name was first seen.
        self.ctx.report(
            Code::DuplicateBlock,
            header,
            format!("{what} \"{name}\" already declared in this dashboard"),
        );
    }

    fn variable(&mut self, b: &'a Block) -> Option<Variable> {
        let name = b.label_text()?.to_owned();
        let header = self.header(b);
        if let Some((_, first)) = self.sites.variables.iter().find(|(n, _)| *n == name) {
            let first_declared = self.ctx.related(*first, "first declared here");
            self.ctx
                .report(
                    Code::DuplicateBlock,
                    header,
                    format!("variable \"{name}\" already declared"),
                )
                .related
                .push(first_declared);
            return None;
        }
        if self.sites.datasource_variables.contains(&name) {
            self.ctx
                .report(
                    Code::DuplicateBlock,
                    header,
                    format!("variable \"{name}\" has the name of datasource \"{name}\", which is a variable of the dashboard too"),
                )
                .help = Some(
                "a datasource without a `uid` becomes a datasource variable of its name: rename the variable or the datasource, or give the datasource a `uid`".into(),
            );
        }
        let index = self.sites.variables.len();
        self.sites.variables.push((name.clone(), header));
        let ty = self.string(b, "type")?;
        // Which fields each type takes, besides `type`, `label` and `hide`.
        let (fields, required): (&[&str], &[&str]) = match ty.as_str() {
            "query" => (
                &[
                    "datasource",
                    "query",
                    "regex",
                    "sort",
                    "refresh",
                    "multi",
                    "include_all",
                ],
                &["datasource", "query"],
            ),
            "custom" => (&["values", "multi", "include_all"], &["values"]),
            "interval" => (&["values", "auto"], &["values"]),
            "constant" => (&["value"], &["value"]),
            "textbox" => (&["default"], &[]),
            _ => return None,
        };
        for stmt in &b.body {
            let Stmt::Attribute(a) = stmt else { continue };
            let field = &*a.name.name;
            if matches!(field, "type" | "label" | "hide") || fields.contains(&field) {
                continue;
            }
            if super::schema::dashboard().blocks["variable"]
                .arguments
                .contains_key(field)
            {
                self.ctx
                    .report(
                        Code::UnknownAttribute,
                        self.loc(a.span()),
                        format!("attribute \"{field}\" does not apply to a {ty} variable"),
                    )
                    .help = Some(format!(
                    "a {ty} variable takes {}",
                    list_of(&[&["label", "hide"], fields].concat())
                ));
            }
        }
        for field in required {
            if b.attribute(field).is_none() {
                self.ctx
                    .report(
                        Code::MissingAttribute,
                        self.loc(b.span()),
                        format!("missing required attribute \"{field}\""),
                    )
                    .help = Some(format!("a {ty} variable needs `{field}`"));
            }
        }
        for field in ["query", "regex", "value", "default"] {
            if let Some(map) = self.string_map(b, field) {
                self.sites.texts.push(TextSite {
                    map,
                    variable: Some(index),
                });
            }
        }
        if let Some(Expr::Array(array)) = b.attribute("values") {
            for e in &array.elements {
                if let Expr::Literal(l) = e {
                    if let Some(map) = StringMap::of(l) {
                        if ty == "interval" && !is_duration(&map.value) && map.value != "auto" {
                            self.ctx
                                .report(
                                    Code::InvalidDuration,
                                    self.loc(l.pos as usize..l.pos as usize + l.value.len()),
                                    format!("\"{}\" is not a valid duration", map.value),
                                )
                                .help = Some(
                                "an interval variable's values are durations, such as \"1m\" or \"1h\""
                                    .into(),
                            );
                        }
                        self.sites.texts.push(TextSite {
                            map,
                            variable: Some(index),
                        });
                    }
                }
            }
        }
        let kind = match ty.as_str() {
            "query" => VariableKind::Query {
                datasource: self.datasource_ref(b).unwrap_or_default(),
                query: self.string(b, "query").unwrap_or_default(),
                regex: self.string(b, "regex").filter(|r| !r.is_empty()),
                sort: match self.string(b, "sort").as_deref() {
                    Some("alphabetical_asc") => 1,
                    Some("alphabetical_desc") => 2,
                    Some("numerical_asc") => 3,
                    Some("numerical_desc") => 4,
                    Some("alphabetical_ci_asc") => 5,
                    Some("alphabetical_ci_desc") => 6,
                    Some("natural_asc") => 7,
                    Some("natural_desc") => 8,
                    _ => 0,
                },
                refresh: match self.string(b, "refresh").as_deref() {
                    Some("time_range") => 2,
                    _ => 1,
                },
            },
            "custom" => VariableKind::Custom {
                values: self.strings(b, "values").unwrap_or_default(),
            },
            "interval" => VariableKind::Interval {
                values: self.strings(b, "values").unwrap_or_default(),
                auto: self.boolean(b, "auto").unwrap_or(false),
            },
            "constant" => VariableKind::Constant {
                value: self.string(b, "value").unwrap_or_default(),
            },
            _ => VariableKind::Textbox {
                default: self.string(b, "default").unwrap_or_default(),
            },
        };
        Some(Variable {
            name,
            label: self.string(b, "label"),
            kind,
            multi: self.boolean(b, "multi").unwrap_or(false),
            include_all: self.boolean(b, "include_all").unwrap_or(false),
            hide: self.boolean(b, "hide").unwrap_or(false),
            span: Self::span(header),
        })
    }

    fn row(&mut self, b: &'a Block) -> Row {
        let header = self.header(b);
        if let Some(map) = self.string_map(b, "title") {
            self.sites.texts.push(TextSite {
                map,
                variable: None,
            });
        }
        let mut panels = Vec::new();
        for p in blocks(&b.body) {
            if let Some(panel) = self.panel(p, &p.name) {
                panels.push(panel);
            }
        }
        let title = self
            .string(b, "title")
            .unwrap_or_else(|| b.label_text().unwrap_or_default().to_owned());
        Row {
            title,
            collapsed: self.boolean(b, "collapsed").unwrap_or(false),
            panels,
            span: Self::span(header),
        }
    }

    fn panel(&mut self, b: &'a Block, name: &str) -> Option<Panel> {
        let kind = PanelKind::from_plugin_id(name.strip_prefix("panel.")?)?;
        let label = b.label_text()?.to_owned();
        let header = self.header(b);
        if let Some(first) = self.panel_labels.get(&label).copied() {
            let first_declared = self.ctx.related(first, "first declared here");
            self.ctx
                .report(
                    Code::DuplicateBlock,
                    header,
                    format!("panel \"{label}\" already declared"),
                )
                .related
                .push(first_declared);
        } else {
            self.panel_labels.insert(label.clone(), header);
        }
        for field in ["title", "description", "content"] {
            if let Some(map) = self.string_map(b, field) {
                self.sites.texts.push(TextSite {
                    map,
                    variable: None,
                });
            }
        }
        if let Some(Expr::Literal(l)) = b.attribute("unit") {
            if let Some(value) = Expr::Literal(l.clone()).string_value() {
                let loc = self.loc(l.pos as usize..l.pos as usize + l.value.len());
                self.sites.units.push((value, loc));
            }
        }
        let site = self.sites.panels.len();
        self.sites.panels.push(PanelSite {
            kind,
            header,
            queries: Vec::new(),
        });
        let mut thresholds = Vec::new();
        let mut legend = Legend::default();
        let mut queries = Vec::new();
        let mut ref_ids: Vec<(String, Loc)> = Vec::new();
        for child in blocks(&b.body) {
            match &*child.name {
                "threshold" => {
                    let value = self.number(child, "value");
                    let color = self.string(child, "color").unwrap_or_default();
                    thresholds.push((Threshold { value, color }, self.header(child)));
                }
                "legend" => {
                    let default = Legend::default();
                    legend = Legend {
                        show: self.boolean(child, "show").unwrap_or(default.show),
                        mode: self.string(child, "mode").unwrap_or(default.mode),
                        placement: self.string(child, "placement").unwrap_or(default.placement),
                        calcs: self.strings(child, "calcs").unwrap_or_default(),
                    };
                }
                "query" => {
                    let Some(ref_id) = child.label_text() else {
                        continue;
                    };
                    let qh = self.header(child);
                    if let Some((_, first)) = ref_ids.iter().find(|(r, _)| r == ref_id) {
                        let first_declared = self.ctx.related(*first, "first declared here");
                        let d = self.ctx.report(
                            Code::DuplicateRefId,
                            qh,
                            format!("query \"{ref_id}\" already declared"),
                        );
                        d.related.push(first_declared);
                        d.help = Some(
                            "each query of a panel needs its own refId: label it \"B\", \"C\", ..."
                                .into(),
                        );
                    } else {
                        ref_ids.push((ref_id.to_owned(), qh));
                    }
                    if let Some(q) = self.query(child, site) {
                        queries.push(q);
                    }
                }
                _ => {}
            }
        }
        let thresholds = self.thresholds(thresholds);
        let title = self.string(b, "title").unwrap_or_else(|| label.clone());
        Some(Panel {
            kind,
            label,
            title,
            description: self.string(b, "description"),
            unit: self.string(b, "unit"),
            width: self.width(b),
            height: self
                .ranged(
                    b,
                    "height",
                    1.0,
                    100.0,
                    "a height is 1 to 100 grid rows (about 30 pixels each)",
                )
                .map_or(8, |h| h as u8),
            thresholds,
            min: self.number(b, "min"),
            max: self.number(b, "max"),
            decimals: self
                .ranged(b, "decimals", 0.0, 20.0, "decimals go from 0 to 20")
                .map(|d| d as u8),
            legend,
            content: self.string(b, "content"),
            queries,
            span: Self::span(header),
        })
    }

    /// Threshold steps in order; a base step (green) goes first when none
    /// is written.
    fn thresholds(&mut self, steps: Vec<(Threshold, Loc)>) -> Vec<Threshold> {
        let mut last: Option<f64> = None;
        for (i, (step, header)) in steps.iter().enumerate() {
            match step.value {
                None if i > 0 => {
                    self.ctx
                        .report(
                            Code::MissingAttribute,
                            *header,
                            "missing required attribute \"value\": only the first threshold step is the base",
                        )
                        .help = Some("give this step the value it starts at".into());
                }
                Some(v) => {
                    if let Some(l) = last.filter(|l| v <= *l) {
                        self.ctx
                            .report(
                                Code::ValueOutOfRange,
                                *header,
                                format!("threshold steps go up: {v} comes after {l}"),
                            )
                            .help =
                            Some("write the steps in ascending order of their values".into());
                    }
                    last = Some(v);
                }
                None => {}
            }
        }
        let mut out: Vec<Threshold> = steps.into_iter().map(|(s, _)| s).collect();
        if out.first().is_some_and(|s| s.value.is_some()) {
            out.insert(
                0,
                Threshold {
                    value: None,
                    color: "green".into(),
                },
            );
        }
        out
    }

    fn query(&mut self, b: &'a Block, panel: usize) -> Option<Query> {
        let ref_id = b.label_text()?.to_owned();
        let header = self.header(b);
        let datasource = self.datasource_ref(b);
        let expr_lit = match b.attribute("expr") {
            Some(Expr::Literal(l)) if l.kind == LiteralKind::String => Some(l),
            _ => None,
        };
        let expr = expr_lit.and_then(StringMap::of);
        let expr_loc = expr_lit.map_or(header, |l| {
            self.loc(l.pos as usize..l.pos as usize + l.value.len())
        });
        if let Some(map) = &expr {
            self.sites.texts.push(TextSite {
                map: map.clone(),
                variable: None,
            });
        }
        if let Some(map) = self.string_map(b, "legend") {
            self.sites.texts.push(TextSite {
                map,
                variable: None,
            });
        }
        let q = self.sites.queries.len();
        self.sites.queries.push(QuerySite {
            datasource: datasource.clone(),
            expr: expr.clone(),
            expr_loc,
        });
        self.sites.panels[panel].queries.push(q);
        Some(Query {
            ref_id,
            datasource: datasource.unwrap_or_default(),
            expr: expr.map(|m| m.value).unwrap_or_default(),
            legend: self.string(b, "legend"),
            instant: self.boolean(b, "instant").unwrap_or(false),
            span: Self::span(header),
            expr_span: Self::span(expr_loc),
        })
    }

    fn width(&mut self, b: &Block) -> Width {
        match b.attribute("width") {
            Some(Expr::Literal(l)) if l.kind == LiteralKind::String => {
                match Expr::Literal(l.clone()).string_value().as_deref() {
                    Some("full") => Width::Full,
                    Some("third") => Width::Third,
                    Some("quarter") => Width::Quarter,
                    _ => Width::Half,
                }
            }
            Some(_) => self
                .ranged(b, "width", 1.0, 24.0, "a width is 1 to 24 grid columns, or \"full\", \"half\", \"third\" or \"quarter\"")
                .map_or(Width::Half, |w| Width::Columns(w as u8)),
            None => Width::Half,
        }
    }

    /// A whole number from `min` to `max`, or the report of one outside
    /// (with `help`).
    fn ranged(&mut self, b: &Block, name: &str, min: f64, max: f64, help: &str) -> Option<f64> {
        let value = self.number(b, name)?;
        if value.fract() == 0.0 && (min..=max).contains(&value) {
            return Some(value);
        }
        let e = b.attribute(name).expect("a number was read");
        let loc = self.loc(e.span());
        self.ctx
            .report(
                Code::ValueOutOfRange,
                loc,
                format!("{name} {value} is not a whole number from {min} to {max}"),
            )
            .help = Some(help.into());
        None
    }

    /// The datasource a block's `datasource` attribute names, if it is a
    /// reference to one.
    fn datasource_ref(&mut self, b: &Block) -> Option<String> {
        let e = b.attribute("datasource")?;
        let names = traversal(e)?;
        if &*names[0].name != "datasource" || names.len() < 2 {
            return None;
        }
        if names.len() > 2 {
            let start = names[2].pos as usize;
            let end = names[names.len() - 1].pos as usize + names[names.len() - 1].name.len();
            let whole = format!("datasource.{}", names[1].name);
            self.ctx
                .report(
                    Code::UnknownExport,
                    self.loc(start..end),
                    format!(
                        "{whole} is a datasource: it has no field \"{}\"",
                        names[2].name
                    ),
                )
                .help = Some(format!("write `datasource = {whole}`"));
        }
        Some(names[1].name.to_string())
    }

    /// A string attribute's value: a string literal, or a number (which
    /// Alloy converts); other values were reported by the schema pass, or
    /// are reported here when they are expressions.
    fn string(&mut self, b: &Block, name: &str) -> Option<String> {
        let e = b.attribute(name)?;
        match self.literal(e)? {
            l if l.kind == LiteralKind::String => Expr::Literal(l.clone()).string_value(),
            l if matches!(l.kind, LiteralKind::Number | LiteralKind::Float) => {
                Some(l.value.to_string())
            }
            _ => None,
        }
    }

    /// A string attribute's literal, with positions.
    fn string_map(&mut self, b: &Block, name: &str) -> Option<StringMap> {
        match b.attribute(name)? {
            Expr::Literal(l) if l.kind == LiteralKind::String => StringMap::of(l),
            _ => None,
        }
    }

    fn boolean(&mut self, b: &Block, name: &str) -> Option<bool> {
        let e = b.attribute(name)?;
        let l = self.literal(e)?;
        (l.kind == LiteralKind::Bool).then(|| &*l.value == "true")
    }

    fn number(&mut self, b: &Block, name: &str) -> Option<f64> {
        let e = b.attribute(name)?;
        if let Expr::Unary(u) = e {
            if u.op == UnaryOp::Neg {
                if let Expr::Literal(l) = &u.value {
                    return l.value.parse::<f64>().ok().map(|v| -v);
                }
            }
        }
        let l = self.literal(e)?;
        match l.kind {
            LiteralKind::Number | LiteralKind::Float => l.value.parse().ok(),
            LiteralKind::String => Expr::Literal(l.clone())
                .string_value()
                .and_then(|s| s.trim().parse().ok()),
            _ => None,
        }
    }

    fn strings(&mut self, b: &Block, name: &str) -> Option<Vec<String>> {
        let Expr::Array(array) = b.attribute(name)? else {
            return None;
        };
        let mut out = Vec::new();
        for e in &array.elements {
            if let Some(l) = self.literal(e) {
                if let Some(s) = Expr::Literal(l.clone()).string_value() {
                    out.push(s);
                }
            }
        }
        Some(out)
    }

    /// The literal an attribute is set to; an expression that is not one
    /// (a reference, a call, an operation) is reported: a dashboard is
    /// data, nothing in it is evaluated.
    fn literal<'e>(&mut self, e: &'e Expr) -> Option<&'e Literal> {
        match e {
            Expr::Literal(l) => Some(l),
            Expr::Array(_) | Expr::Object(_) => None,
            _ => {
                self.ctx
                    .report(
                        Code::NonLiteralValue,
                        self.loc(e.span()),
                        "a dashboard field takes a literal value, not an expression",
                    )
                    .help = Some(
                    "write the value itself (a string, number, bool or list); only `datasource` takes a reference"
                        .into(),
                );
                None
            }
        }
    }
}

/// The blocks of a body.
fn blocks(body: &[Stmt]) -> impl Iterator<Item = &Block> {
    body.iter().filter_map(|s| match s {
        Stmt::Block(b) => Some(b),
        Stmt::Attribute(_) | Stmt::Error(_) => None,
    })
}

/// `a`, `b` and `c`.
fn list_of(names: &[&str]) -> String {
    let quoted: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
    match quoted.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
        Some((last, _)) => last.clone(),
        None => "nothing else".into(),
    }
}
