use anchor_lang::prelude::Pubkey;
use anchor_spl::associated_token::get_associated_token_address_with_program_id;
use anyhow::Result;
use fee_router_sdk::ix;
use solana_signer::Signer;

use crate::config::GlobalArgs;
use crate::context::{Context, MintSide};
use crate::units::Amount;

#[derive(clap::Args)]
pub struct Args {
    #[arg(long)]
    pub router: Pubkey,
    /// Amount in fee tokens (`1.5`), or base units with --base-units.
    #[arg(long)]
    pub amount: Amount,
    /// Token account to pay from (default: the keypair's associated token account).
    #[arg(long)]
    pub from: Option<Pubkey>,
}

pub fn run(a: Args, global: &GlobalArgs) -> Result<()> {
    let ctx = Context::new(global)?;
    let r = ctx.router(&a.router)?;
    let payer = ctx.signer()?.pubkey();
    let from = a.from.unwrap_or_else(|| {
        get_associated_token_address_with_program_id(&payer, &r.fee_mint, &r.fee_token_program)
    });
    let amount = ctx.amount(&r, MintSide::Fee, a.amount, "--amount")?;
    let side = ix::FeeSide::of(a.router, &r);
    ctx.send(&[ix::deposit_fees(&side, &payer, &from, amount)], &[])
}
