//! `fee-router set-staking-params` (and `propose ... set-staking-params`).
use anchor_lang::prelude::Pubkey;
use anyhow::{bail, Result};
use fee_router::config::GovernedAction;
use fee_router::state::StakingParams;

use crate::config::GlobalArgs;
use crate::context::{AuthorityArgs, Context};

#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub auth: AuthorityArgs,
    #[command(flatten)]
    pub action: Action,
}

/// The action `SetStakingParams`, as the setter and `propose` take it; values not given stay
/// as they are.
#[derive(clap::Args, Clone, Debug)]
pub struct Action {
    /// Seconds between an unstake request and its withdrawal (at most a year).
    #[arg(long)]
    pub cooldown_seconds: Option<u64>,
    /// Seconds over which each distribution's staker share is streamed (a minute to a year).
    #[arg(long)]
    pub stream_period_seconds: Option<u64>,
    /// Yield cap: fee-token base units per protocol-token base unit per year, times 1e12.
    #[arg(long, conflicts_with = "no_yield_cap")]
    pub yield_cap_scaled: Option<u64>,
    /// Remove the yield cap.
    #[arg(long)]
    pub no_yield_cap: bool,
}

impl Action {
    /// The staking parameters given over `router`'s current ones.
    pub fn action(&self, ctx: &Context, router: &Pubkey) -> Result<GovernedAction> {
        let current = ctx.router(router)?.staking_params;
        Ok(GovernedAction::SetStakingParams {
            params: StakingParams {
                cooldown_seconds: self.cooldown_seconds.unwrap_or(current.cooldown_seconds),
                stream_period_seconds: self
                    .stream_period_seconds
                    .unwrap_or(current.stream_period_seconds),
                yield_cap_scaled: if self.no_yield_cap {
                    u64::MAX
                } else {
                    self.yield_cap_scaled.unwrap_or(current.yield_cap_scaled)
                },
            },
        })
    }
}

pub fn run(a: Args, global: &GlobalArgs) -> Result<()> {
    let ctx = Context::new(global)?;
    let action = a.action.action(&ctx, &a.auth.router)?;
    if matches!(action, GovernedAction::SetStakingParams { params } if !params.is_sane()) {
        bail!("out of bounds: the cooldown is at most a year, the stream period between 60 seconds and a year");
    }
    a.auth.apply(&ctx, action, None)
}
