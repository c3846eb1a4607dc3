//! The buyback auction's curve, lot and payment.
use fee_router::math::auction::*;
use proptest::prelude::*;

#[test]
fn the_price_falls_from_the_start_to_the_floor_over_an_epoch() {
    let (start, floor, t0, span) = (1_000 * PRICE_SCALE, 100 * PRICE_SCALE, 1_000i64, 86_400u64);
    assert_eq!(price_at(start, floor, t0, span, t0), start);
    assert_eq!(
        price_at(start, floor, t0, span, t0 + 43_200),
        550 * PRICE_SCALE
    );
    assert_eq!(price_at(start, floor, t0, span, t0 + 86_400), floor);
    assert_eq!(price_at(start, floor, t0, span, t0 + 10 * 86_400), floor);
    // Before the epoch's start (a clock step back) the price is the start price.
    assert_eq!(price_at(start, floor, t0, span, t0 - 5), start);
}

#[test]
fn an_unsold_epoch_rolls_into_epochs_at_the_floor() {
    let e = Epoch {
        id: 7,
        started_at: 1_000,
        start_price: 5_000,
    };
    assert_eq!(epoch_at(e, 100, 2_000, 1_099), e);
    assert_eq!(
        epoch_at(e, 100, 2_000, 1_100),
        Epoch {
            id: 8,
            started_at: 1_100,
            start_price: 2_000
        }
    );
    assert_eq!(
        epoch_at(e, 100, 2_000, 1_350),
        Epoch {
            id: 10,
            started_at: 1_300,
            start_price: 2_000
        }
    );
    let rolled = epoch_at(e, 100, 2_000, 1_350);
    assert_eq!(
        price_at(rolled.start_price, 2_000, rolled.started_at, 100, 1_350),
        2_000
    );
}

#[test]
fn after_a_sale_the_next_epoch_starts_higher_within_bounds() {
    assert_eq!(next_start_price(1_000, 20_000, 500, 10_000), 2_000);
    assert_eq!(next_start_price(1_000, 20_000, 5_000, 10_000), 5_000);
    assert_eq!(next_start_price(9_000, 20_000, 500, 10_000), 10_000);
}

#[test]
fn the_daily_cap_counts_the_last_24_hours() {
    let (mut last, mut ring) = (0u64, [0u64; DAY_HOURS]);
    record_sale(&mut last, &mut ring, 100, 5).unwrap();
    record_sale(&mut last, &mut ring, 110, 7).unwrap();
    assert_eq!(sold_in_day(last, &ring, 110), 12);
    assert_eq!(sold_in_day(last, &ring, 124), 12);
    assert_eq!(sold_in_day(last, &ring, 125), 7, "hour 100 left the window");
    assert_eq!(sold_in_day(last, &ring, 135), 0);
    record_sale(&mut last, &mut ring, 200, 1).unwrap();
    assert_eq!(sold_in_day(last, &ring, 200), 1, "old hours were cleared");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(10_000))]

    #[test]
    fn the_price_never_rises_within_an_epoch_nor_goes_below_the_floor(
        floor in 1u64..1u64 << 40,
        extra in 0u64..1u64 << 40,
        span in 60u64..30 * 86_400,
        a in 0i64..40 * 86_400,
        b in 0i64..40 * 86_400,
    ) {
        let start = floor + extra;
        let (early, late) = (a.min(b), a.max(b));
        let p1 = price_at(start, floor, 0, span, early);
        let p2 = price_at(start, floor, 0, span, late);
        prop_assert!(p2 <= p1);
        prop_assert!(p1 >= floor && p2 >= floor);
        prop_assert!(p1 <= start);
    }

    #[test]
    fn a_payment_is_never_below_the_lot_times_the_price(amount in any::<u64>(), price in 1u64..1u64 << 44) {
        if let Ok(paid) = payment_ceil(amount, price) {
            let owed = u128::from(amount) * u128::from(price);
            prop_assert!(u128::from(paid) * u128::from(PRICE_SCALE) >= owed);
            prop_assert!(u128::from(paid) * u128::from(PRICE_SCALE) < owed + u128::from(PRICE_SCALE));
        }
    }

    #[test]
    fn the_lot_never_exceeds_a_cap_or_the_vault(vault in any::<u64>(), e in any::<u64>(), d in any::<u64>()) {
        let l = lot(vault, e, d);
        prop_assert!(l <= vault && l <= e && l <= d);
        prop_assert!(l == vault || l == e || l == d);
    }
}
