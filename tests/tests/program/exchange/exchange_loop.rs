//! SPEC §1 (The loop): the seed's loop, whole, as a protocol team runs it: traders trade on an
//! exchange program (`programs/example_exchange`) that charges a fee on every trade, routes it
//! into the router and pays the trader's stake-tiered rebate back, both by CPI inside the
//! trade; fees are distributed across a stage change voted by the stakers; stakers claim their
//! stream; the stakers vote the exchange an insurance payout; a keeper fills the buyback
//! auction and the protocol tokens it pays are burned. Both mints are accounted for to the base
//! unit after every step.
use anchor_lang::prelude::Pubkey;
use example_exchange::Side;
use fee_router::config::GovernedAction;
use fee_router::events::{BuybackExecuted, FeesDeposited, RebatePaid, RewardsClaimed};
use fee_router::math::auction::{epoch_at, price_at, PRICE_SCALE};
use fee_router::math::rolling::{share_floor, window_floor};
use fee_router::state::{Auction, AuctionParams, ProposalState, Stage, Vote};
use fee_router_sdk::ix::Purchase;
use fee_router_sdk::{ix, pda, pda::VaultKind};
use fee_router_tests::exchange::{ExchangeMarket, Trade};
use fee_router_tests::*;
use rand::rngs::SmallRng;
use rand::{Rng, SeedableRng};
use solana_keypair::Keypair;
use solana_signer::Signer;

const DAY: i64 = 86_400;
/// One whole token of any of the three mints (6 decimals).
const UNIT: u64 = 1_000_000;
/// The market: 2 USD per base token, a 0.3% fee on the quote, rounded up.
const PRICE: u64 = 2 * PRICE_SCALE;
const FEE_BPS: u64 = 30;
/// The spec's default tiers: whole protocol tokens of warmed-up stake → bps of the fee.
const TIERS: [(u64, u64); 5] = [
    (1_000, 500),
    (10_000, 1_000),
    (50_000, 2_000),
    (100_000, 3_000),
    (500_000, 4_000),
];

/// A participant with an account of each mint.
struct Trader {
    key: Keypair,
    base: Pubkey,
    quote: Pubkey,
    protocol: Pubkey,
    /// Protocol tokens staked (active), as the test tracks them.
    staked: u64,
    /// When the stake last grew (for the warm-up).
    staked_at: i64,
}

/// What the test expects, computed from the spec alone.
#[derive(Default)]
struct Ledger {
    /// Quote tokens minted in all: the fee mint's supply.
    quote_supply: u64,
    /// Protocol tokens minted in all.
    protocol_minted: u64,
    fees: u64,
    rebates: u64,
    claimed: u64,
    paid_out: u64,
    sold: u64,
    burned: u64,
    trades: usize,
    rebated_trades: usize,
    distributions: usize,
    purchases: usize,
    claims: usize,
}

fn tier_bps(stake: u64) -> u64 {
    TIERS
        .iter()
        .rev()
        .find(|(whole, _)| stake >= whole * UNIT)
        .map(|(_, bps)| *bps)
        .unwrap_or(0)
}

struct World {
    env: TestEnv,
    f: RouterFixture,
    m: ExchangeMarket,
    traders: Vec<Trader>,
    keeper: Trader,
    /// The exchange's shortfall account, which the stakers vote an insurance payout to.
    shortfall: Pubkey,
    ledger: Ledger,
}

impl World {
    /// Conservation, exact, for both mints.
    async fn check(&mut self, step: &str) {
        let env = &mut self.env;
        let f = &self.f;
        let r = f.state(env).await;
        r.invariant().unwrap_or_else(|e| panic!("{step}: {e:?}"));
        let rebates = f.rebates(env).await;
        let fund = f.insurance_fund(env).await;
        let auction: Auction = env.anchor_account(&pda::auction(&f.router)).await;

        // Fee mint: every token is in someone's account, and the router's equation holds:
        // deposited = in vaults + paid to stakers + paid as rebates + paid out by insurance +
        // sold by the auction (SPL mints withhold nothing).
        let mut vaults = 0u128;
        for kind in [
            VaultKind::Intake,
            VaultKind::Buyback,
            VaultKind::Stakers,
            VaultKind::Insurance,
            VaultKind::Discount,
        ] {
            vaults += u128::from(env.balance(&f.vault(kind)).await);
        }
        let t = &r.totals;
        assert_eq!(t.unattributed.get(), 0, "{step}");
        assert_eq!(
            t.deposited.get(),
            vaults
                + r.staking.claimed.get()
                + rebates.totals.paid.get()
                + fund.totals.paid_out.get()
                + auction.totals.fee_sold.get(),
            "{step}: deposited = vaults + claimed + rebates + insurance + sold"
        );
        assert_eq!(
            t.deposited.get(),
            u128::from(self.ledger.fees),
            "{step}: fees"
        );
        assert_eq!(
            rebates.totals.paid.get(),
            u128::from(self.ledger.rebates),
            "{step}: rebates"
        );
        assert_eq!(
            r.staking.claimed.get(),
            u128::from(self.ledger.claimed),
            "{step}"
        );
        assert_eq!(
            fund.totals.paid_out.get(),
            u128::from(self.ledger.paid_out),
            "{step}: insurance"
        );
        assert_eq!(
            auction.totals.fee_sold.get(),
            u128::from(self.ledger.sold),
            "{step}"
        );
        let mut quote_held = u128::from(env.balance(&self.m.quote_vault).await)
            + u128::from(env.balance(&self.shortfall).await)
            + vaults;
        for t in self.traders.iter().chain(std::iter::once(&self.keeper)) {
            quote_held += u128::from(env.balance(&t.quote).await);
        }
        assert_eq!(
            quote_held,
            u128::from(self.ledger.quote_supply),
            "{step}: quote tokens held"
        );
        assert_eq!(
            env.mint_supply(&f.fee_mint).await,
            self.ledger.quote_supply,
            "{step}"
        );

        // Protocol mint: the supply fell by exactly what the auction burned, and every token
        // left is in the stake vault (active + cooling) or a participant's account.
        let supply = env.mint_supply(&f.protocol_mint).await;
        assert_eq!(
            u128::from(supply),
            u128::from(self.ledger.protocol_minted) - auction.totals.burned.get(),
            "{step}: protocol supply"
        );
        assert_eq!(
            auction.totals.burned.get(),
            u128::from(self.ledger.burned),
            "{step}"
        );
        let stake_vault = env.balance(&f.vault(VaultKind::Stake)).await;
        assert_eq!(
            stake_vault,
            r.staking.total_active + r.staking.total_cooling,
            "{step}: stake vault"
        );
        let mut protocol_held = u128::from(stake_vault);
        for t in self.traders.iter().chain(std::iter::once(&self.keeper)) {
            protocol_held += u128::from(env.balance(&t.protocol).await);
        }
        assert_eq!(
            protocol_held,
            u128::from(supply),
            "{step}: protocol tokens held"
        );
    }

    /// Trader `i` buys or sells `base_amount`; checks the fee, the rebate and the trader's
    /// quote balance against the spec's numbers.
    async fn trade(&mut self, i: usize, side: Side, base_amount: u64) {
        let now = self.env.now;
        let t = &self.traders[i];
        let notional = u128::from(base_amount) * u128::from(PRICE);
        let quote = match side {
            Side::Buy => notional.div_ceil(u128::from(PRICE_SCALE)),
            Side::Sell => notional / u128::from(PRICE_SCALE),
        } as u64;
        let fee = (u128::from(quote) * u128::from(FEE_BPS)).div_ceil(10_000) as u64;
        // Stake counts once it has been active a whole day.
        let warmed = if t.staked > 0 && now - t.staked_at >= DAY {
            t.staked
        } else {
            0
        };
        let owed = fee * tier_bps(warmed) / 10_000;
        // A short discount vault pays what it holds (the deposit goes to the intake, not here),
        // and no more than the rebate bounds allow per report and per rolling period, shares
        // of the vault plus what rebates paid in the period (the window as the program keeps
        // it): this loop's vault holds a few trades' worth, so its big trades meet them.
        let vault = self.f.vault(VaultKind::Discount);
        let held = self.env.balance(&vault).await;
        let rebates = self.f.rebates(&mut self.env).await;
        let l = rebates.limits();
        let window = window_floor(
            &rebates.window.buckets,
            l.period_seconds,
            l.max_period_bps,
            held,
            now,
        )
        .unwrap();
        let per_report = share_floor(window.base, l.max_report_bps).unwrap() as u64;
        let rebate = owed.min(held).min(window.allowance).min(per_report);
        let before = self.env.balance(&t.quote).await;
        // The limit is the exact quote: one unit worse and the exchange refuses the trade.
        let trade = Trade {
            side,
            base_amount,
            quote_limit: quote,
        };
        let ix = self
            .m
            .swap_ix(&t.key.pubkey(), &t.base, &t.quote, trade, t.staked > 0);
        let out = self.env.send(&[ix], &[&t.key]).await.expect_ok("swap");
        let deposited = events::<FeesDeposited>(&out);
        assert_eq!(deposited.len(), 1);
        assert_eq!(deposited[0].amount, fee);
        let paid = events::<RebatePaid>(&out);
        assert_eq!(paid[0].owed, owed, "trader {i}, warmed stake {warmed}");
        assert_eq!(paid[0].paid, rebate);
        let after = self.env.balance(&t.quote).await;
        let expected = match side {
            Side::Buy => before - quote - fee + rebate,
            Side::Sell => before + quote - fee + rebate,
        };
        assert_eq!(after, expected, "trader {i}'s quote balance");
        self.ledger.fees += fee;
        self.ledger.rebates += rebate;
        self.ledger.trades += 1;
        if rebate > 0 {
            self.ledger.rebated_trades += 1;
        }
    }

    async fn distribute(&mut self) {
        let r = self.f.state(&mut self.env).await;
        if r.totals.pending_attributed == 0 {
            return;
        }
        self.f
            .distribute(&mut self.env)
            .await
            .expect_ok("distribute");
        self.ledger.distributions += 1;
    }

    async fn claim(&mut self, i: usize) {
        let t = &self.traders[i];
        if t.staked == 0 {
            return;
        }
        let ix = ix::claim_rewards(&self.f.side(), &t.key.pubkey(), &t.quote);
        let out = self.env.send(&[ix], &[&t.key]).await;
        if out.result.is_err() {
            assert_error(&out, fee_router::error::FeeRouterError::ClaimNothingToClaim);
            return;
        }
        let e = &events::<RewardsClaimed>(&out)[0];
        self.ledger.claimed += e.amount;
        self.ledger.claims += 1;
    }

    /// The keeper buys whatever the auction offers at the current price.
    async fn keep(&mut self) {
        let a: Auction = self.env.anchor_account(&pda::auction(&self.f.router)).await;
        let p = a.params;
        let e = epoch_at(a.epoch(), p.epoch_seconds, p.floor_price, self.env.now);
        let price = price_at(
            e.start_price,
            p.floor_price,
            e.started_at,
            p.epoch_seconds,
            self.env.now,
        );
        // The keeper buys only at or below 3 protocol base units per fee base unit.
        if price > 3 * PRICE_SCALE {
            return;
        }
        let k = &self.keeper;
        let ix = ix::buy(
            &self.f.side(),
            &self.f.protocol_side(),
            &k.key.pubkey(),
            &k.quote,
            &k.protocol,
            None,
            Purchase {
                epoch_id: e.id,
                amount: u64::MAX,
                min_amount_out: 1,
                max_payment: u64::MAX,
            },
        );
        let supply_before = self.env.mint_supply(&self.f.protocol_mint).await;
        let out = self.env.send(&[ix], &[&k.key]).await;
        if out.result.is_err() {
            // Nothing on offer (an empty vault or a spent cap) is the one expected refusal.
            assert_error(
                &out,
                fee_router::error::FeeRouterError::BuybackNothingToSell,
            );
            return;
        }
        let b = &events::<BuybackExecuted>(&out)[0];
        assert_eq!(b.burned, b.payment);
        assert_eq!(
            self.env.mint_supply(&self.f.protocol_mint).await,
            supply_before - b.payment,
            "the payment is burned"
        );
        self.ledger.sold += b.lot;
        self.ledger.burned += b.payment;
        self.ledger.purchases += 1;
    }
}

async fn participant(
    env: &mut TestEnv,
    f: &RouterFixture,
    base_mint: &Pubkey,
    quote: u64,
    protocol: u64,
    base: u64,
) -> Trader {
    let key = env.funded_user(1).await;
    let owner = key.pubkey();
    Trader {
        base: env.funded_token_account(base_mint, &owner, base).await,
        quote: env.funded_token_account(&f.fee_mint, &owner, quote).await,
        protocol: env
            .funded_token_account(&f.protocol_mint, &owner, protocol)
            .await,
        key,
        staked: 0,
        staked_at: 0,
    }
}

#[tokio::test]
async fn the_whole_loop_runs_by_cpi_over_weeks_and_every_token_of_both_mints_is_accounted_for() {
    let mut env = TestEnv::start().await;
    let f = RouterFixture::new(&mut env, MintSpec::spl(6), MintSpec::spl(6)).await;
    let base_mint = env.create_mint(MintSpec::spl(6)).await;
    let m = ExchangeMarket::new(
        f.router,
        base_mint,
        SPL_TOKEN,
        f.fee_mint,
        f.fee_token_program,
    );
    let admin = env.funded_user(2).await;
    env.send_ok(
        &[m.create_ix(&admin.pubkey(), PRICE, FEE_BPS)],
        &[&admin],
        "create market",
    )
    .await;
    // The market holds 10M base and 10M quote of inventory.
    env.mint_to(&base_mint, &m.base_vault, 10_000_000 * UNIT)
        .await;
    env.mint_to(&f.fee_mint, &m.quote_vault, 10_000_000 * UNIT)
        .await;

    // The external authority prices the auction and registers the market as the rebate
    // authority, then hands the router to its stakers.
    let auction = AuctionParams {
        epoch_seconds: DAY as u64,
        floor_price: PRICE_SCALE,
        min_start_price: 2 * PRICE_SCALE,
        max_start_price: 8 * PRICE_SCALE,
        multiplier_bps: 15_000,
        epoch_cap: 20_000 * UNIT,
        daily_cap: 30_000 * UNIT,
        treasury: Pubkey::default(),
    };
    env.send_ok(
        &[
            ix::set_auction_params(&f.router, &f.authority.pubkey(), auction),
            ix::set_rebate_authority(&f.router, &f.authority.pubkey(), m.market),
        ],
        &[&f.authority],
        "configure",
    )
    .await;

    // Traders: three stakers at different tiers, one trader with no stake, and a keeper.
    let stakes = [600_000 * UNIT, 60_000 * UNIT, 5_000 * UNIT, 0];
    let mut traders = vec![];
    let mut ledger = Ledger::default();
    for &stake in &stakes {
        let t = participant(
            &mut env,
            &f,
            &base_mint,
            1_000_000 * UNIT,
            stake.max(UNIT),
            1_000_000 * UNIT,
        )
        .await;
        ledger.quote_supply += 1_000_000 * UNIT;
        ledger.protocol_minted += stake.max(UNIT);
        traders.push(t);
    }
    let keeper = participant(&mut env, &f, &base_mint, 0, 50_000_000 * UNIT, 0).await;
    ledger.protocol_minted += 50_000_000 * UNIT;
    ledger.quote_supply += 10_000_000 * UNIT; // the market's quote inventory
    let shortfall = env.create_token_account(&f.fee_mint, &admin.pubkey()).await;
    let mut w = World {
        env,
        f,
        m,
        traders,
        keeper,
        shortfall,
        ledger,
    };
    w.check("start").await;

    for (i, &stake) in stakes.iter().enumerate().take(3) {
        let t = &w.traders[i];
        let staker = Staker {
            owner: t.key.insecure_clone(),
            protocol_token: t.protocol,
            fee_token: t.quote,
        };
        w.f.stake(&mut w.env, &staker, stake)
            .await
            .expect_ok("stake");
        w.traders[i].staked = stake;
        w.traders[i].staked_at = w.env.now;
    }
    w.check("staked").await;
    let governance = pda::governance(&w.f.router);
    w.env
        .send_ok(
            &[ix::propose_authority(
                &w.f.router,
                &w.f.authority.pubkey(),
                governance,
            )],
            &[&w.f.authority],
            "propose governance",
        )
        .await;
    w.env
        .send_ok(
            &[ix::accept_governance_authority(&w.f.router)],
            &[],
            "accept",
        )
        .await;

    let mut rng = SmallRng::seed_from_u64(0x100b);
    let mut proposal = None;
    let mut payout = None;
    let mut stage_changed_at = None;
    for day in 0..28 {
        // Trades through the day: first-day trades find no warmed-up stake, so no rebate.
        for _ in 0..6 {
            let i = rng.gen_range(0..w.traders.len());
            let side = if rng.gen_bool(0.5) {
                Side::Buy
            } else {
                Side::Sell
            };
            let amount = rng.gen_range(1..=20_000 * UNIT);
            w.trade(i, side, amount).await;
            w.check(&format!("day {day}: trade")).await;
            w.env.warp_seconds(rng.gen_range(600..7_200));
        }
        w.distribute().await;
        w.check(&format!("day {day}: distribute")).await;
        if day % 3 == 2 {
            for i in 0..3 {
                w.claim(i).await;
            }
            w.check(&format!("day {day}: claims")).await;
        }
        w.keep().await;
        w.check(&format!("day {day}: keeper")).await;

        // Week one: the stakers vote the router into Growth.
        if day == 6 {
            let stage = GovernedAction::SetStage {
                stage: Stage::Growth,
            };
            proposal = Some(w.propose_and_vote(vec![stage]).await);
        }
        // Voting ends three days after the proposal, the timelock two days later.
        if day == 10 {
            let p = proposal.expect("proposed");
            w.env
                .send_ok(&[ix::finalize_proposal(&p)], &[], "finalize")
                .await;
        }
        if day == 12 {
            let p = proposal.expect("proposed");
            let executor = w.env.payer().pubkey();
            w.env
                .send_ok(
                    &[ix::execute_proposal(&w.f.router, &p, &executor)],
                    &[],
                    "execute",
                )
                .await;
            let state: fee_router::state::Proposal = w.env.anchor_account(&p).await;
            assert_eq!(state.state, ProposalState::Executed);
            assert_eq!(w.f.state(&mut w.env).await.stage().unwrap(), Stage::Growth);
            stage_changed_at = Some(w.ledger.distributions);
            w.check(&format!("day {day}: stage change")).await;
        }
        // Week three: the exchange had a shortfall; the stakers vote it a tenth of the fund.
        if day == 14 {
            let fund = w.env.balance(&w.f.vault(VaultKind::Insurance)).await;
            let actions = vec![
                GovernedAction::SetShortfallAccount {
                    account: w.shortfall,
                },
                GovernedAction::InsurancePayout { amount: fund / 10 },
            ];
            payout = Some((w.propose_and_vote(actions).await, fund / 10));
        }
        if day == 19 {
            let (p, amount) = payout.expect("proposed");
            w.env
                .send_ok(&[ix::finalize_proposal(&p)], &[], "finalize")
                .await;
            let executor = w.env.payer().pubkey();
            let ix = ix::execute_proposal_with_payout(&w.f.side(), &p, &executor, &w.shortfall);
            w.env.send_ok(&[ix], &[], "execute the payout").await;
            assert_eq!(w.env.balance(&w.shortfall).await, amount);
            w.ledger.paid_out += amount;
            w.check(&format!("day {day}: insurance payout")).await;
        }
        let to_midnight = DAY - (w.env.now - START_TIME).rem_euclid(DAY);
        w.env.warp_seconds(to_midnight);
    }
    // Let the stream run out, then everyone claims what is left.
    w.env.warp_seconds(8 * DAY);
    for i in 0..3 {
        w.claim(i).await;
    }
    w.keep().await;
    w.check("end").await;

    let l = &w.ledger;
    println!(
        "{} trades ({} rebated), {} distributions ({} before the stage change), {} claims, \
         {} purchases: fees {}, rebates {}, claimed {}, insurance paid {}, sold {}, burned {}",
        l.trades,
        l.rebated_trades,
        l.distributions,
        stage_changed_at.unwrap_or(0),
        l.claims,
        l.purchases,
        l.fees,
        l.rebates,
        l.claimed,
        l.paid_out,
        l.sold,
        l.burned
    );
    // The loop ran: fees went both ways, the stage changed mid-run, stakers were paid, the
    // keeper bought and burned.
    assert!(l.rebated_trades > 0 && l.rebated_trades < l.trades);
    assert!(stage_changed_at.is_some_and(|d| d > 0 && d < l.distributions));
    assert!(l.claims >= 3 && l.claimed > 0);
    assert!(l.purchases > 0 && l.burned > 0);
    assert!(l.paid_out > 0);
}

impl World {
    /// The largest staker proposes `actions` and the two largest vote yes; returns the proposal.
    async fn propose_and_vote(&mut self, actions: Vec<GovernedAction>) -> Pubkey {
        let governance = pda::governance(&self.f.router);
        let g: fee_router::state::Governance = self.env.anchor_account(&governance).await;
        let id = g.proposal_count;
        let proposer = self.traders[0].key.insecure_clone();
        let ix = ix::create_proposal(&self.f.router, &proposer.pubkey(), id, actions);
        self.env.send_ok(&[ix], &[&proposer], "propose").await;
        let p = pda::proposal(&governance, id);
        for i in 0..2 {
            let voter = self.traders[i].key.insecure_clone();
            let ix = ix::cast_vote(&self.f.router, &p, &voter.pubkey(), Vote::Yes);
            self.env.send_ok(&[ix], &[&voter], "vote").await;
        }
        p
    }
}
