//! `alloy-lint generate`: writes what a file describes in another tool's
//! format. `generate dashboard` turns a dashboard file into Grafana's
//! dashboard JSON ([`crate::dashboard::generate`]).

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use clap::{Args, Subcommand};

use super::{Colors, ExitStatus, Streams};
use crate::dashboard::{self, generate::GenerateOptions};
use crate::diagnostics;
use crate::files;

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

    /// Write the JSON to OUT instead of standard output. The file is
    /// replaced atomically, and left untouched when its content is already
    /// the same.
    #[arg(short, long, value_name = "OUT")]
    pub output: Option<PathBuf>,

    /// Write a file to share through Dashboards > Import: each datasource
    /// without a fixed uid becomes an input (`__inputs`, `${DS_NAME}`) the
    /// importer picks, and `__requires` lists Grafana and the plugins used.
    /// Without it, each such datasource becomes a datasource variable.
    #[arg(long)]
    pub share: bool,
}

/// Runs `alloy-lint generate`.
pub fn run(args: &GenerateArgs, colors: Colors, streams: &mut Streams<'_>) -> ExitStatus {
    match &args.target {
        Target::Dashboard(args) => run_dashboard(args, colors, streams),
    }
}

fn run_dashboard(args: &DashboardArgs, colors: Colors, streams: &mut Streams<'_>) -> ExitStatus {
    let fail = |streams: &mut Streams<'_>, message: String| {
        let label = match colors.stderr {
            true => "\x1b[1;31merror\x1b[0m",
            false => "error",
        };
        let _ = writeln!(streams.stderr, "{label}: {message}");
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
    let model = match dashboard::load(&name, &source) {
        Ok(model) => model,
        Err(found) => {
            let frames = diagnostics::human::render(&found, &source, colors.stderr);
            let _ = streams.stderr.write_all(frames.as_bytes());
            let _ = streams
                .stderr
                .write_all(super::check::summary(&found, 1).as_bytes());
            return ExitStatus::Findings;
        }
    };
    let json = dashboard::generate::generate_text(&model, &GenerateOptions { share: args.share });
    let Some(output) = &args.output else {
        let _ = streams.stdout.write_all(json.as_bytes());
        return ExitStatus::Success;
    };
    if same_file(output, &args.file) {
        return fail(
            streams,
            format!(
                "{} is the dashboard file itself: name another output file",
                output.display()
            ),
        );
    }
    match write(output, json.as_bytes()) {
        Ok(()) => ExitStatus::Success,
        Err(e) => fail(streams, format!("cannot write {}: {e}", output.display())),
    }
}

/// Whether `a` and `b` name the same existing file.
fn same_file(a: &Path, b: &Path) -> bool {
    match (fs::canonicalize(a), fs::canonicalize(b)) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

/// Writes `contents` to `path` atomically: a new file appears whole, an
/// existing one is replaced whole (keeping its permissions) and only when
/// its content differs.
fn write(path: &Path, contents: &[u8]) -> io::Result<()> {
    match fs::read(path) {
        Ok(existing) if existing == contents => Ok(()),
        Ok(_) => files::write_atomically(path, contents),
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            match files::create_atomically(path, contents) {
                // Created meanwhile by someone else: replace it.
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {
                    files::write_atomically(path, contents)
                }
                result => result,
            }
        }
        Err(e) => Err(e),
    }
}
