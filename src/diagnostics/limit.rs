//! At most [`MAX_PER_FILE`] diagnostics are listed per file; the rest are
//! counted in one closing entry, `too-many-diagnostics`, so that a file of
//! garbage (10 KB of invalid bytes is ten thousand syntax errors) gives a
//! screenful, not hundreds of megabytes.
//!
//! Compilers bound their error lists the same way: Go's parser and compiler
//! stop after 10 errors, clang after 20 (`-ferror-limit`), javac after 100
//! (`-Xmaxerrs`). A linter's findings on a real file are more numerous and
//! all worth fixing, so the bound is javac's. Errors are listed before
//! warnings and infos when some must go, so that every failing file shows
//! why it fails; the summary and the JSON `summary` still count every
//! finding.

use crate::rules::Code;
use std::collections::HashMap;

use super::{Diagnostic, Severity, Span};

/// Most diagnostics listed for one file: as many as syntax errors are kept
/// for one input, so that a file of garbage lists the same either way.
pub const MAX_PER_FILE: usize = crate::syntax::error::MAX_ERRORS;

/// The code of the entry that stands for the diagnostics left out.
pub const CODE: Code = Code::TooManyDiagnostics;

/// Diagnostics by severity.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    /// Errors.
    pub errors: usize,
    /// Warnings.
    pub warnings: usize,
    /// Infos.
    pub infos: usize,
}

impl Counts {
    /// Every finding of `diagnostics`: each diagnostic counts once, except
    /// a `too-many-diagnostics` entry, which counts as what it stands for.
    pub fn of(diagnostics: &[Diagnostic]) -> Self {
        let mut counts = Counts::default();
        for d in diagnostics {
            if d.omitted.total() > 0 {
                counts.add(d.omitted);
            } else {
                counts.add_one(d.severity);
            }
        }
        counts
    }

    /// All of them.
    pub fn total(self) -> usize {
        self.errors + self.warnings + self.infos
    }

    /// Those counted in `omitted` entries only: the findings not listed.
    pub fn omitted(diagnostics: &[Diagnostic]) -> Self {
        let mut counts = Counts::default();
        for d in diagnostics {
            counts.add(d.omitted);
        }
        counts
    }

    fn add(&mut self, other: Counts) {
        self.errors += other.errors;
        self.warnings += other.warnings;
        self.infos += other.infos;
    }

    fn add_one(&mut self, severity: Severity) {
        match severity {
            Severity::Error => self.errors += 1,
            Severity::Warning => self.warnings += 1,
            Severity::Info => self.infos += 1,
        }
    }
}

/// The entry closing a file's list: `omitted` diagnostics were left out,
/// the first of them at `first` (whose position it takes).
pub fn omitted_entry(first: &Diagnostic, omitted: Counts) -> Diagnostic {
    let n = omitted.total();
    let mut kinds = Vec::new();
    for (count, word) in [
        (omitted.errors, "error"),
        (omitted.warnings, "warning"),
        (omitted.infos, "info"),
    ] {
        if count > 0 {
            kinds.push(format!(
                "{count} {word}{}",
                if count == 1 { "" } else { "s" }
            ));
        }
    }
    Diagnostic {
        severity: Severity::Info,
        code: Some(CODE),
        file: first.file.clone(),
        span: Span {
            offset: first.span.offset,
            len: 0,
        },
        line: first.line,
        column: first.column,
        end_line: first.line,
        end_column: first.column,
        message: format!(
            "and {n} more diagnostic{} in this file ({}), not listed: at most {MAX_PER_FILE} are listed per file",
            if n == 1 { "" } else { "s" },
            kinds.join(", ")
        ),
        help: Some("fix the ones listed and check again".into()),
        related: Vec::new(),
        fix: None,
        omitted,
    }
}

/// Keeps at most [`MAX_PER_FILE`] diagnostics of each file of
/// `diagnostics` (errors first, then warnings, then infos, each in their
/// order), followed by one entry counting the rest. The order of what is
/// kept does not change; entries that already count left-out diagnostics
/// (syntax errors are bounded as they are found) are kept and do not count
/// against the bound.
pub fn per_file(diagnostics: Vec<Diagnostic>) -> Vec<Diagnostic> {
    let mut listed: HashMap<&str, Counts> = HashMap::new();
    for d in &diagnostics {
        if d.omitted.total() == 0 {
            listed.entry(&d.file).or_default().add_one(d.severity);
        }
    }
    // Per file, how many of each severity may be listed.
    let quotas: HashMap<String, Counts> = listed
        .into_iter()
        .filter(|(_, c)| c.total() > MAX_PER_FILE)
        .map(|(file, c)| {
            let errors = c.errors.min(MAX_PER_FILE);
            let warnings = c.warnings.min(MAX_PER_FILE - errors);
            let infos = c.infos.min(MAX_PER_FILE - errors - warnings);
            (
                file.to_owned(),
                Counts {
                    errors,
                    warnings,
                    infos,
                },
            )
        })
        .collect();
    if quotas.is_empty() {
        return diagnostics;
    }
    let mut left = quotas.clone();
    // Per file: the left-out ones, and the first of them.
    let mut dropped: HashMap<String, (Counts, Diagnostic)> = HashMap::new();
    let mut kept = Vec::with_capacity(diagnostics.len().min(quotas.len() * (MAX_PER_FILE + 1)));
    // Where each file's last kept diagnostic is, for its closing entry.
    let mut last_kept: HashMap<String, usize> = HashMap::new();
    for d in diagnostics {
        let Some(quota) = left.get_mut(&d.file).filter(|_| d.omitted.total() == 0) else {
            kept.push(d);
            continue;
        };
        let slot = match d.severity {
            Severity::Error => &mut quota.errors,
            Severity::Warning => &mut quota.warnings,
            Severity::Info => &mut quota.infos,
        };
        if *slot > 0 {
            *slot -= 1;
            last_kept.insert(d.file.clone(), kept.len());
            kept.push(d);
        } else {
            let entry = dropped
                .entry(d.file.clone())
                .or_insert_with(|| (Counts::default(), d.clone()));
            entry.0.add_one(d.severity);
        }
    }
    // Each closing entry goes right after its file's last kept diagnostic.
    let mut closing: Vec<(usize, Diagnostic)> = dropped
        .into_iter()
        .map(|(file, (counts, first))| {
            let at = last_kept.get(&file).map_or(0, |i| i + 1);
            (at, omitted_entry(&first, counts))
        })
        .collect();
    closing.sort_by_key(|(at, _)| std::cmp::Reverse(*at));
    for (at, entry) in closing {
        kept.insert(at, entry);
    }
    kept
}

#[cfg(test)]
mod tests {
    use super::*;

    fn diagnostic(file: &str, severity: Severity, n: usize) -> Diagnostic {
        Diagnostic {
            severity,
            code: Some(Code::UnusedComponent),
            file: file.into(),
            span: Span { offset: n, len: 1 },
            line: n + 1,
            column: 1,
            end_line: n + 1,
            end_column: 2,
            message: format!("finding {n}"),
            help: None,
            related: Vec::new(),
            fix: None,
            omitted: Counts::default(),
        }
    }

    #[test]
    fn a_file_within_the_bound_is_untouched() {
        let all: Vec<_> = (0..MAX_PER_FILE)
            .map(|n| diagnostic("a", Severity::Warning, n))
            .collect();
        assert_eq!(per_file(all.clone()), all);
    }

    #[test]
    fn past_the_bound_errors_are_kept_first_and_the_rest_counted() {
        let mut all: Vec<_> = (0..150)
            .map(|n| diagnostic("a", Severity::Warning, n))
            .collect();
        all.push(diagnostic("a", Severity::Error, 150));
        all.push(diagnostic("b", Severity::Info, 0));
        let before = Counts::of(&all);
        let kept = per_file(all);
        assert_eq!(kept.len(), MAX_PER_FILE + 2);
        assert_eq!(
            Counts::of(&kept),
            before,
            "the counts still cover everything"
        );
        let a: Vec<_> = kept.iter().filter(|d| d.file == "a").collect();
        assert!(a.iter().any(|d| d.severity == Severity::Error));
        let last = a.last().unwrap();
        assert_eq!(last.code, Some(CODE));
        assert_eq!(
            last.omitted,
            Counts {
                warnings: 51,
                ..Counts::default()
            }
        );
        // It points where the first left-out warning is.
        assert_eq!(last.line, 100);
        insta::assert_snapshot!(last.message, @"and 51 more diagnostics in this file (51 warnings), not listed: at most 100 are listed per file");
        assert_eq!(kept.last().unwrap().file, "b");
    }
}
