//! `fee-router set-market-allowance-cap` (and `propose ... set-market-allowance-cap`).
use anchor_lang::prelude::Pubkey;
use anyhow::Result;
use fee_router::config::GovernedAction;

use crate::config::GlobalArgs;
use crate::context::{AuthorityArgs, Context, MintSide};
use crate::units::Amount;

#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub auth: AuthorityArgs,
    #[command(flatten)]
    pub action: Action,
}

/// The action `SetMarketAllowanceCap`, as the setter and `propose` take it.
#[derive(clap::Args, Clone, Debug)]
pub struct Action {
    /// The most a market's discount allowance is topped up to at a sweep, in fee tokens (or
    /// base units with --base-units; 0: no discount at source).
    #[arg(long)]
    pub cap: Amount,
}

impl Action {
    /// The cap in base units of `router`'s fee mint.
    pub fn action(&self, ctx: &Context, router: &Pubkey) -> Result<GovernedAction> {
        let cap = ctx.router_amount(router, MintSide::Fee, self.cap, "--cap")?;
        Ok(GovernedAction::SetMarketAllowanceCap { cap })
    }
}

pub fn run(a: Args, global: &GlobalArgs) -> Result<()> {
    let ctx = Context::new(global)?;
    let action = a.action.action(&ctx, &a.auth.router)?;
    a.auth.apply(&ctx, action, None)
}
