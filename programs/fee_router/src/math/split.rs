//! How one distribution is divided among the four buckets.
//!
//! Order of operations (each step conserves tokens, proven by the property tests below):
//! 1. **Insurance floor top-up.** While the insurance vault is below its floor, the
//!    distribution first tops it up, by at most `insurance_topup_max_bps` of the input
//!    (rounded down).
//! 2. **Split.** What is left is split by the stage's basis points, each bucket rounded down.
//!    **The remainder (at most 3 base units) goes to buyback**, its one documented home.
//! 3. **Insurance cap.** Insurance above `insurance_cap` overflows to buyback.
//! 4. **Discount cap.** Discount budget above `discount_cap` overflows to buyback.
//! 5. **Staker room.** A staker share above what the stakers may receive (the yield cap's
//!    room, or nothing while nothing is staked) overflows to buyback.
use super::{mul_div_floor_u64, MathError};

/// Basis points in a whole.
pub const BPS_DENOMINATOR: u16 = 10_000;
/// Number of buckets.
pub const BUCKETS: usize = 4;
/// Bucket indices, in the order every `[_; BUCKETS]` array uses.
pub const BUYBACK: usize = 0;
pub const STAKERS: usize = 1;
pub const INSURANCE: usize = 2;
pub const DISCOUNT: usize = 3;
/// Bucket names in index order.
pub const BUCKET_NAMES: [&str; BUCKETS] = ["buyback", "stakers", "insurance", "discount"];

/// Guard-rail parameters, as plain numbers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rails {
    pub insurance_floor: u64,
    pub insurance_topup_max_bps: u16,
    pub insurance_cap: u64,
    pub discount_cap: u64,
}

impl Rails {
    /// No floor and no caps: the split alone decides.
    pub const NONE: Rails = Rails {
        insurance_floor: 0,
        insurance_topup_max_bps: 0,
        insurance_cap: u64::MAX,
        discount_cap: u64::MAX,
    };
}

/// Vault balances the guard rails look at, before the distribution, and the stakers' room.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Balances {
    pub insurance: u64,
    pub discount: u64,
    /// The most the stakers may receive from this distribution (`u64::MAX`: no limit).
    pub stakers_room: u64,
}

impl Default for Balances {
    fn default() -> Self {
        Self {
            insurance: 0,
            discount: 0,
            stakers_room: u64::MAX,
        }
    }
}

/// The outcome of one distribution.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Allocation {
    /// What each bucket receives, in bucket order; sums to the input exactly.
    pub amounts: [u64; BUCKETS],
    /// Taken first to lift the insurance vault toward its floor (included in `amounts[INSURANCE]`).
    pub insurance_topup: u64,
    /// Insurance share above the cap, sent to buyback instead.
    pub insurance_overflow: u64,
    /// Discount share above the cap, sent to buyback instead.
    pub discount_overflow: u64,
    /// Staker share above the stakers' room, sent to buyback instead.
    pub stakers_overflow: u64,
    /// Rounding remainder of the split, sent to buyback.
    pub remainder: u64,
}

/// Splits `amount` by `bps` (which must sum to 10_000), rounding each bucket down; the
/// remainder goes to buyback. Returns the shares and the remainder.
pub fn split_floor(amount: u64, bps: [u16; BUCKETS]) -> Result<([u64; BUCKETS], u64), MathError> {
    let total: u32 = bps.iter().map(|&b| u32::from(b)).sum();
    if total != u32::from(BPS_DENOMINATOR) {
        return Err(MathError);
    }
    let mut shares = [0u64; BUCKETS];
    let mut assigned = 0u64;
    for (share, &b) in shares.iter_mut().zip(bps.iter()) {
        *share = mul_div_floor_u64(amount, u64::from(b), u64::from(BPS_DENOMINATOR))?;
        assigned = assigned.checked_add(*share).ok_or(MathError)?;
    }
    let remainder = amount.checked_sub(assigned).ok_or(MathError)?;
    shares[BUYBACK] = shares[BUYBACK].checked_add(remainder).ok_or(MathError)?;
    Ok((shares, remainder))
}

/// Divides one distribution of `amount` among the buckets: the split of the stage plus the
/// guard rails, given the vault balances before the distribution.
pub fn allocate(
    amount: u64,
    bps: [u16; BUCKETS],
    rails: &Rails,
    balances: &Balances,
) -> Result<Allocation, MathError> {
    if rails.insurance_topup_max_bps > BPS_DENOMINATOR {
        return Err(MathError);
    }
    // 1. Floor top-up, limited to a share of this distribution.
    let topup_limit = mul_div_floor_u64(
        amount,
        u64::from(rails.insurance_topup_max_bps),
        u64::from(BPS_DENOMINATOR),
    )?;
    let shortfall = rails.insurance_floor.saturating_sub(balances.insurance);
    let insurance_topup = shortfall.min(topup_limit);
    let rest = amount.checked_sub(insurance_topup).ok_or(MathError)?;

    // 2. The stage's split of the rest, remainder to buyback.
    let (mut amounts, remainder) = split_floor(rest, bps)?;
    amounts[INSURANCE] = amounts[INSURANCE]
        .checked_add(insurance_topup)
        .ok_or(MathError)?;

    // 3. Insurance above its cap overflows to buyback.
    let insurance_room = rails.insurance_cap.saturating_sub(balances.insurance);
    let insurance_overflow = amounts[INSURANCE].saturating_sub(insurance_room);
    amounts[INSURANCE] = amounts[INSURANCE]
        .checked_sub(insurance_overflow)
        .ok_or(MathError)?;
    amounts[BUYBACK] = amounts[BUYBACK]
        .checked_add(insurance_overflow)
        .ok_or(MathError)?;

    // 4. Discount budget above its cap overflows to buyback.
    let discount_room = rails.discount_cap.saturating_sub(balances.discount);
    let discount_overflow = amounts[DISCOUNT].saturating_sub(discount_room);
    amounts[DISCOUNT] = amounts[DISCOUNT]
        .checked_sub(discount_overflow)
        .ok_or(MathError)?;
    amounts[BUYBACK] = amounts[BUYBACK]
        .checked_add(discount_overflow)
        .ok_or(MathError)?;

    // 5. Staker share above the stakers' room overflows to buyback.
    let stakers_overflow = amounts[STAKERS].saturating_sub(balances.stakers_room);
    amounts[STAKERS] = amounts[STAKERS]
        .checked_sub(stakers_overflow)
        .ok_or(MathError)?;
    amounts[BUYBACK] = amounts[BUYBACK]
        .checked_add(stakers_overflow)
        .ok_or(MathError)?;

    Ok(Allocation {
        amounts,
        insurance_topup,
        insurance_overflow,
        discount_overflow,
        stakers_overflow,
        remainder,
    })
}
