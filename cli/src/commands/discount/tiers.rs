//! `fee-router tiers`: the discount tiers, the rebate authority, the bounds on rebates and
//! the rebates paid so far.
use anchor_lang::prelude::Pubkey;
use anyhow::Result;
use fee_router::math::rolling::{share_floor, window_floor};
use fee_router::state::{RebateLimits, Rebates};
use serde::Serialize;

use super::rebates;
use crate::config::GlobalArgs;
use crate::context::Context;
use crate::output::to_json;
use crate::report::Reading;
use crate::units::span;

/// One tier, as reported.
#[derive(Serialize, Debug, PartialEq, Eq)]
pub struct TierRow {
    /// Warmed-up active stake the tier needs, in protocol base units.
    pub min_stake: u64,
    pub rebate_bps: u64,
}

/// The bounds on what rebate reports pay out, and where the rolling period stands now.
#[derive(Serialize, Debug, PartialEq, Eq)]
pub struct LimitsReport {
    /// The most one report pays, in bps of the fund (the discount vault plus what rebates
    /// paid in the last period).
    pub max_report_bps: u64,
    pub period_seconds: u64,
    /// The most the reports of any period pay, in bps of the same fund.
    pub max_period_bps: u64,
    /// True while governance never set them: the program's defaults apply.
    pub defaults: bool,
    /// Rebates paid in the last period, the fund (the vault plus that), what the period
    /// still allows and the most one report could pay now.
    pub period_paid: u64,
    pub fund: String,
    pub period_allowance_left: u64,
    pub report_max_now: u64,
}

impl LimitsReport {
    pub fn new(r: &Rebates, discount_vault: u64, now: i64) -> Self {
        let l = r.limits();
        let window = window_floor(
            &r.window.buckets,
            l.period_seconds,
            l.max_period_bps,
            discount_vault,
            now,
        )
        .unwrap_or_default();
        let report_max = share_floor(window.base, l.max_report_bps)
            .ok()
            .and_then(|v| u64::try_from(v).ok())
            .unwrap_or(u64::MAX)
            .min(window.allowance);
        Self {
            max_report_bps: l.max_report_bps,
            period_seconds: l.period_seconds,
            max_period_bps: l.max_period_bps,
            defaults: r.limits == RebateLimits::default(),
            period_paid: window.paid,
            fund: window.base.to_string(),
            period_allowance_left: window.allowance,
            report_max_now: report_max,
        }
    }
}

/// The discount tiers, the rebate authority, the bounds on rebates and the rebate totals.
#[derive(Serialize, Debug, PartialEq, Eq)]
pub struct TiersReport {
    /// The key that reports traders' fees (`none` when none is registered).
    pub rebate_authority: String,
    pub warmup_seconds: u64,
    pub tiers: Vec<TierRow>,
    pub limits: LimitsReport,
    pub discount_vault: u64,
    pub reports: u64,
    pub fees_reported: String,
    pub owed: String,
    pub paid: String,
    pub withheld: String,
    pub unpaid: String,
}

impl TiersReport {
    pub fn new(r: &Rebates, discount_vault: u64, now: i64) -> Self {
        let t = &r.totals;
        Self {
            rebate_authority: r
                .authority()
                .map_or_else(|| "none".to_string(), |k| k.to_string()),
            warmup_seconds: r.tiers.warmup_seconds,
            tiers: r
                .tiers
                .tiers
                .iter()
                .take_while(|t| t.min_stake > 0)
                .map(|t| TierRow {
                    min_stake: t.min_stake,
                    rebate_bps: t.rebate_bps,
                })
                .collect(),
            limits: LimitsReport::new(r, discount_vault, now),
            discount_vault,
            reports: t.reports,
            fees_reported: t.fees_reported.get().to_string(),
            owed: t.owed.get().to_string(),
            paid: t.paid.get().to_string(),
            withheld: t.withheld.get().to_string(),
            unpaid: t.unpaid().to_string(),
        }
    }

    /// The table: stake thresholds in protocol tokens, fee amounts in fee tokens (each in
    /// base units with `--base-units`).
    pub fn table(&self, v: &Reading) -> String {
        let (fee, protocol) = (v.fee, v.protocol);
        let mut s = format!(
            "Rebate authority       {}\nWarm-up                {}\n\n",
            self.rebate_authority,
            span(self.warmup_seconds)
        );
        s.push_str(&format!(
            "{:<6} {:>28} {:>9}\n",
            "tier", "min warmed-up stake", "rebate"
        ));
        for (i, t) in self.tiers.iter().enumerate() {
            s.push_str(&format!(
                "{:<6} {:>28} {:>8.2}%\n",
                i + 1,
                protocol.show(t.min_stake),
                t.rebate_bps as f64 / 100.0
            ));
        }
        if self.tiers.is_empty() {
            s.push_str("(no tiers: rebates pay nothing)\n");
        }
        let l = &self.limits;
        let pct = |bps: u64| format!("{:.2}%", bps as f64 / 100.0);
        s.push_str(&format!(
            "\nRebate limits{}\n",
            if l.defaults { " (defaults)" } else { "" }
        ));
        for (k, v) in [
            (
                "  per report".to_string(),
                format!(
                    "{} of the fund (now at most {})",
                    pct(l.max_report_bps),
                    fee.show(l.report_max_now)
                ),
            ),
            (
                format!("  per {}", span(l.period_seconds)),
                format!(
                    "{} of the fund (paid {}, {} left)",
                    pct(l.max_period_bps),
                    fee.show(l.period_paid),
                    fee.show(l.period_allowance_left)
                ),
            ),
            (
                "  fund".to_string(),
                format!(
                    "{} (the vault plus rebates paid in the period)",
                    fee.show_total(&l.fund)
                ),
            ),
        ] {
            s.push_str(&format!("{k:<22} {v}\n"));
        }
        s.push_str(&format!(
            "\nDiscount vault         {}\nReports                {}\nFees reported          {}\nRebates owed           {}\nRebates paid           {} (withheld on the way {})\nUnpaid (short, paused) {}\n",
            fee.show(self.discount_vault),
            self.reports,
            fee.show_total(&self.fees_reported),
            fee.show_total(&self.owed),
            fee.show_total(&self.paid),
            fee.show_total(&self.withheld),
            fee.show_total(&self.unpaid)
        ));
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
    let rebates = rebates(&ctx, &a.router)?;
    let vault = crate::commands::buyback::auction::token_balance(&ctx, &r.vaults.discount)?;
    let report = TiersReport::new(&rebates, vault, ctx.unix_time()?);
    if global.json {
        println!("{}", to_json(&report)?);
    } else {
        print!("{}", report.table(&ctx.reading(&r)?));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::units::Units;
    use bytemuck::Zeroable;
    use fee_router::state::PayoutBucket;

    #[test]
    fn tiers_show_the_rebate_bounds_and_what_the_period_still_allows() {
        let mut r = Rebates::zeroed();
        // Never set: the defaults, a quarter per report and half per day of the vault.
        let report = TiersReport::new(&r, 450_000, 1_000_000);
        let l = &report.limits;
        assert!(l.defaults);
        assert_eq!(
            (l.max_report_bps, l.period_seconds, l.max_period_bps),
            (2_500, 86_400, 5_000)
        );
        assert_eq!(
            (l.period_paid, l.period_allowance_left, l.report_max_now),
            (0, 225_000, 112_500)
        );
        let table = report.table(&Reading {
            fee: Units::tokens(6),
            protocol: Units::tokens(9),
            now: 1_000_000,
        });
        assert!(table.contains("Rebate limits (defaults)"), "{table}");
        assert!(
            table.contains("25.00% of the fund (now at most 0.1125)"),
            "{table}"
        );
        assert!(
            table.contains("50.00% of the fund (paid 0, 0.225 left)"),
            "{table}"
        );
        // 200,000 paid an hour ago: the fund is 250,000 + 200,000, 25,000 left in the day.
        r.window.buckets[0] = PayoutBucket {
            last_at: 1_000_000 - 3_600,
            amount: 200_000,
        };
        let l = LimitsReport::new(&r, 250_000, 1_000_000);
        assert_eq!(
            (
                l.period_paid,
                l.fund.as_str(),
                l.period_allowance_left,
                l.report_max_now
            ),
            (200_000, "450000", 25_000, 25_000)
        );
        // A day after it, the payout no longer counts.
        let l = LimitsReport::new(&r, 250_000, 1_000_000 - 3_600 + 86_400);
        assert_eq!((l.period_paid, l.period_allowance_left), (0, 125_000));
    }
}
