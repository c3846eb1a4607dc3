//! SPEC §2 (Guard rails), §6 (Discounts): discount rebates. Tiers map warmed-up active stake to
//! a share of the fee paid; only the registered rebate authority reports fees; a short or empty
//! vault pays what it has and says so; governed bounds cap what one report and what a rolling
//! period pay out, and what is above them is reported unpaid; nothing here ever fails the
//! exchange's trade for lack of funds, tier or room under the bounds; and stake bought for one
//! trade earns nothing.
use anchor_lang::prelude::Pubkey;
use fee_router::config::GovernedAction;
use fee_router::error::FeeRouterError;
use fee_router::events::{RebateLimitsChanged, RebateOutcome, RebatePaid};
use fee_router::state::pause::PAUSE_REBATE;
use fee_router::state::{DiscountTiers, RebateLimits, RebateTier, MAX_TIERS};
use fee_router_sdk::{ix, pda, pda::VaultKind};
use fee_router_tests::*;
use solana_keypair::Keypair;
use solana_signer::Signer;

use crate::governance::governance::governed;

const DAY: i64 = 86_400;
/// One whole protocol token (6 decimals).
const UNIT: u64 = 1_000_000;
/// The default table, as the spec states it: whole protocol tokens of stake → bps of the fee.
const DEFAULT_TABLE: [(u64, u64); 5] = [
    (1_000, 500),
    (10_000, 1_000),
    (50_000, 2_000),
    (100_000, 3_000),
    (500_000, 4_000),
];

/// A router with its discount vault funded and `exchange` registered as rebate authority.
struct Rebating {
    f: RouterFixture,
    exchange: Keypair,
}

async fn rebating(env: &mut TestEnv, fee: MintSpec, discount_budget: u64) -> Rebating {
    let f = RouterFixture::new(env, fee, MintSpec::spl(6)).await;
    let exchange = env.funded_user(1).await;
    f.set_rebate_authority(env, exchange.pubkey()).await;
    if discount_budget > 0 {
        // Early stage: 45% of a distribution goes to discount.
        f.fund_vaults(env, discount_budget / 45 * 100).await;
    }
    Rebating { f, exchange }
}

/// A trader: a staker (maybe with nothing staked) with a fee-token account.
impl Rebating {
    async fn trader(&self, env: &mut TestEnv, stake: u64) -> Staker {
        let s = self.f.new_staker(env, stake.max(1)).await;
        if stake > 0 {
            self.f.stake(env, &s, stake).await.expect_ok("stake");
        }
        s
    }

    fn rebate_ix(
        &self,
        trader: &Staker,
        fee_paid: u64,
        with_position: bool,
    ) -> anchor_lang::solana_program::instruction::Instruction {
        ix::rebate(
            &self.f.side(),
            &self.exchange.pubkey(),
            &trader.owner.pubkey(),
            &trader.fee_token,
            fee_paid,
            with_position,
        )
    }

    /// Reports `fee_paid` for `trader` (with its position) and returns the rebate event.
    async fn rebate(&self, env: &mut TestEnv, trader: &Staker, fee_paid: u64) -> RebatePaid {
        let out = env
            .send(&[self.rebate_ix(trader, fee_paid, true)], &[&self.exchange])
            .await
            .expect_ok("rebate");
        let mut paid = events::<RebatePaid>(&out);
        assert_eq!(paid.len(), 1);
        paid.remove(0)
    }
}

/// The share the spec's default table gives `stake` base units.
fn table_bps(stake: u64) -> u64 {
    DEFAULT_TABLE
        .iter()
        .rev()
        .find(|(whole, _)| stake >= whole * UNIT)
        .map(|(_, bps)| *bps)
        .unwrap_or(0)
}

#[tokio::test]
async fn rebates_match_the_tier_table_exactly_just_below_at_and_above_every_boundary() {
    let mut env = TestEnv::start().await;
    let r = rebating(&mut env, MintSpec::spl(6), 1_000_000_000_000).await;
    let mut stakes = vec![1, UNIT * 600_000];
    for (whole, _) in DEFAULT_TABLE {
        stakes.extend([whole * UNIT - 1, whole * UNIT, whole * UNIT + 1]);
    }
    let mut traders = vec![];
    for &stake in &stakes {
        traders.push((stake, r.trader(&mut env, stake).await));
    }
    env.warp_seconds(DAY);
    let vault = r.f.vault(VaultKind::Discount);
    let mut paid_total = 0u64;
    // An odd fee, so every share rounds.
    let fee = 1_234_567u64;
    for (stake, t) in &traders {
        let vault_before = env.balance(&vault).await;
        let e = r.rebate(&mut env, t, fee).await;
        let expected = fee * table_bps(*stake) / 10_000;
        assert_eq!(e.rebate_bps, table_bps(*stake), "stake {stake}");
        assert_eq!(e.tier_stake, *stake);
        assert_eq!(e.owed, expected, "stake {stake}");
        assert_eq!(e.paid, expected);
        assert_eq!(env.balance(&t.fee_token).await, expected, "stake {stake}");
        assert_eq!(env.balance(&vault).await, vault_before - expected);
        let outcome = if expected == 0 {
            RebateOutcome::NoTier
        } else {
            RebateOutcome::Paid
        };
        assert_eq!(e.outcome, outcome);
        paid_total += expected;
    }
    // 1 unit below the first tier pays nothing; the top tier pays 40%.
    assert_eq!(table_bps(UNIT * 1_000 - 1), 0);
    assert_eq!(table_bps(UNIT * 600_000), 4_000);
    let totals = r.f.rebates(&mut env).await.totals;
    assert_eq!(totals.paid.get(), u128::from(paid_total));
    assert_eq!(totals.owed.get(), u128::from(paid_total));
    assert_eq!(totals.unpaid(), 0);
    assert_eq!(
        totals.fees_reported.get(),
        u128::from(fee) * stakes.len() as u128
    );
    assert_eq!(totals.reports, stakes.len() as u64);
}

#[tokio::test]
async fn a_trader_with_no_position_gets_nothing_and_the_trade_goes_on() {
    let mut env = TestEnv::start().await;
    let r = rebating(&mut env, MintSpec::spl(6), 1_000_000_000).await;
    let t = r.trader(&mut env, 0).await;
    let out = env
        .send_ok(
            &[r.rebate_ix(&t, 5_000_000, false)],
            &[&r.exchange],
            "rebate",
        )
        .await;
    let e = &events::<RebatePaid>(&out)[0];
    assert_eq!((e.owed, e.paid), (0, 0));
    assert_eq!(e.outcome, RebateOutcome::NoPosition);
    assert_eq!(env.balance(&t.fee_token).await, 0);
    // A zero fee is reported and pays nothing either.
    let rich = r.trader(&mut env, UNIT * 600_000).await;
    env.warp_seconds(DAY);
    let e = r.rebate(&mut env, &rich, 0).await;
    assert_eq!((e.owed, e.paid, e.outcome), (0, 0, RebateOutcome::Paid));
}

/// Bounds that never bind: a report and a period may pay the whole vault.
const UNBOUNDED: RebateLimits = RebateLimits {
    max_report_bps: 10_000,
    period_seconds: 86_400,
    max_period_bps: 10_000,
};

impl Rebating {
    async fn set_limits(&self, env: &mut TestEnv, limits: RebateLimits) -> TxOutcome {
        let ix = ix::set_rebate_limits(&self.f.router, &self.f.authority.pubkey(), limits);
        env.send(&[ix], &[&self.f.authority]).await
    }
}

#[tokio::test]
async fn a_short_vault_pays_what_it_has_and_an_empty_one_pays_nothing_without_failing() {
    let mut env = TestEnv::start().await;
    // 45 fee tokens in the discount vault, and bounds that let a report take all of it.
    let r = rebating(&mut env, MintSpec::spl(6), 45).await;
    r.set_limits(&mut env, UNBOUNDED)
        .await
        .expect_ok("lift the bounds");
    let vault = r.f.vault(VaultKind::Discount);
    assert_eq!(env.balance(&vault).await, 45);
    let t = r.trader(&mut env, UNIT * 500_000).await;
    env.warp_seconds(DAY);
    let e = r.rebate(&mut env, &t, 1_000).await;
    assert_eq!((e.owed, e.paid), (400, 45));
    assert_eq!(e.outcome, RebateOutcome::VaultShort);
    assert_eq!((e.discount_vault_before, e.discount_vault_after), (45, 0));
    assert_eq!(env.balance(&t.fee_token).await, 45);
    let e = r.rebate(&mut env, &t, 1_000).await;
    assert_eq!(
        (e.owed, e.paid, e.outcome),
        (400, 0, RebateOutcome::VaultShort)
    );
    let totals = r.f.rebates(&mut env).await.totals;
    assert_eq!(
        (totals.owed.get(), totals.paid.get(), totals.unpaid()),
        (800, 45, 755)
    );
    // A fee at u64::MAX at the top tier: the rebate is computed exactly and the vault pays 0.
    let e = r.rebate(&mut env, &t, u64::MAX).await;
    assert_eq!(e.owed, (u128::from(u64::MAX) * 4_000 / 10_000) as u64);
    assert_eq!(e.paid, 0);
}

// attack: rebate: wrong_signer, missing_signer
#[tokio::test]
async fn a_rebate_reported_by_anyone_but_the_registered_authority_is_refused() {
    let mut env = TestEnv::start().await;
    let f = RouterFixture::new(&mut env, MintSpec::spl(6), MintSpec::spl(6)).await;
    f.fund_vaults(&mut env, 1_000_000_000).await;
    let t = f.new_staker(&mut env, UNIT * 10_000).await;
    f.stake(&mut env, &t, UNIT * 10_000)
        .await
        .expect_ok("stake");
    env.warp_seconds(DAY);
    let exchange = env.funded_user(1).await;
    let report = |by: &Keypair| {
        ix::rebate(
            &f.side(),
            &by.pubkey(),
            &t.owner.pubkey(),
            &t.fee_token,
            1_000_000,
            true,
        )
    };
    // No authority registered yet: nobody may report, the exchange included.
    let before = f.snapshot(&mut env).await;
    let out = env.send(&[report(&exchange)], &[&exchange]).await;
    assert_error(&out, FeeRouterError::RebateAuthorityRequired);
    f.set_rebate_authority(&mut env, exchange.pubkey()).await;
    let before_registered = f.snapshot(&mut env).await;
    assert_ne!(before, before_registered);
    // Registered: the trader, the router's authority and the guardian are all refused.
    for by in [&t.owner, &f.authority, &f.guardian] {
        let out = env.send(&[report(by)], &[by]).await;
        assert_error(&out, FeeRouterError::RebateAuthorityRequired);
    }
    assert_eq!(f.snapshot(&mut env).await, before_registered);
    assert_eq!(env.balance(&t.fee_token).await, 0);
    // The registered authority is paid out for.
    env.send_ok(&[report(&exchange)], &[&exchange], "rebate")
        .await;
    assert_eq!(env.balance(&t.fee_token).await, 100_000);
    // The rebate authority must sign: named but unsigned, the runtime refuses it.
    let mut unsigned = report(&exchange);
    unsigned.accounts[0].is_signer = false;
    let out = env.send(&[unsigned], &[]).await;
    assert_error(&out, anchor_lang::error::ErrorCode::AccountNotSigner as u32);
}

#[tokio::test]
async fn stake_inside_its_warmup_or_in_cooldown_buys_no_tier() {
    let mut env = TestEnv::start().await;
    let r = rebating(&mut env, MintSpec::spl(6), 1_000_000_000).await;
    let t = r.trader(&mut env, UNIT * 10_000).await;
    // Just staked: inside the one-day warm-up, nothing counts.
    let e = r.rebate(&mut env, &t, 1_000_000).await;
    assert_eq!(
        (e.tier_stake, e.paid, e.outcome),
        (0, 0, RebateOutcome::NoTier)
    );
    env.warp_seconds(DAY - 1);
    let e = r.rebate(&mut env, &t, 1_000_000).await;
    assert_eq!((e.tier_stake, e.paid), (0, 0));
    // A full day after it was staked, it counts: 10,000 tokens buy 10%.
    env.warp_seconds(1);
    let e = r.rebate(&mut env, &t, 1_000_000).await;
    assert_eq!(
        (e.tier_stake, e.rebate_bps, e.paid),
        (UNIT * 10_000, 1_000, 100_000)
    );
    // Adding stake counts only the old stake until the new stake has warmed up.
    env.mint_to(&r.f.protocol_mint, &t.protocol_token, UNIT * 40_000)
        .await;
    r.f.stake(&mut env, &t, UNIT * 40_000)
        .await
        .expect_ok("stake more");
    let e = r.rebate(&mut env, &t, 1_000_000).await;
    assert_eq!((e.tier_stake, e.rebate_bps), (UNIT * 10_000, 1_000));
    env.warp_seconds(DAY);
    let e = r.rebate(&mut env, &t, 1_000_000).await;
    assert_eq!((e.tier_stake, e.rebate_bps), (UNIT * 50_000, 2_000));
    // Stake in cooldown counts for nothing: requesting to unstake 40,001 tokens leaves 9,999.
    r.f.request_unstake(&mut env, &t, UNIT * 40_001)
        .await
        .expect_ok("request unstake");
    let e = r.rebate(&mut env, &t, 1_000_000).await;
    assert_eq!((e.tier_stake, e.rebate_bps), (UNIT * 10_000 - UNIT, 500));
}

#[tokio::test]
async fn staking_just_before_a_trade_and_unstaking_after_earns_no_rebate() {
    let mut env = TestEnv::start().await;
    let r = rebating(&mut env, MintSpec::spl(6), 1_000_000_000).await;
    let whale = r.f.new_staker(&mut env, UNIT * 1_000_000).await;
    // Stake, trade and leave in one transaction.
    let mut ixs = r.f.stake_ixs(&mut env, &whale, UNIT * 1_000_000).await;
    ixs.push(r.rebate_ix(&whale, 10_000_000, true));
    ixs.push(ix::request_unstake(
        &r.f.router,
        &whale.owner.pubkey(),
        UNIT * 1_000_000,
    ));
    let out = env
        .send_ok(
            &ixs,
            &[&whale.owner, &r.exchange],
            "flash stake around a trade",
        )
        .await;
    let e = &events::<RebatePaid>(&out)[0];
    assert_eq!((e.tier_stake, e.owed, e.paid), (0, 0, 0));
    assert_eq!(env.balance(&whale.fee_token).await, 0);
    // Nor does staying for less than the warm-up and leaving before the trade.
    let second = r.f.new_staker(&mut env, UNIT * 1_000_000).await;
    r.f.stake(&mut env, &second, UNIT * 1_000_000)
        .await
        .expect_ok("stake");
    env.warp_seconds(DAY - 1);
    let e = r.rebate(&mut env, &second, 10_000_000).await;
    assert_eq!(e.paid, 0);
    env.warp_seconds(1);
    r.f.request_unstake(&mut env, &second, UNIT * 1_000_000)
        .await
        .expect_ok("leave");
    let e = r.rebate(&mut env, &second, 10_000_000).await;
    assert_eq!((e.tier_stake, e.paid), (0, 0));
}

#[tokio::test]
async fn a_position_or_a_destination_that_is_not_the_traders_is_refused() {
    let mut env = TestEnv::start().await;
    let r = rebating(&mut env, MintSpec::spl(6), 1_000_000_000).await;
    let whale = r.trader(&mut env, UNIT * 600_000).await;
    let minnow = r.trader(&mut env, 1).await;
    env.warp_seconds(DAY);
    let before = r.f.snapshot(&mut env).await;
    // The minnow's fee with the whale's position.
    let mut ix = r.rebate_ix(&minnow, 1_000_000, true);
    ix.accounts[3].pubkey = pda::position(&r.f.router, &whale.owner.pubkey());
    let out = env.send(&[ix], &[&r.exchange]).await;
    assert_error(&out, FeeRouterError::RebatePositionNotTrader);
    // The whale's rebate paid into the minnow's account.
    let mut ix = r.rebate_ix(&whale, 1_000_000, true);
    ix.accounts[5].pubkey = minnow.fee_token;
    let out = env.send(&[ix], &[&r.exchange]).await;
    assert_error(&out, FeeRouterError::RebateDestinationNotTrader);
    // Into a router vault, or into an account of the wrong mint.
    let mut ix = r.rebate_ix(&whale, 1_000_000, true);
    ix.accounts[5].pubkey = r.f.vault(VaultKind::Buyback);
    let out = env.send(&[ix], &[&r.exchange]).await;
    assert_error(&out, FeeRouterError::AccountDestinationIsRouterVault);
    let mut ix = r.rebate_ix(&whale, 1_000_000, true);
    ix.accounts[5].pubkey = whale.protocol_token;
    let out = env.send(&[ix], &[&r.exchange]).await;
    assert_error(&out, FeeRouterError::AccountMintMismatch);
    // Another vault posing as the discount vault.
    let mut ix = r.rebate_ix(&whale, 1_000_000, true);
    ix.accounts[4].pubkey = r.f.vault(VaultKind::Insurance);
    let out = env.send(&[ix], &[&r.exchange]).await;
    assert_error(&out, FeeRouterError::AccountVaultMismatch);
    assert_eq!(r.f.snapshot(&mut env).await, before);

    // A position of another router, and another router's rebates account.
    let other = RouterFixture::new(&mut env, MintSpec::spl(6), MintSpec::spl(6)).await;
    let stranger = other.new_staker(&mut env, UNIT).await;
    other
        .stake(&mut env, &stranger, UNIT)
        .await
        .expect_ok("stake");
    let mut ix = r.rebate_ix(&whale, 1_000_000, true);
    ix.accounts[3].pubkey = pda::position(&other.router, &stranger.owner.pubkey());
    let out = env.send(&[ix], &[&r.exchange]).await;
    assert_error(&out, FeeRouterError::AccountPositionMismatch);
    let mut ix = r.rebate_ix(&whale, 1_000_000, true);
    ix.accounts[2].pubkey = pda::rebates(&other.router);
    let out = env.send(&[ix], &[&r.exchange]).await;
    assert_error(&out, FeeRouterError::AccountGovernanceMismatch);
    assert_eq!(r.f.snapshot(&mut env).await, before);
}

// attack: rebate: paused
#[tokio::test]
async fn paused_rebates_pay_nothing_say_so_and_never_fail_the_trade() {
    let mut env = TestEnv::start().await;
    let r = rebating(&mut env, MintSpec::spl(6), 1_000_000_000).await;
    let t = r.trader(&mut env, UNIT * 600_000).await;
    env.warp_seconds(DAY);
    env.send_ok(
        &[ix::pause(&r.f.router, &r.f.guardian.pubkey(), PAUSE_REBATE)],
        &[&r.f.guardian],
        "pause rebates",
    )
    .await;
    let vault_before = env.balance(&r.f.vault(VaultKind::Discount)).await;
    let e = r.rebate(&mut env, &t, 1_000_000).await;
    assert_eq!(
        (e.owed, e.paid, e.outcome),
        (400_000, 0, RebateOutcome::Paused)
    );
    assert_eq!(
        env.balance(&r.f.vault(VaultKind::Discount)).await,
        vault_before
    );
    assert_eq!(r.f.rebates(&mut env).await.totals.unpaid(), 400_000);
    env.send_ok(
        &[ix::unpause(
            &r.f.router,
            &r.f.guardian.pubkey(),
            PAUSE_REBATE,
        )],
        &[&r.f.guardian],
        "unpause",
    )
    .await;
    let e = r.rebate(&mut env, &t, 1_000_000).await;
    assert_eq!((e.paid, e.outcome), (400_000, RebateOutcome::Paid));
}

#[tokio::test]
async fn a_transfer_fee_on_the_rebate_hop_is_recorded_as_withheld() {
    let mut env = TestEnv::start().await;
    // 1% transfer fee, capped at 1,000 base units.
    let r = rebating(
        &mut env,
        MintSpec::token_2022(6).with_transfer_fee(100, 1_000),
        10_000_000,
    )
    .await;
    let t = r.trader(&mut env, UNIT * 100_000).await;
    env.warp_seconds(DAY);
    let e = r.rebate(&mut env, &t, 200_000).await;
    assert_eq!((e.owed, e.paid), (60_000, 60_000));
    assert_eq!((e.arrived, e.withheld), (59_400, 600));
    assert_eq!(env.balance(&t.fee_token).await, 59_400);
    assert_eq!(env.withheld(&t.fee_token).await, 600);
    let totals = r.f.rebates(&mut env).await.totals;
    assert_eq!((totals.paid.get(), totals.withheld.get()), (60_000, 600));
}

/// A table with the given `(min_stake, bps)` tiers and a one-hour warm-up.
fn table(tiers: &[(u64, u64)]) -> DiscountTiers {
    let mut t = DiscountTiers {
        warmup_seconds: 3_600,
        tiers: [RebateTier::default(); MAX_TIERS],
    };
    for (slot, &(min_stake, rebate_bps)) in t.tiers.iter_mut().zip(tiers) {
        *slot = RebateTier {
            min_stake,
            rebate_bps,
        };
    }
    t
}

#[tokio::test]
async fn tiers_change_only_through_the_configuration_path_and_only_to_a_sane_table() {
    let mut env = TestEnv::start().await;
    let r = rebating(&mut env, MintSpec::spl(6), 1_000_000_000).await;
    let f = &r.f;
    let authority = f.authority.pubkey();
    let good = table(&[(1, 100), (UNIT, 5_000), (UNIT * 2, 10_000)]);
    let before = f.snapshot(&mut env).await;
    // Not the authority: refused.
    for by in [&f.guardian, &r.exchange] {
        let out = env
            .send(
                &[ix::set_discount_tiers(&f.router, &by.pubkey(), good)],
                &[by],
            )
            .await;
        assert_error(&out, FeeRouterError::AccessAuthorityRequired);
    }
    // Malformed tables: refused.
    let gap = table(&[(1, 100), (0, 0), (UNIT, 200)]);
    let mut long_warmup = good;
    long_warmup.warmup_seconds = 30 * 86_400 + 1;
    for bad in [
        table(&[(UNIT, 100), (UNIT, 200)]), // thresholds not strictly ascending
        table(&[(UNIT, 300), (UNIT * 2, 200)]), // a share that falls
        table(&[(UNIT, 0)]),                // a used tier paying nothing
        table(&[(UNIT, 10_001)]),           // more than the fee
        table(&[(0, 100)]),                 // a share on no stake at all
        gap,                                // a used tier after an unused one
        long_warmup,                        // longer than a position remembers
    ] {
        let out = env
            .send(
                &[ix::set_discount_tiers(&f.router, &authority, bad)],
                &[&f.authority],
            )
            .await;
        assert_error(&out, FeeRouterError::SetterDiscountTiersOutOfBounds);
    }
    assert_eq!(f.snapshot(&mut env).await, before);
    // The authority sets a good table; a trader with 1.5 tokens, an hour in, gets 50%.
    env.send_ok(
        &[ix::set_discount_tiers(&f.router, &authority, good)],
        &[&f.authority],
        "set tiers",
    )
    .await;
    assert_eq!(f.rebates(&mut env).await.tiers, good);
    let t = r.trader(&mut env, UNIT * 3 / 2).await;
    env.warp_seconds(3_600);
    let e = r.rebate(&mut env, &t, 1_000).await;
    assert_eq!((e.rebate_bps, e.paid), (5_000, 500));
    // An empty table turns tiers off.
    env.send_ok(
        &[ix::set_discount_tiers(&f.router, &authority, table(&[]))],
        &[&f.authority],
        "no tiers",
    )
    .await;
    let e = r.rebate(&mut env, &t, 1_000).await;
    assert_eq!((e.paid, e.outcome), (0, RebateOutcome::NoTier));
    // Withdrawing the rebate authority stops rebates.
    f.set_rebate_authority(&mut env, Pubkey::default()).await;
    let out = env
        .send(&[r.rebate_ix(&t, 1_000, true)], &[&r.exchange])
        .await;
    assert_error(&out, FeeRouterError::RebateAuthorityRequired);
}

#[tokio::test]
async fn a_governed_router_changes_tiers_and_the_rebate_authority_by_proposal_only() {
    let mut env = TestEnv::start().await;
    let g = governed(&mut env).await;
    let f = &g.f;
    let exchange = env.funded_user(1).await;
    let out = env
        .send(
            &[ix::set_rebate_authority(
                &f.router,
                &f.authority.pubkey(),
                exchange.pubkey(),
            )],
            &[&f.authority],
        )
        .await;
    assert_error(&out, FeeRouterError::GovernanceModeSetterClosed);
    assert_error(
        &env.send(
            &[ix::set_rebate_limits(
                &f.router,
                &f.authority.pubkey(),
                UNBOUNDED,
            )],
            &[&f.authority],
        )
        .await,
        FeeRouterError::GovernanceModeSetterClosed,
    );
    let tiers = table(&[(1, 2_500)]);
    let p = g
        .pass(
            &mut env,
            vec![
                GovernedAction::SetRebateAuthority {
                    authority: exchange.pubkey(),
                },
                GovernedAction::SetDiscountTiers { tiers },
                GovernedAction::SetRebateLimits { limits: UNBOUNDED },
            ],
        )
        .await;
    env.warp_seconds(2 * DAY);
    g.execute(&mut env, &p).await.expect_ok("execute");
    let rebates = f.rebates(&mut env).await;
    assert_eq!(
        (rebates.authority, rebates.tiers, rebates.limits),
        (exchange.pubkey(), tiers, UNBOUNDED)
    );
    // The governance's stakers now earn 25% rebates.
    f.fund_vaults(&mut env, 1_000_000).await;
    let s = &g.stakers[0];
    let out = env
        .send_ok(
            &[ix::rebate(
                &f.side(),
                &exchange.pubkey(),
                &s.owner.pubkey(),
                &s.fee_token,
                1_000,
                true,
            )],
            &[&exchange],
            "rebate",
        )
        .await;
    assert_eq!(events::<RebatePaid>(&out)[0].paid, 250);
}

/// A router whose discount vault holds 450,000 and a top-tier trader (40%), warmed up.
async fn top_tier_with_450_000(env: &mut TestEnv) -> (Rebating, Staker) {
    let r = rebating(env, MintSpec::spl(6), 450_000).await;
    assert_eq!(env.balance(&r.f.vault(VaultKind::Discount)).await, 450_000);
    let t = r.trader(env, UNIT * 500_000).await;
    env.warp_seconds(DAY);
    (r, t)
}

// attack: rebate: amounts
#[tokio::test]
async fn a_report_of_u64_max_pays_at_most_the_per_report_bound_and_reports_the_rest_unpaid() {
    let mut env = TestEnv::start().await;
    let (r, t) = top_tier_with_450_000(&mut env).await;
    let e = r.rebate(&mut env, &t, u64::MAX).await;
    let owed = (u128::from(u64::MAX) * 4_000 / 10_000) as u64;
    // One report pays at most a quarter of the vault: 112,500 of 450,000, not the vault.
    assert_eq!((e.owed, e.paid, e.arrived), (owed, 112_500, 112_500));
    assert_eq!(e.outcome, RebateOutcome::AboveReportLimit);
    assert_eq!(
        (e.discount_vault_before, e.discount_vault_after),
        (450_000, 337_500)
    );
    assert_eq!(env.balance(&t.fee_token).await, 112_500);
    assert_eq!(env.balance(&r.f.vault(VaultKind::Discount)).await, 337_500);
    let totals = r.f.rebates(&mut env).await.totals;
    assert_eq!(totals.paid.get(), 112_500);
    assert_eq!(totals.unpaid(), u128::from(owed) - 112_500);
}

#[tokio::test]
async fn reports_within_a_period_stop_at_the_period_bound_and_pay_again_a_period_later() {
    let mut env = TestEnv::start().await;
    let (r, t) = top_tier_with_450_000(&mut env).await;
    let vault = r.f.vault(VaultKind::Discount);
    // Each report owes 40,000, under the per-report bound (112,500). The period bound is half
    // of the vault as the day opened (225,000): five reports in full, the sixth 25,000, the
    // seventh nothing, and the trade behind each goes on.
    let mut paid = vec![];
    for _ in 0..7 {
        let e = r.rebate(&mut env, &t, 100_000).await;
        assert_eq!(e.owed, 40_000);
        paid.push((e.paid, e.outcome));
    }
    let full = (40_000, RebateOutcome::Paid);
    assert_eq!(
        paid,
        vec![
            full,
            full,
            full,
            full,
            full,
            (25_000, RebateOutcome::AbovePeriodLimit),
            (0, RebateOutcome::AbovePeriodLimit)
        ]
    );
    assert_eq!(env.balance(&vault).await, 225_000);
    assert_eq!(env.balance(&t.fee_token).await, 225_000);
    let totals = r.f.rebates(&mut env).await.totals;
    assert_eq!((totals.paid.get(), totals.unpaid()), (225_000, 55_000));
    // A second before the day is over, still nothing; a day after the last payout, half of
    // the vault as it then stands (112,500), a quarter of it per report (56,250): a report
    // owing 80,000 is cut to that.
    env.warp_seconds(DAY - 1);
    assert_eq!(r.rebate(&mut env, &t, 100_000).await.paid, 0);
    env.warp_seconds(1);
    let e = r.rebate(&mut env, &t, 200_000).await;
    assert_eq!(
        (e.owed, e.paid, e.outcome),
        (80_000, 56_250, RebateOutcome::AboveReportLimit)
    );
    assert_eq!(env.balance(&vault).await, 168_750);
    // A distribution's discount share raises the fund the bounds are measured on: 45,000
    // more makes it 213,750 + the day's 56,250 = 270,000, a quarter of it per report
    // (67,500), 135,000 - 56,250 = 78,750 left in the day.
    r.f.fund_vaults(&mut env, 100_000).await;
    let e = r.rebate(&mut env, &t, 200_000).await;
    assert_eq!(
        (e.paid, e.outcome),
        (67_500, RebateOutcome::AboveReportLimit)
    );
}

// attack: set_rebate_limits: wrong_signer, amounts
#[tokio::test]
async fn rebate_limits_change_only_through_the_configuration_path_and_only_to_sane_bounds() {
    let mut env = TestEnv::start().await;
    let (r, t) = top_tier_with_450_000(&mut env).await;
    let f = &r.f;
    let hourly = RebateLimits {
        max_report_bps: 2_000,
        period_seconds: 3_600,
        max_period_bps: 3_000,
    };
    let before = f.snapshot(&mut env).await;
    for by in [&f.guardian, &r.exchange] {
        let out = env
            .send(
                &[ix::set_rebate_limits(&f.router, &by.pubkey(), hourly)],
                &[by],
            )
            .await;
        assert_error(&out, FeeRouterError::AccessAuthorityRequired);
    }
    for bad in [
        RebateLimits {
            period_seconds: 3_599,
            ..hourly
        },
        RebateLimits {
            period_seconds: 365 * 86_400 + 1,
            ..hourly
        },
        RebateLimits {
            max_period_bps: 0,
            max_report_bps: 0,
            ..hourly
        },
        RebateLimits {
            max_period_bps: 10_001,
            ..hourly
        },
        RebateLimits {
            max_report_bps: 0,
            ..hourly
        },
        // One report may not pay more than the whole period.
        RebateLimits {
            max_report_bps: 3_001,
            ..hourly
        },
    ] {
        assert_error(
            &r.set_limits(&mut env, bad).await,
            FeeRouterError::SetterRebateLimitsOutOfBounds,
        );
    }
    assert_eq!(f.snapshot(&mut env).await, before);
    // Until set, the defaults apply (and the account reads zero).
    assert_eq!(f.rebates(&mut env).await.limits(), RebateLimits::DEFAULT);
    let out = r.set_limits(&mut env, hourly).await.expect_ok("set limits");
    let e = &events::<RebateLimitsChanged>(&out)[0];
    assert_eq!((e.before, e.after), (RebateLimits::DEFAULT, hourly));
    assert_eq!(f.rebates(&mut env).await.limits, hourly);
    // A fifth of 450,000 per report, 30% of it per hour.
    let e = r.rebate(&mut env, &t, u64::MAX).await;
    assert_eq!(
        (e.paid, e.outcome),
        (90_000, RebateOutcome::AboveReportLimit)
    );
    let e = r.rebate(&mut env, &t, u64::MAX).await;
    assert_eq!(
        (e.paid, e.outcome),
        (45_000, RebateOutcome::AbovePeriodLimit)
    );
    env.warp_seconds(3_600);
    let e = r.rebate(&mut env, &t, u64::MAX).await;
    // An hour later: a fifth of the 315,000 left.
    assert_eq!(e.paid, 63_000);
}

#[tokio::test]
async fn a_trade_whose_rebate_is_above_the_bound_goes_on_and_its_rebate_is_cut_to_the_bound() {
    use example_exchange::Side;
    use fee_router::events::FeesDeposited;
    use fee_router::math::auction::PRICE_SCALE;
    use fee_router_tests::exchange::{ExchangeMarket, Trade};

    let mut env = TestEnv::start().await;
    let f = RouterFixture::new(&mut env, MintSpec::spl(6), MintSpec::spl(6)).await;
    // 450,000 in the discount vault.
    f.fund_vaults(&mut env, 1_000_000).await;
    let base_mint = env.create_mint(MintSpec::spl(6)).await;
    let m = ExchangeMarket::new(
        f.router,
        base_mint,
        SPL_TOKEN,
        f.fee_mint,
        f.fee_token_program,
    );
    let admin = env.funded_user(2).await;
    // 2 quote per base, a 0.3% fee.
    env.send_ok(
        &[m.create_ix(&admin.pubkey(), 2 * PRICE_SCALE, 30)],
        &[&admin],
        "create market",
    )
    .await;
    env.mint_to(&base_mint, &m.base_vault, 10_000 * UNIT).await;
    f.set_rebate_authority(&mut env, m.market).await;
    let t = f.new_staker(&mut env, UNIT * 500_000).await;
    f.stake(&mut env, &t, UNIT * 500_000)
        .await
        .expect_ok("stake");
    env.warp_seconds(DAY);
    let base = env
        .create_token_account(&base_mint, &t.owner.pubkey())
        .await;
    env.mint_to(&f.fee_mint, &t.fee_token, 3_000 * UNIT).await;
    // Buying 1,000 base costs 2,000 quote and a 6-token fee; the top tier's 40% of it is
    // 2,400,000 base units, above a quarter of the vault (112,500).
    let quote = 2_000 * UNIT;
    let fee = 6 * UNIT;
    let trade = Trade {
        side: Side::Buy,
        base_amount: 1_000 * UNIT,
        quote_limit: quote,
    };
    let out = env
        .send(
            &[m.swap_ix(&t.owner.pubkey(), &base, &t.fee_token, trade, true)],
            &[&t.owner],
        )
        .await
        .expect_ok("the trade goes on");
    assert_eq!(events::<FeesDeposited>(&out)[0].amount, fee);
    let e = &events::<RebatePaid>(&out)[0];
    assert_eq!((e.owed, e.paid), (2_400_000, 112_500));
    assert_eq!(e.outcome, RebateOutcome::AboveReportLimit);
    assert_eq!(env.balance(&base).await, 1_000 * UNIT);
    assert_eq!(
        env.balance(&t.fee_token).await,
        3_000 * UNIT - quote - fee + 112_500
    );
    assert_eq!(
        env.balance(&f.vault(VaultKind::Discount)).await,
        450_000 - 112_500
    );
}
