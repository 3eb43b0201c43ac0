//! The Alloy configuration next to a dashboard (`alloy_config = "..."` or
//! `check --alloy-config FILE`): does it send what the dashboard's panels
//! query, and do the PromQL `job` and `service` matchers name a value
//! that its scrape targets carry?
//!
//! What a configuration sends is read from its syntax tree, not run:
//!
//! - metrics: a `prometheus.remote_write`, or an OTLP exporter that some
//!   `metrics = [...]` output reaches from a receiver (an OTLP gateway
//!   stores metrics in Prometheus);
//! - logs: a `loki.write`, or an OTLP exporter reached by `logs = [...]`
//!   outputs from a receiver;
//! - traces: an OTLP exporter reached by `traces = [...]` outputs from a
//!   receiver (through processors and connectors). Its endpoint is not
//!   judged: Tempo, an OTLP gateway or another Alloy all end in Tempo, so
//!   a Tempo panel is only questioned when no traces leave at all.
//!
//! The `job` label values its scraped series carry: each
//! `prometheus.scrape`'s `job_name` (by default its id,
//! `prometheus.scrape.LABEL`, as Alloy names the job) unless a target
//! carries its own `job`: a literal target map's `"job"`, a relabeling
//! rule's literal `replacement` for `target_label = "job"`. The set is
//! only used when it is exact: a job from anything not written as a
//! literal (a rule with `$1`, a `labelmap`, `discovery.file` or
//! `discovery.http` targets, an exporter's targets, `honor_labels`,
//! metrics converted from OTLP) makes it unknown, and nothing is reported.
//! Service discovery components other than `discovery.file` and
//! `discovery.http` set only `__meta_*` labels, so their targets get the
//! default job.
//!
//! The `service` label values are gathered the same way, from a literal
//! target map's `"service"` and a relabeling rule's literal `replacement`
//! for `target_label = "service"`, under the same conditions of
//! exactness (and a non-literal `service` makes them unknown). Unlike
//! `job`, Alloy gives a target no default `service`, and scraped
//! applications often expose a `service` label of their own, which the
//! configuration does not show: `service` matchers are only checked when
//! the configuration itself gives every scrape target a literal `service`
//! (in its target map, or through a `discovery.relabel` rule that sets it
//! on every target: no `source_labels`, no `regex`), and the set is exact.
//!
//! A configuration with `import.*` blocks is not judged at all (its
//! modules may send anything).

use crate::rules::Code;
use std::collections::{BTreeSet, HashSet};
use std::path::{Path, PathBuf};

use promql_parser::label::{MatchOp, Matcher};
use promql_parser::parser::Expr as PromExpr;

use super::lower::Sites;
use super::model::DatasourceKind;
use super::query::{identifier_of_length, with_stand_ins};
use super::variables;
use crate::check::context::{Context, Loc, UnitId};
use crate::check::expr::traversal;
use crate::check::model::{BlockId, BlockKind, Model, ScopeKind};
use crate::check::suggest;
use crate::diagnostics::{Diagnostic, Related};
use crate::files::named::NamedError;
use crate::syntax::ast::{self, Block, Expr, Stmt};

/// What checking a dashboard file may read besides the file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DashboardOptions {
    /// The Alloy configuration to check dashboards against, instead of the
    /// one their `alloy_config` names (`check --alloy-config FILE`).
    pub alloy_config: Option<PathBuf>,
}

/// Where a dashboard file was read from, and its options.
#[derive(Clone, Copy)]
pub struct Place<'p> {
    /// The file's path, for names relative to it (none: its name is).
    pub path: Option<&'p Path>,
    pub options: &'p DashboardOptions,
    /// Where the configuration it names is read.
    pub files: &'p dyn crate::files::FileAccess,
}

/// What a configuration sends.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sent {
    pub metrics: bool,
    pub logs: bool,
    pub traces: bool,
    /// The `job` values of its scraped series, when known exactly.
    pub jobs: Option<BTreeSet<String>>,
    /// The `service` values it sets on its scraped series, when known
    /// exactly and it sets some.
    pub services: Option<BTreeSet<String>>,
}

/// A label of scraped series whose PromQL matchers are checked against
/// the values the configuration gives its scrape targets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScrapeLabel {
    Job,
    Service,
}

impl ScrapeLabel {
    /// The label's name.
    pub fn name(self) -> &'static str {
        match self {
            ScrapeLabel::Job => "job",
            ScrapeLabel::Service => "service",
        }
    }

    /// The rule reporting a matcher on it that names an unknown value.
    fn code(self) -> Code {
        match self {
            ScrapeLabel::Job => Code::UnknownScrapeJob,
            ScrapeLabel::Service => Code::UnknownScrapeService,
        }
    }

    /// How the help lists the known values.
    fn plural(self) -> &'static str {
        match self {
            ScrapeLabel::Job => "scrape jobs",
            ScrapeLabel::Service => "services",
        }
    }
}

impl Sent {
    fn signal(&self, kind: DatasourceKind) -> bool {
        match kind {
            DatasourceKind::Prometheus => self.metrics,
            DatasourceKind::Loki => self.logs,
            DatasourceKind::Tempo => self.traces,
        }
    }
}

/// Checks the dashboard block `block` of `unit` against the configuration
/// it names (or `place`'s), with what lowering recorded in `sites`.
pub fn check(ctx: &mut Context<'_>, unit: UnitId, block: &Block, sites: &Sites, place: Place<'_>) {
    let attribute = block.body.iter().find_map(|s| match s {
        Stmt::Attribute(a) if &*a.name.name == "alloy_config" => Some(a),
        _ => None,
    });
    let name = ctx.units[unit].name;
    let (read, shown, loc) = match (&place.options.alloy_config, attribute) {
        (Some(path), a) => {
            let loc = a.map_or_else(|| header(unit, block), |a| Loc::new(unit, a.span()));
            (path.clone(), path.display().to_string(), loc)
        }
        (None, Some(a)) => {
            let Some(value) = a.value.string_value() else {
                return;
            };
            let base = place.path.unwrap_or(Path::new(name));
            let dir = |p: &Path| p.parent().map(Path::to_path_buf).unwrap_or_default();
            let shown = dir(Path::new(name)).join(&value);
            (
                dir(base).join(&value),
                shown.display().to_string(),
                Loc::new(unit, a.value.start_pos() as usize..a.span().end),
            )
        }
        (None, None) => return,
    };
    let files = match read_config(place.files, &read, &shown) {
        Ok(files) => files,
        Err((problem, related)) => {
            let d = ctx.report(
                Code::AlloyConfigNotFound,
                loc,
                format!("cannot check the dashboard against {shown}: {problem}"),
            );
            d.related.extend(related);
            d.help = Some(
                "name the Alloy configuration (a file, or a directory of *.alloy files) relative to the dashboard file, or remove `alloy_config`".into(),
            );
            return;
        }
    };
    let (sources, parsed): (Vec<_>, Vec<_>) = files.into_iter().unzip();
    let model = crate::check::model_of(&sources, &parsed, &|_| true);
    let depth = parsed.iter().map(|f| f.max_depth).max().unwrap_or(0);
    let trees: Vec<&ast::File> = parsed.iter().map(|f| &f.file).collect();
    let Some(sent) = crate::syntax::stack::with_stack_for(depth, || sent(&model, &trees)) else {
        return;
    };
    signals(ctx, sites, &sent, &shown);
    if sent.metrics {
        for (label, values) in [
            (ScrapeLabel::Job, &sent.jobs),
            (ScrapeLabel::Service, &sent.services),
        ] {
            if let Some(values) = values {
                scrape_values(ctx, unit, sites, label, values, &shown);
            }
        }
    }
}

fn header(unit: UnitId, b: &Block) -> Loc {
    let end = match &b.label {
        Some(l) => l.pos as usize + l.value.len() + 2,
        None => b.name_pos as usize + b.name.len(),
    };
    Loc::new(unit, b.name_pos as usize..end)
}

/// Why a configuration could not be read, and where (for a file that does
/// not parse).
type Unread = (String, Option<Related>);

/// The files of the configuration at `path` (shown as `shown`), parsed,
/// dashboard files left out, or what is wrong with it (and where, for a
/// file that does not parse).
fn read_config(
    access: &dyn crate::files::FileAccess,
    path: &Path,
    shown: &str,
) -> Result<Vec<(crate::check::Source, crate::syntax::ParsedFile)>, Unread> {
    let paths = crate::files::config_paths::configuration_files_in(access, path).map_err(|e| {
        match e.kind() {
            std::io::ErrorKind::NotFound => ("no such file or directory".to_owned(), None),
            _ => (e.to_string(), None),
        }
    })?;
    let mut files = Vec::new();
    for p in &paths {
        // The configuration may be a stranger's, naming any file: read
        // through the door for named files, and its text quoted only when
        // it is Alloy by name (see `files::named`).
        let named = crate::files::named::read_named(access, p).map_err(|e| match e {
            NamedError::Unreadable(e) => (format!("{}: {e}", p.display()), None),
            e => (
                format!("{} is not an Alloy configuration: {e}", p.display()),
                None,
            ),
        })?;
        let text = named.text;
        let name = match paths.len() {
            1 => shown.to_owned(),
            _ => Path::new(shown)
                .join(p.file_name().unwrap_or_default())
                .display()
                .to_string(),
        };
        let parsed = crate::syntax::parse(&text).map_err(|errors| {
            // Where it fails, as a related place; Alloy's message only when
            // the file's text may be shown.
            let found = Diagnostic::from_syntax_errors(&errors, &name, &text);
            let related = found.first().map(|d| match named.shown {
                true => d.place(d.message.clone()),
                false => d.place("the first syntax error"),
            });
            ("it does not parse".to_owned(), related)
        })?;
        if !super::is_dashboard_file(&parsed.file) {
            let source = crate::check::Source {
                name,
                path: Some(p.clone()),
                text,
            };
            files.push((source, parsed));
        }
    }
    if files.is_empty() {
        let problem = "it holds no Alloy configuration (no *.alloy file besides dashboards)";
        return Err((problem.into(), None));
    }
    Ok(files)
}

/// One warning per panel and datasource kind whose signal is not sent.
fn signals(ctx: &mut Context<'_>, sites: &Sites, sent: &Sent, shown: &str) {
    for panel in &sites.panels {
        let mut seen = Vec::new();
        for &q in &panel.queries {
            let Some(ds) = &sites.queries[q].datasource else {
                continue;
            };
            let Some(Some(kind)) = sites.datasources.get(ds) else {
                continue;
            };
            if sent.signal(*kind) || seen.contains(kind) {
                continue;
            }
            seen.push(*kind);
            let (signal, fix) = match kind {
                DatasourceKind::Prometheus => (
                    "metrics",
                    "a `prometheus.remote_write` that a scrape forwards to",
                ),
                DatasourceKind::Loki => ("logs", "a `loki.write` that a log source forwards to"),
                DatasourceKind::Tempo => (
                    "traces",
                    "an `otelcol.exporter.otlp` that a receiver's `traces` output reaches",
                ),
            };
            ctx.report(
                Code::SignalNotCollected,
                panel.header,
                format!(
                    "this panel queries a {} datasource (datasource.{ds}), but {shown} sends no {signal}",
                    title(*kind)
                ),
            )
            .help = Some(format!(
                "send {signal} from the configuration ({fix}), or point `alloy_config` at the configuration that sends them"
            ));
        }
    }
}

/// A datasource kind as people name it.
fn title(kind: DatasourceKind) -> &'static str {
    match kind {
        DatasourceKind::Prometheus => "Prometheus",
        DatasourceKind::Loki => "Loki",
        DatasourceKind::Tempo => "Tempo",
    }
}

/// Warns on PromQL matchers of `label` naming a value (one of `known`
/// or not) that no scrape target has.
fn scrape_values(
    ctx: &mut Context<'_>,
    unit: UnitId,
    sites: &Sites,
    label: ScrapeLabel,
    known: &BTreeSet<String>,
    shown: &str,
) {
    let name = label.name();
    for q in &sites.queries {
        let (Some(ds), Some(expr)) = (&q.datasource, &q.expr) else {
            continue;
        };
        if sites.datasources.get(ds) != Some(&Some(DatasourceKind::Prometheus)) {
            continue;
        }
        let text = with_stand_ins(&expr.value, identifier_of_length);
        let Ok(parsed) = promql_parser::parser::parse(&text) else {
            continue;
        };
        let mut matchers = Vec::new();
        label_matchers(&parsed, name, &mut matchers);
        let mut sites_used = HashSet::new();
        for m in matchers {
            let regex = matches!(m.op, MatchOp::Re(_));
            let Some(range) = locate(&text, name, regex, &m.value, &mut sites_used) else {
                continue;
            };
            // A value with a variable in it is whatever the variable holds.
            if !variables::find(&expr.value[range.clone()]).is_empty() {
                continue;
            }
            // Each name with its range in the query.
            let values: Vec<(&str, std::ops::Range<usize>)> = if regex {
                match literal_alternation(&m.value) {
                    Some(v) => v
                        .into_iter()
                        .map(|(at, name)| (name, range.start + at..range.start + at + name.len()))
                        .collect(),
                    None => continue,
                }
            } else {
                // The quoted value, quotes included.
                vec![(m.value.as_str(), range.start - 1..range.end + 1)]
            };
            for (value, at) in values {
                if known.contains(value) {
                    continue;
                }
                let loc = Loc::new(unit, expr.range(at));
                // The default job name is the component's id.
                let by_label = known.iter().find(|j| j.ends_with(&format!(".{value}")));
                let closest = by_label
                    .map(String::as_str)
                    .or_else(|| suggest::closest(value, known.iter().map(String::as_str)));
                let help = match closest {
                    Some(c) => format!("did you mean \"{c}\"?"),
                    None if known.is_empty() => format!("{shown} scrapes nothing"),
                    None => format!(
                        "its {} are {}",
                        label.plural(),
                        known
                            .iter()
                            .map(|j| format!("\"{j}\""))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                };
                let message = format!("no scrape target of {shown} has {name} \"{value}\"");
                ctx.report(
                    label.code(),
                    loc,
                    match regex {
                        false => format!("{message}: this selector matches no series"),
                        true => message,
                    },
                )
                .help = Some(help);
            }
        }
    }
}

/// The `NAME="..."` and `NAME=~"..."` matchers of every selector in `e`,
/// for the label `name`.
fn label_matchers(e: &PromExpr, name: &str, out: &mut Vec<Matcher>) {
    let mut stack = vec![e];
    while let Some(e) = stack.pop() {
        match e {
            PromExpr::Aggregate(a) => {
                stack.push(&a.expr);
                if let Some(p) = &a.param {
                    stack.push(p);
                }
            }
            PromExpr::Unary(u) => stack.push(&u.expr),
            PromExpr::Binary(b) => {
                stack.push(&b.rhs);
                stack.push(&b.lhs);
            }
            PromExpr::Paren(p) => stack.push(&p.expr),
            PromExpr::Subquery(s) => stack.push(&s.expr),
            PromExpr::Call(c) => stack.extend(c.args.args.iter().rev().map(|a| &**a)),
            PromExpr::VectorSelector(v) => selector(v, name, out),
            PromExpr::MatrixSelector(m) => selector(&m.vs, name, out),
            PromExpr::NumberLiteral(_) | PromExpr::StringLiteral(_) | PromExpr::Extension(_) => {}
        }
    }
}

fn selector(v: &promql_parser::parser::VectorSelector, name: &str, out: &mut Vec<Matcher>) {
    let all = v
        .matchers
        .matchers
        .iter()
        .chain(v.matchers.or_matchers.iter().flatten());
    for m in all {
        if m.name == name && matches!(m.op, MatchOp::Equal | MatchOp::Re(_)) {
            out.push(m.clone());
        }
    }
}

/// The range of the value (inside its quotes) of a `NAME=` (or `NAME=~`)
/// matcher of the label `name` whose value is `value` in `text`, not one
/// of `used`.
fn locate(
    text: &str,
    name: &str,
    regex: bool,
    value: &str,
    used: &mut HashSet<usize>,
) -> Option<std::ops::Range<usize>> {
    let b = text.as_bytes();
    let mut from = 0;
    while let Some(i) = text[from..].find(name).map(|i| i + from) {
        from = i + name.len();
        let before = i.checked_sub(1).map(|j| b[j]);
        if before.is_some_and(|c| c.is_ascii_alphanumeric() || c == b'_') {
            continue;
        }
        let mut j = i + name.len();
        let skip = |j: &mut usize| {
            while b.get(*j).is_some_and(u8::is_ascii_whitespace) {
                *j += 1;
            }
        };
        skip(&mut j);
        if b.get(j) != Some(&b'=') {
            continue;
        }
        j += 1;
        if (b.get(j) == Some(&b'~')) != regex {
            continue;
        }
        if regex {
            j += 1;
        }
        skip(&mut j);
        let Some(&quote) = b.get(j).filter(|c| matches!(c, b'"' | b'\'' | b'`')) else {
            continue;
        };
        let start = j + 1;
        let Some(len) = text[start..].find(quote as char) else {
            continue;
        };
        let range = start..start + len;
        if &text[range.clone()] == value && used.insert(start) {
            return Some(range);
        }
    }
    None
}

/// The alternatives of a regex that is only literal names (`a|b`), with
/// their offsets.
fn literal_alternation(regex: &str) -> Option<Vec<(usize, &str)>> {
    let mut at = 0;
    let names: Vec<(usize, &str)> = regex
        .split('|')
        .map(|n| {
            let start = at;
            at += n.len() + 1;
            (start, n)
        })
        .collect();
    names
        .iter()
        .all(|(_, n)| {
            !n.is_empty()
                && n.bytes()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, b'_' | b'-' | b'/' | b':'))
        })
        .then_some(names)
}

/// What the configuration made of `files` sends, as its semantic model
/// `model` resolved it; `None` when it imports modules, which may send
/// anything.
pub fn sent(model: &Model, files: &[&ast::File]) -> Option<Sent> {
    let config = Config::new(model, files);
    let all: Vec<&Block> = config.components.iter().map(|&(_, b)| b).collect();
    if all.iter().any(|b| b.name.starts_with("import.")) {
        return None;
    }
    let has = |name: &str| all.iter().any(|b| &*b.name == name);
    let otlp_metrics = otlp_reached(&config, "metrics");
    // Metrics converted from OTLP carry labels of their own.
    let mut labels = [ScrapeLabel::Job, ScrapeLabel::Service].map(|label| Values {
        label,
        values: BTreeSet::new(),
        exact: !otlp_metrics,
        unlabelled: false,
    });
    for &(id, b) in &config.components {
        let name = &*b.name;
        let foreign = name == "otelcol.exporter.prometheus"
            || name == "prometheus.receive_http"
            || name.starts_with("prometheus.operator.");
        for values in &mut labels {
            if foreign {
                values.exact = false;
            }
            if name == "prometheus.scrape" {
                values.scrape(&config, id, b);
            }
        }
    }
    for b in &all {
        for values in &mut labels {
            values.rules(&b.body);
        }
    }
    let [jobs, services] = labels.map(Values::known);
    Some(Sent {
        metrics: has("prometheus.remote_write") || otlp_metrics,
        logs: has("loki.write") || otlp_reached(&config, "logs"),
        traces: otlp_reached(&config, "traces"),
        jobs,
        // No `service` unless the configuration sets one: the scraped
        // applications may bring their own.
        services: services.filter(|s| !s.is_empty()),
    })
}

/// The configuration's components as its model resolved them, with the
/// trees their values are read from.
struct Config<'m> {
    model: &'m Model,
    /// The blocks at the top of the root scope and of `declare` bodies in
    /// it (the declares themselves left out), in model order.
    components: Vec<(BlockId, &'m Block)>,
}

impl<'m> Config<'m> {
    fn new(model: &'m Model, files: &[&'m ast::File]) -> Self {
        let in_config = |scope: usize| {
            model
                .scope_chain(scope)
                .all(|s| matches!(model.scopes[s].kind, ScopeKind::Root | ScopeKind::Declare))
        };
        let components = model
            .blocks
            .iter()
            .enumerate()
            .filter(|(_, b)| b.is_top() && b.kind != BlockKind::Declare && in_config(b.scope()))
            .filter_map(|(id, b)| Some((id, model.syntax_block(files[b.unit()], id)?)))
            .collect();
        Config { model, components }
    }

    /// The component the reference `e` (written in the unit of component
    /// `from`) points into (`otelcol.processor.batch.default.input`).
    fn referenced(&self, from: BlockId, e: &Expr) -> Option<(BlockId, &'m Block)> {
        let unit = self.model.blocks[from].unit();
        let target = self
            .model
            .reference_spanning(Loc::new(unit, e.span()))?
            .block()?;
        self.components
            .binary_search_by_key(&target, |&(id, _)| id)
            .ok()
            .map(|i| self.components[i])
    }
}

/// Every `name = [...]` list anywhere in `body` (output blocks included).
fn lists<'a>(body: &'a [Stmt], name: &str, out: &mut Vec<&'a Expr>) {
    for stmt in body {
        match stmt {
            Stmt::Attribute(a) if &*a.name.name == name => out.push(&a.value),
            Stmt::Attribute(_) | Stmt::Error(_) => {}
            Stmt::Block(b) => lists(&b.body, name, out),
        }
    }
}

/// Whether an exporter that sends over the network is reached from a
/// receiver or connector by `signal = [...]` outputs.
fn otlp_reached(config: &Config<'_>, signal: &str) -> bool {
    const NOT_SENDING: &[&str] = &[
        "otelcol.exporter.debug",
        "otelcol.exporter.file",
        // These hand over to Prometheus and Loki components.
        "otelcol.exporter.prometheus",
        "otelcol.exporter.loki",
    ];
    let mut queue: Vec<(BlockId, &Block)> = config
        .components
        .iter()
        .copied()
        .filter(|(_, b)| b.name.contains(".receiver") || b.name.starts_with("otelcol.connector."))
        .collect();
    let mut seen: HashSet<BlockId> = queue.iter().map(|&(id, _)| id).collect();
    while let Some((id, b)) = queue.pop() {
        if b.name.starts_with("otelcol.exporter.") && !NOT_SENDING.contains(&&*b.name) {
            return true;
        }
        let mut found = Vec::new();
        lists(&b.body, signal, &mut found);
        for list in found {
            let Expr::Array(a) = list else { continue };
            for e in &a.elements {
                if let Some((target, block)) = config.referenced(id, e) {
                    if seen.insert(target) {
                        queue.push((target, block));
                    }
                }
            }
        }
    }
    false
}

/// The values of a scrape label found so far, and whether they are all of
/// them.
struct Values {
    label: ScrapeLabel,
    values: BTreeSet<String>,
    exact: bool,
    /// A target reaches a scrape without the label set on it literally.
    /// For `service`, which has no default, its series may carry a
    /// `service` its application exposes: the set is then not exact.
    unlabelled: bool,
}

impl Values {
    /// The values, when they are all of them.
    fn known(self) -> Option<BTreeSet<String>> {
        let exact = match self.label {
            ScrapeLabel::Job => self.exact,
            ScrapeLabel::Service => self.exact && !self.unlabelled,
        };
        exact.then_some(self.values)
    }

    fn scrape(&mut self, config: &Config<'_>, id: BlockId, b: &Block) {
        if b.attribute("honor_labels")
            .is_some_and(|e| !matches!(e, Expr::Literal(l) if &*l.value == "false"))
        {
            self.exact = false;
        }
        // A target without the label gets the job's name, and no service.
        let default = match self.label {
            ScrapeLabel::Service => None,
            ScrapeLabel::Job => match b.attribute("job_name") {
                Some(e) => match e.string_value() {
                    Some(v) => Some(v),
                    None => {
                        self.exact = false;
                        return;
                    }
                },
                None => Some(format!("{}.{}", b.name, b.label_text().unwrap_or_default())),
            },
        };
        let default = default.as_deref();
        match b.attribute("targets") {
            Some(targets) => self.targets(config, id, targets, default, false, &mut HashSet::new()),
            None => self.exact = false,
        }
    }

    /// The values of the targets `e` (written in component `from`), whose
    /// default value (for a target without the label) is `default`;
    /// `covered` when a relabeling they went through sets the label on
    /// every one of them.
    fn targets(
        &mut self,
        config: &Config<'_>,
        from: BlockId,
        e: &Expr,
        default: Option<&str>,
        covered: bool,
        visited: &mut HashSet<BlockId>,
    ) {
        match e {
            Expr::Array(a) => {
                for element in &a.elements {
                    let Expr::Object(o) = element else {
                        self.exact = false;
                        continue;
                    };
                    let name = self.label.name();
                    match o.fields.iter().find(|f| &*f.name.name == name) {
                        Some(f) => match f.value.string_value() {
                            Some(v) => {
                                self.values.insert(v);
                            }
                            None => self.exact = false,
                        },
                        None => self.default(default, covered),
                    }
                }
            }
            Expr::Call(c)
                if traversal(&c.value)
                    .is_some_and(|p| p.iter().map(|i| &*i.name).eq(["array", "concat"])) =>
            {
                for arg in &c.args {
                    self.targets(config, from, arg, default, covered, visited);
                }
            }
            Expr::Paren(p) => self.targets(config, from, &p.inner, default, covered, visited),
            _ => {
                let Some((id, b)) = config.referenced(from, e) else {
                    self.exact = false;
                    return;
                };
                if !visited.insert(id) {
                    return;
                }
                let name = &*b.name;
                if name == "discovery.relabel" {
                    // Its rules are read with every other rule.
                    let covered = covered || sets_unconditionally(b, self.label.name());
                    match b.attribute("targets") {
                        Some(inner) => self.targets(config, id, inner, default, covered, visited),
                        None => self.exact = false,
                    }
                } else if name.starts_with("discovery.")
                    && name != "discovery.file"
                    && name != "discovery.http"
                {
                    self.default(default, covered);
                } else {
                    self.exact = false;
                }
            }
        }
    }

    /// A target without the label written on it.
    fn default(&mut self, default: Option<&str>, covered: bool) {
        if let Some(v) = default {
            self.values.insert(v.to_owned());
        }
        if !covered {
            self.unlabelled = true;
        }
    }

    /// Relabeling rules anywhere in `body` that write the label.
    fn rules(&mut self, body: &[Stmt]) {
        for stmt in body {
            let Stmt::Block(b) = stmt else { continue };
            self.rules(&b.body);
            if !matches!(&*b.name, "rule" | "write_relabel_config") {
                continue;
            }
            let action = b.attribute("action").and_then(Expr::string_value);
            match action.as_deref() {
                Some("labelmap") => {
                    self.exact = false;
                    continue;
                }
                None | Some("replace") => {}
                Some(_) => continue,
            }
            let target = b.attribute("target_label").map(Expr::string_value);
            match target {
                Some(Some(t)) if t == self.label.name() => {}
                Some(Some(_)) | None => continue,
                Some(None) => {
                    self.exact = false;
                    continue;
                }
            }
            let replacement = match b.attribute("replacement") {
                Some(e) => e.string_value(),
                None => Some("$1".into()),
            };
            match replacement {
                Some(r) if !r.contains('$') => {
                    self.values.insert(r);
                }
                _ => self.exact = false,
            }
        }
    }
}

/// Whether the `discovery.relabel` `b` writes `label` on every target: a
/// `replace` rule with a literal replacement that matches unconditionally
/// (no `source_labels`, no `regex`).
fn sets_unconditionally(b: &Block, label: &str) -> bool {
    b.body.iter().any(|stmt| {
        let Stmt::Block(rule) = stmt else {
            return false;
        };
        &*rule.name == "rule"
            && rule
                .attribute("action")
                .and_then(Expr::string_value)
                .is_none_or(|a| a == "replace")
            && rule.attribute("source_labels").is_none()
            && rule.attribute("regex").is_none()
            && rule
                .attribute("target_label")
                .and_then(Expr::string_value)
                .as_deref()
                == Some(label)
            && rule
                .attribute("replacement")
                .and_then(Expr::string_value)
                .is_some_and(|r| !r.contains('$'))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sent_by(text: &str) -> Option<Sent> {
        let parsed = crate::syntax::parse(text.as_bytes()).expect("parses");
        let source = crate::check::Source {
            name: "config.alloy".into(),
            path: None,
            text: text.as_bytes().to_vec(),
        };
        let model = crate::check::model_of(std::slice::from_ref(&source), &[parsed], &|_| true);
        let parsed = crate::syntax::parse(text.as_bytes()).expect("parses");
        sent(&model, &[&parsed.file])
    }

    fn jobs(list: &[&str]) -> Option<BTreeSet<String>> {
        Some(list.iter().map(|s| s.to_string()).collect())
    }

    #[test]
    fn the_grafana_cloud_sample_sends_everything() {
        let text = include_str!("../../fixtures/grafana-cloud/alloy-config.alloy");
        let sent = sent_by(text).unwrap();
        assert!(sent.metrics && sent.logs && sent.traces, "{sent:?}");
        assert_eq!(sent.jobs, jobs(&["wpt-worker"]));
        assert_eq!(sent.services, None, "it sets no service");
    }

    #[test]
    fn traces_need_a_path_from_a_receiver() {
        let text = r#"
otelcol.receiver.otlp "in" {
	grpc { }
	output { metrics = [otelcol.exporter.otlp.out.input] }
}
otelcol.exporter.otlp "out" {
	client { endpoint = "tempo:4317" }
}
"#;
        let sent = sent_by(text).unwrap();
        assert!(!sent.traces && sent.metrics && !sent.logs, "{sent:?}");
        assert_eq!(sent.jobs, None, "metrics over OTLP carry service names");
    }

    #[test]
    fn jobs_come_from_names_labels_and_rules() {
        let text = r#"
discovery.kubernetes "pods" { role = "pod" }
discovery.relabel "pods" {
	targets = discovery.kubernetes.pods.targets
	rule {
		target_label = "job"
		replacement  = "pods"
	}
}
prometheus.scrape "pods" {
	targets    = discovery.relabel.pods.output
	forward_to = [prometheus.remote_write.x.receiver]
}
prometheus.scrape "static" {
	targets    = array.concat([{"__address__" = "a:1"}], [{"__address__" = "b:1", "job" = "b"}])
	job_name   = "static"
	forward_to = [prometheus.remote_write.x.receiver]
}
prometheus.remote_write "x" {
	endpoint { url = "http://x/api/v1/write" }
}
"#;
        let sent = sent_by(text).unwrap();
        assert_eq!(
            sent.jobs,
            jobs(&["b", "pods", "prometheus.scrape.pods", "static"])
        );
        let unknown = text.replace("\"pods\"\n\t}", "\"$1\"\n\t}");
        assert_eq!(sent_by(&unknown).unwrap().jobs, None);
        let file_sd = text.replace("discovery.kubernetes", "discovery.file");
        assert_eq!(sent_by(&file_sd).unwrap().jobs, None);
        assert_eq!(
            sent_by(&format!("import.file \"m\" {{ filename = \"m\" }}\n{text}")),
            None
        );
    }

    #[test]
    fn job_matchers_are_found_in_the_query() {
        let q = r#"sum(rate(x{job="a"}[5m])) / sum(rate(y{job=~"b|c", job="a"}[5m]))"#;
        let parsed = promql_parser::parser::parse(q).unwrap();
        let mut found = Vec::new();
        label_matchers(&parsed, "job", &mut found);
        let values: Vec<&str> = found.iter().map(|m| m.value.as_str()).collect();
        assert_eq!(values, ["a", "b|c", "a"]);
        let mut used = HashSet::new();
        assert_eq!(locate(q, "job", false, "a", &mut used), Some(16..17));
        assert_eq!(
            locate(q, "job", false, "a", &mut used).map(|r| &q[r]),
            Some("a")
        );
        assert_eq!(
            locate(q, "job", true, "b|c", &mut used).map(|r| &q[r]),
            Some("b|c")
        );
        assert_eq!(literal_alternation("b|c"), Some(vec![(0, "b"), (2, "c")]));
        assert_eq!(literal_alternation("b.*"), None);
    }

    const SERVICES: &str = r#"
discovery.kubernetes "pods" { role = "pod" }
discovery.relabel "pods" {
	targets = discovery.kubernetes.pods.targets
	rule {
		target_label = "service"
		replacement  = "checkout"
	}
}
prometheus.scrape "pods" {
	targets    = discovery.relabel.pods.output
	forward_to = [prometheus.remote_write.x.receiver]
}
prometheus.scrape "static" {
	targets    = [{"__address__" = "a:1", "service" = "cart"}, {"__address__" = "b:1", "service" = "cart"}]
	forward_to = [prometheus.remote_write.x.receiver]
}
prometheus.remote_write "x" {
	endpoint { url = "http://x/api/v1/write" }
}
"#;

    #[test]
    fn services_come_from_literal_labels_and_rules() {
        let sent = sent_by(SERVICES).unwrap();
        assert_eq!(sent.services, jobs(&["cart", "checkout"]));
        assert_eq!(
            sent.jobs,
            jobs(&["prometheus.scrape.pods", "prometheus.scrape.static"])
        );
        // A target with no `service` written on it, or relabeled by a rule
        // that does not set it on every target, may bring its own.
        let unlabelled = SERVICES.replacen(r#", "service" = "cart""#, "", 1);
        assert_eq!(sent_by(&unlabelled).unwrap().services, None);
        let not_the_label =
            SERVICES.replace(r#"target_label = "service""#, r#"target_label = "team""#);
        assert_eq!(sent_by(&not_the_label).unwrap().services, None);
        let conditional = SERVICES.replace(
            "\t\ttarget_label = \"service\"\n",
            "\t\tsource_labels = [\"__meta_kubernetes_pod_label_app\"]\n\t\tregex = \"checkout\"\n\t\ttarget_label = \"service\"\n",
        );
        assert_eq!(sent_by(&conditional).unwrap().services, None);
    }

    #[test]
    fn services_are_unknown_unless_set_literally_and_exactly() {
        let cases = [
            // Never set: the applications may expose their own.
            SERVICES
                .replace(r#", "service" = "cart""#, "")
                .replace(r#"target_label = "service""#, r#"target_label = "team""#),
            // A replacement from a source label.
            SERVICES.replace(r#"replacement  = "checkout""#, r#"replacement  = "$1""#),
            // No replacement: `$1`.
            SERVICES.replace("\t\treplacement  = \"checkout\"\n", ""),
            // A value that is not a literal.
            SERVICES.replace(r#""service" = "cart""#, r#""service" = sys.env("SERVICE")"#),
            // Labels copied from discovery.
            SERVICES.replace(
                "\trule {\n",
                "\trule {\n\t\taction = \"labelmap\"\n\t\tregex = \"__meta_(.+)\"\n\t}\n\trule {\n",
            ),
            // The exposed labels win.
            SERVICES.replace(
                "prometheus.scrape \"static\" {\n",
                "prometheus.scrape \"static\" {\n\thonor_labels = true\n",
            ),
            // Targets that bring their labels.
            SERVICES.replace("discovery.kubernetes", "discovery.file"),
            SERVICES.replace("discovery.kubernetes", "discovery.http"),
        ];
        for case in &cases {
            let sent = sent_by(case).unwrap();
            assert_eq!(sent.services, None, "{case}");
        }
        // The job set may stay known: `service` has no default to lose.
        let sent = sent_by(&cases[1]).unwrap();
        assert!(sent.jobs.is_some());
        // Unlike `job`, a non-literal `job_name` does not affect it.
        let named = SERVICES.replace(
            "prometheus.scrape \"static\" {\n",
            "prometheus.scrape \"static\" {\n\tjob_name = sys.env(\"JOB\")\n",
        );
        let sent = sent_by(&named).unwrap();
        assert_eq!(
            (sent.jobs, sent.services),
            (None, jobs(&["cart", "checkout"]))
        );
    }

    #[test]
    fn service_matchers_are_found_in_the_query() {
        let q = r#"sum(rate(x{job="svc", service="a"}[5m])) / y{service =~ "b|c", my_service="a"}"#;
        let parsed = promql_parser::parser::parse(q).unwrap();
        let mut found = Vec::new();
        label_matchers(&parsed, "service", &mut found);
        let values: Vec<&str> = found.iter().map(|m| m.value.as_str()).collect();
        assert_eq!(values, ["a", "b|c"]);
        let mut used = HashSet::new();
        let a = locate(q, "service", false, "a", &mut used).unwrap();
        assert_eq!(
            (&q[a.clone()], a.start),
            ("a", q.find("service=\"a").unwrap() + 9)
        );
        // `my_service="a"` is another label.
        assert_eq!(locate(q, "service", false, "a", &mut used), None);
        assert_eq!(
            locate(q, "service", true, "b|c", &mut used).map(|r| &q[r]),
            Some("b|c")
        );
        // `job="svc"` is no service matcher.
        assert_eq!(
            locate(q, "service", false, "svc", &mut HashSet::new()),
            None
        );
    }
}
