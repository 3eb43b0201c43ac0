//! A [`Dashboard`] as DSL text, formatted as `alloy fmt` formats it.
//!
//! Fields at their default are left out, so the file says what differs
//! from Grafana's defaults. The text is built with tabs and one attribute
//! per line, then run through [`crate::format::format_source`], which
//! aligns the `=` signs: the result is a fixed point of `alloy-lint fmt`.

use super::labels::{identifier, Labels};
use crate::dashboard::model::{
    Dashboard, Item, Legend, Panel, PanelKind, Row, TimeRange, Variable, VariableKind, Width,
};
use crate::syntax::quote::go_quote;

/// The dashboard as a DSL file.
pub fn print(d: &Dashboard) -> String {
    let mut out = Out::default();
    out.open(&format!("dashboard {}", go_quote(&d.slug)));
    out.string("title", &d.title);
    out.opt_string("description", d.description.as_deref());
    if !d.tags.is_empty() {
        out.attr("tags", &strings(&d.tags));
    }
    out.opt_string("refresh", d.refresh.as_deref());
    if d.timezone != "browser" {
        out.string("timezone", &d.timezone);
    }
    if !d.editable {
        out.attr("editable", "false");
    }
    match d.graph_tooltip {
        1 => out.string("graph_tooltip", "shared_crosshair"),
        2 => out.string("graph_tooltip", "shared_tooltip"),
        _ => {}
    }
    if d.time != TimeRange::default() {
        out.blank();
        out.open("time");
        out.string("from", &d.time.from);
        out.string("to", &d.time.to);
        out.close();
    }
    for ds in &d.datasources {
        out.blank();
        out.open(&format!("datasource {}", go_quote(&ds.name)));
        out.string("type", ds.kind.plugin_id());
        out.opt_string("uid", ds.uid.as_deref());
        out.close();
    }
    for v in &d.variables {
        out.blank();
        variable(&mut out, v);
    }
    let mut row_labels = Labels::default();
    for item in &d.items {
        out.blank();
        match item {
            Item::Panel(p) => panel(&mut out, p),
            Item::Row(r) => row(&mut out, r, &mut row_labels),
        }
    }
    out.close();
    let text = out.text;
    crate::format::format_source(text.as_bytes()).unwrap_or(text)
}

/// The text being built, and its indentation.
#[derive(Default)]
struct Out {
    text: String,
    depth: usize,
}

impl Out {
    fn line(&mut self, line: &str) {
        for _ in 0..self.depth {
            self.text.push('\t');
        }
        self.text.push_str(line);
        self.text.push('\n');
    }

    fn open(&mut self, header: &str) {
        self.line(&format!("{header} {{"));
        self.depth += 1;
    }

    fn close(&mut self) {
        self.depth -= 1;
        self.line("}");
    }

    /// A blank line between blocks, none right after an opening brace.
    fn blank(&mut self) {
        if !self.text.ends_with("{\n") {
            self.text.push('\n');
        }
    }

    fn attr(&mut self, name: &str, value: &str) {
        self.line(&format!("{name} = {value}"));
    }

    fn string(&mut self, name: &str, value: &str) {
        self.attr(name, &go_quote(value));
    }

    fn opt_string(&mut self, name: &str, value: Option<&str>) {
        if let Some(value) = value {
            self.string(name, value);
        }
    }

    fn number(&mut self, name: &str, value: Option<f64>) {
        if let Some(value) = value.filter(|v| v.is_finite()) {
            self.attr(name, &number(value));
        }
    }

    fn flag(&mut self, name: &str, value: bool) {
        if value {
            self.attr(name, "true");
        }
    }
}

/// An Alloy number literal; integers without a fraction.
fn number(x: f64) -> String {
    if x.fract() == 0.0 && x.abs() < 9e15 {
        format!("{}", x as i64)
    } else {
        format!("{x}")
    }
}

fn strings(values: &[String]) -> String {
    let quoted: Vec<String> = values.iter().map(|v| go_quote(v)).collect();
    format!("[{}]", quoted.join(", "))
}

fn variable(out: &mut Out, v: &Variable) {
    out.open(&format!("variable {}", go_quote(&v.name)));
    out.string("type", v.kind.type_name());
    out.opt_string("label", v.label.as_deref());
    match &v.kind {
        VariableKind::Query {
            datasource,
            query,
            regex,
            sort,
            refresh,
        } => {
            out.attr("datasource", &format!("datasource.{datasource}"));
            out.string("query", query);
            out.opt_string("regex", regex.as_deref());
            let sort = [
                "none",
                "alphabetical_asc",
                "alphabetical_desc",
                "numerical_asc",
                "numerical_desc",
                "alphabetical_ci_asc",
                "alphabetical_ci_desc",
                "natural_asc",
                "natural_desc",
            ]
            .get(usize::from(*sort))
            .copied()
            .unwrap_or("none");
            if sort != "none" {
                out.string("sort", sort);
            }
            if *refresh == 2 {
                out.string("refresh", "time_range");
            }
        }
        VariableKind::Custom { values } => out.attr("values", &strings(values)),
        VariableKind::Interval { values, auto } => {
            out.attr("values", &strings(values));
            out.flag("auto", *auto);
        }
        VariableKind::Constant { value } => out.string("value", value),
        VariableKind::Textbox { default } => {
            if !default.is_empty() {
                out.string("default", default);
            }
        }
    }
    if matches!(
        v.kind,
        VariableKind::Query { .. } | VariableKind::Custom { .. }
    ) {
        out.flag("multi", v.multi);
        out.flag("include_all", v.include_all);
    }
    if !matches!(v.kind, VariableKind::Constant { .. }) {
        out.flag("hide", v.hide);
    }
    out.close();
}

fn row(out: &mut Out, r: &Row, labels: &mut Labels) {
    let label = labels.take_exact(identifier(&r.title, "row"));
    out.open(&format!("row {}", go_quote(&label)));
    if r.title != label {
        out.string("title", &r.title);
    }
    out.flag("collapsed", r.collapsed);
    for p in &r.panels {
        out.blank();
        panel(out, p);
    }
    out.close();
}

fn panel(out: &mut Out, p: &Panel) {
    out.open(&format!(
        "panel.{} {}",
        p.kind.plugin_id(),
        go_quote(&p.label)
    ));
    out.string("title", &p.title);
    out.opt_string("description", p.description.as_deref());
    out.opt_string("unit", p.unit.as_deref());
    match p.width {
        Width::Half => {}
        Width::Full => out.string("width", "full"),
        Width::Third => out.string("width", "third"),
        Width::Quarter => out.string("width", "quarter"),
        Width::Columns(n) => out.attr("width", &n.to_string()),
    }
    if p.height != 8 {
        out.attr("height", &p.height.to_string());
    }
    out.number("min", p.min);
    out.number("max", p.max);
    out.number("decimals", p.decimals.map(f64::from));
    out.opt_string("content", p.content.as_deref());
    for t in &p.thresholds {
        out.blank();
        out.open("threshold");
        out.number("value", t.value);
        out.string("color", &t.color);
        out.close();
    }
    if matches!(p.kind, PanelKind::Timeseries | PanelKind::Heatmap) && p.legend != Legend::default()
    {
        let default = Legend::default();
        out.blank();
        out.open("legend");
        if !p.legend.show {
            out.attr("show", "false");
        }
        if p.legend.mode != default.mode {
            out.string("mode", &p.legend.mode);
        }
        if p.legend.placement != default.placement {
            out.string("placement", &p.legend.placement);
        }
        if !p.legend.calcs.is_empty() {
            out.attr("calcs", &strings(&p.legend.calcs));
        }
        out.close();
    }
    for q in &p.queries {
        out.blank();
        out.open(&format!("query {}", go_quote(&q.ref_id)));
        out.attr("datasource", &format!("datasource.{}", q.datasource));
        out.string("expr", &q.expr);
        out.opt_string("legend", q.legend.as_deref());
        out.flag("instant", q.instant);
        out.close();
    }
    out.close();
}
