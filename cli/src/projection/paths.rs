//! Monthly fee series: constant, growing by a rate a month, or read from a CSV file; and
//! random paths around one, drawn from a seeded generator (the same seed, the same paths).
use anyhow::{bail, Context as _, Result};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use crate::commands::intake::projection::{Mint, MintUnits};
use crate::units::Amount;

/// Where the monthly fees come from.
#[derive(Clone, Debug, PartialEq)]
pub enum FeeSource {
    /// The same amount every month.
    Constant(u64),
    /// `start` in the first month, then `bps` more (or less, when negative) each month.
    Growth { start: u64, bps: i32 },
    /// One amount a month, from a file.
    Series(Vec<u64>),
}

impl FeeSource {
    /// The first `months` amounts.
    pub fn months(&self, months: usize) -> Result<Vec<u64>> {
        match self {
            FeeSource::Constant(x) => Ok(vec![*x; months]),
            FeeSource::Growth { start, bps } => {
                let factor = 1.0 + f64::from(*bps) / 10_000.0;
                if factor < 0.0 {
                    bail!("a growth of {bps} bps a month is below -100%");
                }
                let mut level = *start as f64;
                let mut out = Vec::with_capacity(months);
                for k in 0..months {
                    // The first month is `start` exactly; `as` saturates at u64::MAX.
                    out.push(if k == 0 { *start } else { level as u64 });
                    level *= factor;
                }
                Ok(out)
            }
            FeeSource::Series(s) => {
                if s.len() < months {
                    bail!(
                        "the fee file has {} months of fees; {months} were asked for",
                        s.len()
                    );
                }
                Ok(s[..months].to_vec())
            }
        }
    }
}

/// Reads monthly fees from CSV text: one month a line, the amount in the last column, in
/// `u`'s fee units (tokens of the fee mint, or base units); blank lines, `#` comments and a
/// header line are skipped.
pub fn parse_fees_csv(text: &str, u: MintUnits) -> Result<Vec<u64>> {
    let mut out = vec![];
    for (n, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let cell = line.rsplit(',').next().unwrap_or(line).trim();
        match cell.parse::<Amount>() {
            Ok(x) => out.push(u.read(Mint::Fee, x, &format!("line {}: the fees", n + 1))?),
            // A header: the first line that is not a comment, when it is not a number.
            Err(_) if out.is_empty() && cell.chars().any(|c| c.is_ascii_alphabetic()) => {}
            Err(_) => bail!(
                "line {}: {cell:?} is not an amount of fees in {}",
                n + 1,
                match u.fee.decimals {
                    Some(_) => "fee tokens",
                    None => "base units",
                }
            ),
        }
    }
    if out.is_empty() {
        bail!("the fee file holds no monthly fees");
    }
    Ok(out)
}

/// Reads a fee file.
pub fn read_fees_csv(path: &std::path::Path, u: MintUnits) -> Result<Vec<u64>> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    parse_fees_csv(&text, u).with_context(|| format!("in {}", path.display()))
}

/// `runs` paths around `base`: each month's fees are the base times a random walk whose
/// monthly log-change is normal with standard deviation `volatility` and mean
/// `-volatility^2 / 2` (so the walk's expected level is the base). Seeded ChaCha8: the same
/// seed gives the same paths on every machine with IEEE-754 arithmetic.
pub fn random_paths(base: &[u64], runs: usize, volatility: f64, seed: u64) -> Vec<Vec<u64>> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let drift = -volatility * volatility / 2.0;
    (0..runs)
        .map(|_| {
            let mut level = 1.0f64;
            base.iter()
                .map(|&b| {
                    level *= (drift + volatility * standard_normal(&mut rng)).exp();
                    (b as f64 * level) as u64
                })
                .collect()
        })
        .collect()
}

/// A standard normal draw (Box–Muller).
fn standard_normal(rng: &mut impl Rng) -> f64 {
    let u1: f64 = 1.0 - rng.gen::<f64>();
    let u2: f64 = rng.gen();
    (-2.0 * u1.ln()).sqrt() * (std::f64::consts::TAU * u2).cos()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::units::AmountError;

    #[test]
    fn growth_compounds_from_the_first_month() {
        let g = FeeSource::Growth {
            start: 1_000,
            bps: 1_000,
        };
        assert_eq!(g.months(3).unwrap(), [1_000, 1_100, 1_210]);
    }

    #[test]
    fn a_csv_may_have_a_header_comments_and_a_month_column() {
        let text = "# fees\nmonth,fees\n1,100\n2, 200\n\n3,300\n";
        assert_eq!(
            parse_fees_csv(text, MintUnits::of(None, None, false)).unwrap(),
            [100, 200, 300]
        );
        assert!(parse_fees_csv("100\nabc\n", MintUnits::of(None, None, false)).is_err());
        assert!(parse_fees_csv("-5\n", MintUnits::of(None, None, false)).is_err());
    }

    #[test]
    fn a_csv_is_read_in_fee_tokens_when_the_decimals_are_given_exactly() {
        let text = "month,fees\n1,2.5\n2,0.000001\n3,7\n";
        assert_eq!(
            parse_fees_csv(text, MintUnits::of(Some(6), None, false)).unwrap(),
            [2_500_000, 1, 7_000_000]
        );
        let e = parse_fees_csv("1,0.0000001\n", MintUnits::of(Some(6), None, false)).unwrap_err();
        assert!(
            matches!(
                e.downcast_ref::<AmountError>(),
                Some(AmountError::TooManyDecimals { decimals: 6, .. })
            ),
            "{e:#}"
        );
        assert!(
            format!("{e:#}").starts_with("line 1: the fees (in fee tokens, 6 decimals): "),
            "{e:#}"
        );
        let e = parse_fees_csv("2.5\n", MintUnits::of(None, None, false)).unwrap_err();
        assert_eq!(
            e.downcast_ref::<AmountError>(),
            Some(&AmountError::FractionalWithoutDecimals {
                amount: "2.5".into(),
                flag: "--fee-decimals"
            }),
            "without the decimals, base units are whole: {e:#}"
        );
        let e = parse_fees_csv("2.5\n", MintUnits::of(Some(6), None, true)).unwrap_err();
        assert_eq!(
            e.downcast_ref::<AmountError>(),
            Some(&AmountError::FractionalBaseUnits("2.5".into())),
            "--base-units: {e:#}"
        );
    }

    #[test]
    fn the_same_seed_draws_the_same_paths_and_another_seed_others() {
        let base = [1_000_000u64; 12];
        let a = random_paths(&base, 5, 0.3, 7);
        assert_eq!(a, random_paths(&base, 5, 0.3, 7));
        assert_ne!(a, random_paths(&base, 5, 0.3, 8));
        assert_eq!(random_paths(&base, 2, 0.0, 7), vec![base.to_vec(); 2]);
    }
}
