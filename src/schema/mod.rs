//! The facts `check` works from: Alloy's components, config blocks and
//! stdlib (`schemas/components.json`), and the type notation they use.
//! [`Catalog`] is the way in: it parses only the entries a config mentions.

pub mod catalog;
pub mod enums;
pub mod model;
pub mod removed;
pub mod types;

pub use catalog::Catalog;
pub use model::{Argument, Export, Node, Param, Schema, StdlibEntry};
pub use types::{CapsuleKind, Type, TypeError};
