//! `accept_governance_authority`: hands the router to the governance of its stake pool (its
//! own, or its pool's for a fee line), once the external authority has proposed it.
use anchor_lang::prelude::*;

use crate::error::FeeRouterError;
use crate::events::AuthorityAccepted;
use crate::state::{Governance, Router};

#[derive(Accounts)]
pub struct AcceptGovernanceAuthority<'info> {
    #[account(mut)]
    pub router: AccountLoader<'info, Router>,
    /// The governance of the router's stake pool: a fee line is governed by its pool's
    /// stakers (`ForFeeLine` proposals), never by a governance no one can vote in.
    #[account(
        mut,
        constraint = governance.load()?.router == router.load()?.pool_key(router.key())
            @ FeeRouterError::AccountGovernanceMismatch,
    )]
    pub governance: AccountLoader<'info, Governance>,
}

/// Specification: anyone may complete it, only when the authority proposed the governance of
/// the router's stake pool (`propose_authority`); from then on only executed proposals change the router.
/// A pool's change of mode is a configuration change: proposals created before it are stale.
/// A fee line's is not (it changes nothing a proposal of the pool reads, and anyone may
/// complete it, so it must not stale the pool's live proposals): a `ForFeeLine` proposal voted
/// before the line's authority handed it over executes after.
pub fn accept_governance_authority(ctx: Context<AcceptGovernanceAuthority>) -> Result<()> {
    let a = ctx.accounts;
    let mut r = a.router.load_mut()?;
    let pending = r
        .pending_authority()
        .ok_or(FeeRouterError::AuthorityNoTransferPending)?;
    require_keys_eq!(
        pending,
        a.governance.key(),
        FeeRouterError::AuthorityWrongAcceptor
    );
    let before = r.authority;
    r.authority = pending;
    r.pending_authority = Pubkey::default();
    let mut g = a.governance.load_mut()?;
    // A pool's change of mode stales its proposals; a fee line's handover changes nothing a
    // pool proposal reads, so anyone completing it cannot stale the pool's live proposals.
    if !r.is_line() {
        g.config_version = g
            .config_version
            .checked_add(1)
            .ok_or(FeeRouterError::MathOverflow)?;
    }
    r.invariant()?;
    g.invariant(&r.pool_key(a.router.key()))?;
    emit!(AuthorityAccepted {
        router: a.router.key(),
        before,
        after: pending,
    });
    Ok(())
}
