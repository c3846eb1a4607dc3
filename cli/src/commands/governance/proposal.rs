//! `fee-router proposal`: one proposal in full.
use anchor_lang::prelude::Pubkey;
use anyhow::Result;

use super::{cluster_time, governance, proposal, ProposalReport};
use crate::config::GlobalArgs;
use crate::context::Context;
use crate::output::to_json;

#[derive(clap::Args)]
pub struct Args {
    #[arg(long)]
    pub router: Pubkey,
    /// The proposal's number.
    pub id: u64,
}

pub fn run(a: Args, global: &GlobalArgs) -> Result<()> {
    let ctx = Context::new(global)?;
    let g = governance(&ctx, &a.router)?;
    let (address, p) = proposal(&ctx, &a.router, a.id)?;
    let r = ProposalReport::new(&address, &p, g.config_version, cluster_time(&ctx)?);
    if global.json {
        println!("{}", to_json(&r)?);
        return Ok(());
    }
    let line = |k: &str, v: String| println!("{k:<18} {v}");
    line("Proposal", format!("{} ({})", r.id, r.address));
    line(
        "State",
        format!("{}{}", r.state, if r.stale { " (stale)" } else { "" }),
    );
    line("Proposer", r.proposer);
    for (i, action) in r.actions.iter().enumerate() {
        line(&format!("Action {}", i + 1), action.clone());
    }
    line(
        "Yes / no / abstain",
        format!("{} / {} / {}", r.yes, r.no, r.abstain),
    );
    line("Voters", r.voters.to_string());
    line(
        "Quorum",
        format!(
            "{} bps of {} active at creation",
            r.quorum_bps, r.total_active_snapshot
        ),
    );
    line(
        "Approval",
        format!("yes above {} bps of yes and no", r.approval_bps),
    );
    line("Voting ends", r.voting_ends_at.to_string());
    line("Executable from", r.executable_at.to_string());
    line("Expires", r.expires_at.to_string());
    line("Seconds left", r.seconds_left.to_string());
    Ok(())
}
