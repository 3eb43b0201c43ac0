//! `alloy-lint import`: brings another tool's files into alloy-lint's.
//! `import dashboard` turns an existing Grafana dashboard JSON into a
//! dashboard file ([`crate::dashboard::import`]).

use std::path::PathBuf;

use clap::{Args, Subcommand};

use super::in_out::{self, Input, WhenExists, WriteError};
use super::{Colors, ExitStatus, Streams};
use crate::dashboard::{self, import};
use crate::diagnostics::Severity;
use crate::files;

const DASHBOARD_EXAMPLES: &str = "\
Examples:
  alloy-lint import dashboard grafana-dashboard.json                      print the DSL
  alloy-lint import dashboard grafana-dashboard.json -o dashboard.alloy  write it to dashboard.alloy
  alloy-lint check dashboard.alloy                                        then check it

Exit codes:
  0  DSL written (warnings name what was not kept)
  2  unreadable input, not a classic dashboard, output exists without --force, unwritable output";

/// Arguments of `alloy-lint import`.
#[derive(Debug, Clone, Args)]
pub struct ImportArgs {
    /// What to import.
    #[command(subcommand)]
    pub source: Source,
}

/// What `import` can read.
#[derive(Debug, Clone, Subcommand)]
pub enum Source {
    /// Write a dashboard file from an existing Grafana dashboard JSON.
    ///
    /// Reads Grafana's classic dashboard JSON (as "Export > JSON" or the
    /// HTTP API write it; v2 resources are refused): datasources,
    /// variables, rows and panels with their queries, units, sizes,
    /// thresholds and legends. Legacy `graph` panels become time series;
    /// panels of kinds the DSL lacks are left out. Everything not kept is
    /// named in a warning on standard error. Queries are kept verbatim:
    /// run `alloy-lint check` on the result.
    Dashboard(DashboardArgs),
}

/// Arguments of `alloy-lint import dashboard`.
#[derive(Debug, Clone, Args)]
#[command(after_long_help = DASHBOARD_EXAMPLES)]
pub struct DashboardArgs {
    /// The dashboard JSON, or `-` for standard input.
    #[arg(value_name = "FILE")]
    pub file: PathBuf,

    /// Write the dashboard file to OUT instead of standard output (`-o -`
    /// is standard output), atomically; only a regular file is replaced (a
    /// device, FIFO or socket is refused).
    #[arg(short, long, value_name = "OUT")]
    pub output: Option<PathBuf>,

    /// Replace OUT when it exists (it may hold edits made since an
    /// earlier import).
    #[arg(long)]
    pub force: bool,

    /// Replace OUT even if it is read-only (it stays read-only). Without
    /// it, a read-only OUT is left untouched and reported (exit 2).
    #[arg(long, requires = "output")]
    pub overwrite_read_only: bool,
}

/// Runs `alloy-lint import`.
pub fn run(args: &ImportArgs, colors: Colors, streams: &mut Streams<'_>) -> ExitStatus {
    match &args.source {
        Source::Dashboard(args) => run_dashboard(args, colors, streams),
    }
}

fn run_dashboard(args: &DashboardArgs, colors: Colors, streams: &mut Streams<'_>) -> ExitStatus {
    let Input { name, source } = match in_out::read_input(&args.file, streams) {
        Ok(input) => input,
        Err(message) => return in_out::fail(streams, colors, &message),
    };
    let imported = match import::import_source(&source) {
        Ok(imported) => imported,
        Err(e) => return in_out::fail(streams, colors, &format!("{name}: {e}")),
    };
    for w in &imported.warnings {
        let label = in_out::paint(colors.stderr, "1;33", "warning");
        let _ = writeln!(streams.stderr, "{label}: {}", w.message);
    }
    let text = import::print(&imported.dashboard);
    // The file would be committed (and standard output may be a CI log).
    if let Some(kind) = crate::secrets::first_credential(&text) {
        let message = format!(
            "{name} holds a credential ({kind}): nothing was written; remove it from the dashboard (and revoke it), then import again"
        );
        in_out::fail(streams, colors, &message);
        return ExitStatus::Findings;
    }
    // What `check` will say about the file, in one line.
    if let Err(found) = dashboard::load(&name, text.as_bytes()) {
        let errors = found
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count();
        let _ = writeln!(
            streams.stderr,
            "{}: the dashboard file has {errors} error(s) `alloy-lint check` reports (kept as imported)",
            in_out::paint(colors.stderr, "1;36", "note")
        );
    }
    // An existing OUT may hold edits made since an earlier import.
    let when = match args.force {
        true => WhenExists::Replace,
        false => WhenExists::Refuse,
    };
    let Some(output) = args.output.as_deref().filter(|o| !in_out::is_stdout(o)) else {
        let _ = streams.stdout.write_all(text.as_bytes());
        return ExitStatus::Success;
    };
    let read_only = files::ReadOnly::from_flag(args.overwrite_read_only);
    let message = match in_out::write_file(output, &args.file, text.as_bytes(), when, read_only) {
        Ok(()) => return ExitStatus::Success,
        Err(WriteError::Exists) => format!(
            "{} exists: nothing written (--force replaces it)",
            output.display()
        ),
        Err(WriteError::IsInput) => format!(
            "{} is the dashboard JSON itself: name another output file",
            output.display()
        ),
        Err(WriteError::File(e)) => in_out::write_error_message(output, &e),
    };
    in_out::fail(streams, colors, &message)
}
