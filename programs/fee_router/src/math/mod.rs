//! Pure arithmetic: no Anchor types, no accounts. The program and the CLI share it, so
//! `fee-router simulate` projects exactly what the program would do.
//!
//! Rounding direction is in every function name; intermediates are u128; every operation is
//! checked and returns [`MathError`] instead of wrapping or panicking.
use std::num::NonZeroU64;

pub mod auction;
pub mod fee_history;
pub mod rebate;
pub mod rolling;
pub mod split;
pub mod staking;

/// Arithmetic went out of range. The program maps it to `FeeRouterError::MathOverflow`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MathError;

/// `value * numerator / denominator`, rounded down, in u128.
pub fn mul_div_floor(value: u128, numerator: u128, denominator: u128) -> Result<u128, MathError> {
    if denominator == 0 {
        return Err(MathError);
    }
    value
        .checked_mul(numerator)
        .and_then(|p| p.checked_div(denominator))
        .ok_or(MathError)
}

/// `value * numerator / denominator`, rounded down, for u64 amounts; errors if it exceeds u64.
///
/// Computed as `(value / d) * n + (value % d) * n / d`, which is exact, in u64 whenever the
/// remainder's product fits (always, for basis points and for spans up to a year): SBF has
/// 64-bit division but emulates 128-bit division, at a few hundred compute units a call.
pub fn mul_div_floor_u64(value: u64, numerator: u64, denominator: u64) -> Result<u64, MathError> {
    let whole = value
        .checked_div(denominator)
        .ok_or(MathError)?
        .checked_mul(numerator)
        .ok_or(MathError)?;
    let rest = value.checked_rem(denominator).ok_or(MathError)?;
    if let Some(part) = rest.checked_mul(numerator) {
        return whole
            .checked_add(part.checked_div(denominator).ok_or(MathError)?)
            .ok_or(MathError);
    }
    let r = mul_div_floor(
        u128::from(value),
        u128::from(numerator),
        u128::from(denominator),
    )?;
    u64::try_from(r).map_err(|_| MathError)
}

/// `numerator / divisor` and `numerator % divisor` for a 128-bit numerator and a 64-bit
/// divisor, with 64-bit divisions only: SBF has a 64-bit divide instruction, and the generic
/// 128-bit division costs several hundred compute units. Exact; `None` when `divisor` is 0.
pub fn div_rem_u128_by_u64(numerator: u128, divisor: u64) -> Option<(u128, u64)> {
    if divisor == 0 {
        return None;
    }
    let high = (numerator >> 64) as u64;
    let low = numerator as u64;
    let q_high = high.checked_div(divisor)?;
    let r_high = high.checked_rem(divisor)?;
    let (q_low, rem) = div_two_words(r_high, low, divisor)?;
    Some(((u128::from(q_high) << 64) | u128::from(q_low), rem))
}

/// Divides the two-word number `(u1, u0)` by `v`, with `u1 < v` so the quotient fits in a
/// word: Hacker's Delight's `divlu` (Knuth's algorithm D on 32-bit digits). Returns
/// `(quotient, remainder)`, or `None` outside its domain. Wrapping operations are the
/// algorithm's own modular arithmetic.
fn div_two_words(u1: u64, u0: u64, v: u64) -> Option<(u64, u64)> {
    const B: u64 = 1 << 32;
    const MASK: u64 = B - 1;
    if v == 0 || u1 >= v {
        return None;
    }
    let s = v.leading_zeros();
    let v = v << s;
    // Normalised, v has its top bit set: its high half is never zero.
    let (vn1, vn0) = (NonZeroU64::new(v >> 32)?, v & MASK);
    let un32 = if s == 0 {
        u1
    } else {
        (u1 << s) | (u0 >> 64u32.wrapping_sub(s))
    };
    let un10 = u0 << s;
    let (un1, un0) = (un10 >> 32, un10 & MASK);

    let mut q1 = un32 / vn1;
    let vn1 = vn1.get();
    let mut rhat = un32.wrapping_sub(q1.wrapping_mul(vn1));
    while q1 >= B || q1.wrapping_mul(vn0) > B.wrapping_mul(rhat).wrapping_add(un1) {
        q1 = q1.wrapping_sub(1);
        rhat = rhat.wrapping_add(vn1);
        if rhat >= B {
            break;
        }
    }
    let un21 = un32
        .wrapping_mul(B)
        .wrapping_add(un1)
        .wrapping_sub(q1.wrapping_mul(v));

    let mut q0 = un21 / NonZeroU64::new(vn1)?;
    let mut rhat = un21.wrapping_sub(q0.wrapping_mul(vn1));
    while q0 >= B || q0.wrapping_mul(vn0) > B.wrapping_mul(rhat).wrapping_add(un0) {
        q0 = q0.wrapping_sub(1);
        rhat = rhat.wrapping_add(vn1);
        if rhat >= B {
            break;
        }
    }
    let rem = un21
        .wrapping_mul(B)
        .wrapping_add(un0)
        .wrapping_sub(q0.wrapping_mul(v))
        >> s;
    Some((q1.wrapping_mul(B).wrapping_add(q0), rem))
}
