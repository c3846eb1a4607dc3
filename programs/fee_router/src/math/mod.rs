//! Pure arithmetic: no Anchor types, no accounts. The program and the CLI share it, so
//! `fee-router simulate` projects exactly what the program would do.
//!
//! Rounding direction is in every function name; intermediates are u128; every operation is
//! checked and returns [`MathError`] instead of wrapping or panicking.
pub mod fee_history;
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
