//! `alloy-lint generate`: writes what a file describes in another tool's
//! format. `generate dashboard` turns a dashboard file into Grafana's
//! dashboard JSON ([`crate::dashboard::generate`]).

use std::path::PathBuf;

use clap::{Args, Subcommand};

use super::in_out::{self, Input, WhenExists, WriteError};
use super::{Colors, ExitStatus, Streams};
use crate::dashboard::{self, generate::GenerateOptions};
use crate::diagnostics;
use crate::files;
use crate::secrets::Shown;

const DASHBOARD_EXAMPLES: &str = "\
Examples:
  alloy-lint generate dashboard grafana-dashboard.alloy                print the JSON
  alloy-lint generate dashboard grafana-dashboard.alloy -o dash.json  write it to dash.json
  alloy-lint generate dashboard --share grafana-dashboard.alloy -o dash.json
                                     for Dashboards > Import on another Grafana

Exit codes:
  0  JSON written
  1  the dashboard file has errors (printed as `alloy-lint check` prints them); nothing written
  2  unreadable input, unwritable output";

/// Arguments of `alloy-lint generate`.
#[derive(Debug, Clone, Args)]
pub struct GenerateArgs {
    /// What to generate.
    #[command(subcommand)]
    pub target: Target,
}

/// What `generate` can write.
#[derive(Debug, Clone, Subcommand)]
pub enum Target {
    /// Write Grafana dashboard JSON from a dashboard file.
    ///
    /// The file is checked first, as `alloy-lint check` checks it; with
    /// errors, they are printed and nothing is written. The JSON is
    /// Grafana's classic dashboard model (schema version 42) with every
    /// default written out, panels laid out on the 24-column grid, stable
    /// panel ids and keys in a fixed order: the same file always gives the
    /// same bytes. Datasources become datasource variables, or with
    /// --share, inputs that Dashboards > Import asks for.
    Dashboard(DashboardArgs),
}

/// Arguments of `alloy-lint generate dashboard`.
#[derive(Debug, Clone, Args)]
#[command(after_long_help = DASHBOARD_EXAMPLES)]
pub struct DashboardArgs {
    /// The dashboard file (`dashboard "slug" { ... }`), or `-` for
    /// standard input.
    #[arg(value_name = "FILE")]
    pub file: PathBuf,

    /// Write the JSON to OUT instead of standard output (`-o -` is
    /// standard output). The file is replaced atomically, and left
    /// untouched when its content is already the same; only a regular
    /// file is replaced (a device, FIFO or socket is refused).
    #[arg(short, long, value_name = "OUT")]
    pub output: Option<PathBuf>,

    /// Write a file to share through Dashboards > Import: each datasource
    /// without a fixed uid becomes an input (`__inputs`, `${DS_NAME}`) the
    /// importer picks, and `__requires` lists Grafana and the plugins used.
    /// Without it, each such datasource becomes a datasource variable.
    #[arg(long)]
    pub share: bool,

    /// Replace OUT even if it is read-only (it stays read-only). Without
    /// it, a read-only OUT is left untouched and reported (exit 2).
    #[arg(long, requires = "output")]
    pub overwrite_read_only: bool,
}

/// Runs `alloy-lint generate`.
pub fn run(args: &GenerateArgs, colors: Colors, streams: &mut Streams<'_>) -> ExitStatus {
    match &args.target {
        Target::Dashboard(args) => run_dashboard(args, colors, streams),
    }
}

fn run_dashboard(args: &DashboardArgs, colors: Colors, streams: &mut Streams<'_>) -> ExitStatus {
    let Input { name, source } = match in_out::read_input(&args.file, streams) {
        Ok(input) => input,
        Err(message) => return in_out::fail(streams, colors, &message),
    };
    let model = match dashboard::load(&name, &source) {
        Ok(model) => model,
        Err(found) => {
            let frames =
                diagnostics::human::render(&found, &Shown::of_source(&source), colors.stderr);
            let _ = streams.stderr.write_all(frames.as_bytes());
            let _ = streams
                .stderr
                .write_all(super::check::summary(&found, 1, 0).as_bytes());
            return ExitStatus::Findings;
        }
    };
    let json = match dashboard::generate::generate_safe_text(
        &model,
        &GenerateOptions { share: args.share },
    ) {
        Ok(json) => json,
        Err(kind) => {
            let message = format!(
                "{name} holds a credential ({kind}): the dashboard JSON was not written; remove it (and revoke it)"
            );
            in_out::fail(streams, colors, &message);
            return ExitStatus::Findings;
        }
    };
    let Some(output) = args.output.as_deref().filter(|o| !in_out::is_stdout(o)) else {
        let _ = streams.stdout.write_all(json.as_bytes());
        return ExitStatus::Success;
    };
    // The JSON is derived: an unchanged file is left as it is.
    let read_only = files::ReadOnly::from_flag(args.overwrite_read_only);
    let written = in_out::write_file(
        output,
        &args.file,
        json.as_bytes(),
        WhenExists::Update,
        read_only,
    );
    let message = match written {
        Ok(()) => return ExitStatus::Success,
        Err(WriteError::IsInput) => format!(
            "{} is the dashboard file itself: name another output file",
            output.display()
        ),
        Err(WriteError::Exists) => unreachable!("`Update` replaces an existing file"),
        Err(WriteError::File(e)) => in_out::write_error_message(output, &e),
    };
    in_out::fail(streams, colors, &message)
}
