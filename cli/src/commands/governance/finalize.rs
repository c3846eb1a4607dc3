//! `fee-router finalize`.
use anyhow::Result;
use fee_router_sdk::ix;

use super::{proposal, ProposalRef};
use crate::config::GlobalArgs;
use crate::context::Context;

pub fn run(a: ProposalRef, global: &GlobalArgs) -> Result<()> {
    let ctx = Context::new(global)?;
    let (address, _) = proposal(&ctx, &a.router, a.proposal)?;
    ctx.send(&[ix::finalize_proposal(&address)], &[])
}
