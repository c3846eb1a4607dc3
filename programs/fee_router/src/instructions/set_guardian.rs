use anchor_lang::prelude::*;

use crate::error::FeeRouterError;
use crate::events::GuardianChanged;
use crate::instructions::access::AuthorityOnly;

#[derive(AnchorSerialize, AnchorDeserialize, Clone, Copy, Debug, PartialEq, Eq)]
pub struct SetGuardianArgs {
    pub guardian: Pubkey,
}

/// Specification: only the authority; the guardian is a real key.
pub fn handler(ctx: Context<AuthorityOnly>, args: SetGuardianArgs) -> Result<()> {
    require_keys_neq!(
        args.guardian,
        Pubkey::default(),
        FeeRouterError::KeyRequired
    );
    let mut router = ctx.accounts.router.load_mut()?;
    let before = router.guardian;
    router.guardian = args.guardian;
    router.invariant()?;
    emit!(GuardianChanged {
        router: ctx.accounts.router.key(),
        before,
        after: args.guardian
    });
    Ok(())
}
