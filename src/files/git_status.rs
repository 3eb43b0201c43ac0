//! Whether a file that a config names (typically a credentials file read by
//! `local.file` with `is_secret = true`) is about to be committed.
//!
//! The answer comes from the repository's own rules, not a guess from the
//! file name: [`status`] asks the `git` binary, which knows every source of
//! ignore rules (nested `.gitignore`s, `.git/info/exclude`, `core.excludesFile`
//! from any config level) and the index. Where git cannot be run (not
//! installed, or it refuses the repository, e.g. `safe.directory`), the same
//! question is answered from the files in the repository
//! ([`status_without_git`]):
//!
//! - ignore rules: every `.gitignore` from the work tree root down to the
//!   file, `info/exclude` and the global excludes file, with git's
//!   precedence (deeper files win, a path inside an excluded directory stays
//!   excluded whatever a negation says);
//! - tracked files: read from the index (versions 2 to 4, SHA-1 or SHA-256).
//!
//! What the fallback cannot see: a split index (`core.splitIndex`) or a
//! sparse index keeps entries outside the index file, so there it cannot
//! tell a tracked file and answers from the ignore rules alone;
//! `core.excludesFile` set in the repository's own config (rather than the
//! global one) and `core.ignoreCase` are not read.

use std::collections::{HashMap, HashSet};
use std::ffi::OsStr;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use ignore::gitignore::{gitconfig_excludes_path, Gitignore, GitignoreBuilder};
use ignore::Match;

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
#[derive(Default)]
pub struct Repositories {
    /// By work tree root.
    known: HashMap<PathBuf, Repository>,
}

impl Repositories {
    /// Like [`status`], with this cache.
    pub fn status(&mut self, path: &Path) -> FileStatus {
        // The repository's files answer without starting a process (a `git`
        // run costs milliseconds, a check of a small config must not); git
        // is asked only when the index is in a form this module cannot read.
        match locate(path) {
            Err(status) => status,
            Ok(file) => {
                let repository = self.repository(&file.root);
                match repository.tracked(&file.relative) {
                    Some(true) => FileStatus::Tracked,
                    Some(false) if repository.is_excluded(&file.root, &file.relative) => {
                        FileStatus::Ignored
                    }
                    Some(false) => FileStatus::NotIgnored,
                    None => ask_git(&file).unwrap_or_else(|| read_repository(&file)),
                }
            }
        }
    }

    /// Like [`would_be_ignored`], with this cache.
    pub fn would_be_ignored(&mut self, path: &Path) -> Option<bool> {
        let absolute = absolute_keeping_name(path);
        let root = absolute
            .ancestors()
            .skip(1)
            .find(|dir| dir.join(".git").symlink_metadata().is_ok())?
            .to_path_buf();
        let relative = absolute.strip_prefix(&root).ok()?.to_path_buf();
        Some(self.repository(&root).is_excluded(&root, &relative))
    }

    fn repository(&mut self, root: &Path) -> &mut Repository {
        self.known
            .entry(root.to_path_buf())
            .or_insert_with(|| Repository::new(root))
    }
}

/// What has been read of one repository.
struct Repository {
    dirs: Option<GitDirs>,
    /// The paths its index lists, once read; `Some(None)` when the index
    /// cannot tell (see [`index_paths`]).
    index: Option<Option<HashSet<Vec<u8>>>>,
    /// `info/exclude` and the global excludes file, once read.
    repository_wide: Option<Vec<Gitignore>>,
    /// Each directory's `.gitignore`, once read.
    per_directory: HashMap<PathBuf, Gitignore>,
}

impl Repository {
    fn new(root: &Path) -> Self {
        Repository {
            dirs: GitDirs::find(root),
            index: None,
            repository_wide: None,
            per_directory: HashMap::new(),
        }
    }

    /// Whether the index lists `relative`; `None` if it cannot tell.
    fn tracked(&mut self, relative: &Path) -> Option<bool> {
        let dirs = self.dirs.as_ref()?;
        let paths = self
            .index
            .get_or_insert_with(|| index_paths(dirs))
            .as_ref()?;
        Some(paths.contains(index_path(relative)?.as_bytes()))
    }

    /// Whether git's ignore rules exclude `relative` (a file under `root`).
    ///
    /// Walks down the path as git does: each directory on the way is matched
    /// first, and an excluded directory excludes everything below it (git
    /// does not even read the `.gitignore`s inside). For each path, the
    /// deepest `.gitignore` that has a say wins, then `info/exclude`, then
    /// the global excludes file.
    fn is_excluded(&mut self, root: &Path, relative: &Path) -> bool {
        let names: Vec<&OsStr> = relative.iter().collect();
        let dirs = self.dirs.as_ref();
        let repository_wide = self.repository_wide.get_or_insert_with(|| {
            dirs.map(|dirs| dirs.common.join("info").join("exclude"))
                .into_iter()
                .chain(gitconfig_excludes_path())
                .map(|file| load_rules(root, &file))
                .collect()
        });
        // `directories[i]` is the directory reached by the first `i` names;
        // the path relative to it is `names[i..]`.
        let mut directories = Vec::with_capacity(names.len());
        let mut dir = root.to_path_buf();
        for (depth, name) in names.iter().enumerate() {
            if !self.per_directory.contains_key(&dir) {
                let rules = load_rules(&dir, &dir.join(".gitignore"));
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
    match locate(path) {
        Err(status) => status,
        Ok(file) => read_repository(&file),
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
fn locate(path: &Path) -> Result<InRepository, FileStatus> {
    if fs::metadata(path).is_err() {
        return Err(FileStatus::Missing);
    }
    let absolute = absolute_keeping_name(path);
    let root = absolute
        .ancestors()
        .skip(1)
        .find(|dir| dir.join(".git").symlink_metadata().is_ok())
        .ok_or(FileStatus::NotInRepository)?;
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
fn absolute_keeping_name(path: &Path) -> PathBuf {
    if let Some(name) = path.file_name() {
        let dir = match path.parent() {
            Some(dir) if !dir.as_os_str().is_empty() => dir,
            _ => Path::new("."),
        };
        if let Ok(dir) = fs::canonicalize(dir) {
            return dir.join(name);
        }
    }
    fs::canonicalize(path)
        .or_else(|_| std::path::absolute(path))
        .unwrap_or_else(|_| path.to_path_buf())
}

// ---------------------------------------------------------------------------
// With the git binary
// ---------------------------------------------------------------------------

/// Variables that point git at a repository, an index or a work tree (the
/// ones `git rev-parse --local-env-vars` lists). Set when alloy-lint runs
/// from a git hook; they may name another repository than the one found
/// around the file, so they are removed.
const REPOSITORY_VARIABLES: &[&str] = &[
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
];

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

/// Runs `git -C ROOT ARGS RELATIVE` and returns its exit code.
fn run_git(file: &InRepository, args: &[&str]) -> Option<i32> {
    let mut command = Command::new("git");
    command
        .arg("--no-pager")
        .arg("-C")
        .arg(&file.root)
        .args(args)
        .arg(&file.relative)
        // A read-only question must not take the index lock (and so fail,
        // or make a concurrent `git commit` fail).
        .env("GIT_OPTIONAL_LOCKS", "0")
        // The path is a file name, not a pattern: `token[1].txt` must not
        // match a tracked `token1.txt`.
        .env("GIT_LITERAL_PATHSPECS", "1")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    for variable in REPOSITORY_VARIABLES {
        command.env_remove(variable);
    }
    command.status().ok()?.code()
}

// ---------------------------------------------------------------------------
// Without the git binary
// ---------------------------------------------------------------------------

/// The status read from the repository's files.
fn read_repository(file: &InRepository) -> FileStatus {
    let mut repository = Repository::new(&file.root);
    if repository.tracked(&file.relative).unwrap_or(false) {
        FileStatus::Tracked
    } else if repository.is_excluded(&file.root, &file.relative) {
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
    fn find(root: &Path) -> Option<GitDirs> {
        let dot_git = root.join(".git");
        let own = if dot_git.is_dir() {
            dot_git
        } else {
            let text = fs::read_to_string(&dot_git).ok()?;
            let target = text.lines().next()?.strip_prefix("gitdir:")?.trim();
            // A relative target is relative to the `.git` file's directory.
            root.join(target)
        };
        let common = match fs::read_to_string(own.join("commondir")) {
            Ok(text) => own.join(text.trim()),
            Err(_) => own.clone(),
        };
        Some(GitDirs { own, common })
    }
}

/// The rules of the ignore file `file`, with patterns relative to `dir`.
fn load_rules(dir: &Path, file: &Path) -> Gitignore {
    let mut builder = GitignoreBuilder::new(dir);
    // The error is either "no such file" (no rules, as for git) or a bad
    // pattern (skipped, the others kept, as git does).
    let _ = builder.add(file);
    builder.build().unwrap_or_else(|_| Gitignore::empty())
}

/// Every path the index of the work tree lists (committed, staged, in
/// conflict or added with `--intent-to-add`), or `None` if the index cannot
/// tell: unknown version, truncated, or entries kept elsewhere (split
/// or sparse index).
///
/// Format: git's `Documentation/gitformat-index.txt`. A 12-byte header
/// (`DIRC`, version, entry count), then the entries sorted by path, then
/// extensions, then a checksum.
fn index_paths(dirs: &GitDirs) -> Option<HashSet<Vec<u8>>> {
    let data = match fs::read(dirs.own.join("index")) {
        Ok(data) => data,
        // A repository where nothing was ever staged has no index.
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Some(HashSet::new()),
        Err(_) => return None,
    };
    let hash_len = if uses_sha256(&dirs.common) { 32 } else { 20 };

    if data.get(..4)? != b"DIRC" {
        return None;
    }
    let version = read_u32(&data, 4)?;
    let count = read_u32(&data, 8)?;
    if !(2..=4).contains(&version) {
        return None;
    }
    let mut offset = 12;
    let mut path: Vec<u8> = Vec::new();
    let mut paths = HashSet::with_capacity(usize::try_from(count).ok()?);
    for _ in 0..count {
        let start = offset;
        // Ten 32-bit stat fields (ctime, mtime, dev, ino, mode, uid, gid,
        // size), the object name, then 16 bits of flags.
        let flags_at = start + 40 + hash_len;
        let flags = u16::from_be_bytes(data.get(flags_at..flags_at + 2)?.try_into().ok()?);
        let mut name_at = flags_at + 2;
        if flags & 0x4000 != 0 {
            // Extended flags (version 3 and later): 16 more bits.
            if version < 3 {
                return None;
            }
            name_at += 2;
        }
        if version == 4 {
            // The path is the previous one minus N trailing bytes, plus a
            // NUL-terminated suffix; no padding.
            let (strip, suffix_at) = read_varint(&data, name_at)?;
            let suffix_len = nul_position(&data, suffix_at)?;
            path.truncate(path.len().checked_sub(strip)?);
            path.extend_from_slice(&data[suffix_at..suffix_at + suffix_len]);
            offset = suffix_at + suffix_len + 1;
        } else {
            // A NUL-terminated path, padded with NULs to a multiple of 8
            // bytes from the entry's start.
            let name_len = nul_position(&data, name_at)?;
            path.clear();
            path.extend_from_slice(&data[name_at..name_at + name_len]);
            offset = start + ((name_at - start + name_len + 8) & !7);
        }
        if path.ends_with(b"/") {
            // A sparse directory entry: the files below it are listed in
            // no index file.
            return None;
        }
        paths.insert(path.clone());
    }

    // Extensions: a 4-byte signature and a 32-bit size each, up to the
    // trailing checksum.
    let checksum_at = data.len().checked_sub(hash_len)?;
    if offset > checksum_at {
        return None;
    }
    while offset + 8 <= checksum_at {
        if &data[offset..offset + 4] == b"link" {
            // Split index: most entries are in a shared index file, and
            // this one may mark some of them deleted.
            return None;
        }
        let size = usize::try_from(read_u32(&data, offset + 4)?).ok()?;
        offset = offset.checked_add(8)?.checked_add(size)?;
    }
    Some(paths)
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

/// Whether the repository's objects are named by SHA-256 (which makes index
/// entries longer): `extensions.objectFormat = sha256` in its config.
fn uses_sha256(common: &Path) -> bool {
    let Ok(config) = fs::read_to_string(common.join("config")) else {
        return false;
    };
    config.lines().any(|line| {
        let line: String = line.chars().filter(|c| !c.is_whitespace()).collect();
        line.eq_ignore_ascii_case("objectformat=sha256")
    })
}

/// The big-endian 32-bit number at `at`.
fn read_u32(data: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_be_bytes(data.get(at..at + 4)?.try_into().ok()?))
}

/// The length of the NUL-terminated string at `at`.
fn nul_position(data: &[u8], at: usize) -> Option<usize> {
    data.get(at..)?.iter().position(|&b| b == 0)
}

/// Git's variable-length number (`varint.c`): 7 bits a byte, high bit set
/// on all but the last, and each continuation adds one so that every number
/// has a single encoding. Returns the number and the offset after it.
fn read_varint(data: &[u8], mut at: usize) -> Option<(usize, usize)> {
    let mut byte = *data.get(at)?;
    at += 1;
    let mut value = usize::from(byte & 0x7f);
    while byte & 0x80 != 0 {
        byte = *data.get(at)?;
        at += 1;
        value = value
            .checked_add(1)?
            .checked_mul(128)?
            .checked_add(usize::from(byte & 0x7f))?;
    }
    Some((value, at))
}
