//! Instruction builders: one struct or function per instruction, holding what a caller
//! knows; the derivable accounts are derived here. Grouped by capability, each group a module
//! whose builders are also re-exported here (`ix::set_split` is `ix::intake::set_split`):
//!
//! - [`router`] — `initialize_router`;
//! - [`intake`] — `deposit_fees`, `distribute`, the stage, the splits and the guard rails;
//! - [`staking`] — positions, stake, unstake, withdrawals, rewards, sweeps, staking parameters;
//! - [`governance`] — proposals, votes, execution, vetoes, voting rules and stage gates;
//! - [`authority`] — the authority's hand-over, the guardian, pause and unpause;
//! - [`buyback`] — the auction's purchases and parameters;
//! - [`discount`] — rebates, tiers, the rebate authority and its limits;
//! - [`insurance`] — payouts, their limits and the shortfall account.
//!
//! [`apply_as_authority`] maps each [`GovernedAction`] to the setter an external authority
//! applies it with: the one place the action vocabulary meets the instructions.
use anchor_lang::prelude::Pubkey;
use anchor_lang::solana_program::instruction::Instruction;
use anchor_lang::{InstructionData, ToAccountMetas};
use fee_router::accounts;
use fee_router::config::GovernedAction;
use fee_router::state::Router;

use crate::pda;

pub mod authority;
pub mod buyback;
pub mod discount;
pub mod governance;
pub mod insurance;
pub mod intake;
pub mod market;
pub mod pool;
pub mod router;
pub mod staking;

pub use authority::*;
pub use buyback::*;
pub use discount::*;
pub use governance::*;
pub use insurance::*;
pub use intake::*;
pub use market::*;
pub use pool::*;
pub use router::*;
pub use staking::*;

fn build(accounts: impl ToAccountMetas, data: impl InstructionData) -> Instruction {
    Instruction {
        program_id: fee_router::ID,
        accounts: accounts.to_account_metas(None),
        data: data.data(),
    }
}

/// The account an instruction registers, passed for the program to check; none when the
/// registration is withdrawn (the default address).
fn registered(account: Pubkey) -> Option<Pubkey> {
    (account != Pubkey::default()).then_some(account)
}

fn authority_only(router: &Pubkey, authority: &Pubkey) -> accounts::AuthorityOnly {
    accounts::AuthorityOnly {
        authority: *authority,
        router: *router,
        governance: pda::governance(router),
    }
}

/// What every fee-token instruction needs to know about the router.
#[derive(Clone, Copy, Debug)]
pub struct FeeSide {
    pub router: Pubkey,
    pub fee_mint: Pubkey,
    pub fee_token_program: Pubkey,
}

impl FeeSide {
    /// The fee side of the router at `router`, from its state.
    pub fn of(router: Pubkey, state: &Router) -> Self {
        Self {
            router,
            fee_mint: state.fee_mint,
            fee_token_program: state.fee_token_program,
        }
    }
}

/// What every protocol-token (stake) instruction needs to know about the router.
#[derive(Clone, Copy, Debug)]
pub struct ProtocolSide {
    pub router: Pubkey,
    pub protocol_mint: Pubkey,
    pub protocol_token_program: Pubkey,
}

impl ProtocolSide {
    /// The protocol side of the router at `router`, from its state.
    pub fn of(router: Pubkey, state: &Router) -> Self {
        Self {
            router,
            protocol_mint: state.protocol_mint,
            protocol_token_program: state.protocol_token_program,
        }
    }
}

/// What an insurance payout needs beyond its amount, for [`apply_as_authority`]: the
/// router's fee mint and its token program, the registered shortfall account it pays, and the
/// payouts the fund had made when it was prepared (`InsuranceFund.totals.payouts`; with it,
/// sent twice, it pays once; `None` leaves it unbound).
#[derive(Clone, Copy, Debug)]
pub struct Payout {
    pub fee_mint: Pubkey,
    pub fee_token_program: Pubkey,
    pub shortfall_account: Pubkey,
    pub payouts_before: Option<u64>,
}

/// [`apply_as_authority`] was asked for an insurance payout without its [`Payout`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PayoutNotGiven {
    /// An insurance payout without its accounts.
    Accounts,
    /// `ForFeeLine` has no setter: a line's own authority calls the setters on the line.
    ForFeeLine,
}

impl std::fmt::Display for PayoutNotGiven {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            PayoutNotGiven::Accounts => {
                "an insurance payout needs its accounts: the fee mint, its token program and \
                 the shortfall account"
            }
            PayoutNotGiven::ForFeeLine => {
                "ForFeeLine marks a proposal for a fee line; an external authority calls the \
                 setters on the line itself"
            }
        })
    }
}

impl std::error::Error for PayoutNotGiven {}

/// The instruction by which `authority`, the router's external authority, applies `action`
/// on `router`: every governed action's setter, mapped here and nowhere else (a proposal
/// carries the same actions: [`create_proposal`]). `Pause` and `Unpause` may also be signed
/// by the guardian, as `authority`. The setters that register an account
/// (`SetShortfallAccount`, and `SetAuctionParams` with a treasury) pass the account the action
/// names. `InsurancePayout` needs `payout` and is refused without it; every other action
/// ignores it.
pub fn apply_as_authority(
    router: &Pubkey,
    authority: &Pubkey,
    action: GovernedAction,
    payout: Option<&Payout>,
) -> Result<Instruction, PayoutNotGiven> {
    use GovernedAction as A;
    Ok(match action {
        A::SetStage { stage } => set_stage(router, authority, stage),
        A::SetSplit { stage, split } => set_split(router, authority, stage, split),
        A::SetGuardRails { rails } => set_guard_rails(router, authority, rails),
        A::SetStakingParams { params } => set_staking_params(router, authority, params),
        A::SetGuardian { guardian } => set_guardian(router, authority, guardian),
        A::SetGovernanceParams { params } => set_governance_params(router, authority, params),
        A::SetStageGates { gates } => set_stage_gates(router, authority, gates),
        A::Pause { operations } => pause(router, authority, operations),
        A::Unpause { operations } => unpause(router, authority, operations),
        A::ProposeAuthority { proposed } => propose_authority(router, authority, proposed),
        A::CancelAuthorityTransfer => cancel_authority_transfer(router, authority),
        A::SetAuctionParams { params } => set_auction_params(router, authority, params),
        A::SetDiscountTiers { tiers } => set_discount_tiers(router, authority, tiers),
        A::SetRebateAuthority {
            authority: rebate_authority,
        } => set_rebate_authority(router, authority, rebate_authority),
        A::SetRebateLimits { limits } => set_rebate_limits(router, authority, limits),
        A::SetInsuranceParams { params } => set_insurance_params(router, authority, params),
        A::SetShortfallAccount { account } => set_shortfall_account(router, authority, account),
        A::ApproveMarket {
            authority: market_authority,
        } => approve_market(router, authority, market_authority),
        A::SetMarketAllowanceCap { cap } => set_market_allowance_cap(router, authority, cap),
        A::AddFeeLine { line } => add_fee_line(router, &line, authority, authority),
        A::ForFeeLine { .. } => return Err(PayoutNotGiven::ForFeeLine),
        A::InsurancePayout { amount } => {
            let p = payout.ok_or(PayoutNotGiven::Accounts)?;
            let side = FeeSide {
                router: *router,
                fee_mint: p.fee_mint,
                fee_token_program: p.fee_token_program,
            };
            pay_insurance_once(
                &side,
                authority,
                &p.shortfall_account,
                amount,
                p.payouts_before,
            )
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use fee_router::state::{
        AuctionParams, DiscountTiers, GovernanceParams, InsuranceParams, RebateLimits, RebateTier,
        Split, Stage, DEFAULT_GUARD_RAILS, DEFAULT_STAKING_PARAMS, MAX_TIERS,
    };

    #[test]
    fn each_action_applies_as_its_own_setter() {
        let (router, authority, key) = (
            Pubkey::new_unique(),
            Pubkey::new_unique(),
            Pubkey::new_unique(),
        );
        let (r, a) = (&router, &authority);
        let split = Split::new(2_500, 2_500, 2_500, 2_500);
        let auction = AuctionParams {
            treasury: key,
            ..AuctionParams::DEFAULT
        };
        let voting = GovernanceParams {
            voting_period_seconds: 3_600,
            timelock_seconds: 3_600,
            grace_seconds: 3_600,
            quorum_bps: 1_000,
            approval_bps: 5_000,
            min_stake_to_propose: 1,
        };
        let tiers = DiscountTiers {
            warmup_seconds: 60,
            tiers: [RebateTier {
                min_stake: 1,
                rebate_bps: 100,
            }; MAX_TIERS],
        };
        let cases = [
            (
                GovernedAction::SetStage {
                    stage: Stage::Growth,
                },
                set_stage(r, a, Stage::Growth),
            ),
            (
                GovernedAction::SetSplit {
                    stage: Stage::Mature,
                    split,
                },
                set_split(r, a, Stage::Mature, split),
            ),
            (
                GovernedAction::SetGuardRails {
                    rails: DEFAULT_GUARD_RAILS,
                },
                set_guard_rails(r, a, DEFAULT_GUARD_RAILS),
            ),
            (
                GovernedAction::SetStakingParams {
                    params: DEFAULT_STAKING_PARAMS,
                },
                set_staking_params(r, a, DEFAULT_STAKING_PARAMS),
            ),
            (
                GovernedAction::SetGuardian { guardian: key },
                set_guardian(r, a, key),
            ),
            (
                GovernedAction::SetGovernanceParams { params: voting },
                set_governance_params(r, a, voting),
            ),
            (
                GovernedAction::SetStageGates { gates: [1, 2, 3] },
                set_stage_gates(r, a, [1, 2, 3]),
            ),
            (GovernedAction::Pause { operations: 3 }, pause(r, a, 3)),
            (GovernedAction::Unpause { operations: 3 }, unpause(r, a, 3)),
            (
                GovernedAction::ProposeAuthority { proposed: key },
                propose_authority(r, a, key),
            ),
            (
                GovernedAction::CancelAuthorityTransfer,
                cancel_authority_transfer(r, a),
            ),
            (
                GovernedAction::SetAuctionParams { params: auction },
                set_auction_params(r, a, auction),
            ),
            (
                GovernedAction::SetDiscountTiers { tiers },
                set_discount_tiers(r, a, tiers),
            ),
            (
                GovernedAction::SetRebateAuthority { authority: key },
                set_rebate_authority(r, a, key),
            ),
            (
                GovernedAction::SetRebateLimits {
                    limits: RebateLimits::DEFAULT,
                },
                set_rebate_limits(r, a, RebateLimits::DEFAULT),
            ),
            (
                GovernedAction::SetInsuranceParams {
                    params: InsuranceParams::DEFAULT,
                },
                set_insurance_params(r, a, InsuranceParams::DEFAULT),
            ),
            (
                GovernedAction::SetShortfallAccount { account: key },
                set_shortfall_account(r, a, key),
            ),
        ];
        for (action, setter) in cases {
            assert_eq!(
                apply_as_authority(r, a, action, None),
                Ok(setter),
                "{action:?}"
            );
        }
    }

    #[test]
    fn an_insurance_payout_applies_only_with_its_accounts() {
        let (router, authority) = (Pubkey::new_unique(), Pubkey::new_unique());
        let payout = Payout {
            fee_mint: Pubkey::new_unique(),
            fee_token_program: Pubkey::new_unique(),
            shortfall_account: Pubkey::new_unique(),
            payouts_before: Some(4),
        };
        let action = GovernedAction::InsurancePayout { amount: 7 };
        assert_eq!(
            apply_as_authority(&router, &authority, action, None),
            Err(PayoutNotGiven::Accounts)
        );
        let side = FeeSide {
            router,
            fee_mint: payout.fee_mint,
            fee_token_program: payout.fee_token_program,
        };
        assert_eq!(
            apply_as_authority(&router, &authority, action, Some(&payout)),
            Ok(pay_insurance_once(
                &side,
                &authority,
                &payout.shortfall_account,
                7,
                Some(4)
            ))
        );
    }
}
