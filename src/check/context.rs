//! What every rule family works with: the files of the configuration (and
//! the modules they import), the options, and the diagnostics found so far.

use std::ops::Range;
use std::path::PathBuf;

use super::{Options, StabilityLevel};
use crate::diagnostics::{Diagnostic, Fix, Related, Severity, Span, TextEdit};
use crate::rules::Code;
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

    /// The byte range as a diagnostic span.
    pub fn span(self) -> Span {
        Span {
            offset: self.start,
            len: self.end.saturating_sub(self.start),
        }
    }
}

/// The message and default help for a reference to a name (`full`) that
/// names nothing in scope: the configuration's wording unless the checker
/// of another dialect built on this one gives its own.
pub type UndefinedWording = fn(full: &str) -> (String, Option<String>);

/// Alloy's own words for an undefined reference.
pub fn alloy_undefined_reference(full: &str) -> (String, Option<String>) {
    (
        format!("component \"{full}\" does not exist or is out of scope"),
        None,
    )
}

/// The state shared by the rule families during one check.
pub struct Context<'a> {
    /// Every unit: the configuration's files first, then imported modules.
    pub units: Vec<Unit<'a>>,
    /// What is allowed.
    pub options: Options,
    /// Where the files a configuration names are read (token files).
    pub files: &'a dyn crate::files::FileAccess,
    /// How an undefined reference is worded.
    pub undefined_wording: UndefinedWording,
    /// What was found.
    pub diagnostics: Vec<Diagnostic>,
    /// Where secret values are written: masked wherever a source is shown.
    pub secrets: Vec<Loc>,
}

impl<'a> Context<'a> {
    /// Reports `code` at `loc` with its registered default severity and
    /// returns the diagnostic, for a help text to be added.
    pub fn report(&mut self, code: Code, loc: Loc, message: impl Into<String>) -> &mut Diagnostic {
        let severity = crate::rules::default_severity(code);
        self.report_as(severity, code, loc, message)
    }

    /// Reports `code` at `loc` with an explicit severity.
    pub fn report_as(
        &mut self,
        severity: Severity,
        code: Code,
        loc: Loc,
        message: impl Into<String>,
    ) -> &mut Diagnostic {
        let unit = &self.units[loc.unit];
        let d = Diagnostic::at(severity, code, unit.name, loc.span(), unit.lines, message);
        self.diagnostics.push(d);
        self.diagnostics.last_mut().expect("just pushed")
    }

    /// Attaches a safe fix to the diagnostic reported last: replace `loc`
    /// (in that diagnostic's file) with `replacement`.
    pub fn fix_last(&mut self, loc: Loc, replacement: impl Into<String>) {
        debug_assert_eq!(
            self.diagnostics.last().map(|d| d.file.as_str()),
            Some(self.units[loc.unit].name),
            "a fix edits the file of the diagnostic it resolves"
        );
        let last = self
            .diagnostics
            .last_mut()
            .expect("a fix follows the diagnostic it resolves");
        last.fix
            .get_or_insert_with(Fix::default)
            .edits
            .push(TextEdit {
                span: loc.span(),
                replacement: replacement.into(),
            });
    }

    /// `loc` as a related place labelled `message`, for
    /// [`Diagnostic::with_related`].
    pub fn related(&self, loc: Loc, message: impl Into<String>) -> Related {
        let u = &self.units[loc.unit];
        Related::at(u.name, loc.span(), u.lines, message)
    }

    /// Reports a feature below the allowed stability level, and returns
    /// the diagnostic when it does.
    pub fn check_stability(
        &mut self,
        what: &str,
        level: &str,
        loc: Loc,
    ) -> Option<&mut Diagnostic> {
        let feature = StabilityLevel::from_name(level)?;
        let allowed = self.options.stability;
        if feature >= allowed {
            return None;
        }
        let message = format!(
            "{what} is at stability level \"{level}\", which is below the minimum allowed stability level \"{}\". Use --stability.level command-line flag to enable \"{level}\" features",
            allowed.as_str()
        );
        let d = self.report(Code::UnstableFeature, loc, message);
        d.help = Some(format!(
            "run alloy-lint with --stability-level {level} (or set `stability-level` in alloy-lint.toml) if Alloy runs with --stability.level={level}"
        ));
        Some(d)
    }
}
