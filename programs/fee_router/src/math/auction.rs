//! The buyback's Dutch auction, as plain numbers.
//!
//! Prices are protocol-token base units asked per fee-token base unit, times [`PRICE_SCALE`].
//! Within an epoch the price falls linearly from the epoch's start price to the floor, reached
//! at the epoch's end, and never goes below it.
//!
//! An epoch ends when it has sold out: when a purchase takes the rest of its cap, or the rest
//! of the vault. The next starts at the price paid times the multiplier, clamped to the
//! start-price bounds. Any other purchase leaves the epoch, its id and its curve as they were:
//! no purchase, of any size, raises the price at which the rest is offered, and a buyer who
//! priced against the epoch is not made stale by someone else's smaller purchase. The rolling
//! day's cap only pauses an epoch: the window frees earlier purchases hour by hour, so a unit it
//! frees (a griefer's own dust of 25 hours before) can be the whole lot on offer, and taking it
//! must not restart the price while the vault and the epoch's cap still hold more.
//!
//! An epoch that ends before it sold out rolls into the next at the floor, with a fresh cap:
//! the auction keeps offering at the floor, epoch after epoch, until a purchase sells an epoch
//! out and starts the curve again.
use super::{div_rem_u128_by_u64, MathError};

/// Scale of a price: protocol base units per fee base unit, times 1e9.
pub const PRICE_SCALE: u64 = 1_000_000_000;
/// Basis points in a whole.
const BPS: u64 = 10_000;

/// The price at `now` of an epoch that started at `started_at` at `start_price`: linear
/// from `start_price` down to `floor` over `epoch_seconds`, never below `floor`, rounded up
/// (in the protocol's favour).
pub fn price_at(
    start_price: u64,
    floor: u64,
    started_at: i64,
    epoch_seconds: u64,
    now: i64,
) -> u64 {
    if start_price <= floor {
        return floor;
    }
    let elapsed = u64::try_from(now.saturating_sub(started_at)).unwrap_or(0);
    if elapsed >= epoch_seconds || epoch_seconds == 0 {
        return floor;
    }
    let range = start_price.saturating_sub(floor);
    // range * elapsed / epoch_seconds, rounded down, so the price is rounded up.
    let drop = super::mul_div_floor_u64(range, elapsed, epoch_seconds).unwrap_or(range);
    start_price.saturating_sub(drop).max(floor)
}

/// An epoch: its id, when it started, its start price and what it has sold.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Epoch {
    pub id: u64,
    pub started_at: i64,
    pub start_price: u64,
    /// Fee base units sold in this epoch so far (counted against the epoch's cap).
    pub sold: u64,
}

impl Epoch {
    /// What the epoch's cap still allows: `epoch_cap - sold`, and never less than 0.
    pub fn cap_left(&self, epoch_cap: u64) -> u64 {
        epoch_cap.saturating_sub(self.sold)
    }
}

/// The epoch in force at `now`: `current` if it has not ended, otherwise the epoch after as
/// many whole epochs as passed without selling out, starting (and staying) at `floor`, with
/// nothing sold.
pub fn epoch_at(current: Epoch, epoch_seconds: u64, floor: u64, now: i64) -> Epoch {
    let elapsed = u64::try_from(now.saturating_sub(current.started_at)).unwrap_or(0);
    if epoch_seconds == 0 || elapsed < epoch_seconds {
        return current;
    }
    let passed = elapsed.checked_div(epoch_seconds).unwrap_or(0);
    let advance = i64::try_from(passed.saturating_mul(epoch_seconds)).unwrap_or(i64::MAX);
    Epoch {
        id: current.id.saturating_add(passed),
        started_at: current.started_at.saturating_add(advance),
        start_price: floor,
        sold: 0,
    }
}

/// The governed rule for an epoch's start price after a sell-out.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Restart {
    /// The price paid times this, in basis points.
    pub multiplier_bps: u64,
    /// The bounds the start price is clamped to.
    pub min_start: u64,
    pub max_start: u64,
}

/// What `epoch` could still sell from a vault holding `vault`, leaving the day's cap aside:
/// the vault within what the epoch's cap still allows. A purchase of all of it sells the
/// epoch out.
pub fn unsold(epoch: &Epoch, vault: u64, epoch_cap: u64) -> u64 {
    vault.min(epoch.cap_left(epoch_cap))
}

/// The epoch after a purchase of `bought` at `price` at `now`, out of the `unsold` the epoch
/// could still sell (see [`unsold`]; the lot on offer, which the day's cap may make smaller,
/// is never more).
///
/// A purchase that leaves the epoch something to sell only adds to what it sold: its id,
/// start and start price stay, so the rest is offered on the same curve and a buyer who named
/// the epoch is not made stale. The purchase that takes all of it sells the epoch out: the
/// next (id + 1) starts at `now` at the price paid times the multiplier (see
/// [`next_start_price`]), with nothing sold. Buying more than `unsold` is an error.
pub fn epoch_after_purchase(
    epoch: Epoch,
    bought: u64,
    unsold: u64,
    price: u64,
    restart: Restart,
    now: i64,
) -> Result<Epoch, MathError> {
    if bought > unsold {
        return Err(MathError);
    }
    if bought < unsold {
        return Ok(Epoch {
            sold: epoch.sold.checked_add(bought).ok_or(MathError)?,
            ..epoch
        });
    }
    Ok(Epoch {
        id: epoch.id.checked_add(1).ok_or(MathError)?,
        started_at: now,
        start_price: next_start_price(
            price,
            restart.multiplier_bps,
            restart.min_start,
            restart.max_start,
        ),
        sold: 0,
    })
}

/// The start price of the epoch after a purchase at `price_paid`: times `multiplier_bps`,
/// clamped to `[min_start, max_start]`.
pub fn next_start_price(
    price_paid: u64,
    multiplier_bps: u64,
    min_start: u64,
    max_start: u64,
) -> u64 {
    let raised = super::mul_div_floor_u64(price_paid, multiplier_bps, BPS).unwrap_or(u64::MAX);
    raised.clamp(min_start, max_start.max(min_start))
}

/// The fee tokens on offer: the vault's balance within the caps left (the epoch's, see
/// [`Epoch::cap_left`], and the rolling day's).
pub fn lot(vault: u64, epoch_cap_left: u64, day_cap_left: u64) -> u64 {
    vault.min(epoch_cap_left).min(day_cap_left)
}

/// What `amount` fee base units cost at `price`, in protocol base units, rounded up: never
/// less than `amount * price / PRICE_SCALE`.
pub fn payment_ceil(amount: u64, price: u64) -> Result<u64, MathError> {
    let product = u128::from(amount)
        .checked_mul(u128::from(price))
        .ok_or(MathError)?;
    let (q, r) = div_rem_u128_by_u64(product, PRICE_SCALE).ok_or(MathError)?;
    let q = if r > 0 {
        q.checked_add(1).ok_or(MathError)?
    } else {
        q
    };
    u64::try_from(q).map_err(|_| MathError)
}

/// Hourly buckets of the daily cap's window: the current hour and the 24 before it, so the
/// window always covers at least a full day and no 24 hours ever sell more than the cap.
pub const DAY_HOURS: usize = 25;

/// The hour of a Unix time (times before 1970 count as hour 0).
pub fn hour_of(unix_timestamp: i64) -> u64 {
    u64::try_from(unix_timestamp).unwrap_or(0) / 3_600
}

/// The window's length as a divisor.
const HOURS: u64 = DAY_HOURS as u64;
/// Hours of the window before the current one.
const HOURS_BEFORE: u64 = DAY_HOURS as u64 - 1;

fn hour_slot(hour: u64) -> usize {
    (hour % HOURS) as usize
}

/// Adds `amount` sold at hour `hour` to the ring, first clearing the hours since `last_hour`.
pub fn record_sale(
    last_hour: &mut u64,
    hourly: &mut [u64; DAY_HOURS],
    hour: u64,
    amount: u64,
) -> Result<(), MathError> {
    if hour > *last_hour {
        let gap = hour.saturating_sub(*last_hour).min(DAY_HOURS as u64);
        for offset in 0..gap {
            hourly[hour_slot(hour.saturating_sub(offset))] = 0;
        }
        *last_hour = hour;
    }
    let slot = &mut hourly[hour_slot(*last_hour)];
    *slot = slot.checked_add(amount).ok_or(MathError)?;
    Ok(())
}

/// Sold over the window ending with hour `now_hour` (inclusive): the 25 hours `now_hour - 24`
/// through `now_hour`.
pub fn sold_in_day(last_hour: u64, hourly: &[u64; DAY_HOURS], now_hour: u64) -> u64 {
    let newest = now_hour.min(last_hour);
    let oldest = now_hour
        .saturating_sub(HOURS_BEFORE)
        .max(last_hour.saturating_sub(HOURS_BEFORE));
    (oldest..=newest).fold(0u64, |acc, h| acc.saturating_add(hourly[hour_slot(h)]))
}
