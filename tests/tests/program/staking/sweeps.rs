//! SPEC §3 (Conservation): tokens outside the accounting are not stuck: donations to the
//! stakers vault and whole units of accumulator dust go to buyback, donations to the stake
//! vault are burned; nothing owed to anyone ever moves, and conservation holds to the base
//! unit.
use fee_router::error::FeeRouterError;
use fee_router::events::{RewardsSurplusSwept, StakeSurplusBurned};
use fee_router_sdk::{ix, pda::VaultKind};
use fee_router_tests::*;
use solana_signer::Signer;

const WEEK: i64 = 7 * 86_400;

#[tokio::test]
async fn a_donation_to_the_stakers_vault_is_swept_to_buyback_and_nothing_owed_moves() {
    let mut env = TestEnv::start().await;
    let f = RouterFixture::new(&mut env, MintSpec::spl(6), MintSpec::spl(9)).await;
    let s = f.new_staker(&mut env, 1_000).await;
    f.stake(&mut env, &s, 1_000).await.expect_ok("stake");
    f.deposit_fresh(&mut env, 10_000).await;
    f.distribute(&mut env).await.expect_ok("distribute");
    env.warp_seconds(WEEK / 2);

    // Nothing above the ledger yet.
    let before = f.snapshot(&mut env).await;
    assert_error(
        &env.send(&[ix::sweep_rewards_surplus(&f.side())], &[]).await,
        FeeRouterError::SweepNothingToSweep,
    );
    assert_eq!(f.snapshot(&mut env).await, before);

    let (donor, donor_token) = f.fee_payer(&mut env, 777).await;
    env.transfer(
        &f.fee_mint,
        &donor_token,
        &f.vault(VaultKind::Stakers),
        &donor,
        777,
    )
    .await
    .expect_ok("donation");
    let buyback_before = env.balance(&f.vault(VaultKind::Buyback)).await;
    let out = env
        .send(&[ix::sweep_rewards_surplus(&f.side())], &[])
        .await
        .expect_ok("sweep");
    let e = &events::<RewardsSurplusSwept>(&out)[0];
    assert_eq!((e.surplus, e.arrived, e.withheld), (777, 777, 0));
    assert_eq!(
        env.balance(&f.vault(VaultKind::Buyback)).await,
        buyback_before + 777
    );
    assert_eq!(f.state(&mut env).await.staking.surplus_swept.get(), 777);

    // The staker still receives its whole share.
    env.warp_seconds(WEEK);
    f.claim(&mut env, &s).await.expect_ok("claim");
    assert_eq!(env.balance(&s.fee_token).await, 3_000);
    assert_eq!(env.balance(&f.vault(VaultKind::Stakers)).await, 0);
}

#[tokio::test]
async fn whole_units_of_rounding_dust_are_swept_once_no_position_can_claim_them() {
    let mut env = TestEnv::start().await;
    let f = RouterFixture::new(&mut env, MintSpec::spl(6), MintSpec::spl(9)).await;
    // Three stakes of 1 share every release three ways: each claim rounds a third away.
    let mut stakers = vec![];
    for _ in 0..3 {
        let s = f.new_staker(&mut env, 1).await;
        f.stake(&mut env, &s, 1).await.expect_ok("stake");
        stakers.push(s);
    }
    for round in 0..12 {
        f.deposit_fresh(&mut env, 1_000 + round).await;
        f.distribute(&mut env).await.expect_ok("distribute");
        env.warp_seconds(WEEK);
        for s in &stakers {
            f.claim(&mut env, s).await.expect_ok("claim");
        }
    }
    let r = f.state(&mut env).await;
    let vault = u128::from(env.balance(&f.vault(VaultKind::Stakers)).await);
    let owed = r.stakers_vault_liability().unwrap();
    let dust = r.staking.dust.get();
    println!("after 36 claims: stakers vault {vault}, owed {owed}, known dust {dust}");
    assert!(dust > 0, "rounding left whole units to no one");
    assert_eq!(vault - owed, dust, "the surplus is exactly the known dust");
    let out = env
        .send(&[ix::sweep_rewards_surplus(&f.side())], &[])
        .await
        .expect_ok("sweep dust");
    assert_eq!(
        u128::from(events::<RewardsSurplusSwept>(&out)[0].surplus),
        dust
    );
    // What is left still covers every position's claim.
    let r = f.state(&mut env).await;
    assert!(
        u128::from(env.balance(&f.vault(VaultKind::Stakers)).await)
            >= r.stakers_vault_liability().unwrap()
    );
    assert_error(
        &env.send(&[ix::sweep_rewards_surplus(&f.side())], &[]).await,
        FeeRouterError::SweepNothingToSweep,
    );
}

#[tokio::test]
async fn a_donation_to_the_stake_vault_is_burned_and_the_supply_shows_it() {
    let mut env = TestEnv::start().await;
    let f = RouterFixture::new(&mut env, MintSpec::spl(6), MintSpec::spl(9)).await;
    let s = f.new_staker(&mut env, 5_000).await;
    f.stake(&mut env, &s, 5_000).await.expect_ok("stake");
    assert_error(
        &env.send(&[ix::sweep_stake_surplus(&f.protocol_side())], &[])
            .await,
        FeeRouterError::SweepNothingToSweep,
    );
    let donor = f.new_staker(&mut env, 321).await;
    env.transfer(
        &f.protocol_mint,
        &donor.protocol_token,
        &f.vault(VaultKind::Stake),
        &donor.owner,
        321,
    )
    .await
    .expect_ok("donation");
    let supply_before = env.mint_supply(&f.protocol_mint).await;
    let out = env
        .send(&[ix::sweep_stake_surplus(&f.protocol_side())], &[])
        .await
        .expect_ok("burn");
    let e = &events::<StakeSurplusBurned>(&out)[0];
    assert_eq!((e.burned, e.owed), (321, 5_000));
    assert_eq!(supply_before - env.mint_supply(&f.protocol_mint).await, 321);
    assert_eq!(
        f.state(&mut env).await.stake_totals.surplus_burned.get(),
        321
    );
    assert_eq!(env.balance(&f.vault(VaultKind::Stake)).await, 5_000);

    // The staker's principal is all there.
    f.request_unstake(&mut env, &s, 5_000)
        .await
        .expect_ok("request");
    env.warp_seconds(WEEK);
    f.withdraw(&mut env, &s).await.expect_ok("withdraw");
    assert_eq!(env.balance(&s.protocol_token).await, 5_000);
}

// attack: sweep_rewards_surplus, sweep_stake_surplus: paused
#[tokio::test]
async fn sweeps_pause_with_distribution() {
    let mut env = TestEnv::start().await;
    let f = RouterFixture::new(&mut env, MintSpec::spl(6), MintSpec::spl(9)).await;
    let pause = ix::pause(
        &f.router,
        &f.guardian.pubkey(),
        fee_router::state::pause::PAUSE_DISTRIBUTE,
    );
    env.send_ok(&[pause], &[&f.guardian], "pause").await;
    for ix in [
        ix::sweep_rewards_surplus(&f.side()),
        ix::sweep_stake_surplus(&f.protocol_side()),
    ] {
        assert_error(
            &env.send(&[ix], &[]).await,
            FeeRouterError::PauseOperationPaused,
        );
    }
}
