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
    assert_eq!(earned_floor(1, rpt, 0).unwrap().0, 333);
    assert_eq!(earned_floor(2, rpt, 0).unwrap().0, 666);
    assert_eq!(earned_floor(3, rpt, 0).unwrap().0, 999);
}

#[test]
fn the_yield_cap_bounds_a_period() {
    // 0.1 fee unit per staked unit per year, 1_000 staked, a year-long period: 100.
    let cap = (YIELD_CAP_SCALE / 10) as u64;
    assert_eq!(
        cap_allowance_floor(cap, 1_000, SECONDS_PER_YEAR as u64),
        100
    );
    assert_eq!(cap_allowance_floor(cap, 1_000, 7 * 86_400), 1);
    assert_eq!(cap_allowance_floor(NO_YIELD_CAP, 0, 1), u64::MAX);
    assert_eq!(cap_allowance_floor(cap, 0, 1), 0);
}

#[test]
fn a_cap_too_large_to_compute_saturates_instead_of_failing() {
    // The legal extremes of every input: the allowance saturates at "no limit".
    for cap in [u64::MAX - 1, u64::MAX / 2, 1 << 62] {
        for active in [u64::MAX, u64::MAX / 3, 1 << 40] {
            for seconds in [u64::MAX, SECONDS_PER_YEAR as u64, 1] {
                let allowance = cap_allowance_floor(cap, active, seconds);
                let exact =
                    u128::from(cap) * u128::from(active) / (SECONDS_PER_YEAR * YIELD_CAP_SCALE);
                let exact = exact.checked_mul(u128::from(seconds));
                if exact.is_none_or(|e| e > u128::from(u64::MAX)) {
                    assert_eq!(
                        allowance,
                        u64::MAX,
                        "cap {cap} active {active} seconds {seconds}"
                    );
                }
            }
        }
    }
    assert_eq!(
        stream_room_floor(u64::MAX - 1, u64::MAX, 365 * 86_400, u64::MAX, 1, 0),
        u64::MAX
    );
}

#[test]
fn the_room_keeps_the_merged_rate_within_the_cap() {
    // 1e9 staked at 5% a year for a week: 958_904 a week. A stream holding half of that with
    // half the week left already runs at the full rate: no room.
    let cap = (YIELD_CAP_SCALE / 20) as u64;
    let week = 7 * 86_400i64;
    let full = cap_allowance_floor(cap, 1_000_000_000, week as u64);
    assert_eq!(full, 958_904);
    assert_eq!(
        stream_room_floor(cap, 1_000_000_000, week as u64, 0, 0, 0),
        full
    );
    assert_eq!(
        stream_room_floor(cap, 1_000_000_000, week as u64, full / 2, week / 2, 0),
        0
    );
    // A quarter of the allowance over the rest of the week leaves three quarters of room.
    let room = stream_room_floor(cap, 1_000_000_000, week as u64, full / 4, week, 0);
    assert!(
        room <= full - full / 4 && room + 1 >= full - full / 4,
        "{room}"
    );
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
        let earned: u128 = stakes.iter().map(|s| u128::from(earned_floor(*s, rpt, 0).unwrap().0)).sum();
        prop_assert!(earned <= released_total);
        let slack = (stakes.len() as u128) + carry / PRECISION + 1;
        prop_assert!(released_total - earned <= slack, "lost {} of {}", released_total - earned, released_total);
    }

    #[test]
    fn stakes_in_ratio_earn_in_ratio(a in 1u64..1_000_000, b in 1u64..1_000_000, reward in 1u64..u64::MAX / 4) {
        let (rpt, _) = accrue(0, 0, reward, a + b).unwrap();
        let (ea, eb) = (earned_floor(a, rpt, 0).unwrap().0, earned_floor(b, rpt, 0).unwrap().0);
        // ea / eb == a / b to within one unit of rounding on each side.
        let lhs = u128::from(ea) * u128::from(b);
        let rhs = u128::from(eb) * u128::from(a);
        prop_assert!(lhs.abs_diff(rhs) <= u128::from(a.max(b)));
    }

    /// New credit never delays old credit: at every instant the merged stream has released at
    /// least what the old stream and the new credit would have released apart; and it never
    /// ends later than the later of the two.
    #[test]
    fn a_merge_never_delays_what_was_streaming(
        remaining in 0u64..u64::MAX / 2,
        left in 1i64..(365 * 86_400),
        credit in 0u64..u64::MAX / 2,
        period in 60u64..(365 * 86_400),
        probe in 0u32..=1_000,
    ) {
        let now = 1_000_000i64;
        let end = now + left;
        let merged_end = merged_end_floor(now, remaining, end, credit, period).unwrap();
        let fresh_end = now + period as i64;
        prop_assert!(merged_end <= end.max(fresh_end));
        prop_assert!(merged_end > now);
        let t = now + ((merged_end.max(end).max(fresh_end) - now) as i128 * i128::from(probe) / 1_000) as i64;
        let merged = u128::from(release_floor(remaining + credit, now, merged_end, t).unwrap());
        let apart = u128::from(release_floor(remaining, now, end, t).unwrap())
            + u128::from(release_floor(credit, now, fresh_end, t).unwrap());
        // One unit of rounding per stream.
        prop_assert!(merged + 2 >= apart, "at {t}: merged {merged} < apart {apart}");
    }

    /// Dust never stretches a stream: a credit of at most a millionth of what is streaming
    /// moves the end by at most a millionth of the remaining time (plus a second of rounding).
    #[test]
    fn dust_barely_moves_the_end(
        remaining in 1_000_000u64..u64::MAX / 4,
        left in 1i64..(7 * 86_400),
        period in 60u64..(365 * 86_400),
    ) {
        let now = 0i64;
        let credit = remaining / 1_000_000;
        let merged_end = merged_end_floor(now, remaining, left, credit, period).unwrap();
        prop_assert!(merged_end <= left + 1 + (period as i64) / 1_000_000 + left / 1_000_000);
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
