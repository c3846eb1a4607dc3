//! Scratch (finding 3/6 engineer): compute units of the cases cu-report measures. Deleted after use.
use anchor_lang::prelude::Pubkey;
use example_exchange::Side;
use fee_router::state::{InsuranceParams, RebateLimits};
use fee_router_sdk::ix;
use fee_router_tests::exchange::{ExchangeMarket, Trade};
use fee_router_tests::*;
use solana_signer::Signer;

async fn rebating(env: &mut TestEnv, fee: MintSpec, ra: Pubkey) -> (RouterFixture, Staker) {
    let f = RouterFixture::new(env, fee, MintSpec::spl(6)).await;
    f.set_rebate_authority(env, ra).await;
    f.fund_vaults(env, 1_000_000_000).await;
    let trader = f.new_staker(env, 600_000_000_000).await;
    f.stake(env, &trader, 600_000_000_000)
        .await
        .expect_ok("stake");
    env.warp_seconds(2 * 86_400);
    (f, trader)
}

#[tokio::test]
async fn scratch_cu() {
    for (case, spec) in [
        ("spl", MintSpec::spl(6)),
        (
            "token2022_fee",
            MintSpec::token_2022(6).with_transfer_fee(100, u64::MAX),
        ),
    ] {
        let mut env = TestEnv::start().await;
        let exchange = env.funded_user(1).await;
        let (f, trader) = rebating(&mut env, spec, exchange.pubkey()).await;
        for i in 0..3 {
            let rebate = ix::rebate(
                &f.side(),
                &exchange.pubkey(),
                &trader.owner.pubkey(),
                &trader.fee_token,
                1_000_000,
                true,
            );
            let out = env.send(&[rebate], &[&exchange]).await.expect_ok("rebate");
            println!("CU rebate/{case} #{i}: {}", out.compute_units);
            if i == 1 {
                env.warp_seconds(86_400 / 5 + 1);
            }
        }
        let rebate = ix::rebate(
            &f.side(),
            &exchange.pubkey(),
            &trader.owner.pubkey(),
            &trader.fee_token,
            u64::MAX,
            true,
        );
        let out = env.send(&[rebate], &[&exchange]).await.expect_ok("rebate");
        println!("CU rebate/{case} above bound: {}", out.compute_units);
    }
    let mut env = TestEnv::start().await;
    let f = RouterFixture::new(&mut env, MintSpec::spl(6), MintSpec::spl(6)).await;
    f.fund_vaults(&mut env, 1_000_000_000).await;
    let a = f.authority.pubkey();
    let exchange = env.funded_user(1).await;
    let shortfall = env
        .create_token_account(&f.fee_mint, &exchange.pubkey())
        .await;
    for (name, instruction) in [
        (
            "set_rebate_limits",
            ix::set_rebate_limits(&f.router, &a, RebateLimits::DEFAULT),
        ),
        (
            "set_rebate_authority",
            ix::set_rebate_authority(&f.router, &a, exchange.pubkey()),
        ),
        (
            "set_insurance_params",
            ix::set_insurance_params(&f.router, &a, InsuranceParams::DEFAULT),
        ),
        (
            "set_shortfall_account",
            ix::set_shortfall_account(&f.router, &a, shortfall),
        ),
    ] {
        let out = env
            .send(&[instruction], &[&f.authority])
            .await
            .expect_ok(name);
        println!("CU {name}: {}", out.compute_units);
    }
    for i in 0..3 {
        let out = env
            .send(
                &[ix::pay_insurance(&f.side(), &a, &shortfall, 1_000_000)],
                &[&f.authority],
            )
            .await
            .expect_ok("pay");
        println!("CU pay_insurance #{i}: {}", out.compute_units);
        env.warp_seconds(7 * 86_400);
    }

    let mut env = TestEnv::start().await;
    let f = RouterFixture::new(&mut env, MintSpec::spl(6), MintSpec::spl(6)).await;
    let base_mint = env.create_mint(MintSpec::spl(6)).await;
    let m = ExchangeMarket::new(
        f.router,
        base_mint,
        SPL_TOKEN,
        f.fee_mint,
        f.fee_token_program,
    );
    let admin = env.funded_user(1).await;
    env.send_ok(
        &[m.create_ix(&admin.pubkey(), 2_000_000_000, 30)],
        &[&admin],
        "create market",
    )
    .await;
    env.mint_to(&base_mint, &m.base_vault, 1_000_000_000_000)
        .await;
    f.set_rebate_authority(&mut env, m.market).await;
    f.fund_vaults(&mut env, 1_000_000_000).await;
    let trader = f.new_staker(&mut env, 600_000_000_000).await;
    f.stake(&mut env, &trader, 600_000_000_000)
        .await
        .expect_ok("stake");
    env.mint_to(&f.fee_mint, &trader.fee_token, 1_000_000_000_000)
        .await;
    let base = env
        .create_token_account(&base_mint, &trader.owner.pubkey())
        .await;
    env.warp_seconds(2 * 86_400);
    let owner = trader.owner.pubkey();
    let trade = Trade {
        side: Side::Buy,
        base_amount: 1_000_000,
        quote_limit: u64::MAX,
    };
    let routed = m.swap_ix(&owner, &base, &trader.fee_token, trade, true);
    env.send_ok(
        std::slice::from_ref(&routed),
        &[&trader.owner],
        "warm-up trade",
    )
    .await;
    let unrouted = m.swap_unrouted_ix(&owner, &base, &trader.fee_token, trade);
    let plain = env
        .send(&[unrouted], &[&trader.owner])
        .await
        .expect_ok("plain");
    let with_router = env
        .send(&[routed], &[&trader.owner])
        .await
        .expect_ok("routed");
    println!(
        "CU swap_unrouted {} swap {} added {}",
        plain.compute_units,
        with_router.compute_units,
        with_router.compute_units - plain.compute_units
    );
}
