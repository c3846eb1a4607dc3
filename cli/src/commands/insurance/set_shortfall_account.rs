//! `fee-router set-shortfall-account` (and `propose ... set-shortfall-account`).
use anchor_lang::prelude::Pubkey;
use anyhow::Result;
use fee_router::config::GovernedAction;

use super::fund;
use crate::commands::discount::parse_key_or_none;
use crate::config::GlobalArgs;
use crate::context::{AuthorityArgs, Context};

#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub auth: AuthorityArgs,
    #[command(flatten)]
    pub action: Action,
}

/// The action `SetShortfallAccount`, as the setter and `propose` take it.
#[derive(clap::Args, Clone, Debug)]
pub struct Action {
    /// The exchange's fee-token account; `none` withdraws it.
    #[arg(long, value_parser = parse_key_or_none)]
    pub account: Pubkey,
}

impl Action {
    pub fn action(&self) -> GovernedAction {
        GovernedAction::SetShortfallAccount {
            account: self.account,
        }
    }
}

pub fn run(a: Args, global: &GlobalArgs) -> Result<()> {
    let ctx = Context::new(global)?;
    fund(&ctx, &a.auth.router)?;
    let action = a.action.action();
    ctx.check_registrations(&a.auth.router, &ctx.router(&a.auth.router)?, &[action])?;
    a.auth.apply(&ctx, action, None)
}
