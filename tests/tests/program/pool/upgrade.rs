//! SPEC §4, §6 across the fee-lines upgrade: a stake position created before fee lines (the
//! shorter layout) still gives its tier at source, and `upgrade_position` grows it, once, to
//! the layout with a reward pair per line; nothing else is upgraded.
use fee_router::error::FeeRouterError;
use fee_router::instructions::POSITION_V1_SIZE;
use fee_router::state::StakePosition;
use fee_router_sdk::{ix, pda};
use fee_router_tests::*;
use solana_signer::Signer;

const DAY: i64 = 86_400;
/// The first default tier: 1,000 whole protocol tokens (9 decimals).
const TIER_1: u64 = 1_000_000_000_000;

/// Cuts `position` back to the layout before fee lines (version 1), as it was on chain.
async fn as_before_fee_lines(env: &mut TestEnv, position: &anchor_lang::prelude::Pubkey) {
    let mut account = env.account(position).await.expect("position");
    account.data.truncate(POSITION_V1_SIZE);
    account.data[8] = 1;
    env.set_account(position, account);
}

// attack: upgrade_position: reinit, fake_account, stale_state
#[tokio::test]
async fn a_position_from_before_fee_lines_keeps_its_tier_and_upgrades_once() {
    let mut env = TestEnv::start().await;
    let f = RouterFixture::new(&mut env, MintSpec::spl(6), MintSpec::spl(9)).await;
    let a = f.authority.pubkey();
    let market = env.funded_user(1).await;
    env.send_ok(
        &[
            ix::set_market_allowance_cap(&f.router, &a, 1_000_000),
            ix::approve_market(&f.router, &a, market.pubkey()),
            ix::open_market(&f.side(), &env.payer().pubkey(), &market.pubkey()),
        ],
        &[&f.authority],
        "a market",
    )
    .await;
    f.fund_vaults(&mut env, 10_000_000).await;
    env.send_ok(
        &[ix::sweep_market(&f.side(), &market.pubkey())],
        &[],
        "fund the allowance",
    )
    .await;
    let t = f.new_staker(&mut env, TIER_1).await;
    f.stake(&mut env, &t, TIER_1).await.expect_ok("stake");
    env.mint_to(&f.fee_mint, &t.fee_token, 1_000_000).await;
    env.warp_seconds(DAY);
    let position = pda::position(&f.router, &t.owner.pubkey());
    as_before_fee_lines(&mut env, &position).await;

    // The trade path reads the old layout: the tier's 5% discount.
    let fee = 100_000;
    let charge = ix::charge_fee(
        &f.side(),
        &market.pubkey(),
        &t.owner.pubkey(),
        &t.fee_token,
        true,
        fee,
    );
    env.send_ok(
        &[charge],
        &[&market, &t.owner],
        "a trade with the old position",
    )
    .await;
    assert_eq!(
        env.balance(&t.fee_token).await,
        1_000_000 - (fee - fee * 500 / 10_000)
    );
    // The stake path needs the current layout.
    let out = f.stake(&mut env, &t, 1).await;
    assert!(
        out.result.is_err(),
        "an old position is upgraded before it stakes"
    );

    let payer = env.funded_user(1).await;
    let upgrade = ix::upgrade_position(&payer.pubkey(), &position);
    env.send_ok(std::slice::from_ref(&upgrade), &[&payer], "upgrade")
        .await;
    let account = env.account(&position).await.expect("position");
    assert_eq!(account.data.len(), StakePosition::SIZE);
    let p: StakePosition = env.anchor_account(&position).await;
    assert_eq!(
        (p.version, p.active, p.owner),
        (2, TIER_1, t.owner.pubkey())
    );
    assert!(p.lines.iter().all(|l| *l == Default::default()));
    // Once: a second upgrade, or any other account, is refused.
    assert_error(
        &env.send(&[upgrade], &[&payer]).await,
        FeeRouterError::AccountPositionNotOld,
    );
    for other in [f.router, pda::rebates(&f.router)] {
        let bad = ix::upgrade_position(&payer.pubkey(), &other);
        assert_error(
            &env.send(&[bad], &[&payer]).await,
            FeeRouterError::AccountPositionNotOld,
        );
    }
    // A position of the old size whose reserved bytes are not zero is not an old position.
    as_before_fee_lines(&mut env, &position).await;
    let mut account = env.account(&position).await.expect("position");
    let last = account.data.len() - 1;
    account.data[last] = 1;
    env.set_account(&position, account);
    let again = ix::upgrade_position(&payer.pubkey(), &position);
    assert_error(
        &env.send(&[again], &[&payer]).await,
        FeeRouterError::AccountPositionNotOld,
    );
}
