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
        .map(|p| p / denominator)
        .ok_or(MathError)
}

/// `value * numerator / denominator`, rounded down, for u64 amounts; errors if it exceeds u64.
pub fn mul_div_floor_u64(value: u64, numerator: u64, denominator: u64) -> Result<u64, MathError> {
    let r = mul_div_floor(
        u128::from(value),
        u128::from(numerator),
        u128::from(denominator),
    )?;
    u64::try_from(r).map_err(|_| MathError)
}
