//! The rebate and insurance arithmetic: rebates never exceed the fee and round down exactly;
//! the tier lookup picks the highest threshold reached; payouts within a period never exceed
//! the cap on the fund as the period began.
use fee_router::math::insurance::{allowance_floor, period_at, Period};
use fee_router::math::rebate::{rebate_floor, tier_bps, tiers_are_sane, warmed_stake};
use proptest::prelude::*;

/// A sane table from random steps: ascending thresholds, shares that never fall.
fn table() -> impl Strategy<Value = Vec<(u64, u64)>> {
    prop::collection::vec((1u64..1u64 << 50, 0u64..2_000), 0..=8).prop_map(|steps| {
        let (mut min, mut bps) = (0u64, 0u64);
        steps
            .into_iter()
            .map(|(dm, db)| {
                min = min.saturating_add(dm);
                bps = (bps + db).clamp(1, 10_000);
                (min, bps)
            })
            .collect()
    })
}

proptest! {
    #[test]
    fn a_rebate_is_the_fee_times_the_share_rounded_down_and_never_more_than_the_fee(
        fee: u64,
        bps in 0u64..=10_000,
    ) {
        let rebate = rebate_floor(fee, bps).unwrap();
        prop_assert_eq!(u128::from(rebate), u128::from(fee) * u128::from(bps) / 10_000);
        prop_assert!(rebate <= fee);
    }

    #[test]
    fn the_tier_is_the_highest_threshold_the_stake_reaches(tiers in table(), stake: u64) {
        let mut padded = tiers.clone();
        padded.resize(8, (0, 0));
        prop_assert!(tiers_are_sane(&padded));
        let expected = tiers
            .iter()
            .filter(|(min, _)| stake >= *min)
            .map(|(_, bps)| *bps)
            .max()
            .unwrap_or(0);
        prop_assert_eq!(tier_bps(padded.iter().copied(), stake), expected);
        // More stake never buys less.
        prop_assert!(tier_bps(padded.iter().copied(), stake.saturating_add(1)) >= expected);
    }

    #[test]
    fn warmed_stake_is_active_stake_less_what_is_still_warming(
        active: u64,
        added in 0u64..=u64::MAX,
        added_at in 0i64..1_000_000,
        now in 0i64..2_000_000,
        warmup in 0u64..100_000,
    ) {
        let added = added.min(active);
        let since = |t: i64| if added_at >= t { added } else { 0 };
        let warm = warmed_stake(active, since, now, warmup);
        prop_assert!(warm <= active);
        let warmed_up = now - added_at >= warmup as i64;
        prop_assert_eq!(warm, if warmed_up { active } else { active - added });
    }

    #[test]
    fn payouts_in_a_period_never_exceed_its_cap_on_the_fund_as_it_began(
        fund in 0u64..u64::MAX / 2,
        bps in 1u64..=10_000,
        asks in prop::collection::vec((0u64..u64::MAX / 4, 0i64..40 * 86_400), 1..20),
    ) {
        let period_seconds = 30 * 86_400;
        let mut period = Period::default();
        let mut balance = fund;
        let mut now = 1_000;
        for (ask, dt) in asks {
            now += dt;
            period = period_at(period, period_seconds, balance, now);
            let allowance = allowance_floor(period, bps).unwrap();
            let paid = ask.min(allowance).min(balance);
            period.paid += paid;
            balance -= paid;
            let cap = u128::from(period.fund_at_start) * u128::from(bps) / 10_000;
            prop_assert!(u128::from(period.paid) <= cap);
        }
    }
}

#[test]
fn malformed_tables_are_refused() {
    let pad = |t: &[(u64, u64)]| {
        let mut v = t.to_vec();
        v.resize(8, (0, 0));
        v
    };
    assert!(tiers_are_sane(&pad(&[])));
    assert!(tiers_are_sane(&pad(&[(1, 1), (2, 1), (3, 10_000)])));
    for bad in [
        pad(&[(5, 100), (5, 200)]),
        pad(&[(5, 300), (6, 200)]),
        pad(&[(5, 0)]),
        pad(&[(5, 10_001)]),
        pad(&[(0, 100)]),
        pad(&[(1, 100), (0, 0), (2, 200)]),
    ] {
        assert!(!tiers_are_sane(&bad), "{bad:?}");
    }
}

#[test]
fn a_new_period_starts_with_the_first_payout_after_the_last_one_ended() {
    let first = period_at(Period::default(), 100, 1_000, 50);
    assert_eq!(
        first,
        Period {
            started_at: 50,
            fund_at_start: 1_000,
            paid: 0
        }
    );
    let used = Period { paid: 200, ..first };
    assert_eq!(period_at(used, 100, 500, 149), used);
    assert_eq!(
        period_at(used, 100, 500, 150),
        Period {
            started_at: 150,
            fund_at_start: 500,
            paid: 0
        }
    );
    assert_eq!(allowance_floor(used, 2_000).unwrap(), 0);
    assert_eq!(allowance_floor(first, 2_000).unwrap(), 200);
}
