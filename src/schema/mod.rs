//! The facts `check` works from: Alloy's components, config blocks and
//! stdlib (`schemas/components.json`), and the type notation they use.

pub mod types;

pub use types::{CapsuleKind, Type, TypeError};
