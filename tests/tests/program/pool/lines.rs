//! SPEC §1, §3–§6 (one stake pool, several fee lines): a holder stakes once in the pool and
//! earns each line's staker share pro rata, to the base unit, with a Token-2022 line among
//! them; every stake change settles every line; a line splits by its pool's stage; a tier
//! applies in every line; a line or a position of another pool is refused.
use anchor_lang::error::ErrorCode;
use fee_router::error::FeeRouterError;
use fee_router::state::{Router, Stage};
use fee_router_sdk::{ix, pda, pda::VaultKind};
use fee_router_tests::*;
use solana_signer::Signer;

const DAY: i64 = 86_400;
const WEEK: i64 = 7 * DAY;

fn t22_fee() -> MintSpec {
    MintSpec::token_2022(6).with_transfer_fee(100, u64::MAX)
}

/// A pool with an SPL Token line of its own and a Token-2022 line with a 1% transfer fee.
async fn pool(env: &mut TestEnv) -> PoolFixture {
    PoolFixture::new(env, MintSpec::spl(6), MintSpec::spl(9), &[t22_fee()]).await
}

/// The whole-unit share `active / total` of what a line released, as the accumulator pays
/// it: never more than the exact share, and less by under one base unit of rounding.
fn assert_pro_rata(claimed: u64, released: u128, active: u64, total: u64, what: &str) {
    let exact = released * u128::from(active) / u128::from(total);
    assert!(
        u128::from(claimed) <= exact && exact - u128::from(claimed) <= 1,
        "{what}: claimed {claimed}, exact share {exact}"
    );
}

#[tokio::test]
async fn a_holder_staking_once_earns_every_lines_staker_share_pro_rata_to_the_base_unit() {
    let mut env = TestEnv::start().await;
    let p = pool(&mut env).await;
    let (a, a_fee) = p.new_staker(&mut env, 1_000_000).await;
    let (b, b_fee) = p.new_staker(&mut env, 3_000_000).await;
    p.stake(&mut env, &a, 1_000_000).await.expect_ok("a stakes");
    p.stake(&mut env, &b, 3_000_000).await.expect_ok("b stakes");
    // Each line's active stake is the pool's.
    for l in p.all() {
        assert_eq!(l.state(&mut env).await.staking.total_active, 4_000_000);
    }
    for (slot, l) in p.all().enumerate() {
        l.deposit_fresh(&mut env, 1_000_000).await;
        env.send(&[p.distribute_ix(slot)], &[])
            .await
            .expect_ok("distribute");
    }
    env.warp_seconds(WEEK);
    // One transaction claims every line.
    for (s, fee) in [(&a, &a_fee), (&b, &b_fee)] {
        env.send(&p.claim_all_ixs(&s.owner.pubkey(), fee), &[&s.owner])
            .await
            .expect_ok("claim every line");
    }
    let pa = p.pool.position(&mut env, &a.owner.pubkey()).await;
    let pb = p.pool.position(&mut env, &b.owner.pubkey()).await;
    for (slot, l) in p.all().enumerate() {
        let r = l.state(&mut env).await;
        let released = r.staking.accrued.get();
        assert!(released > 0, "line {slot} released rewards");
        assert_eq!(r.staking.stream_remaining, 0, "a week streamed everything");
        let claimed = |pos: &fee_router::state::StakePosition| match slot {
            0 => pos.claimed,
            _ => pos.lines[slot - 1].claimed,
        };
        assert_pro_rata(claimed(&pa), released, 1_000_000, 4_000_000, "a");
        assert_pro_rata(claimed(&pb), released, 3_000_000, 4_000_000, "b");
        // The line's stakers vault holds what was credited less what was claimed.
        assert_eq!(
            u128::from(env.balance(&l.vault(VaultKind::Stakers)).await),
            r.staking.credited.get() - r.staking.claimed.get(),
            "line {slot}: stakers vault"
        );
        assert_eq!(
            r.staking.claimed.get(),
            u128::from(claimed(&pa)) + u128::from(claimed(&pb))
        );
        r.invariant().expect("line invariant");
    }
    // Line 0 is SPL Token: the Early share of 1,000,000 is 300,000, split 1:3 (the
    // accumulator's division leaves each at most one base unit short, to dust).
    assert!(pa.claimed >= 74_999 && pb.claimed >= 224_999);
    assert_eq!(env.balance(&a_fee[0]).await, pa.claimed);
    // Line 1 is Token-2022 with a 1% fee on every hop: the claim hop withholds from what
    // left the vault, and the token account holds the rest.
    let sent = pa.lines[0].claimed;
    assert_eq!(
        env.balance(&a_fee[1]).await + env.withheld(&a_fee[1]).await,
        sent
    );
}

// attack: stake, request_unstake, cancel_unstake: other_router
#[tokio::test]
async fn a_stake_change_that_does_not_pass_every_line_in_slot_order_is_refused() {
    let mut env = TestEnv::start().await;
    let p = PoolFixture::new(
        &mut env,
        MintSpec::spl(6),
        MintSpec::spl(9),
        &[MintSpec::spl(6), t22_fee()],
    )
    .await;
    let (s, _) = p.new_staker(&mut env, 1_000).await;
    let owner = s.owner.pubkey();
    let open = ix::open_position(&p.pool.router, &owner);
    env.send_ok(&[open], &[&s.owner], "open").await;
    let stake = ix::stake(&p.pool.protocol_side(), &owner, &s.protocol_token, 100);
    let keys = p.line_keys();
    let other = RouterFixture::new(&mut env, MintSpec::spl(6), MintSpec::spl(9)).await;
    let mut readonly = ix::with_lines(stake.clone(), &keys);
    let last = readonly.accounts.len() - 1;
    readonly.accounts[last].is_writable = false;
    for (what, bad) in [
        ("no line", stake.clone()),
        (
            "one line missing",
            ix::with_lines(stake.clone(), &keys[..1]),
        ),
        (
            "out of order",
            ix::with_lines(stake.clone(), &[keys[1], keys[0]]),
        ),
        (
            "another router",
            ix::with_lines(stake.clone(), &[keys[0], other.router]),
        ),
        (
            "an extra account",
            ix::with_lines(stake.clone(), &[keys[0], keys[1], other.router]),
        ),
        ("a line read-only", readonly),
    ] {
        let before = p.pool.snapshot(&mut env).await;
        let out = env.send(&[bad], &[&s.owner]).await;
        assert_error(&out, FeeRouterError::LineAccountsMismatch);
        assert_eq!(
            p.pool.snapshot(&mut env).await,
            before,
            "{what}: nothing changed"
        );
    }
    env.send_ok(&[ix::with_lines(stake, &keys)], &[&s.owner], "every line")
        .await;
    p.stake(&mut env, &s, 100).await.expect_ok("stake again");
    let unstake = ix::request_unstake(&p.pool.router, &owner, 50);
    assert_error(
        &env.send(&[unstake], &[&s.owner]).await,
        FeeRouterError::LineAccountsMismatch,
    );
    env.send_ok(&[p.request_unstake_ix(&owner, 50)], &[&s.owner], "unstake")
        .await;
    assert_error(
        &env.send(&[ix::cancel_unstake(&p.pool.router, &owner)], &[&s.owner])
            .await,
        FeeRouterError::LineAccountsMismatch,
    );
    env.send_ok(&[p.cancel_unstake_ix(&owner)], &[&s.owner], "cancel")
        .await;
    for l in p.all() {
        assert_eq!(l.state(&mut env).await.staking.total_active, 200);
    }
}

#[tokio::test]
async fn a_fee_line_takes_no_stake_no_position_no_stage_split_or_tiers_of_its_own() {
    let mut env = TestEnv::start().await;
    let p = pool(&mut env).await;
    let line = &p.lines[0];
    let s = line.new_staker(&mut env, 1_000).await;
    let out = env
        .send(
            &[ix::open_position(&line.router, &s.owner.pubkey())],
            &[&s.owner],
        )
        .await;
    assert_error(&out, FeeRouterError::LineNotPool);
    let auth = &line.authority;
    for (what, bad) in [
        (
            "stage",
            ix::set_stage(&line.router, &auth.pubkey(), Stage::Growth),
        ),
        (
            "split",
            ix::set_split(
                &line.router,
                &auth.pubkey(),
                Stage::Early,
                fee_router::state::Split::new(2500, 2500, 2500, 2500),
            ),
        ),
        (
            "tiers",
            ix::set_discount_tiers(
                &line.router,
                &auth.pubkey(),
                fee_router::state::DiscountTiers::defaults(9),
            ),
        ),
    ] {
        let out = env.send(&[bad], &[auth]).await;
        assert_error(&out, FeeRouterError::LineNotPool);
        println!("{what} refused in a line");
    }
}

// attack: distribute: other_router
#[tokio::test]
async fn a_stage_change_in_the_pool_moves_every_lines_split_at_once() {
    let mut env = TestEnv::start().await;
    let p = pool(&mut env).await;
    let line = &p.lines[0];
    // The line's own stage field says Early; the pool moves to Mature.
    let auth = &p.pool.authority;
    env.send_ok(
        &[ix::set_stage(&p.pool.router, &auth.pubkey(), Stage::Mature)],
        &[auth],
        "stage",
    )
    .await;
    let line_spl = p.pool.sibling(&mut env, MintSpec::spl(6)).await;
    p.add(&mut env, &line_spl)
        .await
        .expect_ok("add an SPL line");
    line_spl.deposit_fresh(&mut env, 1_000_000).await;
    let slot2 = ix::distribute_line(&line_spl.side(), &p.pool.router);
    env.send_ok(&[slot2], &[], "distribute the line").await;
    let r = line_spl.state(&mut env).await;
    // Mature: 5500 buyback (+ the unstaked staker share, redirected), 1500 insurance, 500
    // discount. Nothing is staked, so the staker share goes to buyback too.
    let routed: Vec<u128> = r.totals.routed.iter().map(|w| w.get()).collect();
    assert_eq!(routed, vec![800_000, 0, 150_000, 50_000]);
    assert_eq!(
        r.stage,
        Stage::Early as u8,
        "the line's own stage is not read"
    );
    // A line's distribution without its pool, or with another router, is refused.
    line.deposit_fresh(&mut env, 1_000).await;
    let other = RouterFixture::new(&mut env, MintSpec::spl(6), MintSpec::spl(9)).await;
    for bad in [
        ix::distribute(&line.side()),
        ix::distribute_line(&line.side(), &other.router),
    ] {
        assert_error(
            &env.send(&[bad], &[]).await,
            FeeRouterError::LineAccountsMismatch,
        );
    }
}

// attack: add_fee_line: other_router, wrong_mint, wrong_signer, missing_signer, fake_account
// attack: add_fee_line: reinit, duplicate_account, stale_state
#[tokio::test]
async fn add_fee_line_refuses_every_router_that_is_not_a_fresh_sibling_and_a_full_pool() {
    let mut env = TestEnv::start().await;
    let p = pool(&mut env).await;
    let auth = &p.pool.authority;
    // A router of another protocol mint (or another creator).
    let foreign = RouterFixture::new(&mut env, MintSpec::spl(6), MintSpec::spl(9)).await;
    let out = env
        .send(
            &[ix::add_fee_line(
                &p.pool.router,
                &foreign.router,
                &auth.pubkey(),
                &foreign.authority.pubkey(),
            )],
            &[auth, &foreign.authority],
        )
        .await;
    assert_error(&out, FeeRouterError::LineProtocolMismatch);
    // A sibling signed by someone else than its authority, or the pool's.
    let sibling = p.pool.sibling(&mut env, MintSpec::spl(6)).await;
    let stranger = env.funded_user(1).await;
    for (pool_auth, line_auth) in [(&stranger, auth), (auth, &stranger)] {
        let out = env
            .send(
                &[ix::add_fee_line(
                    &p.pool.router,
                    &sibling.router,
                    &pool_auth.pubkey(),
                    &line_auth.pubkey(),
                )],
                &[pool_auth, line_auth],
            )
            .await;
        assert_error(&out, FeeRouterError::AccessAuthorityRequired);
    }
    // The line's authority does not sign; an account that is not a router as the line.
    let mut unsigned = ix::add_fee_line(
        &p.pool.router,
        &sibling.router,
        &auth.pubkey(),
        &stranger.pubkey(),
    );
    unsigned.accounts[1].is_signer = false;
    let out = env.send(&[unsigned], &[auth]).await;
    assert_error(&out, ErrorCode::AccountNotSigner);
    let fake = ix::add_fee_line(
        &p.pool.router,
        &pda::rebates(&sibling.router),
        &auth.pubkey(),
        &auth.pubkey(),
    );
    let out = env.send(&[fake], &[auth]).await;
    assert_error(&out, ErrorCode::AccountDiscriminatorMismatch);
    // The pool itself, a line already in it, a pool that is a line.
    assert_error(
        &p.add(&mut env, &p.pool).await,
        FeeRouterError::LineNotFresh,
    );
    assert_error(
        &p.add(&mut env, &p.lines[0]).await,
        FeeRouterError::LineNotFresh,
    );
    let out = env
        .send(
            &[ix::add_fee_line(
                &p.lines[0].router,
                &sibling.router,
                &auth.pubkey(),
                &auth.pubkey(),
            )],
            &[auth],
        )
        .await;
    assert_error(&out, FeeRouterError::LineNotPool);
    // A sibling that ever held stake.
    let staked = p.pool.sibling(&mut env, MintSpec::spl(6)).await;
    let s = staked.new_staker(&mut env, 10).await;
    staked
        .stake(&mut env, &s, 10)
        .await
        .expect_ok("stake in the sibling");
    assert_error(
        &p.add(&mut env, &staked).await,
        FeeRouterError::LineNotFresh,
    );
    // A full pool: seven other lines.
    p.pool
        .overwrite_state(&mut env, |r: &mut Router| {
            r.extra_lines = 7;
            for l in r.lines.iter_mut().skip(1) {
                *l = anchor_lang::prelude::Pubkey::new_unique();
            }
        })
        .await;
    assert_error(
        &p.add(&mut env, &sibling).await,
        FeeRouterError::LinePoolFull,
    );
}

// attack: claim_rewards: other_router
#[tokio::test]
async fn a_position_of_another_pool_claims_nothing_in_a_line() {
    let mut env = TestEnv::start().await;
    let p = pool(&mut env).await;
    let (s, fee) = p.new_staker(&mut env, 1_000).await;
    p.stake(&mut env, &s, 1_000).await.expect_ok("stake");
    let line = &p.lines[0];
    line.deposit_fresh(&mut env, 1_000_000).await;
    env.send_ok(&[p.distribute_ix(1)], &[], "distribute").await;
    env.warp_seconds(DAY);
    // A second valid pool with its own position for the same owner.
    let other = RouterFixture::new(&mut env, MintSpec::spl(6), MintSpec::spl(9)).await;
    env.send_ok(
        &[ix::open_position(&other.router, &s.owner.pubkey())],
        &[&s.owner],
        "open",
    )
    .await;
    let before = line.snapshot(&mut env).await;
    for position_pool in [other.router, line.router] {
        let bad = ix::claim_rewards_in(&line.side(), &position_pool, &s.owner.pubkey(), &fee[1]);
        let out = env.send(&[bad], &[&s.owner]).await;
        assert!(
            custom_error_code(&out).is_some(),
            "a position of {position_pool} claims in the line"
        );
    }
    assert_eq!(line.snapshot(&mut env).await, before, "nothing changed");
    let wrong = ix::claim_rewards_in(&line.side(), &other.router, &s.owner.pubkey(), &fee[1]);
    assert_error(
        &env.send(&[wrong], &[&s.owner]).await,
        FeeRouterError::AccountPositionMismatch,
    );
    env.send_ok(
        &[p.claim_ix(1, &s.owner.pubkey(), &fee[1])],
        &[&s.owner],
        "claim",
    )
    .await;
}

#[tokio::test]
async fn a_flash_stake_around_one_lines_distribution_gains_nothing_on_any_line() {
    let mut env = TestEnv::start().await;
    let p = pool(&mut env).await;
    let (holder, holder_fee) = p.new_staker(&mut env, 1_000_000).await;
    p.stake(&mut env, &holder, 1_000_000)
        .await
        .expect_ok("holder");
    for (slot, l) in p.all().enumerate() {
        l.deposit_fresh(&mut env, 1_000_000).await;
        env.send_ok(&[p.distribute_ix(slot)], &[], "distribute")
            .await;
    }
    env.warp_seconds(DAY);
    // The attacker stakes a hundred times the holder's stake, the line distributes, and the
    // attacker leaves, all in one transaction.
    let (attacker, attacker_fee) = p.new_staker(&mut env, 100_000_000).await;
    let owner = attacker.owner.pubkey();
    p.lines[0].deposit_fresh(&mut env, 1_000_000).await;
    let mut ixs = vec![ix::open_position(&p.pool.router, &owner)];
    ixs.push(ix::with_lines(
        ix::stake(
            &p.pool.protocol_side(),
            &owner,
            &attacker.protocol_token,
            100_000_000,
        ),
        &p.line_keys(),
    ));
    ixs.push(p.distribute_ix(1));
    ixs.push(p.request_unstake_ix(&owner, 100_000_000));
    env.send_ok(&ixs, &[&attacker.owner], "flash stake").await;
    let pos = p.pool.position(&mut env, &owner).await;
    assert_eq!((pos.rewards_owed, pos.lines[0].rewards_owed), (0, 0));
    env.warp_seconds(WEEK);
    for (slot, fee_token) in attacker_fee.iter().enumerate() {
        let out = env
            .send(&[p.claim_ix(slot, &owner, fee_token)], &[&attacker.owner])
            .await;
        assert_error(&out, FeeRouterError::ClaimNothingToClaim);
    }
    env.send_ok(
        &p.claim_all_ixs(&holder.owner.pubkey(), &holder_fee),
        &[&holder.owner],
        "holder claims",
    )
    .await;
    let h = p.pool.position(&mut env, &holder.owner.pubkey()).await;
    for (slot, l) in p.all().enumerate() {
        let r = l.state(&mut env).await;
        let claimed = if slot == 0 {
            h.claimed
        } else {
            h.lines[0].claimed
        };
        // Everything released went to the holder, less at most a unit of rounding.
        assert!(
            r.staking.accrued.get() - u128::from(claimed) <= 1,
            "line {slot}: the holder has it all"
        );
    }
}

// attack: rebate: other_router
#[tokio::test]
async fn a_tier_in_the_pool_gives_the_discount_in_every_line() {
    let mut env = TestEnv::start().await;
    let p = pool(&mut env).await;
    let tiers = p.pool.rebates(&mut env).await.tiers;
    let first = tiers.tiers[0];
    let (trader, trader_fee) = p.new_staker(&mut env, first.min_stake).await;
    p.stake(&mut env, &trader, first.min_stake)
        .await
        .expect_ok("stake");
    env.warp_seconds(i64::try_from(tiers.warmup_seconds).unwrap() + 1);
    let line = &p.lines[0];
    line.deposit_fresh(&mut env, 10_000_000).await;
    env.send_ok(&[p.distribute_ix(1)], &[], "fund the line's vaults")
        .await;
    let reporter = env.funded_user(1).await;
    line.set_rebate_authority(&mut env, reporter.pubkey()).await;
    let fee = 1_000_000;
    let report = |pool: &anchor_lang::prelude::Pubkey| {
        ix::rebate_in_line(
            &line.side(),
            pool,
            &reporter.pubkey(),
            &trader.owner.pubkey(),
            &trader_fee[1],
            fee,
        )
    };
    // Without the pool's tiers, or with another router's, the report is refused.
    let mut without = report(&p.pool.router);
    without.accounts.pop();
    assert_error(
        &env.send(&[without], &[&reporter]).await,
        FeeRouterError::LineAccountsMismatch,
    );
    let mut foreign = report(&p.pool.router);
    let last = foreign.accounts.len() - 1;
    foreign.accounts[last].pubkey = pda::rebates(&line.router);
    assert_error(
        &env.send(&[foreign], &[&reporter]).await,
        FeeRouterError::LineAccountsMismatch,
    );
    env.send_ok(&[report(&p.pool.router)], &[&reporter], "rebate")
        .await;
    let paid = line.rebates(&mut env).await.totals.paid.get();
    assert_eq!(
        paid,
        u128::from(fee) * u128::from(first.rebate_bps) / 10_000
    );
}

#[tokio::test]
async fn a_donation_to_a_lines_stake_vault_is_burned_and_the_pools_stake_is_untouched() {
    let mut env = TestEnv::start().await;
    let p = pool(&mut env).await;
    let (s, _) = p.new_staker(&mut env, 1_000).await;
    p.stake(&mut env, &s, 1_000).await.expect_ok("stake");
    let line = &p.lines[0];
    let donor = env.funded_user(1).await;
    let token = env
        .funded_token_account(&line.protocol_mint, &donor.pubkey(), 10)
        .await;
    let vault = line.vault(VaultKind::Stake);
    env.transfer(&line.protocol_mint, &token, &vault, &donor, 10)
        .await
        .expect_ok("donate");
    env.send_ok(
        &[ix::sweep_stake_surplus(&line.protocol_side())],
        &[],
        "sweep",
    )
    .await;
    assert_eq!(env.balance(&vault).await, 0);
    assert_eq!(
        line.state(&mut env).await.stake_totals.surplus_burned.get(),
        10
    );
    assert_eq!(env.balance(&p.pool.vault(VaultKind::Stake)).await, 1_000);
}

#[tokio::test]
async fn a_position_a_line_had_before_it_joined_can_neither_stake_nor_propose_in_it() {
    let mut env = TestEnv::start().await;
    let p = pool(&mut env).await;
    let sibling = p.pool.sibling(&mut env, MintSpec::spl(6)).await;
    let s = sibling.new_staker(&mut env, 1_000).await;
    let owner = s.owner.pubkey();
    env.send_ok(
        &[ix::open_position(&sibling.router, &owner)],
        &[&s.owner],
        "open",
    )
    .await;
    p.add(&mut env, &sibling).await.expect_ok("add the sibling");
    // Its stake and its votes would count next to the pool's: refused.
    let stake = ix::stake(&sibling.protocol_side(), &owner, &s.protocol_token, 1_000);
    assert_error(
        &env.send(&[stake], &[&s.owner]).await,
        FeeRouterError::LineNotPool,
    );
    let action = fee_router::config::GovernedAction::SetStage {
        stage: Stage::Growth,
    };
    let propose = ix::create_proposal(&sibling.router, &owner, 0, vec![action]);
    assert_error(
        &env.send(&[propose], &[&s.owner]).await,
        FeeRouterError::LineNotPool,
    );
}
