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
        stream_room_floor(cap_rate_fp(u64::MAX - 1, u64::MAX), 365 * 86_400, u64::MAX),
        u64::MAX
    );
    // The largest cap on all possible stake: whole units a second are exact.
    assert_eq!(
        cap_rate_fp(u64::MAX - 1, u64::MAX) >> 64,
        u128::from(u64::MAX - 1) * u128::from(u64::MAX) / (SECONDS_PER_YEAR * YIELD_CAP_SCALE)
    );
    assert_eq!(cap_rate_fp(NO_YIELD_CAP, 0), u128::MAX);
}

#[test]
fn the_stream_holds_at_most_one_period_at_the_cap_rate() {
    // 1e9 staked at 5% a year for a week: 958_904 a week. An empty stream takes a week's
    // worth; a stream holding half of that takes the other half, however soon it ends: what
    // it holds runs out before the new credit's period does.
    let cap = (YIELD_CAP_SCALE / 20) as u64;
    let week = 7 * 86_400u64;
    let full = cap_allowance_floor(cap, 1_000_000_000, week);
    assert_eq!(full, 958_904);
    assert_eq!(
        stream_room_floor(cap_rate_fp(cap, 1_000_000_000), week, 0),
        full
    );
    assert_eq!(
        stream_room_floor(cap_rate_fp(cap, 1_000_000_000), week, full / 2),
        full - full / 2
    );
    assert_eq!(
        stream_room_floor(cap_rate_fp(cap, 1_000_000_000), week, full),
        0
    );
    assert_eq!(
        stream_room_floor(cap_rate_fp(cap, 1_000_000_000), week, 2 * full),
        0
    );
    assert_eq!(
        stream_room_floor(cap_rate_fp(NO_YIELD_CAP, 0), week, 5),
        u64::MAX
    );
}

#[test]
fn the_cap_rate_is_exact_to_a_fraction_of_a_unit_per_second() {
    let cap = (YIELD_CAP_SCALE / 20) as u64;
    // 5e7 a year on 1e9 is 1.5854895991882294 a second.
    let rate = cap_rate_fp(cap, 1_000_000_000);
    assert_eq!(rate >> 64, 1);
    let exact = 50_000_000.0 / 31_536_000.0;
    assert!(((rate as f64) / 2f64.powi(64) - exact).abs() < 1e-15);
    // Over any span it never exceeds the exact allowance, and is short of it by under a unit.
    for seconds in [1u64, 3_600, 7 * 86_400, 365 * 86_400] {
        let by_rate = (rate * u128::from(seconds)) >> 64;
        let allowance = cap_allowance_floor(cap, 1_000_000_000, seconds);
        assert!(by_rate <= u128::from(allowance) && by_rate + 1 >= u128::from(allowance));
    }
}

/// Finding 12: a distribution one second before the stream ends, with the stream at the
/// cap's rate, refills it for a whole period at that rate: no gap follows the end.
#[test]
fn a_full_stream_topped_up_before_its_end_runs_on_at_the_cap_rate() {
    let cap = (YIELD_CAP_SCALE / 20) as u64;
    let active = 1_000_000_000u64;
    let week = 7 * 86_400u64;
    let rate = cap_rate_fp(cap, active);
    let now = 10_000_000i64;
    // Two units left, due in one second: the stream ran at its last second above the cap.
    let remaining = 2u64;
    let room = stream_room_floor(cap_rate_fp(cap, active), week, remaining);
    assert_eq!(room, 958_902);
    let end = merged_end_capped(now, remaining, now + 1, room, week, rate).unwrap();
    // The merged 958_904 at the cap's rate take the whole week (the last second rounded up).
    assert_eq!(end, now + week as i64);
    // The sum of the two rates would have run the new credit at 2 + 1.58 a second, above the
    // cap; without the cap's rate the merge ends early.
    assert!(merged_end_floor(now, remaining, now + 1, room, week).unwrap() <= end);
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

    /// Finding 12's merge: what the old stream pays the stakers under the cap is never
    /// delayed (the old stream itself is not, where it ran within the cap), the merged
    /// stream never runs faster than the cap's rate, and a credit within the room never ends
    /// after `now + period`.
    #[test]
    fn a_capped_merge_never_delays_old_credit_nor_outruns_the_cap(
        remaining in 0u64..(1 << 50),
        left in 1i64..(30 * 86_400),
        period in 60u64..(30 * 86_400),
        active in 1u64..(1 << 40),
        cap in 0u64..(1 << 44),
        share_permille in 0u64..=1_000,
        probe in 0u32..=1_000,
    ) {
        let now = 1_000_000i64;
        let end = now + left;
        let rate = cap_rate_fp(cap, active);
        let room = stream_room_floor(cap_rate_fp(cap, active), period, remaining);
        let credit = (u128::from(room.min(1 << 52)) * u128::from(share_permille) / 1_000) as u64;
        let merged_end = merged_end_capped(now, remaining, end, credit, period, rate).unwrap();
        prop_assert!(merged_end > now);
        prop_assert!(merged_end <= end.max(now + period as i64));
        // The old credit is out by its own end: the merged stream is never slower.
        let t = now + (left as i128 * i128::from(probe) / 1_000) as i64;
        let merged = release_floor(remaining + credit, now, merged_end, t).unwrap();
        let old = release_floor(remaining, now, end, t).unwrap();
        let cap_by_t = u64::try_from((rate.saturating_mul((t - now) as u128)) >> 64).unwrap_or(u64::MAX);
        // The span at the cap's rate is rounded up to a whole second: by `t` the merged stream
        // may trail the cap's line by that second's share, which it pays later.
        let second = u64::try_from(rate >> 64).unwrap_or(u64::MAX);
        prop_assert!(merged.saturating_add(2).saturating_add(second) >= old.min(cap_by_t), "at {t}: merged {merged} < old {old} (cap {cap_by_t})");
        let old_rate = if remaining == 0 { 0 } else { (u128::from(remaining) << 64) / left as u128 };
        if old_rate <= rate {
            prop_assert!(merged + 1 >= old, "at {t}: merged {merged} < old {old}");
        }
        // No faster than the cap's rate, but for the one second the end is rounded to.
        let span = (merged_end - now) as u128;
        let total = u128::from(remaining + credit) << 64;
        let allowed = rate.max(total / span.max(period as u128));
        prop_assert!(credit == 0 || total <= allowed.saturating_mul(span + 1), "rate {} over {span}s", total / span);
        // A credit within the room never runs past a period from now.
        prop_assert!(credit <= room);
    }

    /// Any sequence of credits (within the room), releases with stake coming and going
    /// (none at times) and cap changes: every credited unit is released to the stakers,
    /// released unstaked, capped or still streaming; the stream's fraction and the carried
    /// entitlement stay in range; and the stakers never get more than the cap's rate over the
    /// seconds the stream ran, plus a unit.
    #[test]
    fn every_credited_unit_is_paid_unstaked_capped_or_streaming(
        ops in proptest::collection::vec((0u8..4, 1i64..(3 * 86_400), 0u64..(1 << 36), 0u64..(1 << 44)), 1..60),
        period in 60u64..(7 * 86_400),
    ) {
        let mut stream = Stream { end: 1_000, last: 1_000, ..Stream::default() };
        let (mut now, mut active, mut cap) = (1_000i64, 0u64, NO_YIELD_CAP);
        let (mut credited, mut out) = (0u128, Released::default());
        // The cap's allowance over the seconds the stream ran, exact: sum of cap * active *
        // seconds, over the year and scale.
        let (mut allowance, mut always_capped) = (0u128, true);
        for (op, dt, x, y) in ops {
            now += dt;
            // The cap's allowance over the seconds the stream runs until `now`, at the stake
            // and cap in force (the release below is the update before anything changes).
            let ran = (now.min(stream.end) - stream.last.min(stream.end)).max(0) as u64;
            let r = release(&mut stream, now, cap, active).unwrap();
            if active > 0 && ran > 0 {
                always_capped &= cap != NO_YIELD_CAP;
                allowance += u128::from(cap) * u128::from(active) * u128::from(ran);
            }
            prop_assert!(active > 0 || r.to_stakers == 0);
            out.to_stakers += r.to_stakers;
            out.unstaked += r.unstaked;
            out.capped += r.capped;
            match op {
                0 => active = x >> 4,
                1 => cap = [NO_YIELD_CAP, y, y >> 20, 0][(x % 4) as usize],
                _ => {
                    let room = if active == 0 { 0 } else {
                        stream_room_floor(cap_rate_fp(cap, active), period, stream.remaining)
                    };
                    let credit = x.min(room);
                    if credit > 0 {
                        stream.end = merged_end_capped(now, stream.remaining, stream.end, credit, period, cap_rate_fp(cap, active)).unwrap();
                        stream.remaining += credit;
                        credited += u128::from(credit);
                    }
                }
            }
            prop_assert!(stream.owed < OWED_BOUND);
            prop_assert!(stream.remaining > 0 || stream.released_fraction == 0);
            prop_assert_eq!(
                u128::from(out.to_stakers) + u128::from(out.unstaked) + u128::from(out.capped) + u128::from(stream.remaining),
                credited
            );
        }
        if always_capped {
            let bound = allowance / (SECONDS_PER_YEAR * YIELD_CAP_SCALE);
            prop_assert!(u128::from(out.to_stakers) <= bound + 1, "paid {} above the cap's {}", out.to_stakers, bound);
        }
    }

    /// With no cap nothing is ever held back, whatever the timing of releases, credits and
    /// stake coming and going (none staked at times).
    #[test]
    fn without_a_cap_nothing_is_held_back(
        ops in proptest::collection::vec((any::<bool>(), 1i64..(2 * 86_400), 0u64..(1 << 40)), 1..80),
        period in 60u64..(7 * 86_400),
    ) {
        let mut stream = Stream { end: 0, last: 0, ..Stream::default() };
        let (mut now, mut active, mut credited, mut paid) = (0i64, 0u64, 0u128, 0u128);
        for (credit, dt, x) in ops {
            now += dt;
            let r = release(&mut stream, now, NO_YIELD_CAP, active).unwrap();
            prop_assert_eq!(r.capped, 0);
            paid += u128::from(r.to_stakers) + u128::from(r.unstaked);
            if credit {
                stream.end = merged_end_capped(now, stream.remaining, stream.end, x, period, u128::MAX).unwrap();
                stream.remaining += x;
                credited += u128::from(x);
            } else {
                active = x % 3 * (x >> 20);
            }
        }
        prop_assert_eq!(paid + u128::from(stream.remaining), credited);
    }

    /// The stream never lags its line: however often it is released, the whole units out
    /// by any instant are the linear share, rounded down.
    #[test]
    fn the_stream_never_lags_its_line_by_a_unit(
        remaining in 1u64..u64::MAX,
        span in 1i64..(365 * 86_400),
        cuts in proptest::collection::vec(1i64..10_000, 1..100),
    ) {
        let mut stream = Stream { remaining, end: span, last: 0, ..Stream::default() };
        let mut out = 0u128;
        let mut t = 0i64;
        for c in cuts {
            t = (t + c).min(span);
            out += u128::from(release(&mut stream, t, NO_YIELD_CAP, 1).unwrap().to_stakers);
            let line = u128::from(remaining) * t as u128 / span as u128;
            prop_assert!(out <= line && out + 1 >= line, "at {t}: {out} out, the line {line}");
        }
        release(&mut stream, span, NO_YIELD_CAP, 1).unwrap();
        prop_assert_eq!((stream.remaining, stream.released_fraction), (0, 0));
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

/// A cap rate `ratio_permille / 1000` times the rate of a stream of `remaining` over `span`
/// seconds, on `active` stake, as the governed figure; `None` when it does not fit.
fn cap_for_ratio(remaining: u64, span: u64, active: u64, ratio_permille: u64) -> Option<u64> {
    let d = SECONDS_PER_YEAR * YIELD_CAP_SCALE;
    let cap = u128::from(remaining)
        .checked_mul(d)?
        .checked_mul(u128::from(ratio_permille))?
        / (u128::from(span) * u128::from(active) * 1_000);
    u64::try_from(cap).ok().filter(|&c| c < NO_YIELD_CAP)
}

/// Releases `stream` at each time in `times` (in order) with `active` stake; totals.
fn release_at(mut stream: Stream, times: &[i64], cap: u64, active: u64) -> Released {
    let mut total = Released::default();
    for &t in times {
        let r = release(&mut stream, t, cap, active).unwrap();
        total.to_stakers += r.to_stakers;
        total.unstaked += r.unstaked;
        total.capped += r.capped;
    }
    total
}

#[test]
fn an_update_every_second_for_an_hour_shaves_nothing_off_capped_income() {
    // The review's figures: 1e9 staked at 5% a year (1.585 units a second), a stream running
    // at ten times that, an update every second for an hour.
    let active = 1_000_000_000u64;
    let cap = (YIELD_CAP_SCALE / 20) as u64;
    let hour = 3_600i64;
    let stream = Stream {
        remaining: 10 * cap_allowance_floor(cap, active, 7 * 86_400),
        end: 7 * 86_400,
        last: 0,
        ..Stream::default()
    };
    let every_second: Vec<i64> = (1..=hour).collect();
    let forced = release_at(stream, &every_second, cap, active);
    let once = release_at(stream, &[hour], cap, active);
    assert_eq!(
        once.to_stakers,
        cap_allowance_floor(cap, active, hour as u64)
    );
    assert_eq!(once.to_stakers, 5_707);
    assert!(
        forced.to_stakers.abs_diff(once.to_stakers) <= 1,
        "an update a second paid the stakers {} in an hour, one update {}",
        forced.to_stakers,
        once.to_stakers
    );
    assert_eq!(
        forced.to_stakers + forced.capped,
        once.to_stakers + once.capped
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(3_000))]

    /// Finding 7: releasing a stream in many small steps pays the stakers what one release at
    /// the end pays, to within one base unit over the whole stream, whatever the cap (below,
    /// near or above the stream's rate) and however the steps are cut.
    #[test]
    fn many_small_releases_pay_the_stakers_what_one_release_pays(
        remaining in 1u64..(1 << 48),
        span in 60u64..(30 * 86_400),
        active in 1u64..(1 << 40),
        ratio_permille in prop_oneof![0u64..3_000, 990u64..1_010],
        cuts in proptest::collection::vec(1i64..400, 1..300),
        every_second in any::<bool>(),
    ) {
        let cap = cap_for_ratio(remaining, span, active, ratio_permille);
        prop_assume!(cap.is_some());
        let cap = cap.unwrap();
        let end = span as i64;
        let stream = Stream { remaining, end, last: 0, ..Stream::default() };
        let mut times = vec![];
        let mut t = 0i64;
        for c in cuts {
            t += if every_second { 1 } else { c };
            if t >= end {
                break;
            }
            times.push(t);
        }
        times.push(end);
        let many = release_at(stream, &times, cap, active);
        let once = release_at(stream, &[end], cap, active);
        prop_assert_eq!(many.to_stakers + many.capped, remaining);
        prop_assert_eq!(once.to_stakers + once.capped, remaining);
        prop_assert!(
            many.to_stakers.abs_diff(once.to_stakers) <= 1,
            "{} steps paid {}, one step {} (of {})",
            times.len(), many.to_stakers, once.to_stakers, remaining
        );
        // And one step pays exactly the smaller of the stream and the cap's allowance.
        prop_assert!(once.to_stakers <= remaining.min(cap_allowance_floor(cap, active, span)));
        prop_assert!(once.to_stakers + 1 >= remaining.min(cap_allowance_floor(cap, active, span)));
    }

    /// Finding 10: the cap counts only the seconds the stream ran. A release long after the
    /// stream ended pays the stakers what a release at its end pays, never more than the cap
    /// allows over the stream's own seconds.
    #[test]
    fn idle_seconds_after_the_stream_ended_add_nothing_to_the_cap(
        remaining in 1u64..(1 << 48),
        span in 60u64..(30 * 86_400),
        active in 1u64..(1 << 40),
        ratio_permille in 0u64..3_000,
        idle in 1i64..(400 * 86_400),
        midway in proptest::option::of(1u64..1_000),
    ) {
        let cap = cap_for_ratio(remaining, span, active, ratio_permille);
        prop_assume!(cap.is_some());
        let cap = cap.unwrap();
        let end = span as i64;
        let stream = Stream { remaining, end, last: 0, ..Stream::default() };
        // Optionally one update part-way, then nothing until long after the end.
        let mut times: Vec<i64> = midway.map(|m| (end * m as i64 / 1_000).max(1)).into_iter().collect();
        times.push(end + idle);
        let late = release_at(stream, &times, cap, active);
        let on_time = release_at(stream, &[end], cap, active);
        prop_assert!(late.to_stakers <= cap_allowance_floor(cap, active, span));
        prop_assert!(late.to_stakers.abs_diff(on_time.to_stakers) <= 1);
        prop_assert_eq!(late.to_stakers + late.capped, remaining);
    }

    /// The cap holds on the stake active in each interval: with stake changing between
    /// updates, the stakers get the smaller of the stream's and the cap's rate over each
    /// interval, to within two units in all, and extra forced updates change nothing beyond
    /// one unit.
    #[test]
    fn the_cap_holds_on_the_stake_active_in_each_interval(
        remaining in 1u64..(1 << 40),
        span in 600u64..(14 * 86_400),
        cap in 1u64..(1 << 40),
        intervals in proptest::collection::vec((1u64..(1 << 36), 1i64..50_000, 0u8..8), 1..40),
    ) {
        let end = span as i64;
        let rho = remaining as f64 / span as f64;
        let d = (SECONDS_PER_YEAR * YIELD_CAP_SCALE) as f64;
        let (mut plain, mut forced) = (
            Stream { remaining, end, last: 0, ..Stream::default() },
            Stream { remaining, end, last: 0, ..Stream::default() },
        );
        let (mut paid_plain, mut paid_forced, mut ideal, mut allowance) = (0u64, 0u64, 0f64, 0u64);
        let mut t = 0i64;
        for (active, dt, extra) in intervals {
            if t >= end {
                break;
            }
            let next = (t + dt).min(end);
            // Forced updates inside the interval, at the same stake.
            for k in 1..=i64::from(extra) {
                let at = t + (next - t) * k / (i64::from(extra) + 1);
                paid_forced += release(&mut forced, at, cap, active).unwrap().to_stakers;
            }
            paid_forced += release(&mut forced, next, cap, active).unwrap().to_stakers;
            paid_plain += release(&mut plain, next, cap, active).unwrap().to_stakers;
            let seconds = (next - t) as f64;
            ideal += (rho * seconds).min(cap as f64 * active as f64 / d * seconds);
            allowance = allowance.saturating_add(cap_allowance_floor(cap, active, (next - t) as u64).saturating_add(1));
            t = next;
        }
        prop_assert!(paid_plain <= allowance && paid_forced <= allowance);
        prop_assert!(paid_forced.abs_diff(paid_plain) <= 1, "forced {} plain {}", paid_forced, paid_plain);
        // Within two units of the exact figure (f64 here is exact to far below a unit).
        prop_assert!((paid_plain as f64 - ideal).abs() <= 2.0 + ideal * 1e-12, "paid {} ideal {}", paid_plain, ideal);
    }
}

/// Exact unsigned integers of 256 bits (four 64-bit limbs, least significant first): the
/// reference for the products the staking arithmetic splits to stay within a u128.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Wide([u64; 4]);

impl Wide {
    fn new(x: u128) -> Self {
        Wide([x as u64, (x >> 64) as u64, 0, 0])
    }
    /// `self * m`; panics if the product passes 256 bits (no test input comes near).
    fn times(self, m: u128) -> Self {
        let m = [m as u64, (m >> 64) as u64];
        let mut out = [0u64; 6];
        for (i, &a) in self.0.iter().enumerate() {
            let mut carry = 0u128;
            for (j, &b) in m.iter().enumerate() {
                let t = u128::from(a) * u128::from(b) + u128::from(out[i + j]) + carry;
                out[i + j] = t as u64;
                carry = t >> 64;
            }
            let mut k = i + 2;
            while carry > 0 {
                let t = u128::from(out[k]) + carry;
                out[k] = t as u64;
                carry = t >> 64;
                k += 1;
            }
        }
        assert!(out[4] == 0 && out[5] == 0, "past 256 bits");
        Wide([out[0], out[1], out[2], out[3]])
    }
    /// `self / d` and `self % d`, by long division one bit at a time.
    fn div_rem(self, d: u128) -> (Self, u128) {
        assert!(d > 0);
        let (mut q, mut r) = ([0u64; 4], 0u128);
        for bit in (0..256).rev() {
            let top = r >> 127;
            r = (r << 1) | u128::from((self.0[bit / 64] >> (bit % 64)) & 1);
            // With the top bit shifted out the true remainder is 2^128 + r, above any d.
            if top == 1 || r >= d {
                r = r.wrapping_sub(d);
                q[bit / 64] |= 1 << (bit % 64);
            }
        }
        (Wide(q), r)
    }
    fn to_u128(self) -> Option<u128> {
        (self.0[2] == 0 && self.0[3] == 0)
            .then(|| u128::from(self.0[0]) | (u128::from(self.0[1]) << 64))
    }
}

/// The cap's divisor, `SECONDS_PER_YEAR * YIELD_CAP_SCALE`.
const CAP_DIVISOR: u128 = SECONDS_PER_YEAR * YIELD_CAP_SCALE;

/// A governed yield cap: none, zero, a few percent a year, or anything below "no cap".
fn a_cap() -> impl Strategy<Value = u64> {
    prop_oneof![
        Just(0u64),
        0u64..=(YIELD_CAP_SCALE as u64),
        0u64..NO_YIELD_CAP,
        Just(NO_YIELD_CAP - 1),
    ]
}

fn a_stake() -> impl Strategy<Value = u64> {
    prop_oneof![0u64..1_000, 0u64..1u64 << 40, any::<u64>(), Just(u64::MAX)]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(10_000))]

    /// The cap's rate is `cap * active * 2^64 / (year * scale)` rounded down, exactly (a
    /// 256-bit reference), for every cap below "no cap" and every stake; "no cap" is the
    /// largest rate.
    #[test]
    fn the_cap_rate_is_the_exact_rate_rounded_down(cap in a_cap(), active in a_stake()) {
        let exact = Wide::new(u128::from(cap) * u128::from(active))
            .times(PRECISION)
            .div_rem(CAP_DIVISOR)
            .0
            .to_u128()
            .unwrap();
        prop_assert_eq!(cap_rate_fp(cap, active), exact);
        prop_assert_eq!(cap_rate_fp(NO_YIELD_CAP, active), u128::MAX);
    }

    /// The cap's allowance over a span is `cap * active * seconds / (year * scale)` rounded
    /// down, exactly, or `u64::MAX` when that does not fit (and for "no cap"); it never falls
    /// as the span or the stake grows. Spans up to 2^32 seconds (136 years; a stream is at most
    /// a year) — see the report on larger spans.
    #[test]
    fn the_cap_allowance_is_the_exact_allowance_rounded_down(
        cap in a_cap(),
        active in a_stake(),
        seconds in prop_oneof![0u64..=400 * 86_400, 0u64..=u64::from(u32::MAX)],
        more in 0u64..1_000_000,
    ) {
        let exact = Wide::new(u128::from(cap) * u128::from(active))
            .times(u128::from(seconds))
            .div_rem(CAP_DIVISOR)
            .0;
        let expected = exact.to_u128().and_then(|e| u64::try_from(e).ok()).unwrap_or(u64::MAX);
        let got = cap_allowance_floor(cap, active, seconds);
        prop_assert_eq!(got, expected);
        prop_assert!(cap_allowance_floor(cap, active, seconds.saturating_add(more)) >= got);
        prop_assert!(cap_allowance_floor(cap, active.saturating_add(more), seconds) >= got);
        prop_assert_eq!(cap_allowance_floor(NO_YIELD_CAP, active, seconds), u64::MAX);
    }

    /// Accrual conserves every 2^-64 of a unit: the accumulator's step times the stake plus
    /// the new carry is the released amount (scaled) plus the old carry, with the new carry
    /// below the stake; no stake is refused.
    #[test]
    fn accrual_carries_exactly_what_the_division_leaves(
        rpt: u128,
        released: u64,
        active in 1u64..,
        carry_part: u64,
    ) {
        let carry = u128::from(carry_part % active);
        let (next, new_carry) = accrue(rpt, carry, released, active).unwrap();
        let step = next.wrapping_sub(rpt);
        prop_assert!(new_carry < u128::from(active));
        let lhs = Wide::new(step).times(u128::from(active));
        prop_assert_eq!(lhs.to_u128().map(|l| l + new_carry), Some((u128::from(released) << 64) + carry));
        prop_assert!(accrue(rpt, carry, released, 0).is_err());
    }

    /// Earned is `stake * delta / 2^64` rounded down, and the fraction rounded away is the
    /// rest, exactly: `earned * 2^64 + rounded_away = stake * delta` (256-bit reference,
    /// across the accumulator's wrap); it refuses only an amount above `u64::MAX`.
    #[test]
    fn earned_plus_what_is_rounded_away_is_exactly_the_stake_times_the_step(
        stake in a_stake(),
        paid: u128,
        delta in prop_oneof![any::<u128>(), 0u128..1u128 << 64, 0u128..1u128 << 80],
    ) {
        let rpt = paid.wrapping_add(delta);
        let exact = Wide::new(delta).times(u128::from(stake));
        let (whole, fraction) = exact.div_rem(PRECISION);
        match earned_floor(stake, rpt, paid) {
            Ok((earned, rounded_away)) => {
                prop_assert_eq!(Some(u128::from(earned)), whole.to_u128());
                prop_assert_eq!(u128::from(rounded_away), fraction);
            }
            Err(_) => prop_assert!(whole.to_u128().is_none_or(|w| w > u128::from(u64::MAX))),
        }
    }

    /// The merged stream's span is the weighted harmonic mean `(R + c) * d * P / (R * P +
    /// c * d)`, rounded down by at most a second (a 256-bit reference): so it lies between
    /// the old stream's end and the new credit's (a second earlier at most), never later.
    /// Every span the function accepts (up to 2^32 seconds), with `R + c` past a word too.
    #[test]
    fn the_merged_end_is_the_exact_harmonic_span_rounded_down(
        now in 0i64..1i64 << 40,
        remaining in prop_oneof![1u64..1_000, 1u64..],
        credit in prop_oneof![1u64..1_000, 1u64..],
        left in prop_oneof![1u64..=400 * 86_400, 1u64..=u64::from(u32::MAX)],
        period in prop_oneof![1u64..=400 * 86_400, 1u64..=u64::from(u32::MAX)],
    ) {
        let end = now + left as i64;
        let got = merged_end_floor(now, remaining, end, credit, period).unwrap() - now;
        let (r, c, d, p) = (u128::from(remaining), u128::from(credit), u128::from(left), u128::from(period));
        let exact = Wide::new(r + c).times(d).times(p).div_rem(r * p + c * d).0.to_u128().unwrap();
        let got = got as u128;
        prop_assert!(got <= exact && got + 1 >= exact, "span {} exact {}", got, exact);
        prop_assert!(got <= d.max(p) && got + 1 >= d.min(p));
        // The edges: nothing streaming, or nothing new.
        prop_assert_eq!(merged_end_floor(now, 0, end, credit, period).unwrap(), now + period as i64);
        prop_assert_eq!(merged_end_floor(now, remaining, now, credit, period).unwrap(), now + period as i64);
        prop_assert_eq!(merged_end_floor(now, remaining, end, 0, period).unwrap(), end);
    }
}
