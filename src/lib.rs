//! alloy-lint: the config-as-code compiler and linter for Grafana Alloy.
//!
//! The library mirrors the pipeline (see `ARCHITECTURE.md`):
//! [`syntax`] (grammar → owned AST with spans and comments) →
//! [`format`] (byte-identical `alloy fmt`) → [`diagnostics`] (rendering) →
//! [`cli`] (thin argument layer over everything above).

// pest_derive without its `std` feature refers to `alloc` directly.
extern crate alloc;

pub mod check;
pub mod cli;
pub mod dashboard;
pub mod diagnostics;
pub mod diff;
pub mod files;
pub mod format;
pub mod init;
pub mod schema;
pub mod secrets;
pub mod syntax;
