//! Dashboards as code: a typed dashboard DSL written in Alloy syntax
//! (`dashboard "slug" { ... }`), checked with the same diagnostics as
//! configurations and generated into Grafana's classic dashboard JSON.
//!
//! The pipeline mirrors the configuration's: the syntax tree of a dashboard
//! file is checked and lowered into [`model::Dashboard`] (`check`), whose
//! queries are checked in their own languages (`query`), laid out on
//! Grafana's 24-column grid (`layout`) and written as JSON (`generate`).
//! `import` goes the other way, from an existing dashboard JSON to the DSL.

pub mod alloy_config;
pub mod check;
pub mod generate;
pub mod import;
pub mod layout;
pub mod lower;
pub mod model;
pub mod query;
pub mod schema;
pub mod semantic;
pub mod variables;

use crate::diagnostics::{Diagnostic, Severity};
use crate::rules::Code;
use crate::syntax::ast;

/// Whether a parsed file is a dashboard file: it has a top-level
/// `dashboard` block (a file holds one, and nothing else: anything else in
/// it is reported by the dashboard checker). Such files are checked as
/// dashboards, never as part of an Alloy configuration: Alloy has no
/// `dashboard` component.
pub fn is_dashboard_file(file: &ast::File) -> bool {
    file.body
        .iter()
        .any(|s| matches!(s, ast::Stmt::Block(b) if &*b.name == "dashboard"))
}

/// Parses, checks and lowers the dashboard file `name` (its text
/// `source`): the dashboard, or every diagnostic when one of them is an
/// error. Suppression comments (`// alloy-lint-ignore CODE`) apply; the
/// warnings of a dashboard that lowered are not returned (`check` reports
/// them).
pub fn load(name: &str, source: &[u8]) -> Result<model::Dashboard, Vec<Diagnostic>> {
    let parsed = match crate::syntax::parse(source) {
        Ok(parsed) => parsed,
        Err(errors) => return Err(Diagnostic::from_syntax_errors(&errors, name, source)),
    };
    let (dashboard, found) = crate::syntax::stack::with_stack_for(parsed.max_depth, || {
        check::lower(name, source, &parsed.file, &parsed.lines)
    });
    let diagnostics =
        crate::check::suppress::apply(name, source, &parsed.lines, &parsed.file.comments, found);
    match dashboard {
        Some(d) if !diagnostics.iter().any(|d| d.severity == Severity::Error) => Ok(d),
        Some(_) => Err(crate::diagnostics::limit::per_file(diagnostics)),
        None => {
            let mut diagnostics = diagnostics;
            if !diagnostics.iter().any(|d| d.severity == Severity::Error) {
                diagnostics.push(Diagnostic::at(
                    Severity::Error,
                    Code::MissingBlock,
                    name,
                    crate::diagnostics::Span { offset: 0, len: 0 },
                    &parsed.lines,
                    "missing required block \"dashboard\": this file holds no dashboard",
                ));
            }
            Err(crate::diagnostics::limit::per_file(diagnostics))
        }
    }
}
