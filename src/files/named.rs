//! Files a configuration names (`import.file`'s `filename`, a dashboard's
//! `alloy_config`): read through [`super::read`], then judged before any of
//! their content can reach an error message or a code frame.
//!
//! The configuration may be a stranger's (a pull request checked in CI),
//! and it can name any file on the machine: `/proc/self/environ`,
//! `~/.ssh/id_rsa`, a `.env` file. So a named file's content is shown only
//! when it is Alloy by name and by content:
//!
//! - it is read only if the door accepts it (a regular file outside
//!   `/proc` and `/sys`, at most [`super::read::SIZE_LIMIT`]);
//! - it must be text: valid UTF-8 without NUL bytes;
//! - its name must end in `.alloy`, both as written and after following
//!   symbolic links ([`NamedFile::shown`]). A file called otherwise whose
//!   text does not parse, or is not shaped as Alloy expects, is reported
//!   at the line that names it, with a position but no text of its own
//!   (the caller decides, see `check::load`).

use std::fmt;
use std::io;
use std::path::{Path, PathBuf};

use super::access::FileAccess;
use super::config_paths::is_alloy_name;
use super::read::{ReadError, Refusal};

/// A named file, read and found to be text.
#[derive(Debug)]
pub struct NamedFile {
    /// Its bytes: valid UTF-8, no NUL.
    pub text: Vec<u8>,
    /// Whether its content may be shown (code frames, messages): its name
    /// ends in `.alloy`, as written and as resolved.
    pub shown: bool,
}

/// Why a named file cannot be used.
#[derive(Debug)]
pub enum NamedError {
    /// It cannot be read: absent, no permission (the system's error).
    Unreadable(io::Error),
    /// It is no file to read: special, a system entry, too large.
    Refused(Refusal),
    /// It is not text: a NUL byte or invalid UTF-8 at this line and
    /// column (1-based).
    NotText {
        /// What was found.
        what: &'static str,
        /// Line of the first offending byte.
        line: usize,
        /// Column (in bytes) of the first offending byte.
        column: usize,
    },
}

impl fmt::Display for NamedError {
    /// The reason, after "X is not an Alloy module: it ...".
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            NamedError::Unreadable(e) => write!(f, "it cannot be read: {e}"),
            NamedError::Refused(reason) => write!(f, "it {reason}"),
            NamedError::NotText { what, line, column } => {
                write!(f, "it is not text ({what} at {line}:{column})")
            }
        }
    }
}

/// Reads the file `path` names from `files` and judges it.
pub fn read_named(files: &dyn FileAccess, path: &Path) -> Result<NamedFile, NamedError> {
    let text = files.read(path).map_err(|e: ReadError| match e.reason {
        Refusal::Io(e) => NamedError::Unreadable(e),
        reason => NamedError::Refused(reason),
    })?;
    if let Some(problem) = not_text(&text) {
        return Err(problem);
    }
    let resolved: PathBuf = files
        .canonicalize(path)
        .unwrap_or_else(|_| path.to_path_buf());
    Ok(NamedFile {
        text,
        shown: is_alloy_name(path) && is_alloy_name(&resolved),
    })
}

/// The first NUL byte or invalid UTF-8 sequence of `text`, if any.
fn not_text(text: &[u8]) -> Option<NamedError> {
    let (offset, what) = match std::str::from_utf8(text) {
        Err(e) => (e.valid_up_to(), "invalid UTF-8"),
        Ok(s) => (s.find('\0')?, "a NUL byte"),
    };
    // NUL bytes before invalid UTF-8 come first.
    let offset = text[..offset]
        .iter()
        .position(|&b| b == 0)
        .unwrap_or(offset);
    let what = if text.get(offset) == Some(&0) {
        "a NUL byte"
    } else {
        what
    };
    let before = &text[..offset];
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let column = offset
        - before
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |i| i + 1)
        + 1;
    Some(NamedError::NotText { what, line, column })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::files::access::DiskFiles;
    use std::fs;

    fn named(dir: &Path, name: &str, content: &[u8]) -> PathBuf {
        let path = dir.join(name);
        fs::write(&path, content).unwrap();
        path
    }

    #[test]
    fn alloy_text_is_shown() {
        let dir = tempfile::tempdir().unwrap();
        let path = named(dir.path(), "m.alloy", b"declare \"a\" {}\n");
        let file = read_named(&DiskFiles, &path).unwrap();
        assert!(file.shown);
        assert_eq!(file.text, b"declare \"a\" {}\n");
    }

    #[test]
    fn other_names_are_read_but_not_shown() {
        let dir = tempfile::tempdir().unwrap();
        let path = named(dir.path(), ".env", b"TOKEN=abc\n");
        assert!(!read_named(&DiskFiles, &path).unwrap().shown);
        let key = named(
            dir.path(),
            "id_rsa",
            b"-----BEGIN OPENSSH PRIVATE KEY-----\n",
        );
        assert!(!read_named(&DiskFiles, &key).unwrap().shown);
    }

    #[cfg(unix)]
    #[test]
    fn a_link_named_alloy_to_another_file_is_not_shown() {
        let dir = tempfile::tempdir().unwrap();
        let key = named(dir.path(), "id_rsa", b"secret\n");
        let link = dir.path().join("m.alloy");
        std::os::unix::fs::symlink(&key, &link).unwrap();
        assert!(!read_named(&DiskFiles, &link).unwrap().shown);
    }

    #[test]
    fn binary_content_is_not_text() {
        let dir = tempfile::tempdir().unwrap();
        let nul = named(dir.path(), "n.alloy", b"a = 1\nb\0c");
        let e = read_named(&DiskFiles, &nul).unwrap_err();
        assert_eq!(e.to_string(), "it is not text (a NUL byte at 2:2)");
        let bad = named(dir.path(), "b.alloy", b"a = 1\n\xff\xfe\0");
        let e = read_named(&DiskFiles, &bad).unwrap_err();
        assert_eq!(e.to_string(), "it is not text (invalid UTF-8 at 2:1)");
        let nul_first = named(dir.path(), "c.alloy", b"\0\xff");
        let e = read_named(&DiskFiles, &nul_first).unwrap_err();
        assert_eq!(e.to_string(), "it is not text (a NUL byte at 1:1)");
    }

    #[test]
    fn missing_and_special_files() {
        let dir = tempfile::tempdir().unwrap();
        let e = read_named(&DiskFiles, &dir.path().join("absent.alloy")).unwrap_err();
        assert!(matches!(&e, NamedError::Unreadable(r) if r.kind() == io::ErrorKind::NotFound));
        let e = read_named(&DiskFiles, dir.path()).unwrap_err();
        assert_eq!(e.to_string(), "it is a directory, not a file");
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn proc_entries_are_refused() {
        let e = read_named(&DiskFiles, Path::new("/proc/self/environ")).unwrap_err();
        assert_eq!(e.to_string(), "it is an entry of /proc, not a file");
    }
}
