//! `set_insurance_params`: the external authority replaces the insurance payout limit (rolling period, share of the fund).
use anchor_lang::prelude::*;

use crate::config::{GovernedAction, InsuranceSink, Sinks};
use crate::error::FeeRouterError;
use crate::instructions::authority::access::{apply_with, authorize};
use crate::state::{Governance, InsuranceFund, InsuranceParams, Router};

#[derive(AnchorSerialize, AnchorDeserialize, Clone, Copy, Debug, PartialEq, Eq)]
pub struct SetInsuranceParamsArgs {
    pub params: InsuranceParams,
}

/// Specification: the external authority's setter for one `GovernedAction`, applied
/// through the one configuration path exactly as an executed proposal applies it.
pub fn set_insurance_params(
    ctx: Context<AuthorityWithInsurance>,
    args: SetInsuranceParamsArgs,
) -> Result<()> {
    apply_to_insurance_as_authority(
        ctx,
        GovernedAction::SetInsuranceParams {
            params: args.params,
        },
    )
}

/// A setter that changes the router's insurance payout rules (limits, shortfall account).
#[derive(Accounts)]
pub struct AuthorityWithInsurance<'info> {
    pub authority: Signer<'info>,
    #[account(mut)]
    pub router: AccountLoader<'info, Router>,
    #[account(mut, has_one = router @ FeeRouterError::AccountGovernanceMismatch)]
    pub governance: AccountLoader<'info, Governance>,
    #[account(mut, has_one = router @ FeeRouterError::AccountGovernanceMismatch)]
    pub insurance_fund: AccountLoader<'info, InsuranceFund>,
}

impl AuthorityWithInsurance<'_> {
    /// See [`authorize`].
    pub fn authorize(&self) -> Result<()> {
        authorize(&self.router, &self.governance.key(), &self.authority.key())
    }
}

/// [`apply_as_authority`] for an action on the insurance payout rules.
pub fn apply_to_insurance_as_authority(
    ctx: Context<AuthorityWithInsurance>,
    action: GovernedAction,
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
        ..Sinks::default()
    };
    apply_with(&a.router, &a.governance, &mut sinks, action)?;
    fund.invariant(&a.router.key())
}
