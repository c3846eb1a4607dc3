//! `fee-router accept-governance-authority`: anyone completes a hand-over to the router's
//! governance.
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
    ctx.router(&a.router)?;
    ctx.send(&[ix::accept_governance_authority(&a.router)], &[])
}
