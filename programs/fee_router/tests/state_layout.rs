//! Zero-copy and borsh layouts of the router's nested types are the same bytes.
use anchor_lang::prelude::*;
use bytemuck::Zeroable;
use fee_router::state::*;

fn borsh<T: AnchorSerialize>(value: &T) -> Vec<u8> {
    borsh::to_vec(value).unwrap()
}

#[test]
fn nested_types_have_the_same_bytes_in_borsh_and_in_memory() {
    let split = DEFAULT_SPLITS[0];
    assert_eq!(borsh(&split), bytemuck::bytes_of(&split));
    assert_eq!(
        borsh(&DEFAULT_GUARD_RAILS),
        bytemuck::bytes_of(&DEFAULT_GUARD_RAILS)
    );
    let wide = Wide { lo: 1, hi: 2 };
    assert_eq!(borsh(&wide), bytemuck::bytes_of(&wide));
    let totals = Totals {
        pending_attributed: 9,
        ..Default::default()
    };
    assert_eq!(borsh(&totals), bytemuck::bytes_of(&totals));
    let stream_exact = StreamExact {
        released_fraction: 7,
        stakers_owed: Wide { lo: 3, hi: 1 },
    };
    assert_eq!(borsh(&stream_exact), bytemuck::bytes_of(&stream_exact));
    let vaults = Vaults::zeroed();
    assert_eq!(borsh(&vaults), bytemuck::bytes_of(&vaults));
    let tiers = DiscountTiers::defaults(6);
    assert_eq!(borsh(&tiers), bytemuck::bytes_of(&tiers));
    let rebate_totals = RebateTotals {
        reports: 3,
        ..Default::default()
    };
    assert_eq!(borsh(&rebate_totals), bytemuck::bytes_of(&rebate_totals));
    assert_eq!(
        borsh(&InsuranceParams::DEFAULT),
        bytemuck::bytes_of(&InsuranceParams::DEFAULT)
    );
    let insurance_totals = InsuranceTotals {
        payouts: 2,
        ..Default::default()
    };
    assert_eq!(
        borsh(&insurance_totals),
        bytemuck::bytes_of(&insurance_totals)
    );
    assert_eq!(
        borsh(&RebateLimits::DEFAULT),
        bytemuck::bytes_of(&RebateLimits::DEFAULT)
    );
    let mut window = PayoutWindow::default();
    window.buckets[2] = PayoutBucket {
        last_at: -5,
        amount: 7,
    };
    assert_eq!(borsh(&window), bytemuck::bytes_of(&window));
}

/// Layout version 1 grew into its reserved space: the rebate limits and both payout windows
/// sit where the reserved bytes were, every earlier field keeps its offset and the accounts
/// keep their size, so accounts written before read zero there.
#[test]
fn the_payout_windows_and_rebate_limits_took_reserved_space_and_moved_nothing() {
    use std::mem::{offset_of, size_of};
    assert_eq!(offset_of!(Rebates, tiers), 72);
    assert_eq!(offset_of!(Rebates, totals), 208);
    assert_eq!(offset_of!(Rebates, limits), 288);
    assert_eq!(offset_of!(Rebates, window), 288 + 24);
    assert_eq!(offset_of!(Rebates, reserved), 288 + 24 + 96);
    assert_eq!(size_of::<Rebates>(), 288 + 128);
    assert_eq!(offset_of!(InsuranceFund, params), 72);
    assert_eq!(offset_of!(InsuranceFund, legacy_period_started_at), 88);
    assert_eq!(offset_of!(InsuranceFund, legacy_period_paid), 104);
    assert_eq!(offset_of!(InsuranceFund, totals), 112);
    assert_eq!(offset_of!(InsuranceFund, window), 160);
    assert_eq!(offset_of!(InsuranceFund, reserved), 160 + 96);
    assert_eq!(size_of::<InsuranceFund>(), 160 + 128);
    // Zero reads as "no limits set yet": the defaults.
    let rebates = Rebates::zeroed();
    assert_eq!(rebates.limits(), RebateLimits::DEFAULT);
    assert!(RebateLimits::DEFAULT.is_sane());
}

/// An insurance fund written with a fixed period (layout version 1 before the rolling window)
/// carries what that period paid into the window at its first payout: payouts made in a
/// period that is still running keep counting until a period after it ends, at the latest.
#[test]
fn a_fund_written_with_a_fixed_period_carries_its_payouts_into_the_window() {
    const DAY: i64 = 86_400;
    let mut fund = InsuranceFund::zeroed();
    fund.params = InsuranceParams::DEFAULT;
    fund.totals.paid_out.set(150_000);
    fund.legacy_period_started_at = 1_000 * DAY;
    fund.legacy_period_fund = 1_000_000;
    fund.legacy_period_paid = 150_000;
    // Ten days into the old period, 850,000 left: a fifth of 1,000,000 less 150,000.
    let now = 1_010 * DAY;
    let w = fund.payout_window(850_000, now).unwrap();
    assert_eq!((w.paid, w.base, w.allowance), (150_000, 1_000_000, 50_000));
    assert!(fund.admit_payout(50_001, 850_000, now).is_err());
    fund.admit_payout(50_000, 850_000, now).unwrap();
    assert_eq!(
        (fund.legacy_period_paid, fund.totals.paid_out.get()),
        (0, 200_000)
    );
    assert_eq!(fund.window.held(), 200_000);
    // The old payouts count until a period after now (when they were made is not known).
    assert_eq!(
        fund.payout_window(800_000, now + 30 * DAY - 1)
            .unwrap()
            .allowance,
        0
    );
    assert_eq!(
        fund.payout_window(800_000, now + 30 * DAY)
            .unwrap()
            .allowance,
        160_000
    );
    // A period that ended long ago carries nothing.
    let mut old = InsuranceFund::zeroed();
    old.params = InsuranceParams::DEFAULT;
    old.legacy_period_started_at = DAY;
    old.legacy_period_paid = 150_000;
    assert_eq!(
        old.payout_window(850_000, 100 * DAY).unwrap().allowance,
        170_000
    );
}

#[test]
fn the_default_tiers_are_sane_in_whole_tokens_at_every_decimals() {
    for decimals in 0..=30u8 {
        let t = DiscountTiers::defaults(decimals);
        assert!(t.is_sane(), "{decimals} decimals: {t:?}");
        assert_eq!(t.warmup_seconds, 86_400);
    }
    let t = DiscountTiers::defaults(6);
    let table: Vec<(u64, u64)> = t
        .tiers
        .iter()
        .take_while(|t| t.min_stake > 0)
        .map(|t| (t.min_stake / 1_000_000, t.rebate_bps))
        .collect();
    assert_eq!(
        table,
        vec![
            (1_000, 500),
            (10_000, 1_000),
            (50_000, 2_000),
            (100_000, 3_000),
            (500_000, 4_000)
        ]
    );
}

#[test]
fn wide_round_trips_every_u128() {
    for v in [0u128, 1, u64::MAX as u128, u64::MAX as u128 + 1, u128::MAX] {
        let mut w = Wide::default();
        w.set(v);
        assert_eq!(w.get(), v);
    }
    let mut w = Wide::default();
    w.set(u128::MAX);
    assert!(w.add(1).is_err());
    assert_eq!(
        w.get(),
        u128::MAX,
        "a failed add leaves the value as it was"
    );
}

#[test]
fn the_stream_fractions_and_the_markets_ledger_took_reserved_bytes_and_the_router_kept_its_size() {
    // Routers created before the stream's fractions and the markets' ledger existed read them
    // as zero, their correct initial value (no market, no approval, a cap of 0): the fields sit
    // where the reserved (zero) bytes began.
    assert_eq!(Router::SIZE, 2_008);
    let exact = std::mem::offset_of!(Router, stream_exact);
    assert_eq!(exact, std::mem::offset_of!(Router, stake_totals) + 80);
    let markets = std::mem::offset_of!(Router, markets);
    assert_eq!(markets, exact + 24);
    assert_eq!(std::mem::size_of::<MarketsLedger>(), 112);
    assert_eq!(std::mem::offset_of!(Router, pool), markets + 112);
    assert_eq!(StreamExact::default(), bytemuck::Zeroable::zeroed());
    assert_eq!(MarketsLedger::default(), bytemuck::Zeroable::zeroed());
}

#[test]
fn the_pools_fee_lines_took_reserved_bytes_and_read_as_a_pool_without_lines_when_zero() {
    // A router created before fee lines existed reads zero here: the pool of its own stake
    // (no pool key, slot 0) with no lines, which is what it is.
    let markets = std::mem::offset_of!(Router, markets);
    assert_eq!(std::mem::offset_of!(Router, pool), markets + 112);
    assert_eq!(std::mem::offset_of!(Router, line_slot), markets + 112 + 32);
    assert_eq!(std::mem::offset_of!(Router, lines), markets + 112 + 40);
    assert_eq!(
        std::mem::offset_of!(Router, reserved),
        markets + 112 + 40 + 7 * 32
    );
    assert_eq!(Router::SIZE, 2_008);
    let zero: Router = bytemuck::Zeroable::zeroed();
    assert!(!zero.is_line() && zero.fee_lines().is_empty());
    zero.lines_invariant()
        .expect("a zero router is a pool without lines");
    let own = anchor_lang::prelude::Pubkey::new_unique();
    assert_eq!(zero.pool_key(own), own);
}
