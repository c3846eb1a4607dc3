use anyhow::{bail, Result};
use fee_router::state::StakingParams;
use fee_router_sdk::ix;

use crate::config::GlobalArgs;
use crate::context::{AuthorityArgs, Context};

#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub auth: AuthorityArgs,
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

pub fn run(a: Args, global: &GlobalArgs) -> Result<()> {
    let ctx = Context::new(global)?;
    let current = ctx.router(&a.auth.router)?.staking_params;
    let params = StakingParams {
        cooldown_seconds: a.cooldown_seconds.unwrap_or(current.cooldown_seconds),
        stream_period_seconds: a
            .stream_period_seconds
            .unwrap_or(current.stream_period_seconds),
        yield_cap_scaled: if a.no_yield_cap {
            u64::MAX
        } else {
            a.yield_cap_scaled.unwrap_or(current.yield_cap_scaled)
        },
    };
    if !params.is_sane() {
        bail!("out of bounds: the cooldown is at most a year, the stream period between 60 seconds and a year");
    }
    a.auth.submit(&ctx, |authority| {
        ix::set_staking_params(&a.auth.router, authority, params)
    })
}
