//! A rolling limit on what leaves a vault, as plain numbers: in any window of `period`
//! seconds, what is paid out stays within a share of the vault, measured on the vault's
//! balance plus what the window has already paid (the vault as it stood when the window
//! opened, plus whatever entered it since). No timing of payouts can exceed it: there is no
//! period boundary to straddle, and a payout lowers the balance by exactly what it adds to
//! the window, so splitting a payout or spacing payouts never raises the base.
//!
//! Payouts are kept in a ring of [`RING_BUCKETS`] buckets, each the sum of the payouts made in
//! one slice of the period (`period / (RING_BUCKETS - 1)`, rounded up) stamped with the
//! latest of them; slice `k` of time goes to bucket `k % RING_BUCKETS`. A bucket counts until
//! a whole period has passed since that latest payout, so every payout counts for at least
//! the period (and at most the period and a slice). A payout joins its bucket while the
//! bucket still counts, and otherwise replaces it: with the period unchanged, a bucket is
//! reused only after its payouts stopped counting (the ring spans a period and a slice);
//! after the period is changed, joining only makes older payouts count longer.
//!
//! The guarantee, for `max_bps <= 10_000`: every payout admitted by [`allowance_floor`] keeps
//! `paid in [t, t + period) <= max_bps * (vault before t + what entered in [t, t + period)) /
//! 10_000` for every `t` (a property test checks it over random timings and amounts).
use super::{mul_div_floor, MathError};

/// Basis points in a whole.
pub const BPS: u64 = 10_000;

/// Buckets in a ring: one per slice of the period, and one for the slice in progress.
pub const RING_BUCKETS: usize = 6;

/// A bucket of the ring as its owner stores it, read and written in place (the accounts keep
/// their own type; this module's [`Bucket`] is the plain one).
pub trait Slot {
    /// When the latest payout in the bucket was made.
    fn last_at(&self) -> i64;
    /// What the bucket's payouts paid in all (0: an unused bucket).
    fn amount(&self) -> u64;
    /// Replaces the bucket.
    fn put(&mut self, last_at: i64, amount: u64);
}

/// The payouts of one slice of the period.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Bucket {
    /// When the latest payout in the bucket was made.
    pub last_at: i64,
    /// What the bucket's payouts paid in all (0: an unused bucket).
    pub amount: u64,
}

impl Slot for Bucket {
    fn last_at(&self) -> i64 {
        self.last_at
    }
    fn amount(&self) -> u64 {
        self.amount
    }
    fn put(&mut self, last_at: i64, amount: u64) {
        *self = Bucket { last_at, amount };
    }
}

/// The recent payouts.
pub type Ring = [Bucket; RING_BUCKETS];

/// The window at one moment: what it counts, the base its share is measured on, and what
/// may still be paid.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Window {
    /// Paid out by payouts that still count.
    pub paid: u64,
    /// The vault's balance plus `paid`: the fund the share is measured on.
    pub base: u128,
    /// `max_bps` of `base`, rounded down, less `paid` (never more than the balance).
    pub allowance: u64,
}

/// True while `bucket` holds a payout made less than `period` seconds before `now`.
#[inline(always)]
fn counts(bucket: &impl Slot, period: i64, now: i64) -> bool {
    bucket.amount() > 0 && now.saturating_sub(bucket.last_at()) < period
}

/// A period in seconds as a time span.
fn span(period_seconds: u64) -> i64 {
    i64::try_from(period_seconds).unwrap_or(i64::MAX)
}

/// What the ring counts at `now`: every payout made less than `period_seconds` before (and
/// possibly some made up to a slice earlier). Saturates, which only counts more.
pub fn counted(ring: &[impl Slot], period_seconds: u64, now: i64) -> u64 {
    let period = span(period_seconds);
    ring.iter()
        .filter(|b| counts(*b, period, now))
        .fold(0u64, |sum, b| sum.saturating_add(b.amount()))
}

/// `max_bps` of `base`, rounded down. On the trade path, so for a share of at most the whole
/// and a base that fits in 64 bits (every real balance) it uses 64-bit operations whose
/// products cannot overflow, with no overflow checks: SBF emulates 128-bit and checked
/// 64-bit multiplication at tens of compute units each.
#[inline(always)]
pub fn share_floor(base: u128, max_bps: u64) -> Result<u128, MathError> {
    match u64::try_from(base) {
        Ok(small) if max_bps <= BPS => {
            // (small / BPS) * max_bps <= small, and (small % BPS) * max_bps < BPS * BPS: neither
            // product wraps, nor their sum (at most small * max_bps / BPS <= small).
            let whole = (small / BPS).wrapping_mul(max_bps);
            let part = (small % BPS).wrapping_mul(max_bps) / BPS;
            Ok(u128::from(whole.wrapping_add(part)))
        }
        _ => mul_div_floor(base, u128::from(max_bps), u128::from(BPS)),
    }
}

/// The window at `now` for a vault holding `balance`: what it counts, the base
/// (`balance + paid`) and what may still be paid, `max_bps` of the base rounded down less what
/// it counts, at most `balance`.
#[inline]
pub fn window_floor(
    ring: &[impl Slot],
    period_seconds: u64,
    max_bps: u64,
    balance: u64,
    now: i64,
) -> Result<Window, MathError> {
    let paid = counted(ring, period_seconds, now);
    let base = u128::from(balance)
        .checked_add(u128::from(paid))
        .ok_or(MathError)?;
    let left = share_floor(base, max_bps)?.saturating_sub(u128::from(paid));
    Ok(Window {
        paid,
        base,
        allowance: u64::try_from(left).unwrap_or(u64::MAX).min(balance),
    })
}

/// What may still be paid at `now` from a vault holding `balance` ([`window_floor`]'s
/// allowance).
pub fn allowance_floor(
    ring: &[impl Slot],
    period_seconds: u64,
    max_bps: u64,
    balance: u64,
    now: i64,
) -> Result<u64, MathError> {
    Ok(window_floor(ring, period_seconds, max_bps, balance, now)?.allowance)
}

/// Slices of the period: one bucket each, and one more for the slice in progress.
const SLICES: u64 = 5;
static_assertions::const_assert_eq!(RING_BUCKETS as u64, SLICES.saturating_add(1));

/// The slice of the period a bucket covers: `period / (RING_BUCKETS - 1)`, rounded up, at
/// least a second.
pub fn slice_seconds(period_seconds: u64) -> u64 {
    period_seconds.div_ceil(SLICES).max(1)
}

/// Which slice of time `t` falls in (times before 1970 all in the first: SBF has no signed
/// division, and which bucket a payout joins never makes it count less).
fn slice_of(t: i64, slice: u64) -> u64 {
    u64::try_from(t)
        .unwrap_or(0)
        .checked_div(slice)
        .unwrap_or(0)
}

/// Records `amount` paid at `now` in the bucket of its slice of time: joining it while it
/// still counts, replacing it otherwise (with the period unchanged, a bucket of an earlier
/// round of the ring has always stopped counting). A zero amount records nothing. A bucket's
/// sum saturates (a window would have to pay out more than `u64::MAX` to reach it).
pub fn record(ring: &mut [impl Slot], period_seconds: u64, amount: u64, now: i64) {
    if amount == 0 || ring.is_empty() {
        return;
    }
    let slice = slice_of(now, slice_seconds(period_seconds));
    let index = usize::try_from(slice.checked_rem(ring.len() as u64).unwrap_or(0)).unwrap_or(0);
    let Some(b) = ring.get_mut(index) else {
        return;
    };
    if counts(b, span(period_seconds), now) {
        let (last_at, sum) = (b.last_at().max(now), b.amount().saturating_add(amount));
        b.put(last_at, sum);
    } else {
        b.put(now, amount);
    }
}
