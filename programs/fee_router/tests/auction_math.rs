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
        sold: 300,
    };
    assert_eq!(epoch_at(e, 100, 2_000, 1_099), e);
    assert_eq!(
        epoch_at(e, 100, 2_000, 1_100),
        Epoch {
            id: 8,
            started_at: 1_100,
            start_price: 2_000,
            sold: 0
        }
    );
    assert_eq!(
        epoch_at(e, 100, 2_000, 1_350),
        Epoch {
            id: 10,
            started_at: 1_300,
            start_price: 2_000,
            sold: 0
        }
    );
    let rolled = epoch_at(e, 100, 2_000, 1_350);
    assert_eq!(
        price_at(rolled.start_price, 2_000, rolled.started_at, 100, 1_350),
        2_000
    );
}

const RESTART: Restart = Restart {
    multiplier_bps: 20_000,
    min_start: 5_000,
    max_start: 40_000,
};

#[test]
fn a_purchase_that_leaves_the_epoch_something_keeps_it_and_a_sell_out_restarts_it() {
    let e = Epoch {
        id: 3,
        started_at: 1_000,
        start_price: 30_000,
        sold: 100,
    };
    // A cap of 1,000 leaves 900; a vault of 500 leaves 500.
    assert_eq!((e.cap_left(1_000), e.cap_left(50)), (900, 0));
    assert_eq!(unsold(&e, 10_000, 1_000), 900);
    assert_eq!(unsold(&e, 500, 1_000), 500);
    // One base unit of 900: the epoch, its start and its price stay.
    assert_eq!(
        epoch_after_purchase(e, 1, 900, 20_000, RESTART, 1_500),
        Ok(Epoch { sold: 101, ..e })
    );
    // 899 of 900 (all the day's cap allowed, say): still the same epoch.
    assert_eq!(
        epoch_after_purchase(e, 899, 900, 20_000, RESTART, 1_500),
        Ok(Epoch { sold: 999, ..e })
    );
    // All of it: the next epoch starts now at twice the price paid.
    assert_eq!(
        epoch_after_purchase(e, 900, 900, 12_000, RESTART, 1_500),
        Ok(Epoch {
            id: 4,
            started_at: 1_500,
            start_price: 24_000,
            sold: 0
        })
    );
    assert_eq!(
        epoch_after_purchase(e, 901, 900, 12_000, RESTART, 1_500),
        Err(fee_router::math::MathError)
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
    fn an_epoch_in_force_is_the_stored_one_or_a_fresh_one_at_the_floor(
        id in 0u64..1u64 << 60,
        started_at in 0i64..1i64 << 40,
        start_price in 1u64..1u64 << 50,
        sold in any::<u64>(),
        span in 60u64..30 * 86_400,
        elapsed in 0i64..400 * 86_400,
        floor in 1u64..1u64 << 40,
    ) {
        let e = Epoch { id, started_at, start_price, sold };
        let now = started_at + elapsed;
        let at = epoch_at(e, span, floor, now);
        if (elapsed as u64) < span {
            prop_assert_eq!(at, e);
        } else {
            // A later epoch, started within the last span, at the floor, having sold nothing.
            let passed = elapsed as u64 / span;
            prop_assert_eq!(at.id, id + passed);
            prop_assert!(at.started_at <= now && now - at.started_at < span as i64);
            prop_assert_eq!((at.start_price, at.sold), (floor, 0));
            prop_assert_eq!(at.cap_left(u64::MAX), u64::MAX);
        }
    }

    #[test]
    fn the_cap_left_is_the_cap_less_what_the_epoch_sold(sold in any::<u64>(), cap in any::<u64>()) {
        let e = Epoch { id: 0, started_at: 0, start_price: 1, sold };
        let left = e.cap_left(cap);
        prop_assert!(left <= cap);
        if sold <= cap {
            prop_assert_eq!(left + sold, cap);
        } else {
            prop_assert_eq!(left, 0);
        }
    }

    #[test]
    fn what_an_epoch_can_still_sell_bounds_the_lot(
        vault in any::<u64>(),
        sold in any::<u64>(),
        cap in any::<u64>(),
        day_left in any::<u64>(),
    ) {
        let e = Epoch { id: 0, started_at: 0, start_price: 1, sold };
        let u = unsold(&e, vault, cap);
        prop_assert!(u <= vault && u <= e.cap_left(cap));
        prop_assert!(u == vault || u == e.cap_left(cap));
        prop_assert_eq!(lot(vault, e.cap_left(cap), day_left), u.min(day_left));
    }

    /// The attacker's levers are the size and the timing of a purchase: whatever it buys, a
    /// purchase that leaves the epoch something to sell leaves the price of the rest, at every
    /// later moment, and the epoch a buyer names as they were.
    #[test]
    fn a_purchase_that_leaves_the_epoch_something_moves_neither_the_price_nor_the_epoch(
        id in 0u64..1u64 << 60,
        floor in 1u64..1u64 << 40,
        extra in 0u64..1u64 << 40,
        span in 60u64..30 * 86_400,
        sold in 0u64..1u64 << 50,
        left in 1u64..1u64 << 50,
        bought_part in 0u64..1u64 << 50,
        at in 0i64..30 * 86_400,
        later in 0i64..40 * 86_400,
        multiplier_bps in 10_000u64..=100_000,
    ) {
        let e = Epoch { id, started_at: 0, start_price: floor + extra, sold };
        let bought = bought_part % left;
        let restart = Restart { multiplier_bps, min_start: floor, max_start: floor + extra };
        let after = epoch_after_purchase(e, bought, left, floor, restart, at).unwrap();
        prop_assert_eq!(
            (after.id, after.started_at, after.start_price),
            (e.id, e.started_at, e.start_price)
        );
        prop_assert_eq!(after.sold, sold + bought);
        for t in [at, at + later] {
            let before_price = price_at(e.start_price, floor, 0, span, t);
            let after_price = price_at(after.start_price, floor, 0, span, t);
            prop_assert_eq!(after_price, before_price);
            prop_assert_eq!(epoch_at(after, span, floor, t).id, epoch_at(e, span, floor, t).id);
        }
    }

    #[test]
    fn the_purchase_that_sells_the_epoch_out_starts_the_next_within_the_bounds(
        e in (0u64..u64::MAX, any::<i64>(), any::<u64>(), any::<u64>()),
        left in 1u64..u64::MAX,
        price in any::<u64>(),
        min_start in 1u64..1u64 << 50,
        width in 0u64..1u64 << 50,
        multiplier_bps in 10_000u64..=100_000,
        now in any::<i64>(),
    ) {
        let e = Epoch { id: e.0, started_at: e.1, start_price: e.2, sold: e.3 };
        let restart = Restart { multiplier_bps, min_start, max_start: min_start + width };
        let next = epoch_after_purchase(e, left, left, price, restart, now).unwrap();
        prop_assert_eq!((next.id, next.started_at, next.sold), (e.id + 1, now, 0));
        let bounded = next_start_price(price, multiplier_bps, min_start, min_start + width);
        prop_assert_eq!(next.start_price, bounded);
        prop_assert!(next.start_price >= min_start && next.start_price <= min_start + width);
        // Never more than the epoch could sell.
        let more = left.saturating_add(1);
        prop_assert!(epoch_after_purchase(e, more, left, price, restart, now).is_err());
    }

    /// Any sequence of purchases (sizes and times the buyers choose: dust, part of the lot,
    /// the whole lot) against a vault and the two caps: no epoch sells more than its cap, no
    /// 24 hours more than the day's cap, the price within an epoch never rises, a buyer's
    /// quote (epoch id, price) survives every purchase that leaves the epoch something to sell,
    /// and only a purchase of all the epoch could still sell ends it (taking the whole lot the
    /// day's cap allows, a unit freed by the window say, ends nothing).
    #[test]
    fn no_sequence_of_purchases_beats_the_caps_or_raises_the_price_within_an_epoch(
        steps in proptest::collection::vec((0u64..4, 1u64..5_000, 0i64..2_000), 1..60),
        vault in 0u64..200_000,
        epoch_cap in 0u64..20_000,
        daily_cap in 0u64..60_000,
    ) {
        let (span, floor) = (3_600u64, 2_000u64);
        let restart = Restart { multiplier_bps: 20_000, min_start: 5_000, max_start: 40_000 };
        let mut stored = Epoch { id: 0, started_at: 0, start_price: 5_000, sold: 0 };
        let (mut vault, mut now) = (vault, 0i64);
        let (mut last_hour, mut hourly) = (0u64, [0u64; DAY_HOURS]);
        let mut sales: Vec<(i64, u64, u64)> = vec![];
        let mut last_quote: Option<(u64, u64)> = None;
        for (kind, size, wait) in steps {
            now += wait * 60;
            let e = epoch_at(stored, span, floor, now);
            let price = price_at(e.start_price, floor, e.started_at, span, now);
            if let Some((id, p)) = last_quote {
                if id == e.id {
                    prop_assert!(price <= p, "the price rose within epoch {}", id);
                }
            }
            let day_left = daily_cap.saturating_sub(sold_in_day(last_hour, &hourly, hour_of(now)));
            let left = unsold(&e, vault, epoch_cap);
            let offered = lot(vault, e.cap_left(epoch_cap), day_left);
            if offered == 0 {
                last_quote = Some((e.id, price));
                continue;
            }
            let bought = match kind { 0 => 1, 1 => size.min(offered), _ => offered };
            let after = epoch_after_purchase(e, bought, left, price, restart, now).unwrap();
            prop_assert_eq!(after.id != e.id, bought == left);
            if bought < left {
                // A buyer who quoted before this purchase still names the epoch in force, at
                // the same price, with the rest on offer.
                let again = epoch_at(after, span, floor, now);
                prop_assert_eq!(again.id, e.id);
                let again_price = price_at(again.start_price, floor, again.started_at, span, now);
                prop_assert_eq!(again_price, price);
                let rest = lot(vault - bought, again.cap_left(epoch_cap), day_left - bought);
                prop_assert_eq!(rest, offered - bought);
            }
            vault -= bought;
            record_sale(&mut last_hour, &mut hourly, hour_of(now), bought).unwrap();
            sales.push((now, e.id, bought));
            stored = after;
            last_quote = Some((e.id, price));
            let in_epoch: u64 = sales.iter().filter(|s| s.1 == e.id).map(|s| s.2).sum();
            prop_assert!(in_epoch <= epoch_cap);
            let in_day: u64 = sales.iter().filter(|s| now - s.0 < 86_400).map(|s| s.2).sum();
            prop_assert!(in_day <= daily_cap);
            prop_assert!(price >= floor);
        }
    }

    #[test]
    fn the_lot_never_exceeds_a_cap_or_the_vault(vault in any::<u64>(), e in any::<u64>(), d in any::<u64>()) {
        let l = lot(vault, e, d);
        prop_assert!(l <= vault && l <= e && l <= d);
        prop_assert!(l == vault || l == e || l == d);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(10_000))]

    /// Within an epoch the price is the straight line from the start price to the floor,
    /// rounded up and by less than one unit (exact u128 cross-multiplication): never below the
    /// line, in the protocol's favour. Before the start it is the start price; from the
    /// epoch's end on, the floor.
    #[test]
    fn the_price_is_the_line_rounded_up_by_less_than_a_unit(
        floor in prop_oneof![0u64..1_000, 0u64..u64::MAX / 2],
        rise in prop_oneof![1u64..1_000, 1u64..u64::MAX / 2],
        started_at in 0i64..1i64 << 40,
        span in prop_oneof![1u64..100, 1u64..=400 * 86_400],
        elapsed in prop_oneof![0u64..100, 0u64..=400 * 86_400],
        before in 1i64..1_000_000,
    ) {
        let start = floor + rise;
        let now = started_at + elapsed as i64;
        let price = price_at(start, floor, started_at, span, now);
        if elapsed >= span {
            prop_assert_eq!(price, floor);
        } else {
            // The line at `elapsed`, times `span`: start * span - (start - floor) * elapsed.
            let line = u128::from(start) * u128::from(span)
                - u128::from(start - floor) * u128::from(elapsed);
            let scaled = u128::from(price) * u128::from(span);
            prop_assert!(scaled >= line && scaled < line + u128::from(span),
                "price {} at {}/{}s from {} to {}", price, elapsed, span, start, floor);
        }
        prop_assert_eq!(price_at(start, floor, started_at, span, started_at - before), start);
    }

    /// The next start price is the price paid times the multiplier, rounded down (saturating
    /// at `u64::MAX`), clamped to the bounds: exact against u128, and never lower for a
    /// higher price paid.
    #[test]
    fn the_next_start_price_is_the_raised_price_within_the_bounds(
        price in any::<u64>(),
        more in 0u64..1u64 << 40,
        multiplier_bps in prop_oneof![10_000u64..=100_000, any::<u64>()],
        min_start in any::<u64>(),
        width in any::<u64>(),
    ) {
        let max_start = min_start.saturating_add(width);
        let raised = u128::from(price) * u128::from(multiplier_bps) / 10_000;
        let raised = u64::try_from(raised).unwrap_or(u64::MAX);
        let next = next_start_price(price, multiplier_bps, min_start, max_start);
        prop_assert_eq!(next, raised.clamp(min_start, max_start));
        prop_assert!(next_start_price(price.saturating_add(more), multiplier_bps, min_start, max_start) >= next);
    }

    /// An hour is the whole hours since 1970: `hour * 3_600 <= t < (hour + 1) * 3_600`, never
    /// decreasing in `t`, and 0 before 1970.
    #[test]
    fn an_hour_is_the_whole_hours_since_1970(t: i64, dt in 0i64..1_000_000) {
        let hour = hour_of(t);
        if t < 0 {
            prop_assert_eq!(hour, 0);
        } else {
            let start = i128::from(hour) * 3_600;
            prop_assert!(start <= i128::from(t) && i128::from(t) < start + 3_600);
        }
        prop_assert!(hour_of(t.saturating_add(dt)) >= hour);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2_000))]

    /// Against a ledger of every sale by hour: what the day's window counts at any hour from
    /// the last sale on is exactly the sales of the 25 hours ending with it (a sale stamped
    /// before the last one, a clock step back, counts on the last hour, so later, never less);
    /// a sale over `u64::MAX` in one hour is refused.
    #[test]
    fn the_day_window_counts_exactly_the_sales_of_the_last_25_hours(
        start in 0u64..1u64 << 40,
        steps in proptest::collection::vec(
            (prop_oneof![3 => 0i64..2, 2 => 2i64..30, 1 => -3i64..0, 1 => 30i64..100], 0u64..1u64 << 50),
            1..80,
        ),
        probe in 0u64..40,
    ) {
        let (mut last, mut hourly) = (0u64, [0u64; DAY_HOURS]);
        // (hour stamped, hour counted, amount)
        let mut ledger: Vec<(u64, u64, u64)> = vec![];
        let mut hour = start;
        for (step, amount) in steps {
            hour = hour.saturating_add_signed(step);
            record_sale(&mut last, &mut hourly, hour, amount).unwrap();
            let counted_on = hour.max(ledger.last().map_or(0, |l| l.1));
            ledger.push((hour, counted_on, amount));
            prop_assert_eq!(last, counted_on);
        }
        let now = last + probe;
        let oldest = now.saturating_sub(DAY_HOURS as u64 - 1);
        let counted: u64 = ledger.iter().filter(|l| l.1 >= oldest).map(|l| l.2).sum();
        let stamped: u64 = ledger.iter().filter(|l| l.0 >= oldest).map(|l| l.2).sum();
        prop_assert_eq!(sold_in_day(last, &hourly, now), counted);
        prop_assert!(counted >= stamped);
        let this_hour: u64 = ledger.iter().filter(|l| l.1 == last).map(|l| l.2).sum();
        record_sale(&mut last, &mut hourly, now, 0).unwrap();
        let this_hour = if probe == 0 { this_hour } else { 0 };
        record_sale(&mut last, &mut hourly, now, u64::MAX - this_hour).unwrap();
        prop_assert!(record_sale(&mut last, &mut hourly, now, 1).is_err());
    }
}
