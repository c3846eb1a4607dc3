//! `fee-router proposals`: the router's proposals.
use anchor_lang::prelude::Pubkey;
use anyhow::Result;

use super::{cluster_time, governance, proposal, ProposalReport};
use crate::config::GlobalArgs;
use crate::context::{Context, MintSide};
use crate::output::to_json;
use crate::units::span;

#[derive(clap::Args)]
pub struct Args {
    #[arg(long)]
    pub router: Pubkey,
}

pub fn run(a: Args, global: &GlobalArgs) -> Result<()> {
    let ctx = Context::new(global)?;
    let g = governance(&ctx, &a.router)?;
    let now = cluster_time(&ctx)?;
    let votes = ctx.units(&ctx.router(&a.router)?, MintSide::Protocol)?;
    let mut rows = vec![];
    for id in 0..g.proposal_count {
        let (address, p) = proposal(&ctx, &a.router, id)?;
        rows.push(ProposalReport::new(&address, &p, g.config_version, now));
    }
    if global.json {
        println!("{}", to_json(&rows)?);
        return Ok(());
    }
    println!(
        "{:>4} {:<14} {:>14} {:>14} {:>14} {:>12}  actions",
        "id", "state", "yes", "no", "abstain", "time left"
    );
    for r in rows {
        println!(
            "{:>4} {:<14} {:>14} {:>14} {:>14} {:>12}  {}{}",
            r.id,
            r.state,
            votes.show(r.yes),
            votes.show(r.no),
            votes.show(r.abstain),
            if r.seconds_left > 0 {
                span(r.seconds_left.unsigned_abs())
            } else {
                "-".into()
            },
            r.actions.join("; "),
            if r.stale { " (stale)" } else { "" }
        );
    }
    Ok(())
}
