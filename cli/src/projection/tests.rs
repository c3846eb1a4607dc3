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
    let months = project(&p, &[10_007; 12]).unwrap();
    let mut vaults = 0u64;
    for m in &months {
        let f = &m.figures;
        assert_eq!(f.buyback + f.stakers + f.insurance + f.discount, f.fees);
        vaults += f.buyback + f.insurance + f.discount + f.stranded_to_buyback;
        vaults -= f.fee_sold + f.discount_spent;
        assert_eq!(vaults, f.buyback_fund + f.insurance_fund + f.discount_fund);
        assert!(f.insurance_fund <= 2_000 && f.discount_fund <= 3_000);
        assert!(f.fee_sold <= 100 * 720 / 25);
        assert_eq!(f.burned, f.fee_sold * 2);
    }
    let binds =
        |pick: fn(&Figures<u64, Option<f64>>) -> u64| months.iter().any(|m| pick(&m.figures) > 0);
    assert!(binds(|f| f.insurance_topup) && binds(|f| f.insurance_overflow));
    assert!(binds(|f| f.discount_overflow) && binds(|f| f.stakers_overflow));
}
