//! `fee-router tiers`, `rebate`, `set-discount-tiers`, `set-rebate-authority` and
//! `set-rebate-limits`.
use anchor_lang::prelude::Pubkey;
use anchor_spl::associated_token::get_associated_token_address_with_program_id;
use anyhow::{anyhow, bail, Result};
use fee_router::math::rolling::{share_floor, window_floor};
use fee_router::state::{DiscountTiers, RebateLimits, RebateTier, Rebates, Router, MAX_TIERS};
use fee_router_sdk::{ix, pda};
use serde::Serialize;
use solana_signer::Signer;

use crate::config::GlobalArgs;
use crate::context::{AuthorityArgs, Context};
use crate::output::to_json;

/// The rebates account of `router`.
pub fn rebates(ctx: &Context, router: &Pubkey) -> Result<Rebates> {
    ctx.router_anchor_account(router, &pda::rebates(router), "rebates account")
}

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

    /// The table, with thresholds also in whole protocol tokens.
    pub fn table(&self, protocol_decimals: u8) -> String {
        let whole = |v: u64| whole_units(v, protocol_decimals);
        let mut s = format!(
            "Rebate authority       {}\nWarm-up                {} s\n\n",
            self.rebate_authority, self.warmup_seconds
        );
        s.push_str(&format!(
            "{:<6} {:>28} {:>22} {:>9}\n",
            "tier", "min stake (base units)", "(whole tokens)", "rebate"
        ));
        for (i, t) in self.tiers.iter().enumerate() {
            s.push_str(&format!(
                "{:<6} {:>28} {:>22} {:>8.2}%\n",
                i + 1,
                t.min_stake,
                whole(t.min_stake),
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
                    l.report_max_now
                ),
            ),
            (
                format!("  per {} s", l.period_seconds),
                format!(
                    "{} of the fund (paid {}, {} left)",
                    pct(l.max_period_bps),
                    l.period_paid,
                    l.period_allowance_left
                ),
            ),
            (
                "  fund".to_string(),
                format!("{} (the vault plus rebates paid in the period)", l.fund),
            ),
        ] {
            s.push_str(&format!("{k:<22} {v}\n"));
        }
        s.push_str(&format!(
            "\nDiscount vault         {}\nReports                {}\nFees reported          {}\nRebates owed           {}\nRebates paid           {} (withheld on the way {})\nUnpaid (short, paused) {}\n",
            self.discount_vault, self.reports, self.fees_reported, self.owed, self.paid, self.withheld, self.unpaid
        ));
        s
    }
}

/// `value` base units as a decimal number of whole tokens.
pub fn whole_units(value: u64, decimals: u8) -> String {
    let scale = 10u128.pow(u32::from(decimals.min(30)));
    let (int, frac) = (u128::from(value) / scale, u128::from(value) % scale);
    if frac == 0 {
        int.to_string()
    } else {
        let digits = format!("{frac:0width$}", width = usize::from(decimals));
        format!("{int}.{}", digits.trim_end_matches('0'))
    }
}

#[derive(clap::Args)]
pub struct TiersArgs {
    #[arg(long)]
    pub router: Pubkey,
}

pub fn tiers(a: TiersArgs, global: &GlobalArgs) -> Result<()> {
    let ctx = Context::new(global)?;
    let r = ctx.router(&a.router)?;
    let rebates = rebates(&ctx, &a.router)?;
    let vault = crate::commands::auction::token_balance(&ctx, &r.vaults.discount)?;
    let report = TiersReport::new(&rebates, vault, ctx.unix_time()?);
    if global.json {
        println!("{}", to_json(&report)?);
    } else {
        print!("{}", report.table(r.protocol_decimals));
    }
    Ok(())
}

#[derive(clap::Args)]
pub struct RebateArgs {
    #[arg(long)]
    pub router: Pubkey,
    /// The trader who paid the fee.
    #[arg(long)]
    pub trader: Pubkey,
    /// The fee the trader paid, in fee-token base units.
    #[arg(long)]
    pub fee_paid: u64,
    /// The trader's fee-token account (default: their associated token account).
    #[arg(long)]
    pub trader_account: Option<Pubkey>,
}

/// The rebate instruction for the keypair as rebate authority, with the trader's position
/// when they have one.
pub fn rebate_instruction(
    ctx: &Context,
    router: &Pubkey,
    r: &Router,
    a: &RebateArgs,
) -> Result<anchor_lang::solana_program::instruction::Instruction> {
    let authority = ctx.signer()?.pubkey();
    let account = a.trader_account.unwrap_or_else(|| {
        get_associated_token_address_with_program_id(&a.trader, &r.fee_mint, &r.fee_token_program)
    });
    let has_position = ctx.account_exists(&pda::position(router, &a.trader))?;
    Ok(ix::rebate(
        &ix::FeeSide::of(*router, r),
        &authority,
        &a.trader,
        &account,
        a.fee_paid,
        has_position,
    ))
}

pub fn rebate(a: RebateArgs, global: &GlobalArgs) -> Result<()> {
    let ctx = Context::new(global)?;
    let r = ctx.router(&a.router)?;
    let registered = rebates(&ctx, &a.router)?.authority();
    let signer = ctx.signer()?.pubkey();
    if registered != Some(signer) {
        bail!(
            "the keypair {signer} is not this router's rebate authority ({}): the exchange's \
             registered key reports fees",
            registered.map_or_else(|| "none registered".to_string(), |k| k.to_string())
        );
    }
    let ix = rebate_instruction(&ctx, &a.router, &r, &a)?;
    ctx.send(&[ix], &[])
}

/// A tier on the command line: `MIN_STAKE:BPS` (base units and basis points).
pub fn parse_tier(s: &str) -> std::result::Result<RebateTier, String> {
    let (min, bps) = s
        .split_once(':')
        .ok_or_else(|| format!("{s:?}: write a tier as MIN_STAKE:BPS, e.g. 1000000000:500"))?;
    let parse = |v: &str| v.replace('_', "").parse::<u64>();
    Ok(RebateTier {
        min_stake: parse(min).map_err(|e| format!("{min:?}: {e}"))?,
        rebate_bps: parse(bps).map_err(|e| format!("{bps:?}: {e}"))?,
    })
}

/// Discount tiers on the command line.
#[derive(clap::Args, Clone, Debug)]
pub struct TiersArgsInput {
    /// Seconds stake must be active before it counts (default: as now).
    #[arg(long)]
    pub warmup_seconds: Option<u64>,
    /// The tiers, lowest first, as MIN_STAKE:BPS (protocol base units : basis points); up to
    /// eight. Omit to keep the current tiers.
    #[arg(long = "tier", value_parser = parse_tier)]
    pub tiers: Vec<RebateTier>,
    /// Remove every tier (rebates then pay nothing).
    #[arg(long, conflicts_with = "tiers")]
    pub no_tiers: bool,
}

impl TiersArgsInput {
    pub fn over(&self, current: DiscountTiers) -> Result<DiscountTiers> {
        if self.tiers.len() > MAX_TIERS {
            bail!("at most {MAX_TIERS} tiers");
        }
        let mut t = current;
        t.warmup_seconds = self.warmup_seconds.unwrap_or(current.warmup_seconds);
        if self.no_tiers || !self.tiers.is_empty() {
            t.tiers = [RebateTier::default(); MAX_TIERS];
            for (slot, tier) in t.tiers.iter_mut().zip(&self.tiers) {
                *slot = *tier;
            }
        }
        if !t.is_sane() {
            bail!(
                "out of bounds: thresholds of at least 1 strictly ascending, shares of 1 to 10000 \
                 bps never falling, a warm-up of at most 30 days"
            );
        }
        Ok(t)
    }
}

#[derive(clap::Args)]
pub struct SetTiersArgs {
    #[command(flatten)]
    pub auth: AuthorityArgs,
    #[command(flatten)]
    pub tiers: TiersArgsInput,
}

pub fn set_tiers(a: SetTiersArgs, global: &GlobalArgs) -> Result<()> {
    let ctx = Context::new(global)?;
    let tiers = a.tiers.over(rebates(&ctx, &a.auth.router)?.tiers)?;
    a.auth.submit(&ctx, |authority| {
        ix::set_discount_tiers(&a.auth.router, authority, tiers)
    })
}

/// Rebate limits on the command line; values not given stay as they are.
#[derive(clap::Args, Clone, Debug)]
pub struct LimitsArgsInput {
    /// The most one report pays, in bps of the fund (the discount vault plus what rebates
    /// paid in the period), from 1 to the period share.
    #[arg(long)]
    pub max_report_bps: Option<u64>,
    /// Length of the rolling period (an hour to a year).
    #[arg(long)]
    pub period_seconds: Option<u64>,
    /// The most the reports of any period pay, in bps of the fund (1 to 10000).
    #[arg(long)]
    pub max_period_bps: Option<u64>,
}

impl LimitsArgsInput {
    pub fn over(&self, current: RebateLimits) -> Result<RebateLimits> {
        let l = RebateLimits {
            max_report_bps: self.max_report_bps.unwrap_or(current.max_report_bps),
            period_seconds: self.period_seconds.unwrap_or(current.period_seconds),
            max_period_bps: self.max_period_bps.unwrap_or(current.max_period_bps),
        };
        if !l.is_sane() {
            bail!(
                "out of bounds: a period of an hour to a year, a period share of 1 to 10000 bps \
                 and a per-report share of 1 bps up to the period share"
            );
        }
        Ok(l)
    }
}

#[derive(clap::Args)]
pub struct SetRebateLimitsArgs {
    #[command(flatten)]
    pub auth: AuthorityArgs,
    #[command(flatten)]
    pub limits: LimitsArgsInput,
}

pub fn set_rebate_limits(a: SetRebateLimitsArgs, global: &GlobalArgs) -> Result<()> {
    let ctx = Context::new(global)?;
    let limits = a.limits.over(rebates(&ctx, &a.auth.router)?.limits())?;
    a.auth.submit(&ctx, |authority| {
        ix::set_rebate_limits(&a.auth.router, authority, limits)
    })
}

#[derive(clap::Args)]
pub struct SetRebateAuthorityArgs {
    #[command(flatten)]
    pub auth: AuthorityArgs,
    /// The exchange's key or its program's PDA; `none` withdraws it.
    #[arg(long, value_parser = parse_key_or_none)]
    pub rebate_authority: Pubkey,
}

/// A key, or `none` for the default address.
pub fn parse_key_or_none(s: &str) -> std::result::Result<Pubkey, crate::fault::InvalidAddress> {
    if s == "none" {
        return Ok(Pubkey::default());
    }
    s.parse()
        .map_err(|_| crate::fault::InvalidAddress(s.to_string()))
}

pub fn set_rebate_authority(a: SetRebateAuthorityArgs, global: &GlobalArgs) -> Result<()> {
    let ctx = Context::new(global)?;
    rebates(&ctx, &a.auth.router).map_err(|e| anyhow!("{e}"))?;
    a.auth.submit(&ctx, |authority| {
        ix::set_rebate_authority(&a.auth.router, authority, a.rebate_authority)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
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
        let table = report.table(6);
        assert!(table.contains("Rebate limits (defaults)"), "{table}");
        assert!(
            table.contains("25.00% of the fund (now at most 112500)"),
            "{table}"
        );
        assert!(
            table.contains("50.00% of the fund (paid 0, 225000 left)"),
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

    #[test]
    fn set_rebate_limits_changes_only_the_values_given_and_refuses_insane_ones() {
        let given = LimitsArgsInput {
            max_report_bps: Some(2_000),
            period_seconds: None,
            max_period_bps: None,
        };
        let l = given.over(RebateLimits::DEFAULT).unwrap();
        assert_eq!(
            l,
            RebateLimits {
                max_report_bps: 2_000,
                ..RebateLimits::DEFAULT
            }
        );
        let above_period = LimitsArgsInput {
            max_report_bps: Some(5_001),
            period_seconds: None,
            max_period_bps: None,
        };
        assert!(above_period.over(RebateLimits::DEFAULT).is_err());
        let short = LimitsArgsInput {
            max_report_bps: None,
            period_seconds: Some(3_599),
            max_period_bps: None,
        };
        assert!(short.over(RebateLimits::DEFAULT).is_err());
    }
}
