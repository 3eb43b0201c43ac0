//! `alloy-lint diff`: compares two configurations by meaning (or, with
//! `--text`, as formatted text). The comparison is [`crate::diff`]'s, the
//! reading of each side [`driver::diff_side`]'s; this prints.

use clap::{Args, ValueEnum};

use super::{Colors, ExitStatus, Streams};
use crate::diagnostics;
use crate::diff::{self, render, Configuration};
use crate::driver;
use crate::files;

const EXAMPLES: &str = "\
Examples:
  alloy-lint diff old.alloy new.alloy
      what changed, component by component
  alloy-lint diff HEAD:alloy-config.alloy alloy-config.alloy
      against the last commit (PATH relative to the current directory)
  alloy-lint diff main:config/ config/
      a directory against a branch
  alloy-lint diff --format json old.alloy new.alloy
      for scripts
  alloy-lint diff --text HEAD:alloy-config.alloy alloy-config.alloy
      the formatted files as a unified diff

Exit codes:
  0  the configurations mean the same (with --text: format the same)
  1  they differ
  2  usage error, unreadable input, a side that does not parse";

/// Arguments of `alloy-lint diff`.
#[derive(Debug, Clone, Args)]
#[command(after_long_help = EXAMPLES)]
pub struct DiffArgs {
    /// The old configuration: a file; a directory (its top-level `*.alloy`
    /// files form one configuration, as `alloy run DIR` loads them); `-`
    /// for standard input; or `REV:PATH`, the file or directory at a git
    /// revision (`HEAD:alloy-config.alloy`; PATH relative to the current
    /// directory; `:PATH` is the staged version). An existing file whose
    /// name contains `:` is read as that file.
    #[arg(value_name = "OLD")]
    pub old: std::path::PathBuf,

    /// The new configuration, in the same forms as OLD. At most one side
    /// may be `-`.
    #[arg(value_name = "NEW")]
    pub new: std::path::PathBuf,

    /// How to print the changes (on standard output).
    #[arg(long, value_enum, value_name = "FORMAT", default_value_t)]
    pub format: DiffFormat,

    /// Print a unified diff of the two configurations as `alloy fmt` would
    /// print them (comments and order show; layout does not), with secrets
    /// masked, instead of the changes by component.
    #[arg(long, conflicts_with = "format")]
    pub text: bool,
}

/// Output formats of `diff`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, ValueEnum)]
pub enum DiffFormat {
    /// One line per change, grouped by component: `+` added, `-` removed,
    /// `~` changed; a summary on standard error.
    #[default]
    Human,
    /// One JSON object: `{"entries": [{"kind", "component", "path", "old",
    /// "new"}], "summary": {"added", "removed", "changed"}}`.
    Json,
}

/// Runs `alloy-lint diff`.
pub fn run(args: &DiffArgs, colors: Colors, streams: &mut Streams<'_>) -> ExitStatus {
    let error = |streams: &mut Streams<'_>, message: &str| {
        let label = match colors.stderr {
            true => "\x1b[1;31merror\x1b[0m",
            false => "error",
        };
        let _ = writeln!(streams.stderr, "{label}: {message}");
    };
    if files::is_stdin(&args.old) && files::is_stdin(&args.new) {
        error(
            streams,
            "standard input (`-`) can be only one of OLD and NEW",
        );
        return ExitStatus::Failure;
    }
    let sides = [&args.old, &args.new]
        .map(|arg| driver::diff_side::read_side(arg, &files::DiskFiles, &mut *streams.stdin));
    let mut configurations = Vec::with_capacity(2);
    let mut status = ExitStatus::Success;
    for side in sides {
        match side.map(Configuration::read) {
            Err(message) => {
                error(streams, &message);
                status = ExitStatus::Failure;
            }
            Ok(Err(invalid)) => {
                for file in invalid {
                    let frames = diagnostics::human::render(
                        &file.diagnostics,
                        &file.shown_source,
                        colors.stderr,
                    );
                    let _ = streams.stderr.write_all(frames.as_bytes());
                }
                status = ExitStatus::Failure;
            }
            Ok(Ok(configuration)) => configurations.push(configuration),
        }
    }
    let [old, new] = match <[Configuration; 2]>::try_from(configurations) {
        Ok(both) if status == ExitStatus::Success => both,
        _ => return ExitStatus::Failure,
    };

    if args.text {
        let text = diff::text::formatted_diff(&old, &new, colors.stdout);
        let _ = streams.stdout.write_all(text.as_bytes());
        return match text.is_empty() {
            true => ExitStatus::Success,
            false => ExitStatus::Findings,
        };
    }
    let changes = diff::compare(&old, &new);
    match args.format {
        DiffFormat::Human => {
            let _ = streams
                .stdout
                .write_all(render::human(&changes, colors.stdout).as_bytes());
            // The changes first where both streams share a pipe.
            let _ = streams.stdout.flush();
            let summary = render::summary_line(&diff::Summary::of(&changes));
            let _ = streams.stderr.write_all(summary.as_bytes());
        }
        DiffFormat::Json => {
            let _ = streams.stdout.write_all(render::json(&changes).as_bytes());
        }
    }
    match changes.is_empty() {
        true => ExitStatus::Success,
        false => ExitStatus::Findings,
    }
}
