//! Showing what formatting would change.

pub mod unified;

pub use unified::unified_diff;
