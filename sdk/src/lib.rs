//! The one place that knows how to address fee-router's accounts and build its instructions.
//! Everything is built from the program crate's own `accounts::*` and `instruction::*` types.
pub mod ix;
pub mod pda;

pub use fee_router;
pub use fee_router::ID as PROGRAM_ID;
