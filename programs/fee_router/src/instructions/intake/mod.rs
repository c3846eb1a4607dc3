//! Fees in and out of the intake: deposits, the distribution by stage and split, and the rules it follows (stage, split, guard rails).
pub mod deposit_fees;
pub mod distribute;
pub mod set_guard_rails;
pub mod set_split;
pub mod set_stage;

pub use deposit_fees::*;
pub use distribute::*;
pub use set_guard_rails::*;
pub use set_split::*;
pub use set_stage::*;
