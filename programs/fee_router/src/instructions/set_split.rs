use anchor_lang::prelude::*;

use crate::error::FeeRouterError;
use crate::events::SplitChanged;
use crate::instructions::access::AuthorityOnly;
use crate::state::{Split, Stage};

#[derive(AnchorSerialize, AnchorDeserialize, Clone, Copy, Debug, PartialEq, Eq)]
pub struct SetSplitArgs {
    pub stage: Stage,
    pub split: Split,
}

impl AuthorityOnly<'_> {
    /// Specification: the four shares sum to exactly 10_000 bps.
    pub fn validate_split(&self, args: &SetSplitArgs) -> Result<()> {
        require!(
            args.split.is_complete(),
            FeeRouterError::SetterSplitIncomplete
        );
        Ok(())
    }
}

/// Specification: only the authority; replaces the stage's split.
pub fn handler(ctx: Context<AuthorityOnly>, args: SetSplitArgs) -> Result<()> {
    let mut router = ctx.accounts.router.load_mut()?;
    let before = router.splits[args.stage.index()];
    router.splits[args.stage.index()] = args.split;
    router.invariant()?;
    emit!(SplitChanged {
        router: ctx.accounts.router.key(),
        stage: args.stage,
        before,
        after: args.split
    });
    Ok(())
}
