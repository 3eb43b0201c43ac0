//! Whether a file that a config names (typically a credentials file read by
//! `local.file` with `is_secret = true`) is about to be committed.
//!
//! The answer comes from the repository's own rules, not a guess from the
//! file name, and is read from the repository's files, so that checking an
//! untrusted repository runs nothing it configures:
//!
//! - tracked files: the index, read by [`super::git_index`] (every version,
//!   SHA-1 or SHA-256, split or not);
//! - ignore rules: every `.gitignore` from the work tree root down to the
//!   file, `info/exclude` and the global excludes file, with git's
//!   precedence (deeper files win, a path inside an excluded directory stays
//!   excluded whatever a negation says).
//!
//! `git` is run only for the one question the files cannot answer: whether
//! a file below a sparse directory entry of a sparse index is tracked (its
//! path is in a tree object, which this crate does not decompress), or an
//! index git would refuse as well. It is then run through
//! [`super::git_command`], which turns off on git's command line every
//! setting by which the repository could make it run a program
//! (`core.fsmonitor`, hooks, pagers, transports); if git fails or is not
//! installed, the answer comes from the ignore rules alone
//! ([`status_without_git`]).
//!
//! Not read: `core.excludesFile` set in the repository's own config (rather
//! than the global one) and `core.ignoreCase`.

use std::collections::HashMap;
use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::Stdio;

use ignore::gitignore::{Gitignore, GitignoreBuilder};
use ignore::Match;

use super::access::{DiskFiles, FileAccess};
use super::git_command::{git_command, REPOSITORY_VARIABLES};
use super::git_config::global_excludes_file;
use super::git_index::Index;

/// Where a file stands with respect to git.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileStatus {
    /// The file does not exist (or is a dangling symbolic link).
    Missing,
    /// The file exists, and no git repository contains it.
    NotInRepository,
    /// The file is in a repository and its ignore rules exclude it.
    Ignored,
    /// The file is in a repository, untracked and not ignored: `git add .`
    /// would commit it.
    NotIgnored,
    /// The file is already committed or staged.
    Tracked,
}

/// What `status` means, phrased to follow the file's name in a message:
/// "`grafana-token.txt` is not ignored by git: ...".
pub fn describe(status: FileStatus) -> &'static str {
    match status {
        FileStatus::Missing => "does not exist",
        FileStatus::NotInRepository => "is in no git repository",
        FileStatus::Ignored => "is ignored by git",
        FileStatus::NotIgnored => "is not ignored by git: `git add .` would commit it",
        FileStatus::Tracked => "is tracked by git: it is committed or staged",
    }
}

/// Where the file at `path` (relative paths are taken from the current
/// directory) stands with respect to git, reading the repository's files and,
/// only if they cannot tell, asking git (see the module documentation).
pub fn status(path: &Path) -> FileStatus {
    Repositories::default().status(path)
}

/// Whether git would ignore `path` once it exists: for a file a
/// configuration names that is not there yet (a token file in a fresh
/// clone). `None` outside a repository or when it cannot be told.
pub fn would_be_ignored(path: &Path) -> Option<bool> {
    Repositories::default().would_be_ignored(path)
}

/// Answers about many files, reading each repository's index and each ignore
/// file once: a configuration with many token files (or many configurations
/// checked together) must not re-read a large index per file. Holds what it
/// read until dropped, so keep one per run, not per process.
pub struct Repositories<'f> {
    /// Where the files, `.git` and the ignore files are read.
    files: &'f dyn FileAccess,
    /// By work tree root.
    known: HashMap<PathBuf, Repository>,
}

impl Default for Repositories<'static> {
    /// Reading the disk.
    fn default() -> Self {
        Repositories::new(&DiskFiles)
    }
}

impl<'f> Repositories<'f> {
    /// Nothing read yet; everything will be read from `files` (but for
    /// what only git can tell, see the module documentation).
    pub fn new(files: &'f dyn FileAccess) -> Self {
        Repositories {
            files,
            known: HashMap::new(),
        }
    }

    /// Like [`status`], with this cache.
    pub fn status(&mut self, path: &Path) -> FileStatus {
        // The repository's files answer without starting a process (a `git`
        // run costs milliseconds, a check of a small config must not, and
        // git runs what the repository configures); git is asked only about
        // a path below a sparse directory entry, or when the index cannot
        // be read.
        let files = self.files;
        match locate(files, path) {
            Err(status) => status,
            Ok(file) => {
                let repository = self.repository(&file.root);
                match repository.tracked(files, &file.relative) {
                    Some(true) => FileStatus::Tracked,
                    Some(false) if repository.is_excluded(files, &file.root, &file.relative) => {
                        FileStatus::Ignored
                    }
                    Some(false) => FileStatus::NotIgnored,
                    None => ask_git(&file).unwrap_or_else(|| read_repository(files, &file)),
                }
            }
        }
    }

    /// Like [`would_be_ignored`], with this cache.
    pub fn would_be_ignored(&mut self, path: &Path) -> Option<bool> {
        let files = self.files;
        let absolute = absolute_keeping_name(files, path);
        let root = work_tree_root(files, &absolute)?.to_path_buf();
        let relative = absolute.strip_prefix(&root).ok()?.to_path_buf();
        Some(self.repository(&root).is_excluded(files, &root, &relative))
    }

    fn repository(&mut self, root: &Path) -> &mut Repository {
        let files = self.files;
        self.known
            .entry(root.to_path_buf())
            .or_insert_with(|| Repository::new(files, root))
    }
}

/// What has been read of one repository.
struct Repository {
    dirs: Option<GitDirs>,
    /// Its index, once read; `Some(None)` when it cannot be read (see
    /// [`Index::read`]).
    index: Option<Option<Index>>,
    /// `info/exclude` and the global excludes file, once read.
    repository_wide: Option<Vec<Gitignore>>,
    /// Each directory's `.gitignore`, once read.
    per_directory: HashMap<PathBuf, Gitignore>,
}

impl Repository {
    fn new(files: &dyn FileAccess, root: &Path) -> Self {
        Repository {
            dirs: GitDirs::find(files, root),
            index: None,
            repository_wide: None,
            per_directory: HashMap::new(),
        }
    }

    /// Whether the index lists `relative`; `None` if it cannot tell.
    fn tracked(&mut self, files: &dyn FileAccess, relative: &Path) -> Option<bool> {
        let dirs = self.dirs.as_ref()?;
        let index = self
            .index
            .get_or_insert_with(|| Index::read_in(files, &dirs.own, &dirs.common))
            .as_ref()?;
        index.lists(index_path(relative)?.as_bytes())
    }

    /// Whether git's ignore rules exclude `relative` (a file under `root`).
    ///
    /// Walks down the path as git does: each directory on the way is matched
    /// first, and an excluded directory excludes everything below it (git
    /// does not even read the `.gitignore`s inside). For each path, the
    /// deepest `.gitignore` that has a say wins, then `info/exclude`, then
    /// the global excludes file.
    fn is_excluded(&mut self, files: &dyn FileAccess, root: &Path, relative: &Path) -> bool {
        let names: Vec<&OsStr> = relative.iter().collect();
        let dirs = self.dirs.as_ref();
        let repository_wide = self.repository_wide.get_or_insert_with(|| {
            dirs.map(|dirs| dirs.common.join("info").join("exclude"))
                .into_iter()
                .chain(global_excludes_file(
                    files,
                    &super::git_config::UserDirs::from_environment(),
                ))
                .map(|file| load_rules(files, root, &file))
                .collect()
        });
        // `directories[i]` is the directory reached by the first `i` names;
        // the path relative to it is `names[i..]`.
        let mut directories = Vec::with_capacity(names.len());
        let mut dir = root.to_path_buf();
        for (depth, name) in names.iter().enumerate() {
            if !self.per_directory.contains_key(&dir) {
                let rules = load_rules(files, &dir, &dir.join(".gitignore"));
                self.per_directory.insert(dir.clone(), rules);
            }
            directories.push(dir.clone());
            let is_dir = depth + 1 < names.len();
            let verdict = directories
                .iter()
                .enumerate()
                .rev()
                .map(|(i, d)| {
                    (
                        &self.per_directory[d],
                        names[i..=depth].iter().collect::<PathBuf>(),
                    )
                })
                .chain(
                    repository_wide
                        .iter()
                        .map(|rules| (rules, names[..=depth].iter().collect())),
                )
                .find_map(|(rules, path)| match rules.matched(&path, is_dir) {
                    Match::None => None,
                    Match::Ignore(_) => Some(true),
                    Match::Whitelist(_) => Some(false),
                });
            if verdict == Some(true) {
                return true;
            }
            dir.push(name);
        }
        false
    }
}

/// Like [`status`], without running `git`: ignore rules and the index are
/// read from the repository's files. Public so that this path can be tested
/// on machines that have git.
pub fn status_without_git(path: &Path) -> FileStatus {
    match locate(&DiskFiles, path) {
        Err(status) => status,
        Ok(file) => read_repository(&DiskFiles, &file),
    }
}

/// An existing file inside a git work tree.
struct InRepository {
    /// The work tree root: the nearest directory above the file holding a
    /// `.git` directory (a repository) or file (a linked worktree or a
    /// submodule).
    root: PathBuf,
    /// The file's path relative to `root`.
    relative: PathBuf,
}

/// Finds the work tree around `path`, or the status that needs no
/// repository.
fn locate(files: &dyn FileAccess, path: &Path) -> Result<InRepository, FileStatus> {
    if !files.exists(path) {
        return Err(FileStatus::Missing);
    }
    let absolute = absolute_keeping_name(files, path);
    let root = work_tree_root(files, &absolute).ok_or(FileStatus::NotInRepository)?;
    let relative = absolute
        .strip_prefix(root)
        .map_err(|_| FileStatus::NotInRepository)?
        .to_path_buf();
    Ok(InRepository {
        root: root.to_path_buf(),
        relative,
    })
}

/// `path` made absolute with its directory's symbolic links resolved (so the
/// walk up finds the real repository), but not the file's own: git sees a
/// link by its name, not its target's.
fn absolute_keeping_name(files: &dyn FileAccess, path: &Path) -> PathBuf {
    if let Some(name) = path.file_name() {
        let dir = match path.parent() {
            Some(dir) if !dir.as_os_str().is_empty() => dir,
            _ => Path::new("."),
        };
        if let Ok(dir) = files.canonicalize(dir) {
            return dir.join(name);
        }
    }
    files
        .canonicalize(path)
        .or_else(|_| std::path::absolute(path))
        .unwrap_or_else(|_| path.to_path_buf())
}

// ---------------------------------------------------------------------------
// With the git binary, hardened (see `git_command.rs`)
// ---------------------------------------------------------------------------

/// The status as git reports it, or `None` if git could not be run or
/// failed (exit codes other than the documented 0 and 1).
fn ask_git(file: &InRepository) -> Option<FileStatus> {
    // `--error-unmatch` exits with 1 when the path is not in the index.
    match run_git(file, &["ls-files", "--error-unmatch", "--"])? {
        0 => return Some(FileStatus::Tracked),
        1 => {}
        _ => return None,
    }
    match run_git(file, &["check-ignore", "-q", "--"])? {
        0 => Some(FileStatus::Ignored),
        1 => Some(FileStatus::NotIgnored),
        _ => None,
    }
}

/// Runs `git -C ROOT ARGS RELATIVE`, hardened, and returns its exit code.
fn run_git(file: &InRepository, args: &[&str]) -> Option<i32> {
    let mut command = git_command();
    command
        .arg("-C")
        .arg(&file.root)
        .args(args)
        .arg(&file.relative)
        // The path is a file name, not a pattern: `token[1].txt` must not
        // match a tracked `token1.txt`.
        .env("GIT_LITERAL_PATHSPECS", "1")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    // Set when alloy-lint runs from a git hook; they may name another
    // repository than the one found around the file.
    for variable in REPOSITORY_VARIABLES {
        command.env_remove(variable);
    }
    command.status().ok()?.code()
}

// ---------------------------------------------------------------------------
// Without the git binary
// ---------------------------------------------------------------------------

/// The status read from the repository's files.
fn read_repository(files: &dyn FileAccess, file: &InRepository) -> FileStatus {
    let mut repository = Repository::new(files, &file.root);
    if repository.tracked(files, &file.relative).unwrap_or(false) {
        FileStatus::Tracked
    } else if repository.is_excluded(files, &file.root, &file.relative) {
        FileStatus::Ignored
    } else {
        FileStatus::NotIgnored
    }
}

/// The directories git keeps a work tree's data in. They differ for a
/// linked worktree (`git worktree add`), whose `.git` file names its own
/// directory, which in turn names the shared one in `commondir`.
struct GitDirs {
    /// Holds this work tree's index.
    own: PathBuf,
    /// Holds `config` and `info/exclude`, shared by all worktrees.
    common: PathBuf,
}

impl GitDirs {
    /// The directories of the work tree at `root`, or `None` if its `.git`
    /// is neither a directory nor a `gitdir: PATH` file.
    fn find(files: &dyn FileAccess, root: &Path) -> Option<GitDirs> {
        let dot_git = root.join(".git");
        let own = if files.is_dir(&dot_git) {
            dot_git
        } else {
            let text = files.read_text(&dot_git).ok()?;
            let target = text.lines().next()?.strip_prefix("gitdir:")?.trim();
            // A relative target is relative to the `.git` file's directory.
            root.join(target)
        };
        let common = match files.read_text(&own.join("commondir")) {
            Ok(text) => own.join(text.trim()),
            Err(_) => own.clone(),
        };
        Some(GitDirs { own, common })
    }
}

/// The nearest directory above `absolute` holding a `.git` directory (a
/// repository) or file (a linked worktree or a submodule).
fn work_tree_root<'p>(files: &dyn FileAccess, absolute: &'p Path) -> Option<&'p Path> {
    absolute
        .ancestors()
        .skip(1)
        .find(|dir| files.has_entry(&dir.join(".git")))
}

/// The rules of the ignore file `file` read from `files`, with patterns
/// relative to `dir`, split into lines as git splits it (`dir.c`,
/// `add_patterns_from_buffer`: a leading byte-order mark skipped, `\r`
/// before a line feed dropped). A file that cannot be read has no rules,
/// as for git.
fn load_rules(files: &dyn FileAccess, dir: &Path, file: &Path) -> Gitignore {
    let mut builder = GitignoreBuilder::new(dir);
    if let Ok(bytes) = files.read(file) {
        for (i, line) in bytes.split(|&b| b == b'\n').enumerate() {
            // Lines that are not UTF-8 are skipped, as the `ignore` crate's
            // own reader skips them; git would take their bytes.
            let Ok(line) = std::str::from_utf8(line) else {
                continue;
            };
            let line = line.strip_suffix('\r').unwrap_or(line);
            let line = if i == 0 {
                line.trim_start_matches('\u{feff}')
            } else {
                line
            };
            // A bad pattern is skipped, the others kept, as git does.
            let _ = builder.add_line(Some(file.to_path_buf()), line);
        }
    }
    builder.build().unwrap_or_else(|_| Gitignore::empty())
}

/// `relative` as the index spells paths: `/`-separated whatever the
/// platform; `None` if it is not UTF-8.
fn index_path(relative: &Path) -> Option<String> {
    Some(
        relative
            .iter()
            .map(|name| name.to_str())
            .collect::<Option<Vec<_>>>()?
            .join("/"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::files::MemoryFiles;
    use std::process::Command;

    fn git(dir: &Path, args: &[&str]) {
        let mut command = Command::new("git");
        command.arg("-C").arg(dir).args(args).stdin(Stdio::null());
        // Run from a hook, git's variables would name another repository.
        for variable in REPOSITORY_VARIABLES {
            command.env_remove(variable);
        }
        let status = command.status().unwrap();
        assert!(status.success(), "git {}", args.join(" "));
    }

    #[test]
    fn a_repository_in_memory_is_read_from_memory() {
        // An index written by git, then held in memory under a directory
        // that is not on disk.
        let made = tempfile::tempdir().unwrap();
        git(made.path(), &["init", "-q"]);
        std::fs::write(made.path().join("committed.token"), "x").unwrap();
        git(made.path(), &["add", "--", "committed.token"]);
        let index = std::fs::read(made.path().join(".git/index")).unwrap();

        let root = Path::new("/alloy-lint-in-memory/repo");
        assert!(!root.exists());
        let mut files = MemoryFiles::new();
        files.insert(root.join(".git/index"), index);
        files.insert(root.join(".gitignore"), "\u{feff}*.secret\r\n");
        files.insert(root.join("deploy/.gitignore"), "!kept.secret\n");
        for name in [
            "committed.token",
            "new.token",
            "a.secret",
            "deploy/kept.secret",
        ] {
            files.insert(root.join(name), "x");
        }

        let dirs = GitDirs::find(&files, root).unwrap();
        let index = Index::read_in(&files, &dirs.own, &dirs.common).unwrap();
        assert_eq!(index.lists(b"committed.token"), Some(true));
        assert_eq!(index.lists(b"new.token"), Some(false));

        let mut repositories = Repositories::new(&files);
        let status = |r: &mut Repositories, name: &str| r.status(&root.join(name));
        assert_eq!(
            status(&mut repositories, "committed.token"),
            FileStatus::Tracked
        );
        assert_eq!(
            status(&mut repositories, "new.token"),
            FileStatus::NotIgnored
        );
        assert_eq!(status(&mut repositories, "a.secret"), FileStatus::Ignored);
        assert_eq!(
            status(&mut repositories, "deploy/kept.secret"),
            FileStatus::NotIgnored
        );
        assert_eq!(status(&mut repositories, "gone.token"), FileStatus::Missing);
        assert_eq!(
            repositories.would_be_ignored(&root.join("gone.secret")),
            Some(true)
        );
        // Outside the repository in memory, and on the disk, nothing.
        let mut outside = MemoryFiles::new();
        outside.insert("/alloy-lint-in-memory/plain/a.token", "x");
        assert_eq!(
            Repositories::new(&outside).status(Path::new("/alloy-lint-in-memory/plain/a.token")),
            FileStatus::NotInRepository
        );
        assert_eq!(
            status_without_git(&root.join("a.secret")),
            FileStatus::Missing
        );
    }
}
