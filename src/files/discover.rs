//! Expanding the PATHS of a command line into the files to process.
//!
//! - a file is taken as is, whatever its name and even if an ignore file
//!   excludes it: naming a file is explicit;
//! - a directory yields every `*.alloy` file below it, skipping what
//!   `.gitignore`, `.ignore` and git's exclude files exclude (inside a git
//!   repository or not) and hidden files and directories, in sorted order;
//! - `-` stands for standard input.
//!
//! The same file reached twice (named and inside a named directory) is kept
//! once, at its first place.
//!
//! This is the command line's expansion of its PATHS, so it reads the disk
//! itself (the `ignore` crate walks the directories and reads their ignore
//! files), not through [`super::access::FileAccess`]: an editor knows its
//! files and checks them through that door.

use std::collections::HashSet;
use std::fmt;
use std::fs;
use std::path::{Path, PathBuf};

/// One input to process.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Input {
    /// Standard input (`-`).
    Stdin,
    /// A file, as named on the command line or found in a directory.
    File(PathBuf),
}

/// A path that could not be expanded: it does not exist, cannot be read, or
/// a directory below it cannot be listed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DiscoverError {
    /// The path concerned.
    pub path: PathBuf,
    /// Why it failed, e.g. `No such file or directory (os error 2)`.
    pub message: String,
}

impl fmt::Display for DiscoverError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path.display(), self.message)
    }
}

/// What a list of PATHS expands to.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Discovery {
    /// The inputs, in command-line order; each directory's files sorted.
    pub inputs: Vec<Input>,
    /// The paths that could not be expanded, in command-line order.
    pub errors: Vec<DiscoverError>,
    /// Directories that held no `*.alloy` file (after ignore rules).
    pub empty_dirs: Vec<PathBuf>,
}

/// Whether `path` is the `-` that stands for standard input.
pub fn is_stdin(path: &Path) -> bool {
    path.as_os_str() == "-"
}

/// Expands `paths` (see the module documentation).
pub fn discover(paths: &[PathBuf]) -> Discovery {
    let mut discovery = Discovery::default();
    let mut seen = HashSet::new();
    let mut push = |discovery: &mut Discovery, input: Input| {
        let key = match &input {
            Input::Stdin => Input::Stdin,
            Input::File(p) => Input::File(fs::canonicalize(p).unwrap_or_else(|_| p.clone())),
        };
        if seen.insert(key) {
            discovery.inputs.push(input);
        }
    };
    for path in paths {
        if is_stdin(path) {
            push(&mut discovery, Input::Stdin);
            continue;
        }
        match fs::metadata(path) {
            Err(e) => discovery.errors.push(DiscoverError {
                path: path.clone(),
                message: e.to_string(),
            }),
            Ok(meta) if meta.is_dir() => {
                let (files, errors) = walk(path);
                if files.is_empty() && errors.is_empty() {
                    discovery.empty_dirs.push(path.clone());
                }
                for file in files {
                    push(&mut discovery, Input::File(file));
                }
                discovery.errors.extend(errors);
            }
            Ok(_) => push(&mut discovery, Input::File(path.clone())),
        }
    }
    discovery
}

/// Every `*.alloy` file below `dir` that the ignore rules keep, sorted, and
/// the errors met on the way.
fn walk(dir: &Path) -> (Vec<PathBuf>, Vec<DiscoverError>) {
    let mut files = Vec::new();
    let mut errors = Vec::new();
    // require_git(false): .gitignore applies in plain directories too, so
    // results do not depend on whether a `.git` sits above.
    let walker = ignore::WalkBuilder::new(dir).require_git(false).build();
    for entry in walker {
        match entry {
            Ok(entry) => {
                let is_file = entry.file_type().is_some_and(|t| t.is_file());
                if is_file && entry.path().extension().is_some_and(|e| e == "alloy") {
                    files.push(entry.into_path());
                }
            }
            Err(e) => errors.push(DiscoverError {
                path: error_path(&e).unwrap_or(dir).to_path_buf(),
                message: error_message(&e),
            }),
        }
    }
    files.sort();
    (files, errors)
}

/// The path an `ignore` error is about, if it says.
fn error_path(e: &ignore::Error) -> Option<&Path> {
    match e {
        ignore::Error::WithPath { path, .. } => Some(path),
        ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
            error_path(err)
        }
        _ => None,
    }
}

/// An `ignore` error's message without the path (reported separately).
fn error_message(e: &ignore::Error) -> String {
    match e {
        ignore::Error::WithPath { err, .. } | ignore::Error::WithDepth { err, .. } => {
            error_message(err)
        }
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn touch(path: &Path) {
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, "a = 1\n").unwrap();
    }

    fn files(discovery: &Discovery) -> Vec<PathBuf> {
        discovery
            .inputs
            .iter()
            .map(|i| match i {
                Input::File(p) => p.clone(),
                Input::Stdin => PathBuf::from("-"),
            })
            .collect()
    }

    #[test]
    fn directory_yields_sorted_alloy_files_minus_ignored() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path();
        for name in [
            "b.alloy",
            "a.alloy",
            "sub/c.alloy",
            "notes.txt",
            "ignored.alloy",
            "build/gen.alloy",
            "skip/by-dot-ignore.alloy",
            ".hidden/h.alloy",
        ] {
            touch(&root.join(name));
        }
        fs::write(root.join(".gitignore"), "ignored.alloy\nbuild/\n").unwrap();
        fs::write(root.join(".ignore"), "skip/\n").unwrap();

        let d = discover(&[root.to_path_buf()]);
        assert_eq!(d.errors, vec![]);
        assert_eq!(
            files(&d),
            vec![
                root.join("a.alloy"),
                root.join("b.alloy"),
                root.join("sub/c.alloy")
            ]
        );
    }

    #[test]
    fn git_exclude_file_is_honoured() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path();
        touch(&root.join("kept.alloy"));
        touch(&root.join("local.alloy"));
        fs::create_dir_all(root.join(".git/info")).unwrap();
        fs::write(root.join(".git/info/exclude"), "local.alloy\n").unwrap();
        assert_eq!(
            files(&discover(&[root.to_path_buf()])),
            vec![root.join("kept.alloy")]
        );
    }

    #[test]
    fn named_file_is_taken_even_if_ignored_and_not_alloy() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path();
        touch(&root.join("ignored.alloy"));
        touch(&root.join("config.river"));
        fs::write(root.join(".gitignore"), "ignored.alloy\n").unwrap();
        let paths = [root.join("ignored.alloy"), root.join("config.river")];
        assert_eq!(files(&discover(&paths)), paths.to_vec());
    }

    #[test]
    fn command_line_order_stdin_and_duplicates() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path();
        touch(&root.join("z.alloy"));
        touch(&root.join("dir/a.alloy"));
        let paths = [
            root.join("z.alloy"),
            PathBuf::from("-"),
            root.join("dir"),
            root.join("dir/a.alloy"),
            PathBuf::from("-"),
        ];
        let d = discover(&paths);
        assert_eq!(
            d.inputs,
            vec![
                Input::File(root.join("z.alloy")),
                Input::Stdin,
                Input::File(root.join("dir/a.alloy")),
            ]
        );
    }

    #[test]
    fn missing_path_and_empty_directory_are_reported() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path();
        fs::create_dir(root.join("empty")).unwrap();
        let d = discover(&[root.join("nope.alloy"), root.join("empty")]);
        assert!(d.inputs.is_empty());
        assert_eq!(d.errors.len(), 1);
        assert_eq!(d.errors[0].path, root.join("nope.alloy"));
        assert!(
            d.errors[0].to_string().contains("nope.alloy: "),
            "{}",
            d.errors[0]
        );
        assert_eq!(d.empty_dirs, vec![root.join("empty")]);
    }
}
