//! SPEC §4 (Staking): stake, unstake, withdraw and claim move exactly what they say; rewards
//! follow active stake, stake in cooldown earns nothing and a reward sandwich almost nothing;
//! the yield cap and an empty pool send the staker share to buyback; a cooldown change leaves
//! pending requests as they were; a pause never blocks withdrawal or claims; bad parameters,
//! callers and substituted accounts are refused.
use anchor_lang::error::ErrorCode;
use fee_router::error::FeeRouterError;
use fee_router::events::{Bucket, FeesDistributed, RedirectReason, Redirection};
use fee_router::math::staking::{cap_allowance_floor, YIELD_CAP_SCALE};
use fee_router::state::pause::{PAUSE_ALL, PAUSE_STAKE};
use fee_router::state::{StakingParams, DEFAULT_STAKING_PARAMS};
use fee_router_sdk::{ix, pda, pda::VaultKind};
use fee_router_tests::*;
use solana_signer::Signer;

const DAY: i64 = 86_400;
const WEEK: i64 = 7 * DAY;

async fn router(env: &mut TestEnv) -> RouterFixture {
    RouterFixture::new(env, MintSpec::spl(6), MintSpec::spl(9)).await
}

#[tokio::test]
async fn stake_unstake_withdraw_and_claim_move_exactly_what_they_say() {
    let mut env = TestEnv::start().await;
    let f = router(&mut env).await;
    let s = f.new_staker(&mut env, 1_000).await;
    // The first stake opens the position in the same transaction.
    f.stake(&mut env, &s, 600).await.expect_ok("stake");
    let out = f.stake(&mut env, &s, 400).await.expect_ok("stake again");
    println!("compute units: stake = {}", out.compute_units);
    assert!(
        out.compute_units <= fee_router_tests::cu::budget("stake", "spl"),
        "stake used {}",
        out.compute_units
    );
    assert_eq!(env.balance(&f.vault(VaultKind::Stake)).await, 1_000);
    let p = f.position(&mut env, &s.owner.pubkey()).await;
    assert_eq!(
        (p.router, p.owner, p.active, p.cooling),
        (f.router, s.owner.pubkey(), 1_000, 0)
    );

    // A week of fees streams to the only staker.
    f.deposit_fresh(&mut env, 10_000).await;
    f.distribute(&mut env).await.expect_ok("distribute");
    env.warp_seconds(WEEK);
    let out = f.claim(&mut env, &s).await.expect_ok("claim");
    println!("compute units: claim_rewards = {}", out.compute_units);
    assert!(
        out.compute_units <= fee_router_tests::cu::budget("claim_rewards", "spl"),
        "claim used {}",
        out.compute_units
    );
    assert_eq!(
        env.balance(&s.fee_token).await,
        3_000,
        "the Early staker share, all streamed"
    );
    assert_eq!(env.balance(&f.vault(VaultKind::Stakers)).await, 0);

    let out = f
        .request_unstake(&mut env, &s, 250)
        .await
        .expect_ok("request");
    println!("compute units: request_unstake = {}", out.compute_units);
    assert!(
        out.compute_units <= fee_router_tests::cu::budget("request_unstake", "spl"),
        "request_unstake used {}",
        out.compute_units
    );
    let p = f.position(&mut env, &s.owner.pubkey()).await;
    assert_eq!(
        (p.active, p.cooling, p.unlock_at),
        (750, 250, env.now + WEEK)
    );
    env.warp_seconds(WEEK);
    let out = f.withdraw(&mut env, &s).await.expect_ok("withdraw");
    println!("compute units: withdraw_unstaked = {}", out.compute_units);
    assert!(
        out.compute_units <= fee_router_tests::cu::budget("withdraw_unstaked", "spl"),
        "withdraw used {}",
        out.compute_units
    );
    assert_eq!(env.balance(&s.protocol_token).await, 250);
    let r = f.state(&mut env).await;
    assert_eq!((r.staking.total_active, r.staking.total_cooling), (750, 0));
}

#[tokio::test]
async fn a_reward_sandwich_earns_under_one_percent_of_the_distribution() {
    let mut env = TestEnv::start().await;
    let f = router(&mut env).await;
    let honest = f.new_staker(&mut env, 1_000_000).await;
    let attacker = f.new_staker(&mut env, 10_000_000).await;
    f.stake(&mut env, &honest, 1_000_000)
        .await
        .expect_ok("honest stake");
    env.warp_seconds(30 * DAY);

    let fees = 1_000_000_000;
    f.deposit_fresh(&mut env, fees).await;
    // The attacker stakes ten times the honest stake one second before the distribution ...
    env.warp_seconds(1);
    f.stake(&mut env, &attacker, 10_000_000)
        .await
        .expect_ok("attacker stake");
    env.warp_seconds(1);
    let out = f.distribute(&mut env).await.expect_ok("distribute");
    let staker_share = events::<FeesDistributed>(&out)[0].amounts[1];
    // ... and asks to leave right after.
    env.warp_seconds(1);
    f.request_unstake(&mut env, &attacker, 10_000_000)
        .await
        .expect_ok("attacker unstake");
    let earned = f.claim(&mut env, &attacker).await;
    let got = if earned.result.is_ok() {
        env.balance(&attacker.fee_token).await
    } else {
        0
    };
    let share = got as f64 / staker_share as f64;
    println!(
        "reward sandwich: attacker earned {got} of a {staker_share} staker share ({:.6}%)",
        share * 100.0
    );
    assert!(share < 0.01, "the sandwich earned {:.4}%", share * 100.0);

    // The honest staker receives the rest as it streams.
    env.warp_seconds(WEEK);
    f.claim(&mut env, &honest).await.expect_ok("honest claim");
    let honest_got = env.balance(&honest.fee_token).await;
    assert!(
        honest_got + got <= staker_share && staker_share - honest_got - got <= 4,
        "{honest_got} + {got} vs {staker_share}"
    );
}

#[tokio::test]
async fn stakes_in_ratio_earn_rewards_in_the_same_ratio() {
    let mut env = TestEnv::start().await;
    let f = router(&mut env).await;
    let (a, b) = (3_000_000u64, 7_000_000u64);
    let sa = f.new_staker(&mut env, a).await;
    let sb = f.new_staker(&mut env, b).await;
    f.stake(&mut env, &sa, a).await.expect_ok("stake a");
    f.stake(&mut env, &sb, b).await.expect_ok("stake b");
    f.deposit_fresh(&mut env, 123_456_789).await;
    f.distribute(&mut env).await.expect_ok("distribute");
    for day in 0..7 {
        env.warp_seconds(DAY + day * 37);
        f.claim(&mut env, &sa).await.expect_ok("claim a");
        f.claim(&mut env, &sb).await.expect_ok("claim b");
    }
    let (ea, eb) = (
        env.balance(&sa.fee_token).await,
        env.balance(&sb.fee_token).await,
    );
    println!("ratio: a earned {ea}, b earned {eb} for stakes {a}:{b}");
    // ea/eb = a/b to within one base unit per claim (7 claims each).
    let (lhs, rhs) = (
        u128::from(ea) * u128::from(b),
        u128::from(eb) * u128::from(a),
    );
    assert!(
        lhs.abs_diff(rhs) <= 7 * u128::from(a.max(b)),
        "{ea}:{eb} is not {a}:{b}"
    );
    assert!(
        ea + eb <= 37_037_036 && 37_037_036 - (ea + eb) <= 14,
        "paid {} of 37_037_036",
        ea + eb
    );
}

#[tokio::test]
async fn stake_in_cooldown_earns_nothing() {
    let mut env = TestEnv::start().await;
    let f = router(&mut env).await;
    let (stays, leaves) = (
        f.new_staker(&mut env, 1_000).await,
        f.new_staker(&mut env, 1_000).await,
    );
    f.stake(&mut env, &stays, 1_000).await.expect_ok("stake");
    f.stake(&mut env, &leaves, 1_000).await.expect_ok("stake");
    f.request_unstake(&mut env, &leaves, 1_000)
        .await
        .expect_ok("request");
    f.deposit_fresh(&mut env, 10_000).await;
    f.distribute(&mut env).await.expect_ok("distribute");
    env.warp_seconds(WEEK);
    assert_error(
        &f.claim(&mut env, &leaves).await,
        FeeRouterError::ClaimNothingToClaim,
    );
    f.claim(&mut env, &stays).await.expect_ok("claim");
    assert_eq!(env.balance(&stays.fee_token).await, 3_000);
}

#[tokio::test]
async fn the_yield_cap_redirects_exactly_the_excess_to_buyback() {
    let mut env = TestEnv::start().await;
    let f = router(&mut env).await;
    let s = f.new_staker(&mut env, 1_000_000_000).await;
    f.stake(&mut env, &s, 1_000_000_000)
        .await
        .expect_ok("stake");
    // 0.05 fee unit per staked unit per year.
    let params = StakingParams {
        yield_cap_scaled: (YIELD_CAP_SCALE / 20) as u64,
        ..DEFAULT_STAKING_PARAMS
    };
    let ix = ix::set_staking_params(&f.router, &f.authority.pubkey(), params);
    let out = env
        .send_ok(&[ix], &[&f.authority], "set_staking_params")
        .await;
    println!("compute units: set_staking_params = {}", out.compute_units);

    f.deposit_fresh(&mut env, 10_000_000).await;
    let out = f.distribute(&mut env).await.expect_ok("distribute");
    let room = cap_allowance_floor(
        params.yield_cap_scaled,
        1_000_000_000,
        params.stream_period_seconds,
    );
    assert_eq!(room, 958_904, "1e9 staked at 5% a year for a week");
    let e = &events::<FeesDistributed>(&out)[0];
    assert_eq!(
        e.amounts,
        [1_500_000 + (3_000_000 - room), room, 1_000_000, 4_500_000]
    );
    assert_eq!(
        e.redirections,
        vec![Redirection {
            reason: RedirectReason::StakerYieldCap,
            to: Bucket::Buyback,
            amount: 3_000_000 - room
        }]
    );
    // A second distribution at once finds the stream full: all of its staker share is held back.
    f.deposit_fresh(&mut env, 10_000_000).await;
    let out = f.distribute(&mut env).await.expect_ok("distribute");
    let e = &events::<FeesDistributed>(&out)[0];
    assert_eq!(e.amounts[1], 0);
    assert!(e.redirections.contains(&Redirection {
        reason: RedirectReason::StakerYieldCap,
        to: Bucket::Buyback,
        amount: 3_000_000
    }));
}

#[tokio::test]
async fn with_nothing_staked_the_whole_staker_share_goes_to_buyback() {
    let mut env = TestEnv::start().await;
    let f = router(&mut env).await;
    f.deposit_fresh(&mut env, 10_000_000).await;
    let out = f.distribute(&mut env).await.expect_ok("distribute");
    let e = &events::<FeesDistributed>(&out)[0];
    assert_eq!(e.amounts, [4_500_000, 0, 1_000_000, 4_500_000]);
    assert_eq!(
        e.redirections,
        vec![Redirection {
            reason: RedirectReason::NoStake,
            to: Bucket::Buyback,
            amount: 3_000_000
        }]
    );
}

#[tokio::test]
async fn rewards_released_while_nothing_is_staked_go_to_buyback_at_the_next_distribution() {
    let mut env = TestEnv::start().await;
    let f = router(&mut env).await;
    let s = f.new_staker(&mut env, 1_000).await;
    f.stake(&mut env, &s, 1_000).await.expect_ok("stake");
    f.deposit_fresh(&mut env, 70_000).await;
    f.distribute(&mut env).await.expect_ok("distribute");
    // The only staker leaves after one day: six days of the stream have no one to pay.
    env.warp_seconds(DAY);
    f.request_unstake(&mut env, &s, 1_000)
        .await
        .expect_ok("leave");
    env.warp_seconds(WEEK);
    f.deposit_fresh(&mut env, 10).await;
    let before = f.bucket_balances(&mut env).await;
    let out = f.distribute(&mut env).await.expect_ok("distribute");
    println!(
        "compute units: distribute with a sweep = {}",
        out.compute_units
    );
    // The vaults held tokens before, and the sweep moved stakers -> buyback in the same
    // distribution: the event's balances are the chain's, before and after, and SPL Token
    // withheld nothing.
    let e = &events::<FeesDistributed>(&out)[0];
    assert_ne!(before, [0; 4]);
    assert_eq!(e.vaults_before, before);
    assert_eq!(e.vaults_after, f.bucket_balances(&mut env).await);
    assert_eq!(e.withheld, 0);
    assert_eq!(e.credited, e.amounts);
    assert!(
        out.compute_units <= fee_router_tests::cu::budget("distribute", "spl_stranded_sweep"),
        "distribute used {}",
        out.compute_units
    );
    let e = &events::<FeesDistributed>(&out)[0];
    // The staker share was 21_000; a day of it (3_000) was earned, the rest released unstaked.
    let swept = e
        .redirections
        .iter()
        .find(|r| r.reason == RedirectReason::UnstakedRewardsSwept)
        .expect("swept");
    assert_eq!(swept.amount, 18_000);
    f.claim(&mut env, &s)
        .await
        .expect_ok("claim the day it earned");
    assert_eq!(env.balance(&s.fee_token).await, 3_000);
    assert_eq!(
        env.balance(&f.vault(VaultKind::Stakers)).await,
        0,
        "nothing stranded"
    );
    let r = f.state(&mut env).await;
    assert_eq!(
        r.staking.credited.get(),
        r.staking.claimed.get() + r.staking.swept.get()
    );
}

#[tokio::test]
async fn a_cooldown_change_leaves_a_pending_request_as_it_was() {
    let mut env = TestEnv::start().await;
    let f = router(&mut env).await;
    let s = f.new_staker(&mut env, 1_000).await;
    f.stake(&mut env, &s, 1_000).await.expect_ok("stake");
    f.request_unstake(&mut env, &s, 400)
        .await
        .expect_ok("request");
    let unlock = f.position(&mut env, &s.owner.pubkey()).await.unlock_at;
    assert_eq!(unlock, env.now + WEEK);
    // Governance lengthens the cooldown to 30 days: the pending request keeps its unlock time.
    let params = StakingParams {
        cooldown_seconds: 30 * DAY as u64,
        ..DEFAULT_STAKING_PARAMS
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
    assert_eq!(
        f.position(&mut env, &s.owner.pubkey()).await.unlock_at,
        unlock
    );
    env.warp_seconds(WEEK);
    f.withdraw(&mut env, &s)
        .await
        .expect_ok("withdraw on the original schedule");
    // A request made after the change gets the new cooldown.
    f.request_unstake(&mut env, &s, 100)
        .await
        .expect_ok("request");
    assert_eq!(
        f.position(&mut env, &s.owner.pubkey()).await.unlock_at,
        env.now + 30 * DAY
    );
}

// attack: request_unstake, withdraw_unstaked, claim_rewards: amounts
#[tokio::test]
async fn unstake_and_withdraw_rules_are_enforced_with_typed_errors() {
    let mut env = TestEnv::start().await;
    let f = router(&mut env).await;
    let s = f.new_staker(&mut env, 1_000).await;
    assert_error(
        &f.stake(&mut env, &s, 0).await,
        FeeRouterError::StakeZeroAmount,
    );
    f.stake(&mut env, &s, 1_000).await.expect_ok("stake");
    let before = f.snapshot(&mut env).await;
    assert_error(
        &f.request_unstake(&mut env, &s, 0).await,
        FeeRouterError::UnstakeAmountInvalid,
    );
    assert_error(
        &f.request_unstake(&mut env, &s, 1_001).await,
        FeeRouterError::UnstakeAmountInvalid,
    );
    assert_error(
        &f.withdraw(&mut env, &s).await,
        FeeRouterError::WithdrawNothingPending,
    );
    assert_error(
        &f.claim(&mut env, &s).await,
        FeeRouterError::ClaimNothingToClaim,
    );
    assert_eq!(f.snapshot(&mut env).await, before);
    f.request_unstake(&mut env, &s, 500)
        .await
        .expect_ok("request");
    assert_error(
        &f.request_unstake(&mut env, &s, 1).await,
        FeeRouterError::UnstakeRequestPending,
    );
    env.warp_seconds(WEEK - 2);
    let before = f.snapshot(&mut env).await;
    assert_error(
        &f.withdraw(&mut env, &s).await,
        FeeRouterError::WithdrawStillLocked,
    );
    assert_eq!(f.snapshot(&mut env).await, before);
    env.warp_seconds(2);
    f.withdraw(&mut env, &s)
        .await
        .expect_ok("withdraw at the unlock time");
}

// attack: cancel_unstake: paused
#[tokio::test]
async fn a_pending_unstake_cancelled_is_active_again_and_counts_as_stake_added_now() {
    let mut env = TestEnv::start().await;
    let f = router(&mut env).await;
    let s = f.new_staker(&mut env, 1_000).await;
    let owner = s.owner.pubkey();
    let cancel = ix::cancel_unstake(&f.router, &owner);
    // Nothing pending: refused, nothing changes.
    f.stake(&mut env, &s, 1_000).await.expect_ok("stake");
    let before = f.snapshot(&mut env).await;
    assert_error(
        &env.send(std::slice::from_ref(&cancel), &[&s.owner]).await,
        FeeRouterError::WithdrawNothingPending,
    );
    assert_eq!(f.snapshot(&mut env).await, before);
    env.warp_seconds(2 * DAY);
    f.request_unstake(&mut env, &s, 400)
        .await
        .expect_ok("request");
    env.warp_seconds(DAY);
    // Another key cannot cancel it, nor can it while staking is paused.
    let thief = env.funded_user(1).await;
    let mut stolen = cancel.clone();
    stolen.accounts[0].pubkey = thief.pubkey();
    let before = f.snapshot(&mut env).await;
    assert_error(
        &env.send(&[stolen], &[&thief]).await,
        FeeRouterError::AccessPositionOwnerRequired,
    );
    assert_eq!(f.snapshot(&mut env).await, before);
    env.send_ok(
        &[ix::pause(&f.router, &f.guardian.pubkey(), PAUSE_STAKE)],
        &[&f.guardian],
        "pause staking",
    )
    .await;
    assert_error(
        &env.send(std::slice::from_ref(&cancel), &[&s.owner]).await,
        FeeRouterError::PauseOperationPaused,
    );
    env.send_ok(
        &[ix::unpause(&f.router, &f.guardian.pubkey(), PAUSE_STAKE)],
        &[&f.guardian],
        "unpause",
    )
    .await;
    assert_eq!(f.position(&mut env, &owner).await.cooling, 400);
    env.send_ok(std::slice::from_ref(&cancel), &[&s.owner], "cancel")
        .await;
    let p = f.position(&mut env, &owner).await;
    assert_eq!((p.active, p.cooling), (1_000, 0));
    let st = f.state(&mut env).await.staking;
    assert_eq!((st.total_active, st.total_cooling), (1_000, 0));
    // The 400 count as stake added now (no vote on older proposals, a new warm-up); the 600
    // never left keep their standing.
    assert_eq!(p.added_since(env.now), 400);
    assert_eq!(p.added_since(env.now - DAY), 400);
    // Cancelled once: a second cancel and a withdrawal find nothing pending.
    assert_error(
        &env.send(&[cancel], &[&s.owner]).await,
        FeeRouterError::WithdrawNothingPending,
    );
    env.warp_seconds(WEEK);
    assert_error(
        &f.withdraw(&mut env, &s).await,
        FeeRouterError::WithdrawNothingPending,
    );
}

// attack: set_staking_params: amounts, wrong_signer
#[tokio::test]
async fn staking_params_out_of_bounds_or_by_a_non_authority_are_refused() {
    let mut env = TestEnv::start().await;
    let f = router(&mut env).await;
    for params in [
        StakingParams {
            stream_period_seconds: 0,
            ..DEFAULT_STAKING_PARAMS
        },
        StakingParams {
            stream_period_seconds: 366 * DAY as u64,
            ..DEFAULT_STAKING_PARAMS
        },
        StakingParams {
            cooldown_seconds: 366 * DAY as u64,
            ..DEFAULT_STAKING_PARAMS
        },
    ] {
        let before = f.snapshot(&mut env).await;
        let out = env
            .send(
                &[ix::set_staking_params(
                    &f.router,
                    &f.authority.pubkey(),
                    params,
                )],
                &[&f.authority],
            )
            .await;
        assert_error(&out, FeeRouterError::SetterStakingParamsOutOfBounds);
        assert_eq!(f.snapshot(&mut env).await, before);
    }
    let out = env
        .send(
            &[ix::set_staking_params(
                &f.router,
                &f.guardian.pubkey(),
                DEFAULT_STAKING_PARAMS,
            )],
            &[&f.guardian],
        )
        .await;
    assert_error(&out, FeeRouterError::AccessAuthorityRequired);
}

// attack: stake: paused
#[tokio::test]
async fn a_pause_blocks_new_stake_but_never_withdrawal_or_claims() {
    let mut env = TestEnv::start().await;
    let f = router(&mut env).await;
    let s = f.new_staker(&mut env, 2_000).await;
    f.stake(&mut env, &s, 1_000).await.expect_ok("stake");
    f.deposit_fresh(&mut env, 10_000).await;
    f.distribute(&mut env).await.expect_ok("distribute");
    env.warp_seconds(DAY);
    f.request_unstake(&mut env, &s, 1_000)
        .await
        .expect_ok("request");
    env.send_ok(
        &[ix::pause(&f.router, &f.guardian.pubkey(), PAUSE_ALL)],
        &[&f.guardian],
        "pause all",
    )
    .await;
    let before = f.snapshot(&mut env).await;
    assert_error(
        &f.stake(&mut env, &s, 1_000).await,
        FeeRouterError::PauseOperationPaused,
    );
    assert_eq!(f.snapshot(&mut env).await, before);
    env.warp_seconds(WEEK);
    f.withdraw(&mut env, &s)
        .await
        .expect_ok("withdraw while paused");
    f.claim(&mut env, &s).await.expect_ok("claim while paused");
    assert_eq!(env.balance(&s.protocol_token).await, 2_000);
    assert!(env.balance(&s.fee_token).await > 0);
    env.send_ok(
        &[ix::unpause(&f.router, &f.guardian.pubkey(), PAUSE_STAKE)],
        &[&f.guardian],
        "unpause",
    )
    .await;
    f.stake(&mut env, &s, 10)
        .await
        .expect_ok("stake after unpause");
}

async fn accounts(
    env: &mut TestEnv,
    addresses: &[anchor_lang::prelude::Pubkey],
) -> Vec<Option<solana_account::Account>> {
    let mut out = vec![];
    for a in addresses {
        out.push(env.account(a).await);
    }
    out
}

// attack: withdraw_unstaked: wrong_signer, other_router, wrong_mint, missing_signer
// attack: request_unstake: other_router
// attack: stake: wrong_mint
#[tokio::test]
async fn account_substitution_on_positions_and_vaults_is_refused() {
    let mut env = TestEnv::start().await;
    let f = router(&mut env).await;
    let g = router(&mut env).await;
    let victim = f.new_staker(&mut env, 1_000).await;
    let thief = f.new_staker(&mut env, 1_000).await;
    f.stake(&mut env, &victim, 1_000).await.expect_ok("stake");
    f.request_unstake(&mut env, &victim, 1_000)
        .await
        .expect_ok("request");
    env.warp_seconds(WEEK);
    let victim_position = pda::position(&f.router, &victim.owner.pubkey());
    let watched = [f.router, g.router, victim_position];

    // Another owner's position: the thief signs, names the victim's position and its own account.
    let mut ix = ix::withdraw_unstaked(
        &f.protocol_side(),
        &thief.owner.pubkey(),
        &thief.protocol_token,
    );
    ix.accounts[2].pubkey = victim_position;
    let before = accounts(&mut env, &watched).await;
    assert_error(
        &env.send(&[ix], &[&thief.owner]).await,
        FeeRouterError::AccessPositionOwnerRequired,
    );
    assert_eq!(accounts(&mut env, &watched).await, before);

    // The victim's position against another router.
    let mut ix = ix::request_unstake(&g.router, &victim.owner.pubkey(), 1);
    ix.accounts[2].pubkey = victim_position;
    assert_error(
        &env.send(&[ix], &[&victim.owner]).await,
        FeeRouterError::AccountPositionMismatch,
    );

    // Another router's stake vault.
    let mut ix = ix::withdraw_unstaked(
        &f.protocol_side(),
        &victim.owner.pubkey(),
        &victim.protocol_token,
    );
    ix.accounts[4].pubkey = g.vault(VaultKind::Stake);
    assert_error(
        &env.send(&[ix], &[&victim.owner]).await,
        FeeRouterError::AccountVaultMismatch,
    );

    // Staking from a fee-mint account, and paying principal into one.
    let fee_account = env
        .funded_token_account(&f.fee_mint, &thief.owner.pubkey(), 10)
        .await;
    let open = ix::open_position(&f.router, &thief.owner.pubkey());
    let ix = ix::stake(&f.protocol_side(), &thief.owner.pubkey(), &fee_account, 10);
    assert_error(
        &env.send(&[open, ix], &[&thief.owner]).await,
        FeeRouterError::AccountMintMismatch,
    );
    let ix = ix::withdraw_unstaked(&f.protocol_side(), &victim.owner.pubkey(), &fee_account);
    assert_error(
        &env.send(&[ix], &[&victim.owner]).await,
        FeeRouterError::AccountMintMismatch,
    );

    // The owner's signature is required.
    let mut ix = ix::withdraw_unstaked(
        &f.protocol_side(),
        &victim.owner.pubkey(),
        &victim.protocol_token,
    );
    ix.accounts[0].is_signer = false;
    assert_error(&env.send(&[ix], &[]).await, ErrorCode::AccountNotSigner);
    assert_eq!(accounts(&mut env, &watched).await, before);

    // Nothing above moved the victim's stake; the victim still can.
    f.withdraw(&mut env, &victim)
        .await
        .expect_ok("victim withdraws");
    assert_eq!(env.balance(&victim.protocol_token).await, 1_000);
}

#[tokio::test]
async fn the_position_report_shows_what_a_claim_would_pay() {
    let mut env = TestEnv::start().await;
    let f = router(&mut env).await;
    let s = f.new_staker(&mut env, 5_000).await;
    f.stake(&mut env, &s, 5_000).await.expect_ok("stake");
    f.deposit_fresh(&mut env, 1_000_000).await;
    f.distribute(&mut env).await.expect_ok("distribute");
    f.request_unstake(&mut env, &s, 2_000)
        .await
        .expect_ok("request");
    env.warp_seconds(2 * DAY + 123);
    let address = pda::position(&f.router, &s.owner.pubkey());
    let (r, p) = (
        f.state(&mut env).await,
        f.position(&mut env, &s.owner.pubkey()).await,
    );
    let report = fee_router_cli::commands::staking::position::PositionReport::new(
        &address, &r, &p, env.now, None,
    )
    .unwrap();
    assert_eq!(
        (report.active, report.cooling, report.withdrawable_now),
        (3_000, 2_000, false)
    );
    assert_eq!(report.unlock_at, Some(p.unlock_at));
    f.claim(&mut env, &s).await.expect_ok("claim");
    assert_eq!(env.balance(&s.fee_token).await, report.claimable);
    assert!(report.claimable > 0);
}

// attack: claim_rewards, withdraw_unstaked: duplicate_account
// attack: claim_rewards: fake_account
#[tokio::test]
async fn a_claim_or_withdrawal_into_one_of_the_routers_own_vaults_is_refused() {
    let mut env = TestEnv::start().await;
    let f = router(&mut env).await;
    let s = f.new_staker(&mut env, 1_000).await;
    f.stake(&mut env, &s, 1_000).await.expect_ok("stake");
    f.deposit_fresh(&mut env, 10_000).await;
    f.distribute(&mut env).await.expect_ok("distribute");
    f.request_unstake(&mut env, &s, 500)
        .await
        .expect_ok("request");
    env.warp_seconds(WEEK);
    let owner = s.owner.pubkey();
    for kind in [
        VaultKind::Intake,
        VaultKind::Buyback,
        VaultKind::Stakers,
        VaultKind::Insurance,
        VaultKind::Discount,
    ] {
        let before = f.snapshot(&mut env).await;
        let ix = ix::claim_rewards(&f.side(), &owner, &f.vault(kind));
        assert_error(
            &env.send(&[ix], &[&s.owner]).await,
            FeeRouterError::AccountDestinationIsRouterVault,
        );
        assert_eq!(f.snapshot(&mut env).await, before, "claim into {kind:?}");
    }
    let ix = ix::withdraw_unstaked(&f.protocol_side(), &owner, &f.vault(VaultKind::Stake));
    assert_error(
        &env.send(&[ix], &[&s.owner]).await,
        FeeRouterError::AccountDestinationIsRouterVault,
    );
    // Nor into any token account the router owns.
    let routers_own = env.create_token_account(&f.fee_mint, &f.router).await;
    let ix = ix::claim_rewards(&f.side(), &owner, &routers_own);
    assert_error(
        &env.send(&[ix], &[&s.owner]).await,
        FeeRouterError::AccountDestinationIsRouterVault,
    );
    // A fake token account (not the token program's) is not a destination either.
    let ix = ix::claim_rewards(&f.side(), &owner, &f.router);
    assert_error(
        &env.send(&[ix], &[&s.owner]).await,
        FeeRouterError::AccountNotTokenAccount,
    );
    f.claim(&mut env, &s)
        .await
        .expect_ok("claim to the owner's account");
    f.withdraw(&mut env, &s)
        .await
        .expect_ok("withdraw to the owner's account");
}
