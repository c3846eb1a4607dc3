//! Discount rebates: the tier table, the warm-up, the exchange's registered rebate authority
//! and the running totals. One per router, PDA `[REBATES_SEED, router]`, created with the
//! router. See `math::rebate` for the arithmetic.
use anchor_lang::prelude::*;
use bytemuck::{Pod, Zeroable};
use static_assertions::const_assert_eq;

use crate::constants::REBATES_VERSION;
use crate::math::rebate::{tier_bps, tiers_are_sane};
use crate::state::governance::MAX_VOTING_OR_TIMELOCK_SECONDS;
use crate::state::{clause, Wide};

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

    /// The tiers as `(min_stake, bps)` pairs, for `math::rebate`.
    pub fn pairs(&self) -> [(u64, u64); MAX_TIERS] {
        self.tiers.map(|t| (t.min_stake, t.rebate_bps))
    }

    /// Bounds every change must respect.
    pub fn is_sane(&self) -> bool {
        self.warmup_seconds <= MAX_WARMUP_SECONDS && tiers_are_sane(&self.pairs())
    }

    /// The share `stake` buys.
    pub fn bps_for(&self, stake: u64) -> u64 {
        tier_bps(
            self.tiers.iter().map(|t| (t.min_stake, t.rebate_bps)),
            stake,
        )
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
    /// Room for fields added by later versions; zero.
    pub reserved: [u8; 128],
}

const_assert_eq!(std::mem::size_of::<DiscountTiers>(), 8 + MAX_TIERS * 16);
const_assert_eq!(std::mem::size_of::<RebateTotals>(), 4 * 16 + 2 * 8);
const_assert_eq!(
    std::mem::size_of::<Rebates>(),
    8 + 2 * 32 + 8 + MAX_TIERS * 16 + 80 + 128
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
        let t = &self.totals;
        clause(
            t.paid.get() <= t.owed.get()
                && t.owed.get() <= t.fees_reported.get()
                && t.withheld.get() <= t.paid.get(),
            "invariant violated: rebates paid <= owed <= fees reported",
        )
    }
}
