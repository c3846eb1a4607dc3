//! `cast_vote`: a staker votes yes, no or abstain with the stake that was active before the
//! proposal was created. One vote record per voter and proposal.
use anchor_lang::prelude::*;
use anchor_lang::system_program;

use crate::constants::{PROPOSAL_VERSION, VOTE_SEED};
use crate::error::FeeRouterError;
use crate::events::VoteCast;
use crate::state::{Proposal, ProposalState, StakePosition, Vote, VoteRecord};

#[derive(AnchorSerialize, AnchorDeserialize, Clone, Copy, Debug, PartialEq, Eq)]
pub struct CastVoteArgs {
    pub vote: Vote,
}

#[derive(Accounts)]
pub struct CastVote<'info> {
    /// The position's owner; pays for the vote record.
    #[account(mut)]
    pub voter: Signer<'info>,
    #[account(mut)]
    pub proposal: Account<'info, Proposal>,
    #[account(
        mut,
        constraint = position.load()?.router == proposal.router @ FeeRouterError::AccountPositionMismatch,
        constraint = position.load()?.owner == voter.key() @ FeeRouterError::AccessPositionOwnerRequired,
    )]
    pub position: AccountLoader<'info, StakePosition>,
    /// CHECK: the vote record, created here at its canonical address
    /// `[VOTE_SEED, proposal, voter]`: the program finds the canonical bump itself and never
    /// takes one from the caller, since about half of all bumps give a valid address and each
    /// would be a second record with the full weight. An existing record means this voter has
    /// voted (`change_vote` changes it).
    #[account(
        mut,
        seeds = [VOTE_SEED, proposal.key().as_ref(), voter.key().as_ref()],
        bump,
    )]
    pub vote_record: UncheckedAccount<'info>,
    pub system_program: Program<'info, System>,
}

impl CastVote<'_> {
    /// Specification: the proposal is open (voting, and before its end); the position has
    /// voting weight on it (stake active before it was created); no vote record exists yet.
    pub fn validate(&self) -> Result<()> {
        let now = Clock::get()?.unix_timestamp;
        let p = &self.proposal;
        require!(
            p.state == ProposalState::Voting,
            FeeRouterError::GovernanceNotVoting
        );
        require!(
            now < p.voting_ends_at,
            FeeRouterError::GovernanceVotingEnded
        );
        require!(
            *self.vote_record.owner != crate::ID,
            FeeRouterError::GovernanceAlreadyVoted
        );
        require!(
            self.position.load()?.voting_weight(p.created_at) > 0,
            FeeRouterError::GovernanceNoVotingWeight
        );
        Ok(())
    }
}

/// Specification:
/// - the weight is the position's stake active strictly before the proposal's creation (stake
///   added at or after it votes nothing: a flash stake buys nothing);
/// - the vote record is created at its canonical PDA (bump found here, stored), once; the
///   tally grows by the weight;
/// - that weight cannot enter cooldown until the proposal's voting ends.
pub fn cast_vote(ctx: Context<CastVote>, args: CastVoteArgs) -> Result<()> {
    let now = Clock::get()?.unix_timestamp;
    let vote_record_bump = ctx.bumps.vote_record;
    let a = ctx.accounts;
    let proposal_key = a.proposal.key();
    let voter_key = a.voter.key();
    let bump = [vote_record_bump];
    let seeds: [&[u8]; 4] = [VOTE_SEED, proposal_key.as_ref(), voter_key.as_ref(), &bump];
    create_pda(
        &a.voter,
        &a.vote_record,
        &a.system_program,
        VoteRecord::SIZE,
        &seeds,
    )?;

    let weight = {
        let mut position = a.position.load_mut()?;
        let weight = position.voting_weight(a.proposal.created_at);
        position.lock_for_vote(weight, a.proposal.voting_ends_at, now);
        weight
    };
    let p = &mut a.proposal;
    let tally = match args.vote {
        Vote::Yes => &mut p.yes,
        Vote::No => &mut p.no,
        Vote::Abstain => &mut p.abstain,
    };
    *tally = tally
        .checked_add(weight)
        .ok_or(FeeRouterError::MathOverflow)?;
    p.voters = p
        .voters
        .checked_add(1)
        .ok_or(FeeRouterError::MathOverflow)?;
    p.invariant()?;
    let record = VoteRecord {
        version: PROPOSAL_VERSION,
        bump: vote_record_bump,
        proposal: proposal_key,
        voter: voter_key,
        vote: args.vote,
        weight,
        cast_at: now,
    };
    record.invariant(&proposal_key)?;
    record.try_serialize(&mut &mut a.vote_record.try_borrow_mut_data()?[..])?;
    emit!(VoteCast {
        router: p.router,
        proposal: proposal_key,
        id: p.id,
        voter: voter_key,
        vote: args.vote,
        weight,
        yes: p.yes,
        no: p.no,
        abstain: p.abstain,
    });
    Ok(())
}

/// Creates a program-owned account of `space` bytes at the PDA `seeds`, paid by `payer`. An
/// address someone already sent lamports to is topped up, allocated and assigned instead, so
/// nobody can block a vote by funding its record's address first.
fn create_pda<'info>(
    payer: &Signer<'info>,
    account: &UncheckedAccount<'info>,
    system: &Program<'info, System>,
    space: usize,
    seeds: &[&[u8]],
) -> Result<()> {
    let rent = Rent::get()?.minimum_balance(space);
    let signer = [seeds];
    let space_u64 = u64::try_from(space).map_err(|_| FeeRouterError::MathOverflow)?;
    let program = system.key();
    if account.lamports() == 0 {
        return system_program::create_account(
            CpiContext::new_with_signer(
                program,
                system_program::CreateAccount {
                    from: payer.to_account_info(),
                    to: account.to_account_info(),
                },
                &signer,
            ),
            rent,
            space_u64,
            &crate::ID,
        );
    }
    let top_up = rent.saturating_sub(account.lamports());
    if top_up > 0 {
        system_program::transfer(
            CpiContext::new(
                program,
                system_program::Transfer {
                    from: payer.to_account_info(),
                    to: account.to_account_info(),
                },
            ),
            top_up,
        )?;
    }
    system_program::allocate(
        CpiContext::new_with_signer(
            program,
            system_program::Allocate {
                account_to_allocate: account.to_account_info(),
            },
            &signer,
        ),
        space_u64,
    )?;
    system_program::assign(
        CpiContext::new_with_signer(
            program,
            system_program::Assign {
                account_to_assign: account.to_account_info(),
            },
            &signer,
        ),
        &crate::ID,
    )
}
