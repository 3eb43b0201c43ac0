//! The README documents every rule (a rule added without a line in its
//! table fails here), and its pre-commit, CI and completions snippets use
//! hooks that exist and command lines alloy-lint accepts.

use crate::support;

use alloy_lint::cli::Cli;
use clap::Parser;

use support::{readme_code_blocks, run_bin};

/// The finding on the README's first screen is what `check` prints for the
/// sample (so a change to a message shows here), the first set-up command
/// builds and checks that same sample, and the second is the command CI
/// runs.
#[test]
fn readme_first_screen_is_real() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let readme = std::fs::read_to_string(root.join("README.md")).expect("README.md");
    let start = readme
        .find("```text\n$ alloy-lint ")
        .expect("a finding on the first screen")
        + "```text\n$ ".len();
    let end = start + readme[start..].find("\n```\n").unwrap() + 1;
    let (command, shown) = readme[start..end].split_once('\n').unwrap();
    let args: Vec<&str> = command.split_whitespace().skip(1).collect();
    assert!(
        readme[..start].lines().count() < 40,
        "the finding is not on the first screen"
    );
    let run = run_bin(root, &args, "");
    assert_eq!(run.code, 1, "{run:?}");
    let printed = format!("{}{}", run.stdout, run.stderr);
    assert!(
        shown == printed,
        "the README's first screen shows another output than `{command}` prints now; \
         put this in its place:\n{printed}"
    );

    let setup = &readme_code_blocks("## Set up and try it")[0].1;
    let build_and_check = format!("cargo run --release -- {}\n", args.join(" "));
    assert!(setup.contains(&build_and_check), "{setup}");
    let test_suite = setup
        .lines()
        .find(|l| l.starts_with("cargo test"))
        .expect("the test-suite command");
    let ci = std::fs::read_to_string(root.join(".ci/run")).unwrap();
    assert!(
        ci.lines()
            .any(|l| l == test_suite || l.starts_with(&format!("{test_suite} "))),
        ".ci/run does not run the README's `{test_suite}`"
    );
}

#[test]
fn readme_lists_every_rule() {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md"))
        .expect("README.md");
    let missing: Vec<&str> = alloy_lint::rules::all()
        .map(|r| r.code.as_str())
        .filter(|code| !readme.contains(&format!("| `{code}` |")))
        .collect();
    assert!(missing.is_empty(), "README rules table lacks {missing:?}");
}

/// The `- id: X` values of YAML text.
fn hook_ids(yaml: &str) -> Vec<String> {
    yaml.lines()
        .filter_map(|l| l.trim_start().strip_prefix("- id: "))
        .map(|id| id.trim().to_owned())
        .collect()
}

#[test]
fn readme_pre_commit_snippets_use_the_manifests_hooks() {
    let manifest = include_str!("../../.pre-commit-hooks.yaml");
    let defined = hook_ids(manifest);
    assert_eq!(defined.len(), 4, "{defined:?}");
    let mut used = Vec::new();
    for (info, yaml) in readme_code_blocks("## pre-commit") {
        assert_eq!(info, "yaml");
        assert!(yaml.starts_with("repos:\n"), "{yaml}");
        assert!(yaml.contains("\n    rev: v"), "{yaml}");
        assert!(!yaml.contains('\t'), "a tab in YAML:\n{yaml}");
        used.extend(hook_ids(&yaml));
    }
    for id in &used {
        assert!(defined.contains(id), "README uses undefined hook {id}");
    }
    for id in &defined {
        assert!(used.contains(id), "README never shows hook {id}");
    }
}

/// Every `alloy-lint ...` command line in the code blocks of the pre-commit,
/// CI, completions and dashboards sections (alone on its line or as a
/// workflow `run:`) is one alloy-lint parses.
#[test]
fn readme_command_lines_parse() {
    let mut parsed = 0;
    for heading in [
        "## pre-commit",
        "## CI",
        "## Shell completions",
        "## Dashboards",
    ] {
        for (_, code) in readme_code_blocks(heading) {
            for line in code.lines() {
                let line = line.trim_start();
                let line = line
                    .strip_prefix("- run: ")
                    .or_else(|| line.strip_prefix("run: "))
                    .unwrap_or(line);
                if !line.starts_with("alloy-lint ") {
                    continue;
                }
                // The command ends where a redirection, pipe or comment
                // starts.
                let end = [" > ", " | ", " #"]
                    .iter()
                    .filter_map(|s| line.find(s))
                    .min()
                    .unwrap_or(line.len());
                let argv: Vec<&str> = line[..end].split_whitespace().collect();
                if let Err(e) = Cli::try_parse_from(&argv) {
                    panic!("README: `{}` does not parse:\n{e}", &line[..end]);
                }
                parsed += 1;
            }
        }
    }
    // fmt --check, check --format github and sarif, three completions.
    assert!(parsed >= 6, "only {parsed} command lines found");
}

#[test]
fn readme_workflow_uploads_sarif_as_code_scanning_needs() {
    let blocks = readme_code_blocks("## CI");
    let workflow = &blocks
        .iter()
        .find(|(info, code)| info == "yaml" && code.contains("\njobs:\n"))
        .expect("a workflow")
        .1;
    assert!(!workflow.contains('\t'), "a tab in YAML");
    for needed in [
        "uses: actions/checkout@v4",
        "uses: dtolnay/rust-toolchain@stable",
        "run: cargo install --locked --git ",
        "run: alloy-lint fmt --check .",
        "run: alloy-lint check --format github .",
        "run: alloy-lint check --format sarif . > alloy-lint.sarif",
        "permissions:\n      contents: read\n      security-events: write\n",
        "- uses: github/codeql-action/upload-sarif@v3\n        if: always()\n        with:\n          sarif_file: alloy-lint.sarif\n",
    ] {
        assert!(workflow.contains(needed), "no `{needed}` in:\n{workflow}");
    }
}
