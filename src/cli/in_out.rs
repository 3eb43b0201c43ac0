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

/// Reads `path`, or standard input for `-`. The error is the message to
/// print.
pub fn read_input(path: &Path, streams: &mut Streams<'_>) -> Result<Input, String> {
    if files::is_stdin(path) {
        let mut source = Vec::new();
        return match streams.stdin.read_to_end(&mut source) {
            Ok(_) => Ok(Input {
                name: "<stdin>".to_owned(),
                source,
            }),
            Err(e) => Err(format!("cannot read standard input: {e}")),
        };
    }
    let name = path.display().to_string();
    match fs::read(path) {
        Ok(source) => Ok(Input { name, source }),
        Err(e) => Err(format!("cannot read {name}: {e}")),
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
    /// The file system refused.
    Io(io::Error),
}

/// Writes `contents` to the file `output`: atomically (a new file appears
/// whole, an existing one is replaced whole and keeps its permissions), as
/// `when` says for an existing file, and never over `input`.
pub fn write_file(
    output: &Path,
    input: &Path,
    contents: &[u8],
    when: WhenExists,
) -> Result<(), WriteError> {
    if !files::is_stdin(input) && same_file(output, input) {
        return Err(WriteError::IsInput);
    }
    if when == WhenExists::Update {
        match fs::read(output) {
            Ok(existing) if existing == contents => return Ok(()),
            Ok(_) => return files::write_atomically(output, contents).map_err(WriteError::Io),
            Err(e) if e.kind() == io::ErrorKind::NotFound => {}
            Err(e) => return Err(WriteError::Io(e)),
        }
    }
    match files::create_atomically(output, contents) {
        // There from the start, or created meanwhile by someone else.
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => match when {
            WhenExists::Refuse => Err(WriteError::Exists),
            WhenExists::Update | WhenExists::Replace => {
                files::write_atomically(output, contents).map_err(WriteError::Io)
            }
        },
        result => result.map_err(WriteError::Io),
    }
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
        let write =
            |path: &Path, contents: &str, when| write_file(path, &input, contents.as_bytes(), when);

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
        let after_stdin = write_file(&out, Path::new("-"), b"e", WhenExists::Update);
        assert!(after_stdin.is_ok());
    }
}
