//! `pause` and `unpause`: the guardian's (and the authority's) only powers over operations.
use anchor_lang::prelude::*;

use crate::error::FeeRouterError;
use crate::events::PauseChanged;
use crate::instructions::access::GuardianOrAuthority;
use crate::state::pause::PAUSE_ALL;

#[derive(AnchorSerialize, AnchorDeserialize, Clone, Copy, Debug, PartialEq, Eq)]
pub struct PauseArgs {
    /// Pause bits (see `state::pause`) of the operations to pause or unpause.
    pub operations: u32,
}

impl GuardianOrAuthority<'_> {
    /// Specification: the flags name at least one known operation and nothing else.
    pub fn validate(&self, args: &PauseArgs) -> Result<()> {
        require!(
            args.operations != 0 && args.operations & !PAUSE_ALL == 0,
            FeeRouterError::PauseUnknownOperation
        );
        Ok(())
    }
}

/// Specification:
/// - `pause` sets the operations' bits; bits the authority sets are held by the authority;
/// - `unpause` clears them; the guardian may clear only bits the authority does not hold,
///   so a guardian cannot lift a pause the authority decided;
/// - withdrawals of unlocked stake and claims have no bit: they are never paused.
pub fn handler(ctx: Context<GuardianOrAuthority>, args: PauseArgs, pause: bool) -> Result<()> {
    let mut r = ctx.accounts.router.load_mut()?;
    let by_authority = ctx.accounts.signer.key() == r.authority;
    let ops = args.operations;
    let before = r.paused;
    if pause {
        r.paused |= ops;
        if by_authority {
            r.paused_by_authority |= ops;
        }
    } else {
        require!(
            by_authority || r.paused_by_authority & ops == 0,
            FeeRouterError::AccessGuardianCannotLiftAuthorityPause
        );
        r.paused &= !ops;
        r.paused_by_authority &= !ops;
    }
    r.invariant()?;
    emit!(PauseChanged {
        router: ctx.accounts.router.key(),
        by: ctx.accounts.signer.key(),
        before,
        after: r.paused,
        held_by_authority: r.paused_by_authority,
    });
    Ok(())
}
