//! `fee-router sweep-market`: anyone brings a market's fees into the intake and tops its
//! discount allowance up.
use anchor_lang::prelude::Pubkey;
use anyhow::Result;
use fee_router_sdk::ix;

use crate::config::GlobalArgs;
use crate::context::Context;

#[derive(clap::Args)]
pub struct Args {
    #[arg(long)]
    pub router: Pubkey,
    /// The market's authority (its fee account is derived from it).
    #[arg(long)]
    pub market_authority: Pubkey,
}

pub fn run(a: Args, global: &GlobalArgs) -> Result<()> {
    let ctx = Context::new(global)?;
    let r = ctx.router(&a.router)?;
    ctx.send(
        &[ix::sweep_market(
            &ix::FeeSide::of(a.router, &r),
            &a.market_authority,
        )],
        &[],
    )
}
