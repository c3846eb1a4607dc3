//! `pause` and `unpause`: the guardian's (and the authority's) only powers over operations.
use anchor_lang::prelude::*;

use crate::error::FeeRouterError;
use crate::events::PauseChanged;
use crate::state::pause::check_operations;
use crate::state::Router;

#[derive(AnchorSerialize, AnchorDeserialize, Clone, Copy, Debug, PartialEq, Eq)]
pub struct PauseArgs {
    /// Pause bits (see `state::pause`) of the operations to pause or unpause.
    pub operations: u32,
}

impl GuardianOrAuthority<'_> {
    /// Specification: the flags name at least one known operation and nothing else.
    pub fn validate(&self, args: &PauseArgs) -> Result<()> {
        check_operations(args.operations)
    }
}

/// Specification: the operations' bits are set; bits the authority sets are held by the
/// authority (the guardian cannot lift them). Withdrawals of unlocked stake and claims have no
/// bit: they are never paused.
pub fn pause(ctx: Context<GuardianOrAuthority>, args: PauseArgs) -> Result<()> {
    let mut r = ctx.accounts.router.load_mut()?;
    let by_authority = ctx.accounts.signer.key() == r.authority;
    let before = r.pause(args.operations, by_authority);
    changed(&ctx, &r, before)
}

/// Specification: the operations' bits are cleared; the guardian may clear only bits the
/// authority does not hold, so a guardian cannot lift a pause the authority decided.
pub fn unpause(ctx: Context<GuardianOrAuthority>, args: PauseArgs) -> Result<()> {
    let mut r = ctx.accounts.router.load_mut()?;
    let by_authority = ctx.accounts.signer.key() == r.authority;
    let before = r.unpause(args.operations, by_authority)?;
    changed(&ctx, &r, before)
}

/// Checks the router's invariant and emits the change.
fn changed(ctx: &Context<GuardianOrAuthority>, r: &Router, before: u32) -> Result<()> {
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

/// Pausing and unpausing: the guardian or the authority.
#[derive(Accounts)]
pub struct GuardianOrAuthority<'info> {
    pub signer: Signer<'info>,
    #[account(
        mut,
        constraint = {
            let r = router.load()?;
            signer.key() == r.guardian || signer.key() == r.authority
        } @ FeeRouterError::AccessGuardianRequired
    )]
    pub router: AccountLoader<'info, Router>,
}
