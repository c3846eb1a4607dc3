//! `fee-router set-stage-gates` (and `propose ... set-stage-gates`).
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

/// The action `SetStageGates`, as the setter and `propose` take it.
#[derive(clap::Args, Clone, Debug)]
pub struct Action {
    /// Trailing 30-day fees (fee tokens, or base units with --base-units) the Early stage
    /// requires; 0 is no gate.
    #[arg(long, default_value = "0")]
    pub early: Amount,
    /// ... the Growth stage requires.
    #[arg(long, default_value = "0")]
    pub growth: Amount,
    /// ... the Mature stage requires.
    #[arg(long, default_value = "0")]
    pub mature: Amount,
}

impl Action {
    /// The gates in base units of `router`'s fee mint.
    pub fn action(&self, ctx: &Context, router: &Pubkey) -> Result<GovernedAction> {
        let gate = |a: Amount, what: &str| ctx.router_amount(router, MintSide::Fee, a, what);
        Ok(GovernedAction::SetStageGates {
            gates: [
                gate(self.early, "--early")?,
                gate(self.growth, "--growth")?,
                gate(self.mature, "--mature")?,
            ],
        })
    }
}

pub fn run(a: Args, global: &GlobalArgs) -> Result<()> {
    let ctx = Context::new(global)?;
    let action = a.action.action(&ctx, &a.auth.router)?;
    a.auth.apply(&ctx, action, None)
}
