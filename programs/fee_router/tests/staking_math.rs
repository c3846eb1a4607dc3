//! The staker stream and accumulator never pay out more than was credited.
use fee_router::math::staking::*;
use proptest::prelude::*;

#[test]
fn the_stream_releases_linearly_and_everything_at_the_end() {
    assert_eq!(release_floor(700, 0, 7, 1).unwrap(), 100);
    assert_eq!(release_floor(10, 0, 3, 1).unwrap(), 3);
    assert_eq!(release_floor(10, 0, 3, 3).unwrap(), 10);
    assert_eq!(release_floor(10, 0, 3, 99).unwrap(), 10);
    assert_eq!(release_floor(10, 5, 3, 9).unwrap(), 10);
    assert_eq!(release_floor(10, 5, 9, 5).unwrap(), 0);
}

#[test]
fn earned_matches_the_plain_formula_where_it_fits() {
    let (rpt, _) = accrue(0, 0, 1_000, 3).unwrap();
    assert_eq!(earned_floor(1, rpt, 0).unwrap(), 333);
    assert_eq!(earned_floor(2, rpt, 0).unwrap(), 666);
    assert_eq!(earned_floor(3, rpt, 0).unwrap(), 999);
}

#[test]
fn the_yield_cap_bounds_a_period() {
    // 0.1 fee unit per staked unit per year, 1_000 staked, a year-long period: 100.
    let cap = (YIELD_CAP_SCALE / 10) as u64;
    assert_eq!(
        stream_cap_floor(cap, 1_000, SECONDS_PER_YEAR as u64).unwrap(),
        100
    );
    assert_eq!(stream_cap_floor(cap, 1_000, 7 * 86_400).unwrap(), 1);
    assert_eq!(stream_cap_floor(u64::MAX, 0, 1).unwrap(), u64::MAX);
    assert_eq!(stream_cap_floor(cap, 0, 1).unwrap(), 0);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(5_000))]

    /// However the stream is sliced and however stake is split, the positions together
    /// never earn more than was released, and the shortfall is under one unit per position
    /// per update plus what the carry still holds.
    #[test]
    fn positions_never_earn_more_than_was_released(
        stakes in proptest::collection::vec(1u64..u64::MAX / 8, 1..6),
        releases in proptest::collection::vec(any::<u64>().prop_map(|v| v >> 4), 1..8),
    ) {
        let active: u64 = stakes.iter().fold(0u64, |a, s| a.saturating_add(*s));
        prop_assume!(active < u64::MAX / 2);
        let (mut rpt, mut carry, mut released_total) = (0u128, 0u128, 0u128);
        for r in &releases {
            let (n, c) = accrue(rpt, carry, *r, active).unwrap();
            rpt = n;
            carry = c;
            released_total += u128::from(*r);
        }
        let earned: u128 = stakes.iter().map(|s| u128::from(earned_floor(*s, rpt, 0).unwrap())).sum();
        prop_assert!(earned <= released_total);
        let slack = (stakes.len() as u128) + carry / PRECISION + 1;
        prop_assert!(released_total - earned <= slack, "lost {} of {}", released_total - earned, released_total);
    }

    #[test]
    fn stakes_in_ratio_earn_in_ratio(a in 1u64..1_000_000, b in 1u64..1_000_000, reward in 1u64..u64::MAX / 4) {
        let (rpt, _) = accrue(0, 0, reward, a + b).unwrap();
        let (ea, eb) = (earned_floor(a, rpt, 0).unwrap(), earned_floor(b, rpt, 0).unwrap());
        // ea / eb == a / b to within one unit of rounding on each side.
        let lhs = u128::from(ea) * u128::from(b);
        let rhs = u128::from(eb) * u128::from(a);
        prop_assert!(lhs.abs_diff(rhs) <= u128::from(a.max(b)));
    }

    #[test]
    fn releases_sum_to_the_stream(remaining in any::<u64>(), cuts in proptest::collection::vec(1i64..1_000, 1..10)) {
        let end = 5_000i64;
        let (mut last, mut left, mut out) = (0i64, remaining, 0u128);
        for c in cuts {
            let now = (last + c).min(end);
            let r = release_floor(left, last, end, now).unwrap();
            left -= r;
            out += u128::from(r);
            last = now;
        }
        let r = release_floor(left, last, end, end).unwrap();
        out += u128::from(r);
        prop_assert_eq!(out, u128::from(remaining));
    }
}
