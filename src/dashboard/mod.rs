//! Dashboards as code: a typed dashboard DSL written in Alloy syntax
//! (`dashboard "slug" { ... }`), checked with the same diagnostics as
//! configurations and generated into Grafana's classic dashboard JSON.
//!
//! The pipeline mirrors the configuration's: the syntax tree of a dashboard
//! file is checked and lowered into [`model::Dashboard`] (`check`), whose
//! queries are checked in their own languages (`query`), laid out on
//! Grafana's 24-column grid (`layout`) and written as JSON (`generate`).
//! `import` goes the other way, from an existing dashboard JSON to the DSL.

pub mod model;

use crate::syntax::ast;

/// Whether a parsed file is a dashboard file: its statements are one
/// `dashboard` block (comments aside). Such files are checked as
/// dashboards, never as part of an Alloy configuration.
pub fn is_dashboard_file(file: &ast::File) -> bool {
    matches!(
        file.body.as_slice(),
        [ast::Stmt::Block(b)] if &*b.name == "dashboard"
    )
}
