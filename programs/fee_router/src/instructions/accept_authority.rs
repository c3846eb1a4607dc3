use anchor_lang::prelude::*;

use crate::error::FeeRouterError;
use crate::events::AuthorityAccepted;
use crate::state::Router;

#[derive(Accounts)]
pub struct AcceptAuthority<'info> {
    /// The proposed authority.
    pub new_authority: Signer<'info>,
    #[account(mut)]
    pub router: AccountLoader<'info, Router>,
}

/// Specification: a transfer is pending, and the key that signs is the proposed one.
pub fn handler(ctx: Context<AcceptAuthority>) -> Result<()> {
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
    router.invariant()?;
    emit!(AuthorityAccepted {
        router: ctx.accounts.router.key(),
        before,
        after: pending
    });
    Ok(())
}
