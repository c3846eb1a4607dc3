use anchor_lang::prelude::*;

use crate::error::FeeRouterError;
use crate::events::GuardRailsChanged;
use crate::instructions::access::AuthorityOnly;
use crate::state::GuardRails;

/// Specification: only the authority; the top-up share is at most 10_000 bps and the
/// insurance floor is at most the insurance cap.
pub fn validate(rails: &GuardRails) -> Result<()> {
    require!(rails.is_sane(), FeeRouterError::SetterGuardRailsOutOfBounds);
    Ok(())
}

pub fn handler(ctx: Context<AuthorityOnly>, rails: GuardRails) -> Result<()> {
    let mut router = ctx.accounts.router.load_mut()?;
    let before = router.guard_rails;
    router.guard_rails = rails;
    router.invariant()?;
    emit!(GuardRailsChanged {
        router: ctx.accounts.router.key(),
        before,
        after: rails
    });
    Ok(())
}
