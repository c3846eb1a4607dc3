//! A ring of daily fee volumes: enough to answer "fees over the trailing 30 days" from the
//! router's own records, with constant space and at most 30 steps per update.
use super::MathError;

/// Days kept, and the length of the trailing window.
pub const FEE_HISTORY_DAYS: usize = 30;
/// Seconds in a day.
pub const SECONDS_PER_DAY: u64 = 86_400;

/// The Unix day of a Unix timestamp; times before 1970 count as day 0. (Unsigned on purpose:
/// the SBF backend has no signed division.)
pub fn day_of(unix_timestamp: i64) -> u64 {
    u64::try_from(unix_timestamp).unwrap_or(0) / SECONDS_PER_DAY
}

/// A day's bucket: anything that holds a u128 (the program stores it as two u64 halves).
pub trait DayBucket {
    fn get(&self) -> u128;
    fn set(&mut self, value: u128);
}

impl DayBucket for u128 {
    fn get(&self) -> u128 {
        *self
    }
    fn set(&mut self, value: u128) {
        *self = value;
    }
}

fn slot(day: u64) -> usize {
    (day % FEE_HISTORY_DAYS as u64) as usize
}

/// Adds `amount` to `day`'s bucket, first clearing the buckets of the days since `last_day`.
/// A day before `last_day` (a clock that stepped back) counts on `last_day`.
pub fn record<B: DayBucket>(
    last_day: &mut u64,
    daily: &mut [B; FEE_HISTORY_DAYS],
    day: u64,
    amount: u128,
) -> Result<(), MathError> {
    if day > *last_day {
        let gap = day.saturating_sub(*last_day).min(FEE_HISTORY_DAYS as u64);
        for offset in 0..gap {
            daily[slot(day - offset)].set(0);
        }
        *last_day = day;
    }
    let bucket = &mut daily[slot(*last_day)];
    bucket.set(bucket.get().checked_add(amount).ok_or(MathError)?);
    Ok(())
}

/// Fees recorded on the `FEE_HISTORY_DAYS` days ending with `today` (inclusive).
pub fn trailing_sum<B: DayBucket>(
    last_day: u64,
    daily: &[B; FEE_HISTORY_DAYS],
    today: u64,
) -> Result<u128, MathError> {
    let newest = today.min(last_day);
    let window_start = today.saturating_sub(FEE_HISTORY_DAYS as u64 - 1);
    let kept_start = last_day.saturating_sub(FEE_HISTORY_DAYS as u64 - 1);
    let oldest = window_start.max(kept_start);
    let mut sum = 0u128;
    let mut day = oldest;
    while day <= newest {
        sum = sum.checked_add(daily[slot(day)].get()).ok_or(MathError)?;
        day += 1;
    }
    Ok(sum)
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
