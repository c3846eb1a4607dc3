//! `fee-router auction`: the buyback auction now, computed with the program's own math.
use anchor_lang::prelude::Pubkey;
use anchor_lang::AccountDeserialize;
use anyhow::{anyhow, Result};
use fee_router::math::auction::{
    epoch_at, hour_of, lot, payment_ceil, price_at, sold_in_day, PRICE_SCALE,
};
use fee_router::state::{Auction, Router};
use fee_router_sdk::pda;
use serde::Serialize;

use crate::config::GlobalArgs;
use crate::context::Context;
use crate::output::to_json;
use crate::report::Reading;
use crate::units::{decimal_of, when};

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

    /// The auction as a person reads it: fee amounts in fee tokens, payments in protocol
    /// tokens, prices in protocol tokens per fee token, times as UTC dates.
    pub fn table(&self, v: &Reading) -> String {
        let (fee, protocol) = (v.fee, v.protocol);
        let price = |p: u64| match (fee.decimals, protocol.decimals) {
            (Some(f), Some(pd)) => format!(
                "{} protocol tokens per fee token",
                decimal_of(u128::from(p), 9 + i64::from(pd) - i64::from(f))
            ),
            _ => format!(
                "{}.{:09} protocol base units per fee base unit",
                p / PRICE_SCALE,
                p % PRICE_SCALE
            ),
        };
        let mut s = String::new();
        let mut line = |k: &str, val: String| s.push_str(&format!("{k:<22} {val}\n"));
        line(
            "Epoch",
            format!(
                "{} (started {})",
                self.epoch_id,
                when(self.epoch_started_at, v.now)
            ),
        );
        line("Price now", price(self.price_now));
        line(
            "Start / floor",
            format!("{} / {}", price(self.start_price), price(self.floor_price)),
        );
        line("Reaches the floor", when(self.floor_at, v.now));
        line(
            "Lot on offer",
            format!(
                "{} (vault {})",
                fee.show(self.lot),
                fee.show(self.buyback_vault)
            ),
        );
        line(
            "Caps left",
            format!(
                "epoch {} of {} ({} sold), 24 hours {}",
                fee.show(self.epoch_cap_left),
                fee.limit(self.epoch_cap),
                fee.show(self.epoch_sold),
                fee.show(self.daily_cap_left)
            ),
        );
        line("Lot costs now", protocol.show(self.lot_payment));
        line("Payment goes to", self.payment_goes_to.clone());
        line(
            "Sold so far",
            format!(
                "{} in {} purchases; burned {}, to treasury {}",
                fee.show_total(&self.fee_sold),
                self.purchases,
                protocol.show_total(&self.burned),
                protocol.show_total(&self.to_treasury)
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
pub struct Args {
    #[arg(long)]
    pub router: Pubkey,
}

pub fn run(a: Args, global: &GlobalArgs) -> Result<()> {
    let ctx = Context::new(global)?;
    let (r, _, report) = report(&ctx, &a.router)?;
    if global.json {
        println!("{}", to_json(&report)?);
    } else {
        print!("{}", report.table(&ctx.reading(&r)?));
    }
    Ok(())
}
