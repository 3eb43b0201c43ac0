//! Everything `alloy-lint fmt` does between its inputs and its output:
//! each file read through the file door, formatted as `alloy fmt` does,
//! told changed, unchanged or invalid, written back through a
//! [`FileWriter`] when asked (only when it changes and parses), and, for
//! `--diff`, both sides with their secrets masked. An editor formats an
//! unsaved buffer by handing its text in ([`FormatInput::Text`]) or by
//! reading through an [`crate::files::Overlay`].

use std::path::PathBuf;

use rayon::prelude::*;

use super::writer::FileWriter;
use crate::diagnostics::Diagnostic;
use crate::files::{FileAccess, ReadError, WriteError};
use crate::format::format_source;
use crate::secrets::{MessageRedactor, SecretSpans, Shown};
use crate::text_diff::{unified_diff, Side};

/// What formatting is for, beyond telling whether each file changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormatMode {
    /// The formatted text is the output (`fmt FILE`).
    Print,
    /// Changed files are rewritten (`-w`); text handed in is the output.
    Write,
    /// Changed files are listed, nothing is kept (`--check`).
    Check,
    /// Changed files are shown as a masked diff (`--diff`).
    Diff,
}

/// One thing to format.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FormatInput {
    /// A file, read through the file door and written through the writer.
    File(PathBuf),
    /// Text in hand (standard input, an unsaved buffer): never written.
    Text {
        /// The name messages and diff headers give it.
        name: String,
        /// Its bytes.
        text: Vec<u8>,
    },
}

/// What formatting one input gave.
#[derive(Debug)]
pub struct Formatted {
    /// Its name: the path as given, or the name handed in.
    pub name: String,
    /// What happened to it.
    pub outcome: FormatOutcome,
    /// The formatted text, where it is the output: under
    /// [`FormatMode::Print`], and for text handed in under
    /// [`FormatMode::Write`].
    pub text: Option<String>,
    /// Under [`FormatMode::Diff`], for an input that changes: both sides.
    pub diff: Option<MaskedDiff>,
}

/// What happened to one input.
#[derive(Debug)]
pub enum FormatOutcome {
    /// Already formatted.
    Unchanged,
    /// Formatting changes it (and under [`FormatMode::Write`] it was
    /// rewritten).
    Changed,
    /// It does not parse: nothing was written.
    Invalid(InvalidInput),
    /// It could not be read, or the writer refused it.
    Failed(FormatProblem),
}

/// An input that does not parse.
#[derive(Debug)]
pub struct InvalidInput {
    /// Its syntax errors at Alloy's positions, with what its tokens say is
    /// secret masked in the messages.
    pub diagnostics: Vec<Diagnostic>,
    /// Its text with those secrets masked, for the code frames.
    pub shown: Shown,
}

/// Why an input was neither formatted nor written.
#[derive(Debug)]
pub enum FormatProblem {
    /// It could not be read.
    Unreadable(ReadError),
    /// The writer refused the formatted text; the file is as it was.
    NotWritten {
        /// The file.
        path: PathBuf,
        /// Why.
        error: WriteError,
    },
}

/// Both sides of a formatting change, as text and as shown: a diff may
/// land in a CI log, so secrets are masked where each side holds them.
#[derive(Debug)]
pub struct MaskedDiff {
    original: String,
    original_shown: String,
    formatted: String,
    formatted_shown: String,
}

impl MaskedDiff {
    /// The two sides of `original` formatted as `formatted`, named `name`.
    fn of(name: &str, original: &[u8], formatted: &str) -> Self {
        MaskedDiff {
            original: String::from_utf8_lossy(original).into_owned(),
            original_shown: crate::check::shown_file(name, original).text().into_owned(),
            formatted: formatted.to_owned(),
            formatted_shown: crate::check::shown_file(name, formatted.as_bytes())
                .text()
                .into_owned(),
        }
    }

    /// The unified diff headed `name`, coloured when `color`.
    pub fn unified(&self, name: &str, color: bool) -> String {
        unified_diff(
            Side {
                text: &self.original,
                shown: &self.original_shown,
            },
            Side {
                text: &self.formatted,
                shown: &self.formatted_shown,
            },
            name,
            color,
        )
    }
}

/// Formats `inputs` (in parallel when there are several), reading files
/// from `files` and, under [`FormatMode::Write`], writing the changed ones
/// through `writer`. One result per input, in order.
pub fn format_inputs(
    inputs: Vec<FormatInput>,
    mode: FormatMode,
    files: &dyn FileAccess,
    writer: &dyn FileWriter,
) -> Vec<Formatted> {
    let one = |input| format_input(input, mode, files, writer);
    // One file: skip starting the thread pool (a cost a small file notices).
    if inputs.len() > 1 {
        inputs.into_par_iter().map(one).collect()
    } else {
        inputs.into_iter().map(one).collect()
    }
}

/// Formats one input as `mode` says.
fn format_input(
    input: FormatInput,
    mode: FormatMode,
    files: &dyn FileAccess,
    writer: &dyn FileWriter,
) -> Formatted {
    let (name, path, source) = match input {
        FormatInput::Text { name, text } => (name, None, text),
        FormatInput::File(path) => {
            let name = path.display().to_string();
            match files.read(&path) {
                Ok(source) => (name, Some(path), source),
                Err(e) => return Formatted::new(name, FormatOutcome::Failed(e.into())),
            }
        }
    };
    let formatted = match format_source(&source) {
        Ok(formatted) => formatted,
        Err(errors) => {
            // The frame shows the file: what its tokens say is secret is
            // masked there and in the messages.
            let spans = SecretSpans::of_unparsed(&source);
            let redactor = MessageRedactor::new(&spans.values(&source));
            let mut diagnostics = Diagnostic::from_syntax_errors(&errors, &name, &source);
            for d in &mut diagnostics {
                d.message = redactor.redact(&d.message);
            }
            let invalid = InvalidInput {
                diagnostics,
                shown: Shown::masked(&source, &spans),
            };
            return Formatted::new(name, FormatOutcome::Invalid(invalid));
        }
    };
    let changed = formatted.as_bytes() != source.as_slice();
    let mut result = Formatted::new(
        name,
        match changed {
            true => FormatOutcome::Changed,
            false => FormatOutcome::Unchanged,
        },
    );
    match (mode, path) {
        (FormatMode::Print, _) | (FormatMode::Write, None) => result.text = Some(formatted),
        (FormatMode::Write, Some(path)) if changed => {
            if let Err(error) = writer.replace(&path, formatted.as_bytes()) {
                result.outcome = FormatOutcome::Failed(FormatProblem::NotWritten { path, error });
            }
        }
        (FormatMode::Diff, _) if changed => {
            result.diff = Some(MaskedDiff::of(&result.name, &source, &formatted));
        }
        _ => {}
    }
    result
}

impl Formatted {
    fn new(name: String, outcome: FormatOutcome) -> Self {
        Formatted {
            name,
            outcome,
            text: None,
            diff: None,
        }
    }
}

impl From<ReadError> for FormatProblem {
    fn from(error: ReadError) -> Self {
        FormatProblem::Unreadable(error)
    }
}

#[cfg(test)]
mod tests {
    use std::path::{Path, PathBuf};

    use super::*;
    use crate::driver::MemoryWriter;
    use crate::files::MemoryFiles;

    const ROOT: &str = "/alloy-lint-in-memory/fmt";

    fn path(name: &str) -> PathBuf {
        Path::new(ROOT).join(name)
    }

    fn files(pairs: &[(&str, &str)]) -> MemoryFiles {
        let mut files = MemoryFiles::new();
        for (name, text) in pairs {
            files.insert(path(name), *text);
        }
        files
    }

    fn inputs(names: &[&str]) -> Vec<FormatInput> {
        names.iter().map(|n| FormatInput::File(path(n))).collect()
    }

    /// `Unchanged`, `Changed`, `Invalid` or `Failed`, per input.
    fn kinds(formatted: &[Formatted]) -> Vec<&'static str> {
        formatted
            .iter()
            .map(|f| match f.outcome {
                FormatOutcome::Unchanged => "Unchanged",
                FormatOutcome::Changed => "Changed",
                FormatOutcome::Invalid(_) => "Invalid",
                FormatOutcome::Failed(_) => "Failed",
            })
            .collect()
    }

    #[test]
    fn write_writes_only_the_files_that_change_and_parse() {
        let files = files(&[
            ("messy.alloy", "a=1"),
            ("clean.alloy", "a = 1\n"),
            ("broken.alloy", "x = <TARGETS>\n"),
        ]);
        let writer = MemoryWriter::new();
        let formatted = format_inputs(
            inputs(&["messy.alloy", "clean.alloy", "broken.alloy"]),
            FormatMode::Write,
            &files,
            &writer,
        );
        assert_eq!(kinds(&formatted), ["Changed", "Unchanged", "Invalid"]);
        assert_eq!(
            writer.written(),
            [(path("messy.alloy"), b"a = 1\n".to_vec())]
        );
        // Written files are not the output.
        assert!(formatted.iter().all(|f| f.text.is_none()));
        let FormatOutcome::Invalid(invalid) = &formatted[2].outcome else {
            unreachable!()
        };
        let short = crate::diagnostics::short::render(&invalid.diagnostics, false);
        let want = format!("{}:1:5: error: ", path("broken.alloy").display());
        assert!(short.starts_with(&want), "{short}");
    }

    #[test]
    fn text_handed_in_is_formatted_and_never_written() {
        let writer = MemoryWriter::new();
        let text = FormatInput::Text {
            name: "buffer.alloy".into(),
            text: b"a=1".to_vec(),
        };
        let formatted = format_inputs(vec![text], FormatMode::Write, &MemoryFiles::new(), &writer);
        assert_eq!(formatted[0].name, "buffer.alloy");
        assert_eq!(formatted[0].text.as_deref(), Some("a = 1\n"));
        assert!(writer.written().is_empty());
    }

    /// Refuses every write, as the disk refuses a read-only file.
    struct RefusingWriter;

    impl FileWriter for RefusingWriter {
        fn replace(&self, _: &Path, _: &[u8]) -> Result<(), WriteError> {
            Err(WriteError::ReadOnly)
        }
    }

    #[test]
    fn a_refused_write_and_an_unreadable_file_are_reported() {
        let files = files(&[("messy.alloy", "a=1"), ("clean.alloy", "a = 1\n")]);
        let formatted = format_inputs(
            inputs(&["messy.alloy", "clean.alloy", "missing.alloy"]),
            FormatMode::Write,
            &files,
            &RefusingWriter,
        );
        assert_eq!(kinds(&formatted), ["Failed", "Unchanged", "Failed"]);
        match &formatted[0].outcome {
            FormatOutcome::Failed(FormatProblem::NotWritten { path: p, error }) => {
                assert_eq!(
                    (p, error.to_string()),
                    (&path("messy.alloy"), "it is read-only".into())
                );
            }
            other => panic!("{other:?}"),
        }
        match &formatted[2].outcome {
            FormatOutcome::Failed(FormatProblem::Unreadable(e)) => {
                assert!(e.is_not_found(), "{e}");
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn check_and_diff_never_write() {
        let files = files(&[("messy.alloy", "a=1")]);
        let writer = MemoryWriter::new();
        for mode in [FormatMode::Check, FormatMode::Diff, FormatMode::Print] {
            let formatted = format_inputs(inputs(&["messy.alloy"]), mode, &files, &writer);
            assert_eq!(kinds(&formatted), ["Changed"], "{mode:?}");
            assert_eq!(formatted[0].diff.is_some(), mode == FormatMode::Diff);
            assert_eq!(formatted[0].text.is_some(), mode == FormatMode::Print);
        }
        assert!(writer.written().is_empty());
    }

    #[test]
    fn the_diff_masks_a_secret() {
        let input =
            "otelcol.auth.basic \"a\" {\nusername = \"1\"\npassword = \"hunter2hunter2\"\n}\n";
        let files = files(&[("auth.alloy", input)]);
        let formatted = format_inputs(
            inputs(&["auth.alloy"]),
            FormatMode::Diff,
            &files,
            &MemoryWriter::new(),
        );
        let diff = formatted[0].diff.as_ref().expect("it changes");
        let text = diff.unified(&formatted[0].name, false);
        assert!(text.contains("+\tpassword = \"hu"), "{text}");
        assert!(!text.contains("hunter2"), "{text}");
    }

    #[test]
    fn an_invalid_file_masks_its_secrets_in_the_frame() {
        let token = ["glc_", "eyJvIjoiMTIzNDU2NyIsIm4iOiJzdGFjayJ9"].concat();
        let input = format!("x = \"{token}\"\ny = <TARGETS>\n");
        let files = files(&[("broken.alloy", input.as_str())]);
        let formatted = format_inputs(
            inputs(&["broken.alloy"]),
            FormatMode::Check,
            &files,
            &MemoryWriter::new(),
        );
        let FormatOutcome::Invalid(invalid) = &formatted[0].outcome else {
            panic!("{:?}", formatted[0].outcome)
        };
        assert_eq!(invalid.shown.bytes().len(), input.len());
        assert!(!invalid.shown.text().contains(&token[4..]));
    }
}
