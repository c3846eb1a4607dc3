//! SPEC §2 (Guard rails), §4 (Staking): the yield cap holds while the stream releases, on the
//! stake active meanwhile; new credit never delays what was already streaming; no legal
//! parameter makes an instruction fail.
use anchor_lang::solana_program::instruction::Instruction;
use fee_router::events::{FeesDistributed, RedirectReason};
use fee_router::math::staking::{cap_allowance_floor, YIELD_CAP_SCALE};
use fee_router::state::{GuardRails, StakingParams, DEFAULT_STAKING_PARAMS};
use fee_router_sdk::ix;
use fee_router_tests::*;
use solana_signer::Signer;

const DAY: i64 = 86_400;
const WEEK: i64 = 7 * DAY;
/// 5% a year: 0.05 fee unit per staked unit per year.
const CAP_5_PERCENT: u64 = (YIELD_CAP_SCALE / 20) as u64;

async fn set_params(env: &mut TestEnv, f: &RouterFixture, params: StakingParams) {
    let ix = ix::set_staking_params(&f.router, &f.authority.pubkey(), params);
    env.send_ok(&[ix], &[&f.authority], "set_staking_params")
        .await;
}

/// What the stream released above the cap, sent to buyback by a distribution.
fn capped_at_release(out: &TxOutcome) -> u64 {
    events::<FeesDistributed>(out)[0]
        .redirections
        .iter()
        .filter(|r| r.reason == RedirectReason::StakerYieldCapAtRelease)
        .map(|r| r.amount)
        .sum()
}

/// The flash sequence — stake a lot, distribute, ask to leave (and, with no cooldown,
/// withdraw) — in one transaction, then a week of streaming for the honest staker.
async fn flash_stake_around_a_distribution(cooldown_seconds: u64) {
    let mut env = TestEnv::start().await;
    let f = RouterFixture::new(&mut env, MintSpec::spl(6), MintSpec::spl(9)).await;
    let stake = 1_000_000_000u64;
    set_params(
        &mut env,
        &f,
        StakingParams {
            cooldown_seconds,
            yield_cap_scaled: CAP_5_PERCENT,
            ..DEFAULT_STAKING_PARAMS
        },
    )
    .await;
    let honest = f.new_staker(&mut env, stake).await;
    f.stake(&mut env, &honest, stake)
        .await
        .expect_ok("honest stake");
    env.warp_seconds(DAY);
    // A staker share of 3_000_000: three times what the cap lets 1e9 earn in a week.
    f.deposit_fresh(&mut env, 10_000_000).await;

    let attacker = f.new_staker(&mut env, 10 * stake).await;
    let owner = attacker.owner.pubkey();
    let mut ixs: Vec<Instruction> = f.stake_ixs(&mut env, &attacker, 10 * stake).await;
    ixs.push(ix::distribute(&f.side()));
    ixs.push(ix::request_unstake(&f.router, &owner, 10 * stake));
    if cooldown_seconds == 0 {
        ixs.push(ix::withdraw_unstaked(
            &f.protocol_side(),
            &owner,
            &attacker.protocol_token,
        ));
    }
    env.send_ok(
        &ixs,
        &[&attacker.owner],
        "flash sequence in one transaction",
    )
    .await;
    if cooldown_seconds == 0 {
        assert_eq!(env.balance(&attacker.protocol_token).await, 10 * stake);
    }

    env.warp_seconds(WEEK);
    f.claim(&mut env, &honest).await.expect_ok("honest claim");
    let earned = env.balance(&honest.fee_token).await;
    let allowance = cap_allowance_floor(CAP_5_PERCENT, stake, WEEK as u64);
    println!("flash stake (cooldown {cooldown_seconds}s): honest staker earned {earned}, the cap allows {allowance}");
    assert!(
        earned <= allowance && allowance - earned <= 2,
        "the honest staker earned {earned}; the cap on its stake for the week is {allowance}"
    );
    let attacker_claim = f.claim(&mut env, &attacker).await;
    if attacker_claim.result.is_ok() {
        assert!(
            env.balance(&attacker.fee_token).await <= 1,
            "the flash stake earned"
        );
    }

    // What the stream released above the cap goes to buyback at the next distribution.
    let r = f.state(&mut env).await;
    let held = r.staking.stranded_capped;
    assert!(held > 0);
    f.deposit_fresh(&mut env, 10).await;
    let out = f.distribute(&mut env).await.expect_ok("distribute");
    assert_eq!(capped_at_release(&out), held);
    let r = f.state(&mut env).await;
    assert_eq!(
        r.staking.credited.get(),
        r.staking.accrued.get() + r.staking.swept.get() + u128::from(r.staking.stream_remaining),
        "every credited token is released to stakers or sent to buyback"
    );
}

#[tokio::test]
async fn a_flash_stake_around_a_distribution_cannot_lift_the_yield_cap() {
    flash_stake_around_a_distribution(7 * DAY as u64).await;
}

#[tokio::test]
async fn a_flash_stake_with_no_cooldown_cannot_lift_the_yield_cap() {
    flash_stake_around_a_distribution(0).await;
}

#[tokio::test]
async fn stake_leaving_mid_stream_does_not_raise_the_others_above_the_cap() {
    let mut env = TestEnv::start().await;
    let f = RouterFixture::new(&mut env, MintSpec::spl(6), MintSpec::spl(9)).await;
    let stake = 1_000_000_000u64;
    set_params(
        &mut env,
        &f,
        StakingParams {
            yield_cap_scaled: CAP_5_PERCENT,
            ..DEFAULT_STAKING_PARAMS
        },
    )
    .await;
    let stays = f.new_staker(&mut env, stake).await;
    let leaves = f.new_staker(&mut env, 9 * stake).await;
    f.stake(&mut env, &stays, stake).await.expect_ok("stake");
    f.stake(&mut env, &leaves, 9 * stake)
        .await
        .expect_ok("stake");
    // The stream fills to the cap of the whole 1e10 for a week.
    f.deposit_fresh(&mut env, 100_000_000).await;
    f.distribute(&mut env).await.expect_ok("distribute");
    env.warp_seconds(DAY);
    f.request_unstake(&mut env, &leaves, 9 * stake)
        .await
        .expect_ok("the large stake leaves after a day");
    env.warp_seconds(6 * DAY);
    f.claim(&mut env, &stays).await.expect_ok("claim");
    let earned = env.balance(&stays.fee_token).await;
    // A day at a tenth of the pool, then six days alone under the cap on its own stake.
    let allowance = cap_allowance_floor(CAP_5_PERCENT, stake, WEEK as u64);
    println!("stake leaving mid-stream: the remaining staker earned {earned}, the cap allows {allowance}");
    assert!(earned <= allowance, "{earned} > {allowance}");
    assert!(
        allowance - earned <= 3,
        "{earned} is short of the cap {allowance}"
    );
}

/// Hourly distributions of dust for a week, against the same week without them: the stakers'
/// released total differs by under 1%, because new credit never delays old credit.
#[tokio::test]
async fn hourly_dust_distributions_do_not_stretch_the_stream() {
    let mut env = TestEnv::start().await;
    let quiet = RouterFixture::new(&mut env, MintSpec::spl(6), MintSpec::spl(9)).await;
    let dusty = RouterFixture::new(&mut env, MintSpec::spl(6), MintSpec::spl(9)).await;
    let (payer, token) = dusty.fee_payer(&mut env, 1_000_000).await;
    for f in [&quiet, &dusty] {
        let s = f.new_staker(&mut env, 1_000_000).await;
        f.stake(&mut env, &s, 1_000_000).await.expect_ok("stake");
        f.deposit_fresh(&mut env, 7_000_000).await;
        f.distribute(&mut env).await.expect_ok("distribute");
    }
    for _ in 0..168 {
        env.warp_seconds(3_600);
        // 10 units: 3 of them to the stakers, enough to join the stream every hour.
        dusty
            .deposit(&mut env, &payer, &token, 10)
            .await
            .expect_ok("dust deposit");
        dusty
            .distribute(&mut env)
            .await
            .expect_ok("dust distribution");
    }
    // One more touch of each router at the week's end, so both have released up to now.
    for f in [&quiet, &dusty] {
        f.deposit_fresh(&mut env, 1).await;
        f.distribute(&mut env).await.expect_ok("distribute");
    }
    let released = |r: &fee_router::state::Router| r.staking.accrued.get();
    let (q, d) = (
        released(&quiet.state(&mut env).await),
        released(&dusty.state(&mut env).await),
    );
    println!("a week of hourly dust: released {d} against {q} without it");
    assert_eq!(q, 2_100_000, "the quiet stream released everything");
    assert!(d >= q, "dust delayed the stream: {d} < {q}");
    assert!(
        (d - q) * 100 < q,
        "the dusty run released {d}, more than 1% off {q}"
    );
}

/// Every governed parameter at its legal extremes: deposits, distributions, stakes, claims,
/// unstakes and withdrawals all still go through.
#[tokio::test]
async fn no_legal_parameter_setting_bricks_an_instruction() {
    let mut env = TestEnv::start().await;
    let f = RouterFixture::new(&mut env, MintSpec::spl(6), MintSpec::spl(9)).await;
    // Half of all the stake a mint can hold.
    let whale = f.new_staker(&mut env, u64::MAX / 2).await;
    f.stake(&mut env, &whale, u64::MAX / 2)
        .await
        .expect_ok("stake");
    let (payer, token) = f.fee_payer(&mut env, u64::MAX).await;
    let staking_extremes = [
        // A cap just below "none", with half of all possible stake: the old cap arithmetic
        // overflowed here and every distribution failed.
        StakingParams {
            cooldown_seconds: 0,
            stream_period_seconds: 60,
            yield_cap_scaled: u64::MAX - 1,
        },
        StakingParams {
            cooldown_seconds: 365 * DAY as u64,
            stream_period_seconds: 365 * DAY as u64,
            yield_cap_scaled: 1,
        },
        StakingParams {
            cooldown_seconds: 0,
            stream_period_seconds: 365 * DAY as u64,
            yield_cap_scaled: 0,
        },
        DEFAULT_STAKING_PARAMS,
    ];
    let rails_extremes = [
        GuardRails {
            insurance_floor: u64::MAX,
            insurance_cap: u64::MAX,
            discount_cap: 0,
            insurance_topup_max_bps: 10_000,
        },
        GuardRails {
            insurance_floor: 0,
            insurance_cap: 0,
            discount_cap: u64::MAX,
            insurance_topup_max_bps: 0,
        },
    ];
    let small = f.new_staker(&mut env, 1_000).await;
    for (i, params) in staking_extremes.into_iter().enumerate() {
        set_params(&mut env, &f, params).await;
        let rails = rails_extremes[i % 2];
        env.send_ok(
            &[ix::set_guard_rails(&f.router, &f.authority.pubkey(), rails)],
            &[&f.authority],
            "rails",
        )
        .await;
        for amount in [1, 1_000_000, u64::MAX / 64] {
            f.deposit(&mut env, &payer, &token, amount)
                .await
                .expect_ok("deposit");
            f.distribute(&mut env).await.expect_ok("distribute");
            env.warp_seconds(DAY);
        }
        f.stake(&mut env, &small, 100).await.expect_ok("stake");
        env.warp_seconds(366 * DAY);
        let claim = f.claim(&mut env, &whale).await;
        if claim.result.is_err() {
            assert_error(
                &claim,
                fee_router::error::FeeRouterError::ClaimNothingToClaim,
            );
        }
        f.request_unstake(&mut env, &small, 100)
            .await
            .expect_ok("unstake");
        env.warp_seconds(366 * DAY);
        f.withdraw(&mut env, &small).await.expect_ok("withdraw");
        f.state(&mut env).await.invariant().expect("invariant");
    }
}

/// A staker of 1e9 under a 5% cap with a stream running at ten times its cap: the two
/// stakers of 1e10 filled it for a week, then 9e9 asked to leave at once.
async fn capped_router(env: &mut TestEnv) -> (RouterFixture, Staker) {
    let f = RouterFixture::new(env, MintSpec::spl(6), MintSpec::spl(9)).await;
    let stake = 1_000_000_000u64;
    set_params(
        env,
        &f,
        StakingParams {
            yield_cap_scaled: CAP_5_PERCENT,
            ..DEFAULT_STAKING_PARAMS
        },
    )
    .await;
    let stays = f.new_staker(env, stake).await;
    let leaves = f.new_staker(env, 9 * stake).await;
    f.stake(env, &stays, stake).await.expect_ok("stake");
    f.stake(env, &leaves, 9 * stake).await.expect_ok("stake");
    f.deposit_fresh(env, 100_000_000).await;
    f.distribute(env).await.expect_ok("distribute");
    f.request_unstake(env, &leaves, 9 * stake)
        .await
        .expect_ok("the large stake leaves");
    (f, stays)
}

/// Finding 7. Anyone can force an update (`deposit_fees(1)` + `distribute`) every few
/// seconds while the cap binds: over an hour the stakers get what one update at the end
/// pays, to the unit, and that is the cap's rate on their stake.
#[tokio::test]
async fn forced_updates_every_few_seconds_pay_capped_stakers_what_one_update_pays() {
    let mut env = TestEnv::start().await;
    let (quiet, _) = capped_router(&mut env).await;
    let (forced, _) = capped_router(&mut env).await;
    let accrued = |r: &fee_router::state::Router| r.staking.accrued.get();
    let start = [
        accrued(&quiet.state(&mut env).await),
        accrued(&forced.state(&mut env).await),
    ];
    let (payer, token) = forced.fee_payer(&mut env, 10_000).await;
    let hour = 3_600i64;
    let every = 5i64;
    for _ in 0..hour / every {
        env.warp_seconds(every);
        let ixs = [
            ix::deposit_fees(&forced.side(), &payer.pubkey(), &token, 1),
            ix::distribute(&forced.side()),
        ];
        env.send_ok(&ixs, &[&payer], "forced update").await;
    }
    // One update of the quiet router at the same instant.
    quiet.deposit_fresh(&mut env, 1).await;
    quiet.distribute(&mut env).await.expect_ok("distribute");
    let paid = [
        accrued(&quiet.state(&mut env).await) - start[0],
        accrued(&forced.state(&mut env).await) - start[1],
    ];
    let allowance = cap_allowance_floor(CAP_5_PERCENT, 1_000_000_000, hour as u64);
    println!(
        "an hour under the cap: one update paid the stakers {}, an update every {every}s paid {}; the cap allows {allowance}",
        paid[0], paid[1]
    );
    assert_eq!(allowance, 5_707);
    assert!(
        paid[1].abs_diff(paid[0]) <= 1,
        "forced updates paid {}, one update {}",
        paid[1],
        paid[0]
    );
    assert!(u128::from(allowance) - paid[0] <= 1 && paid[0] <= u128::from(allowance));
    let r = forced.state(&mut env).await;
    r.invariant().expect("invariant");
}

/// Finding 10. A router left idle for 70 days, then a flash sequence (stake, `distribute`,
/// ask to leave) and 70 more idle days: the remaining staker gets no more than its cap's
/// rate over the two weeks the two streams ran, and idle time adds nothing.
#[tokio::test]
async fn seventy_idle_days_do_not_lift_the_yield_cap_around_a_flash_sequence() {
    let mut env = TestEnv::start().await;
    let (f, stays) = capped_router(&mut env).await;
    let stake = 1_000_000_000u64;
    env.warp_seconds(70 * DAY);

    f.deposit_fresh(&mut env, 100_000_000).await;
    let flash = f.new_staker(&mut env, 10 * stake).await;
    let owner = flash.owner.pubkey();
    let mut ixs: Vec<Instruction> = f.stake_ixs(&mut env, &flash, 10 * stake).await;
    ixs.push(ix::distribute(&f.side()));
    ixs.push(ix::request_unstake(&f.router, &owner, 10 * stake));
    env.send_ok(&ixs, &[&flash.owner], "flash sequence after 70 idle days")
        .await;
    env.warp_seconds(70 * DAY);

    f.claim(&mut env, &stays).await.expect_ok("claim");
    let earned = env.balance(&stays.fee_token).await;
    // Two week-long streams, each at most the cap's rate on the remaining stake.
    let allowance = 2 * cap_allowance_floor(CAP_5_PERCENT, stake, WEEK as u64);
    println!("70 idle days around a flash sequence: the remaining staker earned {earned}, its cap over the two streams allows {allowance}");
    assert!(
        earned <= allowance,
        "the remaining staker earned {earned}, above its cap {allowance}"
    );
    // Rounding: under a unit per stream, one for the position's floor.
    assert!(allowance - earned <= 3, "{earned} is short of {allowance}");
    let r = f.state(&mut env).await;
    assert!(r.staking.capped.get() > 0);
    r.invariant().expect("invariant");
}

/// Finding 12. While the cap binds and fees keep coming, the stakers receive the cap's rate
/// without gaps, however distributions are timed: here a crank distributes every 9 days
/// (longer than the 7-day stream) and someone distributes one second before each stream end,
/// over eight weeks.
///
/// Tolerance: under 2 units per distribution (the room is rounded down, and the span at the
/// cap's rate is rounded up to a whole second) plus a unit of final rounding; that is about
/// 30 units out of 7.7 million.
#[tokio::test]
async fn distributions_one_second_before_each_stream_end_leave_capped_stakers_no_gap() {
    let mut env = TestEnv::start().await;
    let f = RouterFixture::new(&mut env, MintSpec::spl(6), MintSpec::spl(9)).await;
    let stake = 1_000_000_000u64;
    set_params(
        &mut env,
        &f,
        StakingParams {
            yield_cap_scaled: CAP_5_PERCENT,
            ..DEFAULT_STAKING_PARAMS
        },
    )
    .await;
    let s = f.new_staker(&mut env, stake).await;
    f.stake(&mut env, &s, stake).await.expect_ok("stake");
    // Each distribution's staker share, 3_000_000, is three times a week at the cap.
    let (payer, token) = f.fee_payer(&mut env, u64::MAX / 4).await;
    let distribute = |f: &RouterFixture| {
        [
            ix::deposit_fees(&f.side(), &payer.pubkey(), &token, 10_000_000),
            ix::distribute(&f.side()),
        ]
    };
    env.send_ok(&distribute(&f), &[&payer], "first distribution")
        .await;
    let start = env.now;
    let finish = start + 8 * WEEK;
    let crank_every = 9 * DAY;
    let mut next_crank = start + crank_every;
    let (mut timed, mut cranked) = (0u32, 0u32);
    loop {
        let end = f.state(&mut env).await.staking.stream_end;
        // One second before the stream's end, unless the crank comes first (or the stream
        // has already ended).
        let (at, is_timed) = if end - 1 > env.now && end - 1 < next_crank {
            (end - 1, true)
        } else {
            (next_crank, false)
        };
        if at > finish {
            break;
        }
        env.warp_seconds(at - env.now);
        env.send_ok(&distribute(&f), &[&payer], "distribution")
            .await;
        if is_timed {
            timed += 1;
        } else {
            cranked += 1;
            next_crank += crank_every;
        }
    }
    env.warp_seconds(finish - env.now);
    env.send_ok(&distribute(&f), &[&payer], "last distribution")
        .await;
    let r = f.state(&mut env).await;
    let paid = r.staking.accrued.get();
    let allowance = u128::from(cap_allowance_floor(
        CAP_5_PERCENT,
        stake,
        (finish - start) as u64,
    ));
    let distributions = u128::from(timed + cranked + 2);
    println!(
        "eight weeks under the cap, {timed} distributions one second before a stream end and {cranked} by the crank: \
         the stakers received {paid} of the cap's {allowance} ({:.4}%)",
        paid as f64 * 100.0 / allowance as f64
    );
    assert!(timed >= 4 && cranked >= 4);
    assert!(paid <= allowance + 1, "{paid} above the cap {allowance}");
    assert!(
        allowance - paid <= 2 * distributions + 1,
        "the stakers received {paid}, short of the cap's {allowance} by more than rounding"
    );
    r.invariant().expect("invariant");
}
