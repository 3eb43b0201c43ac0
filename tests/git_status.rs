//! `files::git_status` on real repositories made with the `git` binary in
//! temporary directories, each case checked both through git and through
//! the fallback that reads the repository's files.
//!
//! The index reader (`files::git_index`) is compared with `git ls-files`,
//! and every test with a hostile repository checks that nothing the
//! repository configures (`core.fsmonitor` above all) is run.
//!
//! Tests that need git skip (with a note on stderr) when `git --version`
//! fails.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Once;

mod support;
use support::{git, git_available};

use alloy_lint::files::git_index::Index;
use alloy_lint::files::git_status::{describe, status, status_without_git, FileStatus};

/// Returns from the test (skipping it) when git cannot be run.
macro_rules! require_git {
    () => {
        if !git_available() {
            eprintln!("skipped: `git --version` fails");
            return;
        }
    };
}

/// Keeps the developer's own git configuration out of the tests: a global
/// `core.excludesFile` (read by git and by the fallback alike) could ignore
/// the files the tests expect not ignored.
///
/// The variables are set once, before any test of this binary does
/// anything else (every test calls this first), so no thread reads the
/// environment while it changes.
fn hermetic() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let empty = std::env::temp_dir().join("alloy-lint-git-status-no-config");
        std::env::set_var("GIT_CONFIG_GLOBAL", "/dev/null");
        std::env::set_var("GIT_CONFIG_NOSYSTEM", "1");
        std::env::set_var("XDG_CONFIG_HOME", &empty);
        std::env::set_var("HOME", &empty);
        for variable in ["GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE"] {
            std::env::remove_var(variable);
        }
    });
}

/// A temporary git repository.
struct Repo {
    dir: tempfile::TempDir,
}

impl Repo {
    /// A new repository with an identity and no commit signing, so that
    /// commits work on any machine.
    fn new() -> Repo {
        Repo::with_init_args(&[])
    }

    /// A new repository made with `git init ARGS`.
    fn with_init_args(args: &[&str]) -> Repo {
        hermetic();
        let repo = Repo {
            dir: tempfile::tempdir().unwrap(),
        };
        repo.git(&[&["init", "-q"], args].concat());
        repo.git(&["config", "user.name", "Test"]);
        repo.git(&["config", "user.email", "test@example.com"]);
        repo.git(&["config", "commit.gpgsign", "false"]);
        repo
    }

    /// The path of `rel` inside the repository.
    fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    /// Writes `content` to `rel`, creating directories.
    fn write(&self, rel: &str, content: &str) -> PathBuf {
        write(&self.path(rel), content)
    }

    /// Runs git in the repository, which must succeed.
    fn git(&self, args: &[&str]) {
        git(self.dir.path(), args);
    }

    /// Runs git in the repository, which must succeed: its output.
    fn git_output(&self, args: &[&str]) -> String {
        git(self.dir.path(), args)
    }

    /// Runs git in the repository with `input` on its standard input.
    fn git_input(&self, args: &[&str], input: &str) {
        // Through a file in the git directory, where no status looks.
        let file = self.write(".git/test-input", input);
        let status = Command::new("git")
            .arg("-C")
            .arg(self.dir.path())
            .args(args)
            .stdin(fs::File::open(file).unwrap())
            .status()
            .unwrap();
        assert!(status.success(), "git {}", args.join(" "));
    }

    /// Adds and commits `rels`.
    fn commit(&self, rels: &[&str]) {
        self.git(&[&["add", "--"], rels].concat());
        self.git(&["commit", "-q", "-m", "test"]);
    }
}

/// Writes `content` to `path`, creating directories.
fn write(path: &Path, content: &str) -> PathBuf {
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, content).unwrap();
    path.to_path_buf()
}

/// Whether this git makes SHA-256 repositories (`--object-format` needs
/// git 2.29).
fn sha256_supported() -> bool {
    hermetic();
    let probe = tempfile::tempdir().unwrap();
    Command::new("git")
        .args(["init", "-q", "--object-format=sha256"])
        .arg(probe.path())
        .output()
        .is_ok_and(|out| out.status.success())
}

/// Checks that git and the fallback both give `expected` for `path`.
#[track_caller]
fn assert_both(path: &Path, expected: FileStatus) {
    assert_eq!(status(path), expected, "with git: {}", path.display());
    assert_eq!(
        status_without_git(path),
        expected,
        "without git: {}",
        path.display()
    );
}

#[test]
fn an_ignored_file_is_ignored() {
    require_git!();
    let repo = Repo::new();
    repo.write(".gitignore", "grafana-token.txt\n");
    let token = repo.write("grafana-token.txt", "secret");
    assert_both(&token, FileStatus::Ignored);
}

#[test]
fn an_untracked_file_no_rule_covers_is_not_ignored() {
    require_git!();
    let repo = Repo::new();
    repo.write(".gitignore", "grafana-token.txt\n");
    let other = repo.write("other-token.txt", "secret");
    assert_both(&other, FileStatus::NotIgnored);
}

#[test]
fn a_committed_file_is_tracked() {
    require_git!();
    let repo = Repo::new();
    let token = repo.write("grafana-token.txt", "secret");
    repo.commit(&["grafana-token.txt"]);
    assert_both(&token, FileStatus::Tracked);
}

#[test]
fn an_ignored_file_added_with_force_is_tracked() {
    require_git!();
    let repo = Repo::new();
    repo.write(".gitignore", "grafana-token.txt\n");
    let token = repo.write("grafana-token.txt", "secret");
    repo.git(&["add", "-f", "grafana-token.txt"]);
    assert_both(&token, FileStatus::Tracked);
    repo.git(&["commit", "-q", "-m", "test"]);
    assert_both(&token, FileStatus::Tracked);
}

#[test]
fn a_missing_file_is_missing() {
    require_git!();
    let repo = Repo::new();
    repo.write(".gitignore", "grafana-token.txt\n");
    assert_both(&repo.path("grafana-token.txt"), FileStatus::Missing);
    assert_both(&repo.path("sub/grafana-token.txt"), FileStatus::Missing);
}

#[test]
fn a_file_in_no_repository_is_not_in_repository() {
    hermetic();
    let dir = tempfile::tempdir().unwrap();
    let real = fs::canonicalize(dir.path()).unwrap();
    if let Some(repo) = real.ancestors().find(|d| d.join(".git").exists()) {
        eprintln!(
            "skipped: the temporary directory is inside the repository {}",
            repo.display()
        );
        return;
    }
    let token = write(&dir.path().join("grafana-token.txt"), "secret");
    assert_both(&token, FileStatus::NotInRepository);
    assert_both(&dir.path().join("absent.txt"), FileStatus::Missing);
}

#[test]
fn a_nested_gitignore_applies_below_its_directory() {
    require_git!();
    let repo = Repo::new();
    repo.write("sub/.gitignore", "local.txt\n/anchored.txt\n");
    let nested = repo.write("sub/local.txt", "x");
    let deeper = repo.write("sub/deeper/local.txt", "x");
    let top = repo.write("local.txt", "x");
    assert_both(&nested, FileStatus::Ignored);
    assert_both(&deeper, FileStatus::Ignored);
    assert_both(&top, FileStatus::NotIgnored);

    // A pattern with a leading slash is anchored to its own directory,
    // not to the repository root.
    let anchored = repo.write("sub/anchored.txt", "x");
    let below = repo.write("sub/deeper/anchored.txt", "x");
    let at_root = repo.write("anchored.txt", "x");
    assert_both(&anchored, FileStatus::Ignored);
    assert_both(&below, FileStatus::NotIgnored);
    assert_both(&at_root, FileStatus::NotIgnored);
}

#[test]
fn a_negation_re_includes_a_file() {
    require_git!();
    let repo = Repo::new();
    repo.write(".gitignore", "*.txt\n!keep.txt\n");
    let kept = repo.write("keep.txt", "x");
    let dropped = repo.write("drop.txt", "x");
    assert_both(&kept, FileStatus::NotIgnored);
    assert_both(&dropped, FileStatus::Ignored);
}

#[test]
fn a_deeper_gitignore_overrides_a_higher_one() {
    require_git!();
    let repo = Repo::new();
    repo.write(".gitignore", "*.txt\n");
    repo.write("sub/.gitignore", "!keep.txt\n");
    assert_both(&repo.write("sub/keep.txt", "x"), FileStatus::NotIgnored);
    assert_both(&repo.write("keep.txt", "x"), FileStatus::Ignored);
}

#[test]
fn a_negation_cannot_re_include_a_file_in_an_excluded_directory() {
    require_git!();
    let repo = Repo::new();
    repo.write(".gitignore", "secrets/\n!secrets/keep.txt\n");
    repo.write("secrets/.gitignore", "!keep.txt\n");
    let kept = repo.write("secrets/keep.txt", "x");
    assert_both(&kept, FileStatus::Ignored);
}

#[test]
fn info_exclude_ignores() {
    require_git!();
    let repo = Repo::new();
    repo.write(".git/info/exclude", "grafana-token.txt\n");
    let token = repo.write("grafana-token.txt", "secret");
    assert_both(&token, FileStatus::Ignored);
}

#[test]
fn a_file_name_is_not_a_pattern() {
    require_git!();
    let repo = Repo::new();
    repo.write("token1.txt", "x");
    repo.commit(&["token1.txt"]);
    // As a pathspec, `token[1].txt` would match the tracked `token1.txt`.
    let bracketed = repo.write("token[1].txt", "x");
    assert_both(&bracketed, FileStatus::NotIgnored);
}

#[test]
fn relative_paths_and_symbolic_links_in_the_directory_are_resolved() {
    require_git!();
    let repo = Repo::new();
    repo.write(".gitignore", "grafana-token.txt\n");
    let token = repo.write("config/grafana-token.txt", "secret");
    let through_dots = repo.path("config/../config/grafana-token.txt");
    assert_eq!(fs::read(&through_dots).unwrap(), fs::read(&token).unwrap());
    assert_both(&through_dots, FileStatus::Ignored);
    #[cfg(unix)]
    {
        let outside = tempfile::tempdir().unwrap();
        let link = outside.path().join("link");
        std::os::unix::fs::symlink(repo.path("config"), &link).unwrap();
        assert_both(&link.join("grafana-token.txt"), FileStatus::Ignored);
    }
}

#[test]
fn a_linked_worktree_uses_its_own_index_and_the_shared_excludes() {
    require_git!();
    let repo = Repo::new();
    repo.write("committed.txt", "x");
    repo.commit(&["committed.txt"]);
    repo.write(".git/info/exclude", "grafana-token.txt\n");
    let outside = tempfile::tempdir().unwrap();
    let worktree = outside.path().join("wt");
    repo.git(&["worktree", "add", "-q", worktree.to_str().unwrap()]);
    assert!(worktree.join(".git").is_file());

    assert_both(&worktree.join("committed.txt"), FileStatus::Tracked);
    let token = write(&worktree.join("grafana-token.txt"), "secret");
    assert_both(&token, FileStatus::Ignored);
    let other = write(&worktree.join("other.txt"), "x");
    assert_both(&other, FileStatus::NotIgnored);
    git(&worktree, &["add", "other.txt"]);
    assert_both(&other, FileStatus::Tracked);
}

#[test]
fn the_fallback_reads_index_version_4() {
    require_git!();
    let repo = Repo::new();
    // Version 4 compresses each path against the previous one.
    for rel in [
        "a/one.txt",
        "a/two.txt",
        "a/b/three.txt",
        "grafana-token.txt",
    ] {
        repo.write(rel, "x");
    }
    repo.git(&["add", "."]);
    repo.git(&["update-index", "--index-version", "4"]);
    for rel in [
        "a/one.txt",
        "a/two.txt",
        "a/b/three.txt",
        "grafana-token.txt",
    ] {
        assert_both(&repo.path(rel), FileStatus::Tracked);
    }
    assert_both(&repo.write("a/b/four.txt", "x"), FileStatus::NotIgnored);
}

#[test]
fn the_fallback_reads_a_sha256_index() {
    require_git!();
    hermetic();
    if !sha256_supported() {
        eprintln!("skipped: this git cannot make SHA-256 repositories");
        return;
    }
    let repo = Repo::with_init_args(&["--object-format=sha256"]);
    let tracked = repo.write("a/tracked-file-with-a-long-name.txt", "x");
    repo.write("b.txt", "x");
    repo.commit(&["."]);
    assert_both(&tracked, FileStatus::Tracked);
    assert_both(&repo.path("b.txt"), FileStatus::Tracked);
    assert_both(&repo.write("c.txt", "x"), FileStatus::NotIgnored);
}

/// A `core.fsmonitor` command that creates a marker file outside the
/// repository (git runs the command each time it reads the index).
struct HostileFsmonitor {
    dir: tempfile::TempDir,
}

impl HostileFsmonitor {
    /// Sets the repository's `core.fsmonitor`, and `core.pager` and an
    /// alias of a plumbing command to the same marker command. Set last:
    /// the test's own git commands would run it.
    fn install(repo: &Path) -> HostileFsmonitor {
        let marker = HostileFsmonitor {
            dir: tempfile::tempdir().unwrap(),
        };
        // git appends the hook's arguments; `#` makes the shell drop them.
        let command = format!("touch '{}' #", marker.path().display());
        git(repo, &["config", "core.fsmonitor", &command]);
        git(repo, &["config", "core.pager", &command]);
        git(repo, &["config", "alias.cat-file", &format!("!{command}")]);
        git(repo, &["config", "alias.ls-files", &format!("!{command}")]);
        marker
    }

    fn path(&self) -> PathBuf {
        self.dir.path().join("RAN")
    }

    /// That git ran the command: proves the hostile setting is live, so
    /// that [`Self::assert_never_ran`] means something.
    fn assert_git_would_run_it(&self, repo: &Path) {
        let _ = Command::new("git")
            .arg("-C")
            .arg(repo)
            .args(["ls-files", "--error-unmatch", "--", "nothing"])
            .output()
            .unwrap();
        assert!(self.path().exists(), "git did not run core.fsmonitor");
        fs::remove_file(self.path()).unwrap();
    }

    #[track_caller]
    fn assert_never_ran(&self) {
        assert!(
            !self.path().exists(),
            "a command the repository configured was run"
        );
    }
}

#[test]
fn a_split_index_is_read_without_running_git() {
    require_git!();
    let repo = Repo::new();
    // Keep every change in the split file (by default git rewrites the
    // shared index once 20% of the entries changed).
    repo.git(&["config", "splitIndex.maxPercentChange", "100"]);
    repo.write(".gitignore", "*.token\n");
    for rel in ["kept.txt", "deleted.txt", "replaced.txt"] {
        repo.write(rel, "x");
    }
    repo.commit(&[".gitignore", "kept.txt", "deleted.txt", "replaced.txt"]);
    repo.git(&["update-index", "--split-index"]);
    // A delete bit, a replace bit and an added entry in the split file.
    repo.git(&["rm", "-q", "--cached", "deleted.txt"]);
    repo.write("replaced.txt", "changed");
    repo.git(&["add", "replaced.txt"]);
    let added = repo.write("added.token", "x");
    repo.git(&["add", "-f", "added.token"]);
    let ignored = repo.write("ignored.token", "x");
    let other = repo.write("other.txt", "x");
    assert!(fs::read_dir(repo.path(".git")).unwrap().any(|e| e
        .unwrap()
        .file_name()
        .to_string_lossy()
        .starts_with("sharedindex.")));

    let marker = HostileFsmonitor::install(repo.dir.path());
    assert_both(&repo.path("kept.txt"), FileStatus::Tracked);
    assert_both(&repo.path("deleted.txt"), FileStatus::NotIgnored);
    assert_both(&repo.path("replaced.txt"), FileStatus::Tracked);
    assert_both(&added, FileStatus::Tracked);
    assert_both(&ignored, FileStatus::Ignored);
    assert_both(&other, FileStatus::NotIgnored);
    marker.assert_never_ran();
    marker.assert_git_would_run_it(repo.dir.path());
}

#[test]
fn below_a_sparse_directory_git_answers_with_the_repositorys_commands_off() {
    require_git!();
    let repo = Repo::new();
    for rel in ["in/a.txt", "out/b.txt", "top.txt"] {
        repo.write(rel, "x");
    }
    repo.commit(&["."]);
    repo.git(&["sparse-checkout", "set", "--cone", "--sparse-index", "in"]);
    assert!(!repo.path("out").exists());
    // Files where the sparse checkout put none: their index entry is the
    // directory `out/`, whose files only the tree object names.
    let committed = repo.write("out/b.txt", "x");
    let new = repo.write("out/new.txt", "x");

    let marker = HostileFsmonitor::install(repo.dir.path());
    assert_both(&repo.path("in/a.txt"), FileStatus::Tracked);
    assert_both(&repo.path("top.txt"), FileStatus::Tracked);
    assert_both(&new, FileStatus::NotIgnored);
    assert_eq!(status(&committed), FileStatus::Tracked);
    // Without git, the ignore rules alone answer (documented).
    assert_eq!(status_without_git(&committed), FileStatus::NotIgnored);
    marker.assert_never_ran();
    marker.assert_git_would_run_it(repo.dir.path());
}

/// The paths `git ls-files ARGS` prints.
fn ls_files(repo: &Repo, args: &[&str]) -> BTreeSet<Vec<u8>> {
    let listing = repo.git_output(&[&["ls-files", "-z"], args].concat());
    listing
        .split('\0')
        .filter(|p| !p.is_empty())
        .map(|p| p.as_bytes().to_vec())
        .collect()
}

/// The paths the index reader finds.
fn read_index(repo: &Repo) -> BTreeSet<Vec<u8>> {
    let git_dir = repo.path(".git");
    Index::read(&git_dir, &git_dir)
        .expect("the index is readable")
        .paths()
        .map(<[u8]>::to_vec)
        .collect()
}

/// Index versions 2, 3 and 4, split or not: after each change of the
/// index, the reader lists exactly what `git ls-files` prints. The changes
/// cover what makes entries differ on disk: long and non-ASCII paths,
/// extended flags (intent-to-add, skip-worktree), conflict stages, and in a
/// split index entries deleted, replaced and added.
#[test]
fn the_index_reader_lists_what_git_ls_files_prints() {
    require_git!();
    for version in ["2", "3", "4"] {
        for split in [false, true] {
            let what = format!("version {version}, split {split}");
            let repo = Repo::new();
            repo.git(&["config", "splitIndex.maxPercentChange", "100"]);
            let names = [
                "a.txt",
                "dir/b.txt",
                "dir/sub/c.txt",
                "dir/sub/d.txt",
                "dir2/e f.txt",
                "é/ü.txt",
                "z.txt",
            ];
            for name in names {
                repo.write(name, name);
            }
            repo.commit(&["."]);
            repo.git(&["update-index", "--index-version", version]);
            if split {
                repo.git(&["update-index", "--split-index"]);
            }
            let blob = repo.git_output(&["hash-object", "-w", "a.txt"]);
            let blob = blob.trim();
            // A path longer than the 12 bits of an entry's length field,
            // staged without a file (no file system takes it).
            let long = format!("{}long.txt", format!("{}/", "d".repeat(200)).repeat(21));
            let conflict = ["1", "2", "3"]
                .map(|stage| format!("100644 {blob} {stage}\tconflict.txt\n"))
                .concat();
            let changes: Vec<Box<dyn Fn()>> = vec![
                Box::new(|| repo.git(&["rm", "-q", "--cached", "dir/b.txt"])),
                Box::new(|| {
                    repo.write("dir/sub/c.txt", "changed");
                    repo.git(&["add", "dir/sub/c.txt"]);
                }),
                Box::new(|| {
                    repo.write("dir/new.txt", "x");
                    repo.git(&["add", "-N", "dir/new.txt"]);
                }),
                Box::new(|| repo.git(&["update-index", "--skip-worktree", "z.txt"])),
                Box::new(|| {
                    let cacheinfo = format!("100644,{blob},{long}");
                    repo.git(&["update-index", "--add", "--cacheinfo", &cacheinfo]);
                }),
                Box::new(|| repo.git_input(&["update-index", "--index-info"], &conflict)),
                Box::new(|| repo.git(&["rm", "-q", "--cached", "dir2/e f.txt"])),
            ];
            assert_eq!(read_index(&repo), ls_files(&repo, &[]), "{what}");
            for (step, change) in changes.iter().enumerate() {
                change();
                assert_eq!(
                    read_index(&repo),
                    ls_files(&repo, &[]),
                    "{what}, after change {step}"
                );
            }
            assert!(read_index(&repo).contains(long.as_bytes()));
            assert!(!read_index(&repo).contains(b"dir/b.txt".as_slice()));
            if split {
                repo.git(&["update-index", "--no-split-index"]);
                assert_eq!(read_index(&repo), ls_files(&repo, &[]), "{what}, unsplit");
            }
        }
    }
}

#[test]
fn the_index_reader_lists_sparse_directories_as_git_ls_files_sparse_does() {
    require_git!();
    let repo = Repo::new();
    for rel in ["in/a.txt", "out/b.txt", "out/deeper/c.txt", "top.txt"] {
        repo.write(rel, "x");
    }
    repo.commit(&["."]);
    repo.git(&["sparse-checkout", "set", "--cone", "--sparse-index", "in"]);
    assert_eq!(read_index(&repo), ls_files(&repo, &["--sparse"]));
    assert!(read_index(&repo).contains(b"out/".as_slice()));
    let git_dir = repo.path(".git");
    let index = Index::read(&git_dir, &git_dir).unwrap();
    assert_eq!(index.lists(b"top.txt"), Some(true));
    assert_eq!(index.lists(b"in/other.txt"), Some(false));
    assert_eq!(index.lists(b"out/b.txt"), None);
}

#[test]
fn a_sha256_split_index_is_read() {
    require_git!();
    if !sha256_supported() {
        eprintln!("skipped: this git cannot make SHA-256 repositories");
        return;
    }
    let repo = Repo::with_init_args(&["--object-format=sha256"]);
    repo.git(&["config", "splitIndex.maxPercentChange", "100"]);
    for rel in ["a.txt", "b.txt", "c.txt"] {
        repo.write(rel, "x");
    }
    repo.commit(&["."]);
    repo.git(&["update-index", "--split-index"]);
    repo.git(&["rm", "-q", "--cached", "b.txt"]);
    repo.write("c.txt", "changed");
    repo.git(&["add", "c.txt"]);
    repo.write("d.txt", "x");
    repo.git(&["add", "d.txt"]);
    assert_eq!(read_index(&repo), ls_files(&repo, &[]));
    let marker = HostileFsmonitor::install(repo.dir.path());
    assert_both(&repo.path("a.txt"), FileStatus::Tracked);
    assert_both(&repo.path("b.txt"), FileStatus::NotIgnored);
    assert_both(&repo.path("d.txt"), FileStatus::Tracked);
    marker.assert_never_ran();
}

#[test]
fn diff_of_a_revision_runs_nothing_the_repository_configures() {
    require_git!();
    let repo = Repo::new();
    let config = "prometheus.exporter.self \"default\" { }\n";
    repo.write("a.alloy", config);
    repo.commit(&["a.alloy"]);
    repo.git(&["update-index", "--split-index"]);
    let marker = HostileFsmonitor::install(repo.dir.path());
    // `:PATH` (the staged version) makes git read the index.
    for old in ["HEAD:a.alloy", ":a.alloy", "HEAD:./"] {
        let run = support::run_bin(repo.dir.path(), &["diff", old, "a.alloy"], "");
        assert_eq!(run.code, 0, "{old}: {}", run.stderr);
        marker.assert_never_ran();
    }
    marker.assert_git_would_run_it(repo.dir.path());
}

#[test]
fn without_a_usable_git_the_files_of_the_repository_answer() {
    hermetic();
    // A `.git` directory holding only `info/exclude` is no repository for
    // git (it exits with 128), so `status` falls back too; the same happens
    // where git is not installed.
    let dir = tempfile::tempdir().unwrap();
    write(&dir.path().join(".git/info/exclude"), "excluded.txt\n");
    write(&dir.path().join(".gitignore"), "grafana-token.txt\n");
    let ignored = write(&dir.path().join("grafana-token.txt"), "secret");
    let excluded = write(&dir.path().join("excluded.txt"), "x");
    let other = write(&dir.path().join("other.txt"), "x");
    assert_both(&ignored, FileStatus::Ignored);
    assert_both(&excluded, FileStatus::Ignored);
    assert_both(&other, FileStatus::NotIgnored);
    assert_both(&dir.path().join("absent.txt"), FileStatus::Missing);
}

#[test]
fn one_cache_answers_many_files_as_single_questions_do() {
    require_git!();
    let repo = Repo::new();
    repo.write(".gitignore", "*.token\n");
    repo.write("deploy/.gitignore", "!keep.token\nlocal/\n");
    let files = [
        ("a.token", FileStatus::Ignored),
        ("deploy/keep.token", FileStatus::NotIgnored),
        ("deploy/local/b.txt", FileStatus::Ignored),
        ("deploy/c.txt", FileStatus::Tracked),
        ("d.txt", FileStatus::NotIgnored),
    ];
    for (rel, _) in files {
        repo.write(rel, "x");
    }
    repo.commit(&[".gitignore", "deploy/.gitignore", "deploy/c.txt"]);
    let mut repositories = alloy_lint::files::git_status::Repositories::default();
    // Twice over, so the second round is answered from what the first read.
    for _ in 0..2 {
        for (rel, expected) in files {
            let path = repo.path(rel);
            assert_eq!(repositories.status(&path), expected, "{rel}");
            assert_eq!(status(&path), expected, "{rel} asked alone");
        }
        assert_eq!(
            repositories.status(&repo.path("gone.token")),
            FileStatus::Missing
        );
        assert_eq!(
            repositories.would_be_ignored(&repo.path("gone.token")),
            Some(true)
        );
        assert_eq!(
            repositories.would_be_ignored(&repo.path("deploy/gone.txt")),
            Some(false)
        );
    }
}

#[test]
fn every_status_has_a_description() {
    let all = [
        FileStatus::Missing,
        FileStatus::NotInRepository,
        FileStatus::Ignored,
        FileStatus::NotIgnored,
        FileStatus::Tracked,
    ];
    let descriptions: Vec<&str> = all.iter().map(|&s| describe(s)).collect();
    for (i, d) in descriptions.iter().enumerate() {
        assert!(!d.is_empty());
        assert!(!descriptions[i + 1..].contains(d), "duplicate: {d}");
    }
}
