//! `finalize_proposal`: after voting ends, anyone records the outcome.
use anchor_lang::prelude::*;

use crate::error::FeeRouterError;
use crate::events::ProposalFinalized;
use crate::state::{Proposal, ProposalState};

#[derive(Accounts)]
pub struct FinalizeProposal<'info> {
    #[account(mut)]
    pub proposal: Account<'info, Proposal>,
}

impl FinalizeProposal<'_> {
    /// Specification: the proposal is still voting and its voting period is over.
    pub fn validate(&self) -> Result<()> {
        require!(
            self.proposal.state == ProposalState::Voting,
            FeeRouterError::GovernanceNotVoting
        );
        require!(
            Clock::get()?.unix_timestamp >= self.proposal.voting_ends_at,
            FeeRouterError::GovernanceVotingNotEnded
        );
        Ok(())
    }
}

/// Specification: below quorum (votes cast, abstentions included, against the active stake at
/// creation) the proposal missed quorum; otherwise it passed if yes exceeds the approval
/// share of yes and no, and was defeated if not.
pub fn finalize_proposal(ctx: Context<FinalizeProposal>) -> Result<()> {
    let p = &mut ctx.accounts.proposal;
    p.state = if !p.quorum_reached() {
        ProposalState::QuorumMissed
    } else if p.approved() {
        ProposalState::Passed
    } else {
        ProposalState::Defeated
    };
    p.invariant()?;
    emit!(ProposalFinalized {
        router: p.router,
        proposal: p.key(),
        id: p.id,
        state: p.state,
        yes: p.yes,
        no: p.no,
        abstain: p.abstain,
        total_active_snapshot: p.total_active_snapshot,
        executable_at: p.executable_at,
        expires_at: p.expires_at,
    });
    Ok(())
}
