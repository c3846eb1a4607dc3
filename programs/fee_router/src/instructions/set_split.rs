use anchor_lang::prelude::*;

use crate::error::FeeRouterError;
use crate::events::SplitChanged;
use crate::instructions::access::AuthorityOnly;
use crate::state::{Split, Stage};

/// Specification: only the authority; the four shares sum to exactly 10_000 bps.
pub fn validate(split: &Split) -> Result<()> {
    require!(split.is_complete(), FeeRouterError::SetterSplitIncomplete);
    Ok(())
}

pub fn handler(ctx: Context<AuthorityOnly>, stage: Stage, split: Split) -> Result<()> {
    let mut router = ctx.accounts.router.load_mut()?;
    let before = router.splits[stage.index()];
    router.splits[stage.index()] = split;
    router.invariant()?;
    emit!(SplitChanged {
        router: ctx.accounts.router.key(),
        stage,
        before,
        after: split
    });
    Ok(())
}
