//! `set_rebate_authority`: the external authority registers the exchange's rebate authority (a key or its program's PDA).
use anchor_lang::prelude::*;

use crate::config::GovernedAction;
use crate::instructions::discount::authority_with_rebates::{
    apply_to_rebates_as_authority, AuthorityWithRebates,
};

#[derive(AnchorSerialize, AnchorDeserialize, Clone, Copy, Debug, PartialEq, Eq)]
pub struct SetRebateAuthorityArgs {
    /// The exchange's key or its program's PDA; the default address withdraws it.
    pub authority: Pubkey,
}

/// Specification: the external authority's setter for one `GovernedAction`, applied
/// through the one configuration path exactly as an executed proposal applies it.
pub fn set_rebate_authority(
    ctx: Context<AuthorityWithRebates>,
    args: SetRebateAuthorityArgs,
) -> Result<()> {
    apply_to_rebates_as_authority(
        ctx,
        GovernedAction::SetRebateAuthority {
            authority: args.authority,
        },
    )
}
