//! SPEC §1 (The loop), §3 (Conservation) and §6 (Discounts, at source): a market's fee
//! account opens only for an authority the configuration path approved; a trade pays only
//! into its market's account, net of the trader's discount (tiers, warm-up, cooldown, funded
//! by the market's allowance, a short allowance giving less), writes no account another
//! market's trade writes, and goes on whatever the router's state; a permissionless sweep
//! brings the fees, plain transfers included, into the intake and tops the allowance up from
//! the discount vault; every unit is accounted for with a Token-2022 fee on every hop.
use std::collections::BTreeSet;

use anchor_lang::prelude::Pubkey;
use anchor_lang::solana_program::instruction::Instruction;
use fee_router::error::FeeRouterError;
use fee_router::events::{MarketSwept, TradeFeeCharged};
use fee_router::state::pause::PAUSE_ALL;
use fee_router::state::MarketFees;
use fee_router_sdk::{ix, pda, pda::VaultKind};
use fee_router_tests::*;
use solana_keypair::Keypair;
use solana_signer::Signer;

const DAY: i64 = 86_400;
/// One whole protocol token (9 decimals); the first default tier is 1,000 of them, 5%.
const TOKEN: u64 = 1_000_000_000;
const TIER_1: u64 = 1_000 * TOKEN;

/// A router (protocol mint of 9 decimals) with `n` markets open, each under its own key.
struct Markets {
    f: RouterFixture,
    authorities: Vec<Keypair>,
}

async fn markets(env: &mut TestEnv, fee: MintSpec, n: usize, cap: u64) -> Markets {
    let f = RouterFixture::new(env, fee, MintSpec::spl(9)).await;
    let a = f.authority.pubkey();
    env.send_ok(
        &[ix::set_market_allowance_cap(&f.router, &a, cap)],
        &[&f.authority],
        "cap",
    )
    .await;
    let mut authorities = vec![];
    for _ in 0..n {
        let m = env.funded_user(1).await;
        env.send_ok(
            &[
                ix::approve_market(&f.router, &a, m.pubkey()),
                ix::open_market(&f.side(), &env.payer().pubkey(), &m.pubkey()),
            ],
            &[&f.authority],
            "approve and open",
        )
        .await;
        authorities.push(m);
    }
    Markets { f, authorities }
}

impl Markets {
    fn market(&self, i: usize) -> Pubkey {
        pda::market_fees(&self.f.router, &self.authorities[i].pubkey())
    }

    fn token(&self, i: usize) -> Pubkey {
        pda::market_token(&self.market(i))
    }

    fn charge(&self, i: usize, trader: &Staker, position: bool, fee: u64) -> Instruction {
        ix::charge_fee(
            &self.f.side(),
            &self.authorities[i].pubkey(),
            &trader.owner.pubkey(),
            &trader.fee_token,
            position,
            fee,
        )
    }

    async fn trade(&self, env: &mut TestEnv, i: usize, t: &Staker, fee: u64) -> TradeFeeCharged {
        let out = env
            .send_ok(
                &[self.charge(i, t, true, fee)],
                &[&self.authorities[i], &t.owner],
                "charge",
            )
            .await;
        events::<TradeFeeCharged>(&out).remove(0)
    }

    async fn sweep(&self, env: &mut TestEnv, i: usize) -> MarketSwept {
        let out = env
            .send_ok(
                &[ix::sweep_market(
                    &self.f.side(),
                    &self.authorities[i].pubkey(),
                )],
                &[],
                "sweep",
            )
            .await;
        events::<MarketSwept>(&out).remove(0)
    }

    async fn state(&self, env: &mut TestEnv, i: usize) -> MarketFees {
        env.anchor_account(&self.market(i)).await
    }

    /// A trader with `stake` protocol tokens staked now and `fees` fee tokens to pay with.
    async fn trader(&self, env: &mut TestEnv, stake: u64, fees: u64) -> Staker {
        let t = self.f.new_staker(env, stake.max(1)).await;
        if stake > 0 {
            self.f.stake(env, &t, stake).await.expect_ok("stake");
        } else {
            env.send_ok(
                &[ix::open_position(&self.f.router, &t.owner.pubkey())],
                &[&t.owner],
                "open position",
            )
            .await;
        }
        env.mint_to(&self.f.fee_mint, &t.fee_token, fees).await;
        t
    }
}

// attack: approve_market: wrong_signer
// attack: charge_fee: wrong_signer
#[tokio::test]
async fn a_market_opens_only_once_approved_and_only_its_authority_charges_into_it() {
    let mut env = TestEnv::start().await;
    let m = markets(&mut env, MintSpec::spl(6), 1, 0).await;
    let f = &m.f;
    // Unapproved: refused; one approval opens one market.
    let other = env.funded_user(1).await;
    let before = f.snapshot(&mut env).await;
    let open = ix::open_market(&f.side(), &env.payer().pubkey(), &other.pubkey());
    assert_error(
        &env.send(std::slice::from_ref(&open), &[]).await,
        FeeRouterError::MarketNotApproved,
    );
    assert_eq!(f.snapshot(&mut env).await, before);
    // Only the authority approves.
    assert_error(
        &env.send(
            &[ix::approve_market(
                &f.router,
                &other.pubkey(),
                other.pubkey(),
            )],
            &[&other],
        )
        .await,
        FeeRouterError::AccessAuthorityRequired,
    );
    let s = m.state(&mut env, 0).await;
    assert_eq!(s.authority, m.authorities[0].pubkey());
    assert_eq!((s.token_account, s.fee_mint), (m.token(0), f.fee_mint));
    assert_eq!(f.state(&mut env).await.markets.opened, 1);

    // Without a position: the whole fee, into the market's own account.
    let t = m.trader(&mut env, 0, 10_000).await;
    let e = m.trade(&mut env, 0, &t, 10_000).await;
    assert_eq!(
        (e.fee, e.discount, e.paid, e.arrived),
        (10_000, 0, 10_000, 10_000)
    );
    assert_eq!(env.balance(&m.token(0)).await, 10_000);
    assert_eq!(env.balance(&t.fee_token).await, 0);
    // Another key signing as the market: refused, nothing moves.
    env.mint_to(&f.fee_mint, &t.fee_token, 5_000).await;
    let mut forged = m.charge(0, &t, false, 5_000);
    forged.accounts[0].pubkey = other.pubkey();
    let before = env.balance(&t.fee_token).await;
    assert_error(
        &env.send(&[forged], &[&other, &t.owner]).await,
        FeeRouterError::MarketAuthorityRequired,
    );
    assert_eq!(env.balance(&t.fee_token).await, before);
    assert_eq!(m.state(&mut env, 0).await.totals.trades, 1);
}

// attack: charge_fee, sweep_market: fake_account
#[tokio::test]
async fn another_markets_token_account_is_refused_in_place_of_the_markets_own() {
    let mut env = TestEnv::start().await;
    let m = markets(&mut env, MintSpec::spl(6), 2, 0).await;
    let t = m.trader(&mut env, 0, 1_000).await;
    m.trade(&mut env, 1, &t, 500).await;
    let before = m.f.snapshot(&mut env).await;
    // The trade into market 1's token account under market 0's fee account.
    let mut charge = m.charge(0, &t, true, 500);
    charge.accounts[3].pubkey = m.token(1);
    assert_error(
        &env.send(&[charge], &[&m.authorities[0], &t.owner]).await,
        FeeRouterError::MarketAccountMismatch,
    );
    // Market 1's fees swept as market 0's.
    let mut sweep = ix::sweep_market(&m.f.side(), &m.authorities[0].pubkey());
    sweep.accounts[2].pubkey = m.token(1);
    assert_error(
        &env.send(&[sweep], &[]).await,
        FeeRouterError::MarketAccountMismatch,
    );
    assert_eq!(m.f.snapshot(&mut env).await, before);
    assert_eq!(env.balance(&m.token(1)).await, 500);
}

// attack: charge_fee: other_router
#[tokio::test]
async fn only_the_traders_own_position_in_the_markets_router_gives_a_discount() {
    let mut env = TestEnv::start().await;
    let m = markets(&mut env, MintSpec::spl(6), 1, 1_000_000).await;
    let rich = m.trader(&mut env, 500_000 * TOKEN, 0).await;
    let t = m.trader(&mut env, 0, 1_000_000).await;
    let elsewhere = RouterFixture::new(&mut env, MintSpec::spl(6), MintSpec::spl(9)).await;
    let theirs = elsewhere.new_staker(&mut env, 500_000 * TOKEN).await;
    elsewhere
        .stake(&mut env, &theirs, 500_000 * TOKEN)
        .await
        .expect_ok("stake elsewhere");
    env.warp_seconds(DAY);
    let before = m.f.snapshot(&mut env).await;
    let slot = 6;
    for (what, position, error) in [
        (
            "another trader's position",
            pda::position(&m.f.router, &rich.owner.pubkey()),
            FeeRouterError::RebatePositionNotTrader,
        ),
        (
            "another router's position",
            pda::position(&elsewhere.router, &theirs.owner.pubkey()),
            FeeRouterError::AccountPositionMismatch,
        ),
        (
            "a fee-router account that is no position",
            pda::rebates(&m.f.router),
            FeeRouterError::AccountPositionMismatch,
        ),
    ] {
        let mut charge = m.charge(0, &t, true, 1_000);
        charge.accounts[slot].pubkey = position;
        let out = env.send(&[charge], &[&m.authorities[0], &t.owner]).await;
        assert_eq!(custom_error_code(&out), Some(u32::from(error)), "{what}");
    }
    assert_eq!(m.f.snapshot(&mut env).await, before);
    // A copy of a rich staker's position owned by another program is no position: no
    // discount, the whole fee.
    let mut copy = env
        .account(&pda::position(&m.f.router, &rich.owner.pubkey()))
        .await
        .expect("position");
    copy.owner = Pubkey::new_unique();
    let forged = Pubkey::new_unique();
    env.set_account(&forged, copy);
    let mut charge = m.charge(0, &t, true, 1_000);
    charge.accounts[slot].pubkey = forged;
    let out = env
        .send_ok(&[charge], &[&m.authorities[0], &t.owner], "forged position")
        .await;
    let e = events::<TradeFeeCharged>(&out).remove(0);
    assert_eq!((e.tier_stake, e.discount, e.paid), (0, 0, 1_000));
    let before = m.f.snapshot(&mut env).await;
    let paid_before = env.balance(&t.fee_token).await;
    // Another router's tiers in place of the market's router's.
    let mut charge = m.charge(0, &t, true, 1_000);
    charge.accounts[5].pubkey = pda::rebates(&elsewhere.router);
    assert_error(
        &env.send(&[charge], &[&m.authorities[0], &t.owner]).await,
        FeeRouterError::AccountGovernanceMismatch,
    );
    assert_eq!(m.f.snapshot(&mut env).await, before);
    assert_eq!(env.balance(&t.fee_token).await, paid_before);
}

#[tokio::test]
async fn two_markets_trades_share_no_writable_account() {
    let mut env = TestEnv::start().await;
    let m = markets(&mut env, MintSpec::spl(6), 2, 1_000_000).await;
    let (a, b) = (
        m.trader(&mut env, TIER_1, 1_000_000).await,
        m.trader(&mut env, TIER_1, 1_000_000).await,
    );
    let writable = |ix: &Instruction| -> BTreeSet<Pubkey> {
        ix.accounts
            .iter()
            .filter(|meta| meta.is_writable)
            .map(|meta| meta.pubkey)
            .collect()
    };
    let (one, two) = (m.charge(0, &a, true, 1_000), m.charge(1, &b, true, 1_000));
    let shared: Vec<_> = writable(&one)
        .intersection(&writable(&two))
        .copied()
        .collect();
    assert!(shared.is_empty(), "shared writable accounts: {shared:?}");
    // Neither writes (nor even reads) the router or any of its vaults.
    for ix in [&one, &two] {
        let keys: BTreeSet<Pubkey> = ix.accounts.iter().map(|meta| meta.pubkey).collect();
        assert!(!keys.contains(&m.f.router));
        for kind in [VaultKind::Intake, VaultKind::Discount, VaultKind::Buyback] {
            assert!(!keys.contains(&m.f.vault(kind)));
        }
    }
    // Both land in one transaction, each into its own market.
    env.send_ok(
        &[one, two],
        &[&m.authorities[0], &a.owner, &m.authorities[1], &b.owner],
        "two markets",
    )
    .await;
    assert_eq!(env.balance(&m.token(0)).await, 1_000);
    assert_eq!(env.balance(&m.token(1)).await, 1_000);
}

#[tokio::test]
async fn discounts_at_source_follow_the_tiers_the_warm_up_and_the_cooldown() {
    let mut env = TestEnv::start().await;
    let m = markets(&mut env, MintSpec::spl(6), 1, 1_000_000).await;
    m.f.fund_vaults(&mut env, 10_000_000).await;
    let e = m.sweep(&mut env, 0).await;
    assert_eq!(
        (e.swept, e.funded, e.allowance_after),
        (0, 1_000_000, 1_000_000)
    );
    let fee = 100_000;
    let at = m.trader(&mut env, TIER_1, 10 * fee).await;
    let below = m.trader(&mut env, TIER_1 - 1, 10 * fee).await;
    let above = m.trader(&mut env, TIER_1 + 1, 10 * fee).await;
    // Inside the warm-up: no tier.
    assert_eq!(m.trade(&mut env, 0, &at, fee).await.discount, 0);
    env.warp_seconds(DAY);
    for (t, bps) in [(&at, 500), (&below, 0), (&above, 500)] {
        let e = m.trade(&mut env, 0, t, fee).await;
        assert_eq!(e.discount_bps, bps);
        assert_eq!(
            (e.discount, e.paid),
            (fee * bps / 10_000, fee - fee * bps / 10_000)
        );
    }
    // Stake in cooldown buys nothing.
    m.f.request_unstake(&mut env, &at, TIER_1)
        .await
        .expect_ok("unstake");
    assert_eq!(m.trade(&mut env, 0, &at, fee).await.discount, 0);
    // The allowance paid the two discounts, and they are the market's fees now.
    let s = m.state(&mut env, 0).await;
    assert_eq!(s.allowance, 1_000_000 - 2 * 5_000);
    assert_eq!(s.totals.discounts.get(), 10_000);
    assert_eq!(env.balance(&m.token(0)).await, s.allowance + s.pending);
}

#[tokio::test]
async fn at_source_each_tier_starts_exactly_at_its_threshold() {
    let mut env = TestEnv::start().await;
    let m = markets(&mut env, MintSpec::spl(6), 1, 10_000_000).await;
    m.f.fund_vaults(&mut env, 100_000_000).await;
    m.sweep(&mut env, 0).await;
    let tiers = fee_router::state::DiscountTiers::defaults(9).tiers;
    let tiers: Vec<_> = tiers.iter().filter(|t| t.min_stake > 0).collect();
    assert_eq!(tiers.len(), 5, "the five default tiers");
    let fee = 100_000;
    // For each threshold: a trader at it, one base unit below and one above.
    let mut cases = vec![];
    for (k, tier) in tiers.iter().enumerate() {
        let below = if k == 0 { 0 } else { tiers[k - 1].rebate_bps };
        for (stake, bps) in [
            (tier.min_stake, tier.rebate_bps),
            (tier.min_stake - 1, below),
            (tier.min_stake + 1, tier.rebate_bps),
        ] {
            cases.push((m.trader(&mut env, stake, 10 * fee).await, bps));
        }
    }
    env.warp_seconds(DAY);
    for (trader, bps) in &cases {
        let e = m.trade(&mut env, 0, trader, fee).await;
        assert_eq!(e.discount_bps, *bps);
        assert_eq!(e.discount, fee * bps / 10_000);
        assert_eq!(e.paid, fee - e.discount);
    }
}

#[tokio::test]
async fn staking_trading_and_leaving_in_one_transaction_buys_no_discount() {
    let mut env = TestEnv::start().await;
    let m = markets(&mut env, MintSpec::spl(6), 1, 1_000_000).await;
    m.f.fund_vaults(&mut env, 10_000_000).await;
    m.sweep(&mut env, 0).await;
    let t = m.f.new_staker(&mut env, 500_000 * TOKEN).await;
    env.mint_to(&m.f.fee_mint, &t.fee_token, 100_000).await;
    let mut ixs = m.f.stake_ixs(&mut env, &t, 500_000 * TOKEN).await;
    ixs.push(m.charge(0, &t, true, 100_000));
    ixs.push(ix::request_unstake(
        &m.f.router,
        &t.owner.pubkey(),
        500_000 * TOKEN,
    ));
    let out = env
        .send_ok(&ixs, &[&t.owner, &m.authorities[0]], "flash stake")
        .await;
    let e = events::<TradeFeeCharged>(&out).remove(0);
    assert_eq!((e.tier_stake, e.discount, e.paid), (0, 0, 100_000));
}

#[tokio::test]
async fn a_short_allowance_gives_what_it_holds_and_says_so() {
    let mut env = TestEnv::start().await;
    let m = markets(&mut env, MintSpec::spl(6), 1, 30_000).await;
    m.f.fund_vaults(&mut env, 10_000_000).await;
    m.sweep(&mut env, 0).await;
    let t = m.trader(&mut env, 500_000 * TOKEN, 10_000_000).await;
    env.warp_seconds(DAY);
    // 40% of 1,000,000 is owed; the allowance holds 30,000.
    let e = m.trade(&mut env, 0, &t, 1_000_000).await;
    assert_eq!((e.discount_bps, e.discount_owed), (4_000, 400_000));
    assert_eq!(
        (e.discount, e.paid, e.allowance_after),
        (30_000, 970_000, 0)
    );
    let s = m.state(&mut env, 0).await;
    assert_eq!(s.totals.unfunded.get(), 370_000);
    // Empty: the trade still goes on, at the full fee.
    let e = m.trade(&mut env, 0, &t, 1_000).await;
    assert_eq!((e.discount, e.paid), (0, 1_000));
}

// attack: sweep_market: paused
#[tokio::test]
async fn a_paused_router_still_charges_fees_and_the_sweep_waits() {
    let mut env = TestEnv::start().await;
    let m = markets(&mut env, MintSpec::spl(6), 1, 0).await;
    let f = &m.f;
    env.send_ok(
        &[ix::pause(&f.router, &f.guardian.pubkey(), PAUSE_ALL)],
        &[&f.guardian],
        "pause everything",
    )
    .await;
    let t = m.trader(&mut env, 0, 1_000).await;
    assert_eq!(m.trade(&mut env, 0, &t, 1_000).await.paid, 1_000);
    let before = f.snapshot(&mut env).await;
    assert_error(
        &env.send(
            &[ix::sweep_market(&f.side(), &m.authorities[0].pubkey())],
            &[],
        )
        .await,
        FeeRouterError::PauseOperationPaused,
    );
    assert_eq!(f.snapshot(&mut env).await, before);
    env.send_ok(
        &[ix::unpause(&f.router, &f.authority.pubkey(), PAUSE_ALL)],
        &[&f.authority],
        "unpause",
    )
    .await;
    assert_eq!(m.sweep(&mut env, 0).await.swept, 1_000);
    // Nothing left: refused.
    assert_error(
        &env.send(
            &[ix::sweep_market(&f.side(), &m.authorities[0].pubkey())],
            &[],
        )
        .await,
        FeeRouterError::MarketNothingToSweep,
    );
}

#[tokio::test]
async fn every_unit_through_a_market_is_accounted_for_with_a_token_2022_fee_on_every_hop() {
    let mut env = TestEnv::start().await;
    // 1% on every hop.
    let fee_mint = MintSpec::token_2022(6).with_transfer_fee(100, u64::MAX);
    let m = markets(&mut env, fee_mint, 2, 200_000).await;
    let f = &m.f;
    f.fund_vaults(&mut env, 10_000_000).await;
    let funded = m.sweep(&mut env, 0).await;
    assert_eq!(funded.funded, 200_000);
    assert_eq!(funded.funded_arrived, 198_000);
    let t = m.trader(&mut env, 500_000 * TOKEN, 10_000_000).await;
    env.warp_seconds(DAY);
    let (mut paid, mut withheld, mut discounts) = (0u64, 0u64, 0u64);
    for fee in [1_000_000u64, 333_333, 7] {
        let e = m.trade(&mut env, 0, &t, fee).await;
        assert_eq!(e.paid + e.discount, fee);
        assert_eq!(e.arrived + e.withheld, e.paid);
        paid += e.paid;
        withheld += e.withheld;
        discounts += e.discount;
    }
    // A plain transfer into the market's account: found at the sweep, attributed to it.
    let (donor, donor_token) = f.fee_payer(&mut env, 10_000).await;
    env.transfer(&f.fee_mint, &donor_token, &m.token(0), &donor, 10_000)
        .await
        .expect_ok("plain transfer");
    let s = m.state(&mut env, 0).await;
    assert_eq!(s.totals.paid.get(), u128::from(paid));
    assert_eq!(s.totals.discounts.get(), u128::from(discounts));
    let intake_before = env.balance(&f.vault(VaultKind::Intake)).await;
    let deposited_before = f.state(&mut env).await.totals.deposited.get();
    let e = m.sweep(&mut env, 0).await;
    assert_eq!(e.direct, 9_900);
    assert_eq!(e.swept, s.pending + 9_900);
    assert_eq!(e.arrived + e.withheld, e.swept);
    assert_eq!(
        env.balance(&f.vault(VaultKind::Intake)).await,
        intake_before + e.arrived
    );
    let r = f.state(&mut env).await;
    assert_eq!(
        r.totals.deposited.get(),
        deposited_before + u128::from(e.swept)
    );
    // The market's account holds exactly its allowance; every withheld unit sits where the
    // mint withheld it: the trades' and the allowance's in the market's account.
    let s = m.state(&mut env, 0).await;
    assert_eq!(env.balance(&m.token(0)).await, s.allowance);
    assert_eq!(
        env.withheld(&m.token(0)).await,
        withheld + 100 + funded.withheld_on_funding() + e.withheld_on_funding()
    );
    // What left the discount vault for allowances is on the router's ledger.
    assert_eq!(r.markets.funded.get(), u128::from(funded.funded + e.funded));
    // The other market saw none of it.
    assert_eq!(m.state(&mut env, 1).await.totals.charged.get(), 0);
    f.distribute(&mut env).await.expect_ok("distribute");
}

trait FundedWithheld {
    fn withheld_on_funding(&self) -> u64;
}

impl FundedWithheld for MarketSwept {
    fn withheld_on_funding(&self) -> u64 {
        self.funded - self.funded_arrived
    }
}

/// The configuration path never approves the default address (which nobody can sign a trade
/// with): the external authority's setter refuses it as a missing key.
#[tokio::test]
async fn the_default_address_is_never_approved() {
    let mut env = TestEnv::start().await;
    let m = markets(&mut env, MintSpec::spl(6), 0, 0).await;
    let f = &m.f;
    let before = f.snapshot(&mut env).await;
    let approve = ix::approve_market(&f.router, &f.authority.pubkey(), Pubkey::default());
    assert_error(
        &env.send(&[approve], &[&f.authority]).await,
        FeeRouterError::KeyRequired,
    );
    assert_eq!(f.snapshot(&mut env).await, before);
}

/// When no approval is pending (before any, or once an opening used it up) the router's
/// approval is the default address, so `open_market` for the default address (the system
/// program's, a key nobody can sign a trade with) must still be refused: otherwise anyone
/// opens a market nobody approved, and its sweep moves the discount vault's tokens, up to the
/// allowance cap, into an allowance no trade can ever draw on nor any sweep bring back.
#[tokio::test]
async fn no_market_opens_for_the_default_address_when_nothing_is_approved() {
    let mut env = TestEnv::start().await;
    let m = markets(&mut env, MintSpec::spl(6), 1, 1_000_000).await;
    let f = &m.f;
    f.fund_vaults(&mut env, 10_000_000).await;
    assert_eq!(f.state(&mut env).await.markets.approved, Pubkey::default());
    let before = f.snapshot(&mut env).await;
    let nobody = Pubkey::default();
    let open = ix::open_market(&f.side(), &env.payer().pubkey(), &nobody);
    let out = env.send(&[open], &[]).await;
    if out.result.is_ok() {
        // What an attacker does next: the sweep funds the dead market's allowance.
        let discount = f.vault(VaultKind::Discount);
        let held = env.balance(&discount).await;
        let sweep = env
            .send_ok(&[ix::sweep_market(&f.side(), &nobody)], &[], "sweep")
            .await;
        let e = events::<MarketSwept>(&sweep).remove(0);
        panic!(
            "a market nobody approved opened for the default address; its sweep moved {} of \
             the discount vault's {held} into an allowance no trade can draw on",
            e.funded
        );
    }
    assert_error(&out, FeeRouterError::MarketNotApproved);
    assert_eq!(f.snapshot(&mut env).await, before);
}

#[tokio::test]
async fn an_allowance_above_a_lowered_cap_goes_back_to_the_discount_vault() {
    let mut env = TestEnv::start().await;
    let m = markets(&mut env, MintSpec::spl(6), 1, 1_000_000).await;
    let f = &m.f;
    f.fund_vaults(&mut env, 10_000_000).await;
    assert_eq!(m.sweep(&mut env, 0).await.allowance_after, 1_000_000);
    let discount = env.balance(&f.vault(VaultKind::Discount)).await;
    env.send_ok(
        &[ix::set_market_allowance_cap(
            &f.router,
            &f.authority.pubkey(),
            100_000,
        )],
        &[&f.authority],
        "lower the cap",
    )
    .await;
    let e = m.sweep(&mut env, 0).await;
    assert_eq!(
        (e.returned, e.funded, e.allowance_after),
        (900_000, 0, 100_000)
    );
    assert_eq!(
        env.balance(&f.vault(VaultKind::Discount)).await,
        discount + 900_000
    );
    let r = f.state(&mut env).await;
    assert_eq!(r.markets.returned.get(), 900_000);
    assert_eq!(env.balance(&m.token(0)).await, 100_000);
}

#[tokio::test]
async fn a_frozen_discount_vault_funds_nothing_and_the_fees_are_still_swept() {
    let mut env = TestEnv::start().await;
    let m = markets(
        &mut env,
        MintSpec::spl(6).with_freeze_authority(),
        1,
        1_000_000,
    )
    .await;
    let f = &m.f;
    f.fund_vaults(&mut env, 10_000_000).await;
    let payer = env.payer();
    let freeze = anchor_spl::token_2022::spl_token_2022::instruction::freeze_account(
        &f.fee_token_program,
        &f.vault(VaultKind::Discount),
        &f.fee_mint,
        &payer.pubkey(),
        &[],
    )
    .unwrap();
    env.send_ok(&[freeze], &[&payer], "freeze the discount vault")
        .await;
    let t = m.trader(&mut env, 0, 5_000).await;
    m.trade(&mut env, 0, &t, 5_000).await;
    let e = m.sweep(&mut env, 0).await;
    assert_eq!((e.swept, e.funded, e.allowance_after), (5_000, 0, 0));
}
