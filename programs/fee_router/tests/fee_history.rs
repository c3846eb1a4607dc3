//! The trailing fee-history ring.
use fee_router::math::fee_history::*;
use fee_router::math::MathError;

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
