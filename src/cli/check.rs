//! `alloy-lint check`: validates configurations and reports diagnostics.

use std::path::PathBuf;

use clap::{Args, ValueEnum};

use super::{Colors, ExitStatus, Streams};
use crate::check::{Report, StabilityLevel};
use crate::dashboard::alloy_config::DashboardOptions;
use crate::diagnostics::limit::Counts;
use crate::diagnostics::{self, Diagnostic};
use crate::driver::{self, CheckOptions, FixMode, Input, Problem, Refusal, SettingsChoice};
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
    pub stability_level: Option<StabilityArg>,

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

/// Alloy's `--stability.level` as the command line spells it: the
/// library's [`StabilityLevel`] knows nothing of clap.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum StabilityArg {
    /// Only experimental features and above (everything).
    Experimental,
    /// Public-preview features and above.
    PublicPreview,
    /// Generally available features only (Alloy's default).
    GenerallyAvailable,
}

impl From<StabilityArg> for StabilityLevel {
    fn from(arg: StabilityArg) -> Self {
        match arg {
            StabilityArg::Experimental => StabilityLevel::Experimental,
            StabilityArg::PublicPreview => StabilityLevel::PublicPreview,
            StabilityArg::GenerallyAvailable => StabilityLevel::GenerallyAvailable,
        }
    }
}

impl CheckArgs {
    /// The driver's options these arguments ask for.
    fn options(&self) -> CheckOptions {
        CheckOptions {
            stability: self.stability_level.map(StabilityLevel::from),
            community_components: self.community_components,
            settings: match (&self.config, self.no_config) {
                (Some(file), _) => SettingsChoice::File(file.clone()),
                (None, true) => SettingsChoice::Defaults,
                (None, false) => SettingsChoice::Nearest,
            },
            dashboards: DashboardOptions {
                alloy_config: self.alloy_config.clone(),
            },
            fix: match (self.fix, self.diff) {
                (false, _) => FixMode::Off,
                (true, true) => FixMode::Preview,
                (true, false) => FixMode::Write,
            },
            // A file with syntax errors gets only them, as `alloy run`
            // stops at them (README, "check").
            past_syntax_errors: false,
        }
    }
}

/// Runs `alloy-lint check`.
pub fn run(args: &CheckArgs, colors: Colors, streams: &mut Streams<'_>) -> ExitStatus {
    let mut status = ExitStatus::Success;
    let inputs: Vec<Input> = args.paths.iter().map(|p| Input::from_argument(p)).collect();
    let writer = driver::DiskWriter {
        read_only: files::ReadOnly::from_flag(args.overwrite_read_only),
    };
    let stdin = driver::Stdin {
        reader: &mut *streams.stdin,
        name: &args.stdin_filename,
        anchor: std::env::current_dir().unwrap_or_default(),
    };
    let checked = driver::check(&inputs, &args.options(), &files::DiskFiles, &writer, stdin);
    let checked = match checked {
        Ok(checked) => checked,
        Err(stopped) => {
            for w in &stopped.warnings {
                let _ = writeln!(streams.stderr, "warning: {w}");
            }
            let _ = writeln!(streams.stderr, "error: {}", stopped.error);
            return ExitStatus::Failure;
        }
    };
    for w in &checked.warnings {
        let _ = writeln!(streams.stderr, "warning: {w}");
    }
    let (problems, outcomes) = (checked.problems, checked.outcomes);
    for p in &problems {
        let _ = writeln!(streams.stderr, "error: {}", problem_message(p));
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

/// What to say about `problem`.
fn problem_message(problem: &Problem) -> String {
    match problem {
        Problem::Unreadable(message) | Problem::Refused(Refusal::WouldNotParse(message)) => {
            message.clone()
        }
        Problem::Refused(Refusal::NotWritten { path, error }) => {
            super::in_out::write_error_message(path, error)
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
