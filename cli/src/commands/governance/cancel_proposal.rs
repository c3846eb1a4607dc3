//! `fee-router cancel-proposal`.
use anyhow::Result;
use fee_router_sdk::ix;
use solana_signer::Signer;

use super::{proposal, ProposalRef};
use crate::config::GlobalArgs;
use crate::context::Context;

pub fn run(a: ProposalRef, global: &GlobalArgs) -> Result<()> {
    let ctx = Context::new(global)?;
    let (address, _) = proposal(&ctx, &a.router, a.proposal)?;
    let proposer = ctx.signer()?.pubkey();
    ctx.send(&[ix::cancel_proposal(&address, &proposer)], &[])
}
