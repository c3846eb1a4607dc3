//! `fee-router set-insurance-params` (and `propose ... set-insurance-params`).
use anchor_lang::prelude::Pubkey;
use anyhow::{bail, Result};
use fee_router::config::GovernedAction;
use fee_router::state::InsuranceParams;

use super::fund;
use crate::config::GlobalArgs;
use crate::context::{AuthorityArgs, Context};

#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub auth: AuthorityArgs,
    #[command(flatten)]
    pub action: Action,
}

/// Payout limits on the command line; values not given stay as they are.
#[derive(clap::Args, Clone, Debug)]
pub struct Action {
    /// Length of the rolling payout window (a day to a year).
    #[arg(long)]
    pub period_seconds: Option<u64>,
    /// The most any window of that length pays out, in bps of the fund as it opened plus
    /// what entered it (1 to 10000).
    #[arg(long)]
    pub max_payout_bps: Option<u64>,
}

impl Action {
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

    /// The payout limits given over `router`'s current ones.
    pub fn action(&self, ctx: &Context, router: &Pubkey) -> Result<GovernedAction> {
        Ok(GovernedAction::SetInsuranceParams {
            params: self.over(fund(ctx, router)?.params)?,
        })
    }
}

pub fn run(a: Args, global: &GlobalArgs) -> Result<()> {
    let ctx = Context::new(global)?;
    let action = a.action.action(&ctx, &a.auth.router)?;
    a.auth.apply(&ctx, action, None)
}
