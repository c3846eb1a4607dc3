//! How a distribution divides fees: the life-cycle stage, each stage's split and the guard
//! rails on top of it. Plain `#[repr(C)]` Pod and borsh types (see `state::router`).
use anchor_lang::prelude::*;
use bytemuck::{Pod, Zeroable};

use crate::math::split::{BPS_DENOMINATOR, BUCKETS};

/// A product life-cycle stage; each has its own split.
#[derive(AnchorSerialize, AnchorDeserialize, InitSpace, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stage {
    /// Liquidity-starved, price-sensitive users: the split leans to discount and staker yield.
    Early,
    /// Volume established, brand forming.
    Growth,
    /// Brand-driven demand: the split leans to buyback.
    Mature,
}

impl Stage {
    /// All stages, in table order.
    pub const ALL: [Stage; 3] = [Stage::Early, Stage::Growth, Stage::Mature];

    /// Index into [`Router::splits`], and the stored form of the stage.
    pub fn index(self) -> usize {
        self as usize
    }

    /// The stage stored as `index`.
    pub fn from_index(index: u8) -> Option<Stage> {
        Stage::ALL.get(usize::from(index)).copied()
    }
}

/// One stage's split, in basis points of each distribution. The four sum to 10_000.
#[repr(C)]
#[derive(
    Clone, Copy, Pod, Zeroable, AnchorSerialize, AnchorDeserialize, InitSpace, Debug, PartialEq, Eq,
)]
pub struct Split {
    /// Share sold for the protocol token, which is burned.
    pub buyback_bps: u16,
    /// Share streamed to protocol-token stakers.
    pub stakers_bps: u16,
    /// Share kept in the insurance fund.
    pub insurance_bps: u16,
    /// Share that funds traders' fee rebates.
    pub discount_bps: u16,
}

impl Split {
    pub const fn new(
        buyback_bps: u16,
        stakers_bps: u16,
        insurance_bps: u16,
        discount_bps: u16,
    ) -> Self {
        Self {
            buyback_bps,
            stakers_bps,
            insurance_bps,
            discount_bps,
        }
    }

    /// The four shares in bucket order (buyback, stakers, insurance, discount).
    pub fn bps(&self) -> [u16; BUCKETS] {
        [
            self.buyback_bps,
            self.stakers_bps,
            self.insurance_bps,
            self.discount_bps,
        ]
    }

    /// True when the four shares sum to exactly 10_000.
    pub fn is_complete(&self) -> bool {
        self.bps().iter().map(|&b| u32::from(b)).sum::<u32>() == u32::from(BPS_DENOMINATOR)
    }
}

/// The seed's table: Early 15/30/10/45, Growth 40/30/10/20, Mature 55/25/15/5 (percent).
pub const DEFAULT_SPLITS: [Split; 3] = [
    Split::new(1500, 3000, 1000, 4500),
    Split::new(4000, 3000, 1000, 2000),
    Split::new(5500, 2500, 1500, 500),
];

/// Limits applied on top of the split at every distribution.
#[repr(C)]
#[derive(
    Clone, Copy, Pod, Zeroable, AnchorSerialize, AnchorDeserialize, InitSpace, Debug, PartialEq, Eq,
)]
pub struct GuardRails {
    /// While the insurance vault holds less than this, each distribution first tops it up.
    pub insurance_floor: u64,
    /// At or above this balance the insurance share overflows to buyback.
    pub insurance_cap: u64,
    /// Discount budget above this balance overflows to buyback.
    pub discount_cap: u64,
    /// The most of one distribution, in bps (at most 10_000), that the floor top-up may take.
    pub insurance_topup_max_bps: u64,
}

/// No floor, a 20% top-up limit for when a floor is set, and no caps.
pub const DEFAULT_GUARD_RAILS: GuardRails = GuardRails {
    insurance_floor: 0,
    insurance_cap: u64::MAX,
    discount_cap: u64::MAX,
    insurance_topup_max_bps: 2_000,
};

impl GuardRails {
    /// The rails in the pure-math form.
    pub fn rails(&self) -> crate::math::split::Rails {
        crate::math::split::Rails {
            insurance_floor: self.insurance_floor,
            // Bounded by BPS_DENOMINATOR (checked by `invariant`), so it fits.
            insurance_topup_max_bps: u16::try_from(self.insurance_topup_max_bps)
                .unwrap_or(u16::MAX),
            insurance_cap: self.insurance_cap,
            discount_cap: self.discount_cap,
        }
    }

    /// Bounds every setter must respect.
    pub fn is_sane(&self) -> bool {
        self.insurance_topup_max_bps <= u64::from(BPS_DENOMINATOR)
            && self.insurance_floor <= self.insurance_cap
    }
}
