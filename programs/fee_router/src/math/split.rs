//! How one distribution is divided among the four buckets.
//!
//! Order of operations (each step conserves tokens, proven by the property tests below):
//! 1. **Insurance floor top-up.** While the insurance vault is below its floor, the
//!    distribution first tops it up, by at most `insurance_topup_max_bps` of the input
//!    (rounded down).
//! 2. **Split.** What is left is split by the stage's basis points, each bucket rounded down.
//!    **The remainder (at most 3 base units) goes to buyback**, its one documented home.
//! 3. **Insurance cap.** Insurance above `insurance_cap` overflows to buyback.
//! 4. **Discount cap.** Discount budget above `discount_cap` overflows to buyback.
//! 5. **Staker room.** A staker share above what the stakers may receive (the yield cap's
//!    room, or nothing while nothing is staked) overflows to buyback.
use super::{mul_div_floor_u64, MathError};

/// Basis points in a whole.
pub const BPS_DENOMINATOR: u16 = 10_000;
/// Number of buckets.
pub const BUCKETS: usize = 4;
/// Bucket indices, in the order every `[_; BUCKETS]` array uses.
pub const BUYBACK: usize = 0;
pub const STAKERS: usize = 1;
pub const INSURANCE: usize = 2;
pub const DISCOUNT: usize = 3;
/// Bucket names in index order.
pub const BUCKET_NAMES: [&str; BUCKETS] = ["buyback", "stakers", "insurance", "discount"];

/// Guard-rail parameters, as plain numbers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rails {
    pub insurance_floor: u64,
    pub insurance_topup_max_bps: u16,
    pub insurance_cap: u64,
    pub discount_cap: u64,
}

impl Rails {
    /// No floor and no caps: the split alone decides.
    pub const NONE: Rails = Rails {
        insurance_floor: 0,
        insurance_topup_max_bps: 0,
        insurance_cap: u64::MAX,
        discount_cap: u64::MAX,
    };
}

/// Vault balances the guard rails look at, before the distribution, and the stakers' room.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Balances {
    pub insurance: u64,
    pub discount: u64,
    /// The most the stakers may receive from this distribution (`u64::MAX`: no limit).
    pub stakers_room: u64,
}

impl Default for Balances {
    fn default() -> Self {
        Self {
            insurance: 0,
            discount: 0,
            stakers_room: u64::MAX,
        }
    }
}

/// The outcome of one distribution.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Allocation {
    /// What each bucket receives, in bucket order; sums to the input exactly.
    pub amounts: [u64; BUCKETS],
    /// Taken first to lift the insurance vault toward its floor (included in `amounts[INSURANCE]`).
    pub insurance_topup: u64,
    /// Insurance share above the cap, sent to buyback instead.
    pub insurance_overflow: u64,
    /// Discount share above the cap, sent to buyback instead.
    pub discount_overflow: u64,
    /// Staker share above the stakers' room, sent to buyback instead.
    pub stakers_overflow: u64,
    /// Rounding remainder of the split, sent to buyback.
    pub remainder: u64,
}

/// Splits `amount` by `bps` (which must sum to 10_000), rounding each bucket down; the
/// remainder goes to buyback. Returns the shares and the remainder.
pub fn split_floor(amount: u64, bps: [u16; BUCKETS]) -> Result<([u64; BUCKETS], u64), MathError> {
    let total: u32 = bps.iter().map(|&b| u32::from(b)).sum();
    if total != u32::from(BPS_DENOMINATOR) {
        return Err(MathError);
    }
    let mut shares = [0u64; BUCKETS];
    let mut assigned = 0u64;
    for (share, &b) in shares.iter_mut().zip(bps.iter()) {
        *share = mul_div_floor_u64(amount, u64::from(b), u64::from(BPS_DENOMINATOR))?;
        assigned = assigned.checked_add(*share).ok_or(MathError)?;
    }
    let remainder = amount.checked_sub(assigned).ok_or(MathError)?;
    shares[BUYBACK] = shares[BUYBACK].checked_add(remainder).ok_or(MathError)?;
    Ok((shares, remainder))
}

/// Divides one distribution of `amount` among the buckets: the split of the stage plus the
/// guard rails, given the vault balances before the distribution.
pub fn allocate(
    amount: u64,
    bps: [u16; BUCKETS],
    rails: &Rails,
    balances: &Balances,
) -> Result<Allocation, MathError> {
    if rails.insurance_topup_max_bps > BPS_DENOMINATOR {
        return Err(MathError);
    }
    // 1. Floor top-up, limited to a share of this distribution.
    let topup_limit = mul_div_floor_u64(
        amount,
        u64::from(rails.insurance_topup_max_bps),
        u64::from(BPS_DENOMINATOR),
    )?;
    let shortfall = rails.insurance_floor.saturating_sub(balances.insurance);
    let insurance_topup = shortfall.min(topup_limit);
    let rest = amount.checked_sub(insurance_topup).ok_or(MathError)?;

    // 2. The stage's split of the rest, remainder to buyback.
    let (mut amounts, remainder) = split_floor(rest, bps)?;
    amounts[INSURANCE] = amounts[INSURANCE]
        .checked_add(insurance_topup)
        .ok_or(MathError)?;

    // 3. Insurance above its cap overflows to buyback.
    let insurance_room = rails.insurance_cap.saturating_sub(balances.insurance);
    let insurance_overflow = amounts[INSURANCE].saturating_sub(insurance_room);
    amounts[INSURANCE] -= insurance_overflow;
    amounts[BUYBACK] = amounts[BUYBACK]
        .checked_add(insurance_overflow)
        .ok_or(MathError)?;

    // 4. Discount budget above its cap overflows to buyback.
    let discount_room = rails.discount_cap.saturating_sub(balances.discount);
    let discount_overflow = amounts[DISCOUNT].saturating_sub(discount_room);
    amounts[DISCOUNT] -= discount_overflow;
    amounts[BUYBACK] = amounts[BUYBACK]
        .checked_add(discount_overflow)
        .ok_or(MathError)?;

    // 5. Staker share above the stakers' room overflows to buyback.
    let stakers_overflow = amounts[STAKERS].saturating_sub(balances.stakers_room);
    amounts[STAKERS] -= stakers_overflow;
    amounts[BUYBACK] = amounts[BUYBACK]
        .checked_add(stakers_overflow)
        .ok_or(MathError)?;

    Ok(Allocation {
        amounts,
        insurance_topup,
        insurance_overflow,
        discount_overflow,
        stakers_overflow,
        remainder,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
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
        (any::<u64>(), any::<u64>(), room).prop_map(|(insurance, discount, stakers_room)| {
            Balances {
                insurance,
                discount,
                stakers_room,
            }
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
}
