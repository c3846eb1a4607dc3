//! `cancel_proposal`: its proposer withdraws a proposal nobody has voted on.
use anchor_lang::prelude::*;

use crate::error::FeeRouterError;
use crate::events::ProposalCancelled;
use crate::state::{Proposal, ProposalState};

#[derive(Accounts)]
pub struct CancelProposal<'info> {
    pub proposer: Signer<'info>,
    #[account(mut)]
    pub proposal: Account<'info, Proposal>,
}

impl CancelProposal<'_> {
    /// Specification: only the proposer; the proposal is still voting and no vote was cast.
    pub fn validate(&self) -> Result<()> {
        let p = &self.proposal;
        require_keys_eq!(
            p.proposer,
            self.proposer.key(),
            FeeRouterError::AccessProposerRequired
        );
        require!(
            p.state == ProposalState::Voting,
            FeeRouterError::GovernanceNotVoting
        );
        require!(p.voters == 0, FeeRouterError::GovernanceCancelAfterVotes);
        Ok(())
    }
}

/// Specification: the proposal is cancelled; it can no longer be voted on or executed.
pub fn cancel_proposal(ctx: Context<CancelProposal>) -> Result<()> {
    let p = &mut ctx.accounts.proposal;
    p.state = ProposalState::Cancelled;
    p.invariant()?;
    emit!(ProposalCancelled {
        router: p.router,
        proposal: p.key(),
        id: p.id,
    });
    Ok(())
}
