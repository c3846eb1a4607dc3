//! `fee-router set-split` (and `propose ... set-split`).
use anyhow::{bail, Result};
use fee_router::config::GovernedAction;
use fee_router::state::Split;

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

/// The action `SetSplit`, as the setter and `propose` take it.
#[derive(clap::Args, Clone, Debug)]
pub struct Action {
    #[arg(long, value_enum)]
    pub stage: StageArg,
    /// Basis points to buyback.
    #[arg(long)]
    pub buyback: u16,
    /// Basis points to stakers.
    #[arg(long)]
    pub stakers: u16,
    /// Basis points to insurance.
    #[arg(long)]
    pub insurance: u16,
    /// Basis points to discount.
    #[arg(long)]
    pub discount: u16,
}

impl Action {
    /// The split, refused unless its four shares sum to 10000 bps.
    pub fn action(&self) -> Result<GovernedAction> {
        let split = Split::new(self.buyback, self.stakers, self.insurance, self.discount);
        if !split.is_complete() {
            bail!("the four shares must sum to 10000 bps");
        }
        Ok(GovernedAction::SetSplit {
            stage: self.stage.into(),
            split,
        })
    }
}

pub fn run(a: Args, global: &GlobalArgs) -> Result<()> {
    let action = a.action.action()?;
    let ctx = Context::new(global)?;
    a.auth.apply(&ctx, action, None)
}
