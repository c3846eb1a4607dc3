//! Changes to the insurance fund: its payout limits, the shortfall account, a payout.
use anchor_lang::prelude::*;

use super::{InsuranceSink, Sinks};
use crate::error::FeeRouterError;
use crate::events::{InsuranceParamsChanged, ShortfallAccountChanged};
use crate::state::{InsuranceParams, Router};

/// Replaces the payout limits.
pub(super) fn set_params(key: &Pubkey, sinks: &mut Sinks, params: InsuranceParams) -> Result<()> {
    let fund = &mut sinks.insurance()?.fund;
    let before = std::mem::replace(&mut fund.params, params);
    emit!(InsuranceParamsChanged {
        router: *key,
        before,
        after: params
    });
    Ok(())
}

/// Registers the shortfall account (checked first); the default address withdraws it.
pub(super) fn set_shortfall_account(
    key: &Pubkey,
    r: &Router,
    sinks: &mut Sinks,
    account: Pubkey,
) -> Result<()> {
    sinks
        .registering
        .check_shortfall_account(&account, r, key)?;
    let fund = &mut sinks.insurance()?.fund;
    let before = std::mem::replace(&mut fund.shortfall_account, account);
    emit!(ShortfallAccountChanged {
        router: *key,
        before,
        after: account
    });
    Ok(())
}

/// Admits a payout of `amount` to the registered shortfall account, which must be the one
/// passed, within the fund and the rolling limit; the caller moves it once every action of
/// the instruction is applied.
pub(super) fn admit_payout(sinks: &mut Sinks, amount: u64, now: i64) -> Result<()> {
    sinks.insurance()?.admit(amount, now)
}

impl InsuranceSink<'_> {
    fn admit(&mut self, amount: u64, now: i64) -> Result<()> {
        let registered = self
            .fund
            .shortfall_account()
            .ok_or(FeeRouterError::InsuranceNoShortfallAccount)?;
        let (Some(destination), Some(balance)) = (self.destination, self.vault_balance) else {
            return err!(FeeRouterError::AccountMissing);
        };
        require_keys_eq!(
            destination,
            registered,
            FeeRouterError::InsuranceWrongAccount
        );
        // The fund as it stands after the payouts already applied in this instruction.
        let fund_now = balance
            .checked_sub(self.payout)
            .ok_or(FeeRouterError::MathOverflow)?;
        self.fund.admit_payout(amount, fund_now, now)?;
        self.payout = self
            .payout
            .checked_add(amount)
            .ok_or(FeeRouterError::MathOverflow)?;
        Ok(())
    }
}
