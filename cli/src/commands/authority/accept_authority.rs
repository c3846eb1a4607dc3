use anyhow::Result;
use fee_router_sdk::ix;

use crate::config::GlobalArgs;
use crate::context::{AuthorityArgs, Context};

/// `--authority` here names the proposed authority that accepts.
#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub auth: AuthorityArgs,
}

pub fn run(a: Args, global: &GlobalArgs) -> Result<()> {
    let ctx = Context::new(global)?;
    a.auth.submit(&ctx, |new_authority| {
        ix::accept_authority(&a.auth.router, new_authority)
    })
}
