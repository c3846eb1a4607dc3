//! SPEC §1 (The loop) and §6 (Discounts, at source): the example exchange's `swap_at_source`
//! charges each trade's fee into its own market's fee account in the router, in one CPI, and
//! into no other: two markets' trades land in their own accounts, and a trader who names any
//! other fee account (another market's, or one in a router of its own) is refused: the market
//! stores its fee account's address at creation.
use example_exchange::{ExchangeError, Side};
use fee_router::math::auction::PRICE_SCALE;
use fee_router_sdk::{ix, pda};
use fee_router_tests::exchange::{ExchangeMarket, Trade};
use fee_router_tests::*;
use solana_signer::Signer;

/// An example-exchange market on `f`'s router, with its fee account in the router opened.
async fn market(env: &mut TestEnv, f: &RouterFixture) -> ExchangeMarket {
    let base = env.create_mint(MintSpec::spl(6)).await;
    let m = ExchangeMarket::new(f.router, base, SPL_TOKEN, f.fee_mint, f.fee_token_program);
    let admin = env.funded_user(1).await;
    env.send_ok(
        &[m.create_ix(&admin.pubkey(), 2 * PRICE_SCALE, 30)],
        &[&admin],
        "create",
    )
    .await;
    env.mint_to(&base, &m.base_vault, 1_000_000_000_000).await;
    let a = f.authority.pubkey();
    env.send_ok(
        &[
            ix::approve_market(&f.router, &a, m.market),
            ix::open_market(&f.side(), &env.payer().pubkey(), &m.market),
        ],
        &[&f.authority],
        "open its fee account",
    )
    .await;
    m
}

#[tokio::test]
async fn each_market_charges_its_own_fee_account_and_no_other() {
    let mut env = TestEnv::start().await;
    let f = RouterFixture::new(&mut env, MintSpec::spl(6), MintSpec::spl(6)).await;
    let (one, two) = (market(&mut env, &f).await, market(&mut env, &f).await);
    let t = f.new_staker(&mut env, 1).await;
    env.mint_to(&f.fee_mint, &t.fee_token, 1_000_000_000).await;
    let owner = t.owner.pubkey();
    let trade = Trade {
        side: Side::Buy,
        base_amount: 1_000_000,
        quote_limit: u64::MAX,
    };
    for m in [&one, &two] {
        let base = env.create_token_account(&m.base_mint, &owner).await;
        let ix = m.swap_at_source_ix(&owner, &base, &t.fee_token, trade, false);
        env.send_ok(&[ix], &[&t.owner], "swap at source").await;
        // 0.3% of 2,000,000, rounded up.
        let fees = pda::market_fees(&f.router, &m.market);
        assert_eq!(env.balance(&pda::market_token(&fees)).await, 6_000);
    }
    // Market one's trade naming market two's fee account: refused by the exchange.
    let base = env.create_token_account(&one.base_mint, &owner).await;
    let mut ix = one.swap_at_source_ix(&owner, &base, &t.fee_token, trade, false);
    let theirs = pda::market_fees(&f.router, &two.market);
    ix.accounts[11].pubkey = theirs;
    ix.accounts[12].pubkey = pda::market_token(&theirs);
    let out = env.send(&[ix], &[&t.owner]).await;
    assert_error(&out, u32::from(ExchangeError::NotTheMarketsFeeAccount));
    assert_eq!(env.balance(&pda::market_token(&theirs)).await, 6_000);
}

#[tokio::test]
async fn a_market_of_a_fee_line_gives_the_tier_its_pools_stake_buys() {
    let mut env = TestEnv::start().await;
    let p = PoolFixture::new(
        &mut env,
        MintSpec::spl(6),
        MintSpec::spl(9),
        &[MintSpec::spl(6)],
    )
    .await;
    let line = &p.lines[0];
    let m = market(&mut env, line).await.in_pool(p.pool.router);
    let a = line.authority.pubkey();
    env.send_ok(
        &[ix::set_market_allowance_cap(&line.router, &a, 1_000_000)],
        &[&line.authority],
        "cap",
    )
    .await;
    line.deposit_fresh(&mut env, 10_000_000).await;
    env.send_ok(&[p.distribute_ix(1)], &[], "the line's discount budget")
        .await;
    env.send_ok(
        &[ix::sweep_market(&line.side(), &m.market)],
        &[],
        "fund the allowance",
    )
    .await;
    // A trader holding the first tier's stake in the pool, warmed up.
    let tier = p.pool.rebates(&mut env).await.tiers.tiers[0];
    let (t, fee_tokens) = p.new_staker(&mut env, tier.min_stake).await;
    p.stake(&mut env, &t, tier.min_stake)
        .await
        .expect_ok("stake in the pool");
    env.warp_seconds(86_400 + 1);
    let owner = t.owner.pubkey();
    env.mint_to(&line.fee_mint, &fee_tokens[1], 1_000_000_000)
        .await;
    let base = env.create_token_account(&m.base_mint, &owner).await;
    let trade = Trade {
        side: Side::Buy,
        base_amount: 1_000_000,
        quote_limit: u64::MAX,
    };
    let ix = m.swap_at_source_ix(&owner, &base, &fee_tokens[1], trade, true);
    env.send_ok(&[ix], &[&t.owner], "swap at source in the line")
        .await;
    // 0.3% of 2,000,000 is 6,000; the tier gives 5% of it back from the allowance.
    let fees: fee_router::state::MarketFees = env
        .anchor_account(&pda::market_fees(&line.router, &m.market))
        .await;
    assert_eq!(
        fees.totals.discounts.get(),
        6_000 * u128::from(tier.rebate_bps) / 10_000
    );
    assert_eq!(fees.pool, p.pool.router);
    assert_eq!(
        env.balance(&fee_tokens[1]).await,
        1_000_000_000 - 2_000_000 - (6_000 - 6_000 * tier.rebate_bps / 10_000)
    );
}
