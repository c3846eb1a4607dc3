//! A bankrun-style harness around solana-program-test: an in-process bank running the SBF
//! build of fee-router, with helpers to create mints and funded users, warp the clock, send
//! transactions and read their compute units, and assert typed errors.
pub mod cu;
pub mod exchange;
pub mod harness;
pub mod pool;
pub mod router;

pub use harness::*;
pub use pool::*;
pub use router::*;
