//! Governance: proposals (`propose`, `vote`, `finalize`, `execute`, `veto`,
//! `cancel-proposal`, `proposals`, `proposal`), the voting rules and the stage gates
//! (external authority).
use anchor_lang::prelude::Pubkey;
use anchor_lang::AccountDeserialize;
use anyhow::{anyhow, Result};
use fee_router::state::{Governance, Proposal, ProposalState};
use fee_router_sdk::pda;
use serde::Serialize;

use crate::context::Context;

pub mod cancel_proposal;
pub mod execute;
pub mod finalize;
pub mod proposal;
pub mod proposals;
pub mod propose;
pub mod set_governance_params;
pub mod set_stage_gates;
pub mod veto;
pub mod vote;

/// The router's governance account.
pub fn governance(ctx: &Context, router: &Pubkey) -> Result<Governance> {
    let address = pda::governance(router);
    let account = ctx.router_pda(router, &address, "governance")?;
    Governance::try_deserialize(&mut account.data.as_slice())
        .map_err(|e| anyhow!("{address} is not a fee-router governance: {e}"))
}

/// Proposal `id` of the router's governance.
pub fn proposal(ctx: &Context, router: &Pubkey, id: u64) -> Result<(Pubkey, Proposal)> {
    let address = pda::proposal(&pda::governance(router), id);
    let account = ctx.router_pda(router, &address, &format!("proposal {id}"))?;
    let p = Proposal::try_deserialize(&mut account.data.as_slice())
        .map_err(|e| anyhow!("{address} is not a fee-router proposal: {e}"))?;
    Ok((address, p))
}

#[derive(clap::Args)]
pub struct ProposalRef {
    #[arg(long)]
    pub router: Pubkey,
    /// The proposal's number.
    #[arg(long)]
    pub proposal: u64,
}

/// A proposal as `proposals` and `proposal` print it.
#[derive(Serialize, Debug)]
pub struct ProposalReport {
    pub id: u64,
    pub address: String,
    pub state: &'static str,
    pub proposer: String,
    pub actions: Vec<String>,
    pub yes: u64,
    pub no: u64,
    pub abstain: u64,
    pub voters: u32,
    pub total_active_snapshot: u64,
    pub quorum_bps: u64,
    pub approval_bps: u64,
    pub created_at: i64,
    pub voting_ends_at: i64,
    pub executable_at: i64,
    pub expires_at: i64,
    /// Seconds until the next deadline that matters in this state (0 when none).
    pub seconds_left: i64,
    pub stale: bool,
}

fn state_name(s: ProposalState) -> &'static str {
    match s {
        ProposalState::Voting => "voting",
        ProposalState::Passed => "passed",
        ProposalState::Defeated => "defeated",
        ProposalState::QuorumMissed => "quorum-missed",
        ProposalState::Executed => "executed",
        ProposalState::Cancelled => "cancelled",
        ProposalState::Vetoed => "vetoed",
    }
}

impl ProposalReport {
    pub fn new(address: &Pubkey, p: &Proposal, config_version: u64, now: i64) -> Self {
        let next = match p.state {
            ProposalState::Voting => p.voting_ends_at,
            ProposalState::Passed if now < p.executable_at => p.executable_at,
            ProposalState::Passed => p.expires_at,
            _ => now,
        };
        Self {
            id: p.id,
            address: address.to_string(),
            state: if p.state == ProposalState::Passed && now >= p.expires_at {
                "expired"
            } else {
                state_name(p.state)
            },
            proposer: p.proposer.to_string(),
            actions: p.actions.iter().map(|a| format!("{a:?}")).collect(),
            yes: p.yes,
            no: p.no,
            abstain: p.abstain,
            voters: p.voters,
            total_active_snapshot: p.total_active_snapshot,
            quorum_bps: p.quorum_bps,
            approval_bps: p.approval_bps,
            created_at: p.created_at,
            voting_ends_at: p.voting_ends_at,
            executable_at: p.executable_at,
            expires_at: p.expires_at,
            seconds_left: next.saturating_sub(now).max(0),
            stale: p.config_version != config_version
                && matches!(p.state, ProposalState::Voting | ProposalState::Passed),
        }
    }
}

fn cluster_time(ctx: &Context) -> Result<i64> {
    ctx.unix_time()
}
