//! The command-line layer: argument definitions (clap derive), dispatch and
//! exit codes.
//!
//! Each subcommand is a library function that takes its parsed arguments,
//! the colour decision and the [`Streams`] to read and write, and returns an
//! [`ExitStatus`]; nothing here touches the process's real streams except
//! [`run_process`], which `main.rs` calls. Tests drive the same functions
//! in-process with byte buffers.

pub mod check;
pub mod color;
pub mod fmt;
pub mod rules;

use std::io::{self, Read, Write};
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

pub use color::{ColorChoice, Colors};

/// alloy-lint: format and check Grafana Alloy configuration files.
#[derive(Debug, Clone, Parser)]
#[command(name = "alloy-lint", version, propagate_version = true)]
pub struct Cli {
    /// When to colour output: `auto` colours a stream only if it is a
    /// terminal and the NO_COLOR environment variable is unset or empty;
    /// `always` and `never` override both.
    #[arg(
        long,
        value_enum,
        value_name = "WHEN",
        default_value_t = ColorChoice::Auto,
        global = true
    )]
    pub color: ColorChoice,

    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Clone, Subcommand)]
pub enum Command {
    /// Format Alloy files exactly as `alloy fmt` does.
    ///
    /// With one file (or `-` for standard input), prints the formatted text
    /// to standard output, as `alloy fmt FILE` does. With --write, rewrites
    /// files in place; with --check, lists the files that are not formatted;
    /// with --diff, shows what would change. PATHS may be files or
    /// directories.
    Fmt(fmt::FmtArgs),

    /// Check configurations: syntax, components and their arguments,
    /// types, references, the pipeline graph.
    ///
    /// Each file is its own configuration; a directory's top-level
    /// `*.alloy` files form one, as `alloy run DIR` loads them. Settings
    /// come from the nearest `alloy-lint.toml`. Exits 1 if errors are
    /// found (or warnings, with --deny-warnings).
    Check(check::CheckArgs),

    /// List every rule with its code, default severity and summary.
    Rules(rules::RulesArgs),

    /// Explain a rule: what it catches, why it matters, an example, the fix.
    Explain(rules::ExplainArgs),
}

/// How a run ended. The process exits with [`ExitStatus::code`]; when
/// several outcomes meet, the most serious wins (`max`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub enum ExitStatus {
    /// 0: nothing to report.
    #[default]
    Success,
    /// 1: findings: a file that does not parse, a file `--check`/`--diff`
    /// would change, errors found by `check`.
    Findings,
    /// 2: usage error, unreadable or unwritable file, internal failure.
    Failure,
}

impl ExitStatus {
    /// The process exit code: 0, 1 or 2.
    pub fn code(self) -> u8 {
        match self {
            ExitStatus::Success => 0,
            ExitStatus::Findings => 1,
            ExitStatus::Failure => 2,
        }
    }
}

impl From<ExitStatus> for ExitCode {
    fn from(status: ExitStatus) -> Self {
        ExitCode::from(status.code())
    }
}

/// How diagnostics are printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, ValueEnum)]
pub enum MessageFormat {
    /// Code frames showing the source around each problem, with help texts.
    #[default]
    Human,
    /// One line per problem: `file:line:col: error: message`.
    Short,
}

/// The streams a command reads and writes.
pub struct Streams<'a> {
    /// Read by `-` (standard input).
    pub stdin: &'a mut dyn Read,
    /// Formatted text, file lists, diffs.
    pub stdout: &'a mut dyn Write,
    /// Diagnostics, errors, summaries.
    pub stderr: &'a mut dyn Write,
}

/// Runs the parsed command line over `streams`.
pub fn run(cli: &Cli, colors: Colors, streams: &mut Streams<'_>) -> ExitStatus {
    match &cli.command {
        Command::Fmt(args) => fmt::run(args, colors, streams),
        Command::Check(args) => check::run(args, colors, streams),
        Command::Rules(args) => rules::run_rules(args, streams),
        Command::Explain(args) => rules::run_explain(args, streams),
    }
}

/// Runs the parsed command line over this process's standard streams,
/// deciding colours from `--color`, `NO_COLOR` and whether each stream is a
/// terminal.
pub fn run_process(cli: &Cli) -> ExitStatus {
    let colors = Colors::detect(cli.color);
    let mut stdin = io::stdin().lock();
    let mut stdout = io::BufWriter::with_capacity(64 * 1024, io::stdout().lock());
    let mut stderr = io::stderr().lock();
    let status = run(
        cli,
        colors,
        &mut Streams {
            stdin: &mut stdin,
            stdout: &mut stdout,
            stderr: &mut stderr,
        },
    );
    match stdout.flush() {
        Ok(()) => status,
        // The reader went away (`| head`): not our failure.
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => status,
        Err(e) => {
            let _ = writeln!(stderr, "error: cannot write to standard output: {e}");
            ExitStatus::Failure
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn cli_definition_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn exit_codes_and_precedence() {
        assert_eq!(ExitStatus::Success.code(), 0);
        assert_eq!(ExitStatus::Findings.code(), 1);
        assert_eq!(ExitStatus::Failure.code(), 2);
        assert_eq!(
            ExitStatus::Findings.max(ExitStatus::Failure),
            ExitStatus::Failure
        );
    }

    #[test]
    fn color_is_global() {
        let cli =
            Cli::try_parse_from(["alloy-lint", "fmt", "--color", "never", "a.alloy"]).unwrap();
        assert_eq!(cli.color, ColorChoice::Never);
        let cli = Cli::try_parse_from(["alloy-lint", "--color=always", "fmt"]).unwrap();
        assert_eq!(cli.color, ColorChoice::Always);
    }
}
