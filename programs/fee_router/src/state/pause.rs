//! Operations the guardian (or the authority) can pause, as bits of `Router::paused`.
//! Withdrawing unlocked principal and claiming earned rewards have no bit: they are never paused.

/// `deposit_fees`.
pub const PAUSE_DEPOSIT: u32 = 1 << 0;
/// `distribute`.
pub const PAUSE_DISTRIBUTE: u32 = 1 << 1;
/// `stake` (new stake only: requesting an unstake is never paused, so nobody is trapped).
pub const PAUSE_STAKE: u32 = 1 << 2;
/// `buy` (the buyback auction).
pub const PAUSE_BUYBACK: u32 = 1 << 3;

/// `rebate`: a paused rebate pays nothing and says so in its event, but never fails the
/// exchange's trade.
pub const PAUSE_REBATE: u32 = 1 << 4;

/// Every bit that names an operation.
pub const PAUSE_ALL: u32 =
    PAUSE_DEPOSIT | PAUSE_DISTRIBUTE | PAUSE_STAKE | PAUSE_BUYBACK | PAUSE_REBATE;
