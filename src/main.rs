//! The `alloy-lint` binary: parses arguments, runs, exits with the code.

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = alloy_lint::cli::Cli::parse();
    alloy_lint::cli::run_process(&cli).into()
}
