//! SPEC §3 (Conservation), §4 (Staking): every fee token credited to the stakers is accounted
//! for, exactly, through a long randomized run of stakes, unstake requests, withdrawals,
//! claims, distributions, dust distributions, flash stakes around distributions, donations and
//! sweeps, yield-cap and stream changes and clock warps by many stakers; and no claim ever
//! fails for lack of funds.
use fee_router::error::FeeRouterError;
use fee_router::math::staking::earned_floor;
use fee_router_sdk::{ix, pda::VaultKind};
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
    let mut counts = [0usize; 11];
    let mut donated = 0u128;
    // Stakers that only ever flash: stake, distribute and ask to leave in one transaction.
    let mut flashers = vec![];
    for _ in 0..3 {
        flashers.push(f.new_staker(&mut env, 1u64 << 60).await);
    }
    let (donor, donor_fee) = f.fee_payer(&mut env, 1u64 << 40).await;
    let donor_protocol = env
        .funded_token_account(&f.protocol_mint, &donor.pubkey(), 1u64 << 40)
        .await;
    let mut dust_max = 0u128;

    for step in 0..STEPS {
        let i = rng.gen_range(0..STAKERS);
        let s = &stakers[i];
        let owner = s.owner.pubkey();
        match rng.gen_range(0..100) {
            0..=17 => {
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
            18..=29 => {
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
            30..=38 => {
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
            39..=55 => {
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
            56..=67 => {
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
            68..=71 => {
                counts[5] += 1;
                f.deposit(&mut env, &fee_payer, &fee_token, 1)
                    .await
                    .expect_ok("deposit");
            }
            72..=75 => {
                // Dust: a distribution that gives the stakers a unit or three.
                counts[7] += 1;
                f.deposit(&mut env, &fee_payer, &fee_token, rng.gen_range(4..=10))
                    .await
                    .expect_ok("dust deposit");
                f.distribute(&mut env).await.expect_ok("dust distribution");
            }
            76..=78 => {
                // A flash stake around a distribution, in one transaction.
                let flasher = &flashers[rng.gen_range(0..flashers.len())];
                let fowner = flasher.owner.pubkey();
                let mut ixs = vec![];
                let position = fee_router_sdk::pda::position(&f.router, &fowner);
                if env.account(&position).await.is_some() {
                    let p = f.position(&mut env, &fowner).await;
                    if p.cooling > 0 {
                        if env.now < p.unlock_at {
                            continue;
                        }
                        ixs.push(ix::withdraw_unstaked(
                            &f.protocol_side(),
                            &fowner,
                            &flasher.protocol_token,
                        ));
                    }
                }
                counts[8] += 1;
                let amount = rng.gen_range(1..1u64 << 50);
                f.deposit(
                    &mut env,
                    &fee_payer,
                    &fee_token,
                    rng.gen_range(1..1u64 << 40),
                )
                .await
                .expect_ok("deposit");
                ixs.extend(f.stake_ixs(&mut env, flasher, amount).await);
                ixs.push(ix::distribute(&f.side()));
                ixs.push(ix::request_unstake(&f.router, &fowner, amount));
                env.send_ok(&ixs, &[&flasher.owner], "flash stake").await;
            }
            79..=81 => {
                // Donations to both vaults, swept: fees to buyback, protocol tokens burned.
                counts[9] += 1;
                let amount = rng.gen_range(1..1_000_000);
                env.transfer(&f.fee_mint, &donor_fee, &stakers_vault, &donor, amount)
                    .await
                    .expect_ok("donate fees");
                donated += u128::from(amount);
                env.send_ok(
                    &[ix::sweep_rewards_surplus(&f.side())],
                    &[],
                    "sweep rewards",
                )
                .await;
                let stake_vault = f.vault(VaultKind::Stake);
                env.transfer(
                    &f.protocol_mint,
                    &donor_protocol,
                    &stake_vault,
                    &donor,
                    amount,
                )
                .await
                .expect_ok("donate stake");
                env.send_ok(
                    &[ix::sweep_stake_surplus(&f.protocol_side())],
                    &[],
                    "sweep stake",
                )
                .await;
            }
            82..=83 => {
                // Governance moves the yield cap and the stream period.
                counts[10] += 1;
                let params = fee_router::state::StakingParams {
                    cooldown_seconds: [0, 86_400, 7 * 86_400][rng.gen_range(0..3)],
                    stream_period_seconds: [60, 86_400, 7 * 86_400][rng.gen_range(0..3)],
                    yield_cap_scaled: [u64::MAX, u64::MAX - 1, 1 << 40, 1 << 20, 0]
                        [rng.gen_range(0..5)],
                };
                env.send_ok(
                    &[ix::set_staking_params(
                        &f.router,
                        &f.authority.pubkey(),
                        params,
                    )],
                    &[&f.authority],
                    "params",
                )
                .await;
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
            st.claimed.get() + held + st.swept.get() + st.surplus_swept.get(),
            st.credited.get() + donated,
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
        for s in stakers.iter().chain(flashers.iter()) {
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
        "ops: {} stakes, {} unstake requests, {} withdrawals, {} claims, {} distributions, {} deposits, {} warps, \
         {} dust distributions, {} flash stakes, {} donations swept, {} parameter changes; \
         credited {}, claimed {}, swept {}, surplus swept {}, capped {}, largest rounding dust held {}",
        counts[0], counts[1], counts[2], counts[3], counts[4], counts[5], counts[6],
        counts[7], counts[8], counts[9], counts[10],
        r.staking.credited.get(), r.staking.claimed.get(), r.staking.swept.get(),
        r.staking.surplus_swept.get(), r.staking.capped.get(), dust_max
    );
    assert!(counts.iter().all(|&c| c > 0), "every operation ran");
    assert!(r.staking.claimed.get() > 0);
}
