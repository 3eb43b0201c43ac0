//! Which `alloy-lint.toml` applies to each configuration: the one named
//! (`--config`), none (`--no-config`), or the nearest above it, each file
//! read once however many configurations share it.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::check::settings::{self, Settings, SettingsError};
use crate::files::FileAccess;

/// Where settings come from.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum SettingsChoice {
    /// The nearest `alloy-lint.toml` in a configuration's directory or
    /// above.
    #[default]
    Nearest,
    /// This file, for every configuration (`--config FILE`).
    File(PathBuf),
    /// None: the defaults (`--no-config`).
    Defaults,
}

/// Settings by configuration, each settings file read and validated once.
pub struct SettingsCache<'f> {
    files: &'f dyn FileAccess,
    /// The file named, read when the cache is made.
    named: Option<Settings>,
    nearest: bool,
    /// Settings files already read, by path.
    read: HashMap<PathBuf, Settings>,
}

impl<'f> SettingsCache<'f> {
    /// Settings as `choice` says, read from `files`. A named file is read
    /// now: when it is invalid, nothing is checked.
    pub fn new(choice: &SettingsChoice, files: &'f dyn FileAccess) -> Result<Self, SettingsError> {
        let named = match choice {
            SettingsChoice::File(path) => Some(settings::load_in(files, path)?),
            _ => None,
        };
        Ok(SettingsCache {
            files,
            named,
            nearest: *choice == SettingsChoice::Nearest,
            read: HashMap::new(),
        })
    }

    /// The settings of the configuration at `anchor` (its file or
    /// directory).
    pub fn settings_for(&mut self, anchor: &Path) -> Result<Settings, SettingsError> {
        if let Some(named) = &self.named {
            return Ok(named.clone());
        }
        if !self.nearest {
            return Ok(Settings::default());
        }
        let Some(file) = settings::discover_in(self.files, anchor) else {
            return Ok(Settings::default());
        };
        if let Some(settings) = self.read.get(&file) {
            return Ok(settings.clone());
        }
        let settings = settings::load_in(self.files, &file)?;
        self.read.insert(file, settings.clone());
        Ok(settings)
    }
}
