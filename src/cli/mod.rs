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
pub mod completions;
pub mod diff;
pub mod fmt;
pub mod generate;
pub mod import;
pub mod in_out;
pub mod init;
pub mod rules;

use std::io::{self, Read, Write};
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

pub use color::{ColorChoice, Colors};

/// alloy-lint: format and check Grafana Alloy configuration files.
#[derive(Debug, Clone, Parser)]
#[command(
    name = "alloy-lint",
    version,
    long_version = long_version(),
    propagate_version = true,
    after_help = EXAMPLES
)]
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

const EXAMPLES: &str = "\
Examples:
  alloy-lint fmt -w .                     format every *.alloy file below .
  alloy-lint check alloy-config.alloy     check a configuration
  alloy-lint check --format github .      annotate a pull request from GitHub Actions
  alloy-lint explain unused-component     what a rule catches and how to fix it

`alloy-lint help COMMAND` shows a command's options and more examples.
Exit codes: 0 nothing to report, 1 findings, 2 usage error or failure.";

/// What `--version` prints after the name: the version, then the Alloy
/// commit the component catalog was extracted from (`-V` prints the
/// version alone).
fn long_version() -> &'static str {
    static TEXT: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    TEXT.get_or_init(|| {
        format!(
            "{}\ncomponent catalog: grafana/alloy commit {}",
            env!("CARGO_PKG_VERSION"),
            crate::schema::Catalog::alloy_commit()
        )
    })
}

/// The subcommands.
///
/// Each subcommand's arguments are defined only when that subcommand is
/// run or shown (`defer`): building every subcommand's arguments was most
/// of the time clap took on each start, for the one command used.
#[derive(Debug, Clone, Subcommand)]
#[command(defer = true)]
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

    /// Compare two configurations by meaning: components added, removed
    /// and changed, attribute by attribute.
    ///
    /// OLD and NEW are files, directories (their top-level `*.alloy`
    /// files), `-` for standard input, or `REV:PATH` read from git
    /// (`HEAD:alloy-config.alloy`). Comments, layout and the order of
    /// components do not count; secret values are never shown. With
    /// --text, prints a unified diff of the formatted files instead. Exits
    /// 0 when they mean the same, 1 when they differ, 2 on errors.
    Diff(diff::DiffArgs),

    /// Generate another tool's files from alloy-lint's: `generate
    /// dashboard` writes Grafana dashboard JSON from a dashboard file.
    ///
    /// The input is checked first; with errors, they are printed and
    /// nothing is written (exit 1).
    Generate(generate::GenerateArgs),

    /// Import another tool's files: `import dashboard` writes a dashboard
    /// file from an existing Grafana dashboard JSON.
    ///
    /// What the dashboard file cannot hold is named in warnings on
    /// standard error; nothing is dropped silently.
    Import(import::ImportArgs),

    /// List every rule with its code, default severity and summary.
    Rules(rules::RulesArgs),

    /// Explain a rule: what it catches, why it matters, an example, the fix.
    Explain(rules::ExplainArgs),

    /// Write a working Grafana Cloud setup: alloy-config.alloy (scrape,
    /// OTLP receiver, Prometheus, Tempo and Loki with the token read from a
    /// git-ignored file), the token file's line in .gitignore, and a
    /// starter dashboard.
    ///
    /// Values come from flags over a stack file (--stack FILE, TOML or
    /// JSON); on a terminal, init asks for those still missing. Every value
    /// is checked as `alloy-lint check` would before anything is written,
    /// and an error names the flag to fix. Existing files are replaced only
    /// with --force.
    Init(Box<init::InitArgs>),

    /// Print a shell completion script (bash, zsh, fish, powershell,
    /// elvish) on standard output.
    ///
    /// The script is generated from this program's own argument
    /// definitions, so it completes every subcommand, flag and value of
    /// this version. See the examples below for where each shell loads it.
    Completions(completions::CompletionsArgs),
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
        Command::Diff(args) => diff::run(args, colors, streams),
        Command::Rules(args) => rules::run_rules(args, streams),
        Command::Explain(args) => rules::run_explain(args, streams),
        Command::Generate(args) => generate::run(args, colors, streams),
        Command::Import(args) => import::run(args, colors, streams),
        Command::Init(args) => init::run(args, streams),
        Command::Completions(args) => completions::run(args, streams),
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
