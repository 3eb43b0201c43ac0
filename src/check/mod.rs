//! `check`: schema-driven validation of a configuration.
//!
//! A configuration is one or more parsed files (a directory's top-level
//! `*.alloy` files form one configuration, as `alloy run DIR` loads them).
//! The checker builds the scopes of the configuration (root, `declare`
//! bodies, `foreach` templates), resolves every reference against them the
//! way Alloy does (longest prefix of a component id), and runs the rule
//! families of [`rules`] over the result.

pub mod body;
pub mod context;
pub mod engine;
pub mod expr;
pub mod graph;
pub mod load;
pub mod rules;
pub mod scope;
pub mod settings;
pub mod suggest;
pub mod suppress;
pub mod values;

use std::collections::HashSet;

use clap::ValueEnum;

pub use load::Source;

use crate::diagnostics::Diagnostic;

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
    pub sources: Vec<Source>,
}

/// Checks one configuration made of `sources` (one file, or the top-level
/// files of a directory). Imported modules are read from disk, next to
/// the file importing them. Suppression comments are applied.
pub fn check(sources: Vec<Source>, options: &Options) -> Report {
    let mut loaded = load::load(sources);
    let mut diagnostics = std::mem::take(&mut loaded.diagnostics);
    // A configuration with a file that does not parse is not checked
    // further: its components are unknown, and every reference to them
    // would be a false alarm.
    if loaded.failed_roots == 0 {
        let depth = loaded
            .units
            .iter()
            .map(|u| u.parsed.max_depth)
            .max()
            .unwrap_or(0);
        diagnostics.extend(crate::syntax::stack::with_stack_for(depth, || {
            semantic(&loaded, *options)
        }));
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
    report.retain(|d| seen.insert((d.file.clone(), d.span, d.code.clone(), d.message.clone())));
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
    for unit in loaded.units {
        sources.push(unit.source);
    }
    sources.extend(loaded.unparsed);
    Report {
        diagnostics: report,
        sources,
    }
}

/// The semantic checks over the parsed units.
fn semantic(loaded: &load::Loaded, options: Options) -> Vec<Diagnostic> {
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
        diagnostics: Vec::new(),
    };
    let roots: Vec<usize> = (0..loaded.roots).collect();
    engine::Checker::run(&mut ctx, &roots, &loaded.modules);
    ctx.diagnostics
}
