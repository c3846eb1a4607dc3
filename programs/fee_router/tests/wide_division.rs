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
