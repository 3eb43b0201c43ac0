//! What `init` writes where: the rendered files, checked, and the token
//! file's `.gitignore` line; then writing them, each atomically.

use std::fmt;
use std::fs;
use std::path::{Path, PathBuf};

use super::{gitignore, render, validate, Problem, Stack, CONFIG_FILE, DASHBOARD_FILE};
use crate::files::{self, create_file, replace_file, ReadOnly};

/// Where and how to write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Options {
    /// The output directory (created if needed).
    pub dir: PathBuf,
    /// Whether to write the starter dashboard.
    pub dashboard: bool,
}

/// What happens to one file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// The file does not exist and is created.
    Create,
    /// The file exists and is replaced (only with `--force`).
    Replace,
    /// `.gitignore` exists and gets the token file's line appended.
    Append,
}

/// One file to write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Write {
    /// Where.
    pub path: PathBuf,
    /// Its whole new content.
    pub contents: String,
    /// Created, replaced or appended to.
    pub action: Action,
}

/// How the token file is kept out of git.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TokenIgnore {
    /// Its line is added to `.gitignore` (`line`).
    Added {
        /// The `.gitignore` line.
        line: String,
    },
    /// Git's rules already ignore it: `.gitignore` is left alone.
    AlreadyIgnored,
    /// It lies outside the output directory (absolute, or `..`), where a
    /// `.gitignore` there cannot name it.
    Outside,
}

/// Everything `init` is about to write, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    /// The rendered configuration (also in `writes`).
    pub config: String,
    /// The files to write, configuration first.
    pub writes: Vec<Write>,
    /// The token file, as the configuration names it.
    pub token_file: String,
    /// What happens about the token file.
    pub token: TokenIgnore,
}

/// Why nothing can be written.
#[derive(Debug)]
pub enum PlanError {
    /// Values `check` finds fault with.
    Invalid(Vec<Problem>),
    /// A file could not be read.
    Unreadable(files::ReadError),
}

/// Why writing stopped.
#[derive(Debug)]
pub enum WriteError {
    /// Files would be replaced, and `force` was not given. Nothing was
    /// written.
    Exists(Vec<PathBuf>),
    /// Writing `path` failed; `written` were written before.
    Io {
        /// The files written before the failure.
        written: Vec<PathBuf>,
        /// The file that could not be written.
        path: PathBuf,
        /// Why.
        error: files::WriteError,
    },
}

impl fmt::Display for WriteError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WriteError::Exists(paths) => {
                let names: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
                write!(f, "would replace {}", names.join(", "))
            }
            WriteError::Io { path, error, .. } => {
                write!(f, "cannot write {}: {error}", path.display())
            }
        }
    }
}

/// Renders the files for `stack`, checks the configuration where it is to
/// be written, and decides the `.gitignore` change. Reads the output
/// directory; writes nothing.
pub fn plan(stack: &Stack, options: &Options) -> Result<Plan, PlanError> {
    let files = render(stack);
    let dir = &options.dir;
    let gitignore_path = dir.join(".gitignore");
    let existing = match files::read_text_file(&gitignore_path) {
        Ok(text) => Some(text),
        Err(e) if e.is_not_found() => None,
        Err(e) => return Err(PlanError::Unreadable(e)),
    };
    let mut gitignore_write = None;
    let token = match gitignore::inside(&stack.token_file) {
        None => TokenIgnore::Outside,
        Some(relative) if gitignore::already_ignored(dir, &relative, existing.as_deref()) => {
            TokenIgnore::AlreadyIgnored
        }
        Some(relative) => {
            let line = gitignore::entry(&relative);
            let old = existing.as_deref().unwrap_or("");
            match gitignore::append(old, &line) {
                Some(contents) => {
                    gitignore_write = Some(Write {
                        path: gitignore_path,
                        contents,
                        action: if existing.is_some() {
                            Action::Append
                        } else {
                            Action::Create
                        },
                    });
                    TokenIgnore::Added { line }
                }
                None => TokenIgnore::AlreadyIgnored,
            }
        }
    };
    let config_path = dir.join(CONFIG_FILE);
    let problems = validate(
        &files.config,
        &config_path,
        matches!(token, TokenIgnore::Added { .. }),
    );
    if !problems.is_empty() {
        return Err(PlanError::Invalid(problems));
    }
    let mut writes = vec![Write {
        action: action_for(&config_path),
        path: config_path,
        contents: files.config.clone(),
    }];
    if options.dashboard {
        let path = dir.join(DASHBOARD_FILE);
        writes.push(Write {
            action: action_for(&path),
            path,
            contents: files.dashboard,
        });
    }
    writes.extend(gitignore_write);
    Ok(Plan {
        config: files.config,
        writes,
        token_file: stack.token_file.clone(),
        token,
    })
}

/// Create or replace, by whether `path` exists (a dangling link counts).
fn action_for(path: &Path) -> Action {
    if path.symlink_metadata().is_ok() {
        Action::Replace
    } else {
        Action::Create
    }
}

impl Plan {
    /// The existing files this plan would replace.
    pub fn conflicts(&self) -> Vec<PathBuf> {
        self.writes
            .iter()
            .filter(|w| w.action == Action::Replace)
            .map(|w| w.path.clone())
            .collect()
    }

    /// Writes every file, each atomically, creating the directory first.
    /// Without `force`, nothing is written if any file would be replaced;
    /// a file that appears after planning is never replaced.
    pub fn write(&self, force: bool) -> Result<Vec<PathBuf>, WriteError> {
        let conflicts = self.conflicts();
        if !force && !conflicts.is_empty() {
            return Err(WriteError::Exists(conflicts));
        }
        let mut written = Vec::new();
        for w in &self.writes {
            let result = match (w.action, w.path.parent()) {
                (Action::Create, parent) => parent
                    .filter(|d| !d.as_os_str().is_empty())
                    .map_or(Ok(()), fs::create_dir_all)
                    .and_then(|()| create_file(&w.path, w.contents.as_bytes()))
                    .map_err(files::WriteError::Io),
                (Action::Replace | Action::Append, _) => {
                    replace_file(&w.path, w.contents.as_bytes(), ReadOnly::Refuse)
                }
            };
            if let Err(error) = result {
                return Err(WriteError::Io {
                    written,
                    path: w.path.clone(),
                    error,
                });
            }
            written.push(w.path.clone());
        }
        Ok(written)
    }
}
