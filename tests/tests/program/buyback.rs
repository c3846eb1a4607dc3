//! Spec §1–§3 (buyback): an oracle-free Dutch auction of the buyback vault's fee tokens with
//! per-epoch and per-day caps and a floor price; the protocol tokens paid are burned (the
//! mint's supply shows it) or sent to a governed treasury.
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
    let f = RouterFixture::new(env, MintSpec::spl(6), protocol).await;
    f.deposit_fresh(env, 10_000_000).await;
    f.distribute(env).await.expect_ok("distribute");
    set_params(env, &f, params).await;
    let owner = env.funded_user(1).await;
    let protocol_token = env
        .funded_token_account(&f.protocol_mint, &owner.pubkey(), 1_000_000_000_000)
        .await;
    let fee_token = env.create_token_account(&f.fee_mint, &owner.pubkey()).await;
    Market {
        f,
        buyer: Buyer {
            owner,
            fee_token,
            protocol_token,
        },
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
        let ix = self.buy_ix(purchase, None);
        env.send(&[ix], &[&self.buyer.owner]).await
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
    // The curve starts again from the floor's price times the multiplier, within the bounds.
    assert_eq!(m.quote(&mut env).await.0, 5 * PRICE_SCALE);
}

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
        MintSpec::token_2022(6).with_transfer_fee(250, u64::MAX),
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
                        assert!(
                            e.lot <= params().epoch_cap,
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
    let governance = pda::governance(&f.router);
    env.send_ok(
        &[ix::propose_authority(
            &f.router,
            &f.authority.pubkey(),
            governance,
        )],
        &[&f.authority],
        "propose",
    )
    .await;
    env.send_ok(&[ix::accept_governance_authority(&f.router)], &[], "accept")
        .await;
    env.warp_seconds(1);
    let owner = s.owner.pubkey();
    let actions = vec![GovernedAction::SetAuctionParams { params: params() }];
    env.send_ok(
        &[ix::create_proposal(&f.router, &owner, 0, actions)],
        &[&s.owner],
        "propose",
    )
    .await;
    let p = pda::proposal(&governance, 0);
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
