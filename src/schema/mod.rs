//! The facts `check` works from: Alloy's components, config blocks and
//! stdlib (`schemas/components.json`), and the type notation they use.

pub mod model;
pub mod types;

pub use model::Schema;
pub use types::{CapsuleKind, Type, TypeError};
