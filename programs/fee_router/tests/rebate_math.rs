//! The rebate and payout-limit arithmetic: rebates never exceed the fee and round down
//! exactly; the tier lookup picks the highest threshold reached; the rolling payout limit
//! (insurance payouts, rebates) holds in every window of the period's length, however the
//! payouts are timed, split or interleaved with inflows.
use fee_router::math::rebate::{rebate_floor, tier_bps, tiers_are_sane, warmed_stake};
use fee_router::math::rolling::{
    allowance_floor, counted, record, share_floor, slice_seconds, window_floor, Bucket, Ring,
    RING_BUCKETS,
};
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
        prop_assert!(tiers_are_sane(padded.iter().copied()));
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

}

const DAY: i64 = 86_400;

/// One step of a payout history, as an attacker times it: wait `gap` seconds, then either
/// ask for a payout (`ask` base units; `u64::MAX` asks for everything, the greedy attacker)
/// or let `inflow` base units into the vault.
#[derive(Clone, Copy, Debug)]
enum Step {
    Payout { gap: i64, ask: u64 },
    Inflow { gap: i64, inflow: u64 },
}

/// Gaps an attacker would pick for a `period`: none, a second, just around the period and
/// its slice, and anything up to two periods.
fn gap(period: i64) -> impl Strategy<Value = i64> {
    let slice = slice_seconds(period as u64) as i64;
    prop_oneof![
        Just(0),
        Just(1),
        Just(period - 1),
        Just(period),
        Just(period + 1),
        Just(slice - 1),
        Just(slice),
        0..2 * period,
    ]
}

fn steps(period: i64) -> impl Strategy<Value = Vec<Step>> {
    prop::collection::vec(
        prop_oneof![
            4 => (gap(period), prop_oneof![Just(u64::MAX), 0u64..1 << 40, 0u64..1_000])
                .prop_map(|(gap, ask)| Step::Payout { gap, ask }),
            1 => (gap(period), 0u64..1 << 40).prop_map(|(gap, inflow)| Step::Inflow { gap, inflow }),
        ],
        1..60,
    )
}

/// A period (the defaults' day and 30 days, or any up to 400 days) and steps timed for it.
fn period_and_steps() -> impl Strategy<Value = (i64, Vec<Step>)> {
    prop_oneof![Just(DAY), Just(30 * DAY), 1i64..400 * DAY]
        .prop_flat_map(|period| (Just(period), steps(period)))
}

/// What happened, in order: `(time, payout or inflow, amount, vault balance before)`.
type Ledger = Vec<(i64, bool, u64, u64)>;

/// Runs `steps` against a vault holding `fund`, paying what each ask gets under the limit
/// (the least of the ask and the allowance, which is what `take_rebate` pays; an insurance
/// payout above it is refused, which is the same as paying nothing). Returns the ledger and
/// the ring.
fn run(fund: u64, period: u64, bps: u64, steps: &[Step], start: i64) -> (Ledger, Ring) {
    let mut ring = Ring::default();
    let mut balance = fund;
    let mut now = start;
    let mut ledger = vec![];
    for step in steps {
        match *step {
            Step::Payout { gap, ask } => {
                now += gap;
                let allowance = allowance_floor(&ring, period, bps, balance, now).unwrap();
                assert!(allowance <= balance);
                let paid = ask.min(allowance);
                if paid > 0 {
                    ledger.push((now, true, paid, balance));
                    record(&mut ring, period, paid, now);
                    balance -= paid;
                }
            }
            Step::Inflow { gap, inflow } => {
                now += gap;
                let inflow = inflow.min(u64::MAX - balance);
                ledger.push((now, false, inflow, balance));
                balance += inflow;
            }
        }
    }
    (ledger, ring)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    /// Spec §2, "payout limits are rolling": for every payout, the payouts made from it until
    /// a period later are at most the share of the vault as it stood just before it, plus
    /// what entered the vault in that time.
    #[test]
    fn no_timing_of_payouts_exceeds_the_share_in_any_window_of_the_period(
        fund in prop_oneof![Just(1_000_000u64), 0u64..1 << 50],
        (period, steps) in period_and_steps(),
        bps in prop_oneof![Just(2_000u64), Just(10_000u64), 1u64..=10_000],
        start in 0i64..1 << 40,
    ) {
        let (ledger, _) = run(fund, period as u64, bps, &steps, start);
        for (i, &(t0, is_payout, _, before)) in ledger.iter().enumerate() {
            if !is_payout {
                continue;
            }
            let (mut paid, mut entered) = (0u128, 0u128);
            for &(_, p, amount, _) in ledger[i..].iter().take_while(|(t, ..)| *t < t0 + period) {
                if p { paid += u128::from(amount) } else { entered += u128::from(amount) }
            }
            prop_assert!(
                paid * 10_000 <= u128::from(bps) * (u128::from(before) + entered),
                "{} paid in the {} s from {}, on {} + {} entered, at {} bps",
                paid, period, t0, before, entered, bps
            );
        }
    }

    /// The limit is no stricter than it says: within one window, however the share is split
    /// and timed, all of it can be paid; a payout stops counting at most a period and a
    /// slice after it was made, and never before a period.
    #[test]
    fn a_payout_counts_for_a_period_and_at_most_a_slice_more(
        (period, steps) in period_and_steps(),
        probe in 0i64..3 * 400 * DAY,
    ) {
        let (ledger, ring) = run(1 << 50, period as u64, 2_000, &steps, 1_000);
        let end = ledger.last().map_or(1_000, |l| l.0);
        let slice = slice_seconds(period as u64) as i64;
        for now in [end, end + 1, end + period - 1, end + period, end + probe] {
            let within = |span: i64| -> u64 {
                ledger
                    .iter()
                    .filter(|(t, p, ..)| *p && now - t < span)
                    .map(|l| l.2)
                    .sum()
            };
            let c = counted(&ring, period as u64, now);
            prop_assert!(c >= within(period), "{} counted at {}, {} paid in the period", c, now, within(period));
            prop_assert!(c <= within(period + slice), "{} counted at {}, {} paid in the period and a slice", c, now, within(period + slice));
        }
    }

    /// The limit is not stricter than the share: while every payout still counts, the fund
    /// it is measured on stays the fund as the window opened, so the whole share can be paid,
    /// in any split and at any times inside the window.
    #[test]
    fn the_whole_share_can_be_paid_in_any_split_within_one_window(
        fund in 0u64..1 << 50,
        period in prop_oneof![Just(DAY), Just(30 * DAY), 1i64..400 * DAY],
        bps in 1u64..=10_000,
        asks in prop::collection::vec((0u64..1 << 40, 0.0f64..1.0), 0..20),
    ) {
        let mut ring = Ring::default();
        let mut balance = fund;
        let t0 = 1_000_000;
        let mut times: Vec<i64> = asks.iter().map(|(_, at)| t0 + (at * (period - 1) as f64) as i64).collect();
        times.sort();
        for ((ask, _), now) in asks.iter().zip(&times) {
            let paid = (*ask).min(allowance_floor(&ring, period as u64, bps, balance, *now).unwrap());
            record(&mut ring, period as u64, paid, *now);
            balance -= paid;
        }
        let last = times.last().copied().unwrap_or(t0);
        let rest = allowance_floor(&ring, period as u64, bps, balance, last).unwrap();
        let share = (u128::from(fund) * u128::from(bps) / 10_000) as u64;
        prop_assert_eq!(fund - balance + rest, share);
    }

    /// Recording a payout makes it count at once and never displaces one that still counts,
    /// whatever the ring holds and however the period changed in between.
    #[test]
    fn a_recorded_payout_counts_at_once_and_displaces_nothing_that_counts(
        history in prop::collection::vec((1i64..400 * DAY, 0i64..40 * DAY, 0u64..1 << 40), 0..40),
        period in 1i64..400 * DAY,
        gap in 0i64..40 * DAY,
        amount in 0u64..1 << 40,
    ) {
        let mut ring = Ring::default();
        let mut now = 1_000_000;
        for (p, dt, a) in history {
            now += dt;
            record(&mut ring, p as u64, a, now);
        }
        now += gap;
        let before = counted(&ring, period as u64, now);
        record(&mut ring, period as u64, amount, now);
        prop_assert_eq!(counted(&ring, period as u64, now), before + amount);
        prop_assert!(ring.iter().filter(|b| b.amount > 0).count() <= RING_BUCKETS);
    }

    /// The window's numbers: the base is the balance plus what counts; the allowance is the
    /// share of the base, rounded down, less what counts, and never more than the balance.
    #[test]
    fn the_window_is_the_share_of_the_balance_plus_what_counts_less_what_counts(
        buckets in prop::collection::vec((0i64..100 * DAY, any::<u64>()), RING_BUCKETS),
        period in 1u64..400 * DAY as u64,
        bps in 0u64..=10_000,
        balance: u64,
        now in 0i64..200 * DAY,
    ) {
        let mut ring = Ring::default();
        for (b, (last_at, amount)) in ring.iter_mut().zip(buckets) {
            *b = Bucket { last_at, amount };
        }
        let paid = ring
            .iter()
            .filter(|b| b.amount > 0 && now - b.last_at < period as i64)
            .fold(0u64, |s, b| s.saturating_add(b.amount));
        prop_assert_eq!(counted(&ring, period, now), paid);
        let w = window_floor(&ring, period, bps, balance, now).unwrap();
        let base = u128::from(balance) + u128::from(paid);
        prop_assert_eq!((w.paid, w.base), (paid, base));
        let share = base * u128::from(bps) / 10_000;
        let expected = share.saturating_sub(u128::from(paid)).min(u128::from(balance));
        prop_assert_eq!(u128::from(w.allowance), expected);
        prop_assert_eq!(allowance_floor(&ring, period, bps, balance, now).unwrap(), w.allowance);
    }

    #[test]
    fn a_share_is_the_base_times_the_bps_rounded_down_at_any_size(
        base in prop_oneof![any::<u64>().prop_map(u128::from), any::<u128>().prop_map(|b| b >> 20)],
        bps in prop_oneof![0u64..=10_000, Just(10_000u64), 10_001u64..1 << 20],
    ) {
        // base * bps fits in u128 for every case drawn.
        prop_assert_eq!(share_floor(base, bps).unwrap(), base * u128::from(bps) / 10_000);
    }

    #[test]
    fn a_slice_is_a_fifth_of_the_period_rounded_up(period: u64) {
        let slice = u128::from(slice_seconds(period));
        prop_assert!(slice >= 1);
        prop_assert!(slice * 5 >= u128::from(period));
        prop_assert!(period == 0 || (slice - 1) * 5 < u128::from(period));
    }
}

/// The rule as the doc states it, clause by clause.
fn sane_by_definition(tiers: &[(u64, u64)]) -> bool {
    let used = tiers.iter().take_while(|(min, _)| *min > 0).count();
    let (live, rest) = tiers.split_at(used);
    rest.iter().all(|t| *t == (0, 0))
        && live.iter().all(|(_, bps)| (1..=10_000).contains(bps))
        && live.windows(2).all(|w| w[0].0 < w[1].0 && w[0].1 <= w[1].1)
}

proptest! {
    #[test]
    fn a_table_is_sane_exactly_when_every_clause_of_the_rule_holds(
        tiers in prop::collection::vec(
            (prop_oneof![Just(0u64), 1u64..5, any::<u64>()], prop_oneof![Just(0u64), 1u64..3, 9_999u64..10_002, any::<u64>()]),
            0..=8,
        ),
    ) {
        prop_assert_eq!(tiers_are_sane(tiers.iter().copied()), sane_by_definition(&tiers));
    }
}

#[test]
fn malformed_tables_are_refused() {
    let pad = |t: &[(u64, u64)]| {
        let mut v = t.to_vec();
        v.resize(8, (0, 0));
        v
    };
    assert!(tiers_are_sane(pad(&[])));
    assert!(tiers_are_sane(pad(&[(1, 1), (2, 1), (3, 10_000)])));
    for bad in [
        pad(&[(5, 100), (5, 200)]),
        pad(&[(5, 300), (6, 200)]),
        pad(&[(5, 0)]),
        pad(&[(5, 10_001)]),
        pad(&[(0, 100)]),
        pad(&[(1, 100), (0, 0), (2, 200)]),
    ] {
        assert!(!tiers_are_sane(bad.iter().copied()), "{bad:?}");
    }
}

#[test]
fn two_payouts_one_second_apart_across_the_old_period_boundary_share_one_window() {
    // The review's sequence on a fund of 1,000,000 at 20% per 30 days: a dust payout, the
    // rest of the share 30 days less a second later, and the next second's ask.
    let period = 30 * DAY as u64;
    let mut ring = Ring::default();
    let t0 = 1_700_000_000;
    assert_eq!(
        allowance_floor(&ring, period, 2_000, 1_000_000, t0).unwrap(),
        200_000
    );
    record(&mut ring, period, 1, t0);
    let t1 = t0 + 30 * DAY - 1;
    assert_eq!(
        allowance_floor(&ring, period, 2_000, 999_999, t1).unwrap(),
        199_999
    );
    record(&mut ring, period, 199_999, t1);
    // The dust payout is a period old; the 199,999 still counts: a fifth of 999,999 is all
    // taken (the fixed period allowed 160,000 more here).
    assert_eq!(
        allowance_floor(&ring, period, 2_000, 800_000, t1 + 1).unwrap(),
        0
    );
    assert_eq!(
        allowance_floor(&ring, period, 2_000, 800_000, t1 + 30 * DAY - 1).unwrap(),
        0
    );
    assert_eq!(
        allowance_floor(&ring, period, 2_000, 800_000, t1 + 30 * DAY).unwrap(),
        160_000
    );
}
