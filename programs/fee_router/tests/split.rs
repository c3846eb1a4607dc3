//! The split of one distribution: exact to the base unit, guard rails that only move tokens.
use fee_router::math::split::*;
use fee_router::math::MathError;
use proptest::prelude::*;

const EARLY: [u16; 4] = [1500, 3000, 1000, 4500];
const GROWTH: [u16; 4] = [4000, 3000, 1000, 2000];
const MATURE: [u16; 4] = [5500, 2500, 1500, 500];

#[test]
fn seed_table_is_exact_for_ten_million() {
    let fees = 10_000_000;
    let a = allocate(fees, EARLY, &Rails::NONE, &Balances::default()).unwrap();
    assert_eq!(a.amounts, [1_500_000, 3_000_000, 1_000_000, 4_500_000]);
    let a = allocate(fees, GROWTH, &Rails::NONE, &Balances::default()).unwrap();
    assert_eq!(a.amounts, [4_000_000, 3_000_000, 1_000_000, 2_000_000]);
    let a = allocate(fees, MATURE, &Rails::NONE, &Balances::default()).unwrap();
    assert_eq!(a.amounts, [5_500_000, 2_500_000, 1_500_000, 500_000]);
    assert_eq!(a.remainder, 0);
}

#[test]
fn remainder_goes_to_buyback() {
    // 9 units, Early: floors 1 / 2 / 0 / 4 = 7, remainder 2 to buyback.
    let a = allocate(9, EARLY, &Rails::NONE, &Balances::default()).unwrap();
    assert_eq!(a.amounts, [3, 2, 0, 4]);
    assert_eq!(a.remainder, 2);
    // One unit is all remainder.
    let a = allocate(1, EARLY, &Rails::NONE, &Balances::default()).unwrap();
    assert_eq!(a.amounts, [1, 0, 0, 0]);
}

#[test]
fn split_that_does_not_sum_to_ten_thousand_is_an_error() {
    assert_eq!(split_floor(100, [1, 2, 3, 4]), Err(MathError));
    assert_eq!(split_floor(100, [5000, 5000, 1, 0]), Err(MathError));
}

#[test]
fn floor_topup_is_capped_by_its_share() {
    let rails = Rails {
        insurance_floor: 1_000_000,
        insurance_topup_max_bps: 2_000,
        ..Rails::NONE
    };
    // Shortfall 1_000_000, limit 20% of 1_000_000 = 200_000; the rest 800_000 splits Early.
    let a = allocate(1_000_000, EARLY, &rails, &Balances::default()).unwrap();
    assert_eq!(a.insurance_topup, 200_000);
    assert_eq!(a.amounts, [120_000, 240_000, 200_000 + 80_000, 360_000]);
    // A small shortfall takes only what it needs.
    let a = allocate(
        1_000_000,
        EARLY,
        &rails,
        &Balances {
            insurance: 999_990,
            discount: 0,
            stakers_room: u64::MAX,
        },
    )
    .unwrap();
    assert_eq!(a.insurance_topup, 10);
}

#[test]
fn insurance_above_cap_overflows_to_buyback() {
    let rails = Rails {
        insurance_cap: 1_050,
        ..Rails::NONE
    };
    // Early insurance share of 10_000 is 1_000; the vault holds 1_000, room 50.
    let a = allocate(
        10_000,
        EARLY,
        &rails,
        &Balances {
            insurance: 1_000,
            discount: 0,
            stakers_room: u64::MAX,
        },
    )
    .unwrap();
    assert_eq!(a.insurance_overflow, 950);
    assert_eq!(a.amounts, [1_500 + 950, 3_000, 50, 4_500]);
}

#[test]
fn discount_above_cap_overflows_to_buyback() {
    let rails = Rails {
        discount_cap: 5_000,
        ..Rails::NONE
    };
    let a = allocate(
        10_000,
        EARLY,
        &rails,
        &Balances {
            insurance: 0,
            discount: 4_000,
            stakers_room: u64::MAX,
        },
    )
    .unwrap();
    assert_eq!(a.discount_overflow, 3_500);
    assert_eq!(a.amounts, [1_500 + 3_500, 3_000, 1_000, 1_000]);
}

#[test]
fn staker_share_above_the_room_overflows_to_buyback() {
    let bal = Balances {
        stakers_room: 1_000,
        ..Balances::default()
    };
    let a = allocate(10_000, EARLY, &Rails::NONE, &bal).unwrap();
    assert_eq!(a.stakers_overflow, 2_000);
    assert_eq!(a.amounts, [1_500 + 2_000, 1_000, 1_000, 4_500]);
    let none = Balances {
        stakers_room: 0,
        ..Balances::default()
    };
    assert_eq!(
        allocate(10_000, EARLY, &Rails::NONE, &none)
            .unwrap()
            .amounts,
        [4_500, 0, 1_000, 4_500]
    );
}

#[test]
fn the_remainder_home_is_not_monotone_by_itself() {
    // Why only the floored buckets are strictly monotone: from 9 to 10 units three floors
    // step up together, so the remainder (and with it buyback) falls from 3 to 2.
    let a9 = allocate(9, EARLY, &Rails::NONE, &Balances::default()).unwrap();
    let a10 = allocate(10, EARLY, &Rails::NONE, &Balances::default()).unwrap();
    assert_eq!((a9.amounts[BUYBACK], a10.amounts[BUYBACK]), (3, 2));
}

fn any_split() -> impl Strategy<Value = [u16; 4]> {
    (0u16..=10_000, 0u16..=10_000, 0u16..=10_000).prop_map(|(a, b, c)| {
        let mut cuts = [a, b, c];
        cuts.sort_unstable();
        [
            cuts[0],
            cuts[1] - cuts[0],
            cuts[2] - cuts[1],
            10_000 - cuts[2],
        ]
    })
}

fn any_rails() -> impl Strategy<Value = Rails> {
    (any::<u64>(), 0u16..=10_000, any::<u64>(), any::<u64>()).prop_map(|(f, t, c, d)| Rails {
        insurance_floor: f.min(c),
        insurance_topup_max_bps: t,
        insurance_cap: c.max(f),
        discount_cap: d,
    })
}

fn any_balances() -> impl Strategy<Value = Balances> {
    let room = prop_oneof![Just(u64::MAX), Just(0u64), any::<u64>()];
    (any::<u64>(), any::<u64>(), room).prop_map(|(insurance, discount, stakers_room)| Balances {
        insurance,
        discount,
        stakers_room,
    })
}

fn any_amount() -> impl Strategy<Value = u64> {
    prop_oneof![0u64..1_000, any::<u64>(), (u64::MAX - 1_000)..=u64::MAX]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(20_000))]

    #[test]
    fn allocation_conserves_every_token(amount in any_amount(), bps in any_split(),
                                         rails in any_rails(), bal in any_balances()) {
        let a = allocate(amount, bps, &rails, &bal).unwrap();
        let total: u128 = a.amounts.iter().map(|&v| u128::from(v)).sum();
        prop_assert_eq!(total, u128::from(amount));
    }

    #[test]
    fn guard_rails_only_move_tokens(amount in any_amount(), bps in any_split(),
                                    rails in any_rails(), bal in any_balances()) {
        // With or without rails the same total comes out; the rails only redirect.
        let plain = allocate(amount, bps, &Rails::NONE, &bal).unwrap();
        let railed = allocate(amount, bps, &rails, &bal).unwrap();
        let sum = |a: &Allocation| a.amounts.iter().map(|&v| u128::from(v)).sum::<u128>();
        prop_assert_eq!(sum(&plain), sum(&railed));
        // Insurance never passes its cap, discount never passes its cap.
        prop_assert!(u128::from(bal.insurance) + u128::from(railed.amounts[INSURANCE])
            <= u128::from(rails.insurance_cap.max(bal.insurance)));
        prop_assert!(u128::from(bal.discount) + u128::from(railed.amounts[DISCOUNT])
            <= u128::from(rails.discount_cap.max(bal.discount)));
        // The top-up never exceeds its share of the distribution nor the shortfall.
        prop_assert!(u128::from(railed.insurance_topup) * 10_000
            <= u128::from(amount) * u128::from(rails.insurance_topup_max_bps));
        prop_assert!(railed.insurance_topup <= rails.insurance_floor.saturating_sub(bal.insurance));
        // Stakers never receive more than their room.
        prop_assert!(railed.amounts[STAKERS] <= bal.stakers_room);
    }

    #[test]
    fn each_floored_bucket_is_monotone_in_the_input(amount in any_amount(), step in 0u64..1_000,
                                                     bps in any_split(), rails in any_rails(),
                                                     bal in any_balances()) {
        let bigger = amount.saturating_add(step);
        let a = allocate(amount, bps, &rails, &bal).unwrap();
        let b = allocate(bigger, bps, &rails, &bal).unwrap();
        for i in [STAKERS, INSURANCE, DISCOUNT] {
            prop_assert!(b.amounts[i] >= a.amounts[i], "bucket {} fell", BUCKET_NAMES[i]);
        }
        prop_assert!(b.insurance_overflow >= a.insurance_overflow);
        prop_assert!(b.discount_overflow >= a.discount_overflow);
        prop_assert!(b.stakers_overflow >= a.stakers_overflow);
        // Buyback, the remainder's home, is monotone apart from the remainder (< 4 units).
        prop_assert!(b.amounts[BUYBACK] - b.remainder >= a.amounts[BUYBACK] - a.remainder);
        prop_assert!(a.remainder < BUCKETS as u64);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(20_000))]

    /// The split alone: every bucket gets its basis points of the amount rounded down
    /// (checked against the exact u128 product), the shares add up to the amount exactly, and
    /// the rounding remainder, at most one unit per bucket short of a whole (so at most 3), is
    /// buyback's on top of its own share.
    #[test]
    fn a_split_rounds_each_bucket_down_and_gives_the_remainder_to_buyback(
        amount in any_amount(),
        bps in any_split(),
    ) {
        let (shares, remainder) = split_floor(amount, bps).unwrap();
        let exact = |i: usize| u128::from(amount) * u128::from(bps[i]) / 10_000;
        for i in [STAKERS, INSURANCE, DISCOUNT] {
            prop_assert_eq!(u128::from(shares[i]), exact(i), "bucket {}", BUCKET_NAMES[i]);
        }
        prop_assert_eq!(u128::from(shares[BUYBACK]), exact(BUYBACK) + u128::from(remainder));
        prop_assert_eq!(shares.iter().map(|&s| u128::from(s)).sum::<u128>(), u128::from(amount));
        prop_assert!(remainder < BUCKETS as u64);
        // The remainder is what rounding cut off: below one unit in each bucket.
        let cut: u128 = (0..BUCKETS)
            .map(|i| u128::from(amount) * u128::from(bps[i]) - exact(i) * 10_000)
            .sum();
        prop_assert_eq!(u128::from(remainder) * 10_000, cut);
    }

    /// Basis points that do not sum to 10_000 are refused, whatever the amount.
    #[test]
    fn a_split_not_summing_to_ten_thousand_is_refused(
        amount in any_amount(),
        bps in any::<[u16; BUCKETS]>(),
    ) {
        let total: u32 = bps.iter().map(|&b| u32::from(b)).sum();
        prop_assume!(total != 10_000);
        prop_assert_eq!(split_floor(amount, bps), Err(MathError));
    }
}
