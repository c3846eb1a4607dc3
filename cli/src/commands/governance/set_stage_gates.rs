//! `fee-router set-stage-gates` (and `propose ... set-stage-gates`).
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

/// The action `SetStageGates`, as the setter and `propose` take it.
#[derive(clap::Args, Clone, Debug)]
pub struct Action {
    /// Trailing 30-day fees (fee-token base units) the Early stage requires; 0 is no gate.
    #[arg(long, default_value_t = 0)]
    pub early: u64,
    /// ... the Growth stage requires.
    #[arg(long, default_value_t = 0)]
    pub growth: u64,
    /// ... the Mature stage requires.
    #[arg(long, default_value_t = 0)]
    pub mature: u64,
}

impl Action {
    pub fn action(&self) -> GovernedAction {
        GovernedAction::SetStageGates {
            gates: [self.early, self.growth, self.mature],
        }
    }
}

pub fn run(a: Args, global: &GlobalArgs) -> Result<()> {
    let ctx = Context::new(global)?;
    a.auth.apply(&ctx, a.action.action(), None)
}
