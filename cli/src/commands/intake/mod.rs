//! Intake: fees paid in and distributed to the vaults by the stage's split, within the guard
//! rails; the keeper that cranks it; the stage, the splits and the guard rails (authority);
//! and the offline projection of a month of fees through the splits, or of many months through
//! the gates, the guard rails and the auction.
pub mod crank;
pub mod deposit;
pub mod distribute;
pub mod projection;
pub mod set_guard_rails;
pub mod set_split;
pub mod set_stage;
pub mod simulate;
