//! The account set the discount's setters share.
use anchor_lang::prelude::*;

use crate::config::{GovernedAction, Sinks};
use crate::error::FeeRouterError;
use crate::instructions::authority::access::{apply_with, authorize};
use crate::state::{Governance, Rebates, Router};

/// A setter that changes the router's discount rebates (tiers, rebate authority).
#[derive(Accounts)]
pub struct AuthorityWithRebates<'info> {
    pub authority: Signer<'info>,
    #[account(mut)]
    pub router: AccountLoader<'info, Router>,
    #[account(mut, has_one = router @ FeeRouterError::AccountGovernanceMismatch)]
    pub governance: AccountLoader<'info, Governance>,
    #[account(mut, has_one = router @ FeeRouterError::AccountGovernanceMismatch)]
    pub rebates: AccountLoader<'info, Rebates>,
}

impl AuthorityWithRebates<'_> {
    /// See [`authorize`].
    pub fn authorize(&self) -> Result<()> {
        authorize(&self.router, &self.governance.key(), &self.authority.key())
    }
}

/// [`apply_as_authority`] for an action on the discount rebates.
pub fn apply_to_rebates_as_authority(
    ctx: Context<AuthorityWithRebates>,
    action: GovernedAction,
) -> Result<()> {
    let a = &ctx.accounts;
    let mut rebates = a.rebates.load_mut()?;
    let mut sinks = Sinks {
        rebates: Some(&mut rebates),
        ..Sinks::default()
    };
    apply_with(&a.router, &a.governance, &mut sinks, action)?;
    rebates.invariant(&a.router.key())
}
