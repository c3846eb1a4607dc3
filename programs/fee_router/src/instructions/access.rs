//! Account sets shared by the setters, and the one way a setter applies its change.
use anchor_lang::prelude::*;

use crate::config::{self, GovernedAction};
use crate::error::FeeRouterError;
use crate::state::{Auction, Governance, Router};

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
fn authorize(router: &AccountLoader<Router>, governance: &Pubkey, signer: &Pubkey) -> Result<()> {
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

impl AuthorityOnly<'_> {
    /// See [`authorize`].
    pub fn authorize(&self) -> Result<()> {
        authorize(&self.router, &self.governance.key(), &self.authority.key())
    }
}

/// A setter that changes the router's auction too.
#[derive(Accounts)]
pub struct AuthorityWithAuction<'info> {
    pub authority: Signer<'info>,
    #[account(mut)]
    pub router: AccountLoader<'info, Router>,
    #[account(mut, has_one = router @ FeeRouterError::AccountGovernanceMismatch)]
    pub governance: AccountLoader<'info, Governance>,
    #[account(mut, has_one = router @ FeeRouterError::AccountGovernanceMismatch)]
    pub auction: AccountLoader<'info, Auction>,
}

impl AuthorityWithAuction<'_> {
    /// See [`authorize`].
    pub fn authorize(&self) -> Result<()> {
        authorize(&self.router, &self.governance.key(), &self.authority.key())
    }
}

/// [`apply_as_authority`] for an action on the auction.
pub fn apply_to_auction_as_authority(
    ctx: Context<AuthorityWithAuction>,
    action: GovernedAction,
) -> Result<()> {
    let now = Clock::get()?.unix_timestamp;
    let a = &ctx.accounts;
    let mut r = a.router.load_mut()?;
    let mut g = a.governance.load_mut()?;
    let mut auction = a.auction.load_mut()?;
    let mut sinks = config::Sinks {
        auction: Some(&mut auction),
    };
    config::apply(&action, a.router.key(), &mut r, &mut g, &mut sinks, now)?;
    r.invariant()?;
    g.invariant(&a.router.key())?;
    auction.invariant(&a.router.key())
}

/// Specification: the action is validated and applied by `config::apply` (bounds, sums,
/// stage gates), the configuration version is bumped, the change's event is emitted, and the
/// router and governance invariants hold.
pub fn apply_as_authority(ctx: Context<AuthorityOnly>, action: GovernedAction) -> Result<()> {
    let now = Clock::get()?.unix_timestamp;
    let a = &ctx.accounts;
    let mut r = a.router.load_mut()?;
    let mut g = a.governance.load_mut()?;
    let mut sinks = config::Sinks::default();
    config::apply(&action, a.router.key(), &mut r, &mut g, &mut sinks, now)?;
    r.invariant()?;
    g.invariant(&a.router.key())
}

/// Pausing and unpausing: the guardian or the authority.
#[derive(Accounts)]
pub struct GuardianOrAuthority<'info> {
    pub signer: Signer<'info>,
    #[account(
        mut,
        constraint = {
            let r = router.load()?;
            signer.key() == r.guardian || signer.key() == r.authority
        } @ FeeRouterError::AccessGuardianRequired
    )]
    pub router: AccountLoader<'info, Router>,
}
