//! `fee-router cancel-authority-transfer` (and `propose ... cancel-authority-transfer`, which
//! takes no arguments either).
use anyhow::Result;
use fee_router::config::GovernedAction;

use crate::config::GlobalArgs;
use crate::context::{AuthorityArgs, Context};

#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub auth: AuthorityArgs,
}

pub fn run(a: Args, global: &GlobalArgs) -> Result<()> {
    let ctx = Context::new(global)?;
    a.auth
        .apply(&ctx, GovernedAction::CancelAuthorityTransfer, None)
}
