//! `fee-router auction`, `buy` and `set-auction-params`.
use anchor_lang::prelude::Pubkey;
use anchor_lang::AccountDeserialize;
use anchor_spl::associated_token::get_associated_token_address_with_program_id;
use anyhow::{anyhow, bail, Result};
use fee_router::config::GovernedAction;
use fee_router::math::auction::{
    epoch_at, hour_of, lot, payment_ceil, price_at, sold_in_day, PRICE_SCALE,
};
use fee_router::state::{Auction, AuctionParams, Router};
use fee_router_sdk::{ix, pda};
use serde::Serialize;
use solana_signer::Signer;

use crate::config::GlobalArgs;
use crate::context::{AuthorityArgs, Context};
use crate::output::to_json;

/// The auction account of `router`.
pub fn auction(ctx: &Context, router: &Pubkey) -> Result<Auction> {
    let address = pda::auction(router);
    let account = ctx.router_pda(router, &address, "auction")?;
    Auction::try_deserialize(&mut account.data.as_slice())
        .map_err(|e| anyhow!("{address} is not a fee-router auction: {e}"))
}

/// The auction as of `now`, computed with the program's own math.
#[derive(Serialize, Debug, PartialEq, Eq)]
pub struct AuctionReport {
    pub epoch_id: u64,
    pub epoch_started_at: i64,
    pub start_price: u64,
    /// Protocol base units per fee base unit, times 1e9.
    pub price_now: u64,
    pub floor_price: u64,
    /// When the price reaches the floor.
    pub floor_at: i64,
    /// Fee tokens on offer now: the buyback vault within the caps left. Only a purchase that
    /// takes the rest of the epoch's cap or of the vault ends the epoch and restarts the price.
    pub lot: u64,
    pub buyback_vault: u64,
    pub epoch_cap: u64,
    /// Sold in the current epoch, and what its cap still allows.
    pub epoch_sold: u64,
    pub epoch_cap_left: u64,
    pub daily_cap_left: u64,
    /// What the whole lot costs now, in protocol base units.
    pub lot_payment: u64,
    /// `burn` or the treasury's address.
    pub payment_goes_to: String,
    pub purchases: u64,
    pub fee_sold: String,
    pub burned: String,
    pub to_treasury: String,
}

impl AuctionReport {
    pub fn new(a: &Auction, buyback_vault: u64, now: i64) -> Self {
        let p = &a.params;
        let e = epoch_at(a.epoch(), p.epoch_seconds, p.floor_price, now);
        let price = price_at(
            e.start_price,
            p.floor_price,
            e.started_at,
            p.epoch_seconds,
            now,
        );
        let day_left =
            p.daily_cap
                .saturating_sub(sold_in_day(a.last_hour, &a.hourly_sold, hour_of(now)));
        let epoch_cap_left = e.cap_left(p.epoch_cap);
        let offered = lot(buyback_vault, epoch_cap_left, day_left);
        let floor_at = if e.start_price <= p.floor_price {
            e.started_at
        } else {
            e.started_at
                .saturating_add(i64::try_from(p.epoch_seconds).unwrap_or(i64::MAX))
        };
        Self {
            epoch_id: e.id,
            epoch_started_at: e.started_at,
            start_price: e.start_price,
            price_now: price,
            floor_price: p.floor_price,
            floor_at,
            lot: offered,
            buyback_vault,
            epoch_cap: p.epoch_cap,
            epoch_sold: e.sold,
            epoch_cap_left,
            daily_cap_left: day_left,
            lot_payment: payment_ceil(offered, price).unwrap_or(u64::MAX),
            payment_goes_to: if p.to_treasury() {
                p.treasury.to_string()
            } else {
                "burn".into()
            },
            purchases: a.totals.purchases,
            fee_sold: a.totals.fee_sold.get().to_string(),
            burned: a.totals.burned.get().to_string(),
            to_treasury: a.totals.to_treasury.get().to_string(),
        }
    }

    pub fn table(&self) -> String {
        let price = |p: u64| format!("{}.{:09}", p / PRICE_SCALE, p % PRICE_SCALE);
        let mut s = String::new();
        let mut line = |k: &str, v: String| s.push_str(&format!("{k:<22} {v}\n"));
        line(
            "Epoch",
            format!("{} (started {})", self.epoch_id, self.epoch_started_at),
        );
        line(
            "Price now",
            format!("{} protocol per fee unit", price(self.price_now)),
        );
        line(
            "Start / floor",
            format!("{} / {}", price(self.start_price), price(self.floor_price)),
        );
        line("Reaches the floor at", self.floor_at.to_string());
        line(
            "Lot on offer",
            format!("{} (vault {})", self.lot, self.buyback_vault),
        );
        line(
            "Caps left",
            format!(
                "epoch {} of {} ({} sold), 24 hours {}",
                self.epoch_cap_left, self.epoch_cap, self.epoch_sold, self.daily_cap_left
            ),
        );
        line("Lot costs now", self.lot_payment.to_string());
        line("Payment goes to", self.payment_goes_to.clone());
        line(
            "Sold so far",
            format!(
                "{} in {} purchases; burned {}, to treasury {}",
                self.fee_sold, self.purchases, self.burned, self.to_treasury
            ),
        );
        s
    }
}

fn cluster_time(ctx: &Context) -> Result<i64> {
    ctx.unix_time()
}

/// The balance of a token account.
pub fn token_balance(ctx: &Context, account: &Pubkey) -> Result<u64> {
    let amount = ctx.rpc.get_token_account_balance(account)?.amount;
    amount
        .parse()
        .map_err(|_| anyhow!("bad balance {amount} for {account}"))
}

/// The report for `router` now.
pub fn report(ctx: &Context, router: &Pubkey) -> Result<(Router, Auction, AuctionReport)> {
    let r = ctx.router(router)?;
    let a = auction(ctx, router)?;
    let vault = token_balance(ctx, &r.vaults.buyback)?;
    let report = AuctionReport::new(&a, vault, cluster_time(ctx)?);
    Ok((r, a, report))
}

#[derive(clap::Args)]
pub struct ShowArgs {
    #[arg(long)]
    pub router: Pubkey,
}

pub fn show(a: ShowArgs, global: &GlobalArgs) -> Result<()> {
    let ctx = Context::new(global)?;
    let (_, _, report) = report(&ctx, &a.router)?;
    if global.json {
        println!("{}", to_json(&report)?);
    } else {
        print!("{}", report.table());
    }
    Ok(())
}

#[derive(clap::Args)]
pub struct BuyArgs {
    #[arg(long)]
    pub router: Pubkey,
    /// Fee base units wanted (you get this or the lot on offer, whichever is smaller).
    #[arg(long)]
    pub amount: u64,
    /// The most protocol base units you pay.
    #[arg(long)]
    pub max_payment: u64,
    /// The least fee base units you accept, as they arrive in your account after any
    /// transfer fee (default: 1).
    #[arg(long, default_value_t = 1)]
    pub min_out: u64,
    /// The epoch you were quoted, as `fee-router auction --router <ROUTER>` shows it. A
    /// purchase in any other epoch is refused, so a retry cannot buy a later epoch's lot.
    #[arg(long)]
    pub epoch: u64,
}

/// Builds a purchase for the keypair from its associated token accounts.
pub fn buy_instruction(
    ctx: &Context,
    router: &Pubkey,
    r: &Router,
    a: &Auction,
    purchase: ix::Purchase,
) -> Result<anchor_lang::solana_program::instruction::Instruction> {
    let buyer = ctx.signer()?.pubkey();
    let fee =
        get_associated_token_address_with_program_id(&buyer, &r.fee_mint, &r.fee_token_program);
    let protocol = get_associated_token_address_with_program_id(
        &buyer,
        &r.protocol_mint,
        &r.protocol_token_program,
    );
    let treasury = a.params.to_treasury().then_some(a.params.treasury);
    Ok(ix::buy(
        &ix::FeeSide::of(*router, r),
        &ix::ProtocolSide::of(*router, r),
        &buyer,
        &fee,
        &protocol,
        treasury,
        purchase,
    ))
}

pub fn buy(a: BuyArgs, global: &GlobalArgs) -> Result<()> {
    let ctx = Context::new(global)?;
    let (r, auction, _) = report(&ctx, &a.router)?;
    let purchase = ix::Purchase {
        epoch_id: a.epoch,
        amount: a.amount,
        min_amount_out: a.min_out,
        max_payment: a.max_payment,
    };
    let ix = buy_instruction(&ctx, &a.router, &r, &auction, purchase)?;
    ctx.send(&[ix], &[])
}

/// Auction parameters on the command line; values not given stay as they are.
#[derive(clap::Args, Clone, Debug)]
pub struct ParamsArgs {
    #[arg(long)]
    pub epoch_seconds: Option<u64>,
    /// Prices: protocol base units per fee base unit, times 1e9.
    #[arg(long)]
    pub floor_price: Option<u64>,
    #[arg(long)]
    pub min_start_price: Option<u64>,
    #[arg(long)]
    pub max_start_price: Option<u64>,
    #[arg(long)]
    pub multiplier_bps: Option<u64>,
    #[arg(long)]
    pub epoch_cap: Option<u64>,
    #[arg(long)]
    pub daily_cap: Option<u64>,
    /// Send paid protocol tokens to this token account instead of burning them.
    #[arg(long, conflicts_with = "burn")]
    pub treasury: Option<Pubkey>,
    /// Burn paid protocol tokens (the default).
    #[arg(long)]
    pub burn: bool,
}

impl ParamsArgs {
    pub fn over(&self, c: AuctionParams) -> Result<AuctionParams> {
        let p = AuctionParams {
            epoch_seconds: self.epoch_seconds.unwrap_or(c.epoch_seconds),
            floor_price: self.floor_price.unwrap_or(c.floor_price),
            min_start_price: self.min_start_price.unwrap_or(c.min_start_price),
            max_start_price: self.max_start_price.unwrap_or(c.max_start_price),
            multiplier_bps: self.multiplier_bps.unwrap_or(c.multiplier_bps),
            epoch_cap: self.epoch_cap.unwrap_or(c.epoch_cap),
            daily_cap: self.daily_cap.unwrap_or(c.daily_cap),
            treasury: if self.burn {
                Pubkey::default()
            } else {
                self.treasury.unwrap_or(c.treasury)
            },
        };
        if !p.is_sane() {
            bail!("out of bounds: an epoch of a minute to 30 days, 1 <= floor <= min start <= max start, a multiplier of 10000 to 100000 bps");
        }
        Ok(p)
    }
}

#[derive(clap::Args)]
pub struct SetParamsArgs {
    #[command(flatten)]
    pub auth: AuthorityArgs,
    #[command(flatten)]
    pub params: ParamsArgs,
}

pub fn set_params(a: SetParamsArgs, global: &GlobalArgs) -> Result<()> {
    let ctx = Context::new(global)?;
    let params = a.params.over(auction(&ctx, &a.auth.router)?.params)?;
    let action = GovernedAction::SetAuctionParams { params };
    ctx.check_registrations(&a.auth.router, &ctx.router(&a.auth.router)?, &[action])?;
    a.auth.submit(&ctx, |authority| {
        ix::set_auction_params(&a.auth.router, authority, params)
    })
}
