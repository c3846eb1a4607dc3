//! The stakers' yield now, and with more stake: what the reward stream pays a year per staked
//! token at its current rate, spread over the active stake, within the yield cap. It is the
//! program's own release rule read as a rate (`fee_router::math::staking`): stakers receive
//! the smaller of what the stream releases and the cap's rate on the active stake.
//!
//! Yields are in the yield cap's scale (fee-token base units per protocol-token base unit per
//! year, times 1e12), so they compare with the cap directly; [`Yield::tokens`] reads one as
//! fee tokens per protocol token a year, and with a price as an APR in percent.
use fee_router::math::staking::{NO_YIELD_CAP, SECONDS_PER_YEAR, YIELD_CAP_SCALE};
use rust_decimal::Decimal;
use serde::Serialize;

/// The stream as the yield reads it: what it still holds and until when.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StreamNow {
    /// Base units not yet released (after releasing up to `now`).
    pub remaining: u64,
    pub end: i64,
    pub now: i64,
    /// The yield cap (scaled); [`NO_YIELD_CAP`] for none.
    pub cap_scaled: u64,
}

/// One yield figure.
#[derive(Serialize, Debug, Clone, Copy, PartialEq, Eq)]
pub struct Yield {
    /// Fee-token base units per protocol-token base unit per year, times 1e12 (the yield
    /// cap's scale), rounded down; a decimal string in JSON (it is a u128).
    #[serde(serialize_with = "as_string")]
    pub scaled: u128,
    /// Whether the yield cap holds it down (the stream releases more than the cap lets
    /// stakers take; the rest goes to buyback).
    pub capped: bool,
    /// The active stake it is spread over, in protocol base units.
    pub active: u64,
}

fn as_string<S: serde::Serializer>(v: &u128, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&v.to_string())
}

impl StreamNow {
    /// The yield on `active` stake (`None` when nothing would be staked: there is no rate per
    /// token then, and what the stream releases is stranded for buyback).
    pub fn yield_on(&self, active: u64) -> Option<Yield> {
        if active == 0 {
            return None;
        }
        let span = u128::try_from(self.end.saturating_sub(self.now)).unwrap_or(0);
        let stream = if span == 0 || self.remaining == 0 {
            0
        } else {
            // remaining * year * scale / (span * active), rounded down; past u128 the
            // division comes first (a yield that large is far beyond any cap).
            let per_year = u128::from(self.remaining) * SECONDS_PER_YEAR;
            let denominator = span * u128::from(active);
            per_year
                .checked_mul(YIELD_CAP_SCALE)
                .map(|n| n / denominator)
                .unwrap_or_else(|| (per_year / denominator).saturating_mul(YIELD_CAP_SCALE))
        };
        let cap = if self.cap_scaled == NO_YIELD_CAP {
            u128::MAX
        } else {
            u128::from(self.cap_scaled)
        };
        Some(Yield {
            scaled: stream.min(cap),
            capped: stream > cap,
            active,
        })
    }
}

impl Yield {
    /// Fee tokens per protocol token a year, to six significant digits.
    pub fn tokens(&self, fee_decimals: u8, protocol_decimals: u8) -> Decimal {
        // scaled / 1e12 fee base units per protocol base unit; a protocol token is
        // 10^protocol_decimals base units, a fee token 10^fee_decimals.
        crate::units::decimal_of(
            self.scaled,
            12 + i64::from(fee_decimals) - i64::from(protocol_decimals),
        )
    }

    /// The APR in percent when a protocol token is worth `price` fee tokens.
    pub fn apr_pct(
        &self,
        fee_decimals: u8,
        protocol_decimals: u8,
        price: Decimal,
    ) -> Option<Decimal> {
        if price.is_zero() {
            return None;
        }
        let pct = self
            .tokens(fee_decimals, protocol_decimals)
            .checked_mul(Decimal::ONE_HUNDRED)?
            .checked_div(price)?;
        Some(pct.round_dp(2).normalize())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const YEAR: i64 = 365 * 86_400;

    fn stream(remaining: u64, seconds_left: i64, cap_scaled: u64) -> StreamNow {
        StreamNow {
            remaining,
            end: 1_000 + seconds_left,
            now: 1_000,
            cap_scaled,
        }
    }

    #[test]
    fn the_yield_is_the_stream_rate_over_the_active_stake() {
        // 1,000 fee base units over a year, on 1,000 protocol base units: 1 per unit a year.
        let y = stream(1_000, YEAR, NO_YIELD_CAP).yield_on(1_000).unwrap();
        assert_eq!(y.scaled, YIELD_CAP_SCALE);
        assert!(!y.capped);
        // Twice the stake, half the yield; a stream over a week runs 52 times faster.
        assert_eq!(
            stream(1_000, YEAR, NO_YIELD_CAP)
                .yield_on(2_000)
                .unwrap()
                .scaled,
            YIELD_CAP_SCALE / 2
        );
        assert_eq!(
            stream(1_000, 7 * 86_400, NO_YIELD_CAP)
                .yield_on(1_000)
                .unwrap()
                .scaled,
            YIELD_CAP_SCALE * 365 / 7
        );
    }

    #[test]
    fn the_yield_cap_bounds_the_yield_and_says_so() {
        let s = stream(1_000, YEAR, 400_000_000_000); // a cap of 0.4 per unit a year
        let y = s.yield_on(1_000).unwrap();
        assert_eq!((y.scaled, y.capped), (400_000_000_000, true));
        // More stake dilutes the stream below the cap: 1,000 over 4,000 is 0.25.
        let y = s.yield_on(4_000).unwrap();
        assert_eq!((y.scaled, y.capped), (250_000_000_000, false));
    }

    #[test]
    fn no_stream_or_no_stake_yields_nothing() {
        assert_eq!(
            stream(0, YEAR, NO_YIELD_CAP)
                .yield_on(1_000)
                .unwrap()
                .scaled,
            0
        );
        assert_eq!(
            stream(1_000, 0, NO_YIELD_CAP)
                .yield_on(1_000)
                .unwrap()
                .scaled,
            0
        );
        assert_eq!(stream(1_000, YEAR, NO_YIELD_CAP).yield_on(0), None);
    }

    #[test]
    fn extreme_streams_do_not_overflow() {
        let y = stream(u64::MAX, 1, NO_YIELD_CAP).yield_on(1).unwrap();
        assert!(y.scaled > u128::from(u64::MAX) * SECONDS_PER_YEAR);
        assert!(y.tokens(0, 9) > Decimal::ZERO);
        let capped = stream(u64::MAX, 1, u64::MAX - 1).yield_on(1).unwrap();
        assert_eq!(
            (capped.scaled, capped.capped),
            (u128::from(u64::MAX - 1), true)
        );
    }

    #[test]
    fn yields_read_as_tokens_and_as_an_apr_with_a_price() {
        // 3 fee tokens (6 decimals) a week over 1,000 protocol tokens (9 decimals).
        let y = stream(3_000_000, 7 * 86_400, NO_YIELD_CAP)
            .yield_on(1_000_000_000_000)
            .unwrap();
        // 3 * 365 / 7 / 1000 = 0.156428571... fee tokens per protocol token a year.
        assert_eq!(y.tokens(6, 9).to_string(), "0.156429");
        // At 2 fee tokens per protocol token: 7.82 %.
        assert_eq!(y.apr_pct(6, 9, Decimal::TWO).unwrap().to_string(), "7.82");
        assert_eq!(y.apr_pct(6, 9, Decimal::ZERO), None);
    }
}
