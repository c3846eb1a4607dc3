//! `sweep-rewards-surplus` and `sweep-stake-surplus`: anyone may send them.
use anchor_lang::prelude::Pubkey;
use anyhow::Result;
use fee_router_sdk::ix;

use crate::config::GlobalArgs;
use crate::context::Context;

#[derive(clap::Args)]
pub struct Args {
    #[arg(long)]
    pub router: Pubkey,
}

/// Which vault's surplus.
pub enum Vault {
    /// Fee tokens in the stakers vault above what it owes: to buyback.
    Rewards,
    /// Protocol tokens in the stake vault above all stake: burned.
    Stake,
}

pub fn run(a: Args, global: &GlobalArgs, vault: Vault) -> Result<()> {
    let ctx = Context::new(global)?;
    let r = ctx.router(&a.router)?;
    let ix = match vault {
        Vault::Rewards => ix::sweep_rewards_surplus(&ix::FeeSide::of(a.router, &r)),
        Vault::Stake => ix::sweep_stake_surplus(&ix::ProtocolSide::of(a.router, &r)),
    };
    ctx.send(&[ix], &[])
}
