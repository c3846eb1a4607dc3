use anchor_lang::prelude::Pubkey;
use anchor_spl::associated_token::get_associated_token_address_with_program_id;
use anyhow::Result;
use fee_router_sdk::ix;
use solana_signer::Signer;

use crate::config::GlobalArgs;
use crate::context::Context;

#[derive(clap::Args)]
pub struct Args {
    #[arg(long)]
    pub router: Pubkey,
    /// Amount in base units of the fee mint.
    #[arg(long)]
    pub amount: u64,
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
    let side = ix::FeeSide::of(a.router, &r);
    ctx.send(&[ix::deposit_fees(&side, &payer, &from, a.amount)], &[])
}
