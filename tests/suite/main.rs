//! The integration tests, one test binary: linking one binary instead
//! of one per file keeps `cargo test` (and CI) minutes shorter. Tests
//! that change process-wide state (environment variables) or install
//! tools keep their own binaries: `git_status.rs`, `pre_commit.rs`.

#[path = "../support/mod.rs"]
mod support;

mod check_dashboards;
mod check_rules;
mod cli_check;
mod cli_diff;
mod cli_fmt;
mod cli_generate;
mod cli_help;
mod cli_import;
mod cli_init;
mod deep_nesting;
mod format_properties;
mod format_snapshots;
mod generate_dashboard;
mod import_dashboard;
mod module_graph;
mod readme;
mod render;
mod render_formats;
mod schema_types;
mod secrets_never_shown;
mod syntax_errors;
