//! `set_governance_params`: the external authority replaces the governance's voting rules.
use anchor_lang::prelude::*;

use crate::config::GovernedAction;
use crate::instructions::authority::access::{apply_as_authority, AuthorityOnly};
use crate::state::GovernanceParams;

#[derive(AnchorSerialize, AnchorDeserialize, Clone, Copy, Debug, PartialEq, Eq)]
pub struct SetGovernanceParamsArgs {
    pub params: GovernanceParams,
}

/// Specification: the external authority's setter for one `GovernedAction`, applied
/// through the one configuration path exactly as an executed proposal applies it.
pub fn set_governance_params(
    ctx: Context<AuthorityOnly>,
    args: SetGovernanceParamsArgs,
) -> Result<()> {
    apply_as_authority(
        ctx,
        GovernedAction::SetGovernanceParams {
            params: args.params,
        },
    )
}
