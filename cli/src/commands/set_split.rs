use anyhow::{bail, Result};
use fee_router::state::Split;
use fee_router_sdk::ix;

use super::StageArg;
use crate::config::GlobalArgs;
use crate::context::{AuthorityArgs, Context};

#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub auth: AuthorityArgs,
    #[arg(long, value_enum)]
    pub stage: StageArg,
    /// Basis points to buyback.
    #[arg(long)]
    pub buyback: u16,
    /// Basis points to stakers.
    #[arg(long)]
    pub stakers: u16,
    /// Basis points to insurance.
    #[arg(long)]
    pub insurance: u16,
    /// Basis points to discount.
    #[arg(long)]
    pub discount: u16,
}

pub fn run(a: Args, global: &GlobalArgs) -> Result<()> {
    let split = Split::new(a.buyback, a.stakers, a.insurance, a.discount);
    if !split.is_complete() {
        bail!("the four shares must sum to 10000 bps");
    }
    let ctx = Context::new(global)?;
    a.auth.submit(&ctx, |authority| {
        ix::set_split(&a.auth.router, authority, a.stage.into(), split)
    })
}
