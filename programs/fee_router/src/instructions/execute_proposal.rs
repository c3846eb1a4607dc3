//! `execute_proposal`: a passed proposal's actions, applied atomically through the one
//! configuration path, after its timelock and before it expires.
use anchor_lang::prelude::*;

use crate::config;
use crate::error::FeeRouterError;
use crate::events::ProposalExecuted;
use crate::state::{Auction, Governance, Proposal, ProposalState, Router};

#[derive(Accounts)]
pub struct ExecuteProposal<'info> {
    /// Anyone but the guardian (a keeper, the proposer).
    pub executor: Signer<'info>,
    #[account(mut)]
    pub router: AccountLoader<'info, Router>,
    #[account(mut, has_one = router @ FeeRouterError::AccountGovernanceMismatch)]
    pub governance: AccountLoader<'info, Governance>,
    #[account(mut, has_one = governance @ FeeRouterError::AccountGovernanceMismatch)]
    pub proposal: Account<'info, Proposal>,
}

impl ExecuteProposal<'_> {
    /// Specification:
    /// - the guardian may not execute (it pauses and vetoes, nothing else);
    /// - the router's authority is this governance (an external authority uses its setters);
    /// - the proposal passed and was neither executed nor vetoed;
    /// - its timelock is over and its grace period is not;
    /// - no other configuration change landed since it was created (else it is stale).
    pub fn validate(&self) -> Result<()> {
        let now = Clock::get()?.unix_timestamp;
        let r = self.router.load()?;
        require_keys_neq!(
            self.executor.key(),
            r.guardian,
            FeeRouterError::AccessGuardianCannotExecute
        );
        require_keys_eq!(
            r.authority,
            self.governance.key(),
            FeeRouterError::GovernanceNotInControl
        );
        let p = &self.proposal;
        require!(
            p.state == ProposalState::Passed,
            FeeRouterError::GovernanceNotPassed
        );
        require!(
            now >= p.executable_at,
            FeeRouterError::GovernanceTimelockNotOver
        );
        require!(
            now < p.expires_at,
            FeeRouterError::GovernanceProposalExpired
        );
        require!(
            p.config_version == self.governance.load()?.config_version,
            FeeRouterError::GovernanceProposalStale
        );
        Ok(())
    }
}

/// Specification: every action is validated and applied by `config::apply` in order (a stage
/// change only if its gate is met on the router's fee history now); if one fails, none
/// applies. The proposal is then executed and cannot run again.
pub fn handler(ctx: Context<ExecuteProposal>) -> Result<()> {
    let now = Clock::get()?.unix_timestamp;
    let a = ctx.accounts;
    let router_key = a.router.key();
    {
        let mut r = a.router.load_mut()?;
        let mut g = a.governance.load_mut()?;
        // Actions that change an account beside the router find it among the remaining
        // accounts, checked to be this router's.
        let auction = match ctx.remaining_accounts.first() {
            Some(info) => Some(AccountLoader::<Auction>::try_from(info)?),
            None => None,
        };
        let mut auction_ref = match auction.as_ref() {
            Some(l) => {
                let a = l.load_mut()?;
                require_keys_eq!(
                    a.router,
                    router_key,
                    FeeRouterError::AccountGovernanceMismatch
                );
                Some(a)
            }
            None => None,
        };
        let mut sinks = config::Sinks {
            auction: auction_ref.as_deref_mut(),
        };
        for action in &a.proposal.actions {
            config::apply(action, router_key, &mut r, &mut g, &mut sinks, now)?;
        }
        if let Some(auction) = &auction_ref {
            auction.invariant(&router_key)?;
        }
        r.invariant()?;
        g.invariant(&router_key)?;
    }
    let p = &mut a.proposal;
    p.state = ProposalState::Executed;
    p.invariant()?;
    emit!(ProposalExecuted {
        router: router_key,
        proposal: p.key(),
        id: p.id,
        executor: a.executor.key(),
        actions: p.actions.clone(),
        config_version_after: a.governance.load()?.config_version,
    });
    Ok(())
}
