use anyhow::{bail, Result};
use fee_router::state::GuardRails;
use fee_router_sdk::ix;

use crate::config::GlobalArgs;
use crate::context::{AuthorityArgs, Context};

#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub auth: AuthorityArgs,
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

pub fn run(a: Args, global: &GlobalArgs) -> Result<()> {
    let ctx = Context::new(global)?;
    let current = ctx.router(&a.auth.router)?.guard_rails;
    let rails = GuardRails {
        insurance_floor: a.insurance_floor.unwrap_or(current.insurance_floor),
        insurance_cap: a.insurance_cap.unwrap_or(current.insurance_cap),
        discount_cap: a.discount_cap.unwrap_or(current.discount_cap),
        insurance_topup_max_bps: a.topup_max_bps.unwrap_or(current.insurance_topup_max_bps),
    };
    if !rails.is_sane() {
        bail!("out of bounds: the top-up share is at most 10000 bps and the floor at most the cap");
    }
    a.auth.submit(&ctx, |authority| {
        ix::set_guard_rails(&a.auth.router, authority, rails)
    })
}
