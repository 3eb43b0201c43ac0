//! Alloy syntax: the pest grammar (`grammar/alloy.pest`), the owned AST and
//! the positions and errors Alloy reports.

pub mod error;
pub mod position;

pub use error::{SyntaxError, SyntaxErrors};
pub use position::LineIndex;
