//! `approve_market`: the external authority approves the market authority whose fee account
//! may be opened next.
use anchor_lang::prelude::*;

use crate::config::GovernedAction;
use crate::instructions::authority::access::{apply_as_authority, AuthorityOnly};

#[derive(AnchorSerialize, AnchorDeserialize, Clone, Copy, Debug, PartialEq, Eq)]
pub struct ApproveMarketArgs {
    /// The exchange's market PDA (or a key) that will sign its trades' fees.
    pub authority: Pubkey,
}

/// Specification: the external authority's setter for `GovernedAction::ApproveMarket`,
/// applied through the one configuration path exactly as an executed proposal applies it.
pub fn approve_market(ctx: Context<AuthorityOnly>, args: ApproveMarketArgs) -> Result<()> {
    apply_as_authority(
        ctx,
        GovernedAction::ApproveMarket {
            authority: args.authority,
        },
    )
}
