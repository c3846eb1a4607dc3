//! The trailing fee-history ring.
use fee_router::math::fee_history::*;
use fee_router::math::MathError;
use proptest::prelude::*;
use std::collections::BTreeMap;

const DAY0: u64 = 20_000;

#[test]
fn trailing_window_counts_thirty_days_and_forgets_older_ones() {
    let (mut last, mut daily) = (0u64, [0u128; FEE_HISTORY_DAYS]);
    for d in 0..40 {
        record(&mut last, &mut daily, DAY0 + d, 10).unwrap();
    }
    assert_eq!(trailing_sum(last, &daily, DAY0 + 39).unwrap(), 300);
    // Ten quiet days later, twenty recorded days are still in the window.
    assert_eq!(trailing_sum(last, &daily, DAY0 + 49).unwrap(), 200);
    // Thirty quiet days later, nothing is.
    assert_eq!(trailing_sum(last, &daily, DAY0 + 69).unwrap(), 0);
}

#[test]
fn a_gap_clears_the_days_it_skips() {
    let (mut last, mut daily) = (0u64, [0u128; FEE_HISTORY_DAYS]);
    record(&mut last, &mut daily, DAY0, 7).unwrap();
    record(&mut last, &mut daily, DAY0 + 30, 5).unwrap();
    // DAY0 shares DAY0 + 30's slot: the old 7 must not survive.
    assert_eq!(trailing_sum(last, &daily, DAY0 + 30).unwrap(), 5);
    record(&mut last, &mut daily, DAY0 + 100, 3).unwrap();
    assert_eq!(daily.iter().sum::<u128>(), 3);
}

#[test]
fn same_day_records_add_up_and_a_clock_step_back_counts_on_the_last_day() {
    let (mut last, mut daily) = (0u64, [0u128; FEE_HISTORY_DAYS]);
    record(&mut last, &mut daily, DAY0 + 5, 1).unwrap();
    record(&mut last, &mut daily, DAY0 + 5, 2).unwrap();
    record(&mut last, &mut daily, DAY0 + 4, 4).unwrap();
    assert_eq!(last, DAY0 + 5);
    assert_eq!(trailing_sum(last, &daily, DAY0 + 5).unwrap(), 7);
}

#[test]
fn overflowing_a_day_is_an_error() {
    let (mut last, mut daily) = (0u64, [0u128; FEE_HISTORY_DAYS]);
    record(&mut last, &mut daily, DAY0, u128::MAX).unwrap();
    assert_eq!(record(&mut last, &mut daily, DAY0, 1), Err(MathError));
}

#[test]
fn day_of_rounds_down() {
    let day = SECONDS_PER_DAY as i64;
    assert_eq!(day_of(-1), 0);
    assert_eq!(day_of(0), 0);
    assert_eq!(day_of(day - 1), 0);
    assert_eq!(day_of(day), 1);
}

/// A day for the ring: the same day, the next, a few later, one just inside or just past the
/// window, long gaps, and (rarely) a clock that stepped back.
fn day_step() -> impl Strategy<Value = i64> {
    prop_oneof![
        3 => Just(0i64),
        3 => Just(1i64),
        2 => 2i64..10,
        1 => Just(29i64),
        1 => Just(30i64),
        1 => Just(31i64),
        1 => 32i64..200,
        1 => -3i64..0,
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2_000))]

    /// A Unix day is the whole days since 1970: `day * 86_400 <= t < (day + 1) * 86_400`,
    /// never decreasing in `t`, and 0 for every time before 1970.
    #[test]
    fn a_day_is_the_whole_days_since_1970(t: i64, dt in 0i64..1_000_000) {
        let day = day_of(t);
        if t < 0 {
            prop_assert_eq!(day, 0);
        } else {
            let (t, start) = (i128::from(t), i128::from(day) * i128::from(SECONDS_PER_DAY));
            prop_assert!(start <= t && t < start + i128::from(SECONDS_PER_DAY));
        }
        prop_assert!(day_of(t.saturating_add(dt)) >= day);
    }

    /// Against a ledger of every fee by day (a clock step back counts on the last day, as
    /// documented): the trailing sum for any day from the last recorded one on is exactly
    /// the fees of the 30 days ending with it; nothing is lost while it is in the window,
    /// nothing outside it counts; and looking back before the last day never counts more
    /// than the window holds.
    #[test]
    fn the_trailing_sum_is_exactly_the_fees_of_the_last_thirty_days(
        start in 0u64..1u64 << 40,
        steps in proptest::collection::vec((day_step(), 0u128..1u128 << 100), 1..80),
        probe in 0u64..70,
        back in 0u64..40,
    ) {
        let (mut last, mut daily) = (0u64, [0u128; FEE_HISTORY_DAYS]);
        let mut ledger: BTreeMap<u64, u128> = BTreeMap::new();
        let mut day = start;
        for (step, amount) in steps {
            day = day.saturating_add_signed(step);
            record(&mut last, &mut daily, day, amount).unwrap();
            let counted_on = day.max(*ledger.keys().last().unwrap_or(&0));
            *ledger.entry(counted_on).or_default() += amount;
            prop_assert_eq!(last, counted_on);
        }
        let window = |today: u64, oldest: u64| -> u128 {
            ledger.range(oldest..=today).map(|(_, v)| *v).sum()
        };
        let today = last + probe;
        prop_assert_eq!(
            trailing_sum(last, &daily, today).unwrap(),
            window(today, today.saturating_sub(FEE_HISTORY_DAYS as u64 - 1))
        );
        // Every recorded fee is in the ring or older than the window: the ring holds exactly
        // the window ending with the last day.
        prop_assert_eq!(
            daily.iter().sum::<u128>(),
            window(last, last.saturating_sub(FEE_HISTORY_DAYS as u64 - 1))
        );
        // A day before the last one: what the ring still holds of its window, never more.
        let earlier = last.saturating_sub(back);
        let kept = earlier
            .saturating_sub(FEE_HISTORY_DAYS as u64 - 1)
            .max(last.saturating_sub(FEE_HISTORY_DAYS as u64 - 1));
        let got = trailing_sum(last, &daily, earlier).unwrap();
        prop_assert_eq!(got, if kept <= earlier { window(earlier, kept) } else { 0 });
        prop_assert!(got <= window(earlier, earlier.saturating_sub(FEE_HISTORY_DAYS as u64 - 1)));
    }

    /// A day's bucket refuses what would pass `u128::MAX` instead of wrapping, and the
    /// refusal leaves the day's total as it was.
    #[test]
    fn a_day_that_would_overflow_is_refused_and_keeps_its_total(
        first in any::<u128>(),
        second in any::<u128>(),
        day in 0u64..1u64 << 40,
    ) {
        let (mut last, mut daily) = (0u64, [0u128; FEE_HISTORY_DAYS]);
        record(&mut last, &mut daily, day, first).unwrap();
        let result = record(&mut last, &mut daily, day, second);
        match first.checked_add(second) {
            Some(total) => {
                prop_assert_eq!(result, Ok(()));
                prop_assert_eq!(trailing_sum(last, &daily, day).unwrap(), total);
            }
            None => {
                prop_assert_eq!(result, Err(MathError));
                prop_assert_eq!(trailing_sum(last, &daily, day).unwrap(), first);
            }
        }
    }
}
