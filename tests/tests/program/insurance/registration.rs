//! SPEC §1 (The loop), §3 (Conservation): the token accounts the router pays out to (the
//! insurance shortfall account, the buyback treasury) are registered only when they can
//! receive: the shortfall account is a token account of the fee mint, the treasury one of the
//! protocol mint, neither owned by the router, and the account is passed with the instruction
//! that registers it, on every route (creation, the external authority's setter, an executed
//! proposal). Withdrawing one needs no account. A refused registration changes nothing.
use anchor_lang::prelude::Pubkey;
use anchor_lang::solana_program::instruction::Instruction;
use fee_router::config::GovernedAction;
use fee_router::error::FeeRouterError;
use fee_router::math::auction::PRICE_SCALE;
use fee_router::state::{AuctionParams, InsuranceFund};
use fee_router_sdk::{ix, pda, pda::VaultKind};
use fee_router_tests::*;
use solana_signer::Signer;

use crate::governance::governance::{governed, TIMELOCK};

/// What an attacker (or a careless authority) may name as the account to register, and the
/// refusal each gets.
struct Candidates {
    /// Registered fine.
    good: Pubkey,
    /// Refused: `(what, address, error)`.
    bad: Vec<(&'static str, Pubkey, FeeRouterError)>,
}

/// Candidates for a payout account of `mint` (`other_mint` being the router's other mint),
/// `vault` one of the router's vaults of `mint`.
async fn candidates(
    env: &mut TestEnv,
    mint: &Pubkey,
    other_mint: &Pubkey,
    vault: Pubkey,
) -> Candidates {
    let owner = env.funded_user(1).await;
    let good = env.create_token_account(mint, &owner.pubkey()).await;
    let other = env.create_token_account(other_mint, &owner.pubkey()).await;
    Candidates {
        good,
        bad: vec![
            (
                "a wallet",
                owner.pubkey(),
                FeeRouterError::AccountNotTokenAccount,
            ),
            (
                "the mint itself",
                *mint,
                FeeRouterError::AccountNotTokenAccount,
            ),
            (
                "an address with no account",
                Pubkey::new_unique(),
                FeeRouterError::AccountNotTokenAccount,
            ),
            (
                "a token account of the other mint",
                other,
                FeeRouterError::AccountMintMismatch,
            ),
            (
                "one of the router's vaults",
                vault,
                FeeRouterError::AccountDestinationIsRouterVault,
            ),
        ],
    }
}

/// `ix` with the account at `slot` replaced by `with` (what a client controls).
fn with_slot(mut ix: Instruction, slot: usize, with: Pubkey) -> Instruction {
    ix.accounts[slot].pubkey = with;
    ix
}

fn auction_params(treasury: Pubkey) -> AuctionParams {
    AuctionParams {
        epoch_seconds: 86_400,
        floor_price: 2 * PRICE_SCALE,
        min_start_price: 5 * PRICE_SCALE,
        max_start_price: 40 * PRICE_SCALE,
        multiplier_bps: 20_000,
        epoch_cap: 1_000_000,
        daily_cap: 2_500_000,
        treasury,
    }
}

// attack: set_shortfall_account: wrong_mint
#[tokio::test]
async fn the_authority_registers_only_a_fee_token_account_outside_the_router_as_shortfall_account()
{
    let mut env = TestEnv::start().await;
    let f = RouterFixture::new(&mut env, MintSpec::spl(6), MintSpec::spl(6)).await;
    let c = candidates(
        &mut env,
        &f.fee_mint,
        &f.protocol_mint,
        f.vault(VaultKind::Buyback),
    )
    .await;
    let a = f.authority.pubkey();
    let before = f.snapshot(&mut env).await;
    for (what, bad, error) in &c.bad {
        let out = env
            .send(
                &[ix::set_shortfall_account(&f.router, &a, *bad)],
                &[&f.authority],
            )
            .await;
        assert_eq!(custom_error_code(&out), Some(u32::from(*error)), "{what}");
        assert_eq!(f.snapshot(&mut env).await, before, "{what}");
    }
    // The good account named, a bad one passed in its place (or none): the account
    // registered must be the one checked.
    let slot = 4;
    for passed in [c.bad[0].1, fee_router::ID] {
        let out = env
            .send(
                &[with_slot(
                    ix::set_shortfall_account(&f.router, &a, c.good),
                    slot,
                    passed,
                )],
                &[&f.authority],
            )
            .await;
        assert_error(&out, FeeRouterError::AccountToRegisterMissing);
        assert_eq!(f.snapshot(&mut env).await, before);
    }
    env.send_ok(
        &[ix::set_shortfall_account(&f.router, &a, c.good)],
        &[&f.authority],
        "register",
    )
    .await;
    let fund: InsuranceFund = env.anchor_account(&pda::insurance_fund(&f.router)).await;
    assert_eq!(fund.shortfall_account, c.good);
    // Withdrawn with no account at all.
    let withdraw = ix::set_shortfall_account(&f.router, &a, Pubkey::default());
    assert_eq!(withdraw.accounts[slot].pubkey, fee_router::ID);
    env.send_ok(&[withdraw], &[&f.authority], "withdraw").await;
    let fund: InsuranceFund = env.anchor_account(&pda::insurance_fund(&f.router)).await;
    assert_eq!(fund.shortfall_account(), None);
}

// attack: set_auction_params: wrong_mint
#[tokio::test]
async fn the_authority_names_only_a_protocol_token_account_outside_the_router_as_treasury() {
    let mut env = TestEnv::start().await;
    let f = RouterFixture::new(&mut env, MintSpec::spl(6), MintSpec::spl(6)).await;
    let c = candidates(
        &mut env,
        &f.protocol_mint,
        &f.fee_mint,
        f.vault(VaultKind::Stake),
    )
    .await;
    let a = f.authority.pubkey();
    let before = f.snapshot(&mut env).await;
    for (what, bad, error) in &c.bad {
        let out = env
            .send(
                &[ix::set_auction_params(&f.router, &a, auction_params(*bad))],
                &[&f.authority],
            )
            .await;
        assert_eq!(custom_error_code(&out), Some(u32::from(*error)), "{what}");
        assert_eq!(f.snapshot(&mut env).await, before, "{what}");
    }
    let slot = 4;
    for passed in [c.bad[3].1, fee_router::ID] {
        let out = env
            .send(
                &[with_slot(
                    ix::set_auction_params(&f.router, &a, auction_params(c.good)),
                    slot,
                    passed,
                )],
                &[&f.authority],
            )
            .await;
        assert_error(&out, FeeRouterError::AccountToRegisterMissing);
        assert_eq!(f.snapshot(&mut env).await, before);
    }
    env.send_ok(
        &[ix::set_auction_params(
            &f.router,
            &a,
            auction_params(c.good),
        )],
        &[&f.authority],
        "name the treasury",
    )
    .await;
    // Back to burning: no account needed.
    let burn = ix::set_auction_params(&f.router, &a, auction_params(Pubkey::default()));
    assert_eq!(burn.accounts[slot].pubkey, fee_router::ID);
    env.send_ok(&[burn], &[&f.authority], "burn again").await;
}

// attack: initialize_router: wrong_mint
#[tokio::test]
async fn a_router_is_created_only_with_a_shortfall_account_that_can_receive() {
    let mut env = TestEnv::start().await;
    let f = RouterFixture::prepare(&mut env, MintSpec::spl(6), MintSpec::spl(6)).await;
    let c = candidates(
        &mut env,
        &f.fee_mint,
        &f.protocol_mint,
        // Created by the same instruction, before the check reads it.
        f.vault(VaultKind::Intake),
    )
    .await;
    let init = |shortfall_account| {
        ix::InitializeRouter {
            shortfall_account,
            ..f.init_ix()
        }
        .instruction()
    };
    for (what, bad, error) in &c.bad {
        let out = env.send(&[init(*bad)], &[&f.creator]).await;
        assert_eq!(custom_error_code(&out), Some(u32::from(*error)), "{what}");
        assert!(env.account(&f.router).await.is_none(), "{what}");
    }
    let slot = init(c.good).accounts.len() - 1;
    let out = env
        .send(
            &[with_slot(init(c.good), slot, fee_router::ID)],
            &[&f.creator],
        )
        .await;
    assert_error(&out, FeeRouterError::AccountToRegisterMissing);
    env.send_ok(&[init(c.good)], &[&f.creator], "create").await;
    let fund: InsuranceFund = env.anchor_account(&pda::insurance_fund(&f.router)).await;
    assert_eq!(fund.shortfall_account, c.good);
}

// attack: execute_proposal: wrong_mint
#[tokio::test]
async fn a_proposal_registers_only_accounts_that_can_receive_and_that_the_executor_passes() {
    let mut env = TestEnv::start().await;
    let g = governed(&mut env).await;
    let f = &g.f;
    let shortfall = candidates(
        &mut env,
        &f.fee_mint,
        &f.protocol_mint,
        f.vault(VaultKind::Insurance),
    )
    .await;
    let treasury = candidates(
        &mut env,
        &f.protocol_mint,
        &f.fee_mint,
        f.vault(VaultKind::Stake),
    )
    .await;
    let executor = env.payer().pubkey();
    let cases = [
        (
            GovernedAction::SetShortfallAccount {
                account: shortfall.bad[0].1,
            },
            FeeRouterError::AccountNotTokenAccount,
        ),
        (
            GovernedAction::SetShortfallAccount {
                account: shortfall.bad[3].1,
            },
            FeeRouterError::AccountMintMismatch,
        ),
        (
            GovernedAction::SetAuctionParams {
                params: auction_params(treasury.bad[3].1),
            },
            FeeRouterError::AccountMintMismatch,
        ),
        (
            GovernedAction::SetAuctionParams {
                params: auction_params(treasury.bad[4].1),
            },
            FeeRouterError::AccountDestinationIsRouterVault,
        ),
    ];
    for (action, error) in cases {
        let p = g.pass(&mut env, vec![action]).await;
        env.warp_seconds(TIMELOCK);
        let before = g.snapshot(&mut env, &p).await;
        // Without the account: refused; with it, refused for what it is.
        let out = env
            .send(&[ix::execute_proposal(&f.router, &p, &executor)], &[])
            .await;
        assert_error(&out, FeeRouterError::AccountToRegisterMissing);
        let out = env
            .send(
                &[ix::execute_proposal_registering(
                    &f.router,
                    &p,
                    &executor,
                    &[action],
                )],
                &[],
            )
            .await;
        assert_eq!(
            custom_error_code(&out),
            Some(u32::from(error)),
            "{action:?}"
        );
        assert_eq!(g.snapshot(&mut env, &p).await, before, "{action:?}");
    }
    let good = [
        GovernedAction::SetShortfallAccount {
            account: shortfall.good,
        },
        GovernedAction::SetAuctionParams {
            params: auction_params(treasury.good),
        },
    ];
    let p = g.pass(&mut env, good.to_vec()).await;
    env.warp_seconds(TIMELOCK);
    env.send_ok(
        &[ix::execute_proposal_registering(
            &f.router, &p, &executor, &good,
        )],
        &[],
        "execute",
    )
    .await;
    let fund: InsuranceFund = env.anchor_account(&pda::insurance_fund(&f.router)).await;
    assert_eq!(fund.shortfall_account, shortfall.good);
}

/// Freezes `account` of `mint` (the harness's payer is the mint's freeze authority).
async fn freeze(env: &mut TestEnv, mint: &Pubkey, account: &Pubkey, token_program: &Pubkey) {
    let payer = env.payer();
    let ix = anchor_spl::token_2022::spl_token_2022::instruction::freeze_account(
        token_program,
        account,
        mint,
        &payer.pubkey(),
        &[],
    )
    .unwrap();
    env.send_ok(&[ix], &[&payer], "freeze").await;
}

#[tokio::test]
async fn a_frozen_account_cannot_be_registered_to_receive_payouts() {
    let mut env = TestEnv::start().await;
    // A fee mint with a freeze authority, as USDC has.
    let f = RouterFixture::new(
        &mut env,
        MintSpec::spl(6).with_freeze_authority(),
        MintSpec::spl(6),
    )
    .await;
    let owner = env.funded_user(1).await;
    let account = env.create_token_account(&f.fee_mint, &owner.pubkey()).await;
    freeze(&mut env, &f.fee_mint, &account, &f.fee_token_program).await;
    let before = f.snapshot(&mut env).await;
    let out = env
        .send(
            &[ix::set_shortfall_account(
                &f.router,
                &f.authority.pubkey(),
                account,
            )],
            &[&f.authority],
        )
        .await;
    assert_error(&out, FeeRouterError::AccountFrozen);
    assert_eq!(f.snapshot(&mut env).await, before);
}

// attack: buy: stale_state
#[tokio::test]
async fn a_treasury_handed_to_the_router_after_it_was_named_receives_no_payment() {
    let mut env = TestEnv::start().await;
    let f = RouterFixture::new(&mut env, MintSpec::spl(6), MintSpec::spl(6)).await;
    let owner = env.funded_user(1).await;
    let treasury = env
        .create_token_account(&f.protocol_mint, &owner.pubkey())
        .await;
    env.send_ok(
        &[ix::set_auction_params(
            &f.router,
            &f.authority.pubkey(),
            auction_params(treasury),
        )],
        &[&f.authority],
        "name the treasury",
    )
    .await;
    // Its owner hands it to the router: a purchase would pay into the router's own account.
    let hand_over = anchor_spl::token_2022::spl_token_2022::instruction::set_authority(
        &f.protocol_token_program,
        &treasury,
        Some(&f.router),
        anchor_spl::token_2022::spl_token_2022::instruction::AuthorityType::AccountOwner,
        &owner.pubkey(),
        &[],
    )
    .unwrap();
    env.send_ok(&[hand_over], &[&owner], "hand over").await;
    f.fund_vaults(&mut env, 10_000_000).await;
    let buyer = env.funded_user(1).await;
    let buyer_fee = env.create_token_account(&f.fee_mint, &buyer.pubkey()).await;
    let buyer_protocol = env
        .funded_token_account(&f.protocol_mint, &buyer.pubkey(), 1_000_000_000)
        .await;
    let auction: fee_router::state::Auction = env.anchor_account(&pda::auction(&f.router)).await;
    let purchase = ix::Purchase {
        epoch_id: auction.epoch_id,
        amount: 1_000,
        min_amount_out: 0,
        max_payment: u64::MAX,
    };
    let before = f.snapshot(&mut env).await;
    let out = env
        .send(
            &[ix::buy(
                &f.side(),
                &f.protocol_side(),
                &buyer.pubkey(),
                &buyer_fee,
                &buyer_protocol,
                Some(treasury),
                purchase,
            )],
            &[&buyer],
        )
        .await;
    assert_error(&out, FeeRouterError::AccountDestinationIsRouterVault);
    assert_eq!(f.snapshot(&mut env).await, before);
    assert_eq!(env.balance(&treasury).await, 0);
}
