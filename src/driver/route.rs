//! Routing a configuration's files to their checker: a file with a
//! top-level `dashboard` block to the dashboard checker, every other file
//! to the configuration checker. `check` knows no dashboard; it asks the
//! [`Dialect`]s it is given which files are theirs.

use crate::check::{self, Dialect, Options, Report};
use crate::dashboard::alloy_config::{DashboardOptions, Place};
use crate::diagnostics::Diagnostic;
use crate::files::{FileAccess, Source};
use crate::syntax::{ast, ParsedFile};

/// The dashboard DSL as a [`Dialect`] of `check`.
pub struct Dashboards<'o> {
    /// What checking a dashboard may read besides the file (the Alloy
    /// configuration to check it against).
    pub options: &'o DashboardOptions,
}

impl Dialect for Dashboards<'_> {
    fn claims(&self, file: &ast::File) -> bool {
        crate::dashboard::is_dashboard_file(file)
    }

    fn check(
        &self,
        source: &Source,
        parsed: &ParsedFile,
        files: &dyn FileAccess,
    ) -> Vec<Diagnostic> {
        let place = Place {
            path: source.path.as_deref(),
            options: self.options,
            files,
        };
        crate::dashboard::check::lower_at(
            &source.name,
            &source.text,
            &parsed.file,
            &parsed.lines,
            Some(place),
        )
        .1
    }
}

/// Checks one configuration made of `sources`, its dashboard files by the
/// dashboard checker (against the configuration `dashboards` names, or the
/// one each names), everything else they read from `files`.
pub fn check_sources(
    sources: Vec<Source>,
    options: &Options,
    dashboards: &DashboardOptions,
    files: &dyn FileAccess,
) -> Report {
    let dialect = Dashboards {
        options: dashboards,
    };
    check::check_with_files(sources, options, &[&dialect], files)
}
