use anchor_lang::prelude::*;

use crate::error::FeeRouterError;
use crate::events::AuthorityProposed;
use crate::instructions::access::AuthorityOnly;

#[derive(AnchorSerialize, AnchorDeserialize, Clone, Copy, Debug, PartialEq, Eq)]
pub struct ProposeAuthorityArgs {
    pub proposed: Pubkey,
}

/// Specification: only the authority; the proposed key is real and not the current
/// authority. A new proposal replaces a pending one; `cancel_authority_transfer` withdraws
/// it. Nothing changes hands until the proposed key accepts.
pub fn handler(ctx: Context<AuthorityOnly>, args: ProposeAuthorityArgs) -> Result<()> {
    require_keys_neq!(
        args.proposed,
        Pubkey::default(),
        FeeRouterError::KeyRequired
    );
    let mut router = ctx.accounts.router.load_mut()?;
    require_keys_neq!(
        args.proposed,
        router.authority,
        FeeRouterError::AuthorityAlreadyCurrent
    );
    router.pending_authority = args.proposed;
    router.invariant()?;
    emit!(AuthorityProposed {
        router: ctx.accounts.router.key(),
        authority: router.authority,
        proposed: args.proposed
    });
    Ok(())
}
