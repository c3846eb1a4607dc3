//! SPEC §5 (Governance): the router's authority as an external key: it alone calls every
//! setter, within their bounds, and hands over in two steps (propose, accept) or cancels a
//! hand-over; the guardian pauses and unpauses each operation, loses that power when replaced
//! and cannot lift a pause the authority set.
use anchor_lang::error::ErrorCode;
use anchor_lang::prelude::Pubkey;
use anchor_lang::solana_program::instruction::Instruction;
use fee_router::error::FeeRouterError;
use fee_router::state::pause::{PAUSE_ALL, PAUSE_DEPOSIT, PAUSE_DISTRIBUTE};
use fee_router::state::{GuardRails, Split, Stage, DEFAULT_GUARD_RAILS};
use fee_router_sdk::ix;
use fee_router_tests::*;
use solana_keypair::Keypair;
use solana_signer::Signer;

/// Every authority setter, signed by `who`.
fn setters(router: &Pubkey, who: &Pubkey) -> Vec<(&'static str, Instruction)> {
    vec![
        ("set_stage", ix::set_stage(router, who, Stage::Mature)),
        (
            "set_split",
            ix::set_split(
                router,
                who,
                Stage::Early,
                Split::new(2500, 2500, 2500, 2500),
            ),
        ),
        (
            "set_guard_rails",
            ix::set_guard_rails(
                router,
                who,
                GuardRails {
                    insurance_floor: 7,
                    ..DEFAULT_GUARD_RAILS
                },
            ),
        ),
        (
            "set_guardian",
            ix::set_guardian(router, who, Pubkey::new_unique()),
        ),
        (
            "propose_authority",
            ix::propose_authority(router, who, Pubkey::new_unique()),
        ),
    ]
}

async fn refused_with_no_change(
    env: &mut TestEnv,
    f: &RouterFixture,
    ix: Instruction,
    signer: &Keypair,
    code: impl Into<u32>,
) {
    let before = f.snapshot(env).await;
    let out = env.send(&[ix], &[signer]).await;
    assert_error(&out, code);
    assert_eq!(f.snapshot(env).await, before);
}

#[tokio::test]
async fn the_authority_can_call_every_setter() {
    let mut env = TestEnv::start().await;
    let f = RouterFixture::new(&mut env, MintSpec::spl(6), MintSpec::spl(9)).await;
    for (name, ix) in setters(&f.router, &f.authority.pubkey()) {
        let out = env.send(&[ix], &[&f.authority]).await.expect_ok(name);
        println!("compute units: {name} = {}", out.compute_units);
        assert!(
            out.compute_units <= fee_router_tests::cu::budget(name, "none"),
            "{name} used {} CU",
            out.compute_units
        );
    }
    let r = f.state(&mut env).await;
    assert_eq!(r.stage().unwrap(), Stage::Mature);
    assert_eq!(r.splits[0], Split::new(2500, 2500, 2500, 2500));
    assert_eq!(r.guard_rails.insurance_floor, 7);
    assert!(r.pending_authority().is_some());
}

// attack: set_stage, set_split, set_guard_rails, set_guardian, propose_authority: wrong_signer
#[tokio::test]
async fn setters_by_anyone_but_the_authority_are_refused() {
    let mut env = TestEnv::start().await;
    let f = RouterFixture::new(&mut env, MintSpec::spl(6), MintSpec::spl(9)).await;
    let stranger = env.funded_user(1).await;
    for who in [&stranger, &f.guardian, &f.creator] {
        for (_, ix) in setters(&f.router, &who.pubkey()) {
            refused_with_no_change(
                &mut env,
                &f,
                ix,
                who,
                FeeRouterError::AccessAuthorityRequired,
            )
            .await;
        }
    }
}

// attack: set_stage: missing_signer
#[tokio::test]
async fn a_setter_without_the_authority_signature_is_refused() {
    let mut env = TestEnv::start().await;
    let f = RouterFixture::new(&mut env, MintSpec::spl(6), MintSpec::spl(9)).await;
    let mut ix = ix::set_stage(&f.router, &f.authority.pubkey(), Stage::Growth);
    ix.accounts[0].is_signer = false;
    let before = f.snapshot(&mut env).await;
    let out = env.send(&[ix], &[]).await;
    assert_error(&out, ErrorCode::AccountNotSigner);
    assert_eq!(f.snapshot(&mut env).await, before);
}

// attack: set_split: amounts
#[tokio::test]
async fn a_split_that_does_not_sum_to_ten_thousand_is_refused() {
    let mut env = TestEnv::start().await;
    let f = RouterFixture::new(&mut env, MintSpec::spl(6), MintSpec::spl(9)).await;
    for split in [
        Split::new(2500, 2500, 2500, 2499),
        Split::new(2500, 2500, 2500, 2501),
        Split::new(0, 0, 0, 0),
        Split::new(u16::MAX, 1, 0, 0),
    ] {
        let ix = ix::set_split(&f.router, &f.authority.pubkey(), Stage::Growth, split);
        refused_with_no_change(
            &mut env,
            &f,
            ix,
            &f.authority,
            FeeRouterError::SetterSplitIncomplete,
        )
        .await;
    }
}

// attack: set_guard_rails: amounts
#[tokio::test]
async fn guard_rails_out_of_bounds_are_refused() {
    let mut env = TestEnv::start().await;
    let f = RouterFixture::new(&mut env, MintSpec::spl(6), MintSpec::spl(9)).await;
    for rails in [
        GuardRails {
            insurance_topup_max_bps: 10_001,
            ..DEFAULT_GUARD_RAILS
        },
        GuardRails {
            insurance_floor: 101,
            insurance_cap: 100,
            ..DEFAULT_GUARD_RAILS
        },
    ] {
        let ix = ix::set_guard_rails(&f.router, &f.authority.pubkey(), rails);
        refused_with_no_change(
            &mut env,
            &f,
            ix,
            &f.authority,
            FeeRouterError::SetterGuardRailsOutOfBounds,
        )
        .await;
    }
}

// attack: accept_authority: wrong_signer, stale_state
#[tokio::test]
async fn authority_transfer_takes_a_proposal_and_an_acceptance_by_the_proposed_key() {
    let mut env = TestEnv::start().await;
    let f = RouterFixture::new(&mut env, MintSpec::spl(6), MintSpec::spl(9)).await;
    let next = env.funded_user(1).await;
    let impostor = env.funded_user(1).await;

    // Nothing is pending yet.
    let accept = ix::accept_authority(&f.router, &next.pubkey());
    refused_with_no_change(
        &mut env,
        &f,
        accept,
        &next,
        FeeRouterError::AuthorityNoTransferPending,
    )
    .await;

    let propose = ix::propose_authority(&f.router, &f.authority.pubkey(), next.pubkey());
    env.send_ok(&[propose], &[&f.authority], "propose").await;
    assert_eq!(
        f.state(&mut env).await.pending_authority(),
        Some(next.pubkey())
    );
    // Proposal alone hands over nothing.
    assert_eq!(f.state(&mut env).await.authority, f.authority.pubkey());

    let wrong = ix::accept_authority(&f.router, &impostor.pubkey());
    refused_with_no_change(
        &mut env,
        &f,
        wrong,
        &impostor,
        FeeRouterError::AuthorityWrongAcceptor,
    )
    .await;

    env.send_ok(
        &[ix::accept_authority(&f.router, &next.pubkey())],
        &[&next],
        "accept",
    )
    .await;
    let r = f.state(&mut env).await;
    assert_eq!((r.authority, r.pending_authority()), (next.pubkey(), None));

    // The old authority has lost its powers; the new one has them.
    let old = ix::set_stage(&f.router, &f.authority.pubkey(), Stage::Growth);
    refused_with_no_change(
        &mut env,
        &f,
        old,
        &f.authority,
        FeeRouterError::AccessAuthorityRequired,
    )
    .await;
    env.send_ok(
        &[ix::set_stage(&f.router, &next.pubkey(), Stage::Growth)],
        &[&next],
        "new authority sets",
    )
    .await;
}

#[tokio::test]
async fn proposing_the_current_authority_or_the_default_key_is_refused() {
    let mut env = TestEnv::start().await;
    let f = RouterFixture::new(&mut env, MintSpec::spl(6), MintSpec::spl(9)).await;
    let me = ix::propose_authority(&f.router, &f.authority.pubkey(), f.authority.pubkey());
    refused_with_no_change(
        &mut env,
        &f,
        me,
        &f.authority,
        FeeRouterError::AuthorityAlreadyCurrent,
    )
    .await;
    let nobody = ix::propose_authority(&f.router, &f.authority.pubkey(), Pubkey::default());
    refused_with_no_change(
        &mut env,
        &f,
        nobody,
        &f.authority,
        FeeRouterError::KeyRequired,
    )
    .await;
    let no_guardian = ix::set_guardian(&f.router, &f.authority.pubkey(), Pubkey::default());
    refused_with_no_change(
        &mut env,
        &f,
        no_guardian,
        &f.authority,
        FeeRouterError::KeyRequired,
    )
    .await;
}

#[tokio::test]
async fn the_guardian_pauses_and_unpauses_each_operation() {
    let mut env = TestEnv::start().await;
    let f = RouterFixture::new(&mut env, MintSpec::spl(6), MintSpec::spl(9)).await;
    let g = f.guardian.pubkey();
    for op in [PAUSE_DEPOSIT, PAUSE_DISTRIBUTE] {
        let out = env
            .send_ok(&[ix::pause(&f.router, &g, op)], &[&f.guardian], "pause")
            .await;
        println!("compute units: pause = {}", out.compute_units);
        assert_eq!(f.state(&mut env).await.paused, op);
        env.send_ok(&[ix::unpause(&f.router, &g, op)], &[&f.guardian], "unpause")
            .await;
        assert_eq!(f.state(&mut env).await.paused, 0);
    }
    // The authority may pause too.
    env.send_ok(
        &[ix::pause(&f.router, &f.authority.pubkey(), PAUSE_ALL)],
        &[&f.authority],
        "pause all",
    )
    .await;
    assert_eq!(f.state(&mut env).await.paused, PAUSE_ALL);
}

// attack: pause: wrong_signer, amounts
#[tokio::test]
async fn anyone_else_cannot_pause_and_unknown_flags_are_refused() {
    let mut env = TestEnv::start().await;
    let f = RouterFixture::new(&mut env, MintSpec::spl(6), MintSpec::spl(9)).await;
    let stranger = env.funded_user(1).await;
    let ix = ix::pause(&f.router, &stranger.pubkey(), PAUSE_DEPOSIT);
    refused_with_no_change(
        &mut env,
        &f,
        ix,
        &stranger,
        FeeRouterError::AccessGuardianRequired,
    )
    .await;
    for flags in [0, 1 << 31, PAUSE_ALL | 1 << 20] {
        let ix = ix::pause(&f.router, &f.guardian.pubkey(), flags);
        refused_with_no_change(
            &mut env,
            &f,
            ix,
            &f.guardian,
            FeeRouterError::PauseUnknownOperation,
        )
        .await;
    }
}

// attack: pause: wrong_signer
#[tokio::test]
async fn a_replaced_guardian_loses_its_pause_power() {
    let mut env = TestEnv::start().await;
    let f = RouterFixture::new(&mut env, MintSpec::spl(6), MintSpec::spl(9)).await;
    let new_guardian = env.funded_user(1).await;
    let ix = ix::set_guardian(&f.router, &f.authority.pubkey(), new_guardian.pubkey());
    env.send_ok(&[ix], &[&f.authority], "set_guardian").await;
    let old = ix::pause(&f.router, &f.guardian.pubkey(), PAUSE_DEPOSIT);
    refused_with_no_change(
        &mut env,
        &f,
        old,
        &f.guardian,
        FeeRouterError::AccessGuardianRequired,
    )
    .await;
    env.send_ok(
        &[ix::pause(&f.router, &new_guardian.pubkey(), PAUSE_DEPOSIT)],
        &[&new_guardian],
        "pause",
    )
    .await;
}

// attack: unpause: wrong_signer
#[tokio::test]
async fn the_guardian_cannot_lift_a_pause_the_authority_set() {
    let mut env = TestEnv::start().await;
    let f = RouterFixture::new(&mut env, MintSpec::spl(6), MintSpec::spl(9)).await;
    let (a, g) = (f.authority.pubkey(), f.guardian.pubkey());
    env.send_ok(
        &[ix::pause(&f.router, &a, PAUSE_DEPOSIT)],
        &[&f.authority],
        "authority pauses",
    )
    .await;
    env.send_ok(
        &[ix::pause(&f.router, &g, PAUSE_DISTRIBUTE)],
        &[&f.guardian],
        "guardian pauses",
    )
    .await;
    let r = f.state(&mut env).await;
    assert_eq!(
        (r.paused, r.paused_by_authority),
        (PAUSE_DEPOSIT | PAUSE_DISTRIBUTE, PAUSE_DEPOSIT)
    );

    // The guardian may lift its own pause, never the authority's (nor both at once).
    for bits in [PAUSE_DEPOSIT, PAUSE_DEPOSIT | PAUSE_DISTRIBUTE] {
        refused_with_no_change(
            &mut env,
            &f,
            ix::unpause(&f.router, &g, bits),
            &f.guardian,
            FeeRouterError::AccessGuardianCannotLiftAuthorityPause,
        )
        .await;
    }
    env.send_ok(
        &[ix::unpause(&f.router, &g, PAUSE_DISTRIBUTE)],
        &[&f.guardian],
        "guardian lifts its own",
    )
    .await;
    // The authority lifts its own; a bit the authority re-pauses is held by it again.
    env.send_ok(
        &[ix::unpause(&f.router, &a, PAUSE_DEPOSIT)],
        &[&f.authority],
        "authority lifts",
    )
    .await;
    let r = f.state(&mut env).await;
    assert_eq!((r.paused, r.paused_by_authority), (0, 0));
    env.send_ok(
        &[ix::pause(&f.router, &g, PAUSE_DEPOSIT)],
        &[&f.guardian],
        "guardian pauses",
    )
    .await;
    env.send_ok(
        &[ix::pause(&f.router, &a, PAUSE_DEPOSIT)],
        &[&f.authority],
        "authority takes it over",
    )
    .await;
    refused_with_no_change(
        &mut env,
        &f,
        ix::unpause(&f.router, &g, PAUSE_DEPOSIT),
        &f.guardian,
        FeeRouterError::AccessGuardianCannotLiftAuthorityPause,
    )
    .await;
}

// attack: cancel_authority_transfer: wrong_signer, stale_state
// attack: accept_authority: stale_state
#[tokio::test]
async fn the_authority_can_cancel_a_pending_authority_transfer() {
    let mut env = TestEnv::start().await;
    let f = RouterFixture::new(&mut env, MintSpec::spl(6), MintSpec::spl(9)).await;
    let next = env.funded_user(1).await;
    let a = f.authority.pubkey();
    refused_with_no_change(
        &mut env,
        &f,
        ix::cancel_authority_transfer(&f.router, &a),
        &f.authority,
        FeeRouterError::AuthorityNoTransferPending,
    )
    .await;
    env.send_ok(
        &[ix::propose_authority(&f.router, &a, next.pubkey())],
        &[&f.authority],
        "propose",
    )
    .await;
    // Only the authority may cancel.
    refused_with_no_change(
        &mut env,
        &f,
        ix::cancel_authority_transfer(&f.router, &next.pubkey()),
        &next,
        FeeRouterError::AccessAuthorityRequired,
    )
    .await;
    env.send_ok(
        &[ix::cancel_authority_transfer(&f.router, &a)],
        &[&f.authority],
        "cancel",
    )
    .await;
    assert_eq!(f.state(&mut env).await.pending_authority(), None);
    // The key that was proposed can no longer accept.
    refused_with_no_change(
        &mut env,
        &f,
        ix::accept_authority(&f.router, &next.pubkey()),
        &next,
        FeeRouterError::AuthorityNoTransferPending,
    )
    .await;
}
