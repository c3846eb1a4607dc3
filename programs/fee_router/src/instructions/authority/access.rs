//! The account set most setters share, the one authorization rule, and the one way a
//! setter applies its change.
use anchor_lang::prelude::*;

use crate::config::{self, GovernedAction, Sinks};
use crate::error::FeeRouterError;
use crate::state::{Governance, Router};

/// A setter only the router's external authority may call. The change goes through the one
/// configuration path ([`config::apply`]), as an executed proposal's would.
#[derive(Accounts)]
pub struct AuthorityOnly<'info> {
    pub authority: Signer<'info>,
    #[account(mut)]
    pub router: AccountLoader<'info, Router>,
    /// The router's governance: it holds the stage gates and the configuration version.
    #[account(mut, has_one = router @ FeeRouterError::AccountGovernanceMismatch)]
    pub governance: AccountLoader<'info, Governance>,
}

/// Specification: a router governed by its stakers takes no setter call at all; otherwise
/// the signer is its authority.
pub(crate) fn authorize(
    router: &AccountLoader<Router>,
    governance: &Pubkey,
    signer: &Pubkey,
) -> Result<()> {
    let r = router.load()?;
    require_keys_neq!(
        r.authority,
        *governance,
        FeeRouterError::GovernanceModeSetterClosed
    );
    require_keys_eq!(
        r.authority,
        *signer,
        FeeRouterError::AccessAuthorityRequired
    );
    Ok(())
}

/// Applies `action` through [`config::apply`] and checks the router and governance
/// invariants; the caller checks the accounts in `sinks`.
pub(crate) fn apply_with(
    router: &AccountLoader<Router>,
    governance: &AccountLoader<Governance>,
    sinks: &mut Sinks,
    action: GovernedAction,
) -> Result<()> {
    let now = Clock::get()?.unix_timestamp;
    let mut r = router.load_mut()?;
    let mut g = governance.load_mut()?;
    config::apply(&action, router.key(), &mut r, &mut g, sinks, now)?;
    r.invariant()?;
    g.invariant(&router.key())
}

impl AuthorityOnly<'_> {
    /// See [`authorize`].
    pub fn authorize(&self) -> Result<()> {
        authorize(&self.router, &self.governance.key(), &self.authority.key())
    }
}

/// Specification: the action is validated and applied by `config::apply` (bounds, sums,
/// stage gates), the configuration version is bumped, the change's event is emitted, and the
/// router and governance invariants hold.
pub fn apply_as_authority(ctx: Context<AuthorityOnly>, action: GovernedAction) -> Result<()> {
    let a = &ctx.accounts;
    apply_with(&a.router, &a.governance, &mut Sinks::default(), action)
}
