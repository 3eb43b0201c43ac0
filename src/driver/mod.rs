//! The driver: everything `alloy-lint check` does between its arguments
//! and its output, as a library an editor can call too. It sits above
//! `check` and `dashboard` and below `cli`:
//!
//! - [`jobs`]: the inputs named turned into configurations (a file, a
//!   directory's top-level `*.alloy` files, standard input), with their
//!   settings and `exclude`;
//! - [`settings_cache`]: the `alloy-lint.toml` of each, read once;
//! - [`route`]: dashboard files to the dashboard checker, the rest to the
//!   configuration checker;
//! - [`fixing`]: the fix, write, re-check loop of `--fix`, writing
//!   through a [`writer::FileWriter`].
//!
//! Every read goes through one [`FileAccess`] (the files named, the
//! directories listed, the settings files, and what the checkers read);
//! nothing here prints.

pub mod diff_side;
pub mod fixing;
pub mod format;
pub mod jobs;
pub mod route;
pub mod settings_cache;
pub mod writer;

#[cfg(test)]
mod tests;

use rayon::prelude::*;

pub use fixing::{FixMode, Outcome, Refusal};
pub use jobs::{Input, Stdin};
pub use route::check_sources;
pub use settings_cache::SettingsChoice;
pub use writer::{DiskWriter, FileWriter, MemoryWriter};

use crate::check::settings::{Settings, SettingsError};
use crate::check::{Options, StabilityLevel};
use crate::dashboard::alloy_config::DashboardOptions;
use crate::files::FileAccess;

/// How to check, beyond the inputs.
#[derive(Debug, Clone, Default)]
pub struct CheckOptions {
    /// The least stable feature allowed, over the settings file's
    /// (`--stability-level`).
    pub stability: Option<StabilityLevel>,
    /// Community components allowed, whatever the settings file says
    /// (`--community-components`).
    pub community_components: bool,
    /// Which settings file applies.
    pub settings: SettingsChoice,
    /// What checking a dashboard may read (`--alloy-config`).
    pub dashboards: DashboardOptions,
    /// Whether to fix, and how.
    pub fix: FixMode,
    /// Whether a file with syntax errors is checked past them (an
    /// editor's choice; the CLI leaves it off, see `check::Options`).
    /// Ignored when fixing: a file is rewritten only when it parsed, so a
    /// broken file's findings are not fixed.
    pub past_syntax_errors: bool,
}

/// What a check of the inputs gave.
#[derive(Debug, Default)]
pub struct Checked {
    /// Inputs that hold nothing to check, in the order named.
    pub warnings: Vec<String>,
    /// Inputs that could not be read (in the order named), then files the
    /// fixes left unchanged.
    pub problems: Vec<Problem>,
    /// One per configuration checked, in the order named.
    pub outcomes: Vec<Outcome>,
}

/// Why the inputs were not checked at all: a settings file is invalid.
#[derive(Debug)]
pub struct Stopped {
    /// What was said about the inputs before it stopped.
    pub warnings: Vec<String>,
    /// The invalid settings file.
    pub error: SettingsError,
}

/// Something that went wrong with one input or one file.
#[derive(Debug)]
pub enum Problem {
    /// An input or a file of it could not be read.
    Unreadable(String),
    /// A file the fixes left unchanged.
    Refused(Refusal),
}

/// Checks the configurations `inputs` name, as `options` says: files read
/// from `files`, standard input from `stdin`, fixed files written through
/// `writer`. Configurations are checked in parallel.
pub fn check(
    inputs: &[Input],
    options: &CheckOptions,
    files: &dyn FileAccess,
    writer: &dyn FileWriter,
    stdin: Stdin<'_>,
) -> Result<Checked, Stopped> {
    let stopped = |warnings: Vec<String>| move |error| Stopped { warnings, error };
    let mut settings = settings_cache::SettingsCache::new(&options.settings, files)
        .map_err(stopped(Vec::new()))?;
    let plan = jobs::plan(inputs, files, stdin);
    let work =
        jobs::with_settings(plan.jobs, &mut settings).map_err(stopped(plan.warnings.clone()))?;
    let run =
        |(job, settings): (jobs::Job, Settings)| check_job(job, &settings, options, files, writer);
    let results: Vec<Result<(Outcome, Vec<Refusal>), String>> = if work.len() > 1 {
        work.into_par_iter().map(run).collect()
    } else {
        work.into_iter().map(run).collect()
    };
    let mut checked = Checked {
        warnings: plan.warnings,
        problems: plan.problems.into_iter().map(Problem::Unreadable).collect(),
        outcomes: Vec::new(),
    };
    let mut refused = Vec::new();
    for result in results {
        match result {
            Ok((outcome, mut refusals)) => {
                checked.outcomes.push(outcome);
                refused.append(&mut refusals);
            }
            Err(e) => checked.problems.push(Problem::Unreadable(e)),
        }
    }
    checked
        .problems
        .extend(refused.into_iter().map(Problem::Refused));
    Ok(checked)
}

/// Reads, checks and (as `options.fix` says) fixes one configuration;
/// an error when one of its files cannot be read.
fn check_job(
    job: jobs::Job,
    settings: &Settings,
    options: &CheckOptions,
    files: &dyn FileAccess,
    writer: &dyn FileWriter,
) -> Result<(Outcome, Vec<Refusal>), String> {
    let mut sources = job.sources;
    for s in &mut sources {
        if let Some(p) = &s.path {
            s.text = files.read(p).map_err(|e| e.to_string())?;
        }
    }
    let check_options = Options {
        stability: options
            .stability
            .or(settings.stability_level)
            .unwrap_or_default(),
        community_components: options.community_components
            || settings.community_components.unwrap_or(false),
        past_syntax_errors: options.past_syntax_errors && options.fix == FixMode::Off,
    };
    // What is reported (suppressions and settings applied), every
    // diagnostic: a fix is applied while its diagnostic is reported,
    // listed or not.
    let check_now = |sources: Vec<crate::check::Source>| {
        let mut report = route::check_sources(sources, &check_options, &options.dashboards, files);
        report.diagnostics = settings.apply(std::mem::take(&mut report.diagnostics));
        report
    };
    // What is listed: at most so many diagnostics per file.
    let listed = |mut outcome: Outcome| {
        outcome.report.diagnostics =
            crate::diagnostics::limit::per_file(std::mem::take(&mut outcome.report.diagnostics));
        outcome
    };
    if options.fix == FixMode::Off {
        let outcome = Outcome {
            report: check_now(sources),
            fixed: Vec::new(),
        };
        return Ok((listed(outcome), Vec::new()));
    }
    let report = check_now(sources.clone());
    let (outcome, refused) = fixing::fix(sources, report, options.fix, writer, &check_now);
    Ok((listed(outcome), refused))
}
