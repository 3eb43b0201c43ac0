//! Where `check --fix` writes: the other half of the file door
//! ([`crate::files::FileAccess`] reads). The disk for the command line;
//! memory for tests, or for an editor that turns writes into edits.

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use crate::files::{self, ReadOnly, WriteError};

/// Replaces the content of existing files.
pub trait FileWriter: Sync {
    /// Replaces the whole content of the existing file `path` with
    /// `content`, or leaves it as it was and says why.
    fn replace(&self, path: &Path, content: &[u8]) -> Result<(), WriteError>;
}

/// The disk, through [`files::replace_file`]: atomically, regular files
/// only, read-only ones as `read_only` says.
#[derive(Debug, Clone, Copy, Default)]
pub struct DiskWriter {
    /// Whether a read-only file is replaced (`--overwrite-read-only`).
    pub read_only: ReadOnly,
}

impl FileWriter for DiskWriter {
    fn replace(&self, path: &Path, content: &[u8]) -> Result<(), WriteError> {
        files::replace_file(path, content, self.read_only)
    }
}

/// Writes kept in memory, in the order they came.
#[derive(Debug, Default)]
pub struct MemoryWriter {
    written: Mutex<Vec<(PathBuf, Vec<u8>)>>,
}

impl MemoryWriter {
    /// Nothing written yet.
    pub fn new() -> Self {
        MemoryWriter::default()
    }

    /// Every write so far: the path and the content given.
    pub fn written(&self) -> Vec<(PathBuf, Vec<u8>)> {
        self.written
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .clone()
    }
}

impl FileWriter for MemoryWriter {
    fn replace(&self, path: &Path, content: &[u8]) -> Result<(), WriteError> {
        self.written
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .push((path.to_path_buf(), content.to_vec()));
        Ok(())
    }
}
