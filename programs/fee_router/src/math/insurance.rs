//! The insurance fund's payout allowance, as plain numbers.
//!
//! Payouts in a period are capped at a share of the fund as it stood when the period began,
//! so a series of payouts cannot compound past the cap: with the default 20% per 30 days, at
//! most a fifth of the fund can leave in any one period.
use super::{mul_div_floor_u64, MathError};

/// Basis points in a whole.
const BPS: u64 = 10_000;

/// A payout period: when it began, the fund then, and what it has paid.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Period {
    pub started_at: i64,
    pub fund_at_start: u64,
    pub paid: u64,
}

/// The period in force at `now`: `current` while it lasts (`period_seconds` from its start),
/// otherwise a new one starting now with the fund as it is (`fund_now`) and nothing paid.
pub fn period_at(current: Period, period_seconds: u64, fund_now: u64, now: i64) -> Period {
    let elapsed = u64::try_from(now.saturating_sub(current.started_at)).unwrap_or(0);
    if current.started_at != 0 && elapsed < period_seconds {
        current
    } else {
        Period {
            started_at: now,
            fund_at_start: fund_now,
            paid: 0,
        }
    }
}

/// What may still be paid out in `period`: `max_bps` of the fund at its start, rounded
/// down, less what it already paid.
pub fn allowance_floor(period: Period, max_bps: u64) -> Result<u64, MathError> {
    Ok(mul_div_floor_u64(period.fund_at_start, max_bps, BPS)?.saturating_sub(period.paid))
}
