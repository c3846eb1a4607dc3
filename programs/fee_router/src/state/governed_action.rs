//! The one vocabulary of configuration changes: every governed change is a
//! [`GovernedAction`], whether an external authority calls its setter or a passed proposal
//! executes it (`config::apply` applies it). Its bounds are checked here, without the
//! router's state, so a malformed change never reaches a vote.
use anchor_lang::prelude::*;

use crate::error::FeeRouterError;
use crate::state::pause::check_operations;
use crate::state::{
    AuctionParams, DiscountTiers, GovernanceParams, GuardRails, InsuranceParams, RebateLimits,
    Split, Stage, StakingParams,
};

/// A change to a router's configuration.
#[derive(AnchorSerialize, AnchorDeserialize, InitSpace, Clone, Copy, Debug, PartialEq, Eq)]
pub enum GovernedAction {
    /// Moves the router to a life-cycle stage; its stage gate must be met.
    SetStage { stage: Stage },
    /// Replaces one stage's split; the four shares sum to 10_000.
    SetSplit { stage: Stage, split: Split },
    /// Replaces the guard rails.
    SetGuardRails { rails: GuardRails },
    /// Replaces the staking parameters.
    SetStakingParams { params: StakingParams },
    /// Names a new guardian.
    SetGuardian { guardian: Pubkey },
    /// Replaces the voting rules.
    SetGovernanceParams { params: GovernanceParams },
    /// Replaces the stage gates (trailing 30-day fee volume per stage; 0 is no gate).
    SetStageGates { gates: [u64; 3] },
    /// Pauses operations, held by the authority.
    Pause { operations: u32 },
    /// Lifts paused operations, whoever paused them.
    Unpause { operations: u32 },
    /// Proposes a new authority (for a governed router, the external key that would take
    /// over; it must then accept).
    ProposeAuthority { proposed: Pubkey },
    /// Withdraws a pending authority proposal.
    CancelAuthorityTransfer,
    /// Replaces the buyback auction's parameters (needs the auction account).
    SetAuctionParams { params: AuctionParams },
    /// Replaces the discount tier table and warm-up (needs the rebates account).
    SetDiscountTiers { tiers: DiscountTiers },
    /// Registers the key that reports traders' fees for rebates: the exchange's key or its
    /// program's PDA; the default address withdraws it (needs the rebates account).
    SetRebateAuthority { authority: Pubkey },
    /// Replaces the bounds on what rebate reports pay out, per report and per rolling period
    /// (needs the rebates account).
    SetRebateLimits { limits: RebateLimits },
    /// Replaces the insurance payout limits (needs the insurance fund account).
    SetInsuranceParams { params: InsuranceParams },
    /// Registers the exchange's shortfall account, the only place insurance pays out to; the
    /// default address withdraws it (needs the insurance fund account).
    SetShortfallAccount { account: Pubkey },
    /// Pays `amount` from the insurance vault to the registered shortfall account, within
    /// the rolling payout limit (needs the insurance fund, the insurance vault, the shortfall
    /// account, the fee mint and its token program).
    InsurancePayout { amount: u64 },
    /// Approves the market authority (the exchange's market PDA or a key) whose fee account
    /// may be opened next (`open_market`); fees charged through an unapproved authority never
    /// reach the router.
    ApproveMarket { authority: Pubkey },
    /// Replaces the most a market's discount allowance is topped up to at a sweep (fee base
    /// units; 0 gives no discount at source).
    SetMarketAllowanceCap { cap: u64 },
    /// A fresh router of the pool's creator and protocol mint, whose authority is this
    /// governance, joins the pool as its next fee line (`add_fee_line`'s rules; the router is
    /// the first remaining account of `execute_proposal`).
    AddFeeLine { line: Pubkey },
    /// Only as a proposal's first action: every action after it applies to that fee line of
    /// the pool (its guard rails, staking parameters and yield cap, auction, rebates,
    /// insurance, markets, pause, guardian, authority), and `execute_proposal` takes the line
    /// as its router. The stage, the split table, the tiers, the voting rules, the stage gates
    /// and the pool's lines are the pool's and cannot follow it.
    ForFeeLine { line: Pubkey },
}

impl GovernedAction {
    /// Whether the action changes what belongs to the pool (and so applies to no fee line).
    pub fn is_pool_only(&self) -> bool {
        matches!(
            self,
            GovernedAction::SetStage { .. }
                | GovernedAction::SetSplit { .. }
                | GovernedAction::SetDiscountTiers { .. }
                | GovernedAction::SetGovernanceParams { .. }
                | GovernedAction::SetStageGates { .. }
                | GovernedAction::AddFeeLine { .. }
                | GovernedAction::ForFeeLine { .. }
        )
    }

    /// The fee line a proposal's actions apply to, when its first action names one.
    pub fn target_line(actions: &[GovernedAction]) -> Option<Pubkey> {
        match actions.first() {
            Some(GovernedAction::ForFeeLine { line }) => Some(*line),
            _ => None,
        }
    }

    /// Specification: `ForFeeLine` comes first or not at all, and no action that belongs to
    /// the pool follows it.
    pub fn check_list(actions: &[GovernedAction]) -> Result<()> {
        let rest = match actions.split_first() {
            Some((GovernedAction::ForFeeLine { .. }, rest)) => {
                require!(
                    !rest.is_empty() && !rest.iter().any(GovernedAction::is_pool_only),
                    FeeRouterError::LineActionNotForLine
                );
                rest
            }
            _ => actions,
        };
        require!(
            !rest
                .iter()
                .any(|a| matches!(a, GovernedAction::ForFeeLine { .. })),
            FeeRouterError::LineActionNotForLine
        );
        Ok(())
    }

    /// Everything that can be checked without the router's state: bounds and sums. Run when
    /// a proposal is created, so a malformed change never reaches a vote, and again by
    /// `config::apply`.
    pub fn validate(&self) -> Result<()> {
        match self {
            GovernedAction::SetSplit { split, .. } => {
                require!(split.is_complete(), FeeRouterError::SetterSplitIncomplete)
            }
            GovernedAction::SetGuardRails { rails } => {
                require!(rails.is_sane(), FeeRouterError::SetterGuardRailsOutOfBounds)
            }
            GovernedAction::SetStakingParams { params } => require!(
                params.is_sane(),
                FeeRouterError::SetterStakingParamsOutOfBounds
            ),
            GovernedAction::SetGovernanceParams { params } => require!(
                params.is_sane(),
                FeeRouterError::SetterGovernanceParamsOutOfBounds
            ),
            GovernedAction::SetGuardian { guardian } => {
                require_keys_neq!(*guardian, Pubkey::default(), FeeRouterError::KeyRequired)
            }
            GovernedAction::ApproveMarket { authority } => {
                require_keys_neq!(*authority, Pubkey::default(), FeeRouterError::KeyRequired)
            }
            GovernedAction::AddFeeLine { line } | GovernedAction::ForFeeLine { line } => {
                require_keys_neq!(*line, Pubkey::default(), FeeRouterError::KeyRequired)
            }
            GovernedAction::ProposeAuthority { proposed } => {
                require_keys_neq!(*proposed, Pubkey::default(), FeeRouterError::KeyRequired)
            }
            GovernedAction::Pause { operations } | GovernedAction::Unpause { operations } => {
                check_operations(*operations)?
            }
            GovernedAction::SetAuctionParams { params } => require!(
                params.is_sane(),
                FeeRouterError::SetterAuctionParamsOutOfBounds
            ),
            GovernedAction::SetDiscountTiers { tiers } => require!(
                tiers.is_sane(),
                FeeRouterError::SetterDiscountTiersOutOfBounds
            ),
            GovernedAction::SetRebateLimits { limits } => require!(
                limits.is_sane(),
                FeeRouterError::SetterRebateLimitsOutOfBounds
            ),
            GovernedAction::SetInsuranceParams { params } => require!(
                params.is_sane(),
                FeeRouterError::SetterInsuranceParamsOutOfBounds
            ),
            GovernedAction::InsurancePayout { amount } => {
                require!(*amount > 0, FeeRouterError::InsuranceZeroAmount)
            }
            GovernedAction::SetStage { .. }
            | GovernedAction::SetStageGates { .. }
            | GovernedAction::CancelAuthorityTransfer
            | GovernedAction::SetRebateAuthority { .. }
            | GovernedAction::SetShortfallAccount { .. }
            | GovernedAction::SetMarketAllowanceCap { .. } => {}
        }
        Ok(())
    }
}
