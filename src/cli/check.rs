//! `alloy-lint check`: validates configurations and reports diagnostics.

use std::collections::HashMap;
use std::fs;
use std::path::PathBuf;

use clap::{Args, ValueEnum};
use rayon::prelude::*;

use super::{Colors, ExitStatus, Streams};
use crate::check::settings::{self, Settings};
use crate::check::{self, fix, Options, Report, Source, StabilityLevel};
use crate::diagnostics::limit::Counts;
use crate::diagnostics::{self, Diagnostic};
use crate::files;
use crate::rules;

const EXAMPLES: &str = "\
Examples:
  alloy-lint check alloy-config.alloy        one configuration
  alloy-lint check a.alloy b.alloy           two configurations, checked in parallel
  alloy-lint check config/                   the directory's top-level *.alloy files: one configuration
  alloy-lint check --format github .         GitHub Actions annotations on the changed lines
  alloy-lint check --format sarif . > alloy-lint.sarif   for code scanning
  alloy-lint check --fix --diff .            show the safe fixes without applying them
  alloy-lint explain CODE                    what a rule catches and how to fix it

Exit codes:
  0  no errors (warnings alone exit 0 unless --deny-warnings)
  1  errors found, including a file that does not parse; warnings with --deny-warnings
  2  usage error, unreadable file, invalid alloy-lint.toml";

/// Arguments of `alloy-lint check`.
#[derive(Debug, Clone, Args)]
#[command(after_long_help = EXAMPLES)]
pub struct CheckArgs {
    /// Files, directories or `-` for standard input. Each file is its own
    /// configuration; a directory's top-level `*.alloy` files form one
    /// configuration, as `alloy run DIR` loads them.
    #[arg(value_name = "PATHS", default_value = ".")]
    pub paths: Vec<PathBuf>,

    /// How to print diagnostics (on standard output).
    #[arg(long, value_enum, value_name = "FORMAT", default_value_t)]
    pub format: CheckFormat,

    /// The least stable Alloy features allowed, as Alloy's
    /// --stability.level [default: generally-available, or the
    /// configuration file's `stability-level`].
    #[arg(long, value_enum, value_name = "LEVEL")]
    pub stability_level: Option<StabilityLevel>,

    /// Allow community components, as Alloy's
    /// --feature.community-components.enabled.
    #[arg(long)]
    pub community_components: bool,

    /// Exit 1 when there are warnings, not only errors.
    #[arg(long)]
    pub deny_warnings: bool,

    /// Apply the safe fixes (strip the scheme from a gRPC endpoint, append
    /// a push path, add `is_secret = true`, ...), then format the fixed
    /// files. Files are rewritten as `fmt -w` rewrites them (atomically,
    /// regular files only, read-only ones refused); standard input is printed
    /// fixed. Changes that could alter what you meant are never applied:
    /// their diagnostics say what to do.
    #[arg(long)]
    pub fix: bool,

    /// With --fix: print what would change as a unified diff and change
    /// nothing.
    #[arg(long, requires = "fix")]
    pub diff: bool,

    /// With --fix: rewrite read-only files too (they stay read-only).
    /// Without it, a read-only file is left untouched and reported (exit
    /// 2).
    #[arg(long, requires = "fix")]
    pub overwrite_read_only: bool,

    /// Use this configuration file instead of the nearest `alloy-lint.toml`.
    #[arg(long, value_name = "FILE", conflicts_with = "no_config")]
    pub config: Option<PathBuf>,

    /// Ignore any `alloy-lint.toml`.
    #[arg(long)]
    pub no_config: bool,

    /// Check dashboard files against this Alloy configuration (a file, or
    /// a directory of *.alloy files) instead of the one their
    /// `alloy_config` names.
    #[arg(long, value_name = "FILE")]
    pub alloy_config: Option<PathBuf>,

    /// Name standard input in diagnostics.
    #[arg(long, value_name = "NAME", default_value = "<stdin>")]
    pub stdin_filename: String,
}

/// Output formats of `check`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, ValueEnum)]
pub enum CheckFormat {
    /// Code frames with the source around each problem (miette).
    #[default]
    Human,
    /// One `file:line:col: severity[code]: message` line per problem.
    Short,
    /// One JSON object: `{"diagnostics": [...], "summary": {...}}`.
    Json,
    /// SARIF 2.1.0, for code scanning.
    Sarif,
    /// GitHub Actions workflow commands (annotations).
    Github,
}

/// One configuration to check: its files, and where to look for settings.
struct Job {
    sources: Vec<Source>,
    anchor: PathBuf,
}

/// Runs `alloy-lint check`.
pub fn run(args: &CheckArgs, colors: Colors, streams: &mut Streams<'_>) -> ExitStatus {
    let mut status = ExitStatus::Success;
    let mut problems = Vec::new();
    let mut settings_cache: HashMap<PathBuf, Settings> = HashMap::new();
    let explicit = match &args.config {
        Some(path) => match settings::load(path) {
            Ok(s) => Some(s),
            Err(e) => {
                let _ = writeln!(streams.stderr, "error: {e}");
                return ExitStatus::Failure;
            }
        },
        None => None,
    };
    let mut jobs = Vec::new();
    // The same file or directory named twice is checked once.
    let mut seen = std::collections::HashSet::new();
    for path in &args.paths {
        let key = fs::canonicalize(path).unwrap_or_else(|_| path.clone());
        if !seen.insert(key) {
            continue;
        }
        if files::is_stdin(path) {
            let text = match files::read_stdin(streams.stdin, "standard input") {
                Ok(text) => text,
                Err(e) => {
                    problems.push(e.to_string());
                    continue;
                }
            };
            let source = Source {
                name: args.stdin_filename.clone(),
                path: None,
                text,
            };
            jobs.push(Job {
                sources: vec![source],
                anchor: std::env::current_dir().unwrap_or_default(),
            });
            continue;
        }
        match files::config_paths::configuration_files(path) {
            Ok(paths) if paths.is_empty() => {
                let _ = writeln!(
                    streams.stderr,
                    "warning: no *.alloy files at the top level of {}",
                    path.display()
                );
            }
            Ok(paths) => jobs.push(Job {
                sources: paths
                    .into_iter()
                    .map(|p| Source {
                        name: p.display().to_string(),
                        path: Some(p),
                        text: Vec::new(),
                    })
                    .collect(),
                anchor: path.clone(),
            }),
            Err(e) => problems.push(format!("cannot read {}: {e}", path.display())),
        }
    }

    // Settings per configuration, from the nearest alloy-lint.toml.
    let mut job_settings = Vec::with_capacity(jobs.len());
    for job in &mut jobs {
        let settings = if args.no_config {
            Settings::default()
        } else if let Some(s) = &explicit {
            s.clone()
        } else {
            match settings::discover(&job.anchor) {
                None => Settings::default(),
                Some(file) => match settings_cache.get(&file) {
                    Some(s) => s.clone(),
                    None => match settings::load(&file) {
                        Ok(s) => {
                            settings_cache.insert(file, s.clone());
                            s
                        }
                        Err(e) => {
                            let _ = writeln!(streams.stderr, "error: {e}");
                            return ExitStatus::Failure;
                        }
                    },
                },
            }
        };
        // Files found in a directory honour `exclude`; named files do not.
        if job.anchor.is_dir() {
            job.sources
                .retain(|s| s.path.as_deref().is_none_or(|p| !settings.is_excluded(p)));
        }
        job_settings.push(settings);
    }

    let work: Vec<(Job, Settings)> = jobs
        .into_iter()
        .zip(job_settings)
        .filter(|(j, _)| !j.sources.is_empty())
        .collect();
    let read_only = files::ReadOnly::from_flag(args.overwrite_read_only);
    let run_one = |(job, settings): (Job, Settings)| -> Result<Outcome, String> {
        let mut sources = job.sources;
        for s in &mut sources {
            if let Some(p) = &s.path {
                s.text = files::read_file(p).map_err(|e| e.to_string())?;
            }
        }
        let options = Options {
            stability: args
                .stability_level
                .or(settings.stability_level)
                .unwrap_or_default(),
            community_components: args.community_components
                || settings.community_components.unwrap_or(false),
        };
        let dashboards = check::DashboardOptions {
            alloy_config: args.alloy_config.clone(),
        };
        // What is reported (suppressions and settings applied), every
        // diagnostic: a fix is applied while its diagnostic is reported,
        // listed or not.
        let check_now = |sources: Vec<Source>| {
            let mut report = check::check_with(sources, &options, &dashboards);
            report.diagnostics = settings.apply(std::mem::take(&mut report.diagnostics));
            report
        };
        let listed = |mut report: Report| {
            report.diagnostics =
                diagnostics::limit::per_file(std::mem::take(&mut report.diagnostics));
            report
        };
        if !args.fix {
            return Ok(Outcome::unfixed(listed(check_now(sources))));
        }
        let report = check_now(sources.clone());
        let (mut fixed, mut refused) = fix::plan(&report);
        if args.diff || fixed.is_empty() {
            return Ok(Outcome {
                report: listed(report),
                fixed,
                refused,
            });
        }
        // Write what parsed, then check again: what is reported is what is
        // left in the files as they are now.
        fixed.retain(|f| match &f.path {
            Some(path) => match files::replace_file(path, f.after.as_bytes(), read_only) {
                Ok(()) => true,
                Err(e) => {
                    refused.push(super::in_out::write_error_message(path, &e));
                    false
                }
            },
            None => true,
        });
        for f in &fixed {
            if let Some(s) = sources.iter_mut().find(|s| s.name == f.name) {
                s.text = f.after.clone().into_bytes();
            }
        }
        Ok(Outcome {
            report: listed(check_now(sources)),
            fixed,
            refused,
        })
    };
    let results: Vec<Result<Outcome, String>> = if work.len() > 1 {
        work.into_par_iter().map(run_one).collect()
    } else {
        work.into_iter().map(run_one).collect()
    };

    let mut outcomes = Vec::new();
    for r in results {
        match r {
            Ok(outcome) => outcomes.push(outcome),
            Err(e) => problems.push(e),
        }
    }
    problems.extend(
        outcomes
            .iter_mut()
            .flat_map(|o| std::mem::take(&mut o.refused)),
    );
    for p in &problems {
        let _ = writeln!(streams.stderr, "error: {p}");
        status = ExitStatus::Failure;
    }
    let fixes: usize = outcomes
        .iter()
        .flat_map(|o| &o.fixed)
        .map(|f| f.fixes)
        .sum();
    let changed: usize = outcomes.iter().map(|o| o.fixed.len()).sum();
    if args.fix && args.diff {
        for o in &outcomes {
            for f in &o.fixed {
                // `--diff` reports before fixing: the report is of the
                // text the diff starts from.
                let spans = o
                    .report
                    .secret_spans_of(&f.name)
                    .cloned()
                    .unwrap_or_default();
                let _ = streams
                    .stdout
                    .write_all(f.diff(&spans, &o.report.secrets, colors.stdout).as_bytes());
            }
        }
        let _ = writeln!(
            streams.stderr,
            "{}",
            if changed == 0 {
                "No safe fixes to apply.".to_owned()
            } else {
                format!(
                    "Would fix {fixes} problem{} in {changed} file{}.",
                    plural(fixes),
                    plural(changed)
                )
            }
        );
        if changed > 0 {
            status = status.max(ExitStatus::Findings);
        }
        return status;
    }
    // `check --fix -` prints standard input fixed (or as it was), as a
    // filter does; the diagnostics then go to standard error.
    let mut filtered_stdin = false;
    if args.fix {
        for o in &outcomes {
            if let Some(s) = o.report.sources.iter().find(|s| s.path.is_none()) {
                let _ = streams.stdout.write_all(&s.text);
                filtered_stdin = true;
            }
        }
        if changed > 0 {
            let _ = writeln!(
                streams.stderr,
                "Fixed {fixes} problem{} in {changed} file{}.",
                plural(fixes),
                plural(changed)
            );
        }
    }
    let reports: Vec<&Report> = outcomes.iter().map(|o| &o.report).collect();
    let files: usize = reports.iter().map(|r| r.sources.len()).sum();
    let all: Vec<Diagnostic> = reports
        .iter()
        .flat_map(|r| r.diagnostics.iter().cloned())
        .collect();
    let text = render(
        args.format,
        &reports,
        &all,
        files,
        if filtered_stdin {
            colors.stderr
        } else {
            colors.stdout
        },
    );
    if filtered_stdin {
        let _ = streams.stderr.write_all(text.as_bytes());
    } else {
        let _ = streams.stdout.write_all(text.as_bytes());
    }
    if matches!(args.format, CheckFormat::Human | CheckFormat::Short)
        && (files > 0 || problems.is_empty())
    {
        // Diagnostics first where both streams share a pipe (pre-commit).
        let _ = streams.stdout.flush();
        // After `--fix`, what is left is what it could not fix.
        let fixable = if args.fix {
            0
        } else {
            reports.iter().map(|r| r.fixable()).sum()
        };
        let _ = streams
            .stderr
            .write_all(summary(&all, files, fixable).as_bytes());
    }
    let counts = Counts::of(&all);
    if counts.errors > 0 || (args.deny_warnings && counts.warnings > 0) {
        status = status.max(ExitStatus::Findings);
    }
    status
}

/// What checking one configuration gave: its report, and with `--fix` the
/// files the safe fixes changed (or would change, with `--diff`).
struct Outcome {
    /// The diagnostics to show: after the fixes when they were written.
    report: Report,
    /// The files changed by the fixes.
    fixed: Vec<fix::FixedFile>,
    /// Files left unchanged: the fixed text would not parse, or could not
    /// be written.
    refused: Vec<String>,
}

impl Outcome {
    fn unfixed(report: Report) -> Self {
        Outcome {
            report,
            fixed: Vec::new(),
            refused: Vec::new(),
        }
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

/// The diagnostics of all reports in `format`.
fn render(
    format: CheckFormat,
    reports: &[&Report],
    all: &[Diagnostic],
    files: usize,
    color: bool,
) -> String {
    match format {
        CheckFormat::Human => {
            let mut out = String::new();
            for report in reports {
                let mut rest = &report.diagnostics[..];
                while let Some(first) = rest.first() {
                    let n = rest.iter().take_while(|d| d.file == first.file).count();
                    let source = report.shown_source(&first.file);
                    out.push_str(&diagnostics::human::render(&rest[..n], &source, color));
                    rest = &rest[n..];
                }
            }
            out
        }
        CheckFormat::Short => diagnostics::short::render(all, color),
        CheckFormat::Json => diagnostics::json::render(all, files),
        CheckFormat::Sarif => {
            let rules: Vec<rules::Rule> = rules::all().copied().collect();
            diagnostics::sarif::render(all, &rules, env!("CARGO_PKG_VERSION"))
        }
        CheckFormat::Github => diagnostics::github::render(all),
    }
}

/// `Found 2 errors, 1 warning in 3 files; 2 fixable with --fix.` (or that
/// nothing was found). `fixable` counts the diagnostics a safe fix repairs.
pub fn summary(all: &[Diagnostic], files: usize, fixable: usize) -> String {
    let counts = Counts::of(all);
    let (e, w, i) = (counts.errors, counts.warnings, counts.infos);
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    let files = plural(files, "file");
    if e + w + i == 0 {
        return format!("No problems found in {files}.\n");
    }
    let mut parts = vec![plural(e, "error"), plural(w, "warning")];
    if i > 0 {
        parts.push(plural(i, "info"));
    }
    let mut line = format!("Found {} in {files}", parts.join(", "));
    let omitted = Counts::omitted(all).total();
    if omitted > 0 {
        line.push_str(&format!(" ({omitted} not listed)"));
    }
    if fixable > 0 {
        line.push_str(&format!("; {fixable} fixable with --fix"));
    }
    line.push_str(".\n");
    line
}
