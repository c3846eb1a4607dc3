//! The stored form of a rolling payout window (`math::rolling`), kept by the accounts whose
//! payouts it limits: the insurance fund and the rebates account.
use anchor_lang::prelude::*;
use bytemuck::{Pod, Zeroable};
use static_assertions::const_assert_eq;

use crate::math::rolling::{Slot, RING_BUCKETS};

/// The payouts of one slice of the period.
#[repr(C)]
#[derive(
    Clone, Copy, Pod, Zeroable, AnchorSerialize, AnchorDeserialize, Debug, Default, PartialEq, Eq,
)]
pub struct PayoutBucket {
    /// When the latest payout in the bucket was made.
    pub last_at: i64,
    /// What the bucket's payouts paid in all, in fee-token base units (0: unused).
    pub amount: u64,
}

/// The recent payouts, in [`RING_BUCKETS`] buckets of a slice of the period each (a fifth);
/// a bucket counts until a whole period has passed since its latest payout.
#[repr(C)]
#[derive(
    Clone, Copy, Pod, Zeroable, AnchorSerialize, AnchorDeserialize, Debug, Default, PartialEq, Eq,
)]
pub struct PayoutWindow {
    pub buckets: [PayoutBucket; RING_BUCKETS],
}

const_assert_eq!(std::mem::size_of::<PayoutWindow>(), RING_BUCKETS * 16);

/// `math::rolling` reads and writes the stored buckets in place.
impl Slot for PayoutBucket {
    fn last_at(&self) -> i64 {
        self.last_at
    }
    fn amount(&self) -> u64 {
        self.amount
    }
    fn put(&mut self, last_at: i64, amount: u64) {
        *self = PayoutBucket { last_at, amount };
    }
}

impl PayoutWindow {
    /// Everything the buckets hold, counted or not: never more than was ever paid out.
    /// Saturates (64-bit: it runs in every rebate's invariant), which only weakens the check
    /// past `u64::MAX` paid.
    pub fn held(&self) -> u64 {
        self.buckets
            .iter()
            .fold(0u64, |sum, b| sum.saturating_add(b.amount))
    }
}
