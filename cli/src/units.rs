//! Amounts and times as a person reads them: token units with the mint's decimals (`1.5` on a
//! 6-decimal mint is 1,500,000 base units), UTC dates with the time left or gone, and `none`
//! for a limit that is not set. `--base-units` takes and prints raw base units instead; JSON
//! always carries base units and Unix seconds.
use std::fmt;
use std::str::FromStr;

use chrono::DateTime;
use rust_decimal::Decimal;

/// An amount as typed on the command line: token units of the mint it is paid in, or base
/// units with `--base-units`. Only its form is checked when it is parsed; the mint's decimals
/// (read from the chain) turn it into base units, exactly or not at all.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Amount(Decimal);

/// Why an amount cannot be taken.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AmountError {
    /// Not a plain decimal number (`abc`, `1e5`, `1,5`, `-1`, empty).
    NotANumber(String),
    /// More decimal places than the mint has: it would have to be rounded, and is not.
    TooManyDecimals {
        amount: String,
        decimals: u8,
        smallest: String,
    },
    /// A fraction where base units are asked for.
    FractionalBaseUnits(String),
    /// A fraction where the mint's decimals are not known, so base units are asked for
    /// (`simulate` without `--fee-decimals`): `flag` is what gives them.
    FractionalWithoutDecimals { amount: String, flag: &'static str },
    /// More base units than a token account can hold (u64).
    TooLarge { amount: String, base_units: bool },
}

impl fmt::Display for AmountError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NotANumber(s) => write!(
                f,
                "{s:?} is not an amount: give a number of tokens such as 1.5 (or whole base \
                 units with --base-units)"
            ),
            Self::TooManyDecimals {
                amount,
                decimals,
                smallest,
            } => write!(
                f,
                "{amount} has more decimal places than the mint's {decimals}: the smallest \
                 amount is {smallest}, and amounts are never rounded"
            ),
            Self::FractionalBaseUnits(s) => write!(
                f,
                "{s} is not a whole number of base units (--base-units takes whole base units; \
                 without it, amounts are in tokens)"
            ),
            Self::FractionalWithoutDecimals { amount, flag } => write!(
                f,
                "{amount} is not a whole number of base units: without {flag}, amounts are in \
                 base units (give {flag} to type tokens)"
            ),
            Self::TooLarge { amount, base_units } => write!(
                f,
                "{amount}{} is more than a token account can hold ({} base units)",
                if *base_units {
                    " base units"
                } else {
                    " tokens"
                },
                u64::MAX
            ),
        }
    }
}

impl std::error::Error for AmountError {}

impl FromStr for Amount {
    type Err = AmountError;

    /// Digits with at most one decimal point (`1`, `1.5`, `.5`, `2.`); no sign, exponent,
    /// separator or blank.
    fn from_str(s: &str) -> Result<Self, AmountError> {
        let not_a_number = || AmountError::NotANumber(s.to_string());
        let (whole, fraction) = s.split_once('.').unwrap_or((s, ""));
        let digits = |p: &str| p.bytes().all(|b| b.is_ascii_digit());
        if whole.is_empty() && fraction.is_empty() || !digits(whole) || !digits(fraction) {
            return Err(not_a_number());
        }
        // Trailing zeros of the fraction say nothing; what is left must fit the decimal type
        // (28 places), which no mint's decimals exceed in practice.
        let fraction = fraction.trim_end_matches('0');
        let whole = whole.trim_start_matches('0');
        let canonical = match (whole.is_empty(), fraction.is_empty()) {
            (true, true) => "0".to_string(),
            (_, true) => whole.to_string(),
            (true, false) => format!("0.{fraction}"),
            (false, false) => format!("{whole}.{fraction}"),
        };
        match Decimal::from_str_exact(&canonical) {
            Ok(d) => Ok(Self(d.normalize())),
            Err(rust_decimal::Error::Underflow) => Err(AmountError::TooManyDecimals {
                amount: s.to_string(),
                decimals: 28,
                smallest: "0.0000000000000000000000000001".into(),
            }),
            Err(_) => Err(AmountError::TooLarge {
                amount: s.to_string(),
                base_units: false,
            }),
        }
    }
}

impl fmt::Display for Amount {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

impl Amount {
    /// The number as typed (tokens, or base units with `--base-units`).
    pub fn decimal(self) -> Decimal {
        self.0
    }

    /// The amount in base units of a mint with `decimals`; `base_units` when it was given in
    /// base units already (`--base-units`).
    pub fn to_base_units(self, decimals: u8, base_units: bool) -> Result<u64, AmountError> {
        let text = self.0.to_string();
        let scale = self.0.scale();
        let mantissa =
            u128::try_from(self.0.mantissa()).map_err(|_| AmountError::NotANumber(text.clone()))?;
        let too_large = || AmountError::TooLarge {
            amount: text.clone(),
            base_units,
        };
        if base_units {
            if scale != 0 {
                return Err(AmountError::FractionalBaseUnits(text));
            }
            return u64::try_from(mantissa).map_err(|_| too_large());
        }
        if scale > u32::from(decimals) {
            return Err(AmountError::TooManyDecimals {
                amount: text,
                decimals,
                smallest: tokens(1, decimals),
            });
        }
        if mantissa == 0 {
            return Ok(0);
        }
        10u128
            .checked_pow(u32::from(decimals) - scale)
            .and_then(|unit| mantissa.checked_mul(unit))
            .and_then(|n| u64::try_from(n).ok())
            .ok_or_else(too_large)
    }
}

/// `amount` base units in tokens of a mint with `decimals`, exactly, without trailing zeros
/// (`1500000`, 6: `1.5`). Past the decimal type's 28 places, base units with their name.
pub fn tokens(amount: u64, decimals: u8) -> String {
    match Decimal::try_from_i128_with_scale(i128::from(amount), u32::from(decimals)) {
        Ok(d) => d.normalize().to_string(),
        Err(_) => format!("{amount} base units"),
    }
}

/// `amount` base units in tokens of a mint with `decimals` as a person reads a figure in a
/// table: thousands separated, from one token up whole or to two decimal places, below it to
/// four significant digits (`266332258532`, 6: `266,332.26`; `1800000`, 6: `1.80`; `3600`,
/// 6: `0.0036`). Exact when the
/// mint has two decimals or fewer; `--json` keeps the exact base units.
pub fn readable(amount: u64, decimals: u8) -> String {
    let Ok(d) = Decimal::try_from_i128_with_scale(i128::from(amount), u32::from(decimals)) else {
        return format!("{amount} base units");
    };
    let text = if d >= Decimal::ONE {
        let mut cents =
            d.round_dp_with_strategy(2, rust_decimal::RoundingStrategy::MidpointAwayFromZero);
        if cents.fract().is_zero() {
            cents = cents.normalize();
        } else {
            // A column of figures reads best with its cents in two places.
            cents.rescale(2);
        }
        cents.to_string()
    } else {
        d.round_sf(4).unwrap_or(d).normalize().to_string()
    };
    let (whole, fraction) = text.split_once('.').unwrap_or((&text, ""));
    let mut grouped = String::with_capacity(whole.len() + whole.len() / 3);
    for (i, c) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    if fraction.is_empty() {
        grouped
    } else {
        format!("{grouped}.{fraction}")
    }
}

/// `mantissa * 10^-scale` as a decimal, to six significant digits; a scale outside what
/// the decimal type holds drops digits (or saturates at its largest value).
pub fn decimal_of(mut mantissa: u128, mut scale: i64) -> Decimal {
    while scale < 0 {
        mantissa = mantissa.saturating_mul(10);
        scale += 1;
    }
    while scale > 28 || mantissa >= 1 << 96 {
        mantissa /= 10;
        scale -= 1;
    }
    let exact = u32::try_from(scale)
        .ok()
        .zip(i128::try_from(mantissa).ok())
        .and_then(|(e, m)| Decimal::try_from_i128_with_scale(m, e).ok())
        .unwrap_or(Decimal::MAX);
    exact.round_sf(6).unwrap_or(exact).normalize()
}

/// How amounts of one mint are printed: in its tokens, or in base units (`--base-units`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Units {
    /// The mint's decimals; `None` prints base units.
    pub decimals: Option<u8>,
}

impl Units {
    /// Tokens of a mint with `decimals`.
    pub fn tokens(decimals: u8) -> Self {
        Self {
            decimals: Some(decimals),
        }
    }

    /// Base units, as they are.
    pub const BASE: Self = Self { decimals: None };

    /// `amount` as this prints it.
    pub fn show(&self, amount: u64) -> String {
        match self.decimals {
            Some(d) => tokens(amount, d),
            None => amount.to_string(),
        }
    }

    /// `amount` as this prints it, or `none` for a limit that is not set (`u64::MAX`).
    pub fn limit(&self, amount: u64) -> String {
        if amount == u64::MAX {
            "none".into()
        } else {
            self.show(amount)
        }
    }

    /// `amount` (typed in these units) in base units: tokens exactly with the mint's
    /// decimals, or whole base units. Never rounded.
    pub fn read(&self, amount: Amount) -> Result<u64, AmountError> {
        match self.decimals {
            Some(d) => amount.to_base_units(d, false),
            None => amount.to_base_units(0, true),
        }
    }

    /// `amount` as a large figure in a table reads: [`readable`] tokens, or base units as
    /// they are.
    pub fn readable(&self, amount: u64) -> String {
        match self.decimals {
            Some(d) => readable(amount, d),
            None => amount.to_string(),
        }
    }

    /// A u128 total (a decimal string, as the reports keep them).
    pub fn show_total(&self, total: &str) -> String {
        let Some(d) = self.decimals else {
            return total.to_string();
        };
        total
            .parse::<i128>()
            .ok()
            .and_then(|n| Decimal::try_from_i128_with_scale(n, u32::from(d)).ok())
            .map_or_else(
                || format!("{total} base units"),
                |x| x.normalize().to_string(),
            )
    }
}

/// A span of seconds in its two largest units: `6 d 23 h`, `5 min 3 s`, `45 s`.
pub fn span(seconds: u64) -> String {
    const UNITS: [(u64, &str); 4] = [(86_400, "d"), (3_600, "h"), (60, "min"), (1, "s")];
    if seconds == 0 {
        return "0 s".into();
    }
    let mut left = seconds;
    let mut parts = vec![];
    for (size, name) in UNITS {
        let n = left / size;
        if n > 0 {
            parts.push(format!("{n} {name}"));
            left %= size;
        } else if !parts.is_empty() {
            // Two adjacent units only: `1 d 0 h` would be noise, `1 d 5 min` misleading.
            break;
        }
        if parts.len() == 2 {
            break;
        }
    }
    parts.join(" ")
}

/// Unix time `t` as a UTC date, to the minute: `2026-12-04 15:42 UTC`.
pub fn date(t: i64) -> String {
    DateTime::from_timestamp(t, 0).map_or_else(
        || format!("Unix time {t}"),
        |d| d.format("%Y-%m-%d %H:%M UTC").to_string(),
    )
}

/// Unix time `t` as a date with how far it is from `now` (the cluster's clock):
/// `2026-12-04 15:42 UTC, in 6 d 23 h`, `... , 3 h 5 min ago`, `..., now`.
pub fn when(t: i64, now: i64) -> String {
    let gap = t.abs_diff(now);
    let relative = match t.cmp(&now) {
        std::cmp::Ordering::Greater => format!("in {}", span(gap)),
        std::cmp::Ordering::Less => format!("{} ago", span(gap)),
        std::cmp::Ordering::Equal => "now".into(),
    };
    format!("{}, {relative}", date(t))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn base(s: &str, decimals: u8) -> Result<u64, AmountError> {
        s.parse::<Amount>()?.to_base_units(decimals, false)
    }

    #[test]
    fn token_amounts_become_exact_base_units() {
        assert_eq!(base("1.5", 6), Ok(1_500_000));
        assert_eq!(base("1", 9), Ok(1_000_000_000));
        assert_eq!(base(".5", 1), Ok(5));
        assert_eq!(base("2.", 2), Ok(200));
        assert_eq!(base("0.000001", 6), Ok(1));
        assert_eq!(
            base("1.500000000", 6),
            Ok(1_500_000),
            "trailing zeros say nothing"
        );
        assert_eq!(base("007", 0), Ok(7));
        assert_eq!(base("0", 6), Ok(0));
        assert_eq!(base("18446744073709.551615", 6), Ok(u64::MAX));
        assert_eq!(base("18446744073709551615", 0), Ok(u64::MAX));
    }

    #[test]
    fn an_amount_finer_than_the_mint_is_refused_never_rounded() {
        assert_eq!(
            base("1.0000001", 6),
            Err(AmountError::TooManyDecimals {
                amount: "1.0000001".into(),
                decimals: 6,
                smallest: "0.000001".into()
            })
        );
        assert!(matches!(
            base("0.5", 0),
            Err(AmountError::TooManyDecimals { decimals: 0, .. })
        ));
        let e = base("1.0000001", 6).unwrap_err().to_string();
        assert!(e.contains("more decimal places than the mint's 6"), "{e}");
        assert!(e.contains("never rounded"), "{e}");
    }

    #[test]
    fn amounts_past_u64_are_too_large() {
        assert!(matches!(
            base("18446744073709.551616", 6),
            Err(AmountError::TooLarge { .. })
        ));
        assert!(matches!(
            base("18446744073709551616", 0),
            Err(AmountError::TooLarge { .. })
        ));
        assert!(matches!(base("1", 40), Err(AmountError::TooLarge { .. })));
        assert!(matches!(
            base(&"9".repeat(40), 0),
            Err(AmountError::TooLarge { .. })
        ));
    }

    #[test]
    fn base_units_are_whole_and_taken_as_they_are() {
        let raw = |s: &str| s.parse::<Amount>().unwrap().to_base_units(6, true);
        assert_eq!(raw("1500000"), Ok(1_500_000));
        assert_eq!(raw("18446744073709551615"), Ok(u64::MAX));
        assert_eq!(
            raw("1.5"),
            Err(AmountError::FractionalBaseUnits("1.5".into()))
        );
        assert_eq!(raw("1.0"), Ok(1), "1.0 is the whole number 1");
        assert!(matches!(
            raw("18446744073709551616"),
            Err(AmountError::TooLarge {
                base_units: true,
                ..
            })
        ));
    }

    #[test]
    fn what_is_not_a_plain_number_does_not_parse() {
        for bad in [
            "", ".", "-1", "+1", "1e5", "1,5", "1.2.3", " 1", "1 ", "abc", "0x10", "1_000", "NaN",
            "inf",
        ] {
            assert_eq!(
                bad.parse::<Amount>(),
                Err(AmountError::NotANumber(bad.to_string())),
                "{bad:?}"
            );
        }
    }

    #[test]
    fn tokens_print_with_the_mints_decimals() {
        assert_eq!(tokens(1_500_000, 6), "1.5");
        assert_eq!(tokens(2_000_000_000, 9), "2");
        assert_eq!(tokens(1, 9), "0.000000001");
        assert_eq!(tokens(0, 6), "0");
        assert_eq!(tokens(u64::MAX, 0), u64::MAX.to_string());
        assert_eq!(tokens(u64::MAX, 6), "18446744073709.551615");
        assert_eq!(tokens(5, 30), "5 base units");
        for (n, d) in [(1u64, 6u8), (123_456_789, 4), (u64::MAX, 9), (10, 1)] {
            assert_eq!(
                base(&tokens(n, d), d),
                Ok(n),
                "printed amounts read back exactly"
            );
        }
    }

    #[test]
    fn table_figures_are_thousands_separated_and_rounded_for_reading() {
        assert_eq!(readable(266_332_258_532, 6), "266,332.26");
        assert_eq!(readable(202_138_362_515, 6), "202,138.36");
        assert_eq!(readable(10_000_000_000_000, 6), "10,000,000");
        assert_eq!(
            readable(1_005_000, 6),
            "1.01",
            "half a cent rounds away from zero"
        );
        assert_eq!(readable(1_800_000, 6), "1.80", "cents in two places");
        assert_eq!(readable(2_000_001, 6), "2", "a whole number of cents");
        assert_eq!(readable(999_999, 6), "1", "four significant digits");
        assert_eq!(readable(3_600, 6), "0.0036");
        assert_eq!(
            readable(123_456, 9),
            "0.0001235",
            "four significant digits below one"
        );
        assert_eq!(readable(0, 6), "0");
        assert_eq!(readable(u64::MAX, 0), "18,446,744,073,709,551,615");
        assert_eq!(readable(123_456, 2), "1,234.56", "exact at two decimals");
        assert_eq!(readable(100, 0), "100");
        assert_eq!(readable(1_000, 0), "1,000");
        assert_eq!(readable(5, 30), "5 base units");
        assert_eq!(Units::BASE.readable(266_332_258_532), "266332258532");
        assert_eq!(Units::tokens(6).readable(1_500_000), "1.50");
    }

    #[test]
    fn units_read_tokens_exactly_or_whole_base_units() {
        let a = |s: &str| s.parse::<Amount>().unwrap();
        assert_eq!(Units::tokens(6).read(a("2.5")), Ok(2_500_000));
        assert_eq!(Units::BASE.read(a("2500000")), Ok(2_500_000));
        assert_eq!(
            Units::BASE.read(a("2.5")),
            Err(AmountError::FractionalBaseUnits("2.5".into()))
        );
        assert!(matches!(
            Units::tokens(2).read(a("0.001")),
            Err(AmountError::TooManyDecimals { decimals: 2, .. })
        ));
    }

    #[test]
    fn limits_that_are_not_set_print_as_none() {
        let u = Units::tokens(6);
        assert_eq!(u.limit(u64::MAX), "none");
        assert_eq!(u.limit(2_000_000), "2");
        assert_eq!(Units::BASE.limit(2_000_000), "2000000");
        assert_eq!(
            u.show_total("340282366920938463463374607431768211455"),
            "340282366920938463463374607431768211455 base units"
        );
        assert_eq!(u.show_total("7500000"), "7.5");
    }

    #[test]
    fn times_print_as_utc_dates_with_the_time_left_or_gone() {
        // 2026-12-04 15:42:00 UTC.
        let t = 1_796_398_920;
        assert_eq!(date(t), "2026-12-04 15:42 UTC");
        let week_less_an_hour = 6 * 86_400 + 23 * 3_600;
        assert_eq!(
            when(t, t - week_less_an_hour),
            "2026-12-04 15:42 UTC, in 6 d 23 h"
        );
        assert_eq!(
            when(t, t + 3 * 3_600 + 5 * 60 + 7),
            "2026-12-04 15:42 UTC, 3 h 5 min ago"
        );
        assert_eq!(when(t, t), "2026-12-04 15:42 UTC, now");
        assert_eq!(span(45), "45 s");
        assert_eq!(
            span(86_400 + 300),
            "1 d",
            "units are adjacent: no `1 d 5 min`"
        );
        assert_eq!(span(3_600 + 60), "1 h 1 min");
        assert_eq!(date(i64::MAX), format!("Unix time {}", i64::MAX));
    }
}
