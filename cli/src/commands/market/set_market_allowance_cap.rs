//! `fee-router set-market-allowance-cap` (and `propose ... set-market-allowance-cap`).
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

/// The action `SetMarketAllowanceCap`, as the setter and `propose` take it.
#[derive(clap::Args, Clone, Debug)]
pub struct Action {
    /// The most a market's discount allowance is topped up to at a sweep, in fee base units
    /// (0: no discount at source).
    #[arg(long)]
    pub cap: u64,
}

impl Action {
    pub fn action(&self) -> GovernedAction {
        GovernedAction::SetMarketAllowanceCap { cap: self.cap }
    }
}

pub fn run(a: Args, global: &GlobalArgs) -> Result<()> {
    let ctx = Context::new(global)?;
    a.auth.apply(&ctx, a.action.action(), None)
}
