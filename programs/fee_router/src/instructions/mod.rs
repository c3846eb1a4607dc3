//! One file per instruction: its accounts, its arguments, its validation and its handler.
pub mod initialize_router;

pub use initialize_router::*;
