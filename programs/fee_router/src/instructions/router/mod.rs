//! Creating a router and the accounts of its capabilities.
pub mod initialize_router;

pub use initialize_router::*;
