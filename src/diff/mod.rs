//! Differences between configurations: the semantic diff of `alloy-lint
//! diff`, which compares two configurations by meaning ([`config`]),
//! prints values in a canonical one-line form ([`canonical`]) and renders
//! the changes for people and scripts ([`render`]); `--text` diffs the
//! formatted files ([`text`], through [`crate::text_diff`]).

pub mod canonical;
pub mod config;
pub mod render;
pub mod text;

pub use config::{compare, Change, ChangeKind, Configuration, InvalidFile, Summary};
