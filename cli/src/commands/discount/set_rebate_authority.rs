//! `fee-router set-rebate-authority` (and `propose ... set-rebate-authority`).
use anchor_lang::prelude::Pubkey;
use anyhow::{anyhow, Result};
use fee_router::config::GovernedAction;

use super::{parse_key_or_none, rebates};
use crate::config::GlobalArgs;
use crate::context::{AuthorityArgs, Context};

#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub auth: AuthorityArgs,
    #[command(flatten)]
    pub action: Action,
}

/// The action `SetRebateAuthority`, as the setter and `propose` take it.
#[derive(clap::Args, Clone, Debug)]
pub struct Action {
    /// The exchange's key or its program's PDA; `none` withdraws it.
    #[arg(long, value_parser = parse_key_or_none)]
    pub rebate_authority: Pubkey,
}

impl Action {
    pub fn action(&self) -> GovernedAction {
        GovernedAction::SetRebateAuthority {
            authority: self.rebate_authority,
        }
    }
}

pub fn run(a: Args, global: &GlobalArgs) -> Result<()> {
    let ctx = Context::new(global)?;
    rebates(&ctx, &a.auth.router).map_err(|e| anyhow!("{e}"))?;
    a.auth.apply(&ctx, a.action.action(), None)
}
