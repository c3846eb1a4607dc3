use anyhow::Result;
use fee_router_sdk::ix;

use crate::config::GlobalArgs;
use crate::context::{AuthorityArgs, Context};

#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub auth: AuthorityArgs,
}

pub fn run(a: Args, global: &GlobalArgs) -> Result<()> {
    let ctx = Context::new(global)?;
    a.auth.submit(&ctx, |authority| {
        ix::cancel_authority_transfer(&a.auth.router, authority)
    })
}
