//! Account types, one file each.
pub mod pause;
pub mod router;

pub use router::*;
