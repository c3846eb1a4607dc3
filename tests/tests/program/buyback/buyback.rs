//! SPEC §1 (The loop), §2 (Guard rails), §3 (Conservation): the buyback, an oracle-free Dutch
//! auction of the buyback vault's fee tokens with per-epoch and per-day caps and a floor price;
//! the protocol tokens paid are burned (the mint's supply shows it) or sent to a governed
//! treasury.
use anchor_lang::prelude::Pubkey;
use fee_router::error::FeeRouterError;
use fee_router::events::{BuybackExecuted, FeesDistributed};
use fee_router::math::auction::{payment_ceil, price_at, PRICE_SCALE};
use fee_router::state::pause::PAUSE_BUYBACK;
use fee_router::state::{Auction, AuctionParams};
use fee_router_sdk::ix::{self, Purchase};
use fee_router_sdk::pda::{self, VaultKind};
use fee_router_tests::*;
use rand::rngs::SmallRng;
use rand::{Rng, SeedableRng};
use solana_keypair::Keypair;
use solana_signer::Signer;

const DAY: i64 = 86_400;

/// One fee base unit for two protocol base units at the floor; epochs start between 5 and 40.
fn params() -> AuctionParams {
    AuctionParams {
        epoch_seconds: DAY as u64,
        floor_price: 2 * PRICE_SCALE,
        min_start_price: 5 * PRICE_SCALE,
        max_start_price: 40 * PRICE_SCALE,
        multiplier_bps: 20_000,
        epoch_cap: 1_000_000,
        daily_cap: 2_500_000,
        treasury: Pubkey::default(),
    }
}

struct Buyer {
    owner: Keypair,
    fee_token: Pubkey,
    protocol_token: Pubkey,
}

struct Market {
    f: RouterFixture,
    buyer: Buyer,
}

/// A router whose buyback vault holds 4,500,000 (an Early distribution of 10,000,000 with
/// nothing staked), an auction priced by `params`, and a buyer with protocol tokens.
async fn market(env: &mut TestEnv, params: AuctionParams) -> Market {
    market_with(env, params, MintSpec::spl(6)).await
}

/// `market` with the protocol mint given.
async fn market_with(env: &mut TestEnv, params: AuctionParams, protocol: MintSpec) -> Market {
    market_of(env, params, MintSpec::spl(6), protocol, 10_000_000).await
}

/// A router with the mints given whose buyback vault holds what an Early distribution of
/// `fees` with nothing staked sends it (45% of what arrived), an auction priced by
/// `params`, and a buyer with protocol tokens.
async fn market_of(
    env: &mut TestEnv,
    params: AuctionParams,
    fee: MintSpec,
    protocol: MintSpec,
    fees: u64,
) -> Market {
    let f = RouterFixture::new(env, fee, protocol).await;
    f.deposit_fresh(env, fees).await;
    f.distribute(env).await.expect_ok("distribute");
    set_params(env, &f, params).await;
    let buyer = new_buyer(env, &f, 1_000_000_000_000).await;
    Market { f, buyer }
}

/// A buyer holding `protocol` protocol base units and an empty fee-mint account.
async fn new_buyer(env: &mut TestEnv, f: &RouterFixture, protocol: u64) -> Buyer {
    let owner = env.funded_user(1).await;
    let protocol_token = env
        .funded_token_account(&f.protocol_mint, &owner.pubkey(), protocol)
        .await;
    let fee_token = env.create_token_account(&f.fee_mint, &owner.pubkey()).await;
    Buyer {
        owner,
        fee_token,
        protocol_token,
    }
}

async fn set_params(env: &mut TestEnv, f: &RouterFixture, params: AuctionParams) {
    let ix = ix::set_auction_params(&f.router, &f.authority.pubkey(), params);
    env.send_ok(&[ix], &[&f.authority], "set_auction_params")
        .await;
}

impl Market {
    async fn auction(&self, env: &mut TestEnv) -> Auction {
        env.anchor_account(&pda::auction(&self.f.router)).await
    }

    fn buy_ix(
        &self,
        purchase: Purchase,
        treasury: Option<Pubkey>,
    ) -> anchor_lang::solana_program::instruction::Instruction {
        ix::buy(
            &self.f.side(),
            &self.f.protocol_side(),
            &self.buyer.owner.pubkey(),
            &self.buyer.fee_token,
            &self.buyer.protocol_token,
            treasury,
            purchase,
        )
    }

    async fn buy(&self, env: &mut TestEnv, purchase: Purchase) -> TxOutcome {
        self.buy_as(env, &self.buyer, purchase).await
    }

    /// A purchase by another buyer.
    async fn buy_as(&self, env: &mut TestEnv, buyer: &Buyer, purchase: Purchase) -> TxOutcome {
        let ix = ix::buy(
            &self.f.side(),
            &self.f.protocol_side(),
            &buyer.owner.pubkey(),
            &buyer.fee_token,
            &buyer.protocol_token,
            None,
            purchase,
        );
        env.send(&[ix], &[&buyer.owner]).await
    }

    /// The fee tokens on offer now, by the program's own math, as `quote` reads the auction.
    async fn on_offer(&self, env: &mut TestEnv) -> u64 {
        let a = self.auction(env).await;
        let vault = env.balance(&self.f.vault(VaultKind::Buyback)).await;
        fee_router_cli::commands::auction::AuctionReport::new(&a, vault, env.now).lot
    }

    /// The price now, by the program's own math, and the epoch to name.
    async fn quote(&self, env: &mut TestEnv) -> (u64, u64) {
        let a = self.auction(env).await;
        let p = a.params;
        let e =
            fee_router::math::auction::epoch_at(a.epoch(), p.epoch_seconds, p.floor_price, env.now);
        (
            price_at(
                e.start_price,
                p.floor_price,
                e.started_at,
                p.epoch_seconds,
                env.now,
            ),
            e.id,
        )
    }

    /// Switches the auction to treasury mode with a new protocol-token account as the
    /// treasury; returns the account and its owner.
    async fn open_treasury(&self, env: &mut TestEnv) -> (Pubkey, Pubkey) {
        let owner = env.funded_user(1).await.pubkey();
        let treasury = env
            .create_token_account(&self.f.protocol_mint, &owner)
            .await;
        set_params(
            env,
            &self.f,
            AuctionParams {
                treasury,
                ..params()
            },
        )
        .await;
        (treasury, owner)
    }

    /// Everything a refused purchase must leave as it was.
    async fn snapshot(&self, env: &mut TestEnv) -> Vec<Option<solana_account::Account>> {
        let mut out = self.f.snapshot(env).await;
        for a in [
            pda::auction(&self.f.router),
            self.buyer.fee_token,
            self.buyer.protocol_token,
            self.f.protocol_mint,
        ] {
            out.push(env.account(&a).await);
        }
        out
    }
}

/// Buys `amount` at exactly the current price's payment: one unit less would be refused.
async fn buy_exactly(env: &mut TestEnv, m: &Market, amount: u64) -> (TxOutcome, u64, u64) {
    let (price, epoch_id) = m.quote(env).await;
    let payment = payment_ceil(amount, price).unwrap();
    let out = m
        .buy(
            env,
            Purchase {
                epoch_id,
                amount,
                min_amount_out: amount,
                max_payment: payment,
            },
        )
        .await;
    (out, price, payment)
}

#[tokio::test]
async fn the_price_follows_its_curve_across_an_epoch_and_a_restart() {
    let mut env = TestEnv::start().await;
    let m = market(&mut env, params()).await;
    // The epoch restarted at the lowest start price when the parameters were set.
    let (price, _) = m.quote(&mut env).await;
    assert_eq!(price, 5 * PRICE_SCALE);
    env.warp_seconds(DAY / 2);
    assert_eq!(
        m.quote(&mut env).await.0,
        3_500_000_000,
        "halfway from 5 to the floor of 2"
    );
    env.warp_seconds(DAY / 4);
    assert_eq!(m.quote(&mut env).await.0, 2_750_000_000);
    // A purchase at exactly this price: a unit less of maximum payment is refused.
    let (price, epoch_id) = m.quote(&mut env).await;
    let payment = payment_ceil(100_000, price).unwrap();
    let before = m.snapshot(&mut env).await;
    let out = m
        .buy(
            &mut env,
            Purchase {
                epoch_id,
                amount: 100_000,
                min_amount_out: 1,
                max_payment: payment - 1,
            },
        )
        .await;
    assert_error(&out, FeeRouterError::BuybackAboveMaxPayment);
    assert_eq!(m.snapshot(&mut env).await, before);
    let (out, paid_price, paid) = buy_exactly(&mut env, &m, 100_000).await;
    let out = out.expect_ok("buy");
    println!("compute units: buy (burn) = {}", out.compute_units);
    let e = &events::<BuybackExecuted>(&out)[0];
    assert_eq!(
        (e.lot, e.price, e.payment, e.burned),
        (100_000, paid_price, paid, paid)
    );
    assert_eq!(e.supply_before - e.supply_after, paid);
    // A purchase smaller than the lot leaves the epoch and its curve running.
    assert_eq!(m.quote(&mut env).await, (paid_price, epoch_id));
    // The purchase that takes the rest of the epoch's cap ends it.
    let (out, price, _) = buy_exactly(&mut env, &m, 900_000).await;
    out.expect_ok("the rest of the lot");
    assert_eq!(price, paid_price);
    // The next epoch starts at twice the price paid, and falls again to the floor.
    let a = m.auction(&mut env).await;
    assert_eq!(
        (a.epoch_id, a.epoch_start_price),
        (epoch_id + 1, 2 * paid_price)
    );
    assert_eq!(m.quote(&mut env).await.0, 2 * paid_price);
    env.warp_seconds(DAY - 1);
    let (start, floor) = (2 * paid_price, 2 * PRICE_SCALE);
    let drop =
        (u128::from(start - floor) * u128::from(DAY as u64 - 1) / u128::from(DAY as u64)) as u64;
    assert_eq!(
        m.quote(&mut env).await.0,
        start - drop,
        "a second before the floor"
    );
    assert!(start - drop > floor);
    // Unsold: the next epochs start, and stay, at the floor; never below it.
    env.warp_seconds(1);
    assert_eq!(m.quote(&mut env).await, (2 * PRICE_SCALE, epoch_id + 2));
    env.warp_seconds(DAY + DAY / 2);
    assert_eq!(m.quote(&mut env).await, (2 * PRICE_SCALE, epoch_id + 3));
    let (out, ..) = buy_exactly(&mut env, &m, 1_000).await;
    let out = out.expect_ok("buy at the floor");
    assert_eq!(events::<BuybackExecuted>(&out)[0].price, 2 * PRICE_SCALE);
    assert_eq!(m.quote(&mut env).await, (2 * PRICE_SCALE, epoch_id + 3));
    let (out, ..) = buy_exactly(&mut env, &m, 999_000).await;
    out.expect_ok("the rest of the lot at the floor");
    // The curve starts again from the floor's price times the multiplier, within the bounds.
    assert_eq!(m.quote(&mut env).await, (5 * PRICE_SCALE, epoch_id + 4));
}

/// Spec §2: a purchase smaller than the lot leaves the epoch and its price curve running, so
/// a griefer's one-base-unit purchase neither raises the price the rest of the lot is offered
/// at nor makes stale a keeper's purchase priced against the same epoch; the purchase that
/// takes the rest of the lot ends the epoch.
#[tokio::test]
async fn a_dust_purchase_neither_raises_the_price_nor_makes_a_keepers_purchase_stale() {
    let mut env = TestEnv::start().await;
    let m = market(&mut env, params()).await;
    let griefer = new_buyer(&mut env, &m.f, 1_000_000).await;
    let dust = |epoch_id| Purchase {
        epoch_id,
        amount: 1,
        min_amount_out: 1,
        max_payment: u64::MAX,
    };
    env.warp_seconds(DAY / 2);
    let (price, epoch_id) = m.quote(&mut env).await;
    assert_eq!(price, 3_500_000_000);
    let out = m
        .buy_as(&mut env, &griefer, dust(epoch_id))
        .await
        .expect_ok("dust");
    assert_eq!(events::<BuybackExecuted>(&out)[0].price, price);
    assert_eq!(
        m.quote(&mut env).await,
        (price, epoch_id),
        "the dust moved neither the price nor the epoch"
    );
    // The rest of the lot stays on offer on the same curve: halfway down at a quarter day on.
    env.warp_seconds(DAY / 4);
    let (price, quoted_epoch) = m.quote(&mut env).await;
    assert_eq!((price, quoted_epoch), (2_750_000_000, epoch_id));
    // The keeper prices the whole lot against this epoch; the griefer's dust lands first.
    let lot = m.on_offer(&mut env).await;
    assert_eq!(lot, 1_000_000 - 1, "the epoch's cap less the first dust");
    let keeper = Purchase {
        epoch_id,
        amount: lot,
        min_amount_out: lot - 1,
        max_payment: payment_ceil(lot, price).unwrap(),
    };
    m.buy_as(&mut env, &griefer, dust(epoch_id))
        .await
        .expect_ok("dust in front of the keeper");
    let out = m
        .buy(&mut env, keeper)
        .await
        .expect_ok("the keeper's purchase after the dust");
    let e = &events::<BuybackExecuted>(&out)[0];
    assert_eq!(
        (e.epoch_id, e.lot, e.price, e.payment),
        (
            epoch_id,
            lot - 1,
            price,
            payment_ceil(lot - 1, price).unwrap()
        ),
        "the keeper paid the price it quoted, for what was left"
    );
    assert_eq!(m.auction(&mut env).await.totals.fee_sold.get(), 1_000_000);
    // It took the rest of the epoch's cap: the next epoch starts at twice the price paid.
    assert_eq!(m.quote(&mut env).await, (2 * price, epoch_id + 1));
}

/// Spec §2 with the rolling day's cap: the window frees a griefer's own earlier dust 25 hours
/// on, and while the day's cap is otherwise used up that unit is the whole lot. The day's cap
/// only pauses an epoch: taking what it allows ends nothing, so the freed dust cannot restart
/// the price either. The epoch ends when a purchase takes the rest of its cap (or the vault).
#[tokio::test]
async fn dust_freed_by_the_rolling_day_cannot_restart_the_price() {
    let mut env = TestEnv::start().await;
    let slow = AuctionParams {
        epoch_seconds: 3 * DAY as u64,
        epoch_cap: 2_000_000,
        daily_cap: 1_000_000,
        ..params()
    };
    let m = market(&mut env, slow).await;
    let griefer = new_buyer(&mut env, &m.f, 1_000_000).await;
    let start = m.auction(&mut env).await;
    let curve = |now: i64| {
        price_at(
            5 * PRICE_SCALE,
            slow.floor_price,
            start.epoch_started_at,
            slow.epoch_seconds,
            now,
        )
    };
    let dust = |epoch_id| Purchase {
        epoch_id,
        amount: 1,
        min_amount_out: 1,
        max_payment: u64::MAX,
    };
    let epoch_id = start.epoch_id;
    m.buy_as(&mut env, &griefer, dust(epoch_id))
        .await
        .expect_ok("dust");
    // Two hours on the keeper takes what the day's cap still allows: the epoch runs on.
    env.warp_seconds(2 * 3_600);
    assert_eq!(m.on_offer(&mut env).await, 999_999);
    let (out, price, _) = buy_exactly(&mut env, &m, 999_999).await;
    let out = out.expect_ok("the day's cap");
    assert_eq!(price, curve(env.now));
    assert_eq!(
        m.quote(&mut env).await,
        (price, epoch_id),
        "the epoch runs on"
    );
    assert_eq!(events::<BuybackExecuted>(&out)[0].sold_in_epoch, 1_000_000);
    assert_eq!(m.on_offer(&mut env).await, 0, "the day's cap is used up");
    // 25 hours after the dust its unit leaves the window: it is the whole lot, and the
    // griefer takes it. The price and the epoch stay.
    env.warp_seconds(23 * 3_600);
    assert_eq!(m.on_offer(&mut env).await, 1);
    let out = m
        .buy_as(&mut env, &griefer, dust(epoch_id))
        .await
        .expect_ok("the freed dust");
    assert!(!events::<BuybackExecuted>(&out)[0].epoch_ended);
    assert_eq!(m.quote(&mut env).await, (curve(env.now), epoch_id));
    // When the keeper's purchase leaves the window, the lot is the rest of the epoch's cap;
    // the purchase that takes it ends the epoch and restarts the price.
    env.warp_seconds(2 * 3_600);
    assert_eq!(m.on_offer(&mut env).await, 999_999);
    let (out, price, _) = buy_exactly(&mut env, &m, 999_999).await;
    let out = out.expect_ok("the rest of the epoch's cap");
    assert_eq!(price, curve(env.now));
    let e = &events::<BuybackExecuted>(&out)[0];
    assert_eq!((e.sold_in_epoch, e.epoch_ended), (2_000_000, true));
    assert_eq!(m.quote(&mut env).await, (2 * price, epoch_id + 1));
}

/// The 30-day griefing (spec §2): a griefer buys one base unit at seeded random times
/// and in front of every keeper purchase; the keeper buys the whole lot whenever the price is
/// at or below its limit (the market price). The keeper still sells the whole 450,000-token
/// vault, never above its limit, within the per-epoch and rolling-day caps, and every fee
/// token and every burned protocol token is accounted for.
#[tokio::test]
async fn a_dust_griefer_cannot_keep_the_keeper_from_selling_the_whole_vault_in_30_days() {
    const UNIT: u64 = 1_000_000;
    let seed = 0xd057_9e1f;
    let mut rng = SmallRng::seed_from_u64(seed);
    let mut env = TestEnv::start().await;
    let hourly = AuctionParams {
        epoch_seconds: 3_600,
        floor_price: 2 * PRICE_SCALE,
        min_start_price: 5 * PRICE_SCALE,
        max_start_price: 40 * PRICE_SCALE,
        multiplier_bps: 20_000,
        epoch_cap: 5_000 * UNIT,
        daily_cap: 50_000 * UNIT,
        treasury: Pubkey::default(),
    };
    let mut m = market_of(
        &mut env,
        hourly,
        MintSpec::spl(6),
        MintSpec::spl(6),
        1_000_000 * UNIT,
    )
    .await;
    // The keeper can pay for the whole vault at its limit.
    m.buyer = new_buyer(&mut env, &m.f, 1_350_000 * UNIT).await;
    let griefer = new_buyer(&mut env, &m.f, 1_000 * UNIT).await;
    let limit = 3 * PRICE_SCALE;
    // The keeper does not bother with less than one token.
    let min_lot = UNIT;
    let vault = m.f.vault(VaultKind::Buyback);
    let start = env.balance(&vault).await;
    assert_eq!(start, 450_000 * UNIT);
    let supply_start = env.mint_supply(&m.f.protocol_mint).await;
    let started = env.now;
    // (time, epoch, lot) of every sale.
    let mut sales: Vec<(i64, u64, u64)> = vec![];
    let (mut keeper_buys, mut dust_buys) = (0u32, 0u32);
    // The error codes of refused keeper purchases.
    let mut keeper_refused: Vec<u32> = vec![];
    let (mut keeper_paid, mut dust_paid) = (0u64, 0u64);
    let mut emptied = None;
    while env.now < started + 30 * DAY && emptied.is_none() {
        env.warp_seconds(rng.gen_range(60..1_200));
        // The keeper prices the whole lot before the griefer's dust lands.
        let (price, epoch_id) = m.quote(&mut env).await;
        let lot = m.on_offer(&mut env).await;
        let keeper_turn = price <= limit && lot >= min_lot;
        // The griefer: at random times, and always in front of the keeper.
        if keeper_turn || rng.gen_bool(1.0 / 3.0) {
            let (_, dust_epoch) = m.quote(&mut env).await;
            let out = m
                .buy_as(
                    &mut env,
                    &griefer,
                    Purchase {
                        epoch_id: dust_epoch,
                        amount: 1,
                        min_amount_out: 1,
                        max_payment: u64::MAX,
                    },
                )
                .await;
            match custom_error_code(&out) {
                None => {
                    let out = out.expect_ok("dust");
                    let e = &events::<BuybackExecuted>(&out)[0];
                    sales.push((env.now, e.epoch_id, e.lot));
                    dust_paid += e.payment;
                    dust_buys += 1;
                }
                Some(code) => assert_eq!(code, u32::from(FeeRouterError::BuybackNothingToSell)),
            }
        }
        if !keeper_turn {
            continue;
        }
        let out = m
            .buy(
                &mut env,
                Purchase {
                    epoch_id,
                    amount: lot,
                    min_amount_out: 1,
                    max_payment: payment_ceil(lot, limit).unwrap(),
                },
            )
            .await;
        if let Some(code) = custom_error_code(&out) {
            keeper_refused.push(code);
            continue;
        }
        let out = out.expect_ok("keeper");
        let e = &events::<BuybackExecuted>(&out)[0];
        assert!(
            e.price <= limit && e.price <= price,
            "the keeper paid {}",
            e.price
        );
        sales.push((env.now, e.epoch_id, e.lot));
        keeper_paid += e.payment;
        keeper_buys += 1;
        if env.balance(&vault).await < min_lot {
            emptied = Some(env.now - started);
        }
    }
    let a = m.auction(&mut env).await;
    let t = a.totals;
    let left = env.balance(&vault).await;
    println!(
        "seed {seed:#x}: keeper {keeper_buys} purchases ({} refused), griefer \
         {dust_buys} dust purchases; vault {left} of {start} left after {} s",
        keeper_refused.len(),
        env.now - started
    );
    // Within the caps: per epoch, and over any 24 hours.
    for (i, &(at, epoch, _)) in sales.iter().enumerate() {
        let in_epoch: u64 = sales.iter().filter(|s| s.1 == epoch).map(|s| s.2).sum();
        assert!(in_epoch <= hourly.epoch_cap, "epoch {epoch}: {in_epoch}");
        let in_day: u64 = sales[..=i]
            .iter()
            .filter(|s| at - s.0 < DAY)
            .map(|s| s.2)
            .sum();
        assert!(
            in_day <= hourly.daily_cap,
            "{in_day} in the 24 hours to {at}"
        );
    }
    assert_eq!(
        keeper_refused,
        Vec::<u32>::new(),
        "no keeper purchase was refused"
    );
    assert!(
        left < min_lot,
        "the keeper sold the whole vault but dust: {left} left"
    );
    assert!(emptied.is_some_and(|s| s <= 30 * DAY));
    // Conservation: the vault's 450,000 tokens are in it or went to the two buyers, and the
    // protocol mint's supply fell by exactly what they paid.
    assert_eq!(t.fee_sold.get() + u128::from(left), u128::from(start));
    assert_eq!(
        env.balance(&m.buyer.fee_token).await + env.balance(&griefer.fee_token).await + left,
        start
    );
    assert_eq!(env.balance(&griefer.fee_token).await, u64::from(dust_buys));
    assert_eq!(
        supply_start - env.mint_supply(&m.f.protocol_mint).await,
        keeper_paid + dust_paid
    );
    assert_eq!(t.burned.get(), u128::from(keeper_paid + dust_paid));
    assert_eq!(t.purchases, u64::from(keeper_buys + dust_buys));
}

/// Finding 11: the buyer's minimum out holds on what arrives in its account, after the fee
/// mint's Token-2022 transfer fee on the vault → buyer hop. A minimum above what arrives is
/// refused with nothing changed (so is a purchase of which nothing would arrive); a minimum
/// of exactly what arrives passes.
#[tokio::test]
async fn the_minimum_out_holds_on_what_arrives_after_the_fee_mints_transfer_fee() {
    let mut env = TestEnv::start().await;
    let m = market_of(
        &mut env,
        params(),
        MintSpec::token_2022(6).with_transfer_fee(100, u64::MAX),
        MintSpec::spl(6),
        10_000_000,
    )
    .await;
    let (price, epoch_id) = m.quote(&mut env).await;
    // 1% of 10,000 is withheld on the way: 9,900 arrives.
    let (lot, net) = (10_000, 9_900);
    let ask = |amount, min_amount_out| Purchase {
        epoch_id,
        amount,
        min_amount_out,
        max_payment: u64::MAX,
    };
    // One base unit carries a fee of one (Token-2022 rounds the fee up): nothing would arrive.
    for purchase in [ask(lot, net + 1), ask(lot, lot), ask(1, 0), ask(1, 1)] {
        let before = m.snapshot(&mut env).await;
        assert_error(
            &m.buy(&mut env, purchase).await,
            FeeRouterError::BuybackBelowMinimumOut,
        );
        assert_eq!(m.snapshot(&mut env).await, before, "{purchase:?}");
    }
    let out = m
        .buy(&mut env, ask(lot, net))
        .await
        .expect_ok("a minimum of exactly what arrives");
    let e = &events::<BuybackExecuted>(&out)[0];
    assert_eq!(
        (e.lot, e.received, e.payment),
        (lot, net, payment_ceil(lot, price).unwrap())
    );
    assert_eq!(env.balance(&m.buyer.fee_token).await, net);
    assert_eq!(env.withheld(&m.buyer.fee_token).await, lot - net);
    let t = m.auction(&mut env).await.totals;
    assert_eq!(
        (t.fee_sold.get(), t.fee_withheld.get()),
        (u128::from(lot), u128::from(lot - net))
    );
}

// attack: buy: stale_state, amounts, paused
#[tokio::test]
async fn a_stale_epoch_a_short_lot_or_a_paused_buyback_is_refused_with_no_change() {
    let mut env = TestEnv::start().await;
    let m = market(&mut env, params()).await;
    let (price, epoch_id) = m.quote(&mut env).await;
    let generous = payment_ceil(10_000_000, price).unwrap();
    let cases = [
        (
            Purchase {
                epoch_id: epoch_id + 1,
                amount: 1_000,
                min_amount_out: 1,
                max_payment: generous,
            },
            FeeRouterError::BuybackStaleEpoch,
        ),
        (
            Purchase {
                epoch_id,
                amount: 2_000_000,
                min_amount_out: 1_000_001,
                max_payment: generous,
            },
            FeeRouterError::BuybackBelowMinimumOut,
        ),
        (
            Purchase {
                epoch_id,
                amount: 0,
                min_amount_out: 0,
                max_payment: generous,
            },
            FeeRouterError::BuybackBelowMinimumOut,
        ),
        (
            Purchase {
                epoch_id,
                amount: 1_000,
                min_amount_out: 1_000,
                max_payment: 0,
            },
            FeeRouterError::BuybackAboveMaxPayment,
        ),
    ];
    for (purchase, code) in cases {
        let before = m.snapshot(&mut env).await;
        assert_error(&m.buy(&mut env, purchase).await, code);
        assert_eq!(m.snapshot(&mut env).await, before, "{code:?}");
    }
    let pause = ix::pause(&m.f.router, &m.f.guardian.pubkey(), PAUSE_BUYBACK);
    env.send_ok(&[pause], &[&m.f.guardian], "pause the buyback")
        .await;
    let before = m.snapshot(&mut env).await;
    let buy = Purchase {
        epoch_id,
        amount: 1_000,
        min_amount_out: 1,
        max_payment: generous,
    };
    assert_error(
        &m.buy(&mut env, buy).await,
        FeeRouterError::PauseOperationPaused,
    );
    assert_eq!(m.snapshot(&mut env).await, before);
    let unpause = ix::unpause(&m.f.router, &m.f.guardian.pubkey(), PAUSE_BUYBACK);
    env.send_ok(&[unpause], &[&m.f.guardian], "unpause").await;
    m.buy(&mut env, buy).await.expect_ok("buy");
}

#[tokio::test]
async fn nothing_is_sold_before_governance_prices_the_auction_or_beyond_its_caps() {
    let mut env = TestEnv::start().await;
    let m = market(&mut env, params()).await;
    // The default caps are zero.
    let fresh = RouterFixture::new(&mut env, MintSpec::spl(6), MintSpec::spl(6)).await;
    fresh.deposit_fresh(&mut env, 1_000).await;
    fresh.distribute(&mut env).await.expect_ok("distribute");
    let defaults: Auction = env.anchor_account(&pda::auction(&fresh.router)).await;
    assert_eq!(
        (defaults.params.epoch_cap, defaults.params.daily_cap),
        (0, 0)
    );
    let buyer_fee = env
        .create_token_account(&fresh.fee_mint, &m.buyer.owner.pubkey())
        .await;
    let buyer_protocol = env
        .funded_token_account(&fresh.protocol_mint, &m.buyer.owner.pubkey(), 1_000_000)
        .await;
    let ix = ix::buy(
        &fresh.side(),
        &fresh.protocol_side(),
        &m.buyer.owner.pubkey(),
        &buyer_fee,
        &buyer_protocol,
        None,
        Purchase {
            epoch_id: defaults.epoch_id,
            amount: 1,
            min_amount_out: 1,
            max_payment: u64::MAX,
        },
    );
    assert_error(
        &env.send(&[ix], &[&m.buyer.owner]).await,
        FeeRouterError::BuybackNothingToSell,
    );

    // The per-epoch cap limits a purchase; the 24-hour cap, the day's purchases.
    let (out, ..) = buy_exactly(&mut env, &m, 5_000_000).await;
    assert_error(&out, FeeRouterError::BuybackBelowMinimumOut);
    let (price, epoch_id) = m.quote(&mut env).await;
    let out = m
        .buy(
            &mut env,
            Purchase {
                epoch_id,
                amount: 5_000_000,
                min_amount_out: 1,
                max_payment: u64::MAX,
            },
        )
        .await
        .expect_ok("capped purchase");
    let e = &events::<BuybackExecuted>(&out)[0];
    assert_eq!(e.lot, 1_000_000, "the epoch cap");
    assert_eq!(e.payment, payment_ceil(1_000_000, price).unwrap());
    for _ in 0..2 {
        let (_, epoch_id) = m.quote(&mut env).await;
        m.buy(
            &mut env,
            Purchase {
                epoch_id,
                amount: 5_000_000,
                min_amount_out: 1,
                max_payment: u64::MAX,
            },
        )
        .await
        .expect_ok("buy");
    }
    assert_eq!(
        m.auction(&mut env).await.totals.fee_sold.get(),
        2_500_000,
        "the daily cap"
    );
    let (_, epoch_id) = m.quote(&mut env).await;
    let out = m
        .buy(
            &mut env,
            Purchase {
                epoch_id,
                amount: 1,
                min_amount_out: 1,
                max_payment: u64::MAX,
            },
        )
        .await;
    assert_error(&out, FeeRouterError::BuybackNothingToSell);
    // A sale leaves the window after 25 hours (the current hour and the 24 before it).
    env.warp_seconds(DAY + 3_600);
    let (_, epoch_id) = m.quote(&mut env).await;
    m.buy(
        &mut env,
        Purchase {
            epoch_id,
            amount: 1,
            min_amount_out: 1,
            max_payment: u64::MAX,
        },
    )
    .await
    .expect_ok("a day later");
}

#[tokio::test]
async fn treasury_mode_sends_the_payment_instead_of_burning_it() {
    let mut env = TestEnv::start().await;
    let m = market(&mut env, params()).await;
    let (treasury, treasury_owner) = m.open_treasury(&mut env).await;
    let (price, epoch_id) = m.quote(&mut env).await;
    let purchase = Purchase {
        epoch_id,
        amount: 10_000,
        min_amount_out: 1,
        max_payment: u64::MAX,
    };
    // Another account as the treasury is refused.
    let wrong = env
        .create_token_account(&m.f.protocol_mint, &treasury_owner)
        .await;
    let ix = m.buy_ix(purchase, Some(wrong));
    assert_error(
        &env.send(&[ix], &[&m.buyer.owner]).await,
        FeeRouterError::BuybackTreasuryMismatch,
    );
    let supply = env.mint_supply(&m.f.protocol_mint).await;
    let ix = m.buy_ix(purchase, Some(treasury));
    let out = env
        .send_ok(&[ix], &[&m.buyer.owner], "buy to the treasury")
        .await;
    let e = &events::<BuybackExecuted>(&out)[0];
    let payment = payment_ceil(10_000, price).unwrap();
    assert_eq!((e.burned, e.to_treasury), (0, payment));
    assert_eq!(env.balance(&treasury).await, payment);
    assert_eq!(
        env.mint_supply(&m.f.protocol_mint).await,
        supply,
        "nothing burned"
    );
    let t = m.auction(&mut env).await.totals;
    assert_eq!(
        (t.to_treasury.get(), t.burned.get()),
        (u128::from(payment), 0)
    );
}

/// Treasury mode with a Token-2022 protocol mint that charges a transfer fee: the buyer pays
/// the whole payment, the treasury receives it less the fee, and the fee the mint withheld
/// on that hop is a recorded term (`treasury_withheld`), so `to_treasury` = received +
/// withheld to the base unit. Nothing is burned.
#[tokio::test]
async fn treasury_mode_records_the_protocol_mints_transfer_fee() {
    let mut env = TestEnv::start().await;
    let m = market_with(
        &mut env,
        params(),
        MintSpec::token_2022(6).with_fixed_transfer_fee(250, u64::MAX),
    )
    .await;
    let (treasury, _) = m.open_treasury(&mut env).await;
    let (price, epoch_id) = m.quote(&mut env).await;
    let purchase = Purchase {
        epoch_id,
        amount: 10_000,
        min_amount_out: 1,
        max_payment: u64::MAX,
    };
    let supply = env.mint_supply(&m.f.protocol_mint).await;
    let buyer_before = env.balance(&m.buyer.protocol_token).await;
    let ix = m.buy_ix(purchase, Some(treasury));
    let out = env
        .send_ok(&[ix], &[&m.buyer.owner], "buy to the treasury")
        .await;
    let e = &events::<BuybackExecuted>(&out)[0];
    let payment = payment_ceil(10_000, price).unwrap();
    // 2.5% of the payment, rounded up, as Token-2022 computes it.
    let fee = (u128::from(payment) * 250).div_ceil(10_000) as u64;
    assert!(
        fee > 0,
        "the hop must carry a fee for this test to mean anything"
    );
    assert_eq!((e.payment, e.burned, e.to_treasury), (payment, 0, payment));
    assert_eq!(
        buyer_before - env.balance(&m.buyer.protocol_token).await,
        payment,
        "the buyer pays the whole payment"
    );
    assert_eq!(env.balance(&treasury).await, payment - fee);
    assert_eq!(env.withheld(&treasury).await, fee);
    assert_eq!(
        env.mint_supply(&m.f.protocol_mint).await,
        supply,
        "nothing burned"
    );
    let t = m.auction(&mut env).await.totals;
    assert_eq!(
        (
            t.to_treasury.get(),
            t.treasury_withheld.get(),
            t.burned.get()
        ),
        (u128::from(payment), u128::from(fee), 0)
    );
}

/// A long run of purchases, distributions and time: the caps and the floor always hold, every
/// fee token that left the buyback vault is accounted for, and the mint's supply fell by
/// exactly the recorded burn.
#[tokio::test]
async fn randomized_buys_keep_the_caps_the_floor_and_the_burn_exact() {
    let seed = 0xb0b_5eed;
    let mut rng = SmallRng::seed_from_u64(seed);
    let mut env = TestEnv::start().await;
    let m = market(&mut env, params()).await;
    let supply_start = env.mint_supply(&m.f.protocol_mint).await;
    let (payer, payer_token) = m.f.fee_payer(&mut env, u64::MAX / 4).await;
    let buyback = m.f.vault(VaultKind::Buyback);
    let mut buyback_in = 4_500_000u128; // what the first distribution sent
    let mut sales: Vec<(i64, u64)> = vec![];
    let mut sold_in_epoch: std::collections::HashMap<u64, u64> = Default::default();
    let (mut buys, mut refusals) = (0, 0);
    for step in 0..600 {
        match rng.gen_range(0..10) {
            0..=5 => {
                let (price, epoch_id) = m.quote(&mut env).await;
                let amount = rng.gen_range(1..3_000_000);
                let out = m
                    .buy(
                        &mut env,
                        Purchase {
                            epoch_id,
                            amount,
                            min_amount_out: 1,
                            max_payment: u64::MAX,
                        },
                    )
                    .await;
                match custom_error_code(&out) {
                    None => {
                        let out = out.expect_ok("buy");
                        let e = &events::<BuybackExecuted>(&out)[0];
                        assert!(
                            e.price >= params().floor_price,
                            "step {step}: below the floor"
                        );
                        let in_epoch = sold_in_epoch.entry(e.epoch_id).or_default();
                        *in_epoch += e.lot;
                        assert_eq!(e.sold_in_epoch, *in_epoch, "step {step}");
                        assert!(
                            *in_epoch <= params().epoch_cap,
                            "step {step}: over the epoch cap"
                        );
                        assert_eq!(e.price, price, "step {step}: the quoted price");
                        assert!(
                            u128::from(e.payment) * u128::from(PRICE_SCALE)
                                >= u128::from(e.lot) * u128::from(e.price)
                        );
                        sales.push((env.now, e.lot));
                        let day: u64 = sales
                            .iter()
                            .filter(|(t, _)| env.now - t < DAY)
                            .map(|(_, l)| l)
                            .sum();
                        assert!(
                            day <= params().daily_cap,
                            "step {step}: {day} sold in 24 hours"
                        );
                        buys += 1;
                    }
                    Some(code) => {
                        assert_eq!(
                            code,
                            u32::from(FeeRouterError::BuybackNothingToSell),
                            "step {step}"
                        );
                        refusals += 1;
                    }
                }
            }
            6..=7 => {
                let amount = rng.gen_range(1..20_000_000);
                m.f.deposit(&mut env, &payer, &payer_token, amount)
                    .await
                    .expect_ok("deposit");
                let out = m.f.distribute(&mut env).await.expect_ok("distribute");
                buyback_in += u128::from(events::<FeesDistributed>(&out)[0].credited[0]);
            }
            _ => env.warp_seconds(rng.gen_range(60..DAY / 2)),
        }
        let a = m.auction(&mut env).await;
        let t = a.totals;
        assert_eq!(
            u128::from(env.balance(&buyback).await) + t.fee_sold.get(),
            buyback_in,
            "step {step}: every fee token that entered the buyback vault is there or was sold"
        );
        assert_eq!(
            u128::from(supply_start - env.mint_supply(&m.f.protocol_mint).await),
            t.burned.get(),
            "step {step}: supply before - after = recorded burn"
        );
        assert_eq!(
            u128::from(env.balance(&m.buyer.fee_token).await),
            t.fee_sold.get() - t.fee_withheld.get()
        );
    }
    // Rolling 24 hours, checked exactly at the end too.
    let a = m.auction(&mut env).await;
    println!(
        "{buys} purchases, {refusals} refused for nothing on offer, {} sold, {} burned",
        a.totals.fee_sold.get(),
        a.totals.burned.get()
    );
    assert!(buys > 50 && refusals > 0);
}

#[tokio::test]
async fn auction_parameters_change_through_the_configuration_path_only() {
    use fee_router::config::GovernedAction;
    use fee_router::state::Vote;
    let mut env = TestEnv::start().await;
    let f = RouterFixture::new(&mut env, MintSpec::spl(6), MintSpec::spl(6)).await;
    // Out of bounds through the setter.
    for bad in [
        AuctionParams {
            floor_price: 0,
            ..params()
        },
        AuctionParams {
            min_start_price: params().floor_price - 1,
            ..params()
        },
        AuctionParams {
            multiplier_bps: 9_999,
            ..params()
        },
        AuctionParams {
            epoch_seconds: 59,
            ..params()
        },
    ] {
        let ix = ix::set_auction_params(&f.router, &f.authority.pubkey(), bad);
        assert_error(
            &env.send(&[ix], &[&f.authority]).await,
            FeeRouterError::SetterAuctionParamsOutOfBounds,
        );
    }
    // Governed: a proposal sets them, with the auction passed to the execution.
    let s = f.new_staker(&mut env, 5_000_000_000).await;
    f.stake(&mut env, &s, 5_000_000_000)
        .await
        .expect_ok("stake");
    f.hand_over_to_governance(&mut env).await;
    let owner = s.owner.pubkey();
    let actions = vec![GovernedAction::SetAuctionParams { params: params() }];
    env.send_ok(
        &[ix::create_proposal(&f.router, &owner, 0, actions)],
        &[&s.owner],
        "propose",
    )
    .await;
    let p = pda::proposal(&pda::governance(&f.router), 0);
    env.send_ok(
        &[ix::cast_vote(&f.router, &p, &owner, Vote::Yes)],
        &[&s.owner],
        "vote",
    )
    .await;
    env.warp_seconds(3 * DAY);
    env.send_ok(&[ix::finalize_proposal(&p)], &[], "finalize")
        .await;
    env.warp_seconds(2 * DAY);
    let executor = env.payer().pubkey();
    // Another router's auction in its place is refused.
    let other = RouterFixture::new(&mut env, MintSpec::spl(6), MintSpec::spl(6)).await;
    let mut other_auction = ix::execute_proposal(&f.router, &p, &executor);
    other_auction.accounts[4].pubkey = pda::auction(&other.router);
    assert_error(
        &env.send(&[other_auction], &[]).await,
        FeeRouterError::AccountGovernanceMismatch,
    );
    env.send_ok(
        &[ix::execute_proposal(&f.router, &p, &executor)],
        &[],
        "execute",
    )
    .await;
    let a: Auction = env.anchor_account(&pda::auction(&f.router)).await;
    assert_eq!(a.params, params());
    // A governed router takes no setter call.
    let ix = ix::set_auction_params(&f.router, &f.authority.pubkey(), params());
    assert_error(
        &env.send(&[ix], &[&f.authority]).await,
        FeeRouterError::GovernanceModeSetterClosed,
    );
}
