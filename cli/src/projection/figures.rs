//! The figures a projection reports for a month, and their P10 / P50 / P90 over many runs.
use serde::Serialize;

/// Defines [`Figures`] from two lists of fields: amounts (base units) and rates.
macro_rules! figures {
    (amounts { $($(#[doc = $ad:literal])* $a:ident,)* } rates { $($(#[doc = $rd:literal])* $r:ident,)* }) => {
        /// One month's figures: amounts of type `A` (base units: `u64`, or a [`Band`] of them)
        /// and rates of type `R` (`Option<f64>`, `None` where the inputs do not give one).
        #[derive(Serialize, Clone, Debug, PartialEq)]
        pub struct Figures<A, R> {
            $($(#[doc = $ad])* pub $a: A,)*
            $($(#[doc = $rd])* pub $r: R,)*
        }

        impl<A, R> Figures<A, R> {
            /// The amounts' names, in output order.
            pub const AMOUNTS: &'static [&'static str] = &[$(stringify!($a)),*];
            /// The rates' names, in output order.
            pub const RATES: &'static [&'static str] = &[$(stringify!($r)),*];

            /// The amounts, in the order of [`Self::AMOUNTS`].
            pub fn amounts(&self) -> Vec<&A> {
                vec![$(&self.$a),*]
            }

            /// The rates, in the order of [`Self::RATES`].
            pub fn rates(&self) -> Vec<&R> {
                vec![$(&self.$r),*]
            }

            /// Each figure across `runs`, reduced by `amount` or `rate`.
            pub fn across<B, S>(
                runs: &[&Self],
                amount: impl Fn(Vec<&A>) -> B,
                rate: impl Fn(Vec<&R>) -> S,
            ) -> Figures<B, S> {
                Figures {
                    $($a: amount(runs.iter().map(|f| &f.$a).collect()),)*
                    $($r: rate(runs.iter().map(|f| &f.$r).collect()),)*
                }
            }
        }
    };
}

figures! {
    amounts {
        /// Fees distributed this month.
        fees,
        /// What `math::split::allocate` sent to each bucket (overflows included in buyback).
        buyback,
        stakers,
        insurance,
        discount,
        /// Taken first to lift the insurance fund toward its floor (part of `insurance`).
        insurance_topup,
        /// Insurance share above the cap, sent to buyback.
        insurance_overflow,
        /// Discount share above the discount cap, sent to buyback.
        discount_overflow,
        /// Staker share above the stakers' room (yield cap, or nothing staked), sent to buyback.
        stakers_overflow,
        /// Rewards the stream released above the yield cap or to no stake, sent on to buyback.
        stranded_to_buyback,
        /// What the stream released to the stakers during the month (the staker share without
        /// `--staked`).
        stakers_earned,
        /// Fee tokens the auction sold this month.
        fee_sold,
        /// Protocol tokens paid for them and burned this month (protocol base units).
        burned,
        /// Protocol tokens burned since the start.
        burned_total,
        /// The buyback vault at the month's end.
        buyback_fund,
        /// Paid from the insurance fund to the exchange's shortfall account this month.
        insurance_paid_out,
        /// The insurance fund at the month's end (after its distributions and payout).
        insurance_fund,
        /// Rebates paid from the discount vault this month.
        discount_spent,
        /// The discount vault at the month's end.
        discount_fund,
    }
    rates {
        /// The protocol token's price this month: fee tokens per protocol token.
        price,
        /// `burned_total` as a percentage of the supply at the start.
        burned_pct_of_supply,
        /// What the stakers earned in the month, a year of it (365 / 30 months), as a
        /// percentage of the staked tokens' value at this month's price.
        staker_apr_pct,
    }
}

/// The 10th, 50th and 90th percentiles of a figure over the runs (nearest rank).
#[derive(Serialize, Clone, Copy, Debug, PartialEq)]
pub struct Band<T> {
    pub p10: T,
    pub p50: T,
    pub p90: T,
}

/// The nearest-rank percentiles of already sorted values: the smallest value with at least
/// `q`% of the values at or below it.
fn nearest_rank<T: Copy>(sorted: &[T]) -> Option<Band<T>> {
    let n = sorted.len();
    let at = |q: usize| sorted.get((q * n).div_ceil(100).max(1) - 1).copied();
    Some(Band {
        p10: at(10)?,
        p50: at(50)?,
        p90: at(90)?,
    })
}

/// Percentiles of amounts.
pub fn band_u64(values: Vec<&u64>) -> Band<u64> {
    let mut v: Vec<u64> = values.into_iter().copied().collect();
    v.sort_unstable();
    nearest_rank(&v).unwrap_or(Band {
        p10: 0,
        p50: 0,
        p90: 0,
    })
}

/// Percentiles of rates; `None` when any run has none (the inputs gave no rate).
pub fn band_rate(values: Vec<&Option<f64>>) -> Band<Option<f64>> {
    let none = Band {
        p10: None,
        p50: None,
        p90: None,
    };
    let Some(mut v) = values.into_iter().copied().collect::<Option<Vec<f64>>>() else {
        return none;
    };
    v.sort_by(f64::total_cmp);
    nearest_rank(&v).map_or(none, |b| Band {
        p10: Some(b.p10),
        p50: Some(b.p50),
        p90: Some(b.p90),
    })
}

/// Percentiles of any ordered values (the stage, by its index).
pub fn band_of<T: Copy + Ord>(mut values: Vec<T>) -> Option<Band<T>> {
    values.sort_unstable();
    nearest_rank(&values)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nearest_rank_percentiles_of_ten_values_are_the_first_fifth_and_ninth() {
        let v: Vec<u64> = (1..=10).rev().collect();
        let b = band_u64(v.iter().collect());
        assert_eq!((b.p10, b.p50, b.p90), (1, 5, 9));
        let one = band_u64(vec![&7]);
        assert_eq!((one.p10, one.p50, one.p90), (7, 7, 7));
    }

    #[test]
    fn a_rate_missing_in_any_run_has_no_band() {
        assert_eq!(band_rate(vec![&Some(1.0), &None]).p50, None);
        assert_eq!(band_rate(vec![&Some(2.0), &Some(1.0)]).p10, Some(1.0));
    }
}
