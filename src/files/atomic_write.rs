//! Rewriting a file without ever leaving it half-written.
//!
//! The new content goes to a temporary file in the same directory (so the
//! rename stays on one file system), gets the original's permissions, is
//! flushed to disk, and then replaces the original with one `rename`: readers
//! and crashes see either the old file or the new one, never a mix. A
//! symbolic link is followed, so the link stays and its target changes.
//!
//! Callers only call this for content that differs: an unchanged file is
//! never touched (its mtime and inode stay).

use std::fs;
use std::io::{self, Write};
use std::path::Path;

/// Replaces the content of the existing file `path` with `contents`,
/// atomically, keeping its permissions (and, where allowed, owner and
/// group).
///
/// On error the original file is left as it was.
pub fn write_atomically(path: &Path, contents: &[u8]) -> io::Result<()> {
    let target = fs::canonicalize(path)?;
    let dir = target.parent().ok_or_else(|| {
        io::Error::new(io::ErrorKind::InvalidInput, "path has no parent directory")
    })?;
    let metadata = fs::metadata(&target)?;

    let mut tmp = tempfile::Builder::new()
        .prefix(".alloy-lint-")
        .suffix(".tmp")
        .tempfile_in(dir)?;
    tmp.write_all(contents)?;
    tmp.as_file().set_permissions(metadata.permissions())?;
    keep_owner(tmp.as_file(), &metadata);
    tmp.as_file().sync_all()?;
    tmp.persist(&target).map_err(|e| e.error)?;
    Ok(())
}

/// Creates the file `path` with `contents`, atomically: the complete file
/// appears at once or not at all, with the permissions a new file gets
/// (0666 less the umask). Fails with [`io::ErrorKind::AlreadyExists`] if
/// `path` exists, so a file created meanwhile is never replaced.
pub fn create_atomically(path: &Path, contents: &[u8]) -> io::Result<()> {
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    let mut builder = tempfile::Builder::new();
    builder.prefix(".alloy-lint-").suffix(".tmp");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(fs::Permissions::from_mode(0o666));
    }
    let mut tmp = builder.tempfile_in(dir)?;
    tmp.write_all(contents)?;
    tmp.as_file().sync_all()?;
    tmp.persist_noclobber(path).map_err(|e| e.error)?;
    Ok(())
}

/// Gives `file` the owner and group of `original`, where allowed (e.g. when
/// root rewrites a user's file). Failing to is not an error: without the
/// right to change owners, the file is ours anyway.
#[cfg(unix)]
fn keep_owner(file: &fs::File, original: &fs::Metadata) {
    use std::os::unix::fs::MetadataExt;
    let Ok(current) = file.metadata() else { return };
    if (current.uid(), current.gid()) != (original.uid(), original.gid()) {
        let _ = std::os::unix::fs::fchown(file, Some(original.uid()), Some(original.gid()));
    }
}

#[cfg(not(unix))]
fn keep_owner(_file: &fs::File, _original: &fs::Metadata) {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_content_and_leaves_no_temporary_file() {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("a.alloy");
        fs::write(&path, "a=1").unwrap();
        write_atomically(&path, b"a = 1\n").unwrap();
        assert_eq!(fs::read_to_string(&path).unwrap(), "a = 1\n");
        let names: Vec<_> = fs::read_dir(tmp.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, vec!["a.alloy"]);
    }

    #[cfg(unix)]
    #[test]
    fn keeps_permissions() {
        use std::os::unix::fs::PermissionsExt;
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("a.alloy");
        fs::write(&path, "a=1").unwrap();
        fs::set_permissions(&path, fs::Permissions::from_mode(0o640)).unwrap();
        write_atomically(&path, b"a = 1\n").unwrap();
        let mode = fs::metadata(&path).unwrap().permissions().mode();
        assert_eq!(mode & 0o7777, 0o640);
    }

    #[cfg(unix)]
    #[test]
    fn follows_symbolic_links() {
        let tmp = tempfile::tempdir().unwrap();
        let real = tmp.path().join("real.alloy");
        let link = tmp.path().join("link.alloy");
        fs::write(&real, "a=1").unwrap();
        std::os::unix::fs::symlink(&real, &link).unwrap();
        write_atomically(&link, b"a = 1\n").unwrap();
        assert!(fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink());
        assert_eq!(fs::read_to_string(&real).unwrap(), "a = 1\n");
    }

    #[test]
    fn creates_new_files_only() {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("new.alloy");
        create_atomically(&path, b"a = 1\n").unwrap();
        assert_eq!(fs::read_to_string(&path).unwrap(), "a = 1\n");
        let err = create_atomically(&path, b"b = 2\n").unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::AlreadyExists);
        assert_eq!(fs::read_to_string(&path).unwrap(), "a = 1\n");
        let names: Vec<_> = fs::read_dir(tmp.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, vec!["new.alloy"]);
    }

    #[test]
    fn missing_file_is_an_error() {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("missing.alloy");
        assert!(write_atomically(&path, b"a = 1\n").is_err());
        assert!(!path.exists());
    }
}
