//! Writing files: only regular files, never half-written where it can be
//! helped, keeping what the file system knows about them.
//!
//! [`replace_file`] rewrites an existing file (`fmt -w`, `check --fix`,
//! `-o OUT`):
//!
//! - Only a regular file is replaced: a directory, device, FIFO or socket
//!   is refused (`fmt -w /dev/null` must not turn the device into a file).
//!   A symbolic link is followed: the link stays and its target changes.
//! - A read-only file (no write permission bit, or one the user may not
//!   write) is refused, as `gofmt -w` refuses it, unless the caller says
//!   [`ReadOnly::Replace`] (`--overwrite-read-only`).
//! - Normally, the new content goes to a temporary file in the same
//!   directory (so the rename stays on one file system), which gets the
//!   original's permissions, owner and group where allowed, and extended
//!   attributes (POSIX ACLs are stored there on Linux), is flushed to disk,
//!   and replaces the original with one `rename`: readers and crashes see
//!   the old file or the new one, never a mix.
//! - A file with several hard links is rewritten in place instead, so that
//!   every name sees the new content (a rename would give one name a new
//!   file and leave the others on the old one). The content is complete in
//!   memory before the file is opened, but the write itself is not atomic:
//!   a crash during it can leave the file partly written.
//!
//! [`create_file`] creates a new file atomically and never replaces one.
//!
//! Callers only write content that differs: an unchanged file is never
//! touched (its mtime and inode stay).

use std::fmt;
use std::fs;
use std::io::{self, Write};
use std::path::Path;

use super::file_kind::FileKind;

/// What to do with an existing file that is read-only.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ReadOnly {
    /// Leave it and fail with [`WriteError::ReadOnly`].
    #[default]
    Refuse,
    /// Replace it all the same (it stays read-only).
    Replace,
}

impl ReadOnly {
    /// [`ReadOnly::Replace`] when the user asked for it
    /// (`--overwrite-read-only`).
    pub fn from_flag(overwrite: bool) -> Self {
        match overwrite {
            true => ReadOnly::Replace,
            false => ReadOnly::Refuse,
        }
    }
}

/// Why a file was not written. The original is left as it was.
#[derive(Debug)]
pub enum WriteError {
    /// It is not a regular file.
    NotAFile(FileKind),
    /// It is read-only, and [`ReadOnly::Refuse`] was asked.
    ReadOnly,
    /// An extended attribute could not be given to the new file.
    Attribute {
        /// The attribute's name.
        name: String,
        /// Why.
        error: io::Error,
    },
    /// The system refused.
    Io(io::Error),
}

impl fmt::Display for WriteError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WriteError::NotAFile(kind) => write!(f, "it is {kind}, not a file"),
            WriteError::ReadOnly => f.write_str("it is read-only"),
            WriteError::Attribute { name, error } => write!(
                f,
                "its extended attribute {name} cannot be kept ({error}); the file is left as it was"
            ),
            WriteError::Io(e) => write!(f, "{e}"),
        }
    }
}

impl std::error::Error for WriteError {}

impl From<io::Error> for WriteError {
    fn from(e: io::Error) -> Self {
        WriteError::Io(e)
    }
}

/// Replaces the content of the existing regular file `path` with
/// `contents`, as the module documentation says.
pub fn replace_file(path: &Path, contents: &[u8], read_only: ReadOnly) -> Result<(), WriteError> {
    let target = fs::canonicalize(path)?;
    let metadata = fs::metadata(&target)?;
    if let Some(kind) = FileKind::of(&metadata) {
        return Err(WriteError::NotAFile(kind));
    }
    if read_only == ReadOnly::Refuse && is_read_only(&target, &metadata) {
        return Err(WriteError::ReadOnly);
    }
    if link_count(&metadata) > 1 {
        return rewrite_in_place(&target, contents);
    }
    let dir = target.parent().ok_or_else(|| {
        io::Error::new(io::ErrorKind::InvalidInput, "path has no parent directory")
    })?;
    let mut tmp = tempfile::Builder::new()
        .prefix(".alloy-lint-")
        .suffix(".tmp")
        .tempfile_in(dir)?;
    tmp.write_all(contents)?;
    tmp.as_file().set_permissions(metadata.permissions())?;
    keep_owner(tmp.as_file(), &metadata);
    keep_attributes(&target, tmp.as_file())?;
    tmp.as_file().sync_all()?;
    tmp.persist(&target).map_err(|e| e.error)?;
    Ok(())
}

/// Creates the file `path` with `contents`, atomically: the complete file
/// appears at once or not at all, with the permissions a new file gets
/// (0666 less the umask). Fails with [`io::ErrorKind::AlreadyExists`] if
/// `path` exists (a file, a device, anything), so nothing is replaced.
pub fn create_file(path: &Path, contents: &[u8]) -> io::Result<()> {
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

/// Whether the regular file `path` is read-only: no write permission bit
/// at all (which the super-user would otherwise ignore), or not writable
/// by this user.
fn is_read_only(path: &Path, metadata: &fs::Metadata) -> bool {
    if metadata.permissions().readonly() {
        return true;
    }
    #[cfg(unix)]
    {
        use rustix::fs::{access, Access};
        matches!(
            access(path, Access::WRITE_OK),
            Err(e) if e == rustix::io::Errno::ACCESS || e == rustix::io::Errno::PERM
        )
    }
    #[cfg(not(unix))]
    {
        let _ = path;
        false
    }
}

/// How many names (hard links) the file has.
#[cfg(unix)]
fn link_count(metadata: &fs::Metadata) -> u64 {
    use std::os::unix::fs::MetadataExt;
    metadata.nlink()
}

#[cfg(not(unix))]
fn link_count(_metadata: &fs::Metadata) -> u64 {
    1
}

/// Writes `contents` over the file `path` itself (same inode, so every
/// hard link sees it), then cuts what is left of a longer old content.
fn rewrite_in_place(path: &Path, contents: &[u8]) -> Result<(), WriteError> {
    let mut file = fs::OpenOptions::new().write(true).open(path)?;
    // Opened by path after the check: still a regular file?
    if let Some(kind) = FileKind::of(&file.metadata()?) {
        return Err(WriteError::NotAFile(kind));
    }
    file.write_all(contents)?;
    file.set_len(contents.len() as u64)?;
    file.sync_all()?;
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

/// Copies the extended attributes of `original` to `file`. One that
/// cannot be set fails the write, so no attribute is lost silently; a file
/// system without extended attributes has none to copy.
#[cfg(unix)]
fn keep_attributes(original: &Path, file: &fs::File) -> Result<(), WriteError> {
    use xattr::FileExt;
    if !xattr::SUPPORTED_PLATFORM {
        return Ok(());
    }
    let names = match xattr::list(original) {
        Ok(names) => names,
        Err(e) if e.kind() == io::ErrorKind::Unsupported => return Ok(()),
        Err(e) if e.raw_os_error() == Some(rustix::io::Errno::NOTSUP.raw_os_error()) => {
            return Ok(())
        }
        Err(e) => return Err(WriteError::Io(e)),
    };
    for name in names {
        let shown = name.to_string_lossy().into_owned();
        let Some(value) = xattr::get(original, &name).map_err(WriteError::Io)? else {
            continue;
        };
        if file.get_xattr(&name).ok().flatten().as_deref() == Some(&value[..]) {
            continue;
        }
        file.set_xattr(&name, &value)
            .map_err(|error| WriteError::Attribute { name: shown, error })?;
    }
    Ok(())
}

#[cfg(not(unix))]
fn keep_attributes(_original: &Path, _file: &fs::File) -> Result<(), WriteError> {
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn replace(path: &Path, contents: &[u8]) -> Result<(), WriteError> {
        replace_file(path, contents, ReadOnly::Refuse)
    }

    fn names_in(dir: &Path) -> Vec<std::ffi::OsString> {
        let mut names: Vec<_> = fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn replaces_content_and_leaves_no_temporary_file() {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("a.alloy");
        fs::write(&path, "a=1").unwrap();
        replace(&path, b"a = 1\n").unwrap();
        assert_eq!(fs::read_to_string(&path).unwrap(), "a = 1\n");
        assert_eq!(names_in(tmp.path()), vec!["a.alloy"]);
    }

    #[cfg(unix)]
    #[test]
    fn keeps_permissions() {
        use std::os::unix::fs::PermissionsExt;
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("a.alloy");
        fs::write(&path, "a=1").unwrap();
        fs::set_permissions(&path, fs::Permissions::from_mode(0o640)).unwrap();
        replace(&path, b"a = 1\n").unwrap();
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
        replace(&link, b"a = 1\n").unwrap();
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
        create_file(&path, b"a = 1\n").unwrap();
        assert_eq!(fs::read_to_string(&path).unwrap(), "a = 1\n");
        let err = create_file(&path, b"b = 2\n").unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::AlreadyExists);
        assert_eq!(fs::read_to_string(&path).unwrap(), "a = 1\n");
        assert_eq!(names_in(tmp.path()), vec!["new.alloy"]);
    }

    #[test]
    fn missing_file_is_an_error() {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("missing.alloy");
        assert!(replace(&path, b"a = 1\n").is_err());
        assert!(!path.exists());
    }

    #[test]
    fn refuses_directories() {
        let tmp = tempfile::tempdir().unwrap();
        let e = replace(tmp.path(), b"a = 1\n").unwrap_err();
        assert!(matches!(e, WriteError::NotAFile(FileKind::Directory)));
        assert_eq!(e.to_string(), "it is a directory, not a file");
    }

    #[cfg(unix)]
    #[test]
    fn refuses_devices_fifos_and_sockets() {
        let e = replace(Path::new("/dev/null"), b"a = 1\n").unwrap_err();
        assert_eq!(e.to_string(), "it is a character device, not a file");
        let e = replace_file(Path::new("/dev/null"), b"", ReadOnly::Replace).unwrap_err();
        assert!(matches!(e, WriteError::NotAFile(FileKind::CharDevice)));
        let tmp = tempfile::tempdir().unwrap();
        let fifo = tmp.path().join("fifo.alloy");
        crate::files::file_kind::make_fifo(&fifo);
        let e = replace(&fifo, b"a = 1\n").unwrap_err();
        assert!(matches!(e, WriteError::NotAFile(FileKind::Fifo)));
        let socket = tmp.path().join("socket.alloy");
        let _listener = std::os::unix::net::UnixListener::bind(&socket).unwrap();
        let e = replace(&socket, b"a = 1\n").unwrap_err();
        assert!(matches!(e, WriteError::NotAFile(FileKind::Socket)));
        // Still what they were.
        assert!(fs::metadata(&fifo).unwrap().file_type().is_fifo());
        use std::os::unix::fs::FileTypeExt;
        assert!(fs::metadata(&socket).unwrap().file_type().is_socket());
        assert_eq!(names_in(tmp.path()), vec!["fifo.alloy", "socket.alloy"]);
    }

    #[cfg(unix)]
    #[test]
    fn refuses_read_only_files_unless_told() {
        use std::os::unix::fs::PermissionsExt;
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("a.alloy");
        fs::write(&path, "a=1").unwrap();
        fs::set_permissions(&path, fs::Permissions::from_mode(0o444)).unwrap();
        let e = replace(&path, b"a = 1\n").unwrap_err();
        assert!(matches!(e, WriteError::ReadOnly));
        assert_eq!(fs::read_to_string(&path).unwrap(), "a=1");
        replace_file(&path, b"a = 1\n", ReadOnly::Replace).unwrap();
        assert_eq!(fs::read_to_string(&path).unwrap(), "a = 1\n");
        let mode = fs::metadata(&path).unwrap().permissions().mode();
        assert_eq!(mode & 0o7777, 0o444);
    }

    #[cfg(unix)]
    #[test]
    fn rewrites_hard_linked_files_in_place() {
        use std::os::unix::fs::MetadataExt;
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("a.alloy");
        let other = tmp.path().join("b.alloy");
        fs::write(&path, "a     =     1\n// a long line that goes\n").unwrap();
        fs::hard_link(&path, &other).unwrap();
        let inode = fs::metadata(&path).unwrap().ino();
        replace(&path, b"a = 1\n").unwrap();
        for name in [&path, &other] {
            assert_eq!(fs::read_to_string(name).unwrap(), "a = 1\n");
            assert_eq!(fs::metadata(name).unwrap().ino(), inode);
        }
        assert_eq!(names_in(tmp.path()), vec!["a.alloy", "b.alloy"]);
        // Longer content than before too.
        replace(&other, b"a = 1\nb = 2\nc = 3\n").unwrap();
        assert_eq!(fs::read_to_string(&path).unwrap(), "a = 1\nb = 2\nc = 3\n");
    }

    #[cfg(unix)]
    #[test]
    fn keeps_extended_attributes() {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("a.alloy");
        fs::write(&path, "a=1").unwrap();
        if let Err(e) = xattr::set(&path, "user.alloy-lint.test", b"kept") {
            eprintln!(
                "skipped: the file system of {} does not take user extended attributes ({e})",
                tmp.path().display()
            );
            return;
        }
        replace(&path, b"a = 1\n").unwrap();
        assert_eq!(fs::read_to_string(&path).unwrap(), "a = 1\n");
        assert_eq!(
            xattr::get(&path, "user.alloy-lint.test")
                .unwrap()
                .as_deref(),
            Some(&b"kept"[..])
        );
    }
}
