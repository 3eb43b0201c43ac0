//! `alloy-lint completions SHELL`: a completion script for SHELL, generated
//! by `clap_complete` from the same clap definition that parses the command
//! line, so it always knows every subcommand, flag and value.

use clap::{Args, CommandFactory, ValueEnum};
use clap_complete::Shell as Generator;

use super::{Cli, ExitStatus, Streams};

const EXAMPLES: &str = "\
Examples:
  alloy-lint completions bash > ~/.local/share/bash-completion/completions/alloy-lint
  alloy-lint completions zsh > ~/.zfunc/_alloy-lint     (with fpath+=(~/.zfunc) before compinit)
  alloy-lint completions fish > ~/.config/fish/completions/alloy-lint.fish
  alloy-lint completions powershell | Out-String | Invoke-Expression   (in $PROFILE)
  eval (alloy-lint completions elvish | slurp)          (in ~/.config/elvish/rc.elv)";

/// Arguments of `alloy-lint completions`.
#[derive(Debug, Clone, Args)]
#[command(after_long_help = EXAMPLES)]
pub struct CompletionsArgs {
    /// The shell to print a completion script for.
    #[arg(value_enum, value_name = "SHELL")]
    pub shell: Shell,
}

/// The shells `completions` supports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Shell {
    /// Bash (bash-completion).
    Bash,
    /// Zsh (compsys: a `_alloy-lint` file on `$fpath`).
    Zsh,
    /// Fish.
    Fish,
    /// PowerShell.
    #[value(name = "powershell")]
    PowerShell,
    /// Elvish.
    Elvish,
}

impl Shell {
    fn generator(self) -> Generator {
        match self {
            Shell::Bash => Generator::Bash,
            Shell::Zsh => Generator::Zsh,
            Shell::Fish => Generator::Fish,
            Shell::PowerShell => Generator::PowerShell,
            Shell::Elvish => Generator::Elvish,
        }
    }
}

/// The completion script for `shell`.
pub fn script(shell: Shell) -> String {
    let mut command = Cli::command();
    let name = command.get_name().to_owned();
    let mut out = Vec::new();
    clap_complete::generate(shell.generator(), &mut command, &name, &mut out);
    // clap_complete writes only strings built from the (UTF-8) definition.
    let script = String::from_utf8_lossy(&out).into_owned();
    match shell {
        Shell::Bash => fix_bash_states(&script, &name),
        _ => script,
    }
}

/// Works around clap_complete's bash generator (4.6, clap-rs/clap#6421)
/// for a program name with a hyphen: the loop that reads the command line
/// names the state after `alloy-lint check` `alloy__lint__subcmd__check`,
/// but the `case` arms are labelled `alloy__subcmd__lint__subcmd__check`,
/// so no subcommand's flags or values ever complete. The arms are renamed
/// to the loop's spelling; once clap_complete is fixed this replaces
/// nothing (the tests complete real command lines either way).
fn fix_bash_states(script: &str, name: &str) -> String {
    let broken = format!("{}__", name.replace('-', "__subcmd__"));
    let fixed = format!("{}__", name.replace('-', "__"));
    if broken == fixed {
        return script.to_owned();
    }
    script
        .lines()
        .map(|line| match line.trim_start().strip_prefix(&broken) {
            Some(rest) if line.ends_with(')') => {
                let indent = &line[..line.len() - line.trim_start().len()];
                format!("{indent}{fixed}{rest}\n")
            }
            _ => format!("{line}\n"),
        })
        .collect()
}

/// Prints the completion script for `args.shell`.
pub fn run(args: &CompletionsArgs, streams: &mut Streams<'_>) -> ExitStatus {
    match streams.stdout.write_all(script(args.shell).as_bytes()) {
        Ok(()) => ExitStatus::Success,
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitStatus::Success,
        Err(e) => {
            let _ = writeln!(
                streams.stderr,
                "error: cannot write to standard output: {e}"
            );
            ExitStatus::Failure
        }
    }
}

#[cfg(test)]
mod tests {
    use std::process::Command as Process;

    use super::*;

    /// `(subcommand, long flag)` for every flag of every subcommand (`""`
    /// for the top level), clap's `--help`/`--version` included.
    fn long_flags() -> Vec<(String, String)> {
        let mut command = Cli::command();
        command.build();
        let mut flags: Vec<(String, String)> = command
            .get_arguments()
            .filter_map(|a| a.get_long())
            .map(|l| (String::new(), l.to_owned()))
            .collect();
        for sub in command.get_subcommands().filter(|s| s.get_name() != "help") {
            flags.extend(
                sub.get_arguments()
                    .filter_map(|a| a.get_long())
                    .map(|l| (sub.get_name().to_owned(), l.to_owned())),
            );
        }
        flags
    }

    #[test]
    fn every_script_names_every_subcommand_and_flag() {
        let flags = long_flags();
        assert!(flags
            .iter()
            .any(|(s, f)| (s.as_str(), f.as_str()) == ("fmt", "write")));
        assert!(flags
            .iter()
            .any(|(s, f)| (s.as_str(), f.as_str()) == ("check", "deny-warnings")));
        for shell in Shell::value_variants() {
            let script = script(*shell);
            for sub in Cli::command().get_subcommands() {
                assert!(
                    script.contains(sub.get_name()),
                    "{shell:?}: no subcommand {}",
                    sub.get_name()
                );
            }
            for (sub, flag) in &flags {
                // Fish spells `--write` as `-l write`.
                let spelled = match shell {
                    Shell::Fish => format!("-l {flag}"),
                    _ => format!("--{flag}"),
                };
                assert!(script.contains(&spelled), "{shell:?}: no {spelled} ({sub})");
            }
            // Values of enumerated options are completed too (PowerShell's
            // and Elvish's scripts complete names only).
            if matches!(shell, Shell::PowerShell | Shell::Elvish) {
                continue;
            }
            for value in ["sarif", "github", "generally-available", "powershell"] {
                assert!(script.contains(value), "{shell:?}: no value {value}");
            }
        }
    }

    /// What bash offers for a command line whose last word is being
    /// completed, through the script's own `complete -F` function.
    fn bash_complete(words: &[&str]) -> Vec<String> {
        const DRIVER: &str = r#"
source /dev/stdin
spec=$(complete -p alloy-lint) || exit 3
fn=${spec#*-F }; fn=${fn%% *}
COMP_WORDS=("$@")
COMP_CWORD=$(( $# - 1 ))
COMP_LINE="$*"; COMP_POINT=${#COMP_LINE}
prev=""; (( COMP_CWORD > 0 )) && prev=${COMP_WORDS[COMP_CWORD-1]}
"$fn" alloy-lint "${COMP_WORDS[COMP_CWORD]}" "$prev"
printf '%s\n' "${COMPREPLY[@]}"
"#;
        let mut child = Process::new("bash")
            .args(["--norc", "--noprofile", "-c", DRIVER, "bash"])
            .args(words)
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("bash runs (CI runs .ci/run with it)");
        use std::io::Write as _;
        child
            .stdin
            .take()
            .unwrap()
            .write_all(script(Shell::Bash).as_bytes())
            .unwrap();
        let out = child.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "{words:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout)
            .unwrap()
            .lines()
            .filter(|l| !l.is_empty())
            .map(str::to_owned)
            .collect()
    }

    #[test]
    fn bash_completes_subcommands_flags_and_values() {
        assert_eq!(bash_complete(&["alloy-lint", "fm"]), ["fmt"]);
        assert_eq!(bash_complete(&["alloy-lint", "--col"]), ["--color"]);
        // Past the subcommand (clap-rs/clap#6421 broke these).
        assert_eq!(bash_complete(&["alloy-lint", "fmt", "--wr"]), ["--write"]);
        assert_eq!(
            bash_complete(&["alloy-lint", "check", "--format", ""]),
            ["human", "short", "json", "sarif", "github"]
        );
        // A positional value: the shells, after the flags.
        let offered = bash_complete(&["alloy-lint", "completions", ""]);
        assert!(
            offered.ends_with(&["bash", "zsh", "fish", "powershell", "elvish"].map(String::from)),
            "{offered:?}"
        );
    }

    #[test]
    fn bash_fix_renames_only_case_labels() {
        let broken = "    case \"${cmd},${i}\" in\n        alloy__subcmd__lint__subcmd__fmt)\n            opts=\"alloy__subcmd__lint__x\"\n";
        assert_eq!(
            fix_bash_states(broken, "alloy-lint"),
            "    case \"${cmd},${i}\" in\n        alloy__lint__subcmd__fmt)\n            opts=\"alloy__subcmd__lint__x\"\n"
        );
        assert_eq!(fix_bash_states("x)\n", "tool"), "x)\n");
    }

    /// Shells that can check a script's syntax without running it, when
    /// installed (bash always is where the tests run).
    #[test]
    fn scripts_parse_in_their_shells() {
        let mut checked = 0;
        for (shell, program, args) in [
            (Shell::Bash, "bash", &["-n"][..]),
            (Shell::Zsh, "zsh", &["-n"][..]),
            (Shell::Fish, "fish", &["--no-execute"][..]),
        ] {
            let path = std::env::temp_dir().join(format!(
                "alloy-lint-completions-{}-{program}",
                std::process::id()
            ));
            std::fs::write(&path, script(shell)).unwrap();
            let out = Process::new(program).args(args).arg(&path).output();
            let _ = std::fs::remove_file(&path);
            let Ok(out) = out else {
                assert_ne!(program, "bash", "bash is not installed");
                continue;
            };
            assert!(
                out.status.success(),
                "{program}: {}",
                String::from_utf8_lossy(&out.stderr)
            );
            checked += 1;
        }
        assert!(checked >= 1);
    }
}
