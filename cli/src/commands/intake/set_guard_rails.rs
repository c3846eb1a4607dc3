//! `fee-router set-guard-rails` (and `propose ... set-guard-rails`).
use anchor_lang::prelude::Pubkey;
use anyhow::{bail, Result};
use fee_router::config::GovernedAction;
use fee_router::state::GuardRails;

use crate::config::GlobalArgs;
use crate::context::{AuthorityArgs, Context, MintSide};
use crate::units::Amount;

#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub auth: AuthorityArgs,
    #[command(flatten)]
    pub action: Action,
}

/// The action `SetGuardRails`, as the setter and `propose` take it; values not given stay as
/// they are.
#[derive(clap::Args, Clone, Debug)]
pub struct Action {
    /// Insurance floor, in fee tokens (or base units with --base-units).
    #[arg(long)]
    pub insurance_floor: Option<Amount>,
    /// Insurance cap, in fee tokens (or base units with --base-units).
    #[arg(long, conflicts_with = "no_insurance_cap")]
    pub insurance_cap: Option<Amount>,
    /// Remove the insurance cap.
    #[arg(long)]
    pub no_insurance_cap: bool,
    /// Most of one distribution the floor top-up may take, in bps.
    #[arg(long)]
    pub topup_max_bps: Option<u64>,
    /// Discount budget cap, in fee tokens (or base units with --base-units).
    #[arg(long, conflicts_with = "no_discount_cap")]
    pub discount_cap: Option<Amount>,
    /// Remove the discount budget cap.
    #[arg(long)]
    pub no_discount_cap: bool,
}

impl Action {
    /// The guard rails given over `router`'s current ones.
    pub fn action(&self, ctx: &Context, router: &Pubkey) -> Result<GovernedAction> {
        let r = ctx.router(router)?;
        let current = r.guard_rails;
        let fee = |a: Option<Amount>, what: &str, now: u64| match a {
            Some(a) => ctx.amount(&r, MintSide::Fee, a, what),
            None => Ok(now),
        };
        let cap = |none: bool, a, what, now| {
            if none {
                Ok(u64::MAX)
            } else {
                fee(a, what, now)
            }
        };
        Ok(GovernedAction::SetGuardRails {
            rails: GuardRails {
                insurance_floor: fee(
                    self.insurance_floor,
                    "--insurance-floor",
                    current.insurance_floor,
                )?,
                insurance_cap: cap(
                    self.no_insurance_cap,
                    self.insurance_cap,
                    "--insurance-cap",
                    current.insurance_cap,
                )?,
                discount_cap: cap(
                    self.no_discount_cap,
                    self.discount_cap,
                    "--discount-cap",
                    current.discount_cap,
                )?,
                insurance_topup_max_bps: self
                    .topup_max_bps
                    .unwrap_or(current.insurance_topup_max_bps),
            },
        })
    }
}

pub fn run(a: Args, global: &GlobalArgs) -> Result<()> {
    let ctx = Context::new(global)?;
    let action = a.action.action(&ctx, &a.auth.router)?;
    if matches!(action, GovernedAction::SetGuardRails { rails } if !rails.is_sane()) {
        bail!("out of bounds: the top-up share is at most 10000 bps and the floor at most the cap");
    }
    a.auth.apply(&ctx, action, None)
}
