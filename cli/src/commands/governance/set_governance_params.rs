//! `fee-router set-governance-params` (and `propose ... set-governance-params`).
use anchor_lang::prelude::Pubkey;
use anyhow::{bail, Result};
use fee_router::config::GovernedAction;
use fee_router::state::GovernanceParams;

use super::governance;
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

/// Voting rules on the command line; values not given stay as they are.
#[derive(clap::Args, Clone, Debug)]
pub struct Action {
    #[arg(long)]
    pub voting_period_seconds: Option<u64>,
    #[arg(long)]
    pub timelock_seconds: Option<u64>,
    #[arg(long)]
    pub grace_seconds: Option<u64>,
    #[arg(long)]
    pub quorum_bps: Option<u64>,
    #[arg(long)]
    pub approval_bps: Option<u64>,
    /// Active stake a proposer needs, in protocol tokens (base units with --base-units).
    #[arg(long)]
    pub min_stake_to_propose: Option<Amount>,
}

impl Action {
    /// The rules given over `current`, the minimum stake already in base units.
    pub fn over(
        &self,
        current: GovernanceParams,
        min_stake_to_propose: Option<u64>,
    ) -> GovernanceParams {
        GovernanceParams {
            voting_period_seconds: self
                .voting_period_seconds
                .unwrap_or(current.voting_period_seconds),
            timelock_seconds: self.timelock_seconds.unwrap_or(current.timelock_seconds),
            grace_seconds: self.grace_seconds.unwrap_or(current.grace_seconds),
            quorum_bps: self.quorum_bps.unwrap_or(current.quorum_bps),
            approval_bps: self.approval_bps.unwrap_or(current.approval_bps),
            min_stake_to_propose: min_stake_to_propose.unwrap_or(current.min_stake_to_propose),
        }
    }

    /// The voting rules given over `router`'s current ones.
    pub fn action(&self, ctx: &Context, router: &Pubkey) -> Result<GovernedAction> {
        let min_stake = self
            .min_stake_to_propose
            .map(|a| ctx.router_amount(router, MintSide::Protocol, a, "--min-stake-to-propose"))
            .transpose()?;
        Ok(GovernedAction::SetGovernanceParams {
            params: self.over(governance(ctx, router)?.params, min_stake),
        })
    }
}

pub fn run(a: Args, global: &GlobalArgs) -> Result<()> {
    let ctx = Context::new(global)?;
    let action = a.action.action(&ctx, &a.auth.router)?;
    if matches!(action, GovernedAction::SetGovernanceParams { params } if !params.is_sane()) {
        bail!("out of bounds: vote and timelock an hour to 30 days, grace an hour to 90 days, quorum 1 to 10000 bps, approval 5000 to 9999 bps");
    }
    a.auth.apply(&ctx, action, None)
}
