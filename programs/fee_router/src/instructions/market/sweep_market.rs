//! `sweep_market`: anyone brings a market's fees into the router's intake (where
//! `distribute` splits them) and tops the market's discount allowance up from the discount
//! vault, to the governed cap.
use anchor_lang::prelude::*;

use crate::error::FeeRouterError;
use crate::events::MarketSwept;
use crate::state::pause::PAUSE_DISTRIBUTE;
use crate::state::{MarketFees, Router};
use crate::token;

#[derive(Accounts)]
pub struct SweepMarket<'info> {
    #[account(mut)]
    pub router: AccountLoader<'info, Router>,
    #[account(mut, has_one = router @ FeeRouterError::MarketAccountMismatch)]
    pub market_fees: AccountLoader<'info, MarketFees>,
    /// CHECK: the market's fee token account, checked by address.
    #[account(mut)]
    pub market_token: UncheckedAccount<'info>,
    /// CHECK: the router's intake vault, checked by address.
    #[account(mut)]
    pub intake_vault: UncheckedAccount<'info>,
    /// CHECK: the router's discount vault, checked by address.
    #[account(mut)]
    pub discount_vault: UncheckedAccount<'info>,
    /// CHECK: the router's fee mint, checked by address.
    pub fee_mint: UncheckedAccount<'info>,
    /// CHECK: the fee mint's token program, checked by address.
    pub fee_token_program: UncheckedAccount<'info>,
}

impl SweepMarket<'_> {
    /// What a sweep moves, from the market's token `balance` and the allowance `cap`: the
    /// fees to sweep (plain transfers included, found as the balance beyond the ledger), those
    /// plain transfers, the top-up the discount vault can fund (nothing while it is frozen),
    /// and the allowance above the cap to return.
    fn plan(&self, balance: u64, cap: u64) -> Result<(u64, u64, u64, u64)> {
        let m = self.market_fees.load()?;
        let recorded = m
            .recorded_balance()
            .ok_or(FeeRouterError::InvariantViolated)?;
        let direct = balance
            .checked_sub(recorded)
            .ok_or(FeeRouterError::InvariantViolated)?;
        let fund = if token::is_frozen(&self.discount_vault)? {
            0
        } else {
            cap.saturating_sub(m.allowance)
                .min(token::amount(&self.discount_vault)?)
        };
        Ok((
            m.pending.saturating_add(direct),
            direct,
            fund,
            m.allowance.saturating_sub(cap),
        ))
    }

    /// Specification: anyone may crank it; distribution is not paused (a paused router
    /// still takes fees into its markets' accounts; the sweep waits); the accounts are the
    /// market's and the router's.
    pub fn validate(&self) -> Result<()> {
        let r = self.router.load()?;
        r.require_active(PAUSE_DISTRIBUTE)?;
        require_keys_eq!(
            self.market_fees.load()?.token_account,
            self.market_token.key(),
            FeeRouterError::MarketAccountMismatch
        );
        Router::check_vault(self.intake_vault.key, &r.vaults.intake)?;
        Router::check_vault(self.discount_vault.key, &r.vaults.discount)?;
        r.check_fee_mint(self.fee_mint.key, self.fee_token_program.key)
    }
}

/// Specification:
/// - what the token account holds beyond the allowance is swept: the fees recorded and
///   anything that arrived by plain transfer (recorded as the market's direct fees); it
///   reaches the intake as a deposit would (measured, pending distribution, fees of the day);
/// - the allowance is then topped up from the discount vault to the governed cap, as far as
///   the vault holds (nothing from a frozen vault), measured; an allowance above a lowered cap
///   goes back to the discount vault;
/// - something must happen: otherwise it is refused.
pub fn sweep_market(ctx: Context<SweepMarket>) -> Result<()> {
    let now = Clock::get()?.unix_timestamp;
    let a = &ctx.accounts;
    let balance = token::amount(&a.market_token)?;
    let (seeds, decimals, cap) = {
        let r = a.router.load()?;
        (r.owned_seeds(), r.fee_decimals, r.markets.allowance_cap)
    };
    let (unswept, direct, fund, excess) = a.plan(balance, cap)?;
    require!(
        unswept > 0 || fund > 0 || excess > 0,
        FeeRouterError::MarketNothingToSweep
    );
    let signer = seeds.seeds();
    let fee = token::Mint {
        token_program: &a.fee_token_program,
        mint: &a.fee_mint,
        decimals,
    };
    let router_info = a.router.to_account_info();
    let swept = if unswept > 0 {
        fee.transfer_measured(
            &a.market_token,
            &a.intake_vault,
            &router_info,
            unswept,
            &[&signer[..]],
        )?
    } else {
        token::Moved::default()
    };
    let funded = if fund > 0 {
        fee.transfer_measured(
            &a.discount_vault,
            &a.market_token,
            &router_info,
            fund,
            &[&signer[..]],
        )?
    } else {
        token::Moved::default()
    };
    // An allowance above a lowered cap goes back to the discount vault.
    let returned = if excess > 0 {
        fee.transfer_measured(
            &a.market_token,
            &a.discount_vault,
            &router_info,
            excess,
            &[&signer[..]],
        )?
    } else {
        token::Moved::default()
    };
    let mut m = a.market_fees.load_mut()?;
    m.record_sweep(direct, &swept, &funded, &returned)?;
    let mut r = a.router.load_mut()?;
    r.record_market_sweep(now, &swept, &funded, &returned)?;
    r.invariant()?;
    m.invariant(&a.router.key())?;
    emit!(MarketSwept {
        router: a.router.key(),
        market: a.market_fees.key(),
        swept: swept.sent,
        arrived: swept.arrived,
        withheld: swept.withheld,
        direct,
        funded: funded.sent,
        funded_arrived: funded.arrived,
        returned: returned.sent,
        allowance_after: m.allowance,
    });
    Ok(())
}
