//! The 128-by-64-bit division the program uses instead of the generic one is exact.
use fee_router::math::div_rem_u128_by_u64;
use proptest::prelude::*;

#[test]
fn division_by_zero_is_refused_and_edges_are_exact() {
    assert_eq!(div_rem_u128_by_u64(5, 0), None);
    for (n, d) in [
        (0u128, 1u64),
        (u128::MAX, 1),
        (u128::MAX, u64::MAX),
        (u128::MAX, 1 << 63),
        (u128::MAX, (1 << 63) - 1),
        (1u128 << 64, 3),
        ((1u128 << 64) - 1, u64::MAX),
        (12_345_678_901_234_567_890_123_456_789, 97),
    ] {
        let (q, r) = div_rem_u128_by_u64(n, d).unwrap();
        assert_eq!(
            (q, u128::from(r)),
            (n / u128::from(d), n % u128::from(d)),
            "{n} / {d}"
        );
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(20_000))]

    #[test]
    fn matches_u128_division(n in any::<u128>(), d in 1u64..) {
        let (q, r) = div_rem_u128_by_u64(n, d).unwrap();
        prop_assert_eq!(q, n / u128::from(d));
        prop_assert_eq!(u128::from(r), n % u128::from(d));
    }

    #[test]
    fn matches_u128_division_on_small_and_top_heavy_divisors(
        n in any::<u128>(),
        shift in 0u32..64,
        low in any::<u64>(),
    ) {
        let d = ((1u64 << 63) >> shift) | (low >> (shift + 1).min(63));
        prop_assume!(d > 0);
        let (q, r) = div_rem_u128_by_u64(n, d).unwrap();
        prop_assert_eq!(q, n / u128::from(d));
        prop_assert_eq!(u128::from(r), n % u128::from(d));
    }
}

use fee_router::math::{mul_div_floor, mul_div_floor_u64, MathError};

/// `a * b` as a 256-bit number `(high, low)`, from 64-bit limbs: the reference for products
/// that do not fit in a u128.
fn wide_mul(a: u128, b: u128) -> (u128, u128) {
    const LOW: u128 = u64::MAX as u128;
    let (a1, a0, b1, b0) = (a >> 64, a & LOW, b >> 64, b & LOW);
    let (p00, p01, p10, p11) = (a0 * b0, a0 * b1, a1 * b0, a1 * b1);
    let middle = (p00 >> 64) + (p01 & LOW) + (p10 & LOW);
    let low = (p00 & LOW) | (middle << 64);
    let high = p11 + (p01 >> 64) + (p10 >> 64) + (middle >> 64);
    (high, low)
}

/// A numerator and a multiplier that are small, basis points or a span, or anything.
fn factor() -> impl Strategy<Value = u64> {
    prop_oneof![
        0u64..=10_000,
        0u64..=400 * 86_400,
        any::<u64>(),
        Just(u64::MAX)
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(20_000))]

    /// `mul_div_floor` is `value * numerator / denominator` rounded down, checked against the
    /// exact 256-bit product: `q * d <= v * n < (q + 1) * d`; it refuses a zero denominator and
    /// a product beyond u128 (its documented intermediate), and nothing else.
    #[test]
    fn mul_div_floor_rounds_the_exact_product_down(
        value in prop_oneof![any::<u128>(), any::<u64>().prop_map(u128::from)],
        numerator in prop_oneof![any::<u128>(), any::<u64>().prop_map(u128::from), 0u128..=10_000],
        denominator in prop_oneof![any::<u128>(), 0u128..=10_000, Just(0u128)],
    ) {
        let product = wide_mul(value, numerator);
        match mul_div_floor(value, numerator, denominator) {
            Ok(q) => {
                prop_assert!(denominator > 0 && product.0 == 0);
                let below = wide_mul(q, denominator);
                let (low, carry) = below.1.overflowing_add(denominator);
                let above = (below.0 + u128::from(carry), low);
                prop_assert!(below <= product && product < above);
            }
            Err(MathError) => prop_assert!(denominator == 0 || product.0 != 0),
        }
    }

    /// `mul_div_floor_u64` is the exact `value * numerator / denominator` rounded down (the
    /// product of two u64 always fits a u128), whatever path it takes inside; it fails only for
    /// a zero denominator or a result above `u64::MAX`.
    #[test]
    fn mul_div_floor_u64_is_the_exact_quotient_or_refuses_what_does_not_fit(
        value: u64,
        numerator in factor(),
        denominator in prop_oneof![1u64..=10_000, factor()],
    ) {
        let got = mul_div_floor_u64(value, numerator, denominator);
        if denominator == 0 {
            prop_assert_eq!(got, Err(MathError));
        } else {
            let exact = u128::from(value) * u128::from(numerator) / u128::from(denominator);
            prop_assert_eq!(got, u64::try_from(exact).map_err(|_| MathError));
        }
    }
}
