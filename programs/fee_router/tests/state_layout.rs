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
