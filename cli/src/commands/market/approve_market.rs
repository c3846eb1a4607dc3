//! `fee-router approve-market` (and `propose ... approve-market`).
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

/// The action `ApproveMarket`, as the setter and `propose` take it.
#[derive(clap::Args, Clone, Debug)]
pub struct Action {
    /// The market's authority: the exchange's market PDA (or a key) that signs its trades'
    /// fees.
    #[arg(long)]
    pub market_authority: Pubkey,
}

impl Action {
    pub fn action(&self) -> GovernedAction {
        GovernedAction::ApproveMarket {
            authority: self.market_authority,
        }
    }
}

pub fn run(a: Args, global: &GlobalArgs) -> Result<()> {
    let ctx = Context::new(global)?;
    a.auth.apply(&ctx, a.action.action(), None)
}
