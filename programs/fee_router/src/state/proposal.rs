//! Proposals and vote records.
//!
//! A proposal (PDA `[PROPOSAL_SEED, governance, id]`) carries up to [`MAX_ACTIONS`] governed
//! actions, executed atomically. It snapshots what its outcome depends on when it is created:
//! the configuration version (a proposal cannot execute once another change has landed), the
//! active stake (the quorum's base) and the voting rules. A vote record (PDA
//! `[VOTE_SEED, proposal, voter]`) exists once per voter and proposal.
use anchor_lang::prelude::*;

use crate::constants::PROPOSAL_VERSION;
use crate::state::clause;
use crate::state::GovernedAction;

/// The most actions one proposal carries.
pub const MAX_ACTIONS: usize = 4;

/// Where a proposal is in its life.
#[derive(AnchorSerialize, AnchorDeserialize, InitSpace, Clone, Copy, Debug, PartialEq, Eq)]
pub enum ProposalState {
    /// Open for votes until `voting_ends_at`.
    Voting,
    /// Voting ended with quorum and approval: executable from `executable_at` until `expires_at`.
    Passed,
    /// Voting ended with quorum but without approval.
    Defeated,
    /// Voting ended below quorum.
    QuorumMissed,
    /// Its actions were applied.
    Executed,
    /// Withdrawn by its proposer before any vote.
    Cancelled,
    /// Vetoed by the guardian during its timelock.
    Vetoed,
}

/// A vote.
#[derive(AnchorSerialize, AnchorDeserialize, InitSpace, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Vote {
    Yes,
    No,
    Abstain,
}

#[account]
#[derive(InitSpace, Debug)]
pub struct Proposal {
    /// Layout version ([`PROPOSAL_VERSION`]).
    pub version: u8,
    /// Bump of this PDA.
    pub bump: u8,
    /// The governance this proposal belongs to.
    pub governance: Pubkey,
    /// The router it would change.
    pub router: Pubkey,
    /// Its number, from the governance's counter.
    pub id: u64,
    /// Who created it; only they may cancel it, and only before any vote.
    pub proposer: Pubkey,
    /// The changes, applied in order and atomically on execution.
    #[max_len(MAX_ACTIONS)]
    pub actions: Vec<GovernedAction>,
    /// The governance's configuration version when it was created.
    pub config_version: u64,
    /// When it was created: only stake active strictly before this instant votes on it.
    pub created_at: i64,
    /// When voting ends.
    pub voting_ends_at: i64,
    /// When a passed proposal may execute: the end of its timelock.
    pub executable_at: i64,
    /// When a passed proposal that was not executed expires.
    pub expires_at: i64,
    /// The router's active stake when it was created: the quorum's base.
    pub total_active_snapshot: u64,
    /// The quorum and approval thresholds when it was created (basis points).
    pub quorum_bps: u64,
    pub approval_bps: u64,
    /// Voting weight cast for, against and abstaining.
    pub yes: u64,
    pub no: u64,
    pub abstain: u64,
    /// Vote records created.
    pub voters: u32,
    /// Where it is in its life.
    pub state: ProposalState,
    /// Room for fields added by later versions; zero.
    pub reserved: [u8; 64],
}

impl Proposal {
    /// Account size, discriminator included.
    pub const SIZE: usize = 8 + Proposal::INIT_SPACE;

    /// Weight cast in all (three u64s: the sum fits in a u128).
    pub fn cast(&self) -> u128 {
        u128::from(self.yes)
            .saturating_add(u128::from(self.no))
            .saturating_add(u128::from(self.abstain))
    }

    /// Quorum: the votes cast reach `quorum_bps` of the stake active at creation.
    pub fn quorum_reached(&self) -> bool {
        let cast = self.cast();
        cast > 0
            && cast.saturating_mul(10_000)
                >= u128::from(self.quorum_bps)
                    .saturating_mul(u128::from(self.total_active_snapshot))
    }

    /// Approval: yes exceeds `approval_bps` of yes and no.
    pub fn approved(&self) -> bool {
        let yes = u128::from(self.yes);
        let decided = yes.saturating_add(u128::from(self.no));
        yes.saturating_mul(10_000) > u128::from(self.approval_bps).saturating_mul(decided)
    }

    /// The vote passed: finalized as passed, or still marked voting with its voting period
    /// over and the tallies reaching quorum and approval (what finalizing would record).
    pub fn vote_passed(&self, now: i64) -> bool {
        match self.state {
            ProposalState::Passed => true,
            ProposalState::Voting => {
                now >= self.voting_ends_at && self.quorum_reached() && self.approved()
            }
            _ => false,
        }
    }

    /// Holds at the end of every instruction that mutates the proposal.
    pub fn invariant(&self) -> Result<()> {
        let cast = self.cast();
        clause(
            self.version == PROPOSAL_VERSION
                && !self.actions.is_empty()
                && self.actions.len() <= MAX_ACTIONS,
            "invariant violated: proposal.version and actions",
        )?;
        clause(
            self.created_at < self.voting_ends_at
                && self.voting_ends_at < self.executable_at
                && self.executable_at < self.expires_at,
            "invariant violated: proposal deadlines in order",
        )?;
        clause(
            cast <= u128::from(self.total_active_snapshot) && (self.voters > 0 || cast == 0),
            "invariant violated: proposal tallies within the snapshot",
        )
    }
}

#[account]
#[derive(InitSpace, Debug, PartialEq, Eq)]
pub struct VoteRecord {
    /// Layout version ([`PROPOSAL_VERSION`]).
    pub version: u8,
    /// Bump of this PDA.
    pub bump: u8,
    /// The proposal voted on.
    pub proposal: Pubkey,
    /// Who voted (the stake position's owner).
    pub voter: Pubkey,
    /// The vote.
    pub vote: Vote,
    /// The weight cast: the voter's stake that was active before the proposal was created.
    pub weight: u64,
    /// When it was cast.
    pub cast_at: i64,
}

impl VoteRecord {
    /// Account size, discriminator included.
    pub const SIZE: usize = 8 + VoteRecord::INIT_SPACE;

    /// Holds once the record is written.
    pub fn invariant(&self, proposal: &Pubkey) -> Result<()> {
        clause(
            self.version == PROPOSAL_VERSION
                && self.proposal == *proposal
                && self.voter != Pubkey::default()
                && self.weight > 0,
            "invariant violated: vote record version, proposal, voter and weight",
        )
    }
}
