//! SPEC §1 (The loop), §2 (Guard rails), §3 (Conservation): a distribution splits the intake
//! exactly as the seed's table, on what arrived, plain transfers included; the insurance floor
//! top-up is capped by its share, and insurance above its cap and discount budget above its cap
//! overflow to buyback; an empty intake, a pause and another router's vault, a token account
//! the router does not own or another mint are refused.
use fee_router::error::FeeRouterError;
use fee_router::events::{Bucket, FeesDistributed, RedirectReason, Redirection};
use fee_router::state::{pause::PAUSE_DISTRIBUTE, GuardRails, Stage, DEFAULT_GUARD_RAILS};
use fee_router_sdk::{ix, pda::VaultKind};
use fee_router_tests::*;
use solana_signer::Signer;

/// A router with an active staker (so the staker share is paid, not redirected) and `amount`
/// of fees deposited.
async fn router_with_fees(env: &mut TestEnv, fee: MintSpec, amount: u64) -> RouterFixture {
    let f = RouterFixture::new(env, fee, MintSpec::spl(9)).await;
    let staker = f.new_staker(env, 1_000_000_000).await;
    f.stake(env, &staker, 1_000_000_000)
        .await
        .expect_ok("stake");
    let (payer, token) = f.fee_payer(env, amount).await;
    f.deposit(env, &payer, &token, amount)
        .await
        .expect_ok("deposit");
    f
}

async fn set_rails(env: &mut TestEnv, f: &RouterFixture, rails: GuardRails) {
    let ix = ix::set_guard_rails(&f.router, &f.authority.pubkey(), rails);
    env.send_ok(&[ix], &[&f.authority], "set_guard_rails").await;
}

#[tokio::test]
async fn distribute_splits_ten_million_exactly_as_the_seed_table() {
    let mut env = TestEnv::start().await;
    let f = router_with_fees(&mut env, MintSpec::spl(6), 10_000_000).await;
    let out = f.distribute(&mut env).await.expect_ok("distribute");
    println!(
        "compute units: distribute, four buckets (SPL Token) = {}",
        out.compute_units
    );
    assert!(
        out.compute_units <= fee_router_tests::cu::budget("distribute", "spl"),
        "distribute used {} CU",
        out.compute_units
    );
    assert_eq!(
        f.bucket_balances(&mut env).await,
        [1_500_000, 3_000_000, 1_000_000, 4_500_000]
    );
    assert_eq!(env.balance(&f.vault(VaultKind::Intake)).await, 0);

    let e = &events::<FeesDistributed>(&out)[0];
    assert_eq!(
        (e.stage, e.input, e.unattributed, e.remainder),
        (Stage::Early, 10_000_000, 0, 0)
    );
    assert_eq!(e.amounts, [1_500_000, 3_000_000, 1_000_000, 4_500_000]);
    assert_eq!(e.credited, e.amounts);
    assert!(e.redirections.is_empty());
    assert_eq!((e.vaults_before, e.vaults_after), ([0; 4], e.amounts));

    for (stage, expected) in [
        (Stage::Growth, [4_000_000, 3_000_000, 1_000_000, 2_000_000]),
        (Stage::Mature, [5_500_000, 2_500_000, 1_500_000, 500_000]),
    ] {
        let before = f.bucket_balances(&mut env).await;
        env.send_ok(
            &[ix::set_stage(&f.router, &f.authority.pubkey(), stage)],
            &[&f.authority],
            "stage",
        )
        .await;
        let (payer, token) = f.fee_payer(&mut env, 10_000_000).await;
        f.deposit(&mut env, &payer, &token, 10_000_000)
            .await
            .expect_ok("deposit");
        f.distribute(&mut env).await.expect_ok("distribute");
        let after = f.bucket_balances(&mut env).await;
        let got: Vec<u64> = after.iter().zip(before).map(|(a, b)| a - b).collect();
        assert_eq!(got, expected, "{stage:?}");
    }
    let r = f.state(&mut env).await;
    assert_eq!(r.totals.distributed.get(), 30_000_000);
    r.invariant().expect("invariant");
}

#[tokio::test]
async fn distribute_with_a_transfer_fee_records_what_each_hop_withheld() {
    let mut env = TestEnv::start().await;
    let fee = MintSpec::token_2022(6).with_transfer_fee(100, u64::MAX);
    let f = router_with_fees(&mut env, fee, 1_000_000).await;
    let out = f.distribute(&mut env).await.expect_ok("distribute");
    println!(
        "compute units: distribute, four buckets (Token-2022, 1% fee) = {}",
        out.compute_units
    );
    assert!(
        out.compute_units <= fee_router_tests::cu::budget("distribute", "token2022_fee"),
        "distribute used {} CU",
        out.compute_units
    );

    // 990_000 arrived; split Early: 148_500 / 297_000 / 99_000 / 445_500, each less 1%.
    let e = &events::<FeesDistributed>(&out)[0];
    assert_eq!(e.input, 990_000);
    assert_eq!(e.amounts, [148_500, 297_000, 99_000, 445_500]);
    assert_eq!(e.credited, [147_015, 294_030, 98_010, 441_045]);
    assert_eq!(f.bucket_balances(&mut env).await, e.credited);
    let r = f.state(&mut env).await;
    assert_eq!(r.totals.deposit_withheld.get(), 10_000);
    assert_eq!(r.totals.routed_withheld.get(), 1_485 + 2_970 + 990 + 4_455);
    let mut withheld_in_accounts = env.withheld(&f.vault(VaultKind::Intake)).await;
    for v in f.bucket_vaults() {
        withheld_in_accounts += env.withheld(&v).await;
    }
    assert_eq!(
        u128::from(withheld_in_accounts),
        r.totals.deposit_withheld.get() + r.totals.routed_withheld.get()
    );
}

#[tokio::test]
async fn a_plain_transfer_into_the_intake_is_distributed_as_unattributed_fees() {
    let mut env = TestEnv::start().await;
    let f = router_with_fees(&mut env, MintSpec::spl(6), 500).await;
    let (sender, token) = f.fee_payer(&mut env, 1_000).await;
    env.transfer(
        &f.fee_mint,
        &token,
        &f.vault(VaultKind::Intake),
        &sender,
        1_000,
    )
    .await
    .expect_ok("transfer");
    let out = f.distribute(&mut env).await.expect_ok("distribute");
    let e = &events::<FeesDistributed>(&out)[0];
    assert_eq!((e.input, e.unattributed), (1_500, 1_000));
    let r = f.state(&mut env).await;
    assert_eq!(r.totals.unattributed.get(), 1_000);
    assert_eq!(r.totals.deposited.get(), 500);
    assert_eq!(r.trailing_fees(env.now).unwrap(), 1_500);
    assert_eq!(f.bucket_balances(&mut env).await.iter().sum::<u64>(), 1_500);
}

#[tokio::test]
async fn insurance_floor_top_up_is_capped_by_its_share_of_the_distribution() {
    let mut env = TestEnv::start().await;
    let f = router_with_fees(&mut env, MintSpec::spl(6), 1_000_000).await;
    set_rails(
        &mut env,
        &f,
        GuardRails {
            insurance_floor: 1_000_000,
            insurance_topup_max_bps: 2_000,
            ..DEFAULT_GUARD_RAILS
        },
    )
    .await;
    let out = f.distribute(&mut env).await.expect_ok("distribute");
    // Top-up: min(shortfall 1_000_000, 20% of 1_000_000) = 200_000; the other 800_000 split Early.
    assert_eq!(
        f.bucket_balances(&mut env).await,
        [120_000, 240_000, 200_000 + 80_000, 360_000]
    );
    let e = &events::<FeesDistributed>(&out)[0];
    assert_eq!(
        e.redirections,
        vec![Redirection {
            reason: RedirectReason::InsuranceFloorTopUp,
            to: Bucket::Insurance,
            amount: 200_000
        }]
    );
}

#[tokio::test]
async fn insurance_above_its_cap_overflows_to_buyback() {
    let mut env = TestEnv::start().await;
    let f = router_with_fees(&mut env, MintSpec::spl(6), 10_000).await;
    set_rails(
        &mut env,
        &f,
        GuardRails {
            insurance_cap: 1_050,
            ..DEFAULT_GUARD_RAILS
        },
    )
    .await;
    f.distribute(&mut env).await.expect_ok("first distribute");
    assert_eq!(
        f.bucket_balances(&mut env).await,
        [1_500, 3_000, 1_000, 4_500]
    );
    let (payer, token) = f.fee_payer(&mut env, 10_000).await;
    f.deposit(&mut env, &payer, &token, 10_000)
        .await
        .expect_ok("deposit");
    let out = f.distribute(&mut env).await.expect_ok("second distribute");
    // Room under the cap is 50; the other 950 of the 1_000 insurance share goes to buyback.
    assert_eq!(
        f.bucket_balances(&mut env).await,
        [1_500 + 1_500 + 950, 6_000, 1_050, 9_000]
    );
    let e = &events::<FeesDistributed>(&out)[0];
    assert_eq!(
        e.redirections,
        vec![Redirection {
            reason: RedirectReason::InsuranceCapOverflow,
            to: Bucket::Buyback,
            amount: 950
        }]
    );
}

#[tokio::test]
async fn discount_budget_above_its_cap_overflows_to_buyback() {
    let mut env = TestEnv::start().await;
    let f = router_with_fees(&mut env, MintSpec::spl(6), 10_000).await;
    set_rails(
        &mut env,
        &f,
        GuardRails {
            discount_cap: 5_000,
            ..DEFAULT_GUARD_RAILS
        },
    )
    .await;
    f.distribute(&mut env).await.expect_ok("first distribute");
    let (payer, token) = f.fee_payer(&mut env, 10_000).await;
    f.deposit(&mut env, &payer, &token, 10_000)
        .await
        .expect_ok("deposit");
    let out = f.distribute(&mut env).await.expect_ok("second distribute");
    // Room under the cap is 500; the other 4_000 of the 4_500 discount share goes to buyback.
    assert_eq!(
        f.bucket_balances(&mut env).await,
        [1_500 + 1_500 + 4_000, 6_000, 2_000, 5_000]
    );
    let e = &events::<FeesDistributed>(&out)[0];
    assert_eq!(
        e.redirections,
        vec![Redirection {
            reason: RedirectReason::DiscountCapOverflow,
            to: Bucket::Buyback,
            amount: 4_000
        }]
    );
}

// attack: distribute: amounts
#[tokio::test]
async fn distribute_of_an_empty_intake_is_refused() {
    let mut env = TestEnv::start().await;
    let f = RouterFixture::new(&mut env, MintSpec::spl(6), MintSpec::spl(9)).await;
    let before = f.snapshot(&mut env).await;
    let out = f.distribute(&mut env).await;
    assert_error(&out, FeeRouterError::DistributeNothingToDistribute);
    assert_eq!(f.snapshot(&mut env).await, before);
}

// attack: distribute: paused
#[tokio::test]
async fn paused_distribute_is_refused() {
    let mut env = TestEnv::start().await;
    let f = router_with_fees(&mut env, MintSpec::spl(6), 1_000).await;
    env.send_ok(
        &[ix::pause(&f.router, &f.guardian.pubkey(), PAUSE_DISTRIBUTE)],
        &[&f.guardian],
        "pause",
    )
    .await;
    let before = f.snapshot(&mut env).await;
    let out = f.distribute(&mut env).await;
    assert_error(&out, FeeRouterError::PauseOperationPaused);
    assert_eq!(f.snapshot(&mut env).await, before);
}

// attack: distribute: other_router
#[tokio::test]
async fn distribute_into_another_routers_vault_is_refused() {
    let mut env = TestEnv::start().await;
    let f = router_with_fees(&mut env, MintSpec::spl(6), 1_000).await;
    let mut g = RouterFixture::prepare(&mut env, MintSpec::spl(6), MintSpec::spl(9)).await;
    g.fee_mint = f.fee_mint;
    g.protocol_mint = f.protocol_mint;
    g.router = fee_router_sdk::pda::router(&g.creator.pubkey(), &g.fee_mint, &g.protocol_mint);
    g.initialize(&mut env).await.expect_ok("second router");

    let mut ix = ix::distribute(&f.side());
    ix.accounts[2].pubkey = g.vault(VaultKind::Buyback);
    let before = (f.snapshot(&mut env).await, g.snapshot(&mut env).await);
    let out = env.send(&[ix], &[]).await;
    assert_error(&out, FeeRouterError::AccountVaultMismatch);
    assert_eq!(
        (f.snapshot(&mut env).await, g.snapshot(&mut env).await),
        before
    );
}

// attack: distribute: fake_account
#[tokio::test]
async fn distribute_into_a_token_account_the_router_does_not_own_is_refused() {
    let mut env = TestEnv::start().await;
    let f = router_with_fees(&mut env, MintSpec::spl(6), 1_000).await;
    let thief = env.funded_user(1).await;
    let fake = env.create_token_account(&f.fee_mint, &thief.pubkey()).await;
    for position in 1..=5 {
        let mut ix = ix::distribute(&f.side());
        ix.accounts[position].pubkey = fake;
        let before = f.snapshot(&mut env).await;
        let out = env.send(&[ix], &[]).await;
        assert_error(&out, FeeRouterError::AccountVaultMismatch);
        assert_eq!(f.snapshot(&mut env).await, before);
        assert_eq!(env.balance(&fake).await, 0);
    }
}

// attack: distribute: wrong_mint
#[tokio::test]
async fn distribute_naming_another_mint_is_refused() {
    let mut env = TestEnv::start().await;
    let f = router_with_fees(&mut env, MintSpec::spl(6), 1_000).await;
    let mut side = f.side();
    side.fee_mint = env.create_mint(MintSpec::spl(6)).await;
    let before = f.snapshot(&mut env).await;
    let out = env.send(&[ix::distribute(&side)], &[]).await;
    assert_error(&out, FeeRouterError::AccountMintMismatch);
    assert_eq!(f.snapshot(&mut env).await, before);
}
