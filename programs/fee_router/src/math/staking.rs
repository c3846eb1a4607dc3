//! The staker bucket's arithmetic: a linear stream of credited rewards, a reward-per-token
//! accumulator, and the yield cap. Exact: no function here pays out more than was credited.
//!
//! - **Stream.** `remaining` tokens are released linearly until `end`; an update at `now`
//!   releases `remaining * (now - last) / (end - last)`, rounded down, and everything once
//!   `now >= end`. Rounding only delays tokens, it never loses them.
//! - **New credit never delays old credit.** A credit `c` joining a stream that still holds
//!   `R` until `end` runs at the sum of both rates (`R / (end - now) + c / period`) until the
//!   merged amount is out: [`merged_end_floor`]. The merged release is at every instant at
//!   least what the two streams would have released apart, so dust cannot stretch a stream,
//!   and a new credit starts at exactly its own rate, so a flash staker gains nothing extra.
//! - **Yield cap, at release.** Between two updates the stakers may receive at most
//!   `cap * active * elapsed / (year * YIELD_CAP_SCALE)` ([`cap_allowance_floor`]), measured
//!   on the stake active during those seconds; the rest of what the stream released is held
//!   back for buyback. At credit time [`stream_room_floor`] keeps the merged rate within the
//!   cap on the stake active then, so an honest stream is never cut at release.
//! - **Accumulator.** Released tokens raise `reward_per_token` (scaled by [`PRECISION`]) by
//!   `released * PRECISION / active`; the division's remainder is carried to the next update.
//! - **Earned.** A position earns `stake * (rpt - paid) / PRECISION`, rounded down; the
//!   fraction rounded away is returned too, so the router knows the dust no one can claim.
//!
//! Functions that only bound a payout saturate instead of failing: a cap too large to
//! compute is no cap, so no legal parameter can make an instruction fail.

use super::MathError;

/// Scale of the reward-per-token accumulator: 2^64, so that splitting a delta into whole
/// units and a fraction is a shift and a mask (SBF has no 128-bit division instruction).
pub const PRECISION: u128 = 1 << 64;
/// Scale of the yield cap: fee-token base units per protocol-token base unit per year, times 1e12.
pub const YIELD_CAP_SCALE: u128 = 1_000_000_000_000;
/// Seconds in a (365-day) year.
pub const SECONDS_PER_YEAR: u128 = 365 * 86_400;
/// The yield cap value that means "no cap".
pub const NO_YIELD_CAP: u64 = u64::MAX;

/// Tokens the stream releases between `last` and `now` (both clamped to `end`).
pub fn release_floor(remaining: u64, last: i64, end: i64, now: i64) -> Result<u64, MathError> {
    if now <= last || remaining == 0 {
        return Ok(0);
    }
    if now >= end || end <= last {
        return Ok(remaining);
    }
    let elapsed = u64::try_from(now.checked_sub(last).ok_or(MathError)?).map_err(|_| MathError)?;
    let span = u64::try_from(end.checked_sub(last).ok_or(MathError)?).map_err(|_| MathError)?;
    super::mul_div_floor_u64(remaining, elapsed, span)
}

/// The most the stakers may receive over `seconds` with `active` stake under the yield cap
/// `cap_scaled` (see [`YIELD_CAP_SCALE`]), rounded down. Saturates at `u64::MAX`, which is
/// also what [`NO_YIELD_CAP`] gives: never fails, whatever the inputs.
pub fn cap_allowance_floor(cap_scaled: u64, active: u64, seconds: u64) -> u64 {
    if cap_scaled == NO_YIELD_CAP {
        return u64::MAX;
    }
    // cap * active fits in u128; split it by the year so the product with `seconds` cannot
    // overflow: x * s / d = (x / d) * s + (x % d) * s / d, exactly.
    // Two u64 factors: the product fits in a u128.
    let per_year = u128::from(cap_scaled).wrapping_mul(u128::from(active));
    const D: u128 = SECONDS_PER_YEAR * YIELD_CAP_SCALE;
    let seconds = u128::from(seconds);
    let whole = (per_year / D).checked_mul(seconds);
    let part = (per_year % D).checked_mul(seconds).map(|p| p / D);
    match (whole, part) {
        (Some(w), Some(p)) => u64::try_from(w.saturating_add(p)).unwrap_or(u64::MAX),
        _ => u64::MAX,
    }
}

/// How much new credit the stream may take at `now` so that, merged with the `remaining`
/// tokens still due by `end`, it releases no faster than the yield cap allows on `active`
/// stake: `period * (cap_rate - remaining / (end - now))`, rounded down (the current rate is
/// rounded up). Saturates; never fails.
pub fn stream_room_floor(
    cap_scaled: u64,
    active: u64,
    period: u64,
    remaining: u64,
    end: i64,
    now: i64,
) -> u64 {
    let allowance = cap_allowance_floor(cap_scaled, active, period);
    if allowance == u64::MAX {
        return u64::MAX;
    }
    let left = u64::try_from(end.saturating_sub(now)).unwrap_or(0);
    if remaining == 0 || left == 0 {
        return allowance;
    }
    // period * remaining / left, rounded up: < 2^64 * 2^64, fits.
    let numerator = u128::from(period).saturating_mul(u128::from(remaining));
    let left = u128::from(left);
    let committed = numerator
        .checked_add(left.saturating_sub(1))
        .and_then(|n| n.checked_div(left))
        .unwrap_or(u128::MAX);
    u64::try_from(u128::from(allowance).saturating_sub(committed)).unwrap_or(0)
}

/// The end of the merged stream when `credit` joins `remaining` tokens due by `end`, at
/// `now`, with a stream `period` for the new credit. The merged stream runs at the sum of
/// both rates, so it ends at `now + (R + c) / (R / d + c / P)` with `d = end - now`, rounded
/// down (earlier, never later). That lies between `end` and `now + period`: new credit never
/// delays what was already streaming.
pub fn merged_end_floor(
    now: i64,
    remaining: u64,
    end: i64,
    credit: u64,
    period: u64,
) -> Result<i64, MathError> {
    let period_i = i64::try_from(period).map_err(|_| MathError)?;
    let fresh = now.checked_add(period_i).ok_or(MathError)?;
    if remaining == 0 || end <= now {
        return Ok(fresh);
    }
    if credit == 0 {
        return Ok(end);
    }
    let d = u64::try_from(end.checked_sub(now).ok_or(MathError)?).map_err(|_| MathError)?;
    // Spans beyond 2^32 seconds (136 years) are outside any legal stream: refusing them keeps
    // every product below 2^128, so none needs an overflow check.
    if d > u64::from(u32::MAX) || period > u64::from(u32::MAX) {
        return Err(MathError);
    }
    let (r, c, d, p) = (
        u128::from(remaining),
        u128::from(credit),
        u128::from(d),
        u128::from(period),
    );
    // (R + c) * d * P < 2^65 * 2^32 * 2^32; R * P + c * d < 2^97.
    let numerator = r.wrapping_add(c).wrapping_mul(d).wrapping_mul(p);
    let denominator = r.wrapping_mul(p).wrapping_add(c.wrapping_mul(d));
    // Bring the divisor to a word: drop k low bits of both, the divisor rounded up, so the
    // quotient can only come out smaller (an earlier end, never a later one).
    let bits = 128u32.saturating_sub(denominator.leading_zeros());
    let k = bits.saturating_sub(63);
    let (numerator, divisor) = if k == 0 {
        (numerator, denominator)
    } else {
        let dropped = denominator & ((1u128 << k).wrapping_sub(1));
        (
            numerator >> k,
            (denominator >> k).wrapping_add(u128::from(dropped != 0)),
        )
    };
    let divisor = u64::try_from(divisor).map_err(|_| MathError)?;
    let span = super::div_rem_u128_by_u64(numerator, divisor)
        .ok_or(MathError)?
        .0;
    let span = i64::try_from(span).map_err(|_| MathError)?;
    // At least one second: the harmonic-mean span is never below min(d, P) >= 1.
    now.checked_add(span.max(1)).ok_or(MathError)
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
    // released * 2^64 + carry: the carry is a remainder modulo a u64, so this fits.
    let scaled = (u128::from(released) << 64)
        .checked_add(carry)
        .ok_or(MathError)?;
    let (per_token, carry) = super::div_rem_u128_by_u64(scaled, active).ok_or(MathError)?;
    // The accumulator only ever grows, and only differences are read: it may wrap.
    Ok((reward_per_token.wrapping_add(per_token), u128::from(carry)))
}

/// What `stake` earned while the accumulator moved from `paid` to `reward_per_token`,
/// rounded down, and the fraction rounded away (in units of `1 / PRECISION` token).
/// Computed as `stake * q + stake * r / 2^64` with `delta = q * 2^64 + r`, which is exact
/// and needs no 256-bit intermediate.
pub fn earned_floor(
    stake: u64,
    reward_per_token: u128,
    paid: u128,
) -> Result<(u64, u64), MathError> {
    let delta = reward_per_token.wrapping_sub(paid);
    let (q, r) = (delta >> 64, delta & u128::from(u64::MAX));
    let stake = u128::from(stake);
    // Both factors of each product are below 2^64: neither can overflow.
    let whole = stake.wrapping_mul(q);
    let fraction = stake.wrapping_mul(r);
    let earned = whole.checked_add(fraction >> 64).ok_or(MathError)?;
    let rounded_away = u64::try_from(fraction & u128::from(u64::MAX)).map_err(|_| MathError)?;
    Ok((u64::try_from(earned).map_err(|_| MathError)?, rounded_away))
}
