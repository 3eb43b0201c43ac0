//! What the commands that turn one file into another (`generate`,
//! `import`) share: reading the input, a file or `-` for standard input,
//! and writing the result to `-o OUT` (the others print it), atomically
//! and never over the input. What happens to an existing OUT is each
//! command's choice ([`WhenExists`]).

use std::fs;
use std::io;
use std::path::Path;

use super::{Colors, ExitStatus, Streams};
use crate::files;

/// An input file, read.
#[derive(Debug)]
pub struct Input {
    /// Its name in messages: the path as given, or `<stdin>`.
    pub name: String,
    /// Its bytes.
    pub source: Vec<u8>,
}

/// Reads `path`, or standard input for `-`, through the one door
/// ([`files::read`]: regular files only, at most its size limit). The
/// error is the message to print.
pub fn read_input(path: &Path, streams: &mut Streams<'_>) -> Result<Input, String> {
    if files::is_stdin(path) {
        return match files::read_stdin(streams.stdin, "standard input") {
            Ok(source) => Ok(Input {
                name: "<stdin>".to_owned(),
                source,
            }),
            Err(e) => Err(e.to_string()),
        };
    }
    match files::read_file(path) {
        Ok(source) => Ok(Input {
            name: path.display().to_string(),
            source,
        }),
        Err(e) => Err(e.to_string()),
    }
}

/// What writing to OUT does when the file exists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WhenExists {
    /// Replace it, and leave it untouched (same mtime) when it already
    /// holds the content: for output that is derived and regenerated.
    Update,
    /// Replace it.
    Replace,
    /// Leave it and fail with [`WriteError::Exists`]: it may hold edits.
    Refuse,
}

/// Why OUT was not written.
#[derive(Debug)]
pub enum WriteError {
    /// OUT is the input file.
    IsInput,
    /// OUT exists, and the command was told not to replace it.
    Exists,
    /// OUT is no regular file, is read-only, or the file system refused.
    File(files::WriteError),
}

/// The flag with which a command replaces read-only files.
pub const READ_ONLY_FLAG: &str = "--overwrite-read-only";

/// The message for a file `path` that could not be written.
pub fn write_error_message(path: &Path, error: &files::WriteError) -> String {
    let shown = path.display();
    match error {
        files::WriteError::ReadOnly => format!(
            "cannot write {shown}: it is read-only (left untouched; {READ_ONLY_FLAG} replaces it)"
        ),
        e => format!("cannot write {shown}: {e}"),
    }
}

/// Whether OUT names standard output: `-o -`.
pub fn is_stdout(output: &Path) -> bool {
    files::is_stdin(output)
}

/// Writes `contents` to the file `output`: atomically (a new file appears
/// whole, an existing one is replaced whole and keeps its permissions), as
/// `when` says for an existing file, and never over `input`. Only a
/// regular file is replaced (a device or FIFO is refused, never turned
/// into a file), and a read-only one only with [`files::ReadOnly::Replace`].
pub fn write_file(
    output: &Path,
    input: &Path,
    contents: &[u8],
    when: WhenExists,
    read_only: files::ReadOnly,
) -> Result<(), WriteError> {
    if !files::is_stdin(input) && same_file(output, input) {
        return Err(WriteError::IsInput);
    }
    let replace = || files::replace_file(output, contents, read_only).map_err(WriteError::File);
    if when == WhenExists::Update && holds(output, contents) {
        return Ok(());
    }
    match files::create_file(output, contents) {
        // There from the start, or created meanwhile by someone else.
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => match when {
            WhenExists::Refuse => Err(WriteError::Exists),
            WhenExists::Update | WhenExists::Replace => replace(),
        },
        result => result.map_err(|e| WriteError::File(files::WriteError::Io(e))),
    }
}

/// Whether the regular file `path` holds exactly `contents` (read no
/// further than their length: a device or a larger file is not read).
fn holds(path: &Path, contents: &[u8]) -> bool {
    files::read::read_file_within(path, contents.len() as u64)
        .is_ok_and(|existing| existing == contents)
}

/// Whether `a` and `b` name the same existing file.
fn same_file(a: &Path, b: &Path) -> bool {
    match (fs::canonicalize(a), fs::canonicalize(b)) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

/// `text` in the terminal style `sgr` (`1;31`: bold red) when `color`.
pub fn paint(color: bool, sgr: &str, text: &str) -> String {
    match color {
        true => format!("\x1b[{sgr}m{text}\x1b[0m"),
        false => text.to_owned(),
    }
}

/// Prints `error: MESSAGE` on standard error; the run failed.
pub fn fail(streams: &mut Streams<'_>, colors: Colors, message: &str) -> ExitStatus {
    let label = paint(colors.stderr, "1;31", "error");
    let _ = writeln!(streams.stderr, "{label}: {message}");
    ExitStatus::Failure
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_existing_output_is_handled_as_asked() {
        let dir = tempfile::tempdir().unwrap();
        let input = dir.path().join("in");
        let out = dir.path().join("out");
        fs::write(&input, "in").unwrap();
        let write = |path: &Path, contents: &str, when| {
            write_file(
                path,
                &input,
                contents.as_bytes(),
                when,
                files::ReadOnly::Refuse,
            )
        };

        assert!(write(&out, "a", WhenExists::Refuse).is_ok());
        assert_eq!(fs::read_to_string(&out).unwrap(), "a");
        assert!(matches!(
            write(&out, "b", WhenExists::Refuse),
            Err(WriteError::Exists)
        ));
        assert_eq!(fs::read_to_string(&out).unwrap(), "a");
        assert!(write(&out, "b", WhenExists::Replace).is_ok());
        assert_eq!(fs::read_to_string(&out).unwrap(), "b");
        assert!(write(&out, "c", WhenExists::Update).is_ok());
        assert_eq!(fs::read_to_string(&out).unwrap(), "c");
        let fresh = dir.path().join("fresh");
        assert!(write(&fresh, "d", WhenExists::Update).is_ok());
        assert_eq!(fs::read_to_string(&fresh).unwrap(), "d");

        for when in [WhenExists::Update, WhenExists::Replace, WhenExists::Refuse] {
            assert!(matches!(write(&input, "x", when), Err(WriteError::IsInput)));
        }
        assert_eq!(fs::read_to_string(&input).unwrap(), "in");
        // Standard input is no file to protect.
        let after_stdin = write_file(
            &out,
            Path::new("-"),
            b"e",
            WhenExists::Update,
            files::ReadOnly::Refuse,
        );
        assert!(after_stdin.is_ok());
    }

    #[cfg(unix)]
    #[test]
    fn only_regular_files_are_written() {
        use std::os::unix::fs::FileTypeExt;
        let dir = tempfile::tempdir().unwrap();
        let input = dir.path().join("in");
        fs::write(&input, "in").unwrap();
        for when in [WhenExists::Update, WhenExists::Replace, WhenExists::Refuse] {
            let r = write_file(
                Path::new("/dev/null"),
                &input,
                b"x",
                when,
                files::ReadOnly::Replace,
            );
            match when {
                WhenExists::Refuse => assert!(matches!(r, Err(WriteError::Exists))),
                _ => assert!(matches!(
                    r,
                    Err(WriteError::File(files::WriteError::NotAFile(_)))
                )),
            }
        }
        // A device is never read to compare (`/dev/zero` would not end).
        let r = write_file(
            Path::new("/dev/zero"),
            &input,
            b"x",
            WhenExists::Update,
            files::ReadOnly::Refuse,
        );
        let Err(WriteError::File(e)) = r else {
            panic!("{r:?}")
        };
        assert_eq!(
            write_error_message(Path::new("/dev/zero"), &e),
            "cannot write /dev/zero: it is a character device, not a file"
        );
        assert!(std::fs::metadata("/dev/null")
            .unwrap()
            .file_type()
            .is_char_device());
    }

    #[cfg(unix)]
    #[test]
    fn read_only_outputs_are_refused_unless_asked() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let input = dir.path().join("in");
        let out = dir.path().join("out");
        fs::write(&input, "in").unwrap();
        fs::write(&out, "old").unwrap();
        fs::set_permissions(&out, fs::Permissions::from_mode(0o444)).unwrap();
        let write = |contents: &[u8], read_only| {
            write_file(&out, &input, contents, WhenExists::Update, read_only)
        };
        // Unchanged content: nothing to write, nothing refused.
        assert!(write(b"old", files::ReadOnly::Refuse).is_ok());
        let Err(WriteError::File(e)) = write(b"new", files::ReadOnly::Refuse) else {
            panic!("a read-only file was replaced")
        };
        assert_eq!(
            write_error_message(&out, &e),
            format!(
                "cannot write {}: it is read-only (left untouched; --overwrite-read-only replaces it)",
                out.display()
            )
        );
        assert_eq!(fs::read_to_string(&out).unwrap(), "old");
        assert!(write(b"new", files::ReadOnly::Replace).is_ok());
        assert_eq!(fs::read_to_string(&out).unwrap(), "new");
    }
}
