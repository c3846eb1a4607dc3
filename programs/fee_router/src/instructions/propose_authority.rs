use anchor_lang::prelude::*;

use crate::error::FeeRouterError;
use crate::events::AuthorityProposed;
use crate::instructions::access::AuthorityOnly;

/// Specification: only the authority; the proposed key is real and not the current
/// authority. A new proposal replaces a pending one. Nothing changes hands until the proposed
/// key accepts.
pub fn handler(ctx: Context<AuthorityOnly>, proposed: Pubkey) -> Result<()> {
    require_keys_neq!(proposed, Pubkey::default(), FeeRouterError::KeyRequired);
    let mut router = ctx.accounts.router.load_mut()?;
    require_keys_neq!(
        proposed,
        router.authority,
        FeeRouterError::AuthorityAlreadyCurrent
    );
    router.pending_authority = proposed;
    router.invariant()?;
    emit!(AuthorityProposed {
        router: ctx.accounts.router.key(),
        authority: router.authority,
        proposed
    });
    Ok(())
}
