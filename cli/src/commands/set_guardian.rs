use anchor_lang::prelude::Pubkey;
use anyhow::Result;
use fee_router_sdk::ix;

use crate::config::GlobalArgs;
use crate::context::{AuthorityArgs, Context};

#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub auth: AuthorityArgs,
    /// The new guardian.
    pub guardian: Pubkey,
}

pub fn run(a: Args, global: &GlobalArgs) -> Result<()> {
    let ctx = Context::new(global)?;
    a.auth.submit(&ctx, |authority| {
        ix::set_guardian(&a.auth.router, authority, a.guardian)
    })
}
