//! What every rule family works with: the files of the configuration (and
//! the modules they import), the options, and the diagnostics found so far.

use std::ops::Range;
use std::path::PathBuf;

use super::Options;
use crate::diagnostics::{Diagnostic, Severity, Span};
use crate::syntax::{ast, LineIndex};

/// Index of a [`Unit`] in [`Context::units`].
pub type UnitId = usize;

/// One parsed file: a file of the configuration or an imported module.
#[derive(Debug)]
pub struct Unit<'a> {
    /// The name diagnostics use.
    pub name: &'a str,
    /// Where it was read from (none for standard input).
    pub path: Option<&'a PathBuf>,
    /// Its bytes.
    pub source: &'a [u8],
    /// Line starts of `source`.
    pub lines: &'a LineIndex,
    /// Its syntax tree.
    pub file: &'a ast::File,
}

/// A place in one unit: a byte range.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Loc {
    /// The unit.
    pub unit: UnitId,
    /// First byte.
    pub start: usize,
    /// Just past the last byte.
    pub end: usize,
}

impl Loc {
    /// The range `range` of `unit`.
    pub fn new(unit: UnitId, range: Range<usize>) -> Self {
        Loc {
            unit,
            start: range.start,
            end: range.end,
        }
    }
}

/// A safe, mechanical change that resolves a diagnostic: replace `loc`
/// with `replacement`. Only changes that cannot alter what the user meant
/// are recorded; anything else is a help text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fix {
    /// The bytes to replace (empty to insert).
    pub loc: Loc,
    /// What to put there.
    pub replacement: String,
    /// The rule it fixes.
    pub code: &'static str,
    /// Where that rule's diagnostic points: the fix is applied only while
    /// that diagnostic is reported (not suppressed, not turned off).
    pub diagnostic: Span,
}

/// The state shared by the rule families during one check.
pub struct Context<'a> {
    /// Every unit: the configuration's files first, then imported modules.
    pub units: Vec<Unit<'a>>,
    /// What is allowed.
    pub options: Options,
    /// Where the files a configuration names are read (token files).
    pub files: &'a dyn crate::files::FileAccess,
    /// What was found.
    pub diagnostics: Vec<Diagnostic>,
    /// Safe fixes for some of them.
    pub fixes: Vec<Fix>,
    /// Where secret values are written: masked wherever a source is shown.
    pub secrets: Vec<Loc>,
}

impl<'a> Context<'a> {
    /// Reports `code` at `loc` with its registered default severity and
    /// returns the diagnostic, for a help text to be added.
    pub fn report(
        &mut self,
        code: &'static str,
        loc: Loc,
        message: impl Into<String>,
    ) -> &mut Diagnostic {
        let severity = super::rules::default_severity(code);
        self.report_as(severity, code, loc, message)
    }

    /// Reports `code` at `loc` with an explicit severity.
    pub fn report_as(
        &mut self,
        severity: Severity,
        code: &'static str,
        loc: Loc,
        message: impl Into<String>,
    ) -> &mut Diagnostic {
        debug_assert!(
            super::rules::rule(code).is_some(),
            "unregistered rule code {code}"
        );
        let unit = &self.units[loc.unit];
        let span = Span {
            offset: loc.start,
            len: loc.end.saturating_sub(loc.start),
        };
        let d = Diagnostic::at(severity, code, unit.name, span, unit.lines, message);
        self.diagnostics.push(d);
        self.diagnostics.last_mut().expect("just pushed")
    }

    /// Records a safe fix for the diagnostic reported last: replace `loc`
    /// with `replacement`.
    pub fn fix_last(&mut self, loc: Loc, replacement: impl Into<String>) {
        let last = self
            .diagnostics
            .last()
            .expect("a fix follows the diagnostic it resolves");
        let code = super::rules::rule(last.code.as_deref().unwrap_or_default())
            .expect("diagnostics carry registered codes")
            .code;
        self.fixes.push(Fix {
            loc,
            replacement: replacement.into(),
            code,
            diagnostic: last.span,
        });
    }

    /// `file:line:col` of an offset in a unit, as Alloy writes positions in
    /// messages.
    pub fn position(&self, unit: UnitId, offset: usize) -> String {
        let u = &self.units[unit];
        let (line, col) = u.lines.line_col(offset);
        format!("{}:{line}:{col}", u.name)
    }
}
