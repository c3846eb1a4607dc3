//! `fee-router set-rebate-limits` (and `propose ... set-rebate-limits`).
use anchor_lang::prelude::Pubkey;
use anyhow::{bail, Result};
use fee_router::config::GovernedAction;
use fee_router::state::RebateLimits;

use super::rebates;
use crate::config::GlobalArgs;
use crate::context::{AuthorityArgs, Context};

#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub auth: AuthorityArgs,
    #[command(flatten)]
    pub action: Action,
}

/// Rebate limits on the command line; values not given stay as they are.
#[derive(clap::Args, Clone, Debug)]
pub struct Action {
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

impl Action {
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

    /// The limits given over `router`'s current ones.
    pub fn action(&self, ctx: &Context, router: &Pubkey) -> Result<GovernedAction> {
        Ok(GovernedAction::SetRebateLimits {
            limits: self.over(rebates(ctx, router)?.limits())?,
        })
    }
}

pub fn run(a: Args, global: &GlobalArgs) -> Result<()> {
    let ctx = Context::new(global)?;
    let action = a.action.action(&ctx, &a.auth.router)?;
    a.auth.apply(&ctx, action, None)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn set_rebate_limits_changes_only_the_values_given_and_refuses_insane_ones() {
        let given = Action {
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
        let above_period = Action {
            max_report_bps: Some(5_001),
            period_seconds: None,
            max_period_bps: None,
        };
        assert!(above_period.over(RebateLimits::DEFAULT).is_err());
        let short = Action {
            max_report_bps: None,
            period_seconds: Some(3_599),
            max_period_bps: None,
        };
        assert!(short.over(RebateLimits::DEFAULT).is_err());
    }
}
