//! `alloy-lint import`: brings another tool's files into alloy-lint's.
//! `import dashboard` turns an existing Grafana dashboard JSON into a
//! dashboard file ([`crate::dashboard::import`]).

use std::fs;
use std::io;
use std::path::PathBuf;

use clap::{Args, Subcommand};

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

    /// Write the dashboard file to OUT instead of standard output,
    /// atomically.
    #[arg(short, long, value_name = "OUT")]
    pub output: Option<PathBuf>,

    /// Replace OUT when it exists (it may hold edits made since an
    /// earlier import).
    #[arg(long)]
    pub force: bool,
}

/// Runs `alloy-lint import`.
pub fn run(args: &ImportArgs, colors: Colors, streams: &mut Streams<'_>) -> ExitStatus {
    match &args.source {
        Source::Dashboard(args) => run_dashboard(args, colors, streams),
    }
}

fn run_dashboard(args: &DashboardArgs, colors: Colors, streams: &mut Streams<'_>) -> ExitStatus {
    let paint = |code: &str, text: &str| match colors.stderr {
        true => format!("\x1b[{code}m{text}\x1b[0m"),
        false => text.to_owned(),
    };
    let fail = |streams: &mut Streams<'_>, message: String| {
        let _ = writeln!(streams.stderr, "{}: {message}", paint("1;31", "error"));
        ExitStatus::Failure
    };
    let (name, source) = if files::is_stdin(&args.file) {
        let mut source = Vec::new();
        if let Err(e) = streams.stdin.read_to_end(&mut source) {
            return fail(streams, format!("cannot read standard input: {e}"));
        }
        ("<stdin>".to_owned(), source)
    } else {
        let name = args.file.display().to_string();
        match fs::read(&args.file) {
            Ok(source) => (name, source),
            Err(e) => return fail(streams, format!("cannot read {name}: {e}")),
        }
    };
    let imported = match import::import_source(&source) {
        Ok(imported) => imported,
        Err(e) => return fail(streams, format!("{name}: {e}")),
    };
    for w in &imported.warnings {
        let _ = writeln!(
            streams.stderr,
            "{}: {}",
            paint("1;33", "warning"),
            w.message
        );
    }
    let text = import::print(&imported.dashboard);
    // What `check` will say about the file, in one line.
    if let Err(found) = dashboard::load(&name, text.as_bytes()) {
        let errors = found
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count();
        let _ = writeln!(
            streams.stderr,
            "{}: the dashboard file has {errors} error(s) `alloy-lint check` reports (kept as imported)",
            paint("1;36", "note")
        );
    }
    let Some(output) = &args.output else {
        let _ = streams.stdout.write_all(text.as_bytes());
        return ExitStatus::Success;
    };
    let written = match files::create_atomically(output, text.as_bytes()) {
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists && args.force => {
            files::write_atomically(output, text.as_bytes())
        }
        result => result,
    };
    match written {
        Ok(()) => ExitStatus::Success,
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => fail(
            streams,
            format!(
                "{} exists: nothing written (--force replaces it)",
                output.display()
            ),
        ),
        Err(e) => fail(streams, format!("cannot write {}: {e}", output.display())),
    }
}
