//! `check`: schema-driven validation of a configuration.
//!
//! A configuration is one or more parsed files (a directory's top-level
//! `*.alloy` files form one configuration, as `alloy run DIR` loads them).
//! The checker builds the scopes of the configuration (root, `declare`
//! bodies, `foreach` templates), resolves every reference against them the
//! way Alloy does (longest prefix of a component id), and runs the rule
//! families of [`rules`] over the result. A file with syntax errors stops
//! the check of its configuration unless [`Options::past_syntax_errors`]
//! asks to check the rest ([`past_syntax_errors`]).

pub mod body;
pub mod cloud;
pub mod context;
pub mod dialect;
pub mod endpoints;
pub mod engine;
pub mod expr;
pub mod fix;
pub mod graph;
#[cfg(test)]
mod in_memory;
pub mod load;
pub mod model;
mod past_syntax_errors;
pub mod scope;
pub mod settings;
pub mod suggest;
pub mod suppress;
pub mod token_file;
pub mod validate;
pub mod values;

use std::collections::HashSet;

pub use dialect::Dialect;
pub use load::Source;

use crate::diagnostics::Diagnostic;
use crate::secrets::{MessageRedactor, SecretSpans, Shown};

/// Alloy's `--stability.level`: the least stable feature allowed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
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
    /// Whether a configuration file that does not parse is checked past
    /// its syntax errors, on the tree Alloy's recovery builds: what an
    /// editor wants. Off, such a file gets its syntax errors only and the
    /// rest of its configuration is not checked (what Alloy does, and
    /// what the CLI reports). See [`past_syntax_errors`] for what is held
    /// back.
    pub past_syntax_errors: bool,
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
    /// What the checker resolved: blocks, attributes, references, scopes,
    /// the graph, each parsed file's secrets (files only, when a file of
    /// the configuration did not parse and was not checked past its
    /// syntax errors).
    pub model: model::Model,
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
/// the file importing them. Suppression comments are applied. Every file
/// is checked as part of the configuration: files of another dialect
/// (dashboards) are routed by [`check_with_files`]' caller
/// (`crate::driver`).
pub fn check(sources: Vec<Source>, options: &Options) -> Report {
    check_with_files(sources, options, &[], &crate::files::DiskFiles)
}

/// [`check`], the files among `sources` that one of `dialects` claims
/// checked by it, never as part of the configuration, and every other
/// file the check reads (imported modules, token files, git's index and
/// ignore files) read from `files`: an editor passes its open buffers over
/// the disk ([`crate::files::Overlay`]).
pub fn check_with_files(
    sources: Vec<Source>,
    options: &Options,
    dialects: &[&dyn Dialect],
    files: &dyn crate::files::FileAccess,
) -> Report {
    let mut loaded = load::load_with(sources, files, options.past_syntax_errors);
    let mut diagnostics = std::mem::take(&mut loaded.diagnostics);
    let mut model = None;
    // A configuration with a file that does not parse is not checked
    // further (unless asked to check past syntax errors, and then on the
    // recovered tree): its components are unknown, and every reference to
    // them would be a false alarm.
    let depth = loaded
        .units
        .iter()
        .map(|u| u.parsed.max_depth)
        .max()
        .unwrap_or(0);
    // Files of another dialect (dashboards) are checked on their own,
    // never as part of the configuration (a directory may hold both).
    // A file of another dialect with syntax errors gets only them.
    let (dialect_units, roots): (Vec<usize>, Vec<usize>) = (0..loaded.roots)
        .filter(|&u| {
            !(loaded.units[u].has_syntax_errors && dialect_of(&loaded, u, dialects).is_some())
        })
        .partition(|&u| dialect_of(&loaded, u, dialects).is_some());
    if !dialect_units.is_empty() {
        diagnostics.extend(crate::syntax::stack::with_stack_for(depth, || {
            check_dialects(&loaded, &dialect_units, dialects, files)
        }));
    }
    if loaded.failed_roots == 0 {
        let (found, found_model) = crate::syntax::stack::with_stack_for(depth, || {
            semantic(&loaded, &roots, *options, files)
        });
        diagnostics.extend(found);
        model = Some(found_model);
    }
    // Secrets are masked wherever a source is shown (suppressions hide a
    // diagnostic, not the value): the model has them from each tree and
    // the schema, plus what the engine saw.
    let model = model.unwrap_or_else(|| {
        crate::syntax::stack::with_stack_for(depth, || model::Model::of_files(&units_of(&loaded)))
    });
    let broken = past_syntax_errors::BrokenRegions::of(&loaded.units[..loaded.roots]);
    let mut sources: Vec<Source> = Vec::new();
    let mut report = Vec::new();
    for unit in &loaded.units {
        let own: Vec<Diagnostic> = diagnostics
            .iter()
            .filter(|d| d.file == unit.source.name)
            .cloned()
            .collect();
        let kept = suppress::apply(
            &unit.source.name,
            &unit.source.text,
            &unit.parsed.lines,
            &unit.parsed.file.comments,
            own,
        );
        report.extend(
            kept.into_iter()
                .filter(|d| !broken.holds_back(d, &loaded.units)),
        );
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
    // From the tokens of a source that did not parse (for one checked on
    // its recovered tree, also of the text the tree could not read).
    let mut secret_spans: Vec<SecretSpans> =
        model.files.iter().map(|f| f.secrets.clone()).collect();
    for (spans, unit) in secret_spans.iter_mut().zip(&loaded.units) {
        if unit.has_syntax_errors {
            let text = &unit.source.text;
            spans.extend(SecretSpans::of_unparsed(text).ranges().iter().cloned());
        }
    }
    sources.extend(loaded.units.into_iter().map(|u| u.source));
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
        model,
    }
}

/// The semantic model of the configuration made of `sources`, parsed into
/// `parsed` (same order), without running the rules: scopes, references
/// and secrets, for what shows or compares a configuration (`diff`,
/// `fmt --diff`, the dashboard cross-check). Imported modules are not
/// read; the files `part_of_configuration` refuses (a dashboard, which
/// `check` does not know) get only the secrets their tree shows.
pub fn model_of(
    sources: &[Source],
    parsed: &[crate::syntax::ParsedFile],
    part_of_configuration: &dyn Fn(&crate::syntax::ast::File) -> bool,
) -> model::Model {
    let units: Vec<context::Unit<'_>> = sources
        .iter()
        .zip(parsed)
        .map(|(s, p)| context::Unit {
            name: &s.name,
            path: s.path.as_ref(),
            source: &s.text,
            lines: &p.lines,
            file: &p.file,
        })
        .collect();
    let roots: Vec<usize> = (0..units.len())
        .filter(|&u| part_of_configuration(units[u].file))
        .collect();
    let depth = parsed.iter().map(|p| p.max_depth).max().unwrap_or(0);
    // The model reads no file: nothing, not even the disk, is behind it.
    let nothing = crate::files::MemoryFiles::default();
    let mut ctx = context::Context {
        units,
        files: &nothing,
        undefined_wording: context::alloy_undefined_reference,
        options: Options::default(),
        diagnostics: Vec::new(),
        secrets: Vec::new(),
    };
    let modules = engine::ModuleMap::new();
    crate::syntax::stack::with_stack_for(depth, || {
        engine::Checker::model(&mut ctx, &roots, &modules)
    })
}

/// The text of one file with its secrets masked where its semantic model
/// (built without the rules) says it holds them, or, when it does not
/// parse, where its tokens do: what `fmt --diff` and `diff --text` show.
pub fn shown_file(name: &str, text: &[u8]) -> Shown {
    let spans = match crate::syntax::parse(text) {
        Ok(parsed) => {
            let source = Source {
                name: name.to_owned(),
                path: None,
                text: text.to_vec(),
            };
            let mut model = model_of(std::slice::from_ref(&source), &[parsed], &|_| true);
            model.files.pop().map(|f| f.secrets).unwrap_or_default()
        }
        Err(_) => SecretSpans::of_unparsed(text),
    };
    Shown::masked(text, &spans)
}

/// The checker's view of the parsed units of `loaded`.
fn units_of(loaded: &load::Loaded) -> Vec<context::Unit<'_>> {
    loaded
        .units
        .iter()
        .map(|u| context::Unit {
            name: &u.source.name,
            path: u.source.path.as_ref(),
            source: &u.source.text,
            lines: &u.parsed.lines,
            file: &u.parsed.file,
        })
        .collect()
}

/// The first of `dialects` that claims unit `u` of `loaded`.
fn dialect_of<'d>(
    loaded: &load::Loaded,
    u: usize,
    dialects: &[&'d dyn Dialect],
) -> Option<&'d dyn Dialect> {
    dialects
        .iter()
        .copied()
        .find(|d| d.claims(&loaded.units[u].parsed.file))
}

/// The diagnostics of the units `units` of `loaded`, each checked by the
/// dialect that claims it.
fn check_dialects(
    loaded: &load::Loaded,
    units: &[usize],
    dialects: &[&dyn Dialect],
    files: &dyn crate::files::FileAccess,
) -> Vec<Diagnostic> {
    units
        .iter()
        .flat_map(|&u| {
            let unit = &loaded.units[u];
            dialect_of(loaded, u, dialects)
                .map(|d| d.check(&unit.source, &unit.parsed, files))
                .unwrap_or_default()
        })
        .collect()
}

/// The semantic checks over the parsed units, the configuration's own
/// files being `roots`: diagnostics, safe fixes and what the engine
/// resolved.
fn semantic(
    loaded: &load::Loaded,
    roots: &[usize],
    options: Options,
    files: &dyn crate::files::FileAccess,
) -> (Vec<Diagnostic>, model::Model) {
    let units = units_of(loaded);
    let mut ctx = context::Context {
        units,
        options,
        files,
        undefined_wording: context::alloy_undefined_reference,
        diagnostics: Vec::new(),
        secrets: Vec::new(),
    };
    let model = engine::Checker::run(&mut ctx, roots, &loaded.modules);
    (ctx.diagnostics, model)
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
