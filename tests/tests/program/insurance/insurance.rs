//! SPEC §1 (The loop), §2 (Guard rails), §3 (Conservation): insurance payouts. The fund pays
//! only the exchange's registered shortfall account, only through the configuration path (an
//! executed proposal or the external authority's `pay_insurance`), and in any window of the
//! governed period's length at most the governed share of the fund (as the window opened, plus
//! what entered it), however the payouts are timed; the floor top-up and the cap overflow keep
//! working around payouts.
use anchor_lang::prelude::Pubkey;
use fee_router::config::GovernedAction;
use fee_router::error::FeeRouterError;
use fee_router::events::InsurancePaidOut;
use fee_router::state::{GuardRails, InsuranceParams, DEFAULT_GUARD_RAILS};
use fee_router_sdk::{ix, pda::VaultKind};
use fee_router_tests::*;
use solana_keypair::Keypair;
use solana_signer::Signer;

use crate::governance::governance::{governed, TIMELOCK};

const DAY: i64 = 86_400;

/// A router whose insurance vault holds `fund` and whose shortfall account is registered.
struct Insured {
    f: RouterFixture,
    exchange: Keypair,
    shortfall: Pubkey,
}

async fn insured(env: &mut TestEnv, fee: MintSpec, fund: u64) -> Insured {
    let f = RouterFixture::new(env, fee, MintSpec::spl(6)).await;
    let exchange = env.funded_user(1).await;
    let shortfall = env
        .create_token_account(&f.fee_mint, &exchange.pubkey())
        .await;
    env.send_ok(
        &[ix::set_shortfall_account(
            &f.router,
            &f.authority.pubkey(),
            shortfall,
        )],
        &[&f.authority],
        "register the shortfall account",
    )
    .await;
    if fund > 0 {
        // Early stage: 10% of a distribution goes to insurance.
        f.fund_vaults(env, fund * 10).await;
    }
    Insured {
        f,
        exchange,
        shortfall,
    }
}

impl Insured {
    fn pay_ix(
        &self,
        by: &Keypair,
        to: &Pubkey,
        amount: u64,
    ) -> anchor_lang::solana_program::instruction::Instruction {
        ix::pay_insurance(&self.f.side(), &by.pubkey(), to, amount)
    }

    async fn pay(&self, env: &mut TestEnv, amount: u64) -> TxOutcome {
        let ix = self.pay_ix(&self.f.authority, &self.shortfall, amount);
        env.send(&[ix], &[&self.f.authority]).await
    }
}

#[tokio::test]
async fn the_authority_pays_the_registered_account_up_to_a_fifth_of_the_fund_per_30_days() {
    let mut env = TestEnv::start().await;
    let i = insured(&mut env, MintSpec::spl(6), 1_000_000).await;
    let vault = i.f.vault(VaultKind::Insurance);
    assert_eq!(env.balance(&vault).await, 1_000_000);
    let out = i.pay(&mut env, 150_000).await.expect_ok("pay");
    let e = &events::<InsurancePaidOut>(&out)[0];
    assert_eq!((e.amount, e.arrived, e.withheld), (150_000, 150_000, 0));
    assert_eq!((e.window_fund, e.window_paid), (1_000_000, 150_000));
    assert_eq!(e.allowance_left, 50_000);
    assert_eq!(
        (e.insurance_vault_before, e.insurance_vault_after),
        (1_000_000, 850_000)
    );
    assert_eq!(env.balance(&i.shortfall).await, 150_000);
    // The share is of the fund as the window opened (1,000,000: what is left plus what the
    // window paid), not of what is left: 50,000 more, and not a unit above it.
    let before = i.f.snapshot(&mut env).await;
    assert_error(
        &i.pay(&mut env, 50_001).await,
        FeeRouterError::InsuranceAbovePeriodCap,
    );
    assert_eq!(i.f.snapshot(&mut env).await, before);
    i.pay(&mut env, 50_000)
        .await
        .expect_ok("the rest of the allowance");
    assert_error(
        &i.pay(&mut env, 1).await,
        FeeRouterError::InsuranceAbovePeriodCap,
    );
    // 30 days after those payouts they stop counting: a fifth of the fund as it then stands.
    env.warp_seconds(30 * DAY - 1);
    assert_error(
        &i.pay(&mut env, 1).await,
        FeeRouterError::InsuranceAbovePeriodCap,
    );
    env.warp_seconds(1);
    let out = i.pay(&mut env, 160_000).await.expect_ok("a new window");
    let e = &events::<InsurancePaidOut>(&out)[0];
    assert_eq!((e.window_fund, e.window_paid), (800_000, 160_000));
    assert_eq!(e.allowance_left, 0);
    let fund = i.f.insurance_fund(&mut env).await;
    assert_eq!(fund.totals.paid_out.get(), 360_000);
    assert_eq!(fund.totals.payouts, 3);
    assert_eq!(env.balance(&vault).await, 640_000);
    assert_eq!(env.balance(&i.shortfall).await, 360_000);
}

// attack: pay_insurance: stale_state
#[tokio::test]
async fn a_payout_prepared_once_pays_once_however_often_it_is_sent() {
    let mut env = TestEnv::start().await;
    let i = insured(&mut env, MintSpec::spl(6), 1_000_000).await;
    let a = &i.f.authority;
    let prepared = |before| {
        ix::pay_insurance_once(&i.f.side(), &a.pubkey(), &i.shortfall, 10_000, Some(before))
    };
    // Prepared at 0 payouts: it pays, and the same instruction sent again (a fresh
    // transaction, as a resubmitted file is) pays nothing.
    env.send_ok(&[prepared(0)], &[a], "the payout").await;
    let before = i.f.snapshot(&mut env).await;
    env.warp_seconds(10 * DAY);
    for _ in 0..3 {
        let out = env.send(&[prepared(0)], &[a]).await;
        assert_error(&out, FeeRouterError::InsurancePayoutAlreadyMade);
    }
    // Prepared for a count the fund has not reached: refused too.
    assert_error(
        &env.send(&[prepared(2)], &[a]).await,
        FeeRouterError::InsurancePayoutAlreadyMade,
    );
    assert_eq!(i.f.snapshot(&mut env).await, before);
    assert_eq!(env.balance(&i.shortfall).await, 10_000);
    // Prepared again from the fund as it stands, it pays.
    env.send_ok(&[prepared(1)], &[a], "a second payout").await;
    assert_eq!(env.balance(&i.shortfall).await, 20_000);
    assert_eq!(i.f.insurance_fund(&mut env).await.totals.payouts, 2);
}

// attack: pay_insurance: amounts
#[tokio::test]
async fn payouts_to_another_account_or_with_none_registered_are_refused_with_no_change() {
    let mut env = TestEnv::start().await;
    let f = RouterFixture::new(&mut env, MintSpec::spl(6), MintSpec::spl(6)).await;
    f.fund_vaults(&mut env, 1_000_000).await;
    let (_, elsewhere) = f.fee_payer(&mut env, 0).await;
    let before = f.snapshot(&mut env).await;
    let out = env
        .send(
            &[ix::pay_insurance(
                &f.side(),
                &f.authority.pubkey(),
                &elsewhere,
                1,
            )],
            &[&f.authority],
        )
        .await;
    assert_error(&out, FeeRouterError::InsuranceNoShortfallAccount);
    assert_eq!(f.snapshot(&mut env).await, before);

    let i = insured(&mut env, MintSpec::spl(6), 1_000_000).await;
    let (_, elsewhere) = i.f.fee_payer(&mut env, 0).await;
    let before = i.f.snapshot(&mut env).await;
    for to in [elsewhere, i.f.vault(VaultKind::Buyback)] {
        let out = env
            .send(&[i.pay_ix(&i.f.authority, &to, 1)], &[&i.f.authority])
            .await;
        assert_error(&out, FeeRouterError::InsuranceWrongAccount);
    }
    assert_error(
        &i.pay(&mut env, 0).await,
        FeeRouterError::InsuranceZeroAmount,
    );
    assert_eq!(i.f.snapshot(&mut env).await, before);
    assert_eq!(env.balance(&elsewhere).await, 0);

    // One of the router's own vaults cannot even be registered: nothing changes.
    let before = i.f.snapshot(&mut env).await;
    let out = env
        .send(
            &[ix::set_shortfall_account(
                &i.f.router,
                &i.f.authority.pubkey(),
                i.f.vault(VaultKind::Buyback),
            )],
            &[&i.f.authority],
        )
        .await;
    assert_error(&out, FeeRouterError::AccountDestinationIsRouterVault);
    assert_eq!(i.f.snapshot(&mut env).await, before);
}

// attack: pay_insurance: wrong_signer
#[tokio::test]
async fn payouts_outside_the_configuration_path_are_refused() {
    let mut env = TestEnv::start().await;
    let i = insured(&mut env, MintSpec::spl(6), 1_000_000).await;
    let before = i.f.snapshot(&mut env).await;
    // The guardian, the exchange itself and a stranger are not the configuration path.
    let stranger = env.funded_user(1).await;
    for by in [&i.f.guardian, &i.exchange, &stranger] {
        let out = env.send(&[i.pay_ix(by, &i.shortfall, 1_000)], &[by]).await;
        assert_error(&out, FeeRouterError::AccessAuthorityRequired);
    }
    // Another vault posing as the insurance vault.
    let mut ix = i.pay_ix(&i.f.authority, &i.shortfall, 1_000);
    ix.accounts[4].pubkey = i.f.vault(VaultKind::Discount);
    let out = env.send(&[ix], &[&i.f.authority]).await;
    assert_error(&out, FeeRouterError::AccountVaultMismatch);
    assert_eq!(i.f.snapshot(&mut env).await, before);
    assert_eq!(env.balance(&i.shortfall).await, 0);
    // More than the vault holds, even with a cap that would allow it.
    env.send_ok(
        &[ix::set_insurance_params(
            &i.f.router,
            &i.f.authority.pubkey(),
            InsuranceParams {
                period_seconds: DAY as u64,
                max_payout_bps: 10_000,
            },
        )],
        &[&i.f.authority],
        "raise the cap",
    )
    .await;
    let before_cap = i.f.snapshot(&mut env).await;
    assert_ne!(before, before_cap);
    assert_error(
        &i.pay(&mut env, 1_000_001).await,
        FeeRouterError::InsuranceAboveFund,
    );
    assert_eq!(i.f.snapshot(&mut env).await, before_cap);
    i.pay(&mut env, 1_000_000).await.expect_ok("the whole fund");
    // Limits out of bounds are refused.
    for params in [
        InsuranceParams {
            period_seconds: DAY as u64 - 1,
            max_payout_bps: 2_000,
        },
        InsuranceParams {
            period_seconds: 365 * DAY as u64 + 1,
            max_payout_bps: 2_000,
        },
        InsuranceParams {
            period_seconds: DAY as u64,
            max_payout_bps: 0,
        },
        InsuranceParams {
            period_seconds: DAY as u64,
            max_payout_bps: 10_001,
        },
    ] {
        let out = env
            .send(
                &[ix::set_insurance_params(
                    &i.f.router,
                    &i.f.authority.pubkey(),
                    params,
                )],
                &[&i.f.authority],
            )
            .await;
        assert_error(&out, FeeRouterError::SetterInsuranceParamsOutOfBounds);
    }
}

#[tokio::test]
async fn a_governed_router_pays_out_only_by_an_executed_proposal() {
    let mut env = TestEnv::start().await;
    let g = governed(&mut env).await;
    let f = &g.f;
    f.fund_vaults(&mut env, 10_000_000).await;
    let exchange = env.funded_user(1).await;
    let shortfall = env
        .create_token_account(&f.fee_mint, &exchange.pubkey())
        .await;
    // The old authority's setter is closed.
    let out = env
        .send(
            &[ix::pay_insurance(
                &f.side(),
                &f.authority.pubkey(),
                &shortfall,
                1,
            )],
            &[&f.authority],
        )
        .await;
    assert_error(&out, FeeRouterError::GovernanceModeSetterClosed);
    // Register the account and pay 100,000 of the 1,000,000 fund in one proposal.
    let p = g
        .pass(
            &mut env,
            vec![
                GovernedAction::SetShortfallAccount { account: shortfall },
                GovernedAction::InsurancePayout { amount: 100_000 },
            ],
        )
        .await;
    env.warp_seconds(TIMELOCK);
    let executor = env.payer().pubkey();
    // Without the account it registers, or without the payout's accounts, nothing executes.
    let before = g.snapshot(&mut env, &p).await;
    let out = env
        .send(&[ix::execute_proposal(&f.router, &p, &executor)], &[])
        .await;
    assert_error(&out, FeeRouterError::AccountToRegisterMissing);
    let actions = [GovernedAction::SetShortfallAccount { account: shortfall }];
    let out = env
        .send(
            &[ix::execute_proposal_registering(
                &f.router, &p, &executor, &actions,
            )],
            &[],
        )
        .await;
    assert_error(&out, FeeRouterError::AccountMissing);
    // To another account than the one the proposal registers: refused (that account is
    // not the one being registered).
    let (_, elsewhere) = f.fee_payer(&mut env, 0).await;
    let out = env
        .send(
            &[ix::execute_proposal_with_payout(
                &f.side(),
                &p,
                &executor,
                &elsewhere,
            )],
            &[],
        )
        .await;
    assert_error(&out, FeeRouterError::AccountToRegisterMissing);
    assert_eq!(g.snapshot(&mut env, &p).await, before);
    let out = env
        .send_ok(
            &[ix::execute_proposal_with_payout(
                &f.side(),
                &p,
                &executor,
                &shortfall,
            )],
            &[],
            "execute the payout",
        )
        .await;
    assert_eq!(events::<InsurancePaidOut>(&out)[0].amount, 100_000);
    assert_eq!(env.balance(&shortfall).await, 100_000);
    // A second proposal asking for more than the window's remaining 100,000 passes the vote
    // but cannot execute.
    let p = g
        .pass(
            &mut env,
            vec![GovernedAction::InsurancePayout { amount: 100_001 }],
        )
        .await;
    env.warp_seconds(TIMELOCK);
    let out = env
        .send(
            &[ix::execute_proposal_with_payout(
                &f.side(),
                &p,
                &executor,
                &shortfall,
            )],
            &[],
        )
        .await;
    assert_error(&out, FeeRouterError::InsuranceAbovePeriodCap);
    // A zero payout never reaches a vote.
    let (out, _) = g
        .propose(
            &mut env,
            0,
            vec![GovernedAction::InsurancePayout { amount: 0 }],
        )
        .await;
    assert_error(&out, FeeRouterError::InsuranceZeroAmount);
}

#[tokio::test]
async fn the_floor_top_up_and_the_cap_overflow_keep_working_around_payouts() {
    let mut env = TestEnv::start().await;
    let i = insured(&mut env, MintSpec::spl(6), 0).await;
    let f = &i.f;
    // A floor of 1,000,000, top-ups of at most 50% of a distribution, a cap of 1,200,000.
    let rails = GuardRails {
        insurance_floor: 1_000_000,
        insurance_cap: 1_200_000,
        insurance_topup_max_bps: 5_000,
        ..DEFAULT_GUARD_RAILS
    };
    env.send_ok(
        &[ix::set_guard_rails(&f.router, &f.authority.pubkey(), rails)],
        &[&f.authority],
        "rails",
    )
    .await;
    let vault = f.vault(VaultKind::Insurance);
    // Below the floor: half of each distribution tops the fund up first.
    f.fund_vaults(&mut env, 1_000_000).await;
    assert_eq!(env.balance(&vault).await, 500_000 + 50_000);
    // 450,000 lifts it to the floor, then 10% of the 550,000 left.
    f.fund_vaults(&mut env, 1_000_000).await;
    assert_eq!(env.balance(&vault).await, 1_000_000 + 55_000);
    f.fund_vaults(&mut env, 4_000_000).await;
    // At the cap the insurance share overflows to buyback: the fund stops at 1,200,000.
    assert_eq!(env.balance(&vault).await, 1_200_000);
    f.fund_vaults(&mut env, 1_000_000).await;
    assert_eq!(env.balance(&vault).await, 1_200_000);
    // A payout takes the fund below the floor; the next distribution tops it up again.
    i.pay(&mut env, 240_000).await.expect_ok("pay");
    assert_eq!(env.balance(&vault).await, 960_000);
    // 40,000 back to the floor, then 10% of the 960,000 left.
    f.fund_vaults(&mut env, 1_000_000).await;
    assert_eq!(env.balance(&vault).await, 1_000_000 + 96_000);
}

/// Pays `amount` and returns its event.
async fn pay_ok(i: &Insured, env: &mut TestEnv, amount: u64, what: &str) -> InsurancePaidOut {
    let out = i.pay(env, amount).await.expect_ok(what);
    let mut paid = events::<InsurancePaidOut>(&out);
    assert_eq!(paid.len(), 1);
    paid.remove(0)
}

/// A payout above what the window allows is refused and changes nothing.
async fn refused_with_no_change(i: &Insured, env: &mut TestEnv, amount: u64) {
    let before = i.f.snapshot(env).await;
    assert_error(
        &i.pay(env, amount).await,
        FeeRouterError::InsuranceAbovePeriodCap,
    );
    assert_eq!(
        i.f.snapshot(env).await,
        before,
        "a refused payout of {amount}"
    );
}

#[tokio::test]
async fn payouts_one_second_apart_across_a_period_boundary_stay_within_the_share_of_the_fund() {
    let mut env = TestEnv::start().await;
    let i = insured(&mut env, MintSpec::spl(6), 1_000_000).await;
    let vault = i.f.vault(VaultKind::Insurance);
    // The review's attack on a fixed period: a dust payout opens it, the rest of its
    // allowance is taken in its last second, and a fresh allowance in the next second.
    pay_ok(&i, &mut env, 1, "open a period").await;
    env.warp_seconds(30 * DAY - 1);
    let e = pay_ok(&i, &mut env, 199_999, "the last second of the period").await;
    assert_eq!(
        (e.window_paid, e.window_fund, e.allowance_left),
        (200_000, 1_000_000, 0)
    );
    env.warp_seconds(1);
    // The dust payout is now a period old, but the 199,999 paid a second ago still counts:
    // a fifth of the fund as that window opened (800,000 + 199,999) is 199,999, all taken.
    // The fixed period paid 160,000 more here.
    refused_with_no_change(&i, &mut env, 160_000).await;
    refused_with_no_change(&i, &mut env, 1).await;
    assert_eq!(env.balance(&i.shortfall).await, 200_000);
    assert_eq!(env.balance(&vault).await, 800_000);
    // A whole period after the 199,999 (not a second before), a fifth of the fund as it
    // then stands.
    env.warp_seconds(30 * DAY - 2);
    refused_with_no_change(&i, &mut env, 1).await;
    env.warp_seconds(1);
    refused_with_no_change(&i, &mut env, 160_001).await;
    let e = pay_ok(
        &i,
        &mut env,
        160_000,
        "a fifth of the fund as it now stands",
    )
    .await;
    assert_eq!(
        (e.window_paid, e.window_fund, e.allowance_left),
        (160_000, 800_000, 0)
    );
    let fund = i.f.insurance_fund(&mut env).await;
    assert_eq!(fund.totals.paid_out.get(), 360_000);
    assert_eq!(fund.totals.payouts, 3);
}

#[tokio::test]
async fn payouts_spread_over_the_window_never_exceed_the_share_in_any_window_of_its_length() {
    let mut env = TestEnv::start().await;
    let i = insured(&mut env, MintSpec::spl(6), 1_000_000).await;
    // (day, what the window allows, taken in full): each payout is the most the rule allows;
    // one unit more is refused with nothing changed. Payouts ten days apart: each counts for
    // exactly the 30 days after it.
    let script: [(i64, u64); 7] = [
        // A fifth of 1,000,000; half of it taken.
        (0, 200_000),
        // 200,000 - 100,000 counted: the fund (900,000) plus the window's 100,000.
        (10, 100_000),
        (20, 0),
        // Day 0's payout has left the window: a fifth of 800,000 + 100,000, less 100,000.
        (30, 80_000),
        // Day 10's has left too: a fifth of 720,000 + 80,000, less 80,000.
        (40, 80_000),
        (50, 0),
        // Only day 40's counts: a fifth of 640,000 + 80,000, less 80,000.
        (60, 64_000),
    ];
    let mut paid: Vec<(i64, u64, u64)> = vec![]; // (time, amount, vault before)
    let start = env.now;
    for (day, allowed) in script {
        env.warp_seconds(start + day * DAY - env.now);
        refused_with_no_change(&i, &mut env, allowed + 1).await;
        let take = if day == 0 { allowed / 2 } else { allowed };
        if take > 0 {
            let e = pay_ok(&i, &mut env, take, "the window's allowance").await;
            assert_eq!(e.allowance_left, allowed - take, "day {day}");
            paid.push((env.now, take, e.insurance_vault_before));
        }
    }
    // No fund came in: in every window of 30 days, what left is at most a fifth of the fund
    // as the window opened (the vault before its first payout).
    for &(t0, _, fund) in &paid {
        let in_window: u64 = paid
            .iter()
            .filter(|(t, _, _)| (t0..t0 + 30 * DAY).contains(t))
            .map(|(_, a, _)| a)
            .sum();
        assert!(
            u128::from(in_window) * 10_000 <= u128::from(fund) * 2_000,
            "{in_window} paid in the 30 days from {t0}, on a fund of {fund}"
        );
    }
    let total: u64 = paid.iter().map(|(_, a, _)| a).sum();
    assert_eq!(total, 100_000 + 100_000 + 80_000 + 80_000 + 64_000);
    assert_eq!(env.balance(&i.shortfall).await, total);
}
