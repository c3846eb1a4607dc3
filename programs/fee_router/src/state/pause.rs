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

impl crate::state::Router {
    /// Pauses `operations` (already checked by [`check_operations`]); held by the authority
    /// when `by_authority`, so the guardian cannot lift it. Returns the bits paused before.
    pub fn pause(&mut self, operations: u32, by_authority: bool) -> u32 {
        let before = self.paused;
        self.paused |= operations;
        if by_authority {
            self.paused_by_authority |= operations;
        }
        before
    }

    /// Lifts `operations`: the authority lifts any pause, the guardian only its own. Returns
    /// the bits paused before.
    pub fn unpause(&mut self, operations: u32, by_authority: bool) -> anchor_lang::Result<u32> {
        anchor_lang::require!(
            by_authority || self.paused_by_authority & operations == 0,
            crate::error::FeeRouterError::AccessGuardianCannotLiftAuthorityPause
        );
        let before = self.paused;
        self.paused &= !operations;
        self.paused_by_authority &= !operations;
        Ok(before)
    }
}

/// Checks that `operations` names at least one operation and only known ones.
pub fn check_operations(operations: u32) -> anchor_lang::Result<()> {
    anchor_lang::require!(
        operations != 0 && operations & !PAUSE_ALL == 0,
        crate::error::FeeRouterError::PauseUnknownOperation
    );
    Ok(())
}
