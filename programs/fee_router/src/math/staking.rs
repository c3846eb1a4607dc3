//! The staker bucket's arithmetic: a linear stream of credited rewards, a reward-per-token
//! accumulator, and the yield cap. Exact: no function here pays out more than was credited.
//!
//! - **Stream.** `remaining` tokens are released linearly until `end`; an update at `now`
//!   releases `remaining * (now - last) / (end - last)`, to 2^-64 of a unit, and everything
//!   once `now >= end` ([`release`]); whole units leave the stream as the fractions add up.
//!   Rounding neither loses tokens nor lets the stream lag its line by a unit.
//! - **New credit never delays old credit.** A credit `c` joining a stream that still holds
//!   `R` until `end` runs at the sum of both rates (`R / (end - now) + c / period`) until the
//!   merged amount is out: [`merged_end_floor`]. The merged release is at every instant at
//!   least what the two streams would have released apart, so dust cannot stretch a stream,
//!   and a new credit starts at exactly its own rate, so a flash staker gains nothing extra.
//!   Under a yield cap the merged rate is at most the cap's rate ([`merged_end_capped`]):
//!   the old stream slows only where it ran above the cap, which the cap would hold back.
//! - **Yield cap, at release.** The stakers receive the smaller of what the stream releases
//!   and the cap's rate `cap * active / (year * YIELD_CAP_SCALE)` ([`cap_rate_fp`]) over the
//!   seconds the stream ran (never idle seconds after its end), on the stake active during
//!   those seconds; the rest is held back for buyback. Amounts are carried to 2^-64 of a
//!   unit between releases ([`release`]), so many small releases pay what one pays.
//! - **Room, at credit.** The stream holds at most one period at the cap's rate on the stake
//!   active then ([`stream_room_floor`]); kept full, it runs at the cap's rate until a period
//!   after the last distribution, so a binding cap leaves no gap however distributions are
//!   timed.
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

/// One base unit in the fixed-point amounts of the stream (units of 2^-64 token).
pub const UNIT: u128 = 1 << 64;
/// [`Stream::owed`] stays below this: two units.
pub const OWED_BOUND: u128 = 2 * UNIT;

/// The year-and-scale divisor of the yield cap, `SECONDS_PER_YEAR * YIELD_CAP_SCALE`, is
/// `2^19` times this odd number (below 2^46), so a rate in 2^-64 units needs only divisions
/// by a word.
const CAP_DIVISOR_ODD: u64 = 60_150_146_484_375;
const CAP_DIVISOR_TWOS: u32 = 19;
const _: () =
    assert!((CAP_DIVISOR_ODD as u128) << CAP_DIVISOR_TWOS == SECONDS_PER_YEAR * YIELD_CAP_SCALE);

/// The reward stream as one release reads and writes it. Its amounts are exact to 2^-64 of
/// a unit: the stream still holds `remaining - released_fraction / 2^64` tokens, released
/// linearly until `end`, so the release never lags the line by a unit however often it runs.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Stream {
    /// Credited tokens not yet released, counting a unit part of which is released.
    pub remaining: u64,
    /// The part of one unit of `remaining` already released, in 2^-64; zero when nothing remains.
    pub released_fraction: u64,
    /// When the stream has released everything.
    pub end: i64,
    /// When the stream was last released.
    pub last: i64,
    /// What the stakers are entitled to (the stream's release within the cap's rate) and
    /// have not yet received, in 2^-64 units: fractions, and a unit the stream has not yet
    /// let go as a whole. Below two units.
    pub owed: u128,
}

/// What one release did with the whole units the stream let go.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Released {
    /// To the stakers (into the accumulator).
    pub to_stakers: u64,
    /// Released while nothing was staked.
    pub unstaked: u64,
    /// Held back by the yield cap: released above the cap's rate on the stake active.
    pub capped: u64,
}

/// The yield cap's rate on `active` stake, in 2^-64 units per second, rounded down;
/// `u128::MAX` for [`NO_YIELD_CAP`]. Never fails: `cap * active * 2^64 / (year * scale)`
/// is below 2^128 for every input.
pub fn cap_rate_fp(cap_scaled: u64, active: u64) -> u128 {
    if cap_scaled == NO_YIELD_CAP {
        return u128::MAX;
    }
    // x * 2^64 / (2^19 * odd) = x * 2^45 / odd = (q * odd + r) * 2^45 / odd.
    let x = u128::from(cap_scaled).wrapping_mul(u128::from(active));
    let shift = 64u32.wrapping_sub(CAP_DIVISOR_TWOS);
    let Some((q, r)) = super::div_rem_u128_by_u64(x, CAP_DIVISOR_ODD) else {
        return u128::MAX;
    };
    // q < 2^128 / 2^45 = 2^83, so q << 45 fits; r < 2^46, so r << 45 < 2^91.
    let part =
        super::div_rem_u128_by_u64(u128::from(r) << shift, CAP_DIVISOR_ODD).map_or(0, |(p, _)| p);
    (q << shift).saturating_add(part)
}

/// Releases `stream` up to `now` with `active` stake under the yield cap `cap_scaled`.
///
/// The stream lets go `exact * ran / (end - last)` (in 2^-64 units; everything at the end),
/// where `ran` counts only the seconds it ran: up to `end`, never idle time after it. The
/// stakers are entitled to the smaller of that and the cap's rate over those seconds on the
/// stake active meanwhile; the entitlement is carried in 2^-64 units, so many small
/// releases pay what one release pays, to within a unit over the whole stream. Whole units
/// the stream lets go beyond the entitlement are held back by the cap. Rewards released
/// while nothing is staked are `unstaked`, and no entitlement is carried over them.
pub fn release(
    stream: &mut Stream,
    now: i64,
    cap_scaled: u64,
    active: u64,
) -> Result<Released, MathError> {
    let s = stream;
    let mut out = Released::default();
    if now <= s.last {
        return Ok(out);
    }
    let last = s.last;
    s.last = now;
    // An empty stream holds no fraction either (the router's invariant).
    if s.remaining == 0 {
        return Ok(out);
    }
    let ran = u64::try_from(now.min(s.end).saturating_sub(last)).unwrap_or(0);
    let released = if now >= s.end || s.end <= last {
        (u128::from(s.remaining) << 64)
            .checked_sub(u128::from(s.released_fraction))
            .ok_or(MathError)?
    } else {
        let span =
            u64::try_from(s.end.checked_sub(last).ok_or(MathError)?).map_err(|_| MathError)?;
        linear_share(s.remaining, s.released_fraction, ran, span).ok_or(MathError)?
    };
    // fraction + released <= remaining * 2^64: the whole units let go fit in a u64.
    let let_go = u128::from(s.released_fraction)
        .checked_add(released)
        .ok_or(MathError)?;
    if active == 0 {
        // Nothing staked: the unit begun is let go whole (it is at most `remaining`), so the
        // stream's fraction and the stakers' entitlement start again together at zero, and
        // an uncapped stream never holds a unit back from the stakers that come next.
        let units = u64::try_from(let_go.div_ceil(UNIT)).map_err(|_| MathError)?;
        s.remaining = s.remaining.checked_sub(units).ok_or(MathError)?;
        s.released_fraction = 0;
        s.owed = 0;
        out.unstaked = units;
        return Ok(out);
    }
    let units = u64::try_from(let_go >> 64).map_err(|_| MathError)?;
    s.released_fraction = let_go as u64;
    s.remaining = s.remaining.checked_sub(units).ok_or(MathError)?;
    let entitled = if cap_scaled == NO_YIELD_CAP {
        released
    } else {
        released.min(cap_rate_fp(cap_scaled, active).saturating_mul(u128::from(ran)))
    };
    // owed + entitled, as whole units and a fraction (the sum may pass 2^128 at the u64
    // extreme of the stream, the parts never do).
    let fraction = (s.owed & (UNIT - 1)).wrapping_add(entitled & (UNIT - 1));
    let owed_units = (s.owed >> 64)
        .wrapping_add(entitled >> 64)
        .wrapping_add(fraction >> 64);
    out.to_stakers = units.min(u64::try_from(owed_units).unwrap_or(u64::MAX));
    // What stays owed is below two units (`OWED_BOUND`): a whole unit stays owed only when
    // the stream let go fewer whole units than the entitlement, and the capped units never
    // run a unit ahead of the exact excess. The property tests check it (`owed <
    // OWED_BOUND`); the clamp only keeps any state from stopping a release.
    let left = owed_units.saturating_sub(u128::from(out.to_stakers));
    s.owed = (left.min(1) << 64) | (fraction & (UNIT - 1));
    out.capped = units.wrapping_sub(out.to_stakers);
    Ok(out)
}

/// `(remaining * 2^64 - fraction) * ran / span`, rounded down, for `ran < span`: the share
/// of the stream a release lets go, in 2^-64 units. With the stream written as
/// `base * 2^64 + g` (`g = 2^64 - fraction`, on one unit fewer) and `base * ran` as
/// `w * span + m`, it is `w * 2^64 + (m * 2^64 + g * ran) / span`: for spans under 2^32
/// seconds (136 years; every stream is at most a year) only 64-bit divisions are needed,
/// which SBF has in one instruction.
fn linear_share(remaining: u64, fraction: u64, ran: u64, span: u64) -> Option<u128> {
    let (base, g) = if fraction == 0 {
        (remaining, 0u64)
    } else {
        (remaining.checked_sub(1)?, 0u64.wrapping_sub(fraction))
    };
    if span > u64::from(u32::MAX) || ran >= span {
        let exact = (u128::from(base) << 64) | u128::from(g);
        let (q, r) = super::div_rem_u128_by_u64(exact, span)?;
        let part = super::div_rem_u128_by_u64(u128::from(r).checked_mul(u128::from(ran))?, span)?;
        return q.checked_mul(u128::from(ran))?.checked_add(part.0);
    }
    // base * ran = w * span + m, in u64: (base % span) * ran < span * span < 2^64.
    let (q, r) = (base.checked_div(span)?, base.checked_rem(span)?);
    let t = r.checked_mul(ran)?;
    let w = q.checked_mul(ran)?.checked_add(t.checked_div(span)?)?;
    let m = t.checked_rem(span)?;
    // m * 2^64 + g * ran < 2^96 + 2^96, divided by span < 2^32 in 32-bit digits.
    let n = (u128::from(m) << 64).checked_add(u128::from(g).checked_mul(u128::from(ran))?)?;
    let part = div_by_u32(n, span)?;
    (u128::from(w) << 64).checked_add(part)
}

/// `n / d` for `0 < d < 2^32` and `n < 2^97`, in three 64-bit divisions (32-bit digits).
fn div_by_u32(n: u128, d: u64) -> Option<u128> {
    const LOW: u64 = (1 << 32) - 1;
    let (hi, lo) = ((n >> 64) as u64, n as u64);
    let q_hi = hi.checked_div(d)?;
    // Each partial dividend is a remainder below 2^32 shifted by 32, plus a digit: < 2^64.
    let mid = (hi.checked_rem(d)? << 32) | (lo >> 32);
    let q_mid = mid.checked_div(d)?;
    let low = (mid.checked_rem(d)? << 32) | (lo & LOW);
    let q_low = low.checked_div(d)?;
    Some((u128::from(q_hi) << 64) | (u128::from(q_mid) << 32) | u128::from(q_low))
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

/// How much new credit the stream may take so that it holds no more than one `period` at
/// the cap's rate `cap_rate` ([`cap_rate_fp`], on the stake active now): the whole units of
/// `cap_rate * period` less `remaining`. A stream kept full runs at the cap's rate until a
/// period after the last credit, so a binding cap leaves no gap however distributions are
/// timed; and what it holds at the cap's rate never takes longer than a period. Saturates
/// (no cap is no limit); never fails.
pub fn stream_room_floor(cap_rate: u128, period: u64, remaining: u64) -> u64 {
    if cap_rate == u128::MAX {
        return u64::MAX;
    }
    let Some(allowance) = cap_rate.checked_mul(u128::from(period)) else {
        return u64::MAX;
    };
    match u64::try_from(allowance >> 64) {
        Ok(allowance) if allowance != u64::MAX => allowance.saturating_sub(remaining),
        _ => u64::MAX,
    }
}

/// The end of the merged stream when `credit` joins `remaining` tokens due by `end` at
/// `now`, under a cap rate of `cap_rate` (2^-64 units per second, [`cap_rate_fp`]): the
/// merged stream runs at the sum of both rates ([`merged_end_floor`]), but no faster than
/// the cap's rate. So credit the cap cannot pay at once queues at the cap's rate instead of
/// being held back at release, and a stream kept full leaves no gap. New credit never
/// delays what the stakers receive from the old stream: it slows the old stream only where
/// that ran above the cap's rate, which the cap would have held back. The end never passes
/// the later of `end` and `now + period`.
pub fn merged_end_capped(
    now: i64,
    remaining: u64,
    end: i64,
    credit: u64,
    period: u64,
    cap_rate: u128,
) -> Result<i64, MathError> {
    let summed = merged_end_floor(now, remaining, end, credit, period)?;
    if cap_rate == u128::MAX || credit == 0 {
        return Ok(summed);
    }
    let total = remaining.checked_add(credit).ok_or(MathError)?;
    // At the cap's rate, rounded up (no faster than the cap): total * 2^64 / cap_rate.
    let at_cap = div_ceil_wide(u128::from(total) << 64, cap_rate).unwrap_or(u128::MAX);
    let at_cap = i64::try_from(at_cap).unwrap_or(i64::MAX);
    let span = summed.checked_sub(now).ok_or(MathError)?.max(at_cap);
    let period = i64::try_from(period).map_err(|_| MathError)?;
    let latest = end.max(now.checked_add(period).ok_or(MathError)?);
    Ok(now.saturating_add(span).min(latest))
}

/// `numerator / divisor` rounded up, for a 128-bit divisor, with 64-bit divisions only:
/// exact when the divisor fits a word; otherwise never below the exact quotient and above
/// it by less than one part in 2^62 (plus the rounding up). `None` for a zero divisor.
fn div_ceil_wide(numerator: u128, divisor: u128) -> Option<u128> {
    let k = 64u32.saturating_sub(divisor.leading_zeros());
    // Divisor rounded down and numerator rounded up: the quotient can only grow.
    let d = u64::try_from(divisor >> k).ok()?;
    let low = numerator & ((1u128 << k).wrapping_sub(1));
    let n = (numerator >> k).checked_add(u128::from(low != 0))?;
    let (q, r) = super::div_rem_u128_by_u64(n, d)?;
    q.checked_add(u128::from(r != 0))
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
    // R + c < 2^65, d * P < 2^64, R * P + c * d < 2^97. When R + c passes a word, both
    // terms of the fraction are halved, the numerator rounded down and the divisor up, so
    // (R + c) * d * P stays below 2^128 and the quotient can only come out smaller (by far
    // less than a second: the relative change is below 2^-63 of a span below 2^32).
    let total = r.wrapping_add(c);
    let denominator = r.wrapping_mul(p).wrapping_add(c.wrapping_mul(d));
    let (total, denominator) = if total >> 64 == 0 {
        (total, denominator)
    } else {
        (total >> 1, (denominator >> 1).wrapping_add(denominator & 1))
    };
    let numerator = total.wrapping_mul(d.wrapping_mul(p));
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
