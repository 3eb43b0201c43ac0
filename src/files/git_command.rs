//! The one way alloy-lint runs `git`: a [`Command`] with every setting
//! through which a repository (its `.git/config`, or a config file that one
//! includes) could make git start another program or reach the network
//! overridden on git's own command line.
//!
//! alloy-lint checks repositories it does not trust: a pull request from a
//! stranger, checked in CI. Such a repository sets its own config, so
//! whatever git runs on the config's say is the attacker's choice.
//! Configuration given with `-c` is read after every config file (git's
//! `Documentation/git.adoc`, `-c`; `config.c:git_config_from_parameters`
//! reads it last), so the values below win over the repository's.
//!
//! The commands alloy-lint runs are read-only plumbing: `ls-files`,
//! `check-ignore` (`git_status.rs`), `cat-file`, `ls-tree` and `rev-parse`
//! (`git_revision.rs`). What they can be made to run, and why each override
//! is here (file:line in git/git at 1a3e64c6c4):
//!
//! - `core.fsmonitor`: a command git runs whenever it reads the index
//!   (`read-cache.c:1967` `tweak_fsmonitor`, the command from
//!   `fsmonitor-settings.c:119-143`). `ls-files`, `check-ignore` and
//!   `cat-file :PATH` all read the index: this is the hole the override
//!   closes (see the tests).
//! - `core.hooksPath`: hooks, e.g. `post-index-change` when the index is
//!   written (`read-cache.c:3166`). These commands write no index (and
//!   `GIT_OPTIONAL_LOCKS=0` keeps them from refreshing it); pointed at
//!   `/dev/null` in case a future git does.
//! - `core.pager` (and `pager.<command>`, `GIT_PAGER`): git pages only when
//!   its standard output is a terminal (`pager.c:97`), and ours is a pipe
//!   or `/dev/null`; `--no-pager` and `core.pager=cat` make that explicit.
//! - Network, reached only by a lazy fetch: in a partial clone, reading an
//!   object the clone lacks starts `git fetch` from the promisor remote
//!   (`promisor-remote.c:34`), and the repository names that remote's URL,
//!   so `ext::sh -c ...` runs a shell command (the tests do exactly that).
//!   `GIT_NO_LAZY_FETCH=1` (git 2.45+) stops the fetch; `GIT_ALLOW_PROTOCOL`
//!   set to an empty list forbids every transport and remote helper for
//!   older gits (`transport.c:1096`, checked before any
//!   `protocol.<name>.allow` the repository sets, `transport.c:1169`;
//!   remote helpers `transport-helper.c:1353`); `protocol.allow=never` and
//!   `GIT_PROTOCOL_FROM_USER=0` say the same in config terms. Should a
//!   transport still start, what it could run is reset too:
//!   `core.sshCommand` (`connect.c:1175`; `GIT_SSH_COMMAND` and `GIT_SSH`
//!   removed), `core.askPass` (`prompt.c:55`, empty means none;
//!   `GIT_ASKPASS`, `SSH_ASKPASS` removed), `credential.helper` (an empty
//!   value clears every helper configured before it, `credential.c:120`),
//!   `GIT_TERMINAL_PROMPT=0` (no prompt on the terminal either).
//! - `core.alternateRefsCommand` (`odb.c:377`, run for the refs of an
//!   alternate object store during fetch and receive-pack),
//!   `diff.external` (`diff.c:434`, diff porcelain only) and
//!   `uploadpack.packObjectsHook` (`upload-pack.c:1387`, only from
//!   protected config, which `-c` is): none is reached by these commands;
//!   set to the empty command (which names no program) so that no later
//!   change of command can reach the repository's value.
//!
//! Not overridable by name, and not reached: aliases (a builtin command
//! always wins over an alias of the same name, `git.c:838-866`, and these
//! are builtins), `filter.<driver>.*` and `diff.<driver>.textconv`
//! (`cat-file` applies them only with `--filters`/`--textconv`, the others
//! read no file contents), `core.editor`, `gpg.program`, `core.gitProxy`
//! (a `git://` transport, forbidden above). `trace2.*` is read only from
//! the system and global config, never the repository's.
//!
//! The environment is the user's, not the repository's, but variables that
//! name a program are removed all the same so that no setting above is
//! undone by one (`GIT_CONFIG_PARAMETERS` and `GIT_CONFIG_COUNT` would be
//! read before our `-c`; removed so nothing is read around them).

use std::process::Command;

/// `-c KEY=VALUE` pairs given to every git run; see the module
/// documentation for why each is there.
pub const CONFIG_OVERRIDES: &[(&str, &str)] = &[
    ("core.fsmonitor", "false"),
    ("core.hooksPath", "/dev/null"),
    ("core.pager", "cat"),
    ("protocol.allow", "never"),
    ("core.sshCommand", ""),
    ("core.askPass", ""),
    ("credential.helper", ""),
    ("core.alternateRefsCommand", ""),
    ("diff.external", ""),
    ("uploadpack.packObjectsHook", ""),
];

/// Environment variables set for every git run.
const ENVIRONMENT: &[(&str, &str)] = &[
    // A partial clone must not fetch a missing object (the fetch runs
    // whatever the repository's remote URL says).
    ("GIT_NO_LAZY_FETCH", "1"),
    // An empty list: no transport is allowed at all (for gits before
    // `GIT_NO_LAZY_FETCH`).
    ("GIT_ALLOW_PROTOCOL", ""),
    ("GIT_PROTOCOL_FROM_USER", "0"),
    ("GIT_TERMINAL_PROMPT", "0"),
    // A read-only question must not take the index lock (and so fail, or
    // make a concurrent `git commit` fail), nor write a refreshed index.
    ("GIT_OPTIONAL_LOCKS", "0"),
];

/// Environment variables removed for every git run: each names a program
/// git would start, or config read in place of ours.
const PROGRAM_VARIABLES: &[&str] = &[
    "GIT_SSH",
    "GIT_SSH_COMMAND",
    "GIT_SSH_VARIANT",
    "GIT_ASKPASS",
    "SSH_ASKPASS",
    "GIT_PROXY_COMMAND",
    "GIT_EXTERNAL_DIFF",
    "GIT_PAGER",
    "GIT_EDITOR",
    "GIT_SEQUENCE_EDITOR",
    // Enables an fsmonitor hook when `core.fsmonitor` is unset
    // (`fsmonitor-settings.c:129`); set to false anyway, but kept out.
    "GIT_TEST_FSMONITOR",
    "GIT_CONFIG_PARAMETERS",
    "GIT_CONFIG_COUNT",
];

/// Variables that point git at a repository, an index or a work tree
/// (what `git rev-parse --local-env-vars` lists, less the config ones
/// removed for every run anyway). Set when alloy-lint runs from a
/// git hook.
pub const REPOSITORY_VARIABLES: &[&str] = &[
    "GIT_DIR",
    "GIT_WORK_TREE",
    "GIT_COMMON_DIR",
    "GIT_INDEX_FILE",
    "GIT_OBJECT_DIRECTORY",
    "GIT_ALTERNATE_OBJECT_DIRECTORIES",
    "GIT_GRAFT_FILE",
    "GIT_NAMESPACE",
    "GIT_PREFIX",
    "GIT_SHALLOW_FILE",
    "GIT_IMPLICIT_WORK_TREE",
    "GIT_NO_REPLACE_OBJECTS",
    "GIT_REPLACE_REF_BASE",
    "GIT_CONFIG",
];

/// `git --no-pager -c ... ARGS`, hardened as the module documentation
/// says, ready for the caller's arguments, directory and standard streams.
/// The repository is found the way git finds it (the working directory or
/// `-C`, and `GIT_DIR` and the like if the user set them; see
/// [`REPOSITORY_VARIABLES`] to remove those).
pub fn git_command() -> Command {
    let mut command = Command::new("git");
    command.arg("--no-pager");
    for (key, value) in CONFIG_OVERRIDES {
        command.arg("-c").arg(format!("{key}={value}"));
    }
    for (variable, value) in ENVIRONMENT {
        command.env(variable, value);
    }
    for variable in PROGRAM_VARIABLES {
        command.env_remove(variable);
    }
    command
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::process::Stdio;

    fn git_available() -> bool {
        Command::new("git")
            .arg("--version")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success())
    }

    /// git accepts every override: a key it rejected (or a value it could
    /// not parse) would make every command fail, and alloy-lint fall back
    /// silently.
    #[test]
    fn git_accepts_every_override() {
        if !git_available() {
            eprintln!("skipped: `git --version` fails");
            return;
        }
        let dir = tempfile::tempdir().unwrap();
        let init = Command::new("git")
            .args(["init", "-q"])
            .arg(dir.path())
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            .status()
            .unwrap();
        assert!(init.success());
        for (key, value) in CONFIG_OVERRIDES {
            // Each key alone, so a failure names it; `config --get` reads
            // it back through git's own parser.
            let output = Command::new("git")
                .arg("-c")
                .arg(format!("{key}={value}"))
                .args(["config", "--get", key])
                .current_dir(dir.path())
                .output()
                .unwrap();
            assert!(
                output.status.success(),
                "{key}={value}: {}",
                String::from_utf8_lossy(&output.stderr)
            );
            assert_eq!(String::from_utf8_lossy(&output.stdout).trim_end(), *value);
        }
        // All together, for the commands alloy-lint runs.
        for args in [
            &["ls-files", "-z"][..],
            &["check-ignore", "-q", "--no-index", "--", "x"],
            &["rev-parse", "--show-toplevel"],
            &["cat-file", "-t", "4b825dc642cb6eb9a060e54bf8d69288fbee4904"],
        ] {
            let output = git_command()
                .args(args)
                .current_dir(dir.path())
                .env("GIT_CONFIG_NOSYSTEM", "1")
                .env("GIT_CONFIG_GLOBAL", "/dev/null")
                .output()
                .unwrap();
            // check-ignore exits 1 for a path no rule ignores; the empty
            // tree exists in every repository without being stored.
            let code = output.status.code();
            assert!(
                code == Some(0) || (args[0] == "check-ignore" && code == Some(1)),
                "git {}: {:?} {}",
                args.join(" "),
                code,
                String::from_utf8_lossy(&output.stderr)
            );
            assert!(
                output.stderr.is_empty(),
                "{}",
                String::from_utf8_lossy(&output.stderr)
            );
        }
    }
}
