//! `--help` and `--version` are complete: every subcommand says what it
//! does, every argument and every value what it means, and the version
//! names the program and the Alloy sources its catalog comes from.

use crate::support;

use std::path::Path;

use alloy_lint::cli::Cli;
use clap::CommandFactory;

use support::run_bin;

/// Collects, below `command` (named `path`), every subcommand without an
/// `about`, every argument without a `help` and every possible value
/// without a description. clap's own `--help`, `--version` and `help`
/// subcommand are left out: clap writes their texts.
fn undocumented(command: &clap::Command, path: &str, missing: &mut Vec<String>) {
    for arg in command.get_arguments() {
        let id = arg.get_id().as_str();
        if matches!(id, "help" | "version") || arg.is_hide_set() {
            continue;
        }
        if arg.get_help().is_none() {
            missing.push(format!("{path}: argument `{id}` has no help"));
        }
        for value in arg.get_possible_values() {
            if value.get_help().is_none() && !value.is_hide_set() {
                missing.push(format!(
                    "{path}: value `{}` of `{id}` has no help",
                    value.get_name()
                ));
            }
        }
    }
    for sub in command.get_subcommands() {
        let sub_path = format!("{path} {}", sub.get_name());
        if sub.get_about().is_none() {
            missing.push(format!("{sub_path}: no about"));
        }
        if sub.get_name() != "help" {
            undocumented(sub, &sub_path, missing);
        }
    }
}

#[test]
fn every_subcommand_argument_and_value_has_help() {
    let mut command = Cli::command();
    // Adds clap's generated arguments and subcommands, as parsing does.
    command.build();
    assert!(command.get_about().is_some(), "alloy-lint has no about");
    let mut missing = Vec::new();
    undocumented(&command, "alloy-lint", &mut missing);
    assert!(missing.is_empty(), "{}", missing.join("\n"));
    // The walk saw the tree: the subcommands the README documents.
    let names: Vec<&str> = command.get_subcommands().map(|c| c.get_name()).collect();
    for name in ["fmt", "check", "rules", "explain", "completions", "help"] {
        assert!(names.contains(&name), "no `{name}` in {names:?}");
    }
}

#[test]
fn help_lists_every_subcommand_with_examples() {
    let run = run_bin(Path::new("."), &["--help"], "");
    assert_eq!(run.code, 0, "{}", run.stderr);
    let command = Cli::command();
    for sub in command.get_subcommands() {
        let about = sub.get_about().unwrap().to_string();
        // The first words of the summary, which wrapping cannot split.
        let start: String = about
            .split_whitespace()
            .take(3)
            .collect::<Vec<_>>()
            .join(" ");
        assert!(
            run.stdout.contains(&format!("  {}  ", sub.get_name())) && run.stdout.contains(&start),
            "`{}` ({start}) missing from:\n{}",
            sub.get_name(),
            run.stdout
        );
    }
    assert!(
        run.stdout.contains("Examples:\n  alloy-lint "),
        "{}",
        run.stdout
    );

    // Subcommands with examples show them in --help, not in -h.
    for sub in ["fmt", "check", "completions"] {
        let long = run_bin(Path::new("."), &[sub, "--help"], "");
        let short = run_bin(Path::new("."), &[sub, "-h"], "");
        assert!(
            long.stdout
                .contains(&format!("Examples:\n  alloy-lint {sub} ")),
            "{}",
            long.stdout
        );
        assert!(!short.stdout.contains("Examples:"), "{}", short.stdout);
    }
}

#[test]
fn version_names_the_program_and_the_catalog_source() {
    let version = env!("CARGO_PKG_VERSION");
    assert_eq!(version.split('.').count(), 3, "not X.Y.Z: {version}");

    let short = run_bin(Path::new("."), &["-V"], "");
    assert_eq!(
        (short.code, short.stdout.as_str()),
        (0, format!("alloy-lint {version}\n").as_str())
    );

    let long = run_bin(Path::new("."), &["--version"], "");
    assert_eq!(long.code, 0);
    let commit = alloy_lint::schema::Catalog::alloy_commit();
    assert_eq!(commit.len(), 40, "not a commit: {commit}");
    assert_eq!(
        long.stdout,
        format!("alloy-lint {version}\ncomponent catalog: grafana/alloy commit {commit}\n")
    );
}

#[test]
fn completions_command_prints_a_script_or_refuses_an_unknown_shell() {
    let run = run_bin(Path::new("."), &["completions", "fish"], "");
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.contains(
            "complete -c alloy-lint -n \"__fish_alloy_lint_needs_command\" -f -a \"check\""
        ),
        "{}",
        run.stdout
    );

    let run = run_bin(Path::new("."), &["completions", "tcsh"], "");
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("invalid value 'tcsh'"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("powershell"), "{}", run.stderr);
}
