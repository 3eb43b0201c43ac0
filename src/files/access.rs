//! The one door through which the checker reads files: the modules an
//! `import.file` names, token files, `alloy-lint.toml`, a dashboard's
//! `alloy_config`, git's index and ignore files. It is a trait, so that
//! an editor can check the unsaved text of its open files and the disk
//! for the rest ([`Overlay`]), and tests can check a configuration that
//! exists only in memory ([`MemoryFiles`]).
//!
//! [`DiskFiles`] reads through [`super::read`], which keeps its safety
//! properties: only regular files outside `/proc` and `/sys`, opened
//! without blocking, at most [`SIZE_LIMIT`].
//!
//! Not through this door: running git ([`super::git_command`], for a
//! sparse index and `diff REV:PATH`), which reads the repository, not the
//! files being edited; and writing files back ([`super::write`]). Git's
//! global configuration, read to find the user's excludes file
//! ([`super::git_config`]), comes through it like the excludes file.

use std::collections::BTreeMap;
use std::fs;
use std::io;
use std::path::{Component, Path, PathBuf};

use super::file_kind::FileKind;
use super::read::{self, ReadError, Refusal, SIZE_LIMIT};

/// What a path names, following symbolic links.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EntryKind {
    /// A regular file.
    File,
    /// A directory.
    Directory,
    /// Anything else: a device, a FIFO, a socket.
    Special,
}

/// Read access to files: the disk, memory, or open buffers over the disk.
pub trait FileAccess: Sync {
    /// The bytes of the regular file `path`, at most `limit`.
    fn read_within(&self, path: &Path, limit: u64) -> Result<Vec<u8>, ReadError>;

    /// What `path` names (following symbolic links), or why it cannot be
    /// told (absent: [`io::ErrorKind::NotFound`]).
    fn kind(&self, path: &Path) -> io::Result<EntryKind>;

    /// Whether a directory entry `path` exists, without following it: a
    /// dangling symbolic link counts (git's `.git` test).
    fn has_entry(&self, path: &Path) -> bool;

    /// `path` absolute, with symbolic links resolved.
    fn canonicalize(&self, path: &Path) -> io::Result<PathBuf>;

    /// The entries of the directory `dir` (its path joined with each
    /// name), in no particular order.
    fn read_dir(&self, dir: &Path) -> io::Result<Vec<PathBuf>>;

    /// The bytes of the regular file `path`, at most [`SIZE_LIMIT`].
    fn read(&self, path: &Path) -> Result<Vec<u8>, ReadError> {
        self.read_within(path, SIZE_LIMIT)
    }

    /// The text of the regular file `path`, which must be UTF-8.
    fn read_text(&self, path: &Path) -> Result<String, ReadError> {
        String::from_utf8(self.read(path)?).map_err(|_| read::not_utf8(path))
    }

    /// Whether `path` is a regular file.
    fn is_file(&self, path: &Path) -> bool {
        self.kind(path).is_ok_and(|k| k == EntryKind::File)
    }

    /// Whether `path` is a directory.
    fn is_dir(&self, path: &Path) -> bool {
        self.kind(path).is_ok_and(|k| k == EntryKind::Directory)
    }

    /// Whether `path` names anything (following symbolic links).
    fn exists(&self, path: &Path) -> bool {
        self.kind(path).is_ok()
    }
}

/// The disk, read through [`super::read`].
#[derive(Debug, Clone, Copy, Default)]
pub struct DiskFiles;

impl FileAccess for DiskFiles {
    fn read_within(&self, path: &Path, limit: u64) -> Result<Vec<u8>, ReadError> {
        read::read_file_within(path, limit)
    }

    fn kind(&self, path: &Path) -> io::Result<EntryKind> {
        let metadata = fs::metadata(path)?;
        Ok(match FileKind::of(&metadata) {
            None => EntryKind::File,
            Some(FileKind::Directory) => EntryKind::Directory,
            Some(_) => EntryKind::Special,
        })
    }

    fn has_entry(&self, path: &Path) -> bool {
        path.symlink_metadata().is_ok()
    }

    fn canonicalize(&self, path: &Path) -> io::Result<PathBuf> {
        fs::canonicalize(path)
    }

    fn read_dir(&self, dir: &Path) -> io::Result<Vec<PathBuf>> {
        Ok(fs::read_dir(dir)?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .collect())
    }
}

/// Files held in memory, by path; directories are implied by the files
/// below them. Nothing here touches the disk: paths are compared after
/// resolving `.` and `..` by their text, and there are no symbolic links.
#[derive(Debug, Clone, Default)]
pub struct MemoryFiles {
    files: BTreeMap<PathBuf, Vec<u8>>,
}

impl MemoryFiles {
    /// No files.
    pub fn new() -> Self {
        MemoryFiles::default()
    }

    /// Sets the content of the file `path` (replacing any).
    pub fn insert(&mut self, path: impl AsRef<Path>, content: impl Into<Vec<u8>>) {
        self.files.insert(lexical(path.as_ref()), content.into());
    }

    /// Forgets the file `path` (an editor closed it).
    pub fn remove(&mut self, path: &Path) -> Option<Vec<u8>> {
        self.files.remove(&lexical(path))
    }

    /// The content of the file `path`, if held.
    pub fn get(&self, path: &Path) -> Option<&[u8]> {
        self.files.get(&lexical(path)).map(Vec::as_slice)
    }

    /// Whether some file lies below `dir`.
    fn holds_below(&self, dir: &Path) -> bool {
        self.files
            .range(dir.to_path_buf()..)
            .take_while(|(p, _)| p.starts_with(dir))
            .any(|(p, _)| p != dir)
    }
}

/// `path` with `.` dropped and `..` taking off the name before it, by its
/// text alone.
fn lexical(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir
                if matches!(out.components().next_back(), Some(Component::Normal(_))) =>
            {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

fn not_found(path: &Path) -> io::Error {
    io::Error::new(
        io::ErrorKind::NotFound,
        format!("{} is not among the files in memory", path.display()),
    )
}

impl FileAccess for MemoryFiles {
    fn read_within(&self, path: &Path, limit: u64) -> Result<Vec<u8>, ReadError> {
        let error = |reason| ReadError {
            name: path.display().to_string(),
            reason,
        };
        let key = lexical(path);
        match self.files.get(&key) {
            Some(bytes) if bytes.len() as u64 > limit => Err(error(Refusal::TooLarge(limit))),
            Some(bytes) => Ok(bytes.clone()),
            None if self.holds_below(&key) => Err(error(Refusal::NotAFile(FileKind::Directory))),
            None => Err(error(Refusal::Io(not_found(path)))),
        }
    }

    fn kind(&self, path: &Path) -> io::Result<EntryKind> {
        let key = lexical(path);
        if self.files.contains_key(&key) {
            Ok(EntryKind::File)
        } else if self.holds_below(&key) {
            Ok(EntryKind::Directory)
        } else {
            Err(not_found(path))
        }
    }

    fn has_entry(&self, path: &Path) -> bool {
        self.kind(path).is_ok()
    }

    fn canonicalize(&self, path: &Path) -> io::Result<PathBuf> {
        self.kind(path).map(|_| lexical(path))
    }

    fn read_dir(&self, dir: &Path) -> io::Result<Vec<PathBuf>> {
        let key = lexical(dir);
        if self.kind(&key)? != EntryKind::Directory {
            return Err(io::Error::new(
                io::ErrorKind::NotADirectory,
                format!("{} is not a directory", dir.display()),
            ));
        }
        let mut names: Vec<PathBuf> = self
            .files
            .range(key.clone()..)
            .take_while(|(p, _)| p.starts_with(&key))
            .filter_map(|(p, _)| p.strip_prefix(&key).ok()?.components().next())
            .map(|first| dir.join(first))
            .collect();
        names.dedup();
        Ok(names)
    }
}

/// What an editor reads: the text of its open files (saved or not), and
/// the disk (or any `base`) for every other file.
pub struct Overlay<'b> {
    /// The open files, by path.
    pub open: MemoryFiles,
    /// Where every other file is read.
    pub base: &'b dyn FileAccess,
}

impl FileAccess for Overlay<'_> {
    fn read_within(&self, path: &Path, limit: u64) -> Result<Vec<u8>, ReadError> {
        match self.open.kind(path) {
            Ok(EntryKind::File) => self.open.read_within(path, limit),
            _ => self.base.read_within(path, limit),
        }
    }

    fn kind(&self, path: &Path) -> io::Result<EntryKind> {
        self.open.kind(path).or_else(|_| self.base.kind(path))
    }

    fn has_entry(&self, path: &Path) -> bool {
        self.open.has_entry(path) || self.base.has_entry(path)
    }

    fn canonicalize(&self, path: &Path) -> io::Result<PathBuf> {
        // The disk's answer first: an open file is usually on disk too,
        // and its links resolve there.
        self.base
            .canonicalize(path)
            .or_else(|_| self.open.canonicalize(path))
    }

    fn read_dir(&self, dir: &Path) -> io::Result<Vec<PathBuf>> {
        let open = self.open.read_dir(dir);
        let base = self.base.read_dir(dir);
        let mut entries = match (open, base) {
            (Err(e), Err(_)) => return Err(e),
            (open, base) => {
                let mut all = open.unwrap_or_default();
                all.extend(base.unwrap_or_default());
                all
            }
        };
        entries.sort();
        entries.dedup();
        Ok(entries)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn memory_files_imply_their_directories() {
        let mut files = MemoryFiles::new();
        files.insert("/m/cfg/a.alloy", "a = 1\n");
        files.insert("/m/cfg/sub/b.alloy", "b = 1\n");
        assert_eq!(
            files.kind(Path::new("/m/cfg")).unwrap(),
            EntryKind::Directory
        );
        assert_eq!(
            files.kind(Path::new("/m/cfg/./sub/../a.alloy")).unwrap(),
            EntryKind::File
        );
        assert!(files.kind(Path::new("/m/cf")).is_err());
        let mut listed = files.read_dir(Path::new("/m/cfg")).unwrap();
        listed.sort();
        assert_eq!(
            listed,
            [PathBuf::from("/m/cfg/a.alloy"), PathBuf::from("/m/cfg/sub")]
        );
        let e = files.read(Path::new("/m/cfg")).unwrap_err();
        assert!(matches!(e.reason, Refusal::NotAFile(FileKind::Directory)));
        assert!(files
            .read(Path::new("/m/none.alloy"))
            .unwrap_err()
            .is_not_found());
        let e = files
            .read_within(Path::new("/m/cfg/a.alloy"), 3)
            .unwrap_err();
        assert!(matches!(e.reason, Refusal::TooLarge(3)));
    }

    #[test]
    fn an_overlay_reads_open_files_first_and_the_base_for_the_rest() {
        let dir = tempfile::tempdir().unwrap();
        let saved = dir.path().join("a.alloy");
        let other = dir.path().join("b.alloy");
        fs::write(&saved, "saved\n").unwrap();
        fs::write(&other, "other\n").unwrap();
        let mut open = MemoryFiles::new();
        open.insert(&saved, "unsaved\n");
        let unsaved_new = dir.path().join("new.alloy");
        open.insert(&unsaved_new, "new\n");
        let overlay = Overlay {
            open,
            base: &DiskFiles,
        };
        assert_eq!(overlay.read(&saved).unwrap(), b"unsaved\n");
        assert_eq!(overlay.read(&other).unwrap(), b"other\n");
        assert_eq!(overlay.read(&unsaved_new).unwrap(), b"new\n");
        assert_eq!(
            overlay.read_dir(dir.path()).unwrap(),
            [saved.clone(), other, unsaved_new]
        );
        // The disk's safety checks still apply to what it reads.
        assert!(overlay.read(dir.path()).is_err());
    }
}
