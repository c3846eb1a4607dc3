//! Creating a router and the accounts of its capabilities; joining routers into a stake pool.
pub mod add_fee_line;
pub mod initialize_router;

pub use add_fee_line::*;
pub use initialize_router::*;
