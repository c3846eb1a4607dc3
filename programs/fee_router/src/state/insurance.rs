//! The insurance fund's payout rules: the exchange's registered shortfall account, the
//! governed rolling limit and the running totals. One per router, PDA
//! `[INSURANCE_FUND_SEED, router]`, created with the router. The fund itself is the router's
//! insurance vault; payouts leave it only through the configuration path.
use anchor_lang::prelude::*;
use bytemuck::{Pod, Zeroable};
use static_assertions::const_assert_eq;

use crate::constants::INSURANCE_FUND_VERSION;
use crate::error::FeeRouterError;
use crate::math::rolling::{record, window_floor, Window};
use crate::state::{clause, PayoutWindow, Wide};

const DAY: u64 = 86_400;

/// Governed payout limits.
#[repr(C)]
#[derive(
    Clone, Copy, Pod, Zeroable, AnchorSerialize, AnchorDeserialize, InitSpace, Debug, PartialEq, Eq,
)]
pub struct InsuranceParams {
    /// Length of the rolling payout window (a day to a year).
    pub period_seconds: u64,
    /// The most any window of `period_seconds` may pay out, in basis points of the fund as
    /// the window opened plus what entered it since (1 to 10_000); see
    /// [`InsuranceFund::payout_window`].
    pub max_payout_bps: u64,
}

impl InsuranceParams {
    /// At most 20% of the fund per 30 days.
    pub const DEFAULT: InsuranceParams = InsuranceParams {
        period_seconds: 30 * DAY,
        max_payout_bps: 2_000,
    };

    /// Bounds every change must respect.
    pub fn is_sane(&self) -> bool {
        (DAY..=365 * DAY).contains(&self.period_seconds)
            && (1..=10_000).contains(&self.max_payout_bps)
    }
}

/// Running totals of the payouts, in fee-token base units.
#[repr(C)]
#[derive(
    Clone, Copy, Pod, Zeroable, AnchorSerialize, AnchorDeserialize, Debug, Default, PartialEq, Eq,
)]
pub struct InsuranceTotals {
    /// Fee tokens that left the insurance vault for the shortfall account.
    pub paid_out: Wide,
    /// Transfer fees withheld on the insurance vault → shortfall account hop.
    pub withheld: Wide,
    /// Payouts made.
    pub payouts: u64,
    /// Alignment padding; zero.
    pub padding: u64,
}

#[account(zero_copy)]
#[derive(Debug)]
pub struct InsuranceFund {
    /// Layout version ([`INSURANCE_FUND_VERSION`]).
    pub version: u8,
    /// Bump of this PDA.
    pub bump: u8,
    /// Alignment padding; zero.
    pub padding0: [u8; 6],
    /// The router whose insurance vault this governs.
    pub router: Pubkey,
    /// The exchange's shortfall account (a fee-mint token account), the only place a payout
    /// may go. The default address: none registered, no payouts.
    pub shortfall_account: Pubkey,
    /// Governed payout limits.
    pub params: InsuranceParams,
    /// Retired: the fixed payout period of accounts written before the rolling window (when it
    /// began, the fund then, what it paid). The first payout after the upgrade carries what
    /// it paid into `window` and zeroes these three; zero in every account created since.
    pub legacy_period_started_at: i64,
    pub legacy_period_fund: u64,
    pub legacy_period_paid: u64,
    /// Running totals.
    pub totals: InsuranceTotals,
    /// The payouts of the last period (and at most a fifth of one more), for the rolling
    /// limit. Taken from the reserved space in layout version 1; zero before the first payout.
    pub window: PayoutWindow,
    /// Room for fields added by later versions; zero.
    pub reserved: [u8; 32],
}

const_assert_eq!(std::mem::size_of::<InsuranceParams>(), 16);
const_assert_eq!(std::mem::size_of::<InsuranceTotals>(), 2 * 16 + 2 * 8);
// The size of layout version 1 before the window: the window took 96 of its 128 reserved
// bytes.
const_assert_eq!(
    std::mem::size_of::<InsuranceFund>(),
    8 + 2 * 32 + 16 + 3 * 8 + 48 + 96 + 32
);

impl InsuranceFund {
    /// Account size, discriminator included.
    pub const SIZE: usize = 8 + std::mem::size_of::<InsuranceFund>();

    /// The registered shortfall account, if any.
    pub fn shortfall_account(&self) -> Option<Pubkey> {
        (self.shortfall_account != Pubkey::default()).then_some(self.shortfall_account)
    }

    /// The recent payouts at `now`, with what a fixed period of an account written before
    /// the rolling window paid carried in: those payouts were made at or after the period's
    /// start, before its end and before `now`, so they count as made at the earlier of the
    /// two, which is never too early.
    pub fn window_at(&self, now: i64) -> PayoutWindow {
        let mut window = self.window;
        if self.legacy_period_paid > 0 {
            let period = i64::try_from(self.params.period_seconds).unwrap_or(i64::MAX);
            let ended = self
                .legacy_period_started_at
                .saturating_add(period)
                .saturating_sub(1);
            // The window is empty until the first payout after the upgrade, which zeroes the
            // legacy period: there is always room.
            if let Some(slot) = window.buckets.iter_mut().find(|b| b.amount == 0) {
                slot.last_at = ended.min(now);
                slot.amount = self.legacy_period_paid;
            }
        }
        window
    }

    /// The payout limit's window at `now`, for an insurance vault holding `balance`: what
    /// payouts made in the last period paid, the fund the share is measured on (the balance
    /// plus that: the fund as the window opened plus what entered it since) and what may
    /// still be paid out (`max_payout_bps` of it, rounded down, less what the window paid).
    ///
    /// The rule no timing can beat: in any window of `period_seconds`, payouts stay within
    /// `max_payout_bps` of the fund as the window opened plus what entered it during the
    /// window. A payout one second after another counts the earlier one; there is no period
    /// boundary to straddle (`math::rolling` holds the proof, a property test checks it).
    pub fn payout_window(&self, balance: u64, now: i64) -> Result<Window> {
        let p = self.params;
        Ok(window_floor(
            &self.window_at(now).buckets,
            p.period_seconds,
            p.max_payout_bps,
            balance,
            now,
        )
        .map_err(FeeRouterError::from)?)
    }

    /// Admits a payout of `amount` from an insurance vault holding `balance` at `now` and
    /// records it, or refuses it with nothing changed: above the balance
    /// ([`FeeRouterError::InsuranceAboveFund`]) or above what the window still allows
    /// ([`FeeRouterError::InsuranceAbovePeriodCap`]).
    pub fn admit_payout(&mut self, amount: u64, balance: u64, now: i64) -> Result<()> {
        require!(amount <= balance, FeeRouterError::InsuranceAboveFund);
        let window = self.payout_window(balance, now)?;
        if amount > window.allowance {
            msg!(
                "insurance window allows {} more (paid {} of a fund of {}), asked {}",
                window.allowance,
                window.paid,
                window.base,
                amount
            );
            return err!(FeeRouterError::InsuranceAbovePeriodCap);
        }
        self.window = self.window_at(now);
        record(
            &mut self.window.buckets,
            self.params.period_seconds,
            amount,
            now,
        );
        self.legacy_period_started_at = 0;
        self.legacy_period_fund = 0;
        self.legacy_period_paid = 0;
        self.totals.paid_out.add_u64(amount)?;
        self.totals.payouts = self
            .totals
            .payouts
            .checked_add(1)
            .ok_or(FeeRouterError::MathOverflow)?;
        Ok(())
    }

    /// Holds at the end of every instruction that mutates the account.
    pub fn invariant(&self, router: &Pubkey) -> Result<()> {
        clause(
            self.version == INSURANCE_FUND_VERSION && self.router == *router,
            "invariant violated: insurance_fund.version and router",
        )?;
        clause(
            self.params.is_sane(),
            "invariant violated: insurance_fund.params bounds",
        )?;
        clause(
            u128::from(self.window.held()).saturating_add(u128::from(self.legacy_period_paid))
                <= self.totals.paid_out.get()
                && self.totals.withheld.get() <= self.totals.paid_out.get(),
            "invariant violated: insurance_fund window paid <= paid out",
        )
    }
}
