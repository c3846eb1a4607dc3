use anyhow::{bail, Result};
use fee_router_sdk::ix;

use crate::commands::governance::{governance, GovernanceParamsArgs};
use crate::config::GlobalArgs;
use crate::context::{AuthorityArgs, Context};

#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub auth: AuthorityArgs,
    #[command(flatten)]
    pub params: GovernanceParamsArgs,
}

pub fn run(a: Args, global: &GlobalArgs) -> Result<()> {
    let ctx = Context::new(global)?;
    let params = a.params.over(governance(&ctx, &a.auth.router)?.params);
    if !params.is_sane() {
        bail!("out of bounds: vote and timelock an hour to 30 days, grace an hour to 90 days, quorum 1 to 10000 bps, approval 5000 to 9999 bps");
    }
    a.auth.submit(&ctx, |authority| {
        ix::set_governance_params(&a.auth.router, authority, params)
    })
}
