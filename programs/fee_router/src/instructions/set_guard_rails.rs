use anchor_lang::prelude::*;

use crate::error::FeeRouterError;
use crate::events::GuardRailsChanged;
use crate::instructions::access::AuthorityOnly;
use crate::state::GuardRails;

#[derive(AnchorSerialize, AnchorDeserialize, Clone, Copy, Debug, PartialEq, Eq)]
pub struct SetGuardRailsArgs {
    pub rails: GuardRails,
}

impl AuthorityOnly<'_> {
    /// Specification: the top-up share is at most 10_000 bps and the insurance floor is at
    /// most the insurance cap. Every other value is legal: the split math saturates.
    pub fn validate_guard_rails(&self, args: &SetGuardRailsArgs) -> Result<()> {
        require!(
            args.rails.is_sane(),
            FeeRouterError::SetterGuardRailsOutOfBounds
        );
        Ok(())
    }
}

/// Specification: only the authority; applies from the next distribution.
pub fn handler(ctx: Context<AuthorityOnly>, args: SetGuardRailsArgs) -> Result<()> {
    let mut router = ctx.accounts.router.load_mut()?;
    let before = router.guard_rails;
    router.guard_rails = args.rails;
    router.invariant()?;
    emit!(GuardRailsChanged {
        router: ctx.accounts.router.key(),
        before,
        after: args.rails
    });
    Ok(())
}
