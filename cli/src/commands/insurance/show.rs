//! `fee-router insurance`: the fund, its floor and cap, the payout limit, the allowance left
//! and the payouts so far.
use anchor_lang::prelude::Pubkey;
use anyhow::Result;
use fee_router::state::InsuranceFund;
use serde::Serialize;

use super::fund;
use crate::config::GlobalArgs;
use crate::context::{Context, MintSide};
use crate::output::to_json;
use crate::units::{span, Units};

/// The fund, its floor and cap, the payout limit and what its rolling window still allows.
#[derive(Serialize, Debug, PartialEq, Eq)]
pub struct InsuranceReport {
    pub insurance_vault: u64,
    pub floor: u64,
    pub cap: u64,
    /// The shortfall account payouts go to (`none` when none is registered).
    pub shortfall_account: String,
    pub period_seconds: u64,
    pub max_payout_bps: u64,
    /// The rolling window now: what payouts of the last period paid, the fund the share is
    /// measured on (the vault plus that) and what may still be paid out.
    pub window_paid: u64,
    pub window_fund: String,
    pub allowance_left: u64,
    pub payouts: u64,
    pub paid_out: String,
    pub withheld: String,
}

impl InsuranceReport {
    pub fn new(f: &InsuranceFund, vault: u64, floor: u64, cap: u64, now: i64) -> Self {
        let p = &f.params;
        let window = f.payout_window(vault, now).unwrap_or_default();
        Self {
            insurance_vault: vault,
            floor,
            cap,
            shortfall_account: f
                .shortfall_account()
                .map_or_else(|| "none".to_string(), |k| k.to_string()),
            period_seconds: p.period_seconds,
            max_payout_bps: p.max_payout_bps,
            window_paid: window.paid,
            window_fund: window.base.to_string(),
            allowance_left: window.allowance,
            payouts: f.totals.payouts,
            paid_out: f.totals.paid_out.get().to_string(),
            withheld: f.totals.withheld.get().to_string(),
        }
    }

    /// The fund as a person reads it: amounts in fee tokens (or base units), `none` for no
    /// cap, the period as a duration.
    pub fn table(&self, fee: Units) -> String {
        let mut s = String::new();
        let mut line = |k: &str, v: String| s.push_str(&format!("{k:<24} {v}\n"));
        line("Insurance vault", fee.show(self.insurance_vault));
        line(
            "Floor / cap",
            format!("{} / {}", fee.show(self.floor), fee.limit(self.cap)),
        );
        line("Shortfall account", self.shortfall_account.clone());
        line(
            "Payout limit",
            format!(
                "{:.2}% of the fund in any {}",
                self.max_payout_bps as f64 / 100.0,
                span(self.period_seconds)
            ),
        );
        line(
            "Last period",
            format!(
                "paid {} of a fund of {} (the vault plus that)",
                fee.show(self.window_paid),
                fee.show_total(&self.window_fund)
            ),
        );
        line("Allowance left", fee.show(self.allowance_left));
        line(
            "Paid out",
            format!(
                "{} in {} payouts (withheld on the way {})",
                fee.show_total(&self.paid_out),
                self.payouts,
                fee.show_total(&self.withheld)
            ),
        );
        s
    }
}

#[derive(clap::Args)]
pub struct Args {
    #[arg(long)]
    pub router: Pubkey,
}

pub fn run(a: Args, global: &GlobalArgs) -> Result<()> {
    let ctx = Context::new(global)?;
    let r = ctx.router(&a.router)?;
    let f = fund(&ctx, &a.router)?;
    let vault = crate::commands::buyback::auction::token_balance(&ctx, &r.vaults.insurance)?;
    let report = InsuranceReport::new(
        &f,
        vault,
        r.guard_rails.insurance_floor,
        r.guard_rails.insurance_cap,
        ctx.unix_time()?,
    );
    if global.json {
        println!("{}", to_json(&report)?);
    } else {
        print!("{}", report.table(ctx.units(&r, MintSide::Fee)?));
    }
    Ok(())
}
