//! SPEC §1 (The loop), §7 (Interfaces): a router is created with its vaults, on SPL Token,
//! Token-2022 or one of each; creating it again, equal mints, a mint of another token program,
//! a missing creator signature and a default authority are refused.
use anchor_lang::error::ErrorCode;
use fee_router::error::FeeRouterError;
use fee_router::state::{Stage, DEFAULT_GUARD_RAILS, DEFAULT_SPLITS};
use fee_router_sdk::pda::VaultKind;
use fee_router_tests::*;
use solana_signer::Signer;

async fn initialize_creates_router_and_vaults(fee: MintSpec, protocol: MintSpec, label: &str) {
    let mut env = TestEnv::start().await;
    let f = RouterFixture::prepare(&mut env, fee, protocol).await;
    let out = f.initialize(&mut env).await.expect_ok("initialize_router");
    println!(
        "compute units: initialize_router ({label}) = {}",
        out.compute_units
    );
    assert!(
        out.compute_units <= fee_router_tests::cu::budget("initialize_router", "token2022_fee"),
        "initialize_router used {} CU",
        out.compute_units
    );

    let router_account = env.account(&f.router).await.expect("router exists");
    assert_eq!(router_account.owner, fee_router::ID);
    let r = f.state(&mut env).await;
    assert_eq!(r.creator, f.creator.pubkey());
    assert_eq!(r.authority, f.authority.pubkey());
    assert_eq!(r.guardian, f.guardian.pubkey());
    assert_eq!(r.pending_authority(), None);
    assert_eq!((r.fee_mint, r.protocol_mint), (f.fee_mint, f.protocol_mint));
    assert_eq!(
        (r.fee_token_program, r.protocol_token_program),
        (fee.token_program, protocol.token_program)
    );
    assert_eq!(r.stage().unwrap(), Stage::Early);
    assert_eq!(r.splits, DEFAULT_SPLITS);
    assert_eq!(r.guard_rails, DEFAULT_GUARD_RAILS);
    assert_eq!(r.paused, 0);
    r.invariant().expect("invariant holds after init");

    let stored = [
        (VaultKind::Intake, r.vaults.intake),
        (VaultKind::Buyback, r.vaults.buyback),
        (VaultKind::Stakers, r.vaults.stakers),
        (VaultKind::Insurance, r.vaults.insurance),
        (VaultKind::Discount, r.vaults.discount),
        (VaultKind::Stake, r.vaults.stake),
    ];
    for (kind, address) in stored {
        assert_eq!(address, f.vault(kind), "{kind:?} vault address is its PDA");
        let (mint, program) = match kind {
            VaultKind::Stake => (f.protocol_mint, protocol.token_program),
            _ => (f.fee_mint, fee.token_program),
        };
        assert_eq!(
            env.owner_of(&address).await,
            program,
            "{kind:?} vault belongs to its mint's token program"
        );
        let t = env.token_account(&address).await;
        assert_eq!(t.mint, mint, "{kind:?} vault mint");
        assert_eq!(t.owner, f.router, "{kind:?} vault is owned by the router");
        assert_eq!(t.amount, 0);
        assert!(
            t.delegate.is_none() && t.close_authority.is_none(),
            "{kind:?} vault has no delegate"
        );
    }
}

#[tokio::test]
async fn initialize_router_creates_router_and_vaults_with_spl_token_mints() {
    initialize_creates_router_and_vaults(MintSpec::spl(6), MintSpec::spl(9), "SPL Token").await;
}

#[tokio::test]
async fn initialize_router_creates_router_and_vaults_with_token_2022_mints() {
    let fee = MintSpec::token_2022(6).with_transfer_fee(100, u64::MAX);
    initialize_creates_router_and_vaults(
        fee,
        MintSpec::token_2022(9),
        "Token-2022, 1% transfer fee",
    )
    .await;
}

#[tokio::test]
async fn initialize_router_accepts_mixed_token_programs() {
    initialize_creates_router_and_vaults(MintSpec::spl(6), MintSpec::token_2022(9), "mixed").await;
}

// attack: initialize_router: reinit
#[tokio::test]
async fn reinitialisation_is_refused_and_changes_nothing() {
    let mut env = TestEnv::start().await;
    let f = RouterFixture::new(&mut env, MintSpec::spl(6), MintSpec::spl(9)).await;
    let before = env.account(&f.router).await.expect("router");
    // Same creator and mints, new authority: the router address is taken.
    let mut again = f.init_ix();
    again.authority = env.payer().pubkey();
    let out = env.send(&[again.instruction()], &[&f.creator]).await;
    // The system program's AccountAlreadyInUse (0), raised by the router's `init`.
    assert_error(&out, 0u32);
    assert_eq!(env.account(&f.router).await.expect("router"), before);
}

// attack: initialize_router: wrong_mint
#[tokio::test]
async fn fee_mint_equal_to_protocol_mint_is_refused() {
    let mut env = TestEnv::start().await;
    let mut f = RouterFixture::prepare(&mut env, MintSpec::spl(6), MintSpec::spl(6)).await;
    f.protocol_mint = f.fee_mint;
    f.router = fee_router_sdk::pda::router(&f.creator.pubkey(), &f.fee_mint, &f.fee_mint);
    let out = f.initialize(&mut env).await;
    assert_error(&out, FeeRouterError::InitMintsMustDiffer);
    assert!(
        env.account(&f.router).await.is_none(),
        "no router was created"
    );
}

// attack: initialize_router: wrong_mint
#[tokio::test]
async fn mint_of_another_token_program_is_refused() {
    let mut env = TestEnv::start().await;
    let mut f = RouterFixture::prepare(&mut env, MintSpec::token_2022(6), MintSpec::spl(9)).await;
    // Claim the Token-2022 fee mint belongs to the classic token program.
    f.fee_token_program = SPL_TOKEN;
    let out = f.initialize(&mut env).await;
    // Anchor creates the vaults before its deferred `mint::token_program` check, so the
    // classic token program itself refuses to initialise an account of a Token-2022 mint.
    assert_instruction_error(&out, InstructionError::IncorrectProgramId);
    assert!(
        env.account(&f.router).await.is_none(),
        "no router was created"
    );
}

// attack: initialize_router: missing_signer
#[tokio::test]
async fn initialize_without_the_creator_signature_is_refused() {
    let mut env = TestEnv::start().await;
    let f = RouterFixture::prepare(&mut env, MintSpec::spl(6), MintSpec::spl(9)).await;
    let mut ix = f.init_ix().instruction();
    // The creator is listed but does not sign; the harness's payer pays the fee.
    ix.accounts[0].is_signer = false;
    let out = env.send(&[ix], &[]).await;
    assert_error(&out, ErrorCode::AccountNotSigner);
    assert!(
        env.account(&f.router).await.is_none(),
        "no router was created"
    );
}

#[tokio::test]
async fn initialize_with_a_default_authority_is_refused() {
    let mut env = TestEnv::start().await;
    let f = RouterFixture::prepare(&mut env, MintSpec::spl(6), MintSpec::spl(9)).await;
    let mut init = f.init_ix();
    init.authority = Default::default();
    let out = env.send(&[init.instruction()], &[&f.creator]).await;
    assert_error(&out, FeeRouterError::KeyRequired);
    assert!(
        env.account(&f.router).await.is_none(),
        "no router was created"
    );
}
