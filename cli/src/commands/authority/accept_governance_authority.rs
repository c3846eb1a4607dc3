//! `fee-router accept-governance-authority`: anyone completes a hand-over to the governance
//! of the router's stake pool (its own; its pool's, for a fee line).
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

pub fn run(a: Args, global: &GlobalArgs) -> Result<()> {
    let ctx = Context::new(global)?;
    let r = ctx.router(&a.router)?;
    let accept = match r.is_line() {
        true => ix::accept_governance_authority_in(&a.router, &r.pool),
        false => ix::accept_governance_authority(&a.router),
    };
    ctx.send(&[accept], &[])
}
