//! `set_auction_params`: the external authority replaces the buyback auction's parameters (prices, multiplier, caps, treasury).
use anchor_lang::prelude::*;

use crate::config::{GovernedAction, Registering, Sinks};
use crate::error::FeeRouterError;
use crate::instructions::authority::access::{apply_with, authorize};
use crate::state::{Auction, AuctionParams, Governance, Router};

#[derive(AnchorSerialize, AnchorDeserialize, Clone, Copy, Debug, PartialEq, Eq)]
pub struct SetAuctionParamsArgs {
    pub params: AuctionParams,
}

/// Specification: the external authority's setter for one `GovernedAction`, applied
/// through the one configuration path exactly as an executed proposal applies it.
pub fn set_auction_params(
    ctx: Context<AuthorityWithAuction>,
    args: SetAuctionParamsArgs,
) -> Result<()> {
    apply_to_auction_as_authority(
        ctx,
        GovernedAction::SetAuctionParams {
            params: args.params,
        },
    )
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
    /// CHECK: the treasury the new parameters name, when they name one: checked to be a
    /// protocol-mint token account the router does not own.
    pub treasury: Option<UncheckedAccount<'info>>,
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
    let a = &ctx.accounts;
    let mut auction = a.auction.load_mut()?;
    let mut sinks = Sinks {
        auction: Some(&mut auction),
        registering: Registering {
            treasury: a.treasury.as_deref(),
            shortfall_account: None,
        },
        ..Sinks::default()
    };
    apply_with(&a.router, &a.governance, &mut sinks, action)?;
    auction.invariant(&a.router.key())
}
