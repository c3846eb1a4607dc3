//! `set_staking_params`: the external authority replaces the staking parameters (cooldown, stream period, yield cap).
use anchor_lang::prelude::*;

use crate::config::GovernedAction;
use crate::instructions::authority::access::{apply_as_authority, AuthorityOnly};
use crate::state::StakingParams;

#[derive(AnchorSerialize, AnchorDeserialize, Clone, Copy, Debug, PartialEq, Eq)]
pub struct SetStakingParamsArgs {
    pub params: StakingParams,
}

/// Specification: the external authority's setter for one `GovernedAction`, applied
/// through the one configuration path exactly as an executed proposal applies it.
pub fn set_staking_params(ctx: Context<AuthorityOnly>, args: SetStakingParamsArgs) -> Result<()> {
    apply_as_authority(
        ctx,
        GovernedAction::SetStakingParams {
            params: args.params,
        },
    )
}
