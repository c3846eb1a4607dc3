//! The staker bucket's arithmetic: a linear stream of credited rewards, a reward-per-token
//! accumulator, and the yield cap. Exact: no function here pays out more than was credited.
//!
//! - **Stream.** `remaining` tokens are released linearly until `end`; an update at `now`
//!   releases `remaining * (now - last) / (end - last)`, rounded down, and everything once
//!   `now >= end`. Rounding only delays tokens, it never loses them.
//! - **Accumulator.** Released tokens raise `reward_per_token` (scaled by [`PRECISION`]) by
//!   `released * PRECISION / active`; the division's remainder is carried to the next update.
//! - **Earned.** A position earns `stake * (rpt - paid) / PRECISION`, rounded down.
use super::MathError;

/// Scale of the reward-per-token accumulator.
pub const PRECISION: u128 = 1_000_000_000_000_000_000;
/// Scale of the yield cap: fee-token base units per protocol-token base unit per year, times 1e12.
pub const YIELD_CAP_SCALE: u128 = 1_000_000_000_000;
/// Seconds in a (365-day) year.
pub const SECONDS_PER_YEAR: u128 = 365 * 86_400;

/// Tokens the stream releases between `last` and `now` (both clamped to `end`).
pub fn release_floor(remaining: u64, last: i64, end: i64, now: i64) -> Result<u64, MathError> {
    if now <= last || remaining == 0 {
        return Ok(0);
    }
    if now >= end || end <= last {
        return Ok(remaining);
    }
    let elapsed = u128::try_from(now - last).map_err(|_| MathError)?;
    let span = u128::try_from(end - last).map_err(|_| MathError)?;
    let released = super::mul_div_floor(u128::from(remaining), elapsed, span)?;
    u64::try_from(released).map_err(|_| MathError)
}

/// Adds `released` tokens to the accumulator shared by `active` stake. Returns the new
/// accumulator and carry. `active` must be positive.
pub fn accrue(
    reward_per_token: u128,
    carry: u128,
    released: u64,
    active: u64,
) -> Result<(u128, u128), MathError> {
    if active == 0 {
        return Err(MathError);
    }
    let scaled = u128::from(released)
        .checked_mul(PRECISION)
        .and_then(|v| v.checked_add(carry))
        .ok_or(MathError)?;
    let active = u128::from(active);
    // The accumulator only ever grows, and only differences are read: it may wrap.
    Ok((
        reward_per_token.wrapping_add(scaled / active),
        scaled % active,
    ))
}

/// What `stake` earned while the accumulator moved from `paid` to `reward_per_token`,
/// rounded down. Computed as `stake * q + stake * r / PRECISION` with `delta = q * PRECISION + r`,
/// which is exact and needs no 256-bit intermediate.
pub fn earned_floor(stake: u64, reward_per_token: u128, paid: u128) -> Result<u64, MathError> {
    let delta = reward_per_token.wrapping_sub(paid);
    let (q, r) = (delta / PRECISION, delta % PRECISION);
    let stake = u128::from(stake);
    let whole = stake.checked_mul(q).ok_or(MathError)?;
    let part = stake.checked_mul(r).ok_or(MathError)? / PRECISION;
    u64::try_from(whole.checked_add(part).ok_or(MathError)?).map_err(|_| MathError)
}

/// The most the stream may hold for one `period` so that stakers earn at most `cap_scaled`
/// (see [`YIELD_CAP_SCALE`]) per staked unit per year, rounded down. `u64::MAX` is no cap.
pub fn stream_cap_floor(cap_scaled: u64, active: u64, period: u64) -> Result<u64, MathError> {
    if cap_scaled == u64::MAX {
        return Ok(u64::MAX);
    }
    let numerator = u128::from(cap_scaled)
        .checked_mul(u128::from(active))
        .and_then(|v| v.checked_mul(u128::from(period)))
        .ok_or(MathError)?;
    let cap = numerator / (SECONDS_PER_YEAR * YIELD_CAP_SCALE);
    Ok(u64::try_from(cap).unwrap_or(u64::MAX))
}
