//! The projection's rules, on the library function alone.
use super::*;

#[test]
fn the_seed_table_is_the_first_month_of_a_projection_from_each_stage() {
    let seed = [
        (Stage::Early, [1_500_000, 3_000_000, 1_000_000, 4_500_000]),
        (Stage::Growth, [4_000_000, 3_000_000, 1_000_000, 2_000_000]),
        (Stage::Mature, [5_500_000, 2_500_000, 1_500_000, 500_000]),
    ];
    for (stage, row) in seed {
        let months = project(&Params::seed(stage, 0), &[10_000_000; 3]).unwrap();
        let f = &months[0].figures;
        assert_eq!(months[0].stage, stage);
        assert_eq!([f.buyback, f.stakers, f.insurance, f.discount], row);
    }
}

#[test]
fn a_gate_met_moves_the_next_month_and_never_back() {
    let mut p = Params::seed(Stage::Early, 0);
    p.stages = StagePlan::Gates([0, 15, 30]);
    let months = project(&p, &[10, 15, 16, 31, 5]).unwrap();
    let stages: Vec<Stage> = months.iter().map(|m| m.stage).collect();
    use Stage::*;
    assert_eq!(stages, [Early, Early, Growth, Growth, Mature]);
}

#[test]
fn a_schedule_sets_the_stage_from_its_month() {
    let mut p = Params::seed(Stage::Early, 0);
    p.stages = StagePlan::Schedule(vec![(0, Stage::Early), (2, Stage::Growth)]);
    let months = project(&p, &[10; 4]).unwrap();
    assert_eq!(months[1].stage, Stage::Early);
    assert_eq!(months[2].stage, Stage::Growth);
}

#[test]
fn a_daily_crank_pays_stakers_the_yield_cap_and_a_monthly_one_a_period_of_it() {
    let mut p = Params::seed(Stage::Early, 0);
    // 0.1 fee token a protocol token a year, at 0.5 fee tokens a protocol token: 20%.
    p.staking = Some(Staking {
        staked: 200_000_000_000_000,
        yield_cap_scaled: 100_000_000_000,
        stream_period_seconds: 7 * 86_400,
    });
    p.market.price = Some(0.5);
    for (per_month, apr) in [(30, 20.0), (1, 20.0 * 7.0 / 30.0)] {
        p.distributions_per_month = per_month;
        let months = project(&p, &[10_000_000_000_000; 3]).unwrap();
        let got = months[2].figures.staker_apr_pct.unwrap();
        assert!((got - apr).abs() < 1e-3, "{per_month} a month: {got}% APR");
    }
}

#[test]
fn a_month_of_several_distributions_splits_its_fees_exactly() {
    let mut p = Params::seed(Stage::Early, 0);
    p.distributions_per_month = 4;
    let d = distributions(&p, 100, 10);
    assert_eq!(
        d,
        [
            (100, 2),
            (100 + MONTH_SECONDS / 4, 2),
            (100 + MONTH_SECONDS / 2, 2),
            (100 + 3 * MONTH_SECONDS / 4, 4)
        ]
    );
    assert_eq!(distributions(&p, 0, 3), [(3 * MONTH_SECONDS / 4, 3)]);
    let months = project(&p, &[10_000_001]).unwrap();
    let f = &months[0].figures;
    assert_eq!(f.buyback + f.stakers + f.insurance + f.discount, 10_000_001);
}

#[test]
fn every_month_conserves_the_fees_and_the_vaults() {
    let mut p = Params::seed(Stage::Early, 0);
    p.rails = Rails {
        insurance_floor: 500,
        insurance_topup_max_bps: 2_000,
        insurance_cap: 2_000,
        discount_cap: 3_000,
    };
    p.staking = Some(Staking {
        staked: 1_000_000,
        yield_cap_scaled: 10_000_000_000,
        stream_period_seconds: 7 * 86_400,
    });
    p.market.price = Some(0.5);
    p.auction.daily_cap = 100;
    p.insurance_payout_bps = 1_000;
    let months = project(&p, &[10_007; 12]).unwrap();
    let mut vaults = 0u64;
    for m in &months {
        let f = &m.figures;
        assert_eq!(f.buyback + f.stakers + f.insurance + f.discount, f.fees);
        vaults += f.buyback + f.insurance + f.discount + f.stranded_to_buyback;
        vaults -= f.fee_sold + f.discount_spent + f.insurance_paid_out;
        assert_eq!(vaults, f.buyback_fund + f.insurance_fund + f.discount_fund);
        assert!(f.insurance_fund <= 2_000 && f.discount_fund <= 3_000);
        assert!(f.fee_sold <= 100 * 720 / 25);
        assert_eq!(f.burned, f.fee_sold * 2);
    }
    let binds =
        |pick: fn(&Figures<u64, Option<f64>>) -> u64| months.iter().any(|m| pick(&m.figures) > 0);
    assert!(binds(|f| f.insurance_topup) && binds(|f| f.insurance_overflow));
    assert!(binds(|f| f.discount_overflow) && binds(|f| f.stakers_overflow));
    assert!(binds(|f| f.insurance_paid_out));
}

#[test]
fn insurance_payouts_stay_within_the_limit_and_the_floor_top_up_lifts_the_fund_again() {
    let mut p = Params::seed(Stage::Early, 0);
    p.rails = Rails {
        insurance_floor: 1_000_000,
        insurance_topup_max_bps: 2_000,
        insurance_cap: u64::MAX,
        discount_cap: u64::MAX,
    };
    p.insurance_fund = 1_000_000;
    // The shortfall claims half the fund a month; the limit pays a fifth.
    p.insurance_payout_bps = 5_000;
    p.insurance_max_payout_bps = 2_000;
    let months = project(&p, &[1_000_000; 3]).unwrap();
    let mut fund = 1_000_000u64;
    for m in &months {
        let f = &m.figures;
        // Below the floor, the top-up takes a fifth of the distribution first, then the
        // insurance share of the rest (the program's split).
        let after_split = fund + f.insurance;
        assert_eq!(f.insurance_paid_out, after_split / 5, "month {}", m.index);
        assert_eq!(f.insurance_fund, after_split - after_split / 5);
        fund = f.insurance_fund;
    }
    // Month one starts at the floor: 10% of the fees join it, then a fifth is paid out.
    assert_eq!(months[0].figures.insurance, 100_000);
    assert_eq!(months[0].figures.insurance_paid_out, 220_000);
    assert_eq!(months[0].figures.insurance_topup, 0);
    // Below the floor from then on: the top-up takes its share first.
    assert!(months[1].figures.insurance_topup > 0);
    assert!(months[1].figures.insurance > 100_000);
    // Without a claim, nothing is paid and the fund only grows.
    p.insurance_payout_bps = 0;
    let months = project(&p, &[1_000_000; 3]).unwrap();
    assert!(months.iter().all(|m| m.figures.insurance_paid_out == 0));
    assert_eq!(months[2].figures.insurance_fund, 1_300_000);
}
