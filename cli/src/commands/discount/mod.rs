//! Discount: the tiers and rebates so far (`tiers`), rebate reports (`rebate`); the tiers,
//! the rebate authority and the rebate limits (external authority).
use anchor_lang::prelude::Pubkey;
use anyhow::Result;
use fee_router::state::Rebates;
use fee_router_sdk::pda;

use crate::context::Context;

pub mod rebate;
pub mod set_discount_tiers;
pub mod set_rebate_authority;
pub mod set_rebate_limits;
pub mod tier;
pub mod tiers;

/// The rebates account of `router`.
pub fn rebates(ctx: &Context, router: &Pubkey) -> Result<Rebates> {
    ctx.router_anchor_account(router, &pda::rebates(router), "rebates account")
}

/// A key, or `none` for the default address.
pub fn parse_key_or_none(s: &str) -> std::result::Result<Pubkey, crate::fault::InvalidAddress> {
    if s == "none" {
        return Ok(Pubkey::default());
    }
    s.parse()
        .map_err(|_| crate::fault::InvalidAddress(s.to_string()))
}
