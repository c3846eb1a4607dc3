use anchor_lang::prelude::*;

use crate::events::StageChanged;
use crate::instructions::access::AuthorityOnly;
use crate::state::Stage;

#[derive(AnchorSerialize, AnchorDeserialize, Clone, Copy, Debug, PartialEq, Eq)]
pub struct SetStageArgs {
    pub stage: Stage,
}

/// Specification: only the authority; the next distribution uses the new stage's split.
pub fn handler(ctx: Context<AuthorityOnly>, args: SetStageArgs) -> Result<()> {
    let mut router = ctx.accounts.router.load_mut()?;
    let before = router.stage()?;
    router.stage = args.stage as u8;
    router.invariant()?;
    emit!(StageChanged {
        router: ctx.accounts.router.key(),
        before,
        after: args.stage
    });
    Ok(())
}
