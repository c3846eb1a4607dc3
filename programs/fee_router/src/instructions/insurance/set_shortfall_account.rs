//! `set_shortfall_account`: the external authority registers the exchange's shortfall account, where insurance pays out.
use anchor_lang::prelude::*;

use crate::config::{GovernedAction, InsuranceSink, Registering, Sinks};
use crate::error::FeeRouterError;
use crate::instructions::authority::access::{apply_with, authorize};
use crate::state::{Governance, InsuranceFund, Router};

#[derive(AnchorSerialize, AnchorDeserialize, Clone, Copy, Debug, PartialEq, Eq)]
pub struct SetShortfallAccountArgs {
    /// A fee-mint token account of the exchange; the default address withdraws it.
    pub account: Pubkey,
}

/// Specification: the external authority's setter for one `GovernedAction`, applied
/// through the one configuration path exactly as an executed proposal applies it.
pub fn set_shortfall_account(
    ctx: Context<AuthoritySetsShortfallAccount>,
    args: SetShortfallAccountArgs,
) -> Result<()> {
    set_shortfall_account_as_authority(ctx, args.account)
}

/// The setter that registers the exchange's shortfall account.
#[derive(Accounts)]
pub struct AuthoritySetsShortfallAccount<'info> {
    pub authority: Signer<'info>,
    #[account(mut)]
    pub router: AccountLoader<'info, Router>,
    #[account(mut, has_one = router @ FeeRouterError::AccountGovernanceMismatch)]
    pub governance: AccountLoader<'info, Governance>,
    #[account(mut, has_one = router @ FeeRouterError::AccountGovernanceMismatch)]
    pub insurance_fund: AccountLoader<'info, InsuranceFund>,
    /// CHECK: the account being registered, when one is (not when it is withdrawn): checked
    /// to be a fee-mint token account the router does not own.
    pub shortfall_account: Option<UncheckedAccount<'info>>,
}

impl AuthoritySetsShortfallAccount<'_> {
    /// See [`authorize`].
    pub fn authorize(&self) -> Result<()> {
        authorize(&self.router, &self.governance.key(), &self.authority.key())
    }
}

/// [`apply_as_authority`] for `SetShortfallAccount`, with the account it registers.
pub fn set_shortfall_account_as_authority(
    ctx: Context<AuthoritySetsShortfallAccount>,
    account: Pubkey,
) -> Result<()> {
    let a = &ctx.accounts;
    let mut fund = a.insurance_fund.load_mut()?;
    let mut sinks = Sinks {
        insurance: Some(InsuranceSink {
            fund: &mut fund,
            vault_balance: None,
            destination: None,
            payout: 0,
        }),
        registering: Registering {
            shortfall_account: a.shortfall_account.as_deref(),
            treasury: None,
        },
        ..Sinks::default()
    };
    apply_with(
        &a.router,
        &a.governance,
        &mut sinks,
        GovernedAction::SetShortfallAccount { account },
    )?;
    fund.invariant(&a.router.key())
}
