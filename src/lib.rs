//! alloy-lint: the config-as-code compiler and linter for Grafana Alloy.
//!
//! The library mirrors the pipeline (see `ARCHITECTURE.md`):
//! [`files`] (reading and writing through one door, what git knows) →
//! [`syntax`] (grammar → owned AST with spans and comments) →
//! [`format`] (byte-identical `alloy fmt`) and [`check`] (the configuration
//! against [`schema`], Alloy's facts; dashboard files in [`dashboard`],
//! built on it) → [`diagnostics`] (rendering in every output format; the
//! codes, default severities and documentation of its rules are the
//! [`rules`] registry, below both), with [`secrets`] masking what any of
//! them shows, [`text_diff`] printing unified diffs and [`re2`] parsing
//! regular expressions as Go does → [`diff`],
//! [`init`] → [`driver`] (what `check` does between arguments and output:
//! jobs, settings, routing, the fix loop) → [`cli`] (thin argument layer
//! over everything above). No module imports one above it
//! (`tests/suite/module_graph.rs`).

// pest_derive without its `std` feature refers to `alloc` directly.
extern crate alloc;

pub mod check;
pub mod cli;
pub mod dashboard;
pub mod diagnostics;
pub mod diff;
pub mod driver;
pub mod files;
pub mod format;
pub mod init;
pub mod re2;
pub mod rules;
pub mod schema;
pub mod secrets;
pub mod syntax;
pub mod text_diff;
