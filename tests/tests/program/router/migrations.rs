//! SPEC §7 (Interfaces): the deploy config in `migrations/` applied through the program: once
//! to get there, and a second time to show there is nothing left to do.
use fee_router_cli::migrate::{plan, DeployConfig, LineOnChain, OnChain};
use fee_router_sdk::ix;
use fee_router_tests::*;
use solana_signer::Signer;

async fn on_chain(env: &mut TestEnv, f: &RouterFixture, config: &DeployConfig) -> OnChain {
    let exists = env.account(&f.router).await.is_some();
    let mut lines = vec![];
    for l in &config.fee_lines {
        let key = fee_router_sdk::pda::router(&f.creator.pubkey(), &l.fee_mint, &f.protocol_mint);
        let router = match env.account(&key).await {
            Some(_) => Some(env.anchor_account(&key).await),
            None => None,
        };
        lines.push(LineOnChain {
            router,
            fee_token_program: anchor_spl::token::ID,
        });
    }
    OnChain {
        lines,
        router: if exists {
            Some(f.state(env).await)
        } else {
            None
        },
        rebates: if exists {
            Some(f.rebates(env).await)
        } else {
            None
        },
        insurance_fund: if exists {
            Some(f.insurance_fund(env).await)
        } else {
            None
        },
        fee_token_program: f.fee_token_program,
        protocol_token_program: f.protocol_token_program,
        protocol_decimals: env.mint_decimals(&f.protocol_mint).await,
    }
}

#[tokio::test]
async fn applying_the_example_deploy_config_twice_changes_nothing_the_second_time() {
    let mut env = TestEnv::start().await;
    let f = RouterFixture::prepare(&mut env, MintSpec::spl(6), MintSpec::spl(9)).await;
    let multisig = env.funded_user(1).await;
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../migrations/example.toml"
    ))
    .unwrap();
    let mut config = DeployConfig::parse(&text).expect("the example parses");
    config.fee_mint = f.fee_mint;
    config.protocol_mint = f.protocol_mint;
    config.authority = Some(multisig.pubkey());
    config.guardian = Some(f.guardian.pubkey());
    let exchange = env.funded_user(1).await;
    let shortfall = env
        .create_token_account(&f.fee_mint, &exchange.pubkey())
        .await;
    config.shortfall_account = Some(shortfall);
    config.rebate_authority = Some(exchange.pubkey());
    // The example's USDT line, on a mint of this test.
    let line_mint = env.create_mint(MintSpec::spl(6)).await;
    config.fee_lines[0].fee_mint = line_mint;
    let line = fee_router_sdk::pda::router(&f.creator.pubkey(), &line_mint, &f.protocol_mint);
    let deployer = f.creator.pubkey();

    let steps = plan(&config, &on_chain(&mut env, &f, &config).await, &deployer).unwrap();
    // init (with the shortfall account), the guard rails, the rebate authority; the fee line's
    // init, guard rails, joining and authority proposal; the authority proposal. The splits,
    // stage and discount tiers are the defaults.
    assert_eq!(
        steps.len(),
        8,
        "{:?}",
        steps.iter().map(|s| &s.description).collect::<Vec<_>>()
    );
    for step in &steps {
        env.send_ok(
            std::slice::from_ref(&step.instruction),
            &[&f.creator],
            &step.description,
        )
        .await;
    }
    let r = f.state(&mut env).await;
    assert_eq!(r.guard_rails.insurance_floor, 250_000_000_000);
    assert_eq!(r.guard_rails.insurance_topup_max_bps, 2_000);
    assert_eq!(r.pending_authority(), Some(multisig.pubkey()));
    assert_eq!(r.guardian, f.guardian.pubkey());
    assert_eq!(f.rebates(&mut env).await.authority, exchange.pubkey());
    assert_eq!(
        f.insurance_fund(&mut env).await.shortfall_account,
        shortfall
    );
    let l: fee_router::state::Router = env.anchor_account(&line).await;
    assert_eq!((l.pool, l.line_slot), (f.router, 1));
    assert_eq!(l.guard_rails.insurance_floor, 100_000_000_000);
    assert_eq!(l.pending_authority(), Some(multisig.pubkey()));
    assert_eq!(r.lines[0], line);

    assert!(
        plan(&config, &on_chain(&mut env, &f, &config).await, &deployer)
            .unwrap()
            .is_empty(),
        "second run is empty"
    );

    // After the multisig accepts, the deployer has nothing left to do either.
    env.send_ok(
        &[ix::accept_authority(&f.router, &multisig.pubkey())],
        &[&multisig],
        "accept",
    )
    .await;
    assert!(
        plan(&config, &on_chain(&mut env, &f, &config).await, &deployer)
            .unwrap()
            .is_empty()
    );
}

#[tokio::test]
async fn a_changed_config_plans_only_the_difference() {
    let mut env = TestEnv::start().await;
    let f = RouterFixture::new(&mut env, MintSpec::spl(6), MintSpec::spl(9)).await;
    // The fixture's router has a separate authority; make the creator the deployer of a
    // config over a router it still holds.
    let text = format!(
        "fee_mint = \"{}\"\nprotocol_mint = \"{}\"\nstage = \"growth\"\n[splits.mature]\nbuyback = 7000\nstakers = 1000\ninsurance = 1000\ndiscount = 1000\n",
        f.fee_mint, f.protocol_mint
    );
    let config = DeployConfig::parse(&text).unwrap();
    let propose = ix::propose_authority(&f.router, &f.authority.pubkey(), f.creator.pubkey());
    env.send_ok(&[propose], &[&f.authority], "propose").await;
    env.send_ok(
        &[ix::accept_authority(&f.router, &f.creator.pubkey())],
        &[&f.creator],
        "accept",
    )
    .await;

    let steps = plan(
        &config,
        &on_chain(&mut env, &f, &config).await,
        &f.creator.pubkey(),
    )
    .unwrap();
    let described: Vec<&str> = steps.iter().map(|s| s.description.as_str()).collect();
    assert_eq!(
        described,
        vec![
            "set the mature split to [7000, 1000, 1000, 1000]",
            "set stage Growth"
        ]
    );
    for step in &steps {
        env.send_ok(
            std::slice::from_ref(&step.instruction),
            &[&f.creator],
            &step.description,
        )
        .await;
    }
    assert!(plan(
        &config,
        &on_chain(&mut env, &f, &config).await,
        &f.creator.pubkey()
    )
    .unwrap()
    .is_empty());
}

#[test]
fn a_deploy_config_with_a_bad_split_or_unknown_key_is_refused() {
    let bad_split = "fee_mint = \"So11111111111111111111111111111111111111112\"\nprotocol_mint = \"So11111111111111111111111111111111111111112\"\n[splits.early]\nbuyback = 1\nstakers = 1\ninsurance = 1\ndiscount = 1\n";
    assert!(DeployConfig::parse(bad_split)
        .unwrap_err()
        .to_string()
        .contains("10000"));
    let unknown = "fee_mint = \"So11111111111111111111111111111111111111112\"\nprotocol_mint = \"So11111111111111111111111111111111111111112\"\nspilts = 3\n";
    assert!(DeployConfig::parse(unknown).is_err());
}
