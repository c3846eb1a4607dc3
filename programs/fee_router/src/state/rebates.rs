//! Discount rebates: the tier table, the warm-up, the exchange's registered rebate authority,
//! the bounds on what reports may pay out and the running totals. One per router, PDA
//! `[REBATES_SEED, router]`, created with the router. See `math::rebate` and
//! `math::rolling` for the arithmetic.
use anchor_lang::prelude::*;
use bytemuck::{Pod, Zeroable};
use static_assertions::const_assert_eq;

use crate::constants::REBATES_VERSION;
use crate::error::FeeRouterError;
use crate::math::rebate::{tier_bps, tiers_are_sane};
use crate::math::rolling::{record, share_floor, window_floor};
use crate::state::governance::MAX_VOTING_OR_TIMELOCK_SECONDS;
use crate::state::{clause, PayoutWindow, Wide};

/// Why a rebate paid what it paid.
#[derive(AnchorSerialize, AnchorDeserialize, Clone, Copy, Debug, PartialEq, Eq)]
pub enum RebateOutcome {
    /// The tier's rebate was paid in full.
    Paid,
    /// The discount vault held less than the rebate: it paid what it had.
    VaultShort,
    /// No position was passed (the trader's is the PDA of the router and the trader): no
    /// stake, no tier.
    NoPosition,
    /// The trader's warmed-up stake reaches no tier.
    NoTier,
    /// Rebates are paused: nothing was paid.
    Paused,
    /// The rebate was above what one report may pay (`RebateLimits::max_report_bps` of the
    /// discount vault plus what its window paid): that much was paid, the rest is unpaid.
    AboveReportLimit,
    /// The rebate was above what the rolling period still allowed
    /// (`RebateLimits::max_period_bps`): that much was paid, the rest is unpaid.
    AbovePeriodLimit,
}

/// How many tiers a table holds.
pub const MAX_TIERS: usize = 8;
/// The longest warm-up a change accepts: as long as a position remembers its additions.
pub const MAX_WARMUP_SECONDS: u64 = MAX_VOTING_OR_TIMELOCK_SECONDS;

/// One tier: a trader whose warmed-up stake reaches `min_stake` gets `rebate_bps` of the fee
/// paid back.
#[repr(C)]
#[derive(
    Clone,
    Copy,
    Default,
    Pod,
    Zeroable,
    AnchorSerialize,
    AnchorDeserialize,
    InitSpace,
    Debug,
    PartialEq,
    Eq,
)]
pub struct RebateTier {
    /// Protocol-token base units of warmed-up active stake the tier needs (at least 1; 0
    /// marks an unused tier).
    pub min_stake: u64,
    /// Share of the fee paid back, in basis points (1 to 10_000; 0 in an unused tier).
    pub rebate_bps: u64,
}

/// The governed tier table. Used tiers come first, thresholds strictly ascending and shares
/// never falling; unused tiers are all zero.
#[repr(C)]
#[derive(
    Clone, Copy, Pod, Zeroable, AnchorSerialize, AnchorDeserialize, InitSpace, Debug, PartialEq, Eq,
)]
pub struct DiscountTiers {
    /// Seconds stake must have been active before it counts for a tier (at most 30 days, as
    /// long as a position remembers when stake was added).
    pub warmup_seconds: u64,
    /// The tiers, lowest threshold first.
    pub tiers: [RebateTier; MAX_TIERS],
}

impl DiscountTiers {
    /// The peers' shape: 5 / 10 / 20 / 30 / 40% of the fee back at 1,000 / 10,000 / 50,000 /
    /// 100,000 / 500,000 whole protocol tokens of stake, after a one-day warm-up.
    pub fn defaults(protocol_decimals: u8) -> Self {
        let unit = 10u64
            .checked_pow(u32::from(protocol_decimals))
            .unwrap_or(u64::MAX);
        let mut tiers = [RebateTier::default(); MAX_TIERS];
        let table = [
            (1_000u64, 500u64),
            (10_000, 1_000),
            (50_000, 2_000),
            (100_000, 3_000),
            (500_000, 4_000),
        ];
        for (slot, (whole, bps)) in tiers.iter_mut().zip(table) {
            // Saturating: at absurd decimals the top tiers merge at u64::MAX, which the
            // strictly-ascending rule would refuse, so the thresholds step down instead.
            *slot = RebateTier {
                min_stake: unit.saturating_mul(whole),
                rebate_bps: bps,
            };
        }
        let mut d = Self {
            warmup_seconds: 86_400,
            tiers,
        };
        d.make_ascending();
        d
    }

    /// Keeps saturated thresholds strictly ascending by lowering the earlier ones.
    fn make_ascending(&mut self) {
        for i in (0..MAX_TIERS.saturating_sub(1)).rev() {
            let next = self.tiers[i.saturating_add(1)].min_stake;
            let t = &mut self.tiers[i];
            if t.min_stake > 0 && next > 0 && t.min_stake >= next {
                t.min_stake = next.saturating_sub(1).max(1);
            }
        }
    }

    /// Bounds every change must respect.
    pub fn is_sane(&self) -> bool {
        self.warmup_seconds <= MAX_WARMUP_SECONDS
            && tiers_are_sane(self.tiers.iter().map(|t| (t.min_stake, t.rebate_bps)))
    }

    /// The share `stake` buys.
    pub fn bps_for(&self, stake: u64) -> u64 {
        tier_bps(
            self.tiers.iter().map(|t| (t.min_stake, t.rebate_bps)),
            stake,
        )
    }
}

const HOUR: u64 = 3_600;
const DAY: u64 = 86_400;

/// Governed bounds on what the rebate authority's reports may pay out of the discount vault,
/// so that one compromised exchange key cannot empty it: the rebate authority is trusted to
/// report real fees, but nothing checks them. Both bounds are shares of the same fund: the
/// discount vault's balance plus what rebates paid in the last `period_seconds` (the vault
/// as the window opened plus what distributions added since), so they need no price and fit
/// any fee mint. What a report owes above them is not paid and is reported unpaid
/// (`RebateOutcome::AboveReportLimit`, `AbovePeriodLimit`), as a short vault's is; the trade
/// is never refused.
#[repr(C)]
#[derive(
    Clone,
    Copy,
    Default,
    Pod,
    Zeroable,
    AnchorSerialize,
    AnchorDeserialize,
    InitSpace,
    Debug,
    PartialEq,
    Eq,
)]
pub struct RebateLimits {
    /// The most one report pays, in basis points of the fund (1 to `max_period_bps`).
    pub max_report_bps: u64,
    /// Length of the rolling window (an hour to a year).
    pub period_seconds: u64,
    /// The most all reports in any window of `period_seconds` pay, in basis points of the
    /// fund (1 to 10_000).
    pub max_period_bps: u64,
}

impl RebateLimits {
    /// A quarter of the fund per report, half of it per rolling day.
    ///
    /// Why: the discount vault holds the discount share of every distribution (45, 20 and 5%
    /// of all fees in the default split) and, with the default discount cap (none), whatever
    /// rebates have not used; a trade's rebate is at most 40% of its own fee. A report
    /// reaching a quarter of the fund would be a trade whose fee is more than half of all the
    /// vault holds and paid out that day; a day whose rebates take more than half of it is
    /// rebates outrunning the discount share that refills them, when the vault would soon
    /// be short anyway. Neither is normal trading once a router has seen more than a handful
    /// of trades (a new router's first day can meet the first: its vault holds a few trades'
    /// worth). A stolen key, reporting `u64::MAX` as often as it likes, takes at most a
    /// quarter of the vault in one report and half of it in a day, which leaves the guardian
    /// a day to pause rebates (`pause rebate`) and governance to withdraw the key; a single
    /// wrong report (a decimals bug) costs at most a quarter.
    pub const DEFAULT: RebateLimits = RebateLimits {
        max_report_bps: 2_500,
        period_seconds: DAY,
        max_period_bps: 5_000,
    };

    /// Bounds every change must respect.
    pub fn is_sane(&self) -> bool {
        (HOUR..=365 * DAY).contains(&self.period_seconds)
            && (1..=10_000).contains(&self.max_period_bps)
            && (1..=self.max_period_bps).contains(&self.max_report_bps)
    }
}

/// Running totals of the rebates, in fee-token base units.
#[repr(C)]
#[derive(
    Clone, Copy, Pod, Zeroable, AnchorSerialize, AnchorDeserialize, Debug, Default, PartialEq, Eq,
)]
pub struct RebateTotals {
    /// Fees the rebate authority reported.
    pub fees_reported: Wide,
    /// Rebates the tiers entitled traders to.
    pub owed: Wide,
    /// Rebates that left the discount vault for traders.
    pub paid: Wide,
    /// Transfer fees withheld on the discount vault → trader hop (traders received
    /// `paid - withheld`).
    pub withheld: Wide,
    /// Rebate reports received.
    pub reports: u64,
    /// Alignment padding; zero.
    pub padding: u64,
}

#[account(zero_copy)]
#[derive(Debug)]
pub struct Rebates {
    /// Layout version ([`REBATES_VERSION`]).
    pub version: u8,
    /// Bump of this PDA.
    pub bump: u8,
    /// Alignment padding; zero.
    pub padding0: [u8; 6],
    /// The router whose discount vault pays the rebates.
    pub router: Pubkey,
    /// The only key that may report a trader's fee: the exchange's key or its program's PDA
    /// (so it can call by CPI). The default address: none registered, no rebates.
    pub authority: Pubkey,
    /// The governed tier table and warm-up.
    pub tiers: DiscountTiers,
    /// Running totals.
    pub totals: RebateTotals,
    /// The governed bounds on what reports pay out; all zero until governance first sets
    /// them, which reads as [`RebateLimits::DEFAULT`] (see [`Rebates::limits`]). Taken from
    /// the reserved space in layout version 1, whose accounts read zero here.
    pub limits: RebateLimits,
    /// The rebates paid in the last period (and at most a fifth of one more), for the
    /// period bound. Taken from the reserved space in layout version 1.
    pub window: PayoutWindow,
    /// Room for fields added by later versions; zero.
    pub reserved: [u8; 8],
}

const_assert_eq!(std::mem::size_of::<DiscountTiers>(), 8 + MAX_TIERS * 16);
const_assert_eq!(std::mem::size_of::<RebateTotals>(), 4 * 16 + 2 * 8);
const_assert_eq!(std::mem::size_of::<RebateLimits>(), 3 * 8);
// The size of layout version 1 before the limits: they and the window took 120 of its 128
// reserved bytes.
const_assert_eq!(
    std::mem::size_of::<Rebates>(),
    8 + 2 * 32 + 8 + MAX_TIERS * 16 + 80 + 24 + 96 + 8
);

impl RebateTotals {
    /// Rebates owed and not paid (the vault was short, or rebates were paused).
    pub fn unpaid(&self) -> u128 {
        self.owed.get().saturating_sub(self.paid.get())
    }
}

impl Rebates {
    /// Account size, discriminator included.
    pub const SIZE: usize = 8 + std::mem::size_of::<Rebates>();

    /// The registered rebate authority, if any.
    pub fn authority(&self) -> Option<Pubkey> {
        (self.authority != Pubkey::default()).then_some(self.authority)
    }

    /// The bounds in force: the governed ones, or [`RebateLimits::DEFAULT`] while none
    /// were ever set (the stored bounds are all zero).
    pub fn limits(&self) -> RebateLimits {
        if self.limits == RebateLimits::zeroed() {
            RebateLimits::DEFAULT
        } else {
            self.limits
        }
    }

    /// What a report owed `owed` pays from a discount vault holding `balance` at `now`, and
    /// why: all of it (`Paid`), or the least of what the vault holds (`VaultShort`), what
    /// the rolling period still allows (`AbovePeriodLimit`) and what one report may pay
    /// (`AboveReportLimit`), both shares of the fund (the balance plus what the window
    /// paid). What it pays is recorded in the window at once: the caller moves exactly that
    /// (or fails the whole instruction). Never fails for a real vault: the trade behind the
    /// report goes on.
    pub fn take_rebate(
        &mut self,
        owed: u64,
        balance: u64,
        now: i64,
    ) -> Result<(u64, RebateOutcome)> {
        let l = self.limits();
        let window = window_floor(
            &self.window.buckets,
            l.period_seconds,
            l.max_period_bps,
            balance,
            now,
        )
        .map_err(FeeRouterError::from)?;
        let per_report = u64::try_from(
            share_floor(window.base, l.max_report_bps).map_err(FeeRouterError::from)?,
        )
        .unwrap_or(u64::MAX);
        let pay = owed.min(balance).min(window.allowance).min(per_report);
        let outcome = if pay == owed {
            RebateOutcome::Paid
        } else if pay == balance {
            RebateOutcome::VaultShort
        } else if pay == window.allowance {
            RebateOutcome::AbovePeriodLimit
        } else {
            RebateOutcome::AboveReportLimit
        };
        record(&mut self.window.buckets, l.period_seconds, pay, now);
        Ok((pay, outcome))
    }

    /// Holds at the end of every instruction that mutates the account.
    pub fn invariant(&self, router: &Pubkey) -> Result<()> {
        clause(
            self.version == REBATES_VERSION && self.router == *router,
            "invariant violated: rebates.version and router",
        )?;
        clause(
            self.tiers.is_sane(),
            "invariant violated: rebates.tiers bounds",
        )?;
        clause(
            self.limits == RebateLimits::zeroed() || self.limits.is_sane(),
            "invariant violated: rebates.limits bounds",
        )?;
        let t = &self.totals;
        clause(
            t.paid.get() <= t.owed.get()
                && t.owed.get() <= t.fees_reported.get()
                && t.withheld.get() <= t.paid.get(),
            "invariant violated: rebates paid <= owed <= fees reported",
        )?;
        clause(
            u128::from(self.window.held()) <= t.paid.get(),
            "invariant violated: rebates window paid <= paid",
        )
    }
}

impl Rebates {
    /// Records a report of `fee_paid`, the rebate `owed` for it, what was `paid` to the
    /// trader and what the mint `withheld` on the way.
    #[inline(always)]
    pub fn record_report(
        &mut self,
        fee_paid: u64,
        owed: u64,
        paid: u64,
        withheld: u64,
    ) -> Result<()> {
        let t = &mut self.totals;
        t.fees_reported.add_u64(fee_paid)?;
        t.owed.add_u64(owed)?;
        t.paid.add_u64(paid)?;
        t.withheld.add_u64(withheld)?;
        t.reports = t
            .reports
            .checked_add(1)
            .ok_or(crate::error::FeeRouterError::MathOverflow)?;
        Ok(())
    }
}
