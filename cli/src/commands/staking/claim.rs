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
    /// Fee-token account to receive the rewards (default: the associated token account).
    #[arg(long)]
    pub to: Option<Pubkey>,
}

pub fn run(a: Args, global: &GlobalArgs) -> Result<()> {
    let ctx = Context::new(global)?;
    let r = ctx.router(&a.router)?;
    let owner = ctx.signer()?.pubkey();
    let to = a.to.unwrap_or_else(|| {
        get_associated_token_address_with_program_id(&owner, &r.fee_mint, &r.fee_token_program)
    });
    let side = ix::FeeSide::of(a.router, &r);
    ctx.send(&[ix::claim_rewards(&side, &owner, &to)], &[])
}
