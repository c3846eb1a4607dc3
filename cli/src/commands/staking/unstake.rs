use anchor_lang::prelude::Pubkey;
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
    /// Active stake to start cooling down, in protocol tokens (or base units with --base-units).
    #[arg(long)]
    pub amount: Amount,
}

pub fn run(a: Args, global: &GlobalArgs) -> Result<()> {
    let ctx = Context::new(global)?;
    let r = ctx.router(&a.router)?;
    ctx.require_pool(&a.router, &r)?;
    let amount = ctx.amount(&r, MintSide::Protocol, a.amount, "--amount")?;
    let owner = ctx.signer()?.pubkey();
    let unstake = ix::request_unstake(&a.router, &owner, amount);
    ctx.send(&[ix::with_lines(unstake, r.fee_lines())], &[])
}
