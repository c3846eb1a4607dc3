//! `pay_insurance`: the external authority pays the registered shortfall account from the insurance fund, within the
use anchor_lang::prelude::*;

use crate::config::{GovernedAction, InsuranceSink, PayoutAccounts, Sinks};
use crate::error::FeeRouterError;
use crate::instructions::authority::access::{apply_with, authorize};
use crate::state::{Governance, InsuranceFund, Router};

#[derive(AnchorSerialize, AnchorDeserialize, Clone, Copy, Debug, PartialEq, Eq)]
pub struct PayInsuranceArgs {
    /// Fee-token base units to pay the shortfall account.
    pub amount: u64,
    /// When given, the payout applies only if the fund has made exactly this many payouts
    /// (`InsuranceFund.totals.payouts`): a payout prepared once (a multisig's, a file signed
    /// later) pays once, however often its transaction is sent or rebuilt.
    pub payouts_before: Option<u64>,
}

/// Specification: the external authority's setter for one `GovernedAction`, applied
/// through the one configuration path exactly as an executed proposal applies it.
pub fn pay_insurance(ctx: Context<PayInsurance>, args: PayInsuranceArgs) -> Result<()> {
    pay_insurance_as_authority(ctx, args.amount, args.payouts_before)
}

/// The external authority pays the exchange's shortfall from the insurance fund.
#[derive(Accounts)]
pub struct PayInsurance<'info> {
    pub authority: Signer<'info>,
    /// Signs the transfer out of its insurance vault.
    #[account(mut)]
    pub router: AccountLoader<'info, Router>,
    #[account(mut, has_one = router @ FeeRouterError::AccountGovernanceMismatch)]
    pub governance: AccountLoader<'info, Governance>,
    #[account(mut, has_one = router @ FeeRouterError::AccountGovernanceMismatch)]
    pub insurance_fund: AccountLoader<'info, InsuranceFund>,
    /// CHECK: the router's insurance vault, checked by address.
    #[account(mut)]
    pub insurance_vault: UncheckedAccount<'info>,
    /// CHECK: the registered shortfall account (checked against the insurance fund, then as a
    /// fee-mint token account outside the router).
    #[account(mut)]
    pub shortfall_account: UncheckedAccount<'info>,
    /// CHECK: the router's fee mint, checked by address.
    pub fee_mint: UncheckedAccount<'info>,
    /// CHECK: the fee mint's token program, checked by address.
    pub fee_token_program: UncheckedAccount<'info>,
}

impl PayInsurance<'_> {
    /// See [`authorize`].
    pub fn authorize(&self) -> Result<()> {
        authorize(&self.router, &self.governance.key(), &self.authority.key())
    }
}

/// Specification: the payout is a `GovernedAction::InsurancePayout` applied by
/// `config::apply` (a registered shortfall account, this one; within the vault's balance and
/// the period's cap), then moved measured and recorded; when the caller names the payout
/// count it was prepared at, only at that count (a replay pays nothing).
pub fn pay_insurance_as_authority(
    ctx: Context<PayInsurance>,
    amount: u64,
    payouts_before: Option<u64>,
) -> Result<()> {
    let a = &ctx.accounts;
    let accounts = PayoutAccounts {
        router: &a.router,
        insurance_fund: &a.insurance_fund,
        insurance_vault: &a.insurance_vault,
        shortfall_account: &a.shortfall_account,
        fee_mint: &a.fee_mint,
        fee_token_program: &a.fee_token_program,
    };
    let vault_balance = accounts.vault_balance()?;
    let payout = {
        let mut fund = a.insurance_fund.load_mut()?;
        if let Some(before) = payouts_before {
            require_eq!(
                fund.totals.payouts,
                before,
                FeeRouterError::InsurancePayoutAlreadyMade
            );
        }
        let mut sinks = Sinks {
            insurance: Some(InsuranceSink {
                fund: &mut fund,
                vault_balance: Some(vault_balance),
                destination: Some(a.shortfall_account.key()),
                payout: 0,
            }),
            ..Sinks::default()
        };
        apply_with(
            &a.router,
            &a.governance,
            &mut sinks,
            GovernedAction::InsurancePayout { amount },
        )?;
        sinks.insurance.map_or(0, |s| s.payout)
    };
    accounts.pay(payout, vault_balance)
}
