//! `fee-router pay-insurance` (and `propose ... insurance-payout`).
use anchor_lang::prelude::Pubkey;
use anyhow::{bail, Result};
use fee_router::config::GovernedAction;
use fee_router_sdk::ix;

use super::fund;
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

/// The action `InsurancePayout`, as the setter and `propose` take it.
#[derive(clap::Args, Clone, Debug)]
pub struct Action {
    /// Fee tokens (or base units with --base-units) to pay the registered shortfall account.
    #[arg(long)]
    pub amount: Amount,
}

impl Action {
    /// The payout in base units of `router`'s fee mint; a payout of nothing is refused.
    pub fn action(&self, ctx: &Context, router: &Pubkey) -> Result<GovernedAction> {
        let amount = ctx.router_amount(router, MintSide::Fee, self.amount, "--amount")?;
        if amount == 0 {
            bail!("pay out a positive amount");
        }
        Ok(GovernedAction::InsurancePayout { amount })
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
    let action = a.action.action(&ctx, &a.auth.router)?;
    a.auth.apply(&ctx, action, Some(&payout))
}
