//! `veto_proposal`: the guardian stops a passed proposal during its timelock.
use anchor_lang::prelude::*;

use crate::error::FeeRouterError;
use crate::events::ProposalVetoed;
use crate::state::{Proposal, ProposalState, Router};

#[derive(Accounts)]
pub struct VetoProposal<'info> {
    pub guardian: Signer<'info>,
    pub router: AccountLoader<'info, Router>,
    #[account(mut, has_one = router @ FeeRouterError::AccountGovernanceMismatch)]
    pub proposal: Account<'info, Proposal>,
}

impl VetoProposal<'_> {
    /// Specification: only the router's guardian; the proposal's vote passed — finalized as
    /// passed, or voting over with quorum and approval and nobody finalized it yet (a proposer
    /// cannot dodge the veto by finalizing and executing in one transaction) — and its
    /// timelock has not ended (once executable, only execution or expiry remains).
    pub fn validate(&self) -> Result<()> {
        require_keys_eq!(
            self.router.load()?.guardian,
            self.guardian.key(),
            FeeRouterError::AccessGuardianOnly
        );
        let p = &self.proposal;
        let now = Clock::get()?.unix_timestamp;
        require!(p.vote_passed(now), FeeRouterError::GovernanceNotPassed);
        require!(
            now < p.executable_at,
            FeeRouterError::GovernanceVetoAfterTimelock
        );
        Ok(())
    }
}

/// Specification: the proposal is vetoed and can never execute. A veto changes nothing else:
/// the guardian moves no funds and changes no configuration.
pub fn veto_proposal(ctx: Context<VetoProposal>) -> Result<()> {
    let p = &mut ctx.accounts.proposal;
    p.state = ProposalState::Vetoed;
    p.invariant()?;
    emit!(ProposalVetoed {
        router: p.router,
        proposal: p.key(),
        id: p.id,
        guardian: ctx.accounts.guardian.key(),
    });
    Ok(())
}
