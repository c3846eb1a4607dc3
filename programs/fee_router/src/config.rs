//! The one configuration path. Every governed change is a [`GovernedAction`]; [`apply`]
//! validates and applies it, whether an external authority calls a setter or a passed
//! proposal executes. A rule such as "a split sums to 10_000" or "a stage gate is met" lives
//! here and nowhere else.
use anchor_lang::prelude::*;

use crate::error::FeeRouterError;
use crate::events::*;
use crate::state::pause::PAUSE_ALL;
use crate::state::{
    Auction, AuctionParams, Governance, GovernanceParams, GuardRails, Router, Split, Stage,
    StakingParams,
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
}

/// The accounts beside the router and governance that some actions change. An action whose
/// account is missing is refused ([`FeeRouterError::AccountMissing`]).
#[derive(Default)]
pub struct Sinks<'a> {
    pub auction: Option<&'a mut Auction>,
}

impl GovernedAction {
    /// Everything that can be checked without the router's state: bounds and sums. Run when
    /// a proposal is created, so a malformed change never reaches a vote, and again by
    /// [`apply`].
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
            GovernedAction::ProposeAuthority { proposed } => {
                require_keys_neq!(*proposed, Pubkey::default(), FeeRouterError::KeyRequired)
            }
            GovernedAction::Pause { operations } | GovernedAction::Unpause { operations } => {
                require!(
                    *operations != 0 && operations & !PAUSE_ALL == 0,
                    FeeRouterError::PauseUnknownOperation
                )
            }
            GovernedAction::SetAuctionParams { params } => require!(
                params.is_sane(),
                FeeRouterError::SetterAuctionParamsOutOfBounds
            ),
            GovernedAction::SetStage { .. }
            | GovernedAction::SetStageGates { .. }
            | GovernedAction::CancelAuthorityTransfer => {}
        }
        Ok(())
    }
}

/// Validates `action` against the router's state and applies it, bumps the configuration
/// version and emits the change's event. The router and governance invariants are the
/// caller's to check once all its actions are applied.
pub fn apply(
    action: &GovernedAction,
    router_key: Pubkey,
    r: &mut Router,
    g: &mut Governance,
    sinks: &mut Sinks,
    now: i64,
) -> Result<()> {
    action.validate()?;
    match *action {
        GovernedAction::SetStage { stage } => {
            let gate = g.stage_gates[stage.index()];
            let trailing = r.trailing_fees(now)?;
            if trailing < u128::from(gate) {
                msg!(
                    "stage gate of {:?}: trailing 30-day fees {}, gate {}, short by {}",
                    stage,
                    trailing,
                    gate,
                    u128::from(gate).saturating_sub(trailing)
                );
                return err!(FeeRouterError::GovernanceStageGateNotMet);
            }
            let before = r.stage()?;
            r.stage = stage as u8;
            emit!(StageChanged {
                router: router_key,
                before,
                after: stage
            });
        }
        GovernedAction::SetSplit { stage, split } => {
            let before = r.splits[stage.index()];
            r.splits[stage.index()] = split;
            emit!(SplitChanged {
                router: router_key,
                stage,
                before,
                after: split
            });
        }
        GovernedAction::SetGuardRails { rails } => {
            let before = r.guard_rails;
            r.guard_rails = rails;
            emit!(GuardRailsChanged {
                router: router_key,
                before,
                after: rails
            });
        }
        GovernedAction::SetStakingParams { params } => {
            // What streamed so far is released under the old cap; the new one applies from now.
            r.update_rewards(now)?;
            let before = r.staking_params;
            r.staking_params = params;
            emit!(StakingParamsChanged {
                router: router_key,
                before,
                after: params
            });
        }
        GovernedAction::SetGuardian { guardian } => {
            let before = r.guardian;
            r.guardian = guardian;
            emit!(GuardianChanged {
                router: router_key,
                before,
                after: guardian
            });
        }
        GovernedAction::SetGovernanceParams { params } => {
            let before = g.params;
            g.params = params;
            emit!(GovernanceParamsChanged {
                router: router_key,
                before,
                after: params
            });
        }
        GovernedAction::SetStageGates { gates } => {
            let before = g.stage_gates;
            g.stage_gates = gates;
            emit!(StageGatesChanged {
                router: router_key,
                before,
                after: gates
            });
        }
        GovernedAction::Pause { operations } => {
            let before = r.paused;
            r.paused |= operations;
            r.paused_by_authority |= operations;
            emit!(PauseChanged {
                router: router_key,
                by: r.authority,
                before,
                after: r.paused,
                held_by_authority: r.paused_by_authority,
            });
        }
        GovernedAction::Unpause { operations } => {
            let before = r.paused;
            r.paused &= !operations;
            r.paused_by_authority &= !operations;
            emit!(PauseChanged {
                router: router_key,
                by: r.authority,
                before,
                after: r.paused,
                held_by_authority: r.paused_by_authority,
            });
        }
        GovernedAction::ProposeAuthority { proposed } => {
            require_keys_neq!(
                proposed,
                r.authority,
                FeeRouterError::AuthorityAlreadyCurrent
            );
            r.pending_authority = proposed;
            emit!(AuthorityProposed {
                router: router_key,
                authority: r.authority,
                proposed
            });
        }
        GovernedAction::SetAuctionParams { params } => {
            let auction = sinks
                .auction
                .as_deref_mut()
                .ok_or(FeeRouterError::AccountMissing)?;
            let before = auction.params;
            auction.params = params;
            // The auction restarts under the new prices, in a new epoch.
            let epoch = crate::math::auction::epoch_at(
                auction.epoch(),
                before.epoch_seconds,
                before.floor_price,
                now,
            );
            auction.epoch_id = epoch.id.saturating_add(1);
            auction.epoch_started_at = now;
            auction.epoch_start_price = params.min_start_price;
            emit!(AuctionParamsChanged {
                router: router_key,
                before,
                after: params
            });
            emit!(AuctionEpochStarted {
                router: router_key,
                epoch_id: auction.epoch_id,
                started_at: now,
                start_price: auction.epoch_start_price,
                floor_price: params.floor_price,
                reason: EpochStart::ParamsChanged,
            });
        }
        GovernedAction::CancelAuthorityTransfer => {
            let cancelled = r
                .pending_authority()
                .ok_or(FeeRouterError::AuthorityNoTransferPending)?;
            r.pending_authority = Pubkey::default();
            emit!(AuthorityTransferCancelled {
                router: router_key,
                authority: r.authority,
                cancelled,
            });
        }
    }
    g.config_version = g
        .config_version
        .checked_add(1)
        .ok_or(FeeRouterError::MathOverflow)?;
    Ok(())
}
