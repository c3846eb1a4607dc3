//! `fee-router set-stage` (and `propose ... set-stage`).
use anyhow::Result;
use fee_router::config::GovernedAction;

use crate::commands::StageArg;
use crate::config::GlobalArgs;
use crate::context::{AuthorityArgs, Context};

#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub auth: AuthorityArgs,
    #[command(flatten)]
    pub action: Action,
}

/// The action `SetStage`, as the setter and `propose` take it.
#[derive(clap::Args, Clone, Debug)]
pub struct Action {
    #[arg(value_enum)]
    pub stage: StageArg,
}

impl Action {
    pub fn action(&self) -> GovernedAction {
        GovernedAction::SetStage {
            stage: self.stage.into(),
        }
    }
}

pub fn run(a: Args, global: &GlobalArgs) -> Result<()> {
    let ctx = Context::new(global)?;
    a.auth.apply(&ctx, a.action.action(), None)
}
