//! The insurance fund's payout rules: the exchange's registered shortfall account, the
//! governed cap per period and the running totals. One per router, PDA
//! `[INSURANCE_FUND_SEED, router]`, created with the router. The fund itself is the router's
//! insurance vault; payouts leave it only through the configuration path.
use anchor_lang::prelude::*;
use bytemuck::{Pod, Zeroable};
use static_assertions::const_assert_eq;

use crate::constants::INSURANCE_FUND_VERSION;
use crate::math::insurance::Period;
use crate::state::{clause, Wide};

const DAY: u64 = 86_400;

/// Governed payout limits.
#[repr(C)]
#[derive(
    Clone, Copy, Pod, Zeroable, AnchorSerialize, AnchorDeserialize, InitSpace, Debug, PartialEq, Eq,
)]
pub struct InsuranceParams {
    /// Length of a payout period (a day to a year).
    pub period_seconds: u64,
    /// The most a period may pay out, in basis points of the fund when the period began
    /// (1 to 10_000).
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
    /// When the current payout period began (0 before the first payout).
    pub period_started_at: i64,
    /// The insurance vault's balance when the current period began: the cap's base.
    pub period_fund: u64,
    /// Paid out in the current period.
    pub period_paid: u64,
    /// Running totals.
    pub totals: InsuranceTotals,
    /// Room for fields added by later versions; zero.
    pub reserved: [u8; 128],
}

const_assert_eq!(std::mem::size_of::<InsuranceParams>(), 16);
const_assert_eq!(std::mem::size_of::<InsuranceTotals>(), 2 * 16 + 2 * 8);
const_assert_eq!(
    std::mem::size_of::<InsuranceFund>(),
    8 + 2 * 32 + 16 + 3 * 8 + 48 + 128
);

impl InsuranceFund {
    /// Account size, discriminator included.
    pub const SIZE: usize = 8 + std::mem::size_of::<InsuranceFund>();

    /// The registered shortfall account, if any.
    pub fn shortfall_account(&self) -> Option<Pubkey> {
        (self.shortfall_account != Pubkey::default()).then_some(self.shortfall_account)
    }

    /// The period as stored.
    pub fn period(&self) -> Period {
        Period {
            started_at: self.period_started_at,
            fund_at_start: self.period_fund,
            paid: self.period_paid,
        }
    }

    /// Stores `period`.
    pub fn set_period(&mut self, period: Period) {
        self.period_started_at = period.started_at;
        self.period_fund = period.fund_at_start;
        self.period_paid = period.paid;
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
            u128::from(self.period_paid) <= self.totals.paid_out.get()
                && self.totals.withheld.get() <= self.totals.paid_out.get(),
            "invariant violated: insurance_fund period paid <= paid out",
        )
    }
}
