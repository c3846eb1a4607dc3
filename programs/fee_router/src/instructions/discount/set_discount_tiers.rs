//! `set_discount_tiers`: the external authority replaces the discount tier table and warm-up.
use anchor_lang::prelude::*;

use crate::config::GovernedAction;
use crate::instructions::discount::authority_with_rebates::{
    apply_to_rebates_as_authority, AuthorityWithRebates,
};
use crate::state::DiscountTiers;

#[derive(AnchorSerialize, AnchorDeserialize, Clone, Copy, Debug, PartialEq, Eq)]
pub struct SetDiscountTiersArgs {
    pub tiers: DiscountTiers,
}

/// Specification: the external authority's setter for one `GovernedAction`, applied
/// through the one configuration path exactly as an executed proposal applies it.
pub fn set_discount_tiers(
    ctx: Context<AuthorityWithRebates>,
    args: SetDiscountTiersArgs,
) -> Result<()> {
    apply_to_rebates_as_authority(ctx, GovernedAction::SetDiscountTiers { tiers: args.tiers })
}
