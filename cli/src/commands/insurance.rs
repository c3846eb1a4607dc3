//! `fee-router insurance`, `pay-insurance`, `set-insurance-params` and
//! `set-shortfall-account`.
use anchor_lang::prelude::Pubkey;
use anyhow::{bail, Result};
use fee_router::config::GovernedAction;
use fee_router::state::{InsuranceFund, InsuranceParams};
use fee_router_sdk::{ix, pda};
use serde::Serialize;

use crate::commands::discount::parse_key_or_none;
use crate::config::GlobalArgs;
use crate::context::{AuthorityArgs, Context};
use crate::output::to_json;

/// The insurance fund account of `router`.
pub fn fund(ctx: &Context, router: &Pubkey) -> Result<InsuranceFund> {
    ctx.router_anchor_account(router, &pda::insurance_fund(router), "insurance fund")
}

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

    pub fn table(&self) -> String {
        let cap = if self.cap == u64::MAX {
            "none".to_string()
        } else {
            self.cap.to_string()
        };
        let mut s = String::new();
        let mut line = |k: &str, v: String| s.push_str(&format!("{k:<24} {v}\n"));
        line("Insurance vault", self.insurance_vault.to_string());
        line("Floor / cap", format!("{} / {cap}", self.floor));
        line("Shortfall account", self.shortfall_account.clone());
        line(
            "Payout limit",
            format!(
                "{:.2}% of the fund in any {} s",
                self.max_payout_bps as f64 / 100.0,
                self.period_seconds
            ),
        );
        line(
            "Last period",
            format!(
                "paid {} of a fund of {} (the vault plus that)",
                self.window_paid, self.window_fund
            ),
        );
        line("Allowance left", self.allowance_left.to_string());
        line(
            "Paid out",
            format!(
                "{} in {} payouts (withheld on the way {})",
                self.paid_out, self.payouts, self.withheld
            ),
        );
        s
    }
}

#[derive(clap::Args)]
pub struct ShowArgs {
    #[arg(long)]
    pub router: Pubkey,
}

pub fn show(a: ShowArgs, global: &GlobalArgs) -> Result<()> {
    let ctx = Context::new(global)?;
    let r = ctx.router(&a.router)?;
    let f = fund(&ctx, &a.router)?;
    let vault = crate::commands::auction::token_balance(&ctx, &r.vaults.insurance)?;
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
        print!("{}", report.table());
    }
    Ok(())
}

#[derive(clap::Args)]
pub struct PayArgs {
    #[command(flatten)]
    pub auth: AuthorityArgs,
    /// Fee-token base units to pay the registered shortfall account.
    #[arg(long)]
    pub amount: u64,
}

pub fn pay(a: PayArgs, global: &GlobalArgs) -> Result<()> {
    let ctx = Context::new(global)?;
    let r = ctx.router(&a.auth.router)?;
    let fund = fund(&ctx, &a.auth.router)?;
    let Some(shortfall) = fund.shortfall_account() else {
        bail!("no shortfall account is registered: register one with set-shortfall-account");
    };
    let side = ix::FeeSide::of(a.auth.router, &r);
    // Bound to the payouts made so far: the transaction (or an `--unsigned` file) pays once,
    // however often it is sent or submitted.
    let payouts_before = Some(fund.totals.payouts);
    a.auth.submit(&ctx, |authority| {
        ix::pay_insurance_once(&side, authority, &shortfall, a.amount, payouts_before)
    })
}

/// Payout limits on the command line; values not given stay as they are.
#[derive(clap::Args, Clone, Debug)]
pub struct ParamsArgs {
    /// Length of the rolling payout window (a day to a year).
    #[arg(long)]
    pub period_seconds: Option<u64>,
    /// The most any window of that length pays out, in bps of the fund as it opened plus
    /// what entered it (1 to 10000).
    #[arg(long)]
    pub max_payout_bps: Option<u64>,
}

impl ParamsArgs {
    pub fn over(&self, c: InsuranceParams) -> Result<InsuranceParams> {
        let p = InsuranceParams {
            period_seconds: self.period_seconds.unwrap_or(c.period_seconds),
            max_payout_bps: self.max_payout_bps.unwrap_or(c.max_payout_bps),
        };
        if !p.is_sane() {
            bail!("out of bounds: a period of a day to a year and a cap of 1 to 10000 bps");
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
    let params = a.params.over(fund(&ctx, &a.auth.router)?.params)?;
    a.auth.submit(&ctx, |authority| {
        ix::set_insurance_params(&a.auth.router, authority, params)
    })
}

#[derive(clap::Args)]
pub struct SetShortfallArgs {
    #[command(flatten)]
    pub auth: AuthorityArgs,
    /// The exchange's fee-token account; `none` withdraws it.
    #[arg(long, value_parser = parse_key_or_none)]
    pub account: Pubkey,
}

pub fn set_shortfall(a: SetShortfallArgs, global: &GlobalArgs) -> Result<()> {
    let ctx = Context::new(global)?;
    fund(&ctx, &a.auth.router)?;
    let action = GovernedAction::SetShortfallAccount { account: a.account };
    ctx.check_registrations(&a.auth.router, &ctx.router(&a.auth.router)?, &[action])?;
    a.auth.submit(&ctx, |authority| {
        ix::set_shortfall_account(&a.auth.router, authority, a.account)
    })
}
