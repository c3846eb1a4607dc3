//! SPEC §3 (Conservation), §9 (Attacks the tests must show failing): the defensive errors:
//! states no sequence of instructions reaches, written into the bank directly, are refused with
//! typed errors and leave everything as it was.
use fee_router::error::FeeRouterError;
use fee_router::state::Stage;
use fee_router_sdk::ix;
use fee_router_tests::*;
use solana_signer::Signer;

#[tokio::test]
async fn a_router_whose_totals_disagree_is_refused_by_the_invariant() {
    let mut env = TestEnv::start().await;
    let f = RouterFixture::new(&mut env, MintSpec::spl(6), MintSpec::spl(9)).await;
    f.deposit_fresh(&mut env, 100).await;
    // One token recorded as deposited that never arrived.
    f.overwrite_state(&mut env, |r| {
        r.totals.deposited.set(r.totals.deposited.get() + 1)
    })
    .await;
    let before = f.snapshot(&mut env).await;
    let out = env
        .send(
            &[ix::set_stage(
                &f.router,
                &f.authority.pubkey(),
                Stage::Growth,
            )],
            &[&f.authority],
        )
        .await;
    assert_error(&out, FeeRouterError::InvariantViolated);
    assert!(
        out.logs
            .iter()
            .any(|l| l.contains("invariant violated: intake arrived = distributed + pending")),
        "the log names the clause that broke:\n{}",
        out.logs.join("\n")
    );
    assert_eq!(f.snapshot(&mut env).await, before);
}

#[tokio::test]
async fn an_intake_holding_less_than_its_recorded_deposits_is_not_distributed() {
    let mut env = TestEnv::start().await;
    let f = RouterFixture::new(&mut env, MintSpec::spl(6), MintSpec::spl(9)).await;
    f.deposit_fresh(&mut env, 100).await;
    f.overwrite_state(&mut env, |r| r.totals.pending_attributed = 101)
        .await;
    let before = f.snapshot(&mut env).await;
    assert_error(
        &f.distribute(&mut env).await,
        FeeRouterError::InvariantViolated,
    );
    assert_eq!(f.snapshot(&mut env).await, before);
}

// attack: stake: amounts
#[tokio::test]
async fn stake_that_would_overflow_the_pool_is_a_typed_error() {
    let mut env = TestEnv::start().await;
    let f = RouterFixture::new(&mut env, MintSpec::spl(6), MintSpec::spl(9)).await;
    let s = f.new_staker(&mut env, 100).await;
    f.overwrite_state(&mut env, |r| r.staking.total_active = u64::MAX - 5)
        .await;
    let before = f.snapshot(&mut env).await;
    assert_error(
        &f.stake(&mut env, &s, 10).await,
        FeeRouterError::MathOverflow,
    );
    assert_eq!(f.snapshot(&mut env).await, before);
    assert_eq!(env.balance(&s.protocol_token).await, 100);
}
