//! `cancel_authority_transfer`: the authority withdraws a pending proposal.
use anchor_lang::prelude::*;

use crate::error::FeeRouterError;
use crate::events::AuthorityTransferCancelled;
use crate::instructions::access::AuthorityOnly;

/// Specification: only the authority; a transfer is pending; afterwards none is, and the
/// key that was proposed can no longer accept.
pub fn handler(ctx: Context<AuthorityOnly>) -> Result<()> {
    let mut r = ctx.accounts.router.load_mut()?;
    let cancelled = r
        .pending_authority()
        .ok_or(FeeRouterError::AuthorityNoTransferPending)?;
    r.pending_authority = Pubkey::default();
    r.invariant()?;
    emit!(AuthorityTransferCancelled {
        router: ctx.accounts.router.key(),
        authority: r.authority,
        cancelled,
    });
    Ok(())
}
