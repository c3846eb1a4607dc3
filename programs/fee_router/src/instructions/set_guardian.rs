use anchor_lang::prelude::*;

use crate::error::FeeRouterError;
use crate::events::GuardianChanged;
use crate::instructions::access::AuthorityOnly;

/// Specification: only the authority; the guardian is a real key.
pub fn handler(ctx: Context<AuthorityOnly>, guardian: Pubkey) -> Result<()> {
    require_keys_neq!(guardian, Pubkey::default(), FeeRouterError::KeyRequired);
    let mut router = ctx.accounts.router.load_mut()?;
    let before = router.guardian;
    router.guardian = guardian;
    router.invariant()?;
    emit!(GuardianChanged {
        router: ctx.accounts.router.key(),
        before,
        after: guardian
    });
    Ok(())
}
