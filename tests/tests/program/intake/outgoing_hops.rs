//! SPEC §3 (Conservation): every hop out of the router is measured too. Claims and withdrawals
//! record what left the vault and what the recipient received; a Token-2022 fee withheld on the
//! way is a recorded term, and both mints' conservation equations close to the base unit.
use fee_router::events::{RewardsClaimed, UnstakeWithdrawn};
use fee_router_sdk::pda::VaultKind;
use fee_router_tests::*;
use solana_signer::Signer;

const WEEK: i64 = 7 * 86_400;

#[tokio::test]
async fn claims_and_withdrawals_record_what_left_and_what_arrived() {
    let mut env = TestEnv::start().await;
    // 1% transfer fees on both mints, on every hop.
    let fee = MintSpec::token_2022(6).with_transfer_fee(100, u64::MAX);
    let protocol = MintSpec::token_2022(9).with_fixed_transfer_fee(100, u64::MAX);
    let f = RouterFixture::new(&mut env, fee, protocol).await;
    let s = f.new_staker(&mut env, 1_000_000).await;
    f.stake(&mut env, &s, 1_000_000).await.expect_ok("stake");
    f.deposit_fresh(&mut env, 10_000_000).await;
    f.distribute(&mut env).await.expect_ok("distribute");
    env.warp_seconds(WEEK);

    let out = f.claim(&mut env, &s).await.expect_ok("claim");
    let e = &events::<RewardsClaimed>(&out)[0];
    let received = env.balance(&s.fee_token).await;
    assert_eq!(e.arrived, received, "the event says what arrived");
    assert_eq!(e.amount - e.arrived, e.withheld);
    assert!(e.withheld > 0, "a 1% fee was withheld on the claim");
    assert_eq!(env.withheld(&s.fee_token).await, e.withheld);
    let r = f.state(&mut env).await;
    assert_eq!(r.staking.claimed.get(), u128::from(e.amount));
    assert_eq!(r.staking.claim_withheld.get(), u128::from(e.withheld));

    let active = f.position(&mut env, &s.owner.pubkey()).await.active;
    f.request_unstake(&mut env, &s, active)
        .await
        .expect_ok("request");
    env.warp_seconds(WEEK);
    let before = env.balance(&s.protocol_token).await;
    let out = f.withdraw(&mut env, &s).await.expect_ok("withdraw");
    let e = &events::<UnstakeWithdrawn>(&out)[0];
    assert_eq!(env.balance(&s.protocol_token).await - before, e.arrived);
    assert_eq!(e.amount - e.arrived, e.withheld);
    assert!(e.withheld > 0);

    // The protocol mint: staked = in the stake vault + withdrawn + withheld on the way in.
    let r = f.state(&mut env).await;
    let k = &r.stake_totals;
    let stake_vault = u128::from(env.balance(&f.vault(VaultKind::Stake)).await);
    assert_eq!(
        k.staked.get(),
        stake_vault + k.withdrawn.get() + k.stake_withheld.get()
    );
    assert_eq!(k.withdrawn.get(), u128::from(e.amount));
    assert_eq!(k.withdraw_withheld.get(), u128::from(e.withheld));
    // What the staker holds plus every recorded fee is what it started with.
    let held = u128::from(env.balance(&s.protocol_token).await);
    assert_eq!(
        held + k.stake_withheld.get() + k.withdraw_withheld.get() + stake_vault,
        1_000_000
    );

    // The fee mint: deposited = in the vaults + claimed + withheld on the internal hops.
    let t = &r.totals;
    let mut in_vaults = 0u128;
    for kind in [
        VaultKind::Intake,
        VaultKind::Buyback,
        VaultKind::Stakers,
        VaultKind::Insurance,
        VaultKind::Discount,
    ] {
        in_vaults += u128::from(env.balance(&f.vault(kind)).await);
    }
    assert_eq!(
        t.deposited.get(),
        in_vaults + r.staking.claimed.get() + t.deposit_withheld.get() + t.routed_withheld.get()
    );
    // And each withheld term is exactly what the mint holds back in the destination accounts.
    assert_eq!(
        u128::from(env.withheld(&f.vault(VaultKind::Intake)).await),
        t.deposit_withheld.get()
    );
}
