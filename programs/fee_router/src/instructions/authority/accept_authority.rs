use anchor_lang::prelude::*;

use crate::error::FeeRouterError;
use crate::events::AuthorityAccepted;
use crate::state::{Governance, Router};

#[derive(Accounts)]
pub struct AcceptAuthority<'info> {
    /// The proposed authority.
    pub new_authority: Signer<'info>,
    #[account(mut)]
    pub router: AccountLoader<'info, Router>,
    #[account(mut, has_one = router @ FeeRouterError::AccountGovernanceMismatch)]
    pub governance: AccountLoader<'info, Governance>,
}

/// Specification: a transfer is pending, and the key that signs is the proposed one. An
/// authority change is a configuration change: proposals created before it are stale.
pub fn accept_authority(ctx: Context<AcceptAuthority>) -> Result<()> {
    let mut router = ctx.accounts.router.load_mut()?;
    let pending = router
        .pending_authority()
        .ok_or(FeeRouterError::AuthorityNoTransferPending)?;
    require_keys_eq!(
        pending,
        ctx.accounts.new_authority.key(),
        FeeRouterError::AuthorityWrongAcceptor
    );
    let before = router.authority;
    router.authority = pending;
    router.pending_authority = Pubkey::default();
    let mut g = ctx.accounts.governance.load_mut()?;
    g.config_version = g
        .config_version
        .checked_add(1)
        .ok_or(FeeRouterError::MathOverflow)?;
    router.invariant()?;
    g.invariant(&ctx.accounts.router.key())?;
    emit!(AuthorityAccepted {
        router: ctx.accounts.router.key(),
        before,
        after: pending
    });
    Ok(())
}
