//! SPEC §7 (Interfaces): `fee-router show` reads what the program wrote: its report, built from
//! on-chain state.
use fee_router_cli::report::RouterReport;
use fee_router_sdk::{ix, pda::VaultKind};
use fee_router_tests::*;
use solana_signer::Signer;

#[tokio::test]
async fn the_show_report_reflects_the_routers_state_and_balances() {
    let mut env = TestEnv::start().await;
    let f = RouterFixture::new(&mut env, MintSpec::spl(6), MintSpec::spl(9)).await;
    let staker = f.new_staker(&mut env, 1_000).await;
    f.stake(&mut env, &staker, 1_000).await.expect_ok("stake");
    let (payer, token) = f.fee_payer(&mut env, 20_000_000).await;
    f.deposit(&mut env, &payer, &token, 10_000_000)
        .await
        .expect_ok("deposit");
    f.distribute(&mut env).await.expect_ok("distribute");
    f.deposit(&mut env, &payer, &token, 3)
        .await
        .expect_ok("deposit");
    let pause = ix::pause(
        &f.router,
        &f.guardian.pubkey(),
        fee_router::state::pause::PAUSE_DISTRIBUTE,
    );
    env.send_ok(&[pause], &[&f.guardian], "pause").await;

    let r = f.state(&mut env).await;
    let mut balances = [env.balance(&f.vault(VaultKind::Intake)).await, 0, 0, 0, 0];
    balances[1..].copy_from_slice(&f.bucket_balances(&mut env).await);
    let report = RouterReport::new(&f.router, &r, balances, env.now, vec![], None).expect("report");

    assert_eq!(report.stage, "early");
    assert_eq!(report.paused, vec!["distribute"]);
    assert_eq!(report.authority, f.authority.pubkey().to_string());
    assert_eq!(report.splits[2].buyback_bps, 5500);
    assert_eq!(report.balances.intake, 3);
    assert_eq!(
        (report.balances.buyback, report.balances.discount),
        (1_500_000, 4_500_000)
    );
    assert_eq!(report.totals.deposited, "10000003");
    assert_eq!(report.totals.distributed, "10000000");
    assert_eq!(report.totals.pending_attributed, 3);
    assert_eq!(report.trailing_30d_fees, "10000003");
    let table = report.table(&fee_router_cli::report::Reading {
        fee: fee_router_cli::units::Units::BASE,
        protocol: fee_router_cli::units::Units::BASE,
        now: env.now,
    });
    assert!(table.contains("early*"), "{table}");
    assert!(table.contains("Paused               distribute"), "{table}");
}
