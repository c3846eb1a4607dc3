//! `fee-router pause` and `unpause` (and `propose ... pause`, `propose ... unpause`).
use anyhow::Result;
use fee_router::config::GovernedAction;
use fee_router::state::pause::{
    PAUSE_ALL, PAUSE_BUYBACK, PAUSE_DEPOSIT, PAUSE_DISTRIBUTE, PAUSE_REBATE, PAUSE_STAKE,
};

use crate::config::GlobalArgs;
use crate::context::{AuthorityArgs, Context};

/// An operation the guardian can pause.
#[derive(clap::ValueEnum, Clone, Copy, Debug)]
pub enum Operation {
    Deposit,
    Distribute,
    Stake,
    Buyback,
    /// Rebates pay nothing while paused (trades go on).
    Rebate,
    All,
}

impl Operation {
    pub fn bits(self) -> u32 {
        match self {
            Operation::Deposit => PAUSE_DEPOSIT,
            Operation::Distribute => PAUSE_DISTRIBUTE,
            Operation::Stake => PAUSE_STAKE,
            Operation::Buyback => PAUSE_BUYBACK,
            Operation::Rebate => PAUSE_REBATE,
            Operation::All => PAUSE_ALL,
        }
    }
}

/// `--authority` here names the guardian (or the authority) when it is not the keypair.
#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub auth: AuthorityArgs,
    #[command(flatten)]
    pub operations: Operations,
}

/// The actions `Pause` and `Unpause`, as the setters and `propose` take them.
#[derive(clap::Args, Clone, Debug)]
pub struct Operations {
    /// The operations.
    #[arg(value_enum, required = true)]
    pub operations: Vec<Operation>,
}

impl Operations {
    fn bits(&self) -> u32 {
        self.operations.iter().fold(0, |acc, op| acc | op.bits())
    }

    pub fn pause(&self) -> GovernedAction {
        GovernedAction::Pause {
            operations: self.bits(),
        }
    }

    pub fn unpause(&self) -> GovernedAction {
        GovernedAction::Unpause {
            operations: self.bits(),
        }
    }
}

pub fn run(a: Args, global: &GlobalArgs, pause: bool) -> Result<()> {
    let ctx = Context::new(global)?;
    let action = if pause {
        a.operations.pause()
    } else {
        a.operations.unpause()
    };
    a.auth.apply(&ctx, action, None)
}
