//! The one door through which alloy-lint reads a file from the disk: every
//! file given on the command line (and those a directory given stands
//! for), standard input, `init`'s stack file, and, through
//! [`super::access::DiskFiles`], every file the checker reads
//! (`alloy-lint.toml`, the files a configuration names: `import.file`
//! modules, token files, a dashboard's `alloy_config`, see
//! [`super::named`]; git's index and ignore files).
//!
//! A file is read only if it is a regular file outside `/proc` and `/sys`,
//! and no larger than [`SIZE_LIMIT`]. Special files are refused before they
//! are opened: a FIFO or a terminal would block, `/dev/zero` never ends,
//! `/proc/self/environ` holds the environment's tokens. The check is made
//! again on the opened file (the path may have changed meanwhile), which is
//! opened without blocking, and the read itself stops one byte past the
//! limit, so a file that grows or reports the wrong size (a `/proc` entry
//! says 0) is never read whole. Standard input has the same bound:
//! `alloy-lint check - < /dev/zero` stops at the limit with an error.

use std::fmt;
use std::fs;
use std::io::{self, Read};
use std::path::Path;

use super::file_kind::{self, FileKind};

/// The most bytes alloy-lint reads from one file or from standard input:
/// 256 MiB. Far above any real configuration (the largest ones measured
/// are a few MB; `check` is measured on 100 MB), and a bound on what a
/// hostile file can make alloy-lint hold in memory.
pub const SIZE_LIMIT: u64 = 256 * 1024 * 1024;

/// `SIZE_LIMIT` in words, for messages and documentation.
pub const SIZE_LIMIT_TEXT: &str = "256 MiB";

/// Why a file was not read.
#[derive(Debug)]
pub struct ReadError {
    /// The file's name as given (`<stdin>`-like names for standard input
    /// are the caller's: see [`read_stdin`]).
    pub name: String,
    /// What is wrong.
    pub reason: Refusal,
}

/// What is wrong with a file alloy-lint would not, or could not, read.
#[derive(Debug)]
pub enum Refusal {
    /// A directory, device, FIFO or socket.
    NotAFile(FileKind),
    /// An entry of `/proc` or `/sys` (the root named).
    SystemEntry(&'static str),
    /// Larger than the limit (in bytes).
    TooLarge(u64),
    /// The system refused (absent, no permission, ...).
    Io(io::Error),
}

impl ReadError {
    /// Whether the file does not exist.
    pub fn is_not_found(&self) -> bool {
        matches!(&self.reason, Refusal::Io(e) if e.kind() == io::ErrorKind::NotFound)
    }
}

impl fmt::Display for Refusal {
    /// What follows the file's name: `is a character device, not a file`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Refusal::NotAFile(kind) => write!(f, "is {kind}, not a file"),
            Refusal::SystemEntry(root) => write!(f, "is an entry of {root}, not a file"),
            Refusal::TooLarge(limit) => write!(
                f,
                "is larger than {}, the most alloy-lint reads",
                limit_text(*limit)
            ),
            Refusal::Io(e) => write!(f, "cannot be read: {e}"),
        }
    }
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.reason {
            // The wording the commands have always used.
            Refusal::Io(e) => write!(f, "cannot read {}: {e}", self.name),
            reason => write!(f, "{} {reason}", self.name),
        }
    }
}

impl std::error::Error for ReadError {}

/// `256 MiB` for the limit, bytes otherwise (tests use small limits).
fn limit_text(limit: u64) -> String {
    match limit {
        SIZE_LIMIT => SIZE_LIMIT_TEXT.to_owned(),
        n => format!("{n} bytes"),
    }
}

/// The bytes of the regular file `path`, at most [`SIZE_LIMIT`].
pub fn read_file(path: &Path) -> Result<Vec<u8>, ReadError> {
    read_file_within(path, SIZE_LIMIT)
}

/// The bytes of the regular file `path`, at most `limit`.
pub fn read_file_within(path: &Path, limit: u64) -> Result<Vec<u8>, ReadError> {
    let error = |reason| ReadError {
        name: path.display().to_string(),
        reason,
    };
    // Follows symbolic links: what matters is what would be read.
    let metadata = fs::metadata(path).map_err(|e| error(Refusal::Io(e)))?;
    if let Some(kind) = FileKind::of(&metadata) {
        return Err(error(Refusal::NotAFile(kind)));
    }
    let canonical = fs::canonicalize(path).map_err(|e| error(Refusal::Io(e)))?;
    if let Some(root) = file_kind::system_root(&canonical) {
        return Err(error(Refusal::SystemEntry(root)));
    }
    if metadata.len() > limit {
        return Err(error(Refusal::TooLarge(limit)));
    }
    // The canonical path: no link on the way can be swapped meanwhile.
    let mut file = open_without_blocking(&canonical).map_err(|e| error(Refusal::Io(e)))?;
    let opened = file.metadata().map_err(|e| error(Refusal::Io(e)))?;
    if let Some(kind) = FileKind::of(&opened) {
        return Err(error(Refusal::NotAFile(kind)));
    }
    if file_kind::on_system_file_system(&file) {
        return Err(error(Refusal::SystemEntry(
            file_kind::system_root(&canonical).unwrap_or("/proc"),
        )));
    }
    let expected = opened.len().min(limit);
    read_bounded(&mut file, limit, expected)
        .map_err(|e| error(Refusal::Io(e)))?
        .ok_or_else(|| error(Refusal::TooLarge(limit)))
}

/// The text of the regular file `path` (at most [`SIZE_LIMIT`]), for the
/// files that must be UTF-8 (settings, stack files, `.gitignore`).
pub fn read_text_file(path: &Path) -> Result<String, ReadError> {
    String::from_utf8(read_file(path)?).map_err(|_| not_utf8(path))
}

/// The error for a file read as text that is not UTF-8.
pub fn not_utf8(path: &Path) -> ReadError {
    ReadError {
        name: path.display().to_string(),
        reason: Refusal::Io(io::Error::new(
            io::ErrorKind::InvalidData,
            "it is not UTF-8 text",
        )),
    }
}

/// Standard input (`reader`), at most [`SIZE_LIMIT`]; `name` is what
/// messages call it (`standard input`).
pub fn read_stdin(reader: &mut dyn Read, name: &str) -> Result<Vec<u8>, ReadError> {
    read_stdin_within(reader, name, SIZE_LIMIT)
}

/// [`read_stdin`] with another limit (tests use small ones).
fn read_stdin_within(reader: &mut dyn Read, name: &str, limit: u64) -> Result<Vec<u8>, ReadError> {
    let error = |reason| ReadError {
        name: name.to_owned(),
        reason,
    };
    read_bounded(reader, limit, 0)
        .map_err(|e| error(Refusal::Io(e)))?
        .ok_or_else(|| error(Refusal::TooLarge(limit)))
}

/// Everything `reader` gives, or `None` as soon as it gives more than
/// `limit` bytes. `expected` sizes the buffer (a file's length).
pub fn read_bounded(
    reader: &mut dyn Read,
    limit: u64,
    expected: u64,
) -> io::Result<Option<Vec<u8>>> {
    // One byte past the limit tells "exactly the limit" from "more".
    let capacity = usize::try_from(expected.saturating_add(1)).unwrap_or(usize::MAX);
    let mut bytes = Vec::with_capacity(capacity);
    reader
        .take(limit.saturating_add(1))
        .read_to_end(&mut bytes)?;
    Ok((bytes.len() as u64 <= limit).then_some(bytes))
}

/// Opens `path` for reading such that a FIFO (put there after the check)
/// does not block the open, and a terminal does not become ours. Both
/// flags change nothing for a regular file.
fn open_without_blocking(path: &Path) -> io::Result<fs::File> {
    let mut options = fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        let flags = rustix::fs::OFlags::NONBLOCK | rustix::fs::OFlags::NOCTTY;
        // `custom_flags` takes the C int; the bits fit.
        #[allow(clippy::cast_possible_wrap)]
        options.custom_flags(flags.bits() as i32);
    }
    options.open(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_regular_files() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.alloy");
        fs::write(&path, "a = 1\n").unwrap();
        assert_eq!(read_file(&path).unwrap(), b"a = 1\n");
        let empty = dir.path().join("empty.alloy");
        fs::write(&empty, "").unwrap();
        assert_eq!(read_file(&empty).unwrap(), b"");
    }

    #[test]
    fn text_files_must_be_utf8() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("alloy-lint.toml");
        fs::write(&path, "a = 1\n").unwrap();
        assert_eq!(read_text_file(&path).unwrap(), "a = 1\n");
        fs::write(&path, b"a = \xff\n").unwrap();
        let e = read_text_file(&path).unwrap_err();
        assert_eq!(
            e.to_string(),
            format!("cannot read {}: it is not UTF-8 text", path.display())
        );
    }

    #[test]
    fn missing_files_keep_the_usual_message() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("missing.alloy");
        let e = read_file(&path).unwrap_err();
        assert!(e.is_not_found());
        let shown = e.to_string();
        assert!(
            shown.starts_with(&format!("cannot read {}: ", path.display())),
            "{shown}"
        );
    }

    #[test]
    fn refuses_directories() {
        let dir = tempfile::tempdir().unwrap();
        let e = read_file(dir.path()).unwrap_err();
        assert!(matches!(e.reason, Refusal::NotAFile(FileKind::Directory)));
        assert!(
            e.to_string().ends_with(" is a directory, not a file"),
            "{e}"
        );
    }

    #[test]
    fn refuses_files_over_the_limit_before_reading_them() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("big.alloy");
        fs::write(&path, "0123456789").unwrap();
        assert_eq!(read_file_within(&path, 10).unwrap(), b"0123456789");
        let e = read_file_within(&path, 9).unwrap_err();
        assert!(matches!(e.reason, Refusal::TooLarge(9)));
        assert_eq!(
            e.to_string(),
            format!(
                "{} is larger than 9 bytes, the most alloy-lint reads",
                path.display()
            )
        );
        // A sparse file is refused by its size, without reading a byte.
        let sparse = dir.path().join("sparse.alloy");
        fs::File::create(&sparse)
            .unwrap()
            .set_len(SIZE_LIMIT + 1)
            .unwrap();
        let e = read_file(&sparse).unwrap_err();
        assert!(
            e.to_string()
                .ends_with("is larger than 256 MiB, the most alloy-lint reads"),
            "{e}"
        );
    }

    #[test]
    fn the_read_itself_is_bounded() {
        // A reader that never ends, like /dev/zero or a file that grows.
        let mut endless = io::repeat(b'a');
        assert_eq!(read_bounded(&mut endless, 1000, 0).unwrap(), None);
        let mut short: &[u8] = b"abc";
        assert_eq!(
            read_bounded(&mut short, 3, 0).unwrap(),
            Some(b"abc".to_vec())
        );
        let e = read_stdin_within(&mut io::repeat(0), "standard input", 100).unwrap_err();
        assert_eq!(
            e.to_string(),
            "standard input is larger than 100 bytes, the most alloy-lint reads"
        );
        let mut input: &[u8] = b"a = 1\n";
        assert_eq!(
            read_stdin(&mut input, "standard input").unwrap(),
            b"a = 1\n"
        );
    }

    #[cfg(unix)]
    #[test]
    fn refuses_devices_fifos_and_sockets_without_blocking() {
        let e = read_file(Path::new("/dev/zero")).unwrap_err();
        assert_eq!(e.to_string(), "/dev/zero is a character device, not a file");
        let dir = tempfile::tempdir().unwrap();
        // Nobody writes to this FIFO: opening it would block forever.
        let fifo = dir.path().join("fifo.alloy");
        crate::files::file_kind::make_fifo(&fifo);
        let e = read_file(&fifo).unwrap_err();
        assert!(matches!(e.reason, Refusal::NotAFile(FileKind::Fifo)), "{e}");
        let socket = dir.path().join("socket.alloy");
        let _listener = std::os::unix::net::UnixListener::bind(&socket).unwrap();
        let e = read_file(&socket).unwrap_err();
        assert!(
            matches!(e.reason, Refusal::NotAFile(FileKind::Socket)),
            "{e}"
        );
        // Through a symbolic link too.
        let link = dir.path().join("link.alloy");
        std::os::unix::fs::symlink("/dev/zero", &link).unwrap();
        let e = read_file(&link).unwrap_err();
        assert!(matches!(e.reason, Refusal::NotAFile(FileKind::CharDevice)));
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn refuses_proc_and_sys_entries() {
        let e = read_file(Path::new("/proc/self/environ")).unwrap_err();
        assert_eq!(
            e.to_string(),
            "/proc/self/environ is an entry of /proc, not a file"
        );
        let dir = tempfile::tempdir().unwrap();
        let link = dir.path().join("env.alloy");
        std::os::unix::fs::symlink("/proc/self/environ", &link).unwrap();
        let e = read_file(&link).unwrap_err();
        assert!(matches!(e.reason, Refusal::SystemEntry("/proc")), "{e}");
        if Path::new("/sys/kernel").exists() {
            let e = read_file(Path::new("/sys/kernel")).unwrap_err();
            assert!(matches!(e.reason, Refusal::NotAFile(FileKind::Directory)));
        }
    }
}
