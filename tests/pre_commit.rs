//! The hooks of `.pre-commit-hooks.yaml`, run by the real `pre-commit` in a
//! scratch git repository whose `.pre-commit-config.yaml` points at a git
//! repository holding this project's hook manifest, as a user's would.
//!
//! The `-system` hooks run the binary under test (its directory is put
//! first on PATH); the `language: rust` hooks would `cargo install` this
//! crate into pre-commit's cache, minutes per test, so they are covered by
//! `pre-commit validate-manifest` and by sharing their entry with the
//! system hooks.
//!
//! The test has a Python of its own: a virtual environment under cargo's
//! target directory (`CARGO_TARGET_TMPDIR`) with a pinned pre-commit,
//! installed once from PyPI (about ten seconds the first time, nothing
//! after). Everything but the pre-commit under test runs on it (the
//! workflow's YAML is read with its PyYAML). The pre-commit under test is
//! the one on PATH when it is recent enough, run as it is, since it may be
//! a shell script (a pyenv shim, a pipx or distribution wrapper) whose
//! `#!` line names no Python; otherwise the environment's.

mod support;

use std::ffi::OsStr;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use support::BIN;

/// The pre-commit installed when none is on PATH: pinned, so the tests do
/// not change under us.
const PRE_COMMIT_VERSION: &str = "4.7.0";
/// `language: rust`, which the manifest uses, came with pre-commit 2.21.
const OLDEST_USABLE: (u32, u32) = (2, 21);

const MANIFEST: &str = include_str!("../.pre-commit-hooks.yaml");

const FORMATTED: &str = "\
prometheus.scrape \"app\" {
\ttargets    = [{\"__address__\" = \"localhost:8787\"}]
\tforward_to = [prometheus.remote_write.mimir.receiver]
}

prometheus.remote_write \"mimir\" {
\tendpoint {
\t\turl = \"http://mimir:9009/api/v1/push\"
\t}
}
";

/// `FORMATTED`, as someone in a hurry typed it.
const MISFORMATTED: &str = "\
prometheus.scrape \"app\" {
  targets = [{\"__address__\" = \"localhost:8787\"}]
    forward_to = [prometheus.remote_write.mimir.receiver]
}
prometheus.remote_write \"mimir\" {
  endpoint { url = \"http://mimir:9009/api/v1/push\" }
}
";

/// Formatted, but with an unknown component and a missing required
/// argument.
const INVALID: &str = "\
prometheus.scrap \"app\" {
\ttargets = []
}

prometheus.scrape \"orphan\" {
\ttargets = []
}
";

/// A Python this test controls: the interpreter of its own virtual
/// environment under cargo's target directory, with pre-commit (and so
/// PyYAML) installed; or, for a python3 without venv, python3 with the
/// packages installed next to it (`pip --target`, found through
/// PYTHONPATH).
#[derive(Debug, Clone)]
struct Python {
    program: PathBuf,
    python_path: Option<PathBuf>,
}

impl Python {
    fn command(&self) -> Command {
        let mut command = Command::new(&self.program);
        if let Some(path) = &self.python_path {
            command.env("PYTHONPATH", path);
        }
        command
    }
}

/// The pre-commit under test: a program found on PATH, run as it is
/// (whatever it is: pip's console script, a pyenv shim, a pipx or
/// distribution wrapper script), or the one in this test's own Python.
#[derive(Debug, Clone)]
enum PreCommit {
    Program(PathBuf),
    Module(Python),
}

impl PreCommit {
    fn command(&self) -> Command {
        match self {
            PreCommit::Program(path) => Command::new(path),
            PreCommit::Module(python) => {
                let mut command = python.command();
                command.args(["-m", "pre_commit"]);
                command
            }
        }
    }

    /// What a process running pre-commit (or the git hook it installs)
    /// needs in its environment: PYTHONPATH for a `pip --target`
    /// installation.
    fn python_path(&self) -> Option<&Path> {
        match self {
            PreCommit::Module(python) => python.python_path.as_deref(),
            PreCommit::Program(_) => None,
        }
    }
}

/// pre-commit, found or installed once per test process.
fn pre_commit() -> &'static PreCommit {
    static TOOL: OnceLock<Result<PreCommit, String>> = OnceLock::new();
    let path = std::env::var_os("PATH").unwrap_or_default();
    match TOOL.get_or_init(|| find_pre_commit(&path, python)) {
        Ok(tool) => tool,
        Err(why) => panic!(
            "tests/pre_commit.rs needs pre-commit {}.{} or later, and none could be had:\n{why}\n\
             Put one on PATH (`pipx install pre-commit`, `pip install pre-commit`) or make \
             python3 with venv and pip, and PyPI, available.",
            OLDEST_USABLE.0, OLDEST_USABLE.1
        ),
    }
}

/// This test's own Python, installed once (about ten seconds the first
/// time, nothing after).
fn python() -> Result<&'static Python, String> {
    static PYTHON: OnceLock<Result<Python, String>> = OnceLock::new();
    PYTHON
        .get_or_init(|| {
            let home = Path::new(env!("CARGO_TARGET_TMPDIR"))
                .join(format!("pre-commit-{PRE_COMMIT_VERSION}"));
            match installed(&home) {
                Some(python) => Ok(python),
                None => {
                    install(&home).map_err(|e| format!("installing into {}: {e}", home.display()))
                }
            }
        })
        .as_ref()
        .map_err(Clone::clone)
}

/// The first `pre-commit` on `path` if it runs and is recent enough (it is
/// run, never read: a wrapper script says nothing about the Python behind
/// it); otherwise the one in `python()`.
fn find_pre_commit(
    path: &OsStr,
    python: impl FnOnce() -> Result<&'static Python, String>,
) -> Result<PreCommit, String> {
    let mut notes = Vec::new();
    match std::env::split_paths(path)
        .map(|dir| dir.join("pre-commit"))
        .find(|p| p.is_file())
    {
        Some(program) => {
            let tool = PreCommit::Program(program.clone());
            match usable_version(&tool) {
                Ok(()) => return Ok(tool),
                Err(e) => notes.push(format!("{}: {e}", program.display())),
            }
        }
        None => notes.push("no pre-commit on PATH".to_owned()),
    }
    let tool = python().map(|python| PreCommit::Module(python.clone()));
    match tool {
        Ok(tool) => usable_version(&tool).map(|()| tool),
        Err(e) => Err(e),
    }
    .map_err(|e| {
        notes.push(e);
        notes.join("\n")
    })
}

/// Whether `tool --version` runs and says `pre-commit X.Y...` with X.Y
/// recent enough.
fn usable_version(tool: &PreCommit) -> Result<(), String> {
    let out = tool
        .command()
        .arg("--version")
        .output()
        .map_err(|e| format!("cannot run: {e}"))?;
    let text = String::from_utf8_lossy(&out.stdout);
    if !out.status.success() {
        return Err(format!(
            "`--version` failed: {}",
            String::from_utf8_lossy(&out.stderr).trim()
        ));
    }
    let version = text.trim().strip_prefix("pre-commit ").unwrap_or("");
    let mut parts = version.split('.').map(|p| p.parse::<u32>().unwrap_or(0));
    let found = (parts.next().unwrap_or(0), parts.next().unwrap_or(0));
    if found >= OLDEST_USABLE {
        Ok(())
    } else {
        Err(format!("`--version` says {:?}: too old", text.trim()))
    }
}

/// The installation in `home`, if a finished one is there: a virtual
/// environment (`bin/python`), or packages installed with `pip --target`
/// (`site/`) for a python3 without venv.
fn installed(home: &Path) -> Option<Python> {
    let venv_python = home.join("bin").join("python");
    let python = if venv_python.exists() {
        Python {
            program: venv_python,
            python_path: None,
        }
    } else if home.join("site").is_dir() {
        Python {
            program: "python3".into(),
            python_path: Some(home.join("site")),
        }
    } else {
        return None;
    };
    let tool = PreCommit::Module(python);
    usable_version(&tool).ok()?;
    match tool {
        PreCommit::Module(python) => Some(python),
        PreCommit::Program(_) => unreachable!(),
    }
}

/// Installs pre-commit into a fresh directory next to `home`, then renames
/// it to `home`: concurrent test processes each install their own, the
/// first rename wins and the others use the winner's. (A renamed virtual
/// environment works when run as `bin/python -m pre_commit`; only pip's
/// console scripts carry the old path.)
fn install(home: &Path) -> Result<Python, String> {
    let parent = home.parent().expect("a directory under the target dir");
    fs::create_dir_all(parent).map_err(|e| e.to_string())?;
    let staging = parent.join(format!(
        ".{}.partial-{}",
        home.file_name().unwrap().to_string_lossy(),
        std::process::id()
    ));
    let _ = fs::remove_dir_all(&staging);
    let result = install_into(&staging);
    if let Err(e) = result {
        let _ = fs::remove_dir_all(&staging);
        return Err(e);
    }
    if fs::rename(&staging, home).is_err() {
        // Another process finished first.
        let _ = fs::remove_dir_all(&staging);
    }
    installed(home).ok_or_else(|| format!("{} is not a usable installation", home.display()))
}

/// Creates the virtual environment with the python3 on PATH (only to
/// create it: everything after runs the environment's own interpreter).
fn install_into(dir: &Path) -> Result<(), String> {
    let requirement = format!("pre-commit=={PRE_COMMIT_VERSION}");
    let pip_flags = ["--quiet", "--disable-pip-version-check", "--no-input"];
    let venv = run_setup(Command::new("python3").arg("-m").arg("venv").arg(dir));
    match venv {
        Ok(()) => run_setup(
            Command::new(dir.join("bin").join("python"))
                .args(["-m", "pip", "install"])
                .args(pip_flags)
                .arg(&requirement),
        ),
        // A python3 without venv (Debian's without python3-venv) may still
        // have pip: install next to it instead.
        Err(venv_error) => {
            let _ = fs::remove_dir_all(dir);
            run_setup(
                Command::new("python3")
                    .args(["-m", "pip", "install"])
                    .args(pip_flags)
                    .arg("--target")
                    .arg(dir.join("site"))
                    .arg(&requirement),
            )
            .map_err(|pip_error| {
                format!("`python3 -m venv` failed: {venv_error}\n`pip install --target` failed: {pip_error}")
            })
        }
    }
}

fn run_setup(command: &mut Command) -> Result<(), String> {
    let shown = format!("{command:?}");
    let out = command
        .output()
        .map_err(|e| format!("{shown}: cannot run: {e}"))?;
    if out.status.success() {
        Ok(())
    } else {
        Err(format!(
            "{shown}: {}\n{}{}",
            out.status,
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ))
    }
}

/// A scratch repository using the hooks, with pre-commit's cache of its
/// own.
struct Repo {
    root: tempfile::TempDir,
}

impl Repo {
    /// A git repository holding this project's hook manifest (as the hooks'
    /// `repo`), and a work repository whose `.pre-commit-config.yaml` uses
    /// `hooks` (YAML list items, indented by six spaces) from it.
    fn new(hooks: &str) -> Self {
        let root = tempfile::tempdir().unwrap();
        let repo = Repo { root };
        let hooks_repo = repo.root.path().join("hooks");
        fs::create_dir_all(&hooks_repo).unwrap();
        fs::write(hooks_repo.join(".pre-commit-hooks.yaml"), MANIFEST).unwrap();
        repo.git(&hooks_repo, &["init", "-q"]);
        repo.git(&hooks_repo, &["add", "."]);
        repo.git(&hooks_repo, &["commit", "-q", "-m", "hooks"]);
        let rev = repo.git(&hooks_repo, &["rev-parse", "HEAD"]);

        fs::create_dir_all(repo.work()).unwrap();
        repo.git(&repo.work(), &["init", "-q"]);
        repo.write(
            ".pre-commit-config.yaml",
            &format!(
                "repos:\n  - repo: {}\n    rev: {}\n    hooks:\n{hooks}",
                hooks_repo.display(),
                rev.trim()
            ),
        );
        repo
    }

    /// The repository the hooks run in.
    fn work(&self) -> PathBuf {
        self.root.path().join("work")
    }

    fn path(&self, rel: &str) -> PathBuf {
        self.work().join(rel)
    }

    fn write(&self, rel: &str, text: &str) {
        let path = self.path(rel);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
    }

    fn read(&self, rel: &str) -> String {
        fs::read_to_string(self.path(rel)).unwrap()
    }

    /// A command isolated from the caller's git and pre-commit setup: the
    /// binary under test first on PATH, no global git configuration (a
    /// `core.hooksPath` or signing there would interfere), none of the
    /// variables git sets for a hook (this test may itself run in one), a
    /// pre-commit cache inside the scratch directory.
    fn command(&self, mut command: Command, cwd: &Path) -> Command {
        let bin_dir = Path::new(BIN).parent().unwrap();
        let mut path = vec![bin_dir.to_path_buf()];
        path.extend(std::env::split_paths(
            &std::env::var_os("PATH").unwrap_or_default(),
        ));
        command
            .current_dir(cwd)
            .env("PATH", std::env::join_paths(path).unwrap())
            .env("PRE_COMMIT_HOME", self.root.path().join("cache"))
            .env("GIT_CONFIG_GLOBAL", self.root.path().join("gitconfig"))
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("GIT_AUTHOR_NAME", "Test")
            .env("GIT_AUTHOR_EMAIL", "test@example.com")
            .env("GIT_COMMITTER_NAME", "Test")
            .env("GIT_COMMITTER_EMAIL", "test@example.com")
            .env("NO_COLOR", "1");
        for var in ["GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_PREFIX"] {
            command.env_remove(var);
        }
        // The git hook `pre-commit install` writes runs pre-commit too.
        if let Some(path) = pre_commit().python_path() {
            command.env("PYTHONPATH", path);
        }
        command
    }

    /// Runs git in `dir`; it must succeed. Returns its standard output.
    fn git(&self, dir: &Path, args: &[&str]) -> String {
        let out = self
            .command(Command::new("git"), dir)
            .args(args)
            .output()
            .expect("git runs");
        assert!(
            out.status.success(),
            "git {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    }

    /// `git add -A` in the work repository.
    fn stage(&self) {
        self.git(&self.work(), &["add", "-A"]);
    }

    /// `pre-commit ARGS` in the work repository: exit code and everything
    /// it printed.
    fn pre_commit(&self, args: &[&str]) -> (i32, String) {
        let out = self
            .command(pre_commit().command(), &self.work())
            .args(args)
            .output()
            .expect("pre-commit runs");
        let text = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        (out.status.code().unwrap_or(-1), text)
    }

    /// `pre-commit run` on `files` (staged first).
    fn run_hooks(&self, files: &[&str]) -> (i32, String) {
        self.stage();
        let mut args = vec!["run", "--color", "never", "--files"];
        args.extend_from_slice(files);
        self.pre_commit(&args)
    }
}

/// The two system hooks, as a user with alloy-lint installed writes them.
const SYSTEM_HOOKS: &str =
    "      - id: alloy-lint-fmt-system\n      - id: alloy-lint-check-system\n";

/// The line pre-commit prints for a hook, e.g. `alloy-lint fmt....Passed`.
fn hook_result(output: &str, name: &str) -> String {
    output
        .lines()
        .find(|l| l.starts_with(&format!("{name}.")))
        .unwrap_or_else(|| panic!("no result line for {name}:\n{output}"))
        .rsplit('.')
        .next()
        .unwrap()
        .to_owned()
}

#[test]
fn manifest_is_valid_and_defines_every_hook() {
    let out = pre_commit()
        .command()
        .args(["validate-manifest", ".pre-commit-hooks.yaml"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    // Each flavour of each hook, with the same command.
    for (id, language, entry) in [
        ("alloy-lint-fmt", "rust", "alloy-lint fmt --write"),
        ("alloy-lint-check", "rust", "alloy-lint check"),
        ("alloy-lint-fmt-system", "system", "alloy-lint fmt --write"),
        ("alloy-lint-check-system", "system", "alloy-lint check"),
    ] {
        let start = MANIFEST
            .find(&format!("- id: {id}\n"))
            .unwrap_or_else(|| panic!("no hook {id}"));
        let hook = MANIFEST[start + 2..].split("\n- ").next().unwrap();
        for line in [
            format!("entry: {entry}\n"),
            format!("language: {language}\n"),
            "files: \\.alloy$\n".to_owned(),
        ] {
            assert!(
                hook.contains(&line),
                "{id} lacks `{}`:\n{hook}",
                line.trim()
            );
        }
    }
}

#[test]
fn clean_config_passes() {
    let repo = Repo::new(SYSTEM_HOOKS);
    repo.write("alloy-config.alloy", FORMATTED);
    let (code, out) = repo.run_hooks(&["alloy-config.alloy"]);
    assert_eq!(code, 0, "{out}");
    assert_eq!(hook_result(&out, "alloy-lint fmt"), "Passed", "{out}");
    assert_eq!(hook_result(&out, "alloy-lint check"), "Passed", "{out}");
    assert_eq!(repo.read("alloy-config.alloy"), FORMATTED);
}

#[test]
fn misformatted_config_fails_and_is_rewritten() {
    let repo = Repo::new(SYSTEM_HOOKS);
    repo.write("alloy-config.alloy", MISFORMATTED);
    let (code, out) = repo.run_hooks(&["alloy-config.alloy"]);
    assert_eq!(code, 1, "{out}");
    assert_eq!(hook_result(&out, "alloy-lint fmt"), "Failed", "{out}");
    assert!(out.contains("files were modified by this hook"), "{out}");
    // The configuration itself is fine.
    assert_eq!(hook_result(&out, "alloy-lint check"), "Passed", "{out}");
    assert_eq!(repo.read("alloy-config.alloy"), FORMATTED);

    // Once the rewrite is staged, the hooks pass.
    let (code, out) = repo.run_hooks(&["alloy-config.alloy"]);
    assert_eq!(code, 0, "{out}");
}

#[test]
fn invalid_config_fails_with_the_diagnostics() {
    let repo = Repo::new(SYSTEM_HOOKS);
    repo.write("alloy-config.alloy", INVALID);
    let (code, out) = repo.run_hooks(&["alloy-config.alloy"]);
    assert_eq!(code, 1, "{out}");
    assert_eq!(hook_result(&out, "alloy-lint fmt"), "Passed", "{out}");
    assert_eq!(hook_result(&out, "alloy-lint check"), "Failed", "{out}");
    for expected in [
        "unknown-component",
        "cannot find the definition of component name \"prometheus.scrap\"",
        "did you mean `prometheus.scrape`?",
        "missing-attribute",
        "missing required attribute \"forward_to\"",
        "alloy-config.alloy:1:1",
    ] {
        assert!(out.contains(expected), "no `{expected}` in:\n{out}");
    }
    // The diagnostics come before the summary, though they are printed on
    // two streams that pre-commit reads as one.
    let summary = out.find("Found 2 errors").expect("a summary");
    assert!(out.find("unknown-component").unwrap() < summary, "{out}");
    assert_eq!(repo.read("alloy-config.alloy"), INVALID);
}

#[test]
fn unparsable_config_fails_both_hooks_and_is_not_rewritten() {
    let repo = Repo::new(SYSTEM_HOOKS);
    let broken = "logging {\n  level = \"info\"\n";
    repo.write("alloy-config.alloy", broken);
    let (code, out) = repo.run_hooks(&["alloy-config.alloy"]);
    assert_eq!(code, 1, "{out}");
    assert_eq!(hook_result(&out, "alloy-lint fmt"), "Failed", "{out}");
    assert_eq!(hook_result(&out, "alloy-lint check"), "Failed", "{out}");
    assert!(!out.contains("files were modified by this hook"), "{out}");
    assert!(out.contains("alloy-config.alloy:3:1"), "{out}");
    assert_eq!(repo.read("alloy-config.alloy"), broken);
}

#[test]
fn commit_is_blocked_until_the_config_is_formatted() {
    let repo = Repo::new(SYSTEM_HOOKS);
    let (code, out) = repo.pre_commit(&["install"]);
    assert_eq!(code, 0, "{out}");
    repo.write("alloy-config.alloy", MISFORMATTED);
    repo.stage();
    // Whether the commit went through, and what it printed (git sends a
    // hook's output to standard error).
    let commit = |repo: &Repo| {
        let out = repo
            .command(Command::new("git"), &repo.work())
            .args(["commit", "-q", "-m", "config"])
            .output()
            .unwrap();
        let text = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        (out.status.success(), text)
    };
    let (committed, out) = commit(&repo);
    assert!(!committed, "the commit went through:\n{out}");
    assert!(out.contains("files were modified by this hook"), "{out}");
    assert_eq!(repo.read("alloy-config.alloy"), FORMATTED);

    repo.stage();
    let (committed, out) = commit(&repo);
    assert!(committed, "{out}");
    assert_eq!(
        repo.git(&repo.work(), &["show", "HEAD:alloy-config.alloy"]),
        FORMATTED
    );
}

/// The README's setup for a directory whose files form one configuration:
/// checked file by file, a reference to a component in the other file is
/// undefined; checked as the directory, it is not.
#[test]
fn directory_checked_as_one_configuration() {
    let (main, outputs) =
        FORMATTED.split_at(FORMATTED.find("prometheus.remote_write \"mimir\"").unwrap());
    let per_file = Repo::new("      - id: alloy-lint-check-system\n");
    let as_directory = Repo::new(
        "      - id: alloy-lint-check-system\n        \
         files: ^config/.*\\.alloy$\n        \
         pass_filenames: false\n        \
         args: [config]\n",
    );
    for repo in [&per_file, &as_directory] {
        repo.write("config/main.alloy", main);
        repo.write("config/outputs.alloy", outputs);
    }

    let files = ["config/main.alloy", "config/outputs.alloy"];
    let (code, out) = per_file.run_hooks(&files);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("undefined-reference"), "{out}");

    let (code, out) = as_directory.run_hooks(&files);
    assert_eq!(code, 0, "{out}");
    assert_eq!(hook_result(&out, "alloy-lint check"), "Passed", "{out}");
}

/// The README's `.pre-commit-config.yaml` snippets are valid pre-commit
/// configurations, and its workflow is YAML of the shape GitHub reads.
#[test]
fn readme_snippets_are_valid() {
    let dir = tempfile::tempdir().unwrap();
    let mut configs = 0;
    for (i, (_, yaml)) in support::readme_code_blocks("## pre-commit")
        .into_iter()
        .enumerate()
    {
        let file = dir.path().join(format!("config-{i}.yaml"));
        fs::write(&file, &yaml).unwrap();
        let out = pre_commit()
            .command()
            .arg("validate-config")
            .arg(&file)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{yaml}{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        configs += 1;
    }
    assert_eq!(configs, 3);

    let workflow = support::readme_code_blocks("## CI")
        .into_iter()
        .find(|(_, code)| code.contains("\njobs:\n"))
        .expect("a workflow in the CI section")
        .1;
    let mut child = python()
        .expect("this test's own Python")
        .command()
        .args([
            "-c",
            "import json, sys, yaml; print(json.dumps(yaml.safe_load(sys.stdin)))",
        ])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("pre-commit's Python runs");
    use std::io::Write as _;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(workflow.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "the workflow is not YAML: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let parsed: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let runs = |job: &str| -> Vec<String> {
        parsed["jobs"][job]["steps"]
            .as_array()
            .unwrap_or_else(|| panic!("job {job} has no steps"))
            .iter()
            .filter_map(|step| step["run"].as_str().map(str::to_owned))
            .collect()
    };
    assert!(runs("lint").contains(&"alloy-lint check --format github .".to_owned()));
    let scanning = &parsed["jobs"]["code-scanning"];
    assert_eq!(scanning["permissions"]["security-events"], "write");
    let upload = scanning["steps"]
        .as_array()
        .unwrap()
        .iter()
        .find(|step| {
            step["uses"]
                .as_str()
                .is_some_and(|u| u.starts_with("github/codeql-action/upload-sarif@"))
        })
        .expect("an upload-sarif step");
    assert_eq!(upload["if"], "always()");
    assert_eq!(upload["with"]["sarif_file"], "alloy-lint.sarif");
    assert!(runs("code-scanning")
        .iter()
        .any(|r| r.ends_with("> alloy-lint.sarif")));
}

/// A pre-commit on PATH that is a shell script exec'ing the real one (as
/// pyenv's shims and pipx or distribution wrappers do) is run as it is.
#[cfg(unix)]
#[test]
fn a_wrapper_script_on_path_is_run_as_it_is() {
    use std::os::unix::fs::PermissionsExt as _;
    let real = python().expect("this test's own Python");
    let dir = tempfile::tempdir().unwrap();
    let wrapper = dir.path().join("pre-commit");
    let python_path = real
        .python_path
        .as_ref()
        .map(|p| format!("PYTHONPATH='{}' ", p.display()))
        .unwrap_or_default();
    fs::write(
        &wrapper,
        format!(
            "#!/bin/sh\n# A wrapper: its `#!` line names no Python.\n{python_path}exec '{}' -m pre_commit \"$@\"\n",
            real.program.display()
        ),
    )
    .unwrap();
    fs::set_permissions(&wrapper, fs::Permissions::from_mode(0o755)).unwrap();
    let found = find_pre_commit(dir.path().as_os_str(), || {
        panic!("the wrapper on PATH is enough")
    })
    .unwrap();
    assert!(
        matches!(&found, PreCommit::Program(p) if *p == wrapper),
        "{found:?}"
    );
    let out = found
        .command()
        .args(["validate-manifest", ".pre-commit-hooks.yaml"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
}

/// With no pre-commit on PATH, the test's own is used.
#[test]
fn without_pre_commit_on_path_the_tests_own_is_used() {
    let empty = tempfile::tempdir().unwrap();
    let found = find_pre_commit(empty.path().as_os_str(), python).unwrap();
    assert!(matches!(found, PreCommit::Module(_)), "{found:?}");
}
