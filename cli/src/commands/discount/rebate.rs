//! `fee-router rebate`: the rebate authority reports a trader's fee.
use anchor_lang::prelude::Pubkey;
use anchor_spl::associated_token::get_associated_token_address_with_program_id;
use anyhow::{bail, Result};
use fee_router::state::Router;
use fee_router_sdk::{ix, pda};
use solana_signer::Signer;

use super::rebates;
use crate::config::GlobalArgs;
use crate::context::{Context, MintSide};
use crate::units::Amount;

#[derive(clap::Args)]
pub struct Args {
    #[arg(long)]
    pub router: Pubkey,
    /// The trader who paid the fee.
    #[arg(long)]
    pub trader: Pubkey,
    /// The fee the trader paid, in fee tokens (base units with --base-units).
    #[arg(long)]
    pub fee_paid: Amount,
    /// The trader's fee-token account (default: their associated token account).
    #[arg(long)]
    pub trader_account: Option<Pubkey>,
}

/// The rebate instruction for the keypair as rebate authority, with the trader's position
/// when they have one.
pub fn rebate_instruction(
    ctx: &Context,
    router: &Pubkey,
    r: &Router,
    a: &Args,
) -> Result<anchor_lang::solana_program::instruction::Instruction> {
    let authority = ctx.signer()?.pubkey();
    let account = a.trader_account.unwrap_or_else(|| {
        get_associated_token_address_with_program_id(&a.trader, &r.fee_mint, &r.fee_token_program)
    });
    // The trader's position is in the router's stake pool; a fee line takes the pool's tiers.
    let pool = r.pool_key(*router);
    let has_position = ctx.account_exists(&pda::position(&pool, &a.trader))?;
    let side = ix::FeeSide::of(*router, r);
    let fee_paid = ctx.amount(r, MintSide::Fee, a.fee_paid, "--fee-paid")?;
    Ok(match (r.is_line(), has_position) {
        (true, true) => ix::rebate_in_line(&side, &pool, &authority, &a.trader, &account, fee_paid),
        _ => ix::rebate(
            &side,
            &authority,
            &a.trader,
            &account,
            fee_paid,
            has_position,
        ),
    })
}

pub fn run(a: Args, global: &GlobalArgs) -> Result<()> {
    let ctx = Context::new(global)?;
    let r = ctx.router(&a.router)?;
    let registered = rebates(&ctx, &a.router)?.authority();
    let signer = ctx.signer()?.pubkey();
    if registered != Some(signer) {
        bail!(
            "the keypair {signer} is not this router's rebate authority ({}): the exchange's \
             registered key reports fees",
            registered.map_or_else(|| "none registered".to_string(), |k| k.to_string())
        );
    }
    let ix = rebate_instruction(&ctx, &a.router, &r, &a)?;
    ctx.send(&[ix], &[])
}
