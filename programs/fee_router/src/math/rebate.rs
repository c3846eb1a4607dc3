//! Discount rebates, as plain numbers: which tier a stake buys, and the rebate it earns on a
//! fee, rounded down (in the protocol's favour).
use super::rolling::share_floor;
use super::MathError;

/// Basis points in a whole.
pub const BPS: u64 = 10_000;

/// The rebate share, in basis points, that `stake` buys from `tiers` (`(min_stake, bps)`
/// pairs, thresholds ascending, unused tiers zero): the share of the highest tier whose
/// threshold `stake` reaches, or 0 when it reaches none.
pub fn tier_bps(tiers: impl IntoIterator<Item = (u64, u64)>, stake: u64) -> u64 {
    // Thresholds ascend, so the first tier out of reach (or unused) ends the search.
    tiers
        .into_iter()
        .take_while(|(min_stake, _)| *min_stake > 0 && stake >= *min_stake)
        .last()
        .map_or(0, |(_, bps)| bps)
}

/// The rebate on `fee_paid` at `bps`: `fee_paid * bps / 10_000`, rounded down, so it never
/// exceeds the fee (with `bps <= 10_000`). On every trade, so it shares the rolling limit's
/// share arithmetic (64-bit, no emulated overflow checks for a share of at most the whole).
pub fn rebate_floor(fee_paid: u64, bps: u64) -> Result<u64, MathError> {
    u64::try_from(share_floor(u128::from(fee_paid), bps)?).map_err(|_| MathError)
}

/// True when `tiers` is a table the router accepts: used tiers first, each with a threshold
/// of at least 1 (a trader with no stake buys no tier), thresholds strictly ascending, shares
/// of 1 to 10_000 bps that never fall as the threshold rises; every tier after the first
/// unused one (threshold 0) is unused too (threshold and share 0). One pass with no copy:
/// the rebates account's invariant runs it on every trade.
pub fn tiers_are_sane(tiers: impl IntoIterator<Item = (u64, u64)>) -> bool {
    // The previous used tier, and whether an unused one was seen.
    let (mut prev_min, mut prev_bps, mut unused) = (0u64, 0u64, false);
    for (min_stake, bps) in tiers {
        if unused || min_stake == 0 {
            unused = true;
            if min_stake != 0 || bps != 0 {
                return false;
            }
            continue;
        }
        // A used tier: prev_min is 0 before the first, and every threshold is at least 1.
        if min_stake <= prev_min || bps < prev_bps || bps == 0 || bps > BPS {
            return false;
        }
        (prev_min, prev_bps) = (min_stake, bps);
    }
    true
}

/// The stake that counts for a tier at `now`: active stake less what was added after
/// `now - warmup_seconds` (`added_since(t)` is the active stake added at or after `t`), so
/// stake counts once it has been active for the whole warm-up.
pub fn warmed_stake(
    active: u64,
    added_since: impl Fn(i64) -> u64,
    now: i64,
    warmup_seconds: u64,
) -> u64 {
    let warmup = i64::try_from(warmup_seconds).unwrap_or(i64::MAX);
    let since = now.saturating_sub(warmup).saturating_add(1);
    active.saturating_sub(added_since(since))
}
