//! The governance commands: `propose`, `vote`, `finalize`, `execute`, `veto`,
//! `cancel-proposal`, `proposals`, `proposal`, `accept-governance-authority`.
use anchor_lang::prelude::Pubkey;
use anchor_lang::AccountDeserialize;
use anyhow::{anyhow, bail, Result};
use fee_router::config::GovernedAction;
use fee_router::state::{
    Governance, GovernanceParams, GuardRails, Proposal, ProposalState, Split, StakingParams, Vote,
};
use fee_router_sdk::{ix, pda};
use serde::Serialize;
use solana_signer::Signer;

use crate::commands::pause::Operation;
use crate::commands::StageArg;
use crate::config::GlobalArgs;
use crate::context::{Context, Fact};
use crate::output::to_json;

/// The action a proposal carries, on the command line.
#[derive(clap::Subcommand, Clone, Debug)]
pub enum ActionArg {
    /// Move the router to a stage (its gate must be met when the proposal executes).
    SetStage {
        #[arg(value_enum)]
        stage: StageArg,
    },
    /// Replace one stage's split (basis points summing to 10000).
    SetSplit {
        #[arg(long, value_enum)]
        stage: StageArg,
        #[arg(long)]
        buyback: u16,
        #[arg(long)]
        stakers: u16,
        #[arg(long)]
        insurance: u16,
        #[arg(long)]
        discount: u16,
    },
    /// Change guard rails (only the values given; the rest as they are now).
    SetGuardRails {
        #[arg(long)]
        insurance_floor: Option<u64>,
        #[arg(long)]
        insurance_cap: Option<u64>,
        #[arg(long)]
        topup_max_bps: Option<u64>,
        #[arg(long)]
        discount_cap: Option<u64>,
    },
    /// Change staking parameters (only the values given).
    SetStakingParams {
        #[arg(long)]
        cooldown_seconds: Option<u64>,
        #[arg(long)]
        stream_period_seconds: Option<u64>,
        #[arg(long)]
        yield_cap_scaled: Option<u64>,
        #[arg(long)]
        no_yield_cap: bool,
    },
    /// Name a new guardian.
    SetGuardian { guardian: Pubkey },
    /// Change the voting rules (only the values given).
    SetGovernanceParams(GovernanceParamsArgs),
    /// Replace the stage gates (trailing 30-day fees each stage requires; 0 is no gate).
    SetStageGates {
        #[arg(long)]
        early: u64,
        #[arg(long)]
        growth: u64,
        #[arg(long)]
        mature: u64,
    },
    /// Pause operations.
    Pause {
        #[arg(value_enum, required = true)]
        operations: Vec<Operation>,
    },
    /// Lift paused operations.
    Unpause {
        #[arg(value_enum, required = true)]
        operations: Vec<Operation>,
    },
    /// Hand the router to an external authority (it must then accept).
    ProposeAuthority { proposed: Pubkey },
    /// Withdraw a pending authority proposal.
    CancelAuthorityTransfer,
    /// Change the buyback auction's parameters (only the values given).
    SetAuctionParams(crate::commands::auction::ParamsArgs),
    /// Replace the discount tiers or their warm-up.
    SetDiscountTiers(crate::commands::discount::TiersArgsInput),
    /// Register the exchange's rebate authority (`none` withdraws it).
    SetRebateAuthority {
        #[arg(value_parser = crate::commands::discount::parse_key_or_none)]
        authority: Pubkey,
    },
    /// Change the bounds on what rebate reports pay out (only the values given).
    SetRebateLimits(crate::commands::discount::LimitsArgsInput),
    /// Change the insurance payout limits (only the values given).
    SetInsuranceParams(crate::commands::insurance::ParamsArgs),
    /// Register the exchange's shortfall account (`none` withdraws it).
    SetShortfallAccount {
        #[arg(value_parser = crate::commands::discount::parse_key_or_none)]
        account: Pubkey,
    },
    /// Pay the registered shortfall account from the insurance fund, within the period's cap.
    InsurancePayout {
        #[arg(long)]
        amount: u64,
    },
}

/// Voting rules on the command line; values not given stay as they are.
#[derive(clap::Args, Clone, Debug)]
pub struct GovernanceParamsArgs {
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
    #[arg(long)]
    pub min_stake_to_propose: Option<u64>,
}

impl GovernanceParamsArgs {
    pub fn over(&self, current: GovernanceParams) -> GovernanceParams {
        GovernanceParams {
            voting_period_seconds: self
                .voting_period_seconds
                .unwrap_or(current.voting_period_seconds),
            timelock_seconds: self.timelock_seconds.unwrap_or(current.timelock_seconds),
            grace_seconds: self.grace_seconds.unwrap_or(current.grace_seconds),
            quorum_bps: self.quorum_bps.unwrap_or(current.quorum_bps),
            approval_bps: self.approval_bps.unwrap_or(current.approval_bps),
            min_stake_to_propose: self
                .min_stake_to_propose
                .unwrap_or(current.min_stake_to_propose),
        }
    }
}

/// The router's governance account.
pub fn governance(ctx: &Context, router: &Pubkey) -> Result<Governance> {
    let address = pda::governance(router);
    let account = ctx.router_pda(router, &address, "governance")?;
    Governance::try_deserialize(&mut account.data.as_slice())
        .map_err(|e| anyhow!("{address} is not a fee-router governance: {e}"))
}

/// Proposal `id` of the router's governance.
pub fn proposal(ctx: &Context, router: &Pubkey, id: u64) -> Result<(Pubkey, Proposal)> {
    let address = pda::proposal(&pda::governance(router), id);
    let account = ctx.router_pda(router, &address, &format!("proposal {id}"))?;
    let p = Proposal::try_deserialize(&mut account.data.as_slice())
        .map_err(|e| anyhow!("{address} is not a fee-router proposal: {e}"))?;
    Ok((address, p))
}

fn pause_bits(operations: &[Operation]) -> u32 {
    operations.iter().fold(0, |acc, op| acc | op.bits())
}

/// The action `arg` names, filled in from the router's current state where values are omitted.
pub fn action(ctx: &Context, router: &Pubkey, arg: &ActionArg) -> Result<GovernedAction> {
    Ok(match arg {
        ActionArg::SetStage { stage } => GovernedAction::SetStage {
            stage: (*stage).into(),
        },
        ActionArg::SetSplit {
            stage,
            buyback,
            stakers,
            insurance,
            discount,
        } => {
            let split = Split::new(*buyback, *stakers, *insurance, *discount);
            if !split.is_complete() {
                bail!("the four shares must sum to 10000 bps");
            }
            GovernedAction::SetSplit {
                stage: (*stage).into(),
                split,
            }
        }
        ActionArg::SetGuardRails {
            insurance_floor,
            insurance_cap,
            topup_max_bps,
            discount_cap,
        } => {
            let c = ctx.router(router)?.guard_rails;
            GovernedAction::SetGuardRails {
                rails: GuardRails {
                    insurance_floor: insurance_floor.unwrap_or(c.insurance_floor),
                    insurance_cap: insurance_cap.unwrap_or(c.insurance_cap),
                    discount_cap: discount_cap.unwrap_or(c.discount_cap),
                    insurance_topup_max_bps: topup_max_bps.unwrap_or(c.insurance_topup_max_bps),
                },
            }
        }
        ActionArg::SetStakingParams {
            cooldown_seconds,
            stream_period_seconds,
            yield_cap_scaled,
            no_yield_cap,
        } => {
            let c = ctx.router(router)?.staking_params;
            GovernedAction::SetStakingParams {
                params: StakingParams {
                    cooldown_seconds: cooldown_seconds.unwrap_or(c.cooldown_seconds),
                    stream_period_seconds: stream_period_seconds.unwrap_or(c.stream_period_seconds),
                    yield_cap_scaled: if *no_yield_cap {
                        u64::MAX
                    } else {
                        yield_cap_scaled.unwrap_or(c.yield_cap_scaled)
                    },
                },
            }
        }
        ActionArg::SetGuardian { guardian } => GovernedAction::SetGuardian {
            guardian: *guardian,
        },
        ActionArg::SetGovernanceParams(p) => GovernedAction::SetGovernanceParams {
            params: p.over(governance(ctx, router)?.params),
        },
        ActionArg::SetStageGates {
            early,
            growth,
            mature,
        } => GovernedAction::SetStageGates {
            gates: [*early, *growth, *mature],
        },
        ActionArg::Pause { operations } => GovernedAction::Pause {
            operations: pause_bits(operations),
        },
        ActionArg::Unpause { operations } => GovernedAction::Unpause {
            operations: pause_bits(operations),
        },
        ActionArg::ProposeAuthority { proposed } => GovernedAction::ProposeAuthority {
            proposed: *proposed,
        },
        ActionArg::CancelAuthorityTransfer => GovernedAction::CancelAuthorityTransfer,
        ActionArg::SetAuctionParams(p) => GovernedAction::SetAuctionParams {
            params: p.over(crate::commands::auction::auction(ctx, router)?.params)?,
        },
        ActionArg::SetDiscountTiers(t) => GovernedAction::SetDiscountTiers {
            tiers: t.over(crate::commands::discount::rebates(ctx, router)?.tiers)?,
        },
        ActionArg::SetRebateAuthority { authority } => GovernedAction::SetRebateAuthority {
            authority: *authority,
        },
        ActionArg::SetRebateLimits(l) => GovernedAction::SetRebateLimits {
            limits: l.over(crate::commands::discount::rebates(ctx, router)?.limits())?,
        },
        ActionArg::SetInsuranceParams(p) => GovernedAction::SetInsuranceParams {
            params: p.over(crate::commands::insurance::fund(ctx, router)?.params)?,
        },
        ActionArg::SetShortfallAccount { account } => {
            GovernedAction::SetShortfallAccount { account: *account }
        }
        ActionArg::InsurancePayout { amount } => {
            if *amount == 0 {
                bail!("pay out a positive amount");
            }
            GovernedAction::InsurancePayout { amount: *amount }
        }
    })
}

#[derive(clap::Args)]
pub struct ProposeArgs {
    #[arg(long)]
    pub router: Pubkey,
    #[command(subcommand)]
    pub action: ActionArg,
}

pub fn propose(a: ProposeArgs, global: &GlobalArgs) -> Result<()> {
    let ctx = Context::new(global)?;
    let g = governance(&ctx, &a.router)?;
    let proposer = ctx.signer()?.pubkey();
    let action = action(&ctx, &a.router, &a.action)?;
    ctx.check_registrations(&a.router, &ctx.router(&a.router)?, &[action])?;
    let id = g.proposal_count;
    let address = pda::proposal(&pda::governance(&a.router), id);
    // Said only once confirmed: in a race for the id the loser is refused, and does not
    // print the winner's proposal as its own.
    ctx.send_reporting(
        &[ix::create_proposal(&a.router, &proposer, id, vec![action])],
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

/// A vote on the command line.
#[derive(clap::ValueEnum, Clone, Copy, Debug)]
pub enum VoteArg {
    Yes,
    No,
    Abstain,
}

#[derive(clap::Args)]
pub struct VoteArgs {
    #[arg(long)]
    pub router: Pubkey,
    /// The proposal's number.
    #[arg(long)]
    pub proposal: u64,
    #[arg(value_enum)]
    pub vote: VoteArg,
}

pub fn vote(a: VoteArgs, global: &GlobalArgs) -> Result<()> {
    let ctx = Context::new(global)?;
    let (address, _) = proposal(&ctx, &a.router, a.proposal)?;
    let voter = ctx.signer()?.pubkey();
    let vote = match a.vote {
        VoteArg::Yes => Vote::Yes,
        VoteArg::No => Vote::No,
        VoteArg::Abstain => Vote::Abstain,
    };
    // A voter who already voted changes its vote (while voting is open).
    let (record, _) = pda::vote_record(&address, &voter);
    if ctx.account_exists(&record)? {
        return ctx.send(&[ix::change_vote(&address, &voter, vote)], &[]);
    }
    ctx.send(&[ix::cast_vote(&a.router, &address, &voter, vote)], &[])
}

#[derive(clap::Args)]
pub struct ProposalRef {
    #[arg(long)]
    pub router: Pubkey,
    /// The proposal's number.
    #[arg(long)]
    pub proposal: u64,
}

pub fn finalize(a: ProposalRef, global: &GlobalArgs) -> Result<()> {
    let ctx = Context::new(global)?;
    let (address, _) = proposal(&ctx, &a.router, a.proposal)?;
    ctx.send(&[ix::finalize_proposal(&address)], &[])
}

pub fn execute(a: ProposalRef, global: &GlobalArgs) -> Result<()> {
    let ctx = Context::new(global)?;
    let (address, p) = proposal(&ctx, &a.router, a.proposal)?;
    let executor = ctx.signer()?.pubkey();
    let r = ctx.router(&a.router)?;
    let side = ix::FeeSide::of(a.router, &r);
    let payout = payout_destination(&ctx, &a.router, &p.actions)?;
    let ix = ix::execute_proposal_with(
        &a.router,
        &address,
        &executor,
        payout.as_ref().map(|shortfall| (&side, shortfall)),
        &p.actions,
    );
    ctx.send(&[ix], &[])
}

/// Where a proposal's insurance payout goes, if it has one: the shortfall account it
/// registers before the payout, or else the one registered now.
fn payout_destination(
    ctx: &Context,
    router: &Pubkey,
    actions: &[GovernedAction],
) -> Result<Option<Pubkey>> {
    let mut registered = None;
    for action in actions {
        match action {
            GovernedAction::SetShortfallAccount { account } => registered = Some(*account),
            GovernedAction::InsurancePayout { .. } => {
                let account = match registered {
                    Some(a) => a,
                    None => crate::commands::insurance::fund(ctx, router)?
                        .shortfall_account()
                        .unwrap_or_default(),
                };
                return Ok(Some(account));
            }
            _ => {}
        }
    }
    Ok(None)
}

pub fn veto(a: ProposalRef, global: &GlobalArgs) -> Result<()> {
    let ctx = Context::new(global)?;
    let (address, _) = proposal(&ctx, &a.router, a.proposal)?;
    let guardian = ctx.signer()?.pubkey();
    ctx.send(&[ix::veto_proposal(&a.router, &address, &guardian)], &[])
}

pub fn cancel(a: ProposalRef, global: &GlobalArgs) -> Result<()> {
    let ctx = Context::new(global)?;
    let (address, _) = proposal(&ctx, &a.router, a.proposal)?;
    let proposer = ctx.signer()?.pubkey();
    ctx.send(&[ix::cancel_proposal(&address, &proposer)], &[])
}

#[derive(clap::Args)]
pub struct RouterOnly {
    #[arg(long)]
    pub router: Pubkey,
}

pub fn accept_governance_authority(a: RouterOnly, global: &GlobalArgs) -> Result<()> {
    let ctx = Context::new(global)?;
    ctx.router(&a.router)?;
    ctx.send(&[ix::accept_governance_authority(&a.router)], &[])
}

/// A proposal as `proposals` and `proposal` print it.
#[derive(Serialize, Debug)]
pub struct ProposalReport {
    pub id: u64,
    pub address: String,
    pub state: &'static str,
    pub proposer: String,
    pub actions: Vec<String>,
    pub yes: u64,
    pub no: u64,
    pub abstain: u64,
    pub voters: u32,
    pub total_active_snapshot: u64,
    pub quorum_bps: u64,
    pub approval_bps: u64,
    pub created_at: i64,
    pub voting_ends_at: i64,
    pub executable_at: i64,
    pub expires_at: i64,
    /// Seconds until the next deadline that matters in this state (0 when none).
    pub seconds_left: i64,
    pub stale: bool,
}

fn state_name(s: ProposalState) -> &'static str {
    match s {
        ProposalState::Voting => "voting",
        ProposalState::Passed => "passed",
        ProposalState::Defeated => "defeated",
        ProposalState::QuorumMissed => "quorum-missed",
        ProposalState::Executed => "executed",
        ProposalState::Cancelled => "cancelled",
        ProposalState::Vetoed => "vetoed",
    }
}

impl ProposalReport {
    pub fn new(address: &Pubkey, p: &Proposal, config_version: u64, now: i64) -> Self {
        let next = match p.state {
            ProposalState::Voting => p.voting_ends_at,
            ProposalState::Passed if now < p.executable_at => p.executable_at,
            ProposalState::Passed => p.expires_at,
            _ => now,
        };
        Self {
            id: p.id,
            address: address.to_string(),
            state: if p.state == ProposalState::Passed && now >= p.expires_at {
                "expired"
            } else {
                state_name(p.state)
            },
            proposer: p.proposer.to_string(),
            actions: p.actions.iter().map(|a| format!("{a:?}")).collect(),
            yes: p.yes,
            no: p.no,
            abstain: p.abstain,
            voters: p.voters,
            total_active_snapshot: p.total_active_snapshot,
            quorum_bps: p.quorum_bps,
            approval_bps: p.approval_bps,
            created_at: p.created_at,
            voting_ends_at: p.voting_ends_at,
            executable_at: p.executable_at,
            expires_at: p.expires_at,
            seconds_left: next.saturating_sub(now).max(0),
            stale: p.config_version != config_version
                && matches!(p.state, ProposalState::Voting | ProposalState::Passed),
        }
    }
}

fn cluster_time(ctx: &Context) -> Result<i64> {
    ctx.unix_time()
}

pub fn list(a: RouterOnly, global: &GlobalArgs) -> Result<()> {
    let ctx = Context::new(global)?;
    let g = governance(&ctx, &a.router)?;
    let now = cluster_time(&ctx)?;
    let mut rows = vec![];
    for id in 0..g.proposal_count {
        let (address, p) = proposal(&ctx, &a.router, id)?;
        rows.push(ProposalReport::new(&address, &p, g.config_version, now));
    }
    if global.json {
        println!("{}", to_json(&rows)?);
        return Ok(());
    }
    println!(
        "{:>4} {:<14} {:>14} {:>14} {:>14} {:>10}  actions",
        "id", "state", "yes", "no", "abstain", "left (s)"
    );
    for r in rows {
        println!(
            "{:>4} {:<14} {:>14} {:>14} {:>14} {:>10}  {}{}",
            r.id,
            r.state,
            r.yes,
            r.no,
            r.abstain,
            r.seconds_left,
            r.actions.join("; "),
            if r.stale { " (stale)" } else { "" }
        );
    }
    Ok(())
}

#[derive(clap::Args)]
pub struct ShowProposal {
    #[arg(long)]
    pub router: Pubkey,
    /// The proposal's number.
    pub id: u64,
}

pub fn show(a: ShowProposal, global: &GlobalArgs) -> Result<()> {
    let ctx = Context::new(global)?;
    let g = governance(&ctx, &a.router)?;
    let (address, p) = proposal(&ctx, &a.router, a.id)?;
    let r = ProposalReport::new(&address, &p, g.config_version, cluster_time(&ctx)?);
    if global.json {
        println!("{}", to_json(&r)?);
        return Ok(());
    }
    let line = |k: &str, v: String| println!("{k:<18} {v}");
    line("Proposal", format!("{} ({})", r.id, r.address));
    line(
        "State",
        format!("{}{}", r.state, if r.stale { " (stale)" } else { "" }),
    );
    line("Proposer", r.proposer);
    for (i, action) in r.actions.iter().enumerate() {
        line(&format!("Action {}", i + 1), action.clone());
    }
    line(
        "Yes / no / abstain",
        format!("{} / {} / {}", r.yes, r.no, r.abstain),
    );
    line("Voters", r.voters.to_string());
    line(
        "Quorum",
        format!(
            "{} bps of {} active at creation",
            r.quorum_bps, r.total_active_snapshot
        ),
    );
    line(
        "Approval",
        format!("yes above {} bps of yes and no", r.approval_bps),
    );
    line("Voting ends", r.voting_ends_at.to_string());
    line("Executable from", r.executable_at.to_string());
    line("Expires", r.expires_at.to_string());
    line("Seconds left", r.seconds_left.to_string());
    Ok(())
}
