//! SPEC §1 (The loop), §3 (Conservation): a deposit credits the intake with what arrived (net
//! of a Token-2022 transfer fee) and records totals and history; a deposit of zero, while
//! paused, without the payer's signature, from an account of another mint, into another
//! router's intake or with the wrong token program is refused.
use anchor_lang::error::ErrorCode;
use fee_router::error::FeeRouterError;
use fee_router::state::pause::PAUSE_DEPOSIT;
use fee_router_sdk::{ix, pda::VaultKind};
use fee_router_tests::*;
use solana_signer::Signer;

#[tokio::test]
async fn deposit_credits_the_intake_and_records_totals_and_history() {
    let mut env = TestEnv::start().await;
    let f = RouterFixture::new(&mut env, MintSpec::spl(6), MintSpec::spl(9)).await;
    let (payer, token) = f.fee_payer(&mut env, 1_000_000).await;

    let out = f
        .deposit(&mut env, &payer, &token, 250_000)
        .await
        .expect_ok("deposit");
    println!(
        "compute units: deposit_fees (SPL Token) = {}",
        out.compute_units
    );
    assert!(
        out.compute_units <= fee_router_tests::cu::budget("deposit_fees", "spl_first"),
        "deposit_fees used {} CU",
        out.compute_units
    );

    assert_eq!(env.balance(&f.vault(VaultKind::Intake)).await, 250_000);
    assert_eq!(env.balance(&token).await, 750_000);
    let r = f.state(&mut env).await;
    assert_eq!(r.totals.deposited.get(), 250_000);
    assert_eq!(r.totals.deposit_withheld.get(), 0);
    assert_eq!(r.totals.pending_attributed, 250_000);
    assert_eq!(r.trailing_fees(env.now).unwrap(), 250_000);

    // A day later the same fees are still in the trailing 30 days; 30 days later they are not.
    env.warp_seconds(86_400);
    f.deposit(&mut env, &payer, &token, 1)
        .await
        .expect_ok("deposit");
    let r = f.state(&mut env).await;
    assert_eq!(r.trailing_fees(env.now).unwrap(), 250_001);
    assert_eq!(r.trailing_fees(env.now + 29 * 86_400).unwrap(), 1);
    assert_eq!(r.trailing_fees(env.now + 30 * 86_400).unwrap(), 0);
}

#[tokio::test]
async fn deposit_with_a_transfer_fee_credits_what_arrived() {
    let mut env = TestEnv::start().await;
    let fee = MintSpec::token_2022(6).with_transfer_fee(100, u64::MAX);
    let f = RouterFixture::new(&mut env, fee, MintSpec::spl(9)).await;
    let (payer, token) = f.fee_payer(&mut env, 1_000_000).await;

    let out = f
        .deposit(&mut env, &payer, &token, 10_000)
        .await
        .expect_ok("deposit");
    println!(
        "compute units: deposit_fees (Token-2022, 1% fee) = {}",
        out.compute_units
    );
    assert!(
        out.compute_units <= fee_router_tests::cu::budget("deposit_fees", "token2022_fee_first"),
        "deposit_fees used {} CU",
        out.compute_units
    );

    let intake = f.vault(VaultKind::Intake);
    assert_eq!(env.balance(&intake).await, 9_900);
    assert_eq!(env.withheld(&intake).await, 100);
    let r = f.state(&mut env).await;
    assert_eq!(r.totals.deposited.get(), 10_000);
    assert_eq!(r.totals.deposit_withheld.get(), 100);
    assert_eq!(r.totals.pending_attributed, 9_900);
    assert_eq!(r.trailing_fees(env.now).unwrap(), 9_900);
}

// attack: deposit_fees: amounts
#[tokio::test]
async fn zero_deposit_is_refused_and_changes_nothing() {
    let mut env = TestEnv::start().await;
    let f = RouterFixture::new(&mut env, MintSpec::spl(6), MintSpec::spl(9)).await;
    let (payer, token) = f.fee_payer(&mut env, 100).await;
    let before = f.snapshot(&mut env).await;
    let out = f.deposit(&mut env, &payer, &token, 0).await;
    assert_error(&out, FeeRouterError::DepositZeroAmount);
    assert_eq!(f.snapshot(&mut env).await, before);
}

// attack: deposit_fees: paused
#[tokio::test]
async fn paused_deposit_is_refused_until_unpaused() {
    let mut env = TestEnv::start().await;
    let f = RouterFixture::new(&mut env, MintSpec::spl(6), MintSpec::spl(9)).await;
    let (payer, token) = f.fee_payer(&mut env, 100).await;
    env.send_ok(
        &[ix::pause(&f.router, &f.guardian.pubkey(), PAUSE_DEPOSIT)],
        &[&f.guardian],
        "pause",
    )
    .await;
    let before = f.snapshot(&mut env).await;
    let out = f.deposit(&mut env, &payer, &token, 10).await;
    assert_error(&out, FeeRouterError::PauseOperationPaused);
    assert_eq!(f.snapshot(&mut env).await, before);
    assert_eq!(env.balance(&token).await, 100);

    env.send_ok(
        &[ix::unpause(&f.router, &f.guardian.pubkey(), PAUSE_DEPOSIT)],
        &[&f.guardian],
        "unpause",
    )
    .await;
    f.deposit(&mut env, &payer, &token, 10)
        .await
        .expect_ok("deposit after unpause");
}

// attack: deposit_fees: wrong_mint
#[tokio::test]
async fn deposit_from_an_account_of_another_mint_is_refused() {
    let mut env = TestEnv::start().await;
    let f = RouterFixture::new(&mut env, MintSpec::spl(6), MintSpec::spl(9)).await;
    let payer = env.funded_user(1).await;
    let other_mint = env.create_mint(MintSpec::spl(6)).await;
    let token = env
        .funded_token_account(&other_mint, &payer.pubkey(), 100)
        .await;
    let before = f.snapshot(&mut env).await;
    let out = f.deposit(&mut env, &payer, &token, 10).await;
    assert_error(&out, FeeRouterError::AccountMintMismatch);
    assert_eq!(f.snapshot(&mut env).await, before);

    // Naming the other mint as the fee mint is refused too.
    let mut side = f.side();
    side.fee_mint = other_mint;
    let ix = ix::deposit_fees(&side, &payer.pubkey(), &token, 10);
    let out = env.send(&[ix], &[&payer]).await;
    assert_error(&out, FeeRouterError::AccountMintMismatch);
    assert_eq!(f.snapshot(&mut env).await, before);
}

// attack: deposit_fees: other_router
#[tokio::test]
async fn deposit_into_another_routers_intake_is_refused() {
    let mut env = TestEnv::start().await;
    let f = RouterFixture::new(&mut env, MintSpec::spl(6), MintSpec::spl(9)).await;
    // A second router of another creator over the same mints.
    let mut g = RouterFixture::prepare(&mut env, MintSpec::spl(6), MintSpec::spl(9)).await;
    g.fee_mint = f.fee_mint;
    g.protocol_mint = f.protocol_mint;
    g.router = fee_router_sdk::pda::router(&g.creator.pubkey(), &g.fee_mint, &g.protocol_mint);
    g.initialize(&mut env).await.expect_ok("second router");

    let (payer, token) = f.fee_payer(&mut env, 100).await;
    let mut ix = ix::deposit_fees(&f.side(), &payer.pubkey(), &token, 10);
    ix.accounts[3].pubkey = g.vault(VaultKind::Intake);
    let before = (f.snapshot(&mut env).await, g.snapshot(&mut env).await);
    let out = env.send(&[ix], &[&payer]).await;
    assert_error(&out, FeeRouterError::AccountVaultMismatch);
    assert_eq!(
        (f.snapshot(&mut env).await, g.snapshot(&mut env).await),
        before
    );
}

// attack: deposit_fees: wrong_mint
#[tokio::test]
async fn deposit_with_the_wrong_token_program_is_refused() {
    let mut env = TestEnv::start().await;
    let f = RouterFixture::new(&mut env, MintSpec::spl(6), MintSpec::spl(9)).await;
    let (payer, token) = f.fee_payer(&mut env, 100).await;
    let mut side = f.side();
    side.fee_token_program = TOKEN_2022;
    let before = f.snapshot(&mut env).await;
    let out = env
        .send(
            &[ix::deposit_fees(&side, &payer.pubkey(), &token, 10)],
            &[&payer],
        )
        .await;
    assert_error(&out, FeeRouterError::AccountTokenProgramMismatch);
    assert_eq!(f.snapshot(&mut env).await, before);
}

// attack: deposit_fees: missing_signer
#[tokio::test]
async fn deposit_without_the_payer_signature_is_refused() {
    let mut env = TestEnv::start().await;
    let f = RouterFixture::new(&mut env, MintSpec::spl(6), MintSpec::spl(9)).await;
    let (payer, token) = f.fee_payer(&mut env, 100).await;
    let mut ix = ix::deposit_fees(&f.side(), &payer.pubkey(), &token, 10);
    ix.accounts[0].is_signer = false;
    let before = f.snapshot(&mut env).await;
    let out = env.send(&[ix], &[]).await;
    assert_error(&out, ErrorCode::AccountNotSigner);
    assert_eq!(f.snapshot(&mut env).await, before);
}
