//! `fee-router vote`.
use anchor_lang::prelude::Pubkey;
use anyhow::Result;
use fee_router::state::Vote;
use fee_router_sdk::{ix, pda};
use solana_signer::Signer;

use super::proposal;
use crate::config::GlobalArgs;
use crate::context::Context;

/// A vote on the command line.
#[derive(clap::ValueEnum, Clone, Copy, Debug)]
pub enum VoteArg {
    Yes,
    No,
    Abstain,
}

#[derive(clap::Args)]
pub struct Args {
    #[arg(long)]
    pub router: Pubkey,
    /// The proposal's number.
    #[arg(long)]
    pub proposal: u64,
    #[arg(value_enum)]
    pub vote: VoteArg,
}

pub fn run(a: Args, global: &GlobalArgs) -> Result<()> {
    let ctx = Context::new(global)?;
    let (address, _) = proposal(&ctx, &a.router, a.proposal)?;
    let voter = ctx.signer()?.pubkey();
    let vote = match a.vote {
        VoteArg::Yes => Vote::Yes,
        VoteArg::No => Vote::No,
        VoteArg::Abstain => Vote::Abstain,
    };
    // A voter who already voted changes its vote (while voting is open).
    let (record, _) = pda::vote_record(&address, &voter);
    if ctx.account_exists(&record)? {
        return ctx.send(&[ix::change_vote(&address, &voter, vote)], &[]);
    }
    ctx.send(&[ix::cast_vote(&a.router, &address, &voter, vote)], &[])
}
