//! `change_vote`: a voter changes its vote while voting is open. The weight stays the one
//! recorded when the vote was cast; it moves from the old choice's tally to the new one's.
use anchor_lang::prelude::*;

use crate::error::FeeRouterError;
use crate::events::VoteChanged;
use crate::state::{Proposal, ProposalState, Vote, VoteRecord};

#[derive(AnchorSerialize, AnchorDeserialize, Clone, Copy, Debug, PartialEq, Eq)]
pub struct ChangeVoteArgs {
    pub vote: Vote,
}

#[derive(Accounts)]
pub struct ChangeVote<'info> {
    /// The voter who cast the record.
    pub voter: Signer<'info>,
    #[account(mut)]
    pub proposal: Account<'info, Proposal>,
    /// The voter's record on this proposal. Records are created only by `cast_vote`, at their
    /// canonical address, so the stored proposal and voter bind it: no address search here.
    #[account(
        mut,
        constraint = vote_record.proposal == proposal.key() @ FeeRouterError::GovernanceVoteRecordMismatch,
        constraint = vote_record.voter == voter.key() @ FeeRouterError::GovernanceVoteRecordMismatch,
    )]
    pub vote_record: Account<'info, VoteRecord>,
}

impl ChangeVote<'_> {
    /// Specification: the proposal is still open for votes (voting, and before its end).
    pub fn validate(&self) -> Result<()> {
        let p = &self.proposal;
        require!(
            p.state == ProposalState::Voting,
            FeeRouterError::GovernanceNotVoting
        );
        require!(
            Clock::get()?.unix_timestamp < p.voting_ends_at,
            FeeRouterError::GovernanceVotingEnded
        );
        Ok(())
    }
}

/// Specification:
/// - the record's weight leaves the tally of its old choice and joins the new one's; the
///   number of voters and the total cast do not change (one record, one weight);
/// - the same choice again changes nothing (a retried change is harmless);
/// - the position's vote lock is unchanged: it already lasts until voting ends.
pub fn change_vote(ctx: Context<ChangeVote>, args: ChangeVoteArgs) -> Result<()> {
    let a = ctx.accounts;
    let from = a.vote_record.vote;
    let weight = a.vote_record.weight;
    let p = &mut a.proposal;
    if from != args.vote {
        let old = match from {
            Vote::Yes => &mut p.yes,
            Vote::No => &mut p.no,
            Vote::Abstain => &mut p.abstain,
        };
        *old = old
            .checked_sub(weight)
            .ok_or(FeeRouterError::MathOverflow)?;
        let new = match args.vote {
            Vote::Yes => &mut p.yes,
            Vote::No => &mut p.no,
            Vote::Abstain => &mut p.abstain,
        };
        *new = new
            .checked_add(weight)
            .ok_or(FeeRouterError::MathOverflow)?;
        a.vote_record.vote = args.vote;
        a.vote_record.cast_at = Clock::get()?.unix_timestamp;
    }
    p.invariant()?;
    a.vote_record.invariant(&p.key())?;
    emit!(VoteChanged {
        router: p.router,
        proposal: p.key(),
        id: p.id,
        voter: a.voter.key(),
        from,
        to: args.vote,
        weight,
        yes: p.yes,
        no: p.no,
        abstain: p.abstain,
    });
    Ok(())
}
