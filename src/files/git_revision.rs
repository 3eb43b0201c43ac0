//! Reading a configuration as a git revision holds it: `REV:PATH`
//! (`HEAD:alloy-config.alloy`, `main~1:config/`, `:a.alloy` for the
//! staged version), the way `git show REV:PATH` names a file.
//!
//! PATH is taken relative to the current directory, as a path on the
//! command line is: `REV:PATH` is handed to git as `REV:./PATH` (plain
//! `REV:PATH` would be relative to the repository's root). An absolute
//! PATH is made relative to the root. A PATH that is a directory at that
//! revision stands for its top-level `*.alloy` files, as a directory on
//! disk does.
//!
//! git is run as plumbing (`cat-file`, `ls-tree`, `rev-parse`) in the
//! given directory: it prints the stored bytes exactly, applies no text
//! conversion, and says whether a name is a file or a directory. The
//! repository may be untrusted (a pull request checked out in CI), so git
//! runs through [`git_command`], with every setting that would let the
//! repository start a program turned off on its command line: `:PATH`
//! reads the index, where git would run `core.fsmonitor`, and in a partial
//! clone a missing object would be fetched from whatever URL the
//! repository gives.

use std::path::Path;
use std::process::Stdio;

use super::git_command::git_command;

/// A `REV:PATH` argument.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RevisionPath {
    /// The revision: anything git accepts (`HEAD`, `main~1`, a hash);
    /// empty for the index (staged versions).
    pub rev: String,
    /// The path as written after the colon.
    pub path: String,
}

/// One file read from a revision.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RevisionFile {
    /// `REV:PATH`, or `REV:PATH/NAME` for a directory's file.
    pub name: String,
    /// Its bytes at that revision.
    pub text: Vec<u8>,
}

impl RevisionPath {
    /// Reads `arg` as `REV:PATH`, split at the first colon; `None` if it
    /// has no colon, no path after it, or a revision that git would take
    /// for an option.
    pub fn parse(arg: &str) -> Option<RevisionPath> {
        let (rev, path) = arg.split_once(':')?;
        if path.is_empty() || rev.starts_with('-') {
            return None;
        }
        Some(RevisionPath {
            rev: rev.to_owned(),
            path: path.to_owned(),
        })
    }

    /// The file, or the top-level `*.alloy` files of the directory, that
    /// PATH names at REV, with git run in `cwd`. The error is git's own
    /// message when git refuses (unknown revision, path not in it).
    pub fn read(&self, cwd: &Path) -> Result<Vec<RevisionFile>, String> {
        let object = self.object_name(cwd)?;
        let kind = git(cwd, &["cat-file", "-t", &object])?;
        match String::from_utf8_lossy(&kind).trim() {
            "blob" => Ok(vec![RevisionFile {
                name: self.to_string(),
                text: blob(cwd, &object)?,
            }]),
            "tree" => self.read_tree(cwd, &object),
            other => Err(format!("{self} is a {other}, not a file or directory")),
        }
    }

    /// The top-level `*.alloy` files of the tree `object`, sorted by name
    /// (git's order).
    fn read_tree(&self, cwd: &Path, object: &str) -> Result<Vec<RevisionFile>, String> {
        // Without --full-tree, ls-tree run in a subdirectory lists only the
        // entries under that subdirectory's path inside the tree.
        let listing = git(cwd, &["ls-tree", "--full-tree", "-z", object])?;
        let mut files = Vec::new();
        // Each entry: `MODE TYPE HASH\tNAME\0`.
        for entry in listing.split(|b| *b == 0).filter(|e| !e.is_empty()) {
            let entry = String::from_utf8_lossy(entry);
            let Some((meta, name)) = entry.split_once('\t') else {
                continue;
            };
            let mut meta = meta.split(' ');
            let (kind, hash) = (meta.nth(1), meta.next());
            if kind != Some("blob") || !name.ends_with(".alloy") {
                continue;
            }
            let Some(hash) = hash else { continue };
            files.push(RevisionFile {
                name: format!("{}:{}/{name}", self.rev, self.path.trim_end_matches('/')),
                text: blob(cwd, hash)?,
            });
        }
        if files.is_empty() {
            return Err(format!("no *.alloy files at the top level of {self}"));
        }
        Ok(files)
    }

    /// The object name git resolves to PATH relative to `cwd`.
    fn object_name(&self, cwd: &Path) -> Result<String, String> {
        let path = &self.path;
        if Path::new(path).is_absolute() {
            let root = git(cwd, &["rev-parse", "--show-toplevel"])?;
            let root = String::from_utf8_lossy(&root).trim().to_owned();
            let relative = Path::new(path)
                .strip_prefix(&root)
                .map_err(|_| format!("{path} is outside the repository at {root}"))?;
            return Ok(format!("{}:{}", self.rev, relative.display()));
        }
        let explicit = path == "." || path.starts_with("./") || path.starts_with("../");
        Ok(match explicit {
            true => format!("{}:{path}", self.rev),
            false => format!("{}:./{path}", self.rev),
        })
    }
}

/// The bytes of the blob `object`, refused without reading it when it is
/// larger than what alloy-lint reads from any file
/// ([`super::read::SIZE_LIMIT`]).
fn blob(cwd: &Path, object: &str) -> Result<Vec<u8>, String> {
    blob_within(cwd, object, super::read::SIZE_LIMIT)
}

/// [`blob`] with another limit.
fn blob_within(cwd: &Path, object: &str, limit: u64) -> Result<Vec<u8>, String> {
    let size = git(cwd, &["cat-file", "-s", object])?;
    let size: u64 = String::from_utf8_lossy(&size)
        .trim()
        .parse()
        .map_err(|_| format!("git gave no size for {object}"))?;
    if size > limit {
        return Err(format!("it {}", super::read::Refusal::TooLarge(limit)));
    }
    git(cwd, &["cat-file", "blob", object])
}

impl std::fmt::Display for RevisionPath {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}", self.rev, self.path)
    }
}

/// Runs `git ARGS` in `cwd`, hardened: its standard output, or its error
/// message.
fn git(cwd: &Path, args: &[&str]) -> Result<Vec<u8>, String> {
    let output = git_command()
        .args(args)
        .current_dir(cwd)
        .stdin(Stdio::null())
        .output()
        .map_err(|e| format!("cannot run git: {e}"))?;
    if output.status.success() {
        return Ok(output.stdout);
    }
    let message = String::from_utf8_lossy(&output.stderr);
    let message = message.trim();
    Err(match message.strip_prefix("fatal: ") {
        Some(rest) => rest.to_owned(),
        None if message.is_empty() => format!("git {} failed", args.join(" ")),
        None => message.to_owned(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::process::Command;

    /// Runs plain git (not hardened: it builds the repositories) in `dir`
    /// without the developer's configuration; `None` if it fails.
    fn plain_git(dir: &Path, args: &[&str]) -> Option<Vec<u8>> {
        let output = Command::new("git")
            .args(args)
            .current_dir(dir)
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            .env_remove("GIT_DIR")
            .env_remove("GIT_WORK_TREE")
            .env_remove("GIT_INDEX_FILE")
            .stdin(Stdio::null())
            .output()
            .ok()?;
        output.status.success().then_some(output.stdout)
    }

    /// A partial clone lacks the blobs of its history; reading one would
    /// make git fetch it from the promisor remote, whose URL the
    /// repository chooses: here `ext::`, a shell command.
    #[test]
    fn a_partial_clone_fetches_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let (origin, clone) = (dir.path().join("origin"), dir.path().join("clone"));
        let marker = dir.path().join("FETCHED");
        std::fs::create_dir(&origin).unwrap();
        std::fs::write(origin.join("a.alloy"), "x = 1\n").unwrap();
        let made = [
            &["init", "-q"][..],
            &["add", "a.alloy"],
            &[
                "-c",
                "user.name=t",
                "-c",
                "user.email=t@t",
                "commit",
                "-qm",
                "t",
            ],
            &["config", "uploadpack.allowFilter", "true"],
        ]
        .iter()
        .all(|args| plain_git(&origin, args).is_some());
        let url = format!("file://{}", origin.display());
        let cloned = made
            && plain_git(
                dir.path(),
                &[
                    "clone",
                    "-q",
                    "--filter=blob:none",
                    "--no-checkout",
                    &url,
                    "clone",
                ],
            )
            .is_some();
        if !cloned {
            eprintln!("skipped: this git cannot make a partial clone");
            return;
        }
        let remote = format!("ext::sh -c touch% {}", marker.display());
        plain_git(&clone, &["config", "remote.origin.url", &remote]).unwrap();
        plain_git(&clone, &["config", "protocol.ext.allow", "always"]).unwrap();

        let read = RevisionPath::parse("HEAD:a.alloy").unwrap().read(&clone);
        assert!(read.is_err(), "{read:?}");
        assert!(!marker.exists(), "git fetched through the repository's URL");
        // The trap is live: plain git springs it.
        let _ = plain_git(&clone, &["cat-file", "blob", "HEAD:a.alloy"]);
        assert!(marker.exists(), "plain git did not try to fetch");
    }

    #[test]
    fn splits_at_the_first_colon() {
        let rp = RevisionPath::parse("HEAD~1:dir/a.alloy").unwrap();
        assert_eq!(
            (rp.rev.as_str(), rp.path.as_str()),
            ("HEAD~1", "dir/a.alloy")
        );
        let staged = RevisionPath::parse(":a.alloy").unwrap();
        assert_eq!((staged.rev.as_str(), staged.path.as_str()), ("", "a.alloy"));
        assert_eq!(RevisionPath::parse("a.alloy"), None);
        assert_eq!(RevisionPath::parse("HEAD:"), None);
        assert_eq!(RevisionPath::parse("--output=x:y"), None);
    }

    #[test]
    fn paths_are_relative_to_the_current_directory() {
        let cwd = Path::new(".");
        let name = |arg: &str| RevisionPath::parse(arg).unwrap().object_name(cwd).unwrap();
        assert_eq!(name("HEAD:a.alloy"), "HEAD:./a.alloy");
        assert_eq!(name("HEAD:./a.alloy"), "HEAD:./a.alloy");
        assert_eq!(name("HEAD:../a.alloy"), "HEAD:../a.alloy");
        assert_eq!(name("main:."), "main:.");
    }

    #[test]
    fn blobs_over_the_limit_are_refused_unread() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("a.alloy");
        std::fs::write(&file, "a = 1\n").unwrap();
        let init = std::process::Command::new("git")
            .args(["init", "-q"])
            .current_dir(dir.path())
            .status();
        if !init.is_ok_and(|s| s.success()) {
            eprintln!("skipped: git cannot be run here");
            return;
        }
        let hash = git(dir.path(), &["hash-object", "-w", "a.alloy"]).unwrap();
        let hash = String::from_utf8(hash).unwrap();
        let hash = hash.trim();
        assert_eq!(blob_within(dir.path(), hash, 6).unwrap(), b"a = 1\n");
        assert_eq!(
            blob_within(dir.path(), hash, 5).unwrap_err(),
            "it is larger than 5 bytes, the most alloy-lint reads"
        );
    }
}
