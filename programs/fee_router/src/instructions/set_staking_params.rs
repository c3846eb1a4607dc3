use anchor_lang::prelude::*;

use crate::error::FeeRouterError;
use crate::events::StakingParamsChanged;
use crate::instructions::access::AuthorityOnly;
use crate::state::StakingParams;

/// Specification: only the authority; cooldown at most a year, stream period between one
/// second and a year. Pending unstake requests keep their unlock times; the current stream
/// keeps its end; the yield cap applies from the next distribution.
pub fn validate(params: &StakingParams) -> Result<()> {
    require!(
        params.is_sane(),
        FeeRouterError::SetterStakingParamsOutOfBounds
    );
    Ok(())
}

pub fn handler(ctx: Context<AuthorityOnly>, params: StakingParams) -> Result<()> {
    let mut router = ctx.accounts.router.load_mut()?;
    let before = router.staking_params;
    router.staking_params = params;
    router.invariant()?;
    emit!(StakingParamsChanged {
        router: ctx.accounts.router.key(),
        before,
        after: params
    });
    Ok(())
}
