//! Every fee token credited to the stakers is accounted for, exactly, through a long
//! randomized run of stakes, unstake requests, withdrawals, claims, distributions and clock
//! warps by many stakers; and no claim ever fails for lack of funds.
use fee_router::error::FeeRouterError;
use fee_router::math::staking::earned_floor;
use fee_router_sdk::pda::VaultKind;
use fee_router_tests::*;
use rand::rngs::SmallRng;
use rand::{Rng, SeedableRng};
use solana_signer::Signer;

const STAKERS: usize = 12;
const STEPS: usize = 2_000;

#[tokio::test]
async fn randomized_staking_run_accounts_for_every_reward_token() {
    let seed = 0x5eed_0004;
    println!("seed {seed:#x}, {STEPS} steps, {STAKERS} stakers");
    let mut rng = SmallRng::seed_from_u64(seed);
    let mut env = TestEnv::start().await;
    let f = RouterFixture::new(&mut env, MintSpec::spl(6), MintSpec::spl(9)).await;
    let mut stakers = vec![];
    for i in 0..STAKERS {
        let funds = [1u64, 1_000, 1_000_000_000, u64::MAX / 64][i % 4];
        stakers.push(f.new_staker(&mut env, funds).await);
    }
    let (fee_payer, fee_token) = f.fee_payer(&mut env, u64::MAX / 2).await;
    let stakers_vault = f.vault(VaultKind::Stakers);
    let mut claimed_by_test = 0u128;
    let mut counts = [0usize; 7];
    let mut dust_max = 0u128;

    for step in 0..STEPS {
        let i = rng.gen_range(0..STAKERS);
        let s = &stakers[i];
        let owner = s.owner.pubkey();
        match rng.gen_range(0..100) {
            0..=19 => {
                let balance = env.balance(&s.protocol_token).await;
                if balance == 0 {
                    continue;
                }
                counts[0] += 1;
                let amount = match rng.gen_range(0..3) {
                    0 => 1,
                    1 => balance,
                    _ => rng.gen_range(1..=balance),
                };
                f.stake(&mut env, s, amount).await.expect_ok("stake");
            }
            20..=32 => {
                counts[1] += 1;
                let position = env
                    .account(&fee_router_sdk::pda::position(&f.router, &owner))
                    .await;
                if position.is_none() {
                    continue;
                }
                let p = f.position(&mut env, &owner).await;
                if p.cooling > 0 || p.active == 0 {
                    let out = f.request_unstake(&mut env, s, 1).await;
                    let expected = if p.cooling > 0 && p.active > 0 {
                        FeeRouterError::UnstakeRequestPending
                    } else {
                        FeeRouterError::UnstakeAmountInvalid
                    };
                    assert_error(&out, expected);
                    continue;
                }
                let amount = rng.gen_range(1..=p.active);
                f.request_unstake(&mut env, s, amount)
                    .await
                    .expect_ok("request_unstake");
            }
            33..=42 => {
                counts[2] += 1;
                let out = f.withdraw(&mut env, s).await;
                if out.result.is_err() {
                    let code = custom_error_code(&out);
                    let allowed = [
                        u32::from(FeeRouterError::WithdrawNothingPending),
                        u32::from(FeeRouterError::WithdrawStillLocked),
                        3007, // AccountOwnedByWrongProgram: no position yet
                    ];
                    assert!(
                        code.is_some_and(|c| allowed.contains(&c)),
                        "step {step}: withdraw {:?}",
                        out.result
                    );
                }
            }
            43..=62 => {
                counts[3] += 1;
                let before = env.balance(&s.fee_token).await;
                let out = f.claim(&mut env, s).await;
                match &out.result {
                    Ok(()) => {
                        claimed_by_test += u128::from(env.balance(&s.fee_token).await - before)
                    }
                    Err(_) => {
                        // Only "nothing to claim" (or no position yet) may fail: never a shortfall.
                        let code = custom_error_code(&out);
                        // 3007: no position yet (the position account is not the program's).
                        let allowed = [u32::from(FeeRouterError::ClaimNothingToClaim), 3007];
                        assert!(
                            code.is_some_and(|c| allowed.contains(&c)),
                            "step {step}: claim {:?}\n{}",
                            out.result,
                            out.logs.join("\n")
                        );
                    }
                }
            }
            63..=77 => {
                counts[4] += 1;
                let amount = match rng.gen_range(0..3) {
                    0 => 1,
                    1 => rng.gen_range(1..1_000_000),
                    _ => rng.gen_range(1..1u64 << 50),
                };
                f.deposit(&mut env, &fee_payer, &fee_token, amount)
                    .await
                    .expect_ok("deposit");
                f.distribute(&mut env).await.expect_ok("distribute");
            }
            78..=82 => {
                counts[5] += 1;
                f.deposit(&mut env, &fee_payer, &fee_token, 1)
                    .await
                    .expect_ok("deposit");
            }
            _ => {
                counts[6] += 1;
                env.warp_seconds(rng.gen_range(1..4 * 86_400));
            }
        }

        // claimed + held in the stakers vault + swept to buyback = credited, to the unit.
        let r = f.state(&mut env).await;
        r.invariant()
            .unwrap_or_else(|e| panic!("step {step}: invariant {e:?}"));
        let st = r.staking;
        let held = u128::from(env.balance(&stakers_vault).await);
        assert_eq!(st.claimed.get(), claimed_by_test, "step {step}: claimed");
        assert_eq!(
            st.claimed.get() + held + st.swept.get(),
            st.credited.get(),
            "step {step}: staker tokens"
        );
        assert_eq!(
            st.credited.get(),
            r.totals.routed[1].get(),
            "step {step}: credited = routed to stakers"
        );

        // The vault covers everything owed: the stream, the stranded, and every position's claim.
        let mut view = r;
        view.update_rewards(env.now).unwrap();
        let rpt = view.staking.reward_per_token.get();
        let mut owed = u128::from(view.staking.stream_remaining)
            + u128::from(view.staking.stranded_unstaked)
            + u128::from(view.staking.stranded_capped);
        let (mut active, mut cooling) = (0u64, 0u64);
        for s in &stakers {
            let address = fee_router_sdk::pda::position(&f.router, &s.owner.pubkey());
            if env.account(&address).await.is_none() {
                continue;
            }
            let p = f.position(&mut env, &s.owner.pubkey()).await;
            owed += u128::from(p.rewards_owed)
                + u128::from(
                    earned_floor(p.active, rpt, p.reward_per_token_paid.get())
                        .unwrap()
                        .0,
                );
            active += p.active;
            cooling += p.cooling;
        }
        assert!(owed <= held, "step {step}: owed {owed} > held {held}");
        dust_max = dust_max.max(held - owed);
        assert_eq!(
            (active, cooling),
            (st.total_active, st.total_cooling),
            "step {step}: stake totals"
        );
        assert_eq!(
            u128::from(env.balance(&f.vault(VaultKind::Stake)).await),
            u128::from(active) + u128::from(cooling)
        );
    }
    let r = f.state(&mut env).await;
    println!(
        "ops: {} stakes, {} unstake requests, {} withdrawals, {} claims, {} distributions, {} deposits, {} warps; \
         credited {}, claimed {}, swept {}, largest rounding dust held {}",
        counts[0], counts[1], counts[2], counts[3], counts[4], counts[5], counts[6],
        r.staking.credited.get(), r.staking.claimed.get(), r.staking.swept.get(), dust_max
    );
    assert!(counts.iter().all(|&c| c > 0), "every operation ran");
    assert!(r.staking.claimed.get() > 0);
}
