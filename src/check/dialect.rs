//! Files written in Alloy's syntax that are not part of a configuration,
//! such as a dashboard file (a directory may hold both). `check` parses
//! them with the configuration, applies their suppression comments, orders
//! their diagnostics with the others and masks their secrets, but leaves
//! the judging of them to a [`Dialect`] its caller gives: `check` itself
//! knows no dialect, so the checkers of dialects can build on it (the
//! driver gives the dashboard checker, `crate::driver::route`).

use crate::diagnostics::Diagnostic;
use crate::files::{FileAccess, Source};
use crate::syntax::{ast, ParsedFile};

/// A language in Alloy's syntax whose files are checked on their own,
/// never as part of the configuration.
pub trait Dialect: Sync {
    /// Whether the parsed `file` is written in this dialect.
    fn claims(&self, file: &ast::File) -> bool;

    /// The diagnostics of one file in this dialect, before suppression
    /// comments apply. Whatever else it reads, it reads from `files`.
    fn check(
        &self,
        source: &Source,
        parsed: &ParsedFile,
        files: &dyn FileAccess,
    ) -> Vec<Diagnostic>;
}
