//! Moving an insurance payout once [`super::apply`] has admitted it.
use anchor_lang::prelude::*;

use crate::events::InsurancePaidOut;
use crate::state::{InsuranceFund, Router};

/// The accounts an insurance payout moves tokens with.
pub struct PayoutAccounts<'a, 'info> {
    pub router: &'a AccountLoader<'info, Router>,
    pub insurance_fund: &'a AccountLoader<'info, InsuranceFund>,
    pub insurance_vault: &'a AccountInfo<'info>,
    pub shortfall_account: &'a AccountInfo<'info>,
    pub fee_mint: &'a AccountInfo<'info>,
    pub fee_token_program: &'a AccountInfo<'info>,
}

impl<'info> PayoutAccounts<'_, 'info> {
    /// The insurance vault's balance, checked to be the router's vault.
    pub fn vault_balance(&self) -> Result<u64> {
        Router::check_vault(
            self.insurance_vault.key,
            &self.router.load()?.vaults.insurance,
        )?;
        crate::token::amount(self.insurance_vault)
    }

    /// Moves `amount` out of the vault holding `vault_before` (read by [`Self::vault_balance`]),
    /// which [`super::apply`] has already checked against the registered account
    /// and the rolling payout limit and recorded as paid out: the fee mint and its program are the
    /// router's, the destination is a fee-mint token account outside the router; the hop is
    /// measured, what the mint withheld is recorded, and the payout's event is emitted.
    pub fn pay(&self, amount: u64, vault_before: u64) -> Result<()> {
        let router_key = self.router.key();
        let (seeds, decimals) = {
            let r = self.router.load()?;
            r.check_fee_mint(self.fee_mint.key, self.fee_token_program.key)?;
            crate::token::check_payout_destination(
                self.shortfall_account,
                &r.fee_token_program,
                &r.fee_mint,
                &router_key,
            )?;
            (r.owned_seeds(), r.fee_decimals)
        };
        let signer = seeds.seeds();
        let moved = crate::token::Mint {
            token_program: self.fee_token_program,
            mint: self.fee_mint,
            decimals,
        }
        .transfer_measured(
            self.insurance_vault,
            self.shortfall_account,
            &self.router.to_account_info(),
            amount,
            &[&signer[..]],
        )?;
        let mut fund = self.insurance_fund.load_mut()?;
        fund.totals.withheld.add_u64(moved.withheld)?;
        fund.invariant(&router_key)?;
        let vault_after = vault_before.saturating_sub(moved.sent);
        let window = fund.payout_window(vault_after, Clock::get()?.unix_timestamp)?;
        emit!(InsurancePaidOut {
            router: router_key,
            shortfall_account: *self.shortfall_account.key,
            amount: moved.sent,
            arrived: moved.arrived,
            withheld: moved.withheld,
            insurance_vault_before: vault_before,
            insurance_vault_after: vault_after,
            window_paid: window.paid,
            window_fund: u64::try_from(window.base).unwrap_or(u64::MAX),
            allowance_left: window.allowance,
        });
        Ok(())
    }
}
