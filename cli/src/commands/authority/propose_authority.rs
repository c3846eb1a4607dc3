//! `fee-router propose-authority` (and `propose ... propose-authority`).
use anchor_lang::prelude::Pubkey;
use anyhow::Result;
use fee_router::config::GovernedAction;

use crate::config::GlobalArgs;
use crate::context::{AuthorityArgs, Context};

#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub auth: AuthorityArgs,
    #[command(flatten)]
    pub action: Action,
}

/// The action `ProposeAuthority`, as the setter and `propose` take it.
#[derive(clap::Args, Clone, Debug)]
pub struct Action {
    /// The proposed authority; it takes over when it accepts.
    pub proposed: Pubkey,
}

impl Action {
    pub fn action(&self) -> GovernedAction {
        GovernedAction::ProposeAuthority {
            proposed: self.proposed,
        }
    }
}

pub fn run(a: Args, global: &GlobalArgs) -> Result<()> {
    let ctx = Context::new(global)?;
    a.auth.apply(&ctx, a.action.action(), None)
}
