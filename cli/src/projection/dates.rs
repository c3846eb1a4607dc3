//! UTC calendar dates of Unix times, and back (the proleptic Gregorian calendar, after
//! Howard Hinnant's `days_from_civil` and `civil_from_days`).
use anyhow::{bail, Result};

const DAY: i64 = 86_400;

/// `YYYY-MM-DD` of a Unix time, UTC.
pub fn date(unix: i64) -> String {
    let (y, m, d) = civil(unix.div_euclid(DAY));
    format!("{y:04}-{m:02}-{d:02}")
}

/// The Unix time of midnight UTC starting `YYYY-MM-DD`.
pub fn parse_date(s: &str) -> Result<i64> {
    let parts: Vec<&str> = s.split('-').collect();
    let [y, m, d] = parts.as_slice() else {
        bail!("{s:?} is not a date (YYYY-MM-DD)");
    };
    let (Ok(y), Ok(m), Ok(d)) = (y.parse::<i64>(), m.parse::<u32>(), d.parse::<u32>()) else {
        bail!("{s:?} is not a date (YYYY-MM-DD)");
    };
    if !(1970..=9999).contains(&y) || !(1..=12).contains(&m) || d < 1 || d > days_in(y, m) {
        bail!("{s:?} is not a date from 1970 on (YYYY-MM-DD)");
    }
    Ok(days_from_civil(y, m, d) * DAY)
}

/// Midnight UTC today.
pub fn today() -> i64 {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(0));
    now - now.rem_euclid(DAY)
}

fn days_in(y: i64, m: u32) -> u32 {
    match m {
        2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = i64::from((m + 9) % 12);
    let doy = (153 * mp + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_round_trip_through_unix_time() {
        assert_eq!(parse_date("2026-01-01").unwrap(), 1_767_225_600);
        assert_eq!(date(1_767_225_600 + 30 * DAY), "2026-01-31");
        assert_eq!(date(0), "1970-01-01");
        assert_eq!(date(parse_date("2028-02-29").unwrap()), "2028-02-29");
        assert!(parse_date("2027-02-29").is_err());
        assert!(parse_date("2026-1").is_err());
    }
}
