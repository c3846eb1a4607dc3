//! `create_proposal`: a staker proposes governed actions, executed atomically if they pass.
use anchor_lang::prelude::*;

use crate::config::GovernedAction;
use crate::constants::PROPOSAL_SEED;
use crate::constants::PROPOSAL_VERSION;
use crate::error::FeeRouterError;
use crate::events::ProposalCreated;
use crate::state::{Governance, Proposal, ProposalState, Router, StakePosition, MAX_ACTIONS};

#[derive(AnchorSerialize, AnchorDeserialize, Clone, Debug, PartialEq, Eq)]
pub struct CreateProposalArgs {
    /// The new proposal's id: the governance's proposal count now. It is part of the
    /// proposal's address, so a client derives that address from its arguments alone; when
    /// another proposal took the id first, the call is refused as stale.
    pub id: u64,
    /// One to four changes, applied in order and atomically on execution.
    pub actions: Vec<GovernedAction>,
}

#[derive(Accounts)]
#[instruction(args: CreateProposalArgs)]
pub struct CreateProposal<'info> {
    /// The proposer; pays for the proposal account.
    #[account(mut)]
    pub proposer: Signer<'info>,
    pub router: AccountLoader<'info, Router>,
    #[account(mut, has_one = router @ FeeRouterError::AccountGovernanceMismatch)]
    pub governance: AccountLoader<'info, Governance>,
    /// The proposer's stake position.
    #[account(
        has_one = router @ FeeRouterError::AccountPositionMismatch,
        constraint = position.load()?.owner == proposer.key() @ FeeRouterError::AccessPositionOwnerRequired,
    )]
    pub position: AccountLoader<'info, StakePosition>,
    #[account(
        init,
        payer = proposer,
        space = Proposal::SIZE,
        seeds = [PROPOSAL_SEED, governance.key().as_ref(), args.id.to_le_bytes().as_ref()],
        bump,
    )]
    pub proposal: Account<'info, Proposal>,
    pub system_program: Program<'info, System>,
}

impl CreateProposal<'_> {
    /// Specification:
    /// - the router is governed by this governance (proposals exist only to be executed);
    /// - its id is the governance's proposal count (the next id, not one already taken);
    /// - one to four actions, each valid on its own (a split sums to 10_000, parameters in
    ///   bounds): a malformed change is refused here, not only at execution;
    /// - the proposer's stake that was active before now reaches the minimum to propose, which
    ///   is never more than 1% of the active stake (governance cannot lock itself out).
    pub fn validate(&self, args: &CreateProposalArgs) -> Result<()> {
        let r = self.router.load()?;
        r.require_pool()?;
        require_keys_eq!(
            r.authority,
            self.governance.key(),
            FeeRouterError::GovernanceNotInControl
        );
        require!(
            !args.actions.is_empty() && args.actions.len() <= MAX_ACTIONS,
            FeeRouterError::GovernanceActionCount
        );
        for action in &args.actions {
            action.validate()?;
        }
        GovernedAction::check_list(&args.actions)?;
        let now = Clock::get()?.unix_timestamp;
        let g = self.governance.load()?;
        require!(
            args.id == g.proposal_count,
            FeeRouterError::GovernanceProposalIdTaken
        );
        require!(
            self.position.load()?.voting_weight(now)
                >= g.params.min_stake_to_propose_now(r.staking.total_active),
            FeeRouterError::GovernanceStakeBelowMinimum
        );
        Ok(())
    }
}

/// Specification: the proposal snapshots the configuration version, the active stake (the
/// quorum's base) and the voting rules; voting ends after the voting period, the timelock
/// follows, then the grace period. The governance's counter advances.
pub fn create_proposal(ctx: Context<CreateProposal>, args: CreateProposalArgs) -> Result<()> {
    let now = Clock::get()?.unix_timestamp;
    let a = ctx.accounts;
    let total_active = a.router.load()?.staking.total_active;
    let mut g = a.governance.load_mut()?;
    let p = &g.params;
    let at = |base: i64, seconds: u64| -> Result<i64> {
        let seconds = i64::try_from(seconds).map_err(|_| FeeRouterError::MathOverflow)?;
        Ok(base
            .checked_add(seconds)
            .ok_or(FeeRouterError::MathOverflow)?)
    };
    let voting_ends_at = at(now, p.voting_period_seconds)?;
    let executable_at = at(voting_ends_at, p.timelock_seconds)?;
    let expires_at = at(executable_at, p.grace_seconds)?;
    let proposal = &mut a.proposal;
    proposal.set_inner(Proposal {
        version: PROPOSAL_VERSION,
        bump: ctx.bumps.proposal,
        governance: a.governance.key(),
        router: a.router.key(),
        id: g.proposal_count,
        proposer: a.proposer.key(),
        actions: args.actions,
        config_version: g.config_version,
        created_at: now,
        voting_ends_at,
        executable_at,
        expires_at,
        total_active_snapshot: total_active,
        quorum_bps: p.quorum_bps,
        approval_bps: p.approval_bps,
        yes: 0,
        no: 0,
        abstain: 0,
        voters: 0,
        state: ProposalState::Voting,
        reserved: [0; 64],
    });
    g.proposal_count = g
        .proposal_count
        .checked_add(1)
        .ok_or(FeeRouterError::MathOverflow)?;
    proposal.invariant()?;
    g.invariant(&a.router.key())?;
    emit!(ProposalCreated {
        router: a.router.key(),
        proposal: proposal.key(),
        id: proposal.id,
        proposer: proposal.proposer,
        actions: proposal.actions.clone(),
        config_version: proposal.config_version,
        voting_ends_at,
        executable_at,
        expires_at,
        total_active_snapshot: total_active,
    });
    Ok(())
}
