//! `fee-router propose`: a proposal carrying one governed action. Each action is parsed by
//! the type its setter command uses (`set_split::Action`, ...); where `propose` has always
//! shown or taken an action's arguments differently from the setter, the variant below says
//! how (`mut_args`), so that neither command line changes.
use anchor_lang::prelude::Pubkey;
use anyhow::Result;
use clap::builder::Resettable;
use clap::Arg;
use fee_router::config::GovernedAction;
use fee_router_sdk::{ix, pda};
use solana_signer::Signer;

use super::{governance, set_governance_params, set_stage_gates};
use crate::commands::authority::{pause, propose_authority, set_guardian};
use crate::commands::buyback::set_auction_params;
use crate::commands::discount::{set_discount_tiers, set_rebate_authority, set_rebate_limits};
use crate::commands::insurance::{pay_insurance, set_insurance_params, set_shortfall_account};
use crate::commands::intake::{set_guard_rails, set_split, set_stage};
use crate::commands::market::{approve_market, set_market_allowance_cap};
use crate::commands::staking::set_staking_params;
use crate::config::GlobalArgs;
use crate::context::{Context, Fact};

/// The action a proposal carries, on the command line.
#[derive(clap::Subcommand, Clone, Debug)]
pub enum ActionArg {
    /// Move the router to a stage (its gate must be met when the proposal executes).
    SetStage(set_stage::Action),
    /// Replace one stage's split (basis points summing to 10000).
    #[command(mut_args(without_help))]
    SetSplit(set_split::Action),
    /// Change guard rails (only the values given; the rest as they are now).
    #[command(mut_args(without_help))]
    SetGuardRails(set_guard_rails::Action),
    /// Change staking parameters (only the values given).
    #[command(mut_args(yield_cap_flags_together))]
    SetStakingParams(set_staking_params::Action),
    /// Name a new guardian.
    #[command(mut_args(without_help))]
    SetGuardian(set_guardian::Action),
    /// Change the voting rules (only the values given).
    SetGovernanceParams(set_governance_params::Action),
    /// Replace the stage gates (trailing 30-day fees each stage requires; 0 is no gate).
    #[command(mut_args(every_gate_given))]
    SetStageGates(set_stage_gates::Action),
    /// Pause operations.
    #[command(mut_args(without_help))]
    Pause(pause::Operations),
    /// Lift paused operations.
    #[command(mut_args(without_help))]
    Unpause(pause::Operations),
    /// Hand the router to an external authority (it must then accept).
    #[command(mut_args(without_help))]
    ProposeAuthority(propose_authority::Action),
    /// Withdraw a pending authority proposal.
    CancelAuthorityTransfer,
    /// Change the buyback auction's parameters (only the values given).
    SetAuctionParams(set_auction_params::Action),
    /// Replace the discount tiers or their warm-up.
    SetDiscountTiers(set_discount_tiers::Action),
    /// Register the exchange's rebate authority (`none` withdraws it).
    #[command(mut_args(positional_authority))]
    SetRebateAuthority(set_rebate_authority::Action),
    /// Change the bounds on what rebate reports pay out (only the values given).
    SetRebateLimits(set_rebate_limits::Action),
    /// Change the insurance payout limits (only the values given).
    SetInsuranceParams(set_insurance_params::Action),
    /// Register the exchange's shortfall account (`none` withdraws it).
    #[command(mut_args(positional))]
    SetShortfallAccount(set_shortfall_account::Action),
    /// Pay the registered shortfall account from the insurance fund, within the period's cap.
    #[command(mut_args(without_help))]
    InsurancePayout(pay_insurance::Action),
    /// Approve the market authority whose fee account may be opened next.
    ApproveMarket(approve_market::Action),
    /// Set the most a market's discount allowance is topped up to.
    SetMarketAllowanceCap(set_market_allowance_cap::Action),
    /// Add a fresh router of the pool's creator and protocol mint, whose authority is this
    /// governance, as the pool's next fee line.
    AddFeeLine {
        /// The router to add.
        router: Pubkey,
    },
}

// How `propose` takes an action's arguments where it differs from the setter command.

/// No help line per argument.
fn without_help(a: Arg) -> Arg {
    a.help(None).long_help(None)
}

/// `--yield-cap-scaled` and `--no-yield-cap` may both be given (no cap, then).
fn yield_cap_flags_together(a: Arg) -> Arg {
    without_help(a).conflicts_with(Resettable::Reset)
}

/// Every gate given (the setter takes 0 for a gate not given).
fn every_gate_given(a: Arg) -> Arg {
    without_help(a).required(true).default_value(None)
}

/// The address as a positional argument (the setter's `--account`).
fn positional(a: Arg) -> Arg {
    without_help(a).long(None)
}

/// The rebate authority as a positional `<AUTHORITY>` (the setter's `--rebate-authority`).
fn positional_authority(a: Arg) -> Arg {
    positional(a).value_name("AUTHORITY")
}

/// The action `arg` names, filled in from the router's current state where values are omitted.
pub fn action(ctx: &Context, router: &Pubkey, arg: &ActionArg) -> Result<GovernedAction> {
    Ok(match arg {
        ActionArg::SetStage(a) => a.action(),
        ActionArg::SetSplit(a) => a.action()?,
        ActionArg::SetGuardRails(a) => a.action(ctx, router)?,
        ActionArg::SetStakingParams(a) => a.action(ctx, router)?,
        ActionArg::SetGuardian(a) => a.action(),
        ActionArg::SetGovernanceParams(a) => a.action(ctx, router)?,
        ActionArg::SetStageGates(a) => a.action(ctx, router)?,
        ActionArg::Pause(a) => a.pause(),
        ActionArg::Unpause(a) => a.unpause(),
        ActionArg::ProposeAuthority(a) => a.action(),
        ActionArg::CancelAuthorityTransfer => GovernedAction::CancelAuthorityTransfer,
        ActionArg::SetAuctionParams(a) => a.action(ctx, router)?,
        ActionArg::SetDiscountTiers(a) => a.action(ctx, router)?,
        ActionArg::SetRebateAuthority(a) => a.action(),
        ActionArg::SetRebateLimits(a) => a.action(ctx, router)?,
        ActionArg::SetInsuranceParams(a) => a.action(ctx, router)?,
        ActionArg::SetShortfallAccount(a) => a.action(),
        ActionArg::InsurancePayout(a) => a.action(ctx, router)?,
        ActionArg::ApproveMarket(a) => a.action(),
        ActionArg::SetMarketAllowanceCap(a) => a.action(ctx, router)?,
        ActionArg::AddFeeLine { router } => GovernedAction::AddFeeLine { line: *router },
    })
}

#[derive(clap::Args)]
pub struct Args {
    /// The stake pool whose stakers vote.
    #[arg(long)]
    pub router: Pubkey,
    /// A fee line of the pool the action applies to (its guard rails, staking parameters,
    /// auction, rebates, insurance, markets): the proposal starts with `ForFeeLine`.
    #[arg(long)]
    pub line: Option<Pubkey>,
    #[command(subcommand)]
    pub action: ActionArg,
}

pub fn run(a: Args, global: &GlobalArgs) -> Result<()> {
    let ctx = Context::new(global)?;
    let g = governance(&ctx, &a.router)?;
    let proposer = ctx.signer()?.pubkey();
    // A line's action is filled in from the line's state, and executes on the line.
    let target = a.line.unwrap_or(a.router);
    let action = action(&ctx, &target, &a.action)?;
    ctx.check_registrations(&target, &ctx.router(&target)?, &[action])?;
    let actions = match a.line {
        Some(line) => vec![GovernedAction::ForFeeLine { line }, action],
        None => vec![action],
    };
    let id = g.proposal_count;
    let address = pda::proposal(&pda::governance(&a.router), id);
    // Said only once confirmed: in a race for the id the loser is refused, and does not
    // print the winner's proposal as its own.
    ctx.send_reporting(
        &[ix::create_proposal(&a.router, &proposer, id, actions)],
        &[],
        &[
            Fact {
                label: Some(format!("Proposal {id}")),
                key: "proposal",
                value: address.to_string().into(),
            },
            Fact {
                label: None,
                key: "id",
                value: id.into(),
            },
        ],
    )
}
