//! `set_market_allowance_cap`: the external authority sets the most a market's discount
//! allowance is topped up to.
use anchor_lang::prelude::*;

use crate::config::GovernedAction;
use crate::instructions::authority::access::{apply_as_authority, AuthorityOnly};

#[derive(AnchorSerialize, AnchorDeserialize, Clone, Copy, Debug, PartialEq, Eq)]
pub struct SetMarketAllowanceCapArgs {
    /// Fee base units; 0 gives no discount at source.
    pub cap: u64,
}

/// Specification: the external authority's setter for `GovernedAction::SetMarketAllowanceCap`,
/// applied through the one configuration path exactly as an executed proposal applies it.
pub fn set_market_allowance_cap(
    ctx: Context<AuthorityOnly>,
    args: SetMarketAllowanceCapArgs,
) -> Result<()> {
    apply_as_authority(ctx, GovernedAction::SetMarketAllowanceCap { cap: args.cap })
}
