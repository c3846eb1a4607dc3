use anchor_lang::prelude::Pubkey;
use anyhow::Result;
use fee_router_sdk::ix;
use solana_signer::Signer;

use crate::config::GlobalArgs;
use crate::context::Context;

#[derive(clap::Args)]
pub struct Args {
    #[arg(long)]
    pub router: Pubkey,
    /// Amount of active stake to start cooling down.
    #[arg(long)]
    pub amount: u64,
}

pub fn run(a: Args, global: &GlobalArgs) -> Result<()> {
    let ctx = Context::new(global)?;
    ctx.router(&a.router)?;
    let owner = ctx.signer()?.pubkey();
    ctx.send(&[ix::request_unstake(&a.router, &owner, a.amount)], &[])
}
