//! `check --fix`: the safe fixes of a report applied and formatted, the
//! files written, then the configuration checked again, so that what is
//! reported is what is left in the files as they are now. A file whose
//! fixed text would not parse is never written.

use std::path::PathBuf;

use super::writer::FileWriter;
use crate::check::fix::{self, FixedFile};
use crate::check::{Report, Source};
use crate::files::WriteError;

/// What `--fix` does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum FixMode {
    /// Nothing: only check.
    #[default]
    Off,
    /// Work out the fixes and change nothing (`--fix --diff`).
    Preview,
    /// Write the fixed files, then check again.
    Write,
}

/// What checking one configuration gave: its report, and with `--fix` the
/// files the safe fixes changed (or would change, when previewed).
#[derive(Debug)]
pub struct Outcome {
    /// The diagnostics to show: after the fixes when they were written.
    pub report: Report,
    /// The files changed by the fixes.
    pub fixed: Vec<FixedFile>,
}

/// A file the fixes left unchanged.
#[derive(Debug)]
pub enum Refusal {
    /// The fixed text would not parse (the message says which file and
    /// why).
    WouldNotParse(String),
    /// The writer refused the fixed text.
    NotWritten {
        /// The file.
        path: PathBuf,
        /// Why.
        error: WriteError,
    },
}

/// `report` of `sources` with the fixes `mode` asks for: none, previewed,
/// or written through `writer` and checked again by `check_again`.
pub fn fix(
    sources: Vec<Source>,
    report: Report,
    mode: FixMode,
    writer: &dyn FileWriter,
    check_again: &dyn Fn(Vec<Source>) -> Report,
) -> (Outcome, Vec<Refusal>) {
    if mode == FixMode::Off {
        return (
            Outcome {
                report,
                fixed: Vec::new(),
            },
            Vec::new(),
        );
    }
    let (mut fixed, refused) = fix::plan(&report);
    let mut refused: Vec<Refusal> = refused.into_iter().map(Refusal::WouldNotParse).collect();
    if mode == FixMode::Preview || fixed.is_empty() {
        return (Outcome { report, fixed }, refused);
    }
    let mut sources = sources;
    fixed.retain(|f| match &f.path {
        Some(path) => match writer.replace(path, f.after.as_bytes()) {
            Ok(()) => true,
            Err(error) => {
                refused.push(Refusal::NotWritten {
                    path: path.clone(),
                    error,
                });
                false
            }
        },
        // Standard input: the fixed text is printed, not written.
        None => true,
    });
    for f in &fixed {
        if let Some(s) = sources.iter_mut().find(|s| s.name == f.name) {
            s.text = f.after.clone().into_bytes();
        }
    }
    let outcome = Outcome {
        report: check_again(sources),
        fixed,
    };
    (outcome, refused)
}
