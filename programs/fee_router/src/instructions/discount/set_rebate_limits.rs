//! `set_rebate_limits`: the external authority replaces the bounds on what rebate reports pay out (per report, per
use anchor_lang::prelude::*;

use crate::config::GovernedAction;
use crate::instructions::discount::authority_with_rebates::{
    apply_to_rebates_as_authority, AuthorityWithRebates,
};
use crate::state::RebateLimits;

#[derive(AnchorSerialize, AnchorDeserialize, Clone, Copy, Debug, PartialEq, Eq)]
pub struct SetRebateLimitsArgs {
    pub limits: RebateLimits,
}

/// Specification: the external authority's setter for one `GovernedAction`, applied
/// through the one configuration path exactly as an executed proposal applies it.
pub fn set_rebate_limits(
    ctx: Context<AuthorityWithRebates>,
    args: SetRebateLimitsArgs,
) -> Result<()> {
    apply_to_rebates_as_authority(
        ctx,
        GovernedAction::SetRebateLimits {
            limits: args.limits,
        },
    )
}
