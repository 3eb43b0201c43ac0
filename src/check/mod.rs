//! `check`: schema-driven validation of a configuration.
//!
//! A configuration is one or more parsed files (a directory's top-level
//! `*.alloy` files form one configuration, as `alloy run DIR` loads them).
//! The checker builds the scopes of the configuration (root, `declare`
//! bodies, `foreach` templates), resolves every reference against them the
//! way Alloy does (longest prefix of a component id), and runs the rule
//! families of [`rules`] over the result.

pub mod body;
pub mod cloud;
pub mod context;
pub mod endpoints;
pub mod engine;
pub mod expr;
pub mod fix;
pub mod graph;
pub mod load;
pub mod scope;
pub mod settings;
pub mod suggest;
pub mod suppress;
pub mod token_file;
pub mod values;

use std::collections::HashSet;

use clap::ValueEnum;

pub use crate::dashboard::alloy_config::DashboardOptions;
pub use load::Source;

use crate::diagnostics::Diagnostic;
use crate::secrets::{MessageRedactor, SecretSpans, Shown};

/// Alloy's `--stability.level`: the least stable feature allowed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, ValueEnum)]
pub enum StabilityLevel {
    /// Only experimental features and above (everything).
    Experimental,
    /// Public-preview features and above.
    PublicPreview,
    /// Generally available features only (Alloy's default).
    #[default]
    GenerallyAvailable,
}

impl StabilityLevel {
    /// The spelling Alloy and the schema use.
    pub fn as_str(self) -> &'static str {
        match self {
            StabilityLevel::Experimental => "experimental",
            StabilityLevel::PublicPreview => "public-preview",
            StabilityLevel::GenerallyAvailable => "generally-available",
        }
    }

    /// Parses the schema's spelling (`generally-available`, ...).
    pub fn from_name(name: &str) -> Option<Self> {
        match name {
            "experimental" => Some(StabilityLevel::Experimental),
            "public-preview" => Some(StabilityLevel::PublicPreview),
            "generally-available" => Some(StabilityLevel::GenerallyAvailable),
            _ => None,
        }
    }
}

/// What the checker allows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Options {
    /// The least stable feature allowed.
    pub stability: StabilityLevel,
    /// Whether community components are enabled
    /// (`--feature.community-components.enabled`).
    pub community_components: bool,
}

/// The outcome of checking one configuration.
#[derive(Debug, Default)]
pub struct Report {
    /// What was found, in file order and then source order.
    pub diagnostics: Vec<Diagnostic>,
    /// The sources diagnostics may point into (the configuration's files
    /// and the modules it imports), by name, for rendering code frames.
    /// They are as read: show them through [`Report::shown_source`].
    pub sources: Vec<Source>,
    /// Where each of `sources` holds secrets (same order).
    pub secret_spans: Vec<SecretSpans>,
    /// The secret values themselves, longest first: what a message or a
    /// fixed text must not repeat.
    pub secrets: Vec<String>,
}

impl Report {
    /// The text of source `name` with its secrets masked, for code frames
    /// and diffs.
    pub fn shown_source(&self, name: &str) -> Shown {
        self.sources
            .iter()
            .zip(&self.secret_spans)
            .find(|(s, _)| s.name == name)
            .map(|(s, spans)| Shown::masked(&s.text, spans))
            .unwrap_or_default()
    }

    /// How many of the diagnostics a safe fix repairs: what `check --fix`
    /// would change.
    pub fn fixable(&self) -> usize {
        self.diagnostics.iter().filter(|d| d.fix.is_some()).count()
    }

    /// Where source `name` holds secrets.
    pub fn secret_spans_of(&self, name: &str) -> Option<&SecretSpans> {
        self.sources
            .iter()
            .position(|s| s.name == name)
            .map(|i| &self.secret_spans[i])
    }
}

/// Checks one configuration made of `sources` (one file, or the top-level
/// files of a directory). Imported modules are read from disk, next to
/// the file importing them. Suppression comments are applied.
pub fn check(sources: Vec<Source>, options: &Options) -> Report {
    check_with(sources, options, &DashboardOptions::default())
}

/// [`check`], the dashboard files among `sources` checked with
/// `dashboards` (the Alloy configuration to check them against).
pub fn check_with(
    sources: Vec<Source>,
    options: &Options,
    dashboards: &DashboardOptions,
) -> Report {
    let mut loaded = load::load(sources);
    let mut diagnostics = std::mem::take(&mut loaded.diagnostics);
    // Where the engine found secrets the tree alone does not show (a
    // custom component's argument used as a secret), by unit.
    let mut engine_secrets = Vec::new();
    // A configuration with a file that does not parse is not checked
    // further: its components are unknown, and every reference to them
    // would be a false alarm.
    let depth = loaded
        .units
        .iter()
        .map(|u| u.parsed.max_depth)
        .max()
        .unwrap_or(0);
    // Dashboard files are checked on their own, never as part of the
    // configuration (a directory may hold both).
    let (dashboard_units, roots): (Vec<usize>, Vec<usize>) = (0..loaded.roots)
        .partition(|&u| crate::dashboard::is_dashboard_file(&loaded.units[u].parsed.file));
    if !dashboard_units.is_empty() {
        diagnostics.extend(crate::syntax::stack::with_stack_for(depth, || {
            check_dashboards(&loaded, &dashboard_units, dashboards)
        }));
    }
    if loaded.failed_roots == 0 {
        let (found, found_secrets) =
            crate::syntax::stack::with_stack_for(depth, || semantic(&loaded, &roots, *options));
        diagnostics.extend(found);
        engine_secrets = found_secrets;
    }
    let mut sources: Vec<Source> = Vec::new();
    let mut report = Vec::new();
    for unit in &loaded.units {
        let own: Vec<Diagnostic> = diagnostics
            .iter()
            .filter(|d| d.file == unit.source.name)
            .cloned()
            .collect();
        report.extend(suppress::apply(
            &unit.source.name,
            &unit.source.text,
            &unit.parsed.lines,
            &unit.parsed.file.comments,
            own,
        ));
    }
    let parsed: HashSet<&str> = loaded
        .units
        .iter()
        .map(|u| u.source.name.as_str())
        .collect();
    report.extend(
        diagnostics
            .iter()
            .filter(|d| !parsed.contains(d.file.as_str()))
            .cloned(),
    );
    // The same module imported twice is checked twice.
    let mut seen = HashSet::new();
    report.retain(|d| seen.insert((d.file.clone(), d.span, d.code, d.message.clone())));
    let order: Vec<&str> = loaded
        .units
        .iter()
        .map(|u| u.source.name.as_str())
        .chain(loaded.unparsed.iter().map(|s| s.name.as_str()))
        .collect();
    let rank = |f: &str| order.iter().position(|n| *n == f).unwrap_or(usize::MAX);
    report.sort_by(|a, b| {
        (rank(&a.file), a.span.offset, a.span.len).cmp(&(rank(&b.file), b.span.offset, b.span.len))
    });
    // Secrets are masked wherever a source is shown (suppressions hide a
    // diagnostic, not the value): found from each tree and the schema,
    // plus what the engine saw; from the tokens of a source that did not
    // parse.
    let mut secret_spans = Vec::new();
    for (unit_id, unit) in loaded.units.into_iter().enumerate() {
        let mut spans = crate::syntax::stack::with_stack_for(unit.parsed.max_depth, || {
            SecretSpans::of_tree(&unit.source.text, &unit.parsed.file)
        });
        spans.extend(
            engine_secrets
                .iter()
                .filter(|l: &&context::Loc| l.unit == unit_id)
                .map(|l| inside_quotes(&unit.source.text, l.start..l.end)),
        );
        secret_spans.push(spans);
        sources.push(unit.source);
    }
    for source in loaded.unparsed {
        secret_spans.push(SecretSpans::of_unparsed(&source.text));
        sources.push(source);
    }
    let mut seen_values = HashSet::new();
    let mut secrets: Vec<String> = Vec::new();
    for (source, spans) in sources.iter().zip(&secret_spans) {
        for value in spans.values(&source.text) {
            if seen_values.insert(value.clone()) {
                secrets.push(value);
            }
        }
    }
    secrets.sort_by_key(|v| std::cmp::Reverse(v.len()));
    // No message or help repeats a secret, whichever rule wrote it (a URL
    // with credentials in an endpoint message, say).
    let redactor = MessageRedactor::new(&secrets);
    for d in &mut report {
        d.message = redactor.redact(&d.message);
        if let Some(help) = &d.help {
            d.help = Some(redactor.redact(help));
        }
        for related in &mut d.related {
            related.message = redactor.redact(&related.message);
        }
    }
    Report {
        diagnostics: report,
        sources,
        secret_spans,
        secrets,
    }
}

/// `range` of `text` without its quotes when it is a whole string literal:
/// the frame still shows a string.
fn inside_quotes(text: &[u8], range: std::ops::Range<usize>) -> std::ops::Range<usize> {
    match text.get(range.clone()) {
        Some([b'"' | b'`', .., b'"' | b'`']) => range.start + 1..range.end - 1,
        _ => range,
    }
}

/// The diagnostics of the dashboard files `units` of `loaded`.
fn check_dashboards(
    loaded: &load::Loaded,
    units: &[usize],
    options: &DashboardOptions,
) -> Vec<Diagnostic> {
    units
        .iter()
        .flat_map(|&u| {
            let unit = &loaded.units[u];
            let place = crate::dashboard::alloy_config::Place {
                path: unit.source.path.as_deref(),
                options,
            };
            crate::dashboard::check::lower_at(
                &unit.source.name,
                &unit.source.text,
                &unit.parsed.file,
                &unit.parsed.lines,
                Some(place),
            )
            .1
        })
        .collect()
}

/// The semantic checks over the parsed units, the configuration's own
/// files being `roots`: diagnostics (with their safe fixes) and where the
/// engine found secret values.
fn semantic(
    loaded: &load::Loaded,
    roots: &[usize],
    options: Options,
) -> (Vec<Diagnostic>, Vec<context::Loc>) {
    let units = loaded
        .units
        .iter()
        .map(|u| context::Unit {
            name: &u.source.name,
            path: u.source.path.as_ref(),
            source: &u.source.text,
            lines: &u.parsed.lines,
            file: &u.parsed.file,
        })
        .collect();
    let mut ctx = context::Context {
        units,
        options,
        dialect: context::Dialect::Config,
        diagnostics: Vec::new(),
        secrets: Vec::new(),
    };
    engine::Checker::run(&mut ctx, roots, &loaded.modules);
    (ctx.diagnostics, ctx.secrets)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_message_repeats_a_secret() {
        let text = "prometheus.remote_write \"x\" {\n\tendpoint {\n\t\turl = \"prometheus-prod-13-prod-us-east-0.grafana.net/api/prom/push?key=glc_FAKEexampleTOKENnotREAL000\"\n\t}\n}\n";
        let report = check(
            vec![Source {
                name: "leak.alloy".into(),
                path: None,
                text: text.as_bytes().to_vec(),
            }],
            &Options::default(),
        );
        assert!(report.diagnostics.len() >= 2, "{:?}", report.diagnostics);
        for d in &report.diagnostics {
            assert!(!d.message.contains("FAKEexample"), "{}", d.message);
            assert!(!d.help.as_deref().unwrap_or("").contains("FAKEexample"));
        }
        let shown = report.shown_source("leak.alloy");
        assert_eq!(shown.bytes().len(), text.len());
        assert!(!shown.text().contains("FAKEexample"));
    }
}
