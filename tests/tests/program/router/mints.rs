//! SPEC §8 (Mints the router refuses): the mints a router refuses, and the issuer powers it
//! trusts only when told to.
use fee_router::error::FeeRouterError;
use fee_router::state::mint_powers::*;
use fee_router_cli::report::{trusted_authorities, RouterReport};
use fee_router_sdk::pda::VaultKind;
use fee_router_tests::*;
use solana_keypair::Keypair;
use solana_signer::Signer;

/// Initialising `f` fails with `expected`, and nothing was created.
async fn assert_refused(
    env: &mut TestEnv,
    f: &RouterFixture,
    expected: FeeRouterError,
    what: &str,
) {
    let out = f.initialize(env).await;
    assert_error(&out, expected);
    assert!(env.account(&f.router).await.is_none(), "{what}: no router");
    assert!(
        env.account(&f.vault(VaultKind::Stake)).await.is_none(),
        "{what}: no vault"
    );
}

#[tokio::test]
async fn a_protocol_mint_with_any_power_over_staked_principal_is_refused() {
    let mut env = TestEnv::start().await;
    let issuer = Keypair::new().pubkey();
    let t22 = MintSpec::token_2022(9);
    let cases = [
        ("permanent delegate", t22.with_permanent_delegate(issuer)),
        // Closed at supply 0, it could be re-created at the same address with a permanent
        // delegate and take every staked token: the close authority alone is refused.
        ("close authority", t22.with_close_authority(issuer)),
        (
            "transfer-hook authority",
            t22.with_transfer_hook(Some(issuer), None),
        ),
        ("pausable", t22.with_pausable(issuer)),
        ("accounts frozen by default", t22.default_frozen()),
    ];
    for (what, protocol) in cases {
        let f = RouterFixture::prepare(&mut env, MintSpec::spl(6), protocol).await;
        assert_refused(
            &mut env,
            &f,
            FeeRouterError::InitProtocolMintPowerRefused,
            what,
        )
        .await;
    }
}

/// The issuer of a protocol mint whose transfer fee it can still change could raise the fee to
/// 100% and take every staker's principal on withdrawal: refused. A fixed fee is accepted.
#[tokio::test]
async fn a_protocol_mint_whose_transfer_fee_a_key_can_change_is_refused() {
    let mut env = TestEnv::start().await;
    let changeable = MintSpec::token_2022(9).with_transfer_fee(100, u64::MAX);
    let f = RouterFixture::prepare(&mut env, MintSpec::spl(6), changeable).await;
    assert_refused(
        &mut env,
        &f,
        FeeRouterError::InitProtocolMintPowerRefused,
        "transfer-fee config authority",
    )
    .await;
    let fixed = MintSpec::token_2022(9).with_fixed_transfer_fee(100, u64::MAX);
    let f = RouterFixture::prepare(&mut env, MintSpec::spl(6), fixed).await;
    f.initialize(&mut env)
        .await
        .expect_ok("a fixed fee is accepted");
    // The same changeable fee on the fee mint is trusted as it is (and shown).
    let f = RouterFixture::prepare(&mut env, changeable, MintSpec::spl(9)).await;
    f.initialize(&mut env)
        .await
        .expect_ok("a fee mint's transfer-fee authority is trusted");
}

/// An issuer that schedules a 100% fee and then drops its authority leaves no key that can
/// change the fee, yet the fee still changes two epochs later: a protocol mint with a
/// scheduled change still to come is refused like one with an authority.
#[tokio::test]
async fn a_protocol_mint_with_a_scheduled_transfer_fee_change_is_refused() {
    use anchor_spl::token_2022::spl_token_2022::{
        extension::transfer_fee::instruction::set_transfer_fee,
        instruction::{set_authority, AuthorityType},
    };
    let mut env = TestEnv::start().await;
    let issuer = env.payer().pubkey();
    let mint = env
        .create_mint(MintSpec::token_2022(9).with_transfer_fee(0, 0))
        .await;
    env.send_ok(
        &[
            set_transfer_fee(&TOKEN_2022, &mint, &issuer, &[], 10_000, u64::MAX).unwrap(),
            set_authority(
                &TOKEN_2022,
                &mint,
                None,
                AuthorityType::TransferFeeConfig,
                &issuer,
                &[],
            )
            .unwrap(),
        ],
        &[],
        "schedule a 100% fee, then drop the fee authority",
    )
    .await;
    let mut f = RouterFixture::prepare(&mut env, MintSpec::spl(6), MintSpec::spl(9)).await;
    f.protocol_mint = mint;
    f.protocol_token_program = TOKEN_2022;
    f.router = fee_router_sdk::pda::router(&f.creator.pubkey(), &f.fee_mint, &mint);
    assert_refused(
        &mut env,
        &f,
        FeeRouterError::InitProtocolMintPowerRefused,
        "a scheduled fee change",
    )
    .await;
}

#[tokio::test]
async fn a_mint_that_cannot_be_routed_is_refused_on_either_side() {
    let mut env = TestEnv::start().await;
    let hook_program = Keypair::new().pubkey();
    let t22 = MintSpec::token_2022(6);
    let unroutable = [
        ("non-transferable", t22.non_transferable()),
        (
            "transfer-hook program set",
            t22.with_transfer_hook(None, Some(hook_program)),
        ),
    ];
    for (what, mint) in unroutable {
        let f = RouterFixture::prepare(&mut env, mint, MintSpec::spl(9)).await;
        assert_refused(
            &mut env,
            &f,
            FeeRouterError::InitUnsupportedMintExtension,
            what,
        )
        .await;
        let f = RouterFixture::prepare(&mut env, MintSpec::spl(6), mint).await;
        assert_refused(
            &mut env,
            &f,
            FeeRouterError::InitUnsupportedMintExtension,
            what,
        )
        .await;
    }
}

#[tokio::test]
async fn fee_mint_issuer_powers_are_accepted_only_when_acknowledged_exactly() {
    let mut env = TestEnv::start().await;
    let issuer = Keypair::new().pubkey();
    // A regulated stablecoin: its issuer keeps a permanent delegate and a pause switch.
    let fee = MintSpec::token_2022(6)
        .with_permanent_delegate(issuer)
        .with_pausable(issuer);
    let powers = POWER_PERMANENT_DELEGATE | POWER_PAUSABLE;
    for acknowledged in [
        0,
        POWER_PERMANENT_DELEGATE,
        powers | POWER_CLOSE_AUTHORITY,
        1 << 31,
    ] {
        let f = RouterFixture::prepare(&mut env, fee, MintSpec::spl(9)).await;
        let mut init = f.init_ix();
        init.acknowledged_fee_mint_powers = acknowledged;
        let out = env.send(&[init.instruction()], &[&f.creator]).await;
        assert_error(&out, FeeRouterError::InitFeeMintPowersNotAcknowledged);
        assert!(
            env.account(&f.router).await.is_none(),
            "ack {acknowledged:#x}"
        );
    }

    let f = RouterFixture::prepare(&mut env, fee, MintSpec::spl(9)).await;
    let mut init = f.init_ix();
    init.acknowledged_fee_mint_powers = powers;
    env.send_ok(
        &[init.instruction()],
        &[&f.creator],
        "init with acknowledgement",
    )
    .await;
    let r = f.state(&mut env).await;
    assert_eq!(r.fee_mint_powers, powers, "the acknowledgement is recorded");

    // The status report names the powers and the keys behind them.
    let mint = env.account(&f.fee_mint).await.unwrap();
    let trusted = trusted_authorities("fee", &mint.owner, &mint.data);
    let report = RouterReport::new(&f.router, &r, [0; 5], env.now, trusted, None).unwrap();
    assert_eq!(
        report.fee_mint_powers,
        vec!["permanent-delegate", "pausable"]
    );
    let roles: Vec<(&str, String)> = report
        .trusted_authorities
        .iter()
        .map(|a| (a.role, a.key.clone()))
        .collect();
    assert!(
        roles.contains(&("permanent-delegate", issuer.to_string())),
        "{roles:?}"
    );
    assert!(
        roles.contains(&("pausable", issuer.to_string())),
        "{roles:?}"
    );
    let table = report.table(&fee_router_cli::report::Reading {
        fee: fee_router_cli::units::Units::BASE,
        protocol: fee_router_cli::units::Units::BASE,
        now: env.now,
    });
    assert!(
        table.contains("fee mint issuer powers acknowledged: permanent-delegate, pausable"),
        "{table}"
    );
}

#[tokio::test]
async fn a_freeze_authority_and_transfer_fee_authorities_are_trusted_and_shown() {
    let mut env = TestEnv::start().await;
    // USDC-like: a freeze authority, and a transfer fee its issuer can change. No
    // acknowledgement is needed on the fee mint.
    let fee = MintSpec::token_2022(6)
        .with_freeze_authority()
        .with_transfer_fee(100, u64::MAX);
    let protocol = MintSpec::spl(9);
    let f = RouterFixture::new(&mut env, fee, protocol).await;
    let r = f.state(&mut env).await;
    assert_eq!(r.fee_mint_powers, 0);
    let mut trusted = vec![];
    for (which, mint) in [("fee", f.fee_mint), ("protocol", f.protocol_mint)] {
        let account = env.account(&mint).await.unwrap();
        trusted.extend(trusted_authorities(which, &account.owner, &account.data));
    }
    let issuer = env.payer().pubkey().to_string();
    let roles: Vec<(&str, &str, &str)> = trusted
        .iter()
        .map(|a| (a.mint, a.role, a.key.as_str()))
        .collect();
    assert_eq!(
        roles,
        vec![
            ("fee", "freeze", issuer.as_str()),
            ("fee", "transfer-fee-config", issuer.as_str()),
            ("fee", "withheld-withdraw", issuer.as_str()),
        ]
    );
}
