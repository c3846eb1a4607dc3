//! `fee-router set-guard-rails` (and `propose ... set-guard-rails`).
use anchor_lang::prelude::Pubkey;
use anyhow::{bail, Result};
use fee_router::config::GovernedAction;
use fee_router::state::GuardRails;

use crate::config::GlobalArgs;
use crate::context::{AuthorityArgs, Context};

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
    /// Insurance floor, in fee-token base units.
    #[arg(long)]
    pub insurance_floor: Option<u64>,
    /// Insurance cap, in fee-token base units.
    #[arg(long)]
    pub insurance_cap: Option<u64>,
    /// Most of one distribution the floor top-up may take, in bps.
    #[arg(long)]
    pub topup_max_bps: Option<u64>,
    /// Discount budget cap, in fee-token base units.
    #[arg(long)]
    pub discount_cap: Option<u64>,
}

impl Action {
    /// The guard rails given over `router`'s current ones.
    pub fn action(&self, ctx: &Context, router: &Pubkey) -> Result<GovernedAction> {
        let current = ctx.router(router)?.guard_rails;
        Ok(GovernedAction::SetGuardRails {
            rails: GuardRails {
                insurance_floor: self.insurance_floor.unwrap_or(current.insurance_floor),
                insurance_cap: self.insurance_cap.unwrap_or(current.insurance_cap),
                discount_cap: self.discount_cap.unwrap_or(current.discount_cap),
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
