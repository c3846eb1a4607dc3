//! The router's running totals in fee-token base units, the daily fee history the stage
//! gates read, and the intake's ledger they make checkable.
use anchor_lang::prelude::*;
use bytemuck::{Pod, Zeroable};

use crate::error::FeeRouterError;
use crate::math::fee_history::{day_of, FEE_HISTORY_DAYS};
use crate::state::{clause, Router};

/// A u128 kept as two u64 halves, so the account needs only 8-byte alignment.
#[repr(C)]
#[derive(
    Clone, Copy, Pod, Zeroable, AnchorSerialize, AnchorDeserialize, Debug, Default, PartialEq, Eq,
)]
pub struct Wide {
    pub lo: u64,
    pub hi: u64,
}

impl Wide {
    pub fn get(&self) -> u128 {
        (u128::from(self.hi) << 64) | u128::from(self.lo)
    }

    pub fn set(&mut self, value: u128) {
        self.lo = value as u64;
        self.hi = (value >> 64) as u64;
    }

    /// Adds `amount`; errors (and leaves the value as it was) on overflow.
    pub fn add(&mut self, amount: u128) -> Result<()> {
        let sum = self
            .get()
            .checked_add(amount)
            .ok_or(FeeRouterError::MathOverflow)?;
        self.set(sum);
        Ok(())
    }

    /// Adds a u64 amount.
    pub fn add_u64(&mut self, amount: u64) -> Result<()> {
        self.add(u128::from(amount))
    }
}

impl crate::math::fee_history::DayBucket for Wide {
    fn get(&self) -> u128 {
        Wide::get(self)
    }
    fn set(&mut self, value: u128) {
        Wide::set(self, value)
    }
}

/// Running totals in fee-token base units.
#[repr(C)]
#[derive(
    Clone, Copy, Pod, Zeroable, AnchorSerialize, AnchorDeserialize, Debug, Default, PartialEq, Eq,
)]
pub struct Totals {
    /// Gross amount payers sent through `deposit_fees`.
    pub deposited: Wide,
    /// Transfer fees the fee mint withheld on the payer → intake hop.
    pub deposit_withheld: Wide,
    /// Tokens found in the intake that no `deposit_fees` accounted for (plain transfers).
    pub unattributed: Wide,
    /// Tokens swept from the intake by `distribute`.
    pub distributed: Wide,
    /// Tokens sent from the intake to each bucket (buyback, stakers, insurance, discount).
    pub routed: [Wide; 4],
    /// Transfer fees withheld on hops between the router's own vaults (intake → bucket,
    /// stakers → buyback).
    pub routed_withheld: Wide,
    /// Deposited tokens that arrived in the intake and await the next distribution.
    pub pending_attributed: u64,
}

/// Daily fee volume over the trailing window, the basis of stage gates.
#[zero_copy]
#[derive(Debug, PartialEq, Eq)]
pub struct FeeHistory {
    /// Unix day (`unix_timestamp / 86_400`) of the newest recorded bucket.
    pub last_day: u64,
    /// Fee tokens that arrived on each day; day `d` lives in `daily[d % 30]`.
    pub daily: [Wide; FEE_HISTORY_DAYS],
}

/// Sums u128 terms; `None` on overflow.
pub(crate) fn sum(terms: &[u128]) -> Option<u128> {
    terms.iter().try_fold(0u128, |acc, v| acc.checked_add(*v))
}

impl Router {
    /// Records `amount` of fees as arrived at Unix time `now`, for the trailing history.
    pub fn record_fees(&mut self, now: i64, amount: u64) -> Result<()> {
        let h = &mut self.fee_history;
        crate::math::fee_history::record(
            &mut h.last_day,
            &mut h.daily,
            day_of(now),
            u128::from(amount),
        )
        .map_err(FeeRouterError::from)?;
        Ok(())
    }

    /// Fees recorded over the trailing window ending on the day of `now`.
    pub fn trailing_fees(&self, now: i64) -> Result<u128> {
        let h = &self.fee_history;
        Ok(
            crate::math::fee_history::trailing_sum(h.last_day, &h.daily, day_of(now))
                .map_err(FeeRouterError::from)?,
        )
    }

    /// The intake's ledger: every token that reached it was distributed or is pending, and
    /// every distributed token was routed.
    pub(crate) fn intake_invariant(&self) -> Result<()> {
        // Every token that reached the intake has either been distributed or is pending.
        let t = &self.totals;
        let arrived = t
            .deposited
            .get()
            .checked_sub(t.deposit_withheld.get())
            .and_then(|v| v.checked_add(t.unattributed.get()));
        let accounted = t
            .distributed
            .get()
            .checked_add(u128::from(t.pending_attributed));
        clause(
            arrived.is_some() && arrived == accounted,
            "invariant violated: intake arrived = distributed + pending",
        )?;
        let routed = t
            .routed
            .iter()
            .try_fold(0u128, |acc, v| acc.checked_add(v.get()));
        clause(
            routed == Some(t.distributed.get()),
            "invariant violated: routed = distributed",
        )?;
        Ok(())
    }
}
