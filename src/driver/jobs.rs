//! What to check: the inputs named (files, directories, standard input)
//! turned into configurations, each with its settings.
//!
//! Each file named is its own configuration; a directory's top-level
//! `*.alloy` files form one, as `alloy run DIR` loads them. The same file
//! or directory named twice is checked once. A settings file's `exclude`
//! drops files found by listing a directory, never a file named.

use std::collections::HashSet;
use std::io::Read;
use std::path::{Path, PathBuf};

use super::settings_cache::SettingsCache;
use crate::check::settings::{Settings, SettingsError};
use crate::files::{self, config_paths, FileAccess, Source};

/// One thing to check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    /// A file or a directory, read through the file door.
    Path(PathBuf),
    /// Standard input (`-`).
    Stdin,
}

impl Input {
    /// `-` is standard input, anything else a path.
    pub fn from_argument(path: &Path) -> Self {
        match files::is_stdin(path) {
            true => Input::Stdin,
            false => Input::Path(path.to_path_buf()),
        }
    }
}

/// Where standard input comes from, and the name it is given.
pub struct Stdin<'r> {
    /// Read once, for the first `-`.
    pub reader: &'r mut dyn Read,
    /// The name diagnostics use (`--stdin-filename`).
    pub name: &'r str,
    /// Where its settings are looked for: the working directory.
    pub anchor: PathBuf,
}

/// One configuration to check: its files, and where its settings are
/// looked for.
#[derive(Debug, Clone)]
pub struct Job {
    /// Its files; those of a path not read yet (empty text).
    pub sources: Vec<Source>,
    /// The file or directory named (the working directory for standard
    /// input).
    pub anchor: PathBuf,
    /// Whether its files come from listing a directory (`exclude`
    /// applies).
    pub listed: bool,
}

/// The configurations `inputs` name, and what was found on the way.
#[derive(Debug, Default)]
pub struct Plan {
    /// The configurations, in the order named.
    pub jobs: Vec<Job>,
    /// Inputs that hold nothing to check (a directory without `*.alloy`
    /// files).
    pub warnings: Vec<String>,
    /// Inputs that could not be read.
    pub problems: Vec<String>,
}

/// The configurations `inputs` name, found in `files`; standard input is
/// read from `stdin` when named.
pub fn plan(inputs: &[Input], files: &dyn FileAccess, stdin: Stdin<'_>) -> Plan {
    let mut plan = Plan::default();
    let mut seen = HashSet::new();
    for input in inputs {
        let path = match input {
            Input::Path(path) => path.clone(),
            Input::Stdin => PathBuf::from("-"),
        };
        let key = files.canonicalize(&path).unwrap_or_else(|_| path.clone());
        if !seen.insert(key) {
            continue;
        }
        if *input == Input::Stdin {
            match files::read_stdin(stdin.reader, "standard input") {
                Ok(text) => plan.jobs.push(Job {
                    sources: vec![Source {
                        name: stdin.name.to_owned(),
                        path: None,
                        text,
                    }],
                    anchor: stdin.anchor.clone(),
                    listed: false,
                }),
                Err(e) => plan.problems.push(e.to_string()),
            }
            continue;
        }
        match config_paths::configuration_files_in(files, &path) {
            Ok(paths) if paths.is_empty() => plan.warnings.push(format!(
                "no *.alloy files at the top level of {}",
                path.display()
            )),
            Ok(paths) => plan.jobs.push(Job {
                sources: paths
                    .into_iter()
                    .map(|p| Source {
                        name: p.display().to_string(),
                        path: Some(p),
                        text: Vec::new(),
                    })
                    .collect(),
                listed: files.is_dir(&path),
                anchor: path,
            }),
            Err(e) => plan
                .problems
                .push(format!("cannot read {}: {e}", path.display())),
        }
    }
    plan
}

/// Each of `jobs` with its settings, files `exclude`d from a directory
/// listing dropped, and configurations left with no file dropped.
pub fn with_settings(
    jobs: Vec<Job>,
    settings: &mut SettingsCache<'_>,
) -> Result<Vec<(Job, Settings)>, SettingsError> {
    let mut settled = Vec::with_capacity(jobs.len());
    for mut job in jobs {
        let found = settings.settings_for(&job.anchor)?;
        if job.listed {
            job.sources
                .retain(|s| s.path.as_deref().is_none_or(|p| !found.is_excluded(p)));
        }
        settled.push((job, found));
    }
    settled.retain(|(job, _)| !job.sources.is_empty());
    Ok(settled)
}
