use anchor_lang::prelude::*;

use crate::error::FeeRouterError;
use crate::events::StakingParamsChanged;
use crate::instructions::access::AuthorityOnly;
use crate::state::StakingParams;

#[derive(AnchorSerialize, AnchorDeserialize, Clone, Copy, Debug, PartialEq, Eq)]
pub struct SetStakingParamsArgs {
    pub params: StakingParams,
}

impl AuthorityOnly<'_> {
    /// Specification: cooldown at most a year, stream period between a minute and a year;
    /// any yield cap (one too large to compute is no cap).
    pub fn validate_staking_params(&self, args: &SetStakingParamsArgs) -> Result<()> {
        require!(
            args.params.is_sane(),
            FeeRouterError::SetterStakingParamsOutOfBounds
        );
        Ok(())
    }
}

/// Specification: only the authority. Pending unstake requests keep their unlock times; the
/// stream released so far is released under the old cap first, so the new cap applies from
/// now on; the current stream keeps its end.
pub fn handler(ctx: Context<AuthorityOnly>, args: SetStakingParamsArgs) -> Result<()> {
    let now = Clock::get()?.unix_timestamp;
    let mut router = ctx.accounts.router.load_mut()?;
    router.update_rewards(now)?;
    let before = router.staking_params;
    router.staking_params = args.params;
    router.invariant()?;
    emit!(StakingParamsChanged {
        router: ctx.accounts.router.key(),
        before,
        after: args.params
    });
    Ok(())
}
