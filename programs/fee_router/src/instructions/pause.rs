//! `pause` and `unpause`: the guardian's (and the authority's) only powers over operations.
use anchor_lang::prelude::*;

use crate::error::FeeRouterError;
use crate::events::PauseChanged;
use crate::instructions::access::GuardianOrAuthority;
use crate::state::pause::PAUSE_ALL;

/// Specification: the flags name at least one known operation and nothing else.
pub fn validate(operations: u32) -> Result<()> {
    require!(
        operations != 0 && operations & !PAUSE_ALL == 0,
        FeeRouterError::PauseUnknownOperation
    );
    Ok(())
}

/// Sets (`pause`) or clears (`unpause`) the operations' bits.
pub fn handler(ctx: Context<GuardianOrAuthority>, operations: u32, pause: bool) -> Result<()> {
    let mut router = ctx.accounts.router.load_mut()?;
    let before = router.paused;
    router.paused = if pause {
        before | operations
    } else {
        before & !operations
    };
    router.invariant()?;
    emit!(PauseChanged {
        router: ctx.accounts.router.key(),
        by: ctx.accounts.signer.key(),
        before,
        after: router.paused,
    });
    Ok(())
}
