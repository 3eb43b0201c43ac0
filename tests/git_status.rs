//! `files::git_status` on real repositories made with the `git` binary in
//! temporary directories, each case checked both through git and through
//! the fallback that reads the repository's files.
//!
//! Tests that need git skip (with a note on stderr) when `git --version`
//! fails.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Once;

mod support;
use support::{git, git_available};

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
    // `--object-format` needs git 2.29.
    let probe = tempfile::tempdir().unwrap();
    let supported = Command::new("git")
        .args(["init", "-q", "--object-format=sha256"])
        .arg(probe.path())
        .output()
        .is_ok_and(|out| out.status.success());
    if !supported {
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

#[test]
fn the_fallback_cannot_see_tracked_files_in_a_split_index() {
    require_git!();
    let repo = Repo::new();
    let tracked = repo.write("tracked.txt", "x");
    repo.commit(&["tracked.txt"]);
    repo.git(&["update-index", "--split-index"]);
    assert_eq!(status(&tracked), FileStatus::Tracked);
    // The entries moved to a shared index file: the fallback says what the
    // ignore rules say.
    assert_eq!(status_without_git(&tracked), FileStatus::NotIgnored);
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
