//! A ring of daily fee volumes: enough to answer "fees over the trailing 30 days" from the
//! router's own records, with constant space and at most 30 steps per update.

use super::MathError;

/// Days kept, and the length of the trailing window.
pub const FEE_HISTORY_DAYS: usize = 30;
/// The window's length as a divisor.
const DAYS: u64 = FEE_HISTORY_DAYS as u64;
/// Days of the window before the current one.
const DAYS_BEFORE_TODAY: u64 = FEE_HISTORY_DAYS as u64 - 1;
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
    (day % DAYS) as usize
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
            daily[slot(day.saturating_sub(offset))].set(0);
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
    let window_start = today.saturating_sub(DAYS_BEFORE_TODAY);
    let kept_start = last_day.saturating_sub(DAYS_BEFORE_TODAY);
    let oldest = window_start.max(kept_start);
    let mut sum = 0u128;
    for day in oldest..=newest {
        sum = sum.checked_add(daily[slot(day)].get()).ok_or(MathError)?;
    }
    Ok(sum)
}
