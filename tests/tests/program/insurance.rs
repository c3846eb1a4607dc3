//! Spec §1–§3: insurance payouts. The fund pays only the exchange's registered shortfall
//! account, only through the configuration path (an executed proposal or the external
//! authority's `pay_insurance`), at most a governed share of the fund per period; the floor
//! top-up and the cap overflow keep working around payouts.
use anchor_lang::prelude::Pubkey;
use fee_router::config::GovernedAction;
use fee_router::error::FeeRouterError;
use fee_router::events::InsurancePaidOut;
use fee_router::state::{GuardRails, InsuranceParams, DEFAULT_GUARD_RAILS};
use fee_router_sdk::{ix, pda::VaultKind};
use fee_router_tests::*;
use solana_keypair::Keypair;
use solana_signer::Signer;

use crate::governance::{governed, TIMELOCK};

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
    assert_eq!((e.period_fund, e.period_paid), (1_000_000, 150_000));
    assert_eq!(e.period_allowance_left, 50_000);
    assert_eq!(
        (e.insurance_vault_before, e.insurance_vault_after),
        (1_000_000, 850_000)
    );
    assert_eq!(env.balance(&i.shortfall).await, 150_000);
    // The cap is on the fund when the period began (1,000,000), not on what is left: 50,000
    // more, and not a unit above it.
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
    // 30 days after the period began, a new one starts on the fund as it then stands.
    env.warp_seconds(30 * DAY - 1);
    assert_error(
        &i.pay(&mut env, 1).await,
        FeeRouterError::InsuranceAbovePeriodCap,
    );
    env.warp_seconds(1);
    let out = i.pay(&mut env, 160_000).await.expect_ok("a new period");
    let e = &events::<InsurancePaidOut>(&out)[0];
    assert_eq!((e.period_fund, e.period_paid), (800_000, 160_000));
    assert_eq!(e.period_allowance_left, 0);
    let fund = i.f.insurance_fund(&mut env).await;
    assert_eq!(fund.totals.paid_out.get(), 360_000);
    assert_eq!(fund.totals.payouts, 3);
    assert_eq!(env.balance(&vault).await, 640_000);
    assert_eq!(env.balance(&i.shortfall).await, 360_000);
}

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

    // A registered account that is one of the router's own vaults never receives a payout.
    env.send_ok(
        &[ix::set_shortfall_account(
            &i.f.router,
            &i.f.authority.pubkey(),
            i.f.vault(VaultKind::Buyback),
        )],
        &[&i.f.authority],
        "register a vault",
    )
    .await;
    let out = env
        .send(
            &[i.pay_ix(&i.f.authority, &i.f.vault(VaultKind::Buyback), 1)],
            &[&i.f.authority],
        )
        .await;
    assert_error(&out, FeeRouterError::AccountDestinationIsRouterVault);
}

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
    // Without the payout's accounts, nothing executes.
    let before = g.snapshot(&mut env, &p).await;
    let out = env
        .send(&[ix::execute_proposal(&f.router, &p, &executor)], &[])
        .await;
    assert_error(&out, FeeRouterError::AccountMissing);
    // To another account than the one the proposal registers: refused.
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
    assert_error(&out, FeeRouterError::InsuranceWrongAccount);
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
    // A second proposal asking for more than the period's remaining 100,000 passes the vote
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
