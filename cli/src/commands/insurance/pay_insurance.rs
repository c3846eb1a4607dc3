//! `fee-router pay-insurance` (and `propose ... insurance-payout`).
use anyhow::{bail, Result};
use fee_router::config::GovernedAction;
use fee_router_sdk::ix;

use super::fund;
use crate::config::GlobalArgs;
use crate::context::{AuthorityArgs, Context};

#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub auth: AuthorityArgs,
    #[command(flatten)]
    pub action: Action,
}

/// The action `InsurancePayout`, as the setter and `propose` take it.
#[derive(clap::Args, Clone, Debug)]
pub struct Action {
    /// Fee-token base units to pay the registered shortfall account.
    #[arg(long)]
    pub amount: u64,
}

impl Action {
    pub fn action(&self) -> GovernedAction {
        GovernedAction::InsurancePayout {
            amount: self.amount,
        }
    }
}

pub fn run(a: Args, global: &GlobalArgs) -> Result<()> {
    let ctx = Context::new(global)?;
    let r = ctx.router(&a.auth.router)?;
    let fund = fund(&ctx, &a.auth.router)?;
    let Some(shortfall) = fund.shortfall_account() else {
        bail!("no shortfall account is registered: register one with set-shortfall-account");
    };
    // Bound to the payouts made so far: the transaction (or an `--unsigned` file) pays once,
    // however often it is sent or submitted.
    let payout = ix::Payout {
        fee_mint: r.fee_mint,
        fee_token_program: r.fee_token_program,
        shortfall_account: shortfall,
        payouts_before: Some(fund.totals.payouts),
    };
    a.auth.apply(&ctx, a.action.action(), Some(&payout))
}
