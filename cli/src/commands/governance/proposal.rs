//! `fee-router proposal`: one proposal in full.
use anchor_lang::prelude::Pubkey;
use anyhow::Result;

use super::{cluster_time, governance, proposal, ProposalReport};
use crate::config::GlobalArgs;
use crate::context::{Context, MintSide};
use crate::output::to_json;
use crate::units::when;

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
    let now = cluster_time(&ctx)?;
    let r = ProposalReport::new(&address, &p, g.config_version, now);
    if global.json {
        println!("{}", to_json(&r)?);
        return Ok(());
    }
    let line = |k: &str, v: String| println!("{k:<18} {v}");
    let votes = ctx.units(&ctx.router(&a.router)?, MintSide::Protocol)?;
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
        format!(
            "{} / {} / {}",
            votes.show(r.yes),
            votes.show(r.no),
            votes.show(r.abstain)
        ),
    );
    line("Voters", r.voters.to_string());
    line(
        "Quorum",
        format!(
            "{} bps of {} active at creation",
            r.quorum_bps,
            votes.show(r.total_active_snapshot)
        ),
    );
    line(
        "Approval",
        format!("yes above {} bps of yes and no", r.approval_bps),
    );
    line("Created", when(r.created_at, now));
    line("Voting ends", when(r.voting_ends_at, now));
    line("Executable from", when(r.executable_at, now));
    line("Expires", when(r.expires_at, now));
    Ok(())
}
