//! Account types, one file each.
pub mod pause;
pub mod position;
pub mod router;

pub use position::*;
pub use router::*;
