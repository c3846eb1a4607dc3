//! Insurance: the fund (`insurance`), payouts to the shortfall account, their limits and the
//! shortfall account (external authority).
use anchor_lang::prelude::Pubkey;
use anyhow::Result;
use fee_router::state::InsuranceFund;
use fee_router_sdk::pda;

use crate::context::Context;

pub mod pay_insurance;
pub mod set_insurance_params;
pub mod set_shortfall_account;
pub mod show;

/// The insurance fund account of `router`.
pub fn fund(ctx: &Context, router: &Pubkey) -> Result<InsuranceFund> {
    ctx.router_anchor_account(router, &pda::insurance_fund(router), "insurance fund")
}
