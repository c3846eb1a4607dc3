use anyhow::Result;
use fee_router_sdk::ix;

use super::StageArg;
use crate::config::GlobalArgs;
use crate::context::{AuthorityArgs, Context};

#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub auth: AuthorityArgs,
    #[arg(value_enum)]
    pub stage: StageArg,
}

pub fn run(a: Args, global: &GlobalArgs) -> Result<()> {
    let ctx = Context::new(global)?;
    a.auth.submit(&ctx, |authority| {
        ix::set_stage(&a.auth.router, authority, a.stage.into())
    })
}
