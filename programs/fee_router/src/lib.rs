//! fee-router: routes an exchange's collected fees into four vaults — buyback, stakers,
//! insurance, discount — by a split that follows the product's life-cycle stage.
#![allow(unexpected_cfgs)]
#![deny(clippy::arithmetic_side_effects)]

#[cfg(target_arch = "bpf")]
use solana_compiler_builtins as _;

use anchor_lang::prelude::*;

pub mod config;
pub mod constants;
pub mod error;
pub mod event_log;
pub mod events;
pub mod instructions;
pub mod math;
pub mod state;
pub mod token;

use config::GovernedAction;
use instructions::*;

declare_id!("YTujpi5EWS6n39UEi3zxaZPccSKkBTJNUbuQybsGPFD");

/// Entry points, one line each. Anchor dispatches by testing each discriminator in the order
/// below, so the instructions an exchange calls on every trade come first.
#[program]
pub mod fee_router {
    use super::*;

    /// Pays `args.amount` of fees into the intake; the router credits what arrived.
    #[access_control(ctx.accounts.validate(&args))]
    pub fn deposit_fees(ctx: Context<DepositFees>, args: DepositFeesArgs) -> Result<()> {
        instructions::deposit_fees::handler(ctx, args)
    }

    /// The exchange's rebate authority reports a trader's fee; the router pays the trader's
    /// stake-tiered rebate from the discount vault, within the governed bounds per report and
    /// per rolling period (what it holds, if short; never fails the trade for lack of funds,
    /// tier or room under the bounds).
    #[access_control(ctx.accounts.validate(&args))]
    pub fn rebate(ctx: Context<Rebate>, args: RebateArgs) -> Result<()> {
        instructions::rebate::handler(ctx, args)
    }

    /// Sweeps the intake into the four vaults by the current stage's split and guard rails.
    #[access_control(ctx.accounts.validate())]
    pub fn distribute(ctx: Context<Distribute>) -> Result<()> {
        instructions::distribute::handler(ctx)
    }

    /// Pays the position's earned rewards. Never paused.
    #[access_control(ctx.accounts.validate())]
    pub fn claim_rewards(ctx: Context<ClaimRewards>) -> Result<()> {
        instructions::claim_rewards::handler(ctx)
    }

    /// Stakes protocol tokens into the owner's position.
    #[access_control(ctx.accounts.validate(&args))]
    pub fn stake(ctx: Context<Stake>, args: StakeArgs) -> Result<()> {
        instructions::stake::handler(ctx, args)
    }

    /// Starts the cooldown of part of the position's active stake; it stops earning now.
    #[access_control(ctx.accounts.validate(&args))]
    pub fn request_unstake(ctx: Context<RequestUnstake>, args: RequestUnstakeArgs) -> Result<()> {
        instructions::request_unstake::handler(ctx, args)
    }

    /// Returns unstaked principal once its cooldown is over. Never paused.
    #[access_control(ctx.accounts.validate())]
    pub fn withdraw_unstaked(ctx: Context<WithdrawUnstaked>) -> Result<()> {
        instructions::withdraw_unstaked::handler(ctx)
    }

    /// Anyone: buys fee tokens from the buyback auction; the payment is burned (or sent to
    /// the governed treasury).
    #[access_control(ctx.accounts.validate())]
    pub fn buy(ctx: Context<Buy>, args: BuyArgs) -> Result<()> {
        instructions::buy::handler(ctx, args)
    }

    /// Opens the owner's stake position (once per router and owner).
    pub fn open_position(ctx: Context<OpenPosition>) -> Result<()> {
        instructions::open_position::handler(ctx)
    }

    /// Anyone: sends fee tokens in the stakers vault above what it owes to buyback.
    #[access_control(ctx.accounts.validate())]
    pub fn sweep_rewards_surplus(ctx: Context<SweepRewardsSurplus>) -> Result<()> {
        instructions::sweep_rewards_surplus::handler(ctx)
    }

    /// Anyone: burns protocol tokens in the stake vault above all stake.
    #[access_control(ctx.accounts.validate())]
    pub fn sweep_stake_surplus(ctx: Context<SweepStakeSurplus>) -> Result<()> {
        instructions::sweep_stake_surplus::handler(ctx)
    }

    /// Guardian or authority: pauses the operations named by `args.operations`.
    #[access_control(ctx.accounts.validate(&args))]
    pub fn pause(ctx: Context<GuardianOrAuthority>, args: PauseArgs) -> Result<()> {
        instructions::pause::handler(ctx, args, true)
    }

    /// Guardian or authority: unpauses operations; the guardian cannot lift the authority's.
    #[access_control(ctx.accounts.validate(&args))]
    pub fn unpause(ctx: Context<GuardianOrAuthority>, args: PauseArgs) -> Result<()> {
        instructions::pause::handler(ctx, args, false)
    }

    /// Authority: moves the router to another life-cycle stage (its stage gate must be met).
    #[access_control(ctx.accounts.authorize())]
    pub fn set_stage(ctx: Context<AuthorityOnly>, args: SetStageArgs) -> Result<()> {
        apply_as_authority(ctx, GovernedAction::SetStage { stage: args.stage })
    }

    /// Authority: replaces one stage's split (the shares sum to 10_000 bps).
    #[access_control(ctx.accounts.authorize())]
    pub fn set_split(ctx: Context<AuthorityOnly>, args: SetSplitArgs) -> Result<()> {
        apply_as_authority(
            ctx,
            GovernedAction::SetSplit {
                stage: args.stage,
                split: args.split,
            },
        )
    }

    /// Authority: replaces the guard rails (insurance floor, top-up share and cap; discount cap).
    #[access_control(ctx.accounts.authorize())]
    pub fn set_guard_rails(ctx: Context<AuthorityOnly>, args: SetGuardRailsArgs) -> Result<()> {
        apply_as_authority(ctx, GovernedAction::SetGuardRails { rails: args.rails })
    }

    /// Authority: replaces the staking parameters (cooldown, stream period, yield cap).
    #[access_control(ctx.accounts.authorize())]
    pub fn set_staking_params(
        ctx: Context<AuthorityOnly>,
        args: SetStakingParamsArgs,
    ) -> Result<()> {
        apply_as_authority(
            ctx,
            GovernedAction::SetStakingParams {
                params: args.params,
            },
        )
    }

    /// Authority: names a new guardian.
    #[access_control(ctx.accounts.authorize())]
    pub fn set_guardian(ctx: Context<AuthorityOnly>, args: SetGuardianArgs) -> Result<()> {
        apply_as_authority(
            ctx,
            GovernedAction::SetGuardian {
                guardian: args.guardian,
            },
        )
    }

    /// Authority: replaces the governance's voting rules.
    #[access_control(ctx.accounts.authorize())]
    pub fn set_governance_params(
        ctx: Context<AuthorityOnly>,
        args: SetGovernanceParamsArgs,
    ) -> Result<()> {
        apply_as_authority(
            ctx,
            GovernedAction::SetGovernanceParams {
                params: args.params,
            },
        )
    }

    /// Authority: replaces the stage gates (trailing 30-day fee volume per stage).
    #[access_control(ctx.accounts.authorize())]
    pub fn set_stage_gates(ctx: Context<AuthorityOnly>, args: SetStageGatesArgs) -> Result<()> {
        apply_as_authority(ctx, GovernedAction::SetStageGates { gates: args.gates })
    }

    /// Authority: replaces the buyback auction's parameters (prices, multiplier, caps, treasury).
    #[access_control(ctx.accounts.authorize())]
    pub fn set_auction_params(
        ctx: Context<AuthorityWithAuction>,
        args: SetAuctionParamsArgs,
    ) -> Result<()> {
        apply_to_auction_as_authority(
            ctx,
            GovernedAction::SetAuctionParams {
                params: args.params,
            },
        )
    }

    /// Authority: replaces the discount tier table and warm-up.
    #[access_control(ctx.accounts.authorize())]
    pub fn set_discount_tiers(
        ctx: Context<AuthorityWithRebates>,
        args: SetDiscountTiersArgs,
    ) -> Result<()> {
        apply_to_rebates_as_authority(ctx, GovernedAction::SetDiscountTiers { tiers: args.tiers })
    }

    /// Authority: registers the exchange's rebate authority (a key or its program's PDA).
    #[access_control(ctx.accounts.authorize())]
    pub fn set_rebate_authority(
        ctx: Context<AuthorityWithRebates>,
        args: SetRebateAuthorityArgs,
    ) -> Result<()> {
        apply_to_rebates_as_authority(
            ctx,
            GovernedAction::SetRebateAuthority {
                authority: args.authority,
            },
        )
    }

    /// Authority: replaces the bounds on what rebate reports pay out (per report, per
    /// rolling period).
    #[access_control(ctx.accounts.authorize())]
    pub fn set_rebate_limits(
        ctx: Context<AuthorityWithRebates>,
        args: SetRebateLimitsArgs,
    ) -> Result<()> {
        apply_to_rebates_as_authority(
            ctx,
            GovernedAction::SetRebateLimits {
                limits: args.limits,
            },
        )
    }

    /// Authority: replaces the insurance payout limit (rolling period, share of the fund).
    #[access_control(ctx.accounts.authorize())]
    pub fn set_insurance_params(
        ctx: Context<AuthorityWithInsurance>,
        args: SetInsuranceParamsArgs,
    ) -> Result<()> {
        apply_to_insurance_as_authority(
            ctx,
            GovernedAction::SetInsuranceParams {
                params: args.params,
            },
        )
    }

    /// Authority: registers the exchange's shortfall account, where insurance pays out.
    #[access_control(ctx.accounts.authorize())]
    pub fn set_shortfall_account(
        ctx: Context<AuthoritySetsShortfallAccount>,
        args: SetShortfallAccountArgs,
    ) -> Result<()> {
        set_shortfall_account_as_authority(ctx, args.account)
    }

    /// Authority: pays the registered shortfall account from the insurance fund, within the
    /// rolling payout limit.
    #[access_control(ctx.accounts.authorize())]
    pub fn pay_insurance(ctx: Context<PayInsurance>, args: PayInsuranceArgs) -> Result<()> {
        pay_insurance_as_authority(ctx, args.amount, args.payouts_before)
    }

    /// Authority: proposes a new authority (its own governance, or another key), which takes
    /// over when it accepts.
    #[access_control(ctx.accounts.authorize())]
    pub fn propose_authority(
        ctx: Context<AuthorityOnly>,
        args: ProposeAuthorityArgs,
    ) -> Result<()> {
        apply_as_authority(
            ctx,
            GovernedAction::ProposeAuthority {
                proposed: args.proposed,
            },
        )
    }

    /// Authority: withdraws a pending authority proposal.
    #[access_control(ctx.accounts.authorize())]
    pub fn cancel_authority_transfer(ctx: Context<AuthorityOnly>) -> Result<()> {
        apply_as_authority(ctx, GovernedAction::CancelAuthorityTransfer)
    }

    /// The proposed authority accepts and becomes the authority.
    pub fn accept_authority(ctx: Context<AcceptAuthority>) -> Result<()> {
        instructions::accept_authority::handler(ctx)
    }

    /// Anyone: hands the router to its governance once the authority proposed it.
    pub fn accept_governance_authority(ctx: Context<AcceptGovernanceAuthority>) -> Result<()> {
        instructions::accept_governance_authority::handler(ctx)
    }

    /// A staker with enough stake proposes one to four governed actions.
    #[access_control(ctx.accounts.validate(&args))]
    pub fn create_proposal(ctx: Context<CreateProposal>, args: CreateProposalArgs) -> Result<()> {
        instructions::create_proposal::handler(ctx, args)
    }

    /// A staker votes with the stake that was active before the proposal was created.
    #[access_control(ctx.accounts.validate())]
    pub fn cast_vote(ctx: Context<CastVote>, args: CastVoteArgs) -> Result<()> {
        instructions::cast_vote::handler(ctx, args)
    }

    /// The voter changes its vote while voting is open; the recorded weight moves with it.
    #[access_control(ctx.accounts.validate())]
    pub fn change_vote(ctx: Context<ChangeVote>, args: ChangeVoteArgs) -> Result<()> {
        instructions::change_vote::handler(ctx, args)
    }

    /// Anyone, after voting ends: records passed, defeated or quorum missed.
    #[access_control(ctx.accounts.validate())]
    pub fn finalize_proposal(ctx: Context<FinalizeProposal>) -> Result<()> {
        instructions::finalize_proposal::handler(ctx)
    }

    /// Anyone but the guardian, after the timelock and before expiry: applies a passed
    /// proposal's actions.
    #[access_control(ctx.accounts.validate())]
    pub fn execute_proposal(ctx: Context<ExecuteProposal>) -> Result<()> {
        instructions::execute_proposal::handler(ctx)
    }

    /// The proposer withdraws a proposal before any vote.
    #[access_control(ctx.accounts.validate())]
    pub fn cancel_proposal(ctx: Context<CancelProposal>) -> Result<()> {
        instructions::cancel_proposal::handler(ctx)
    }

    /// The guardian vetoes a passed proposal during its timelock.
    #[access_control(ctx.accounts.validate())]
    pub fn veto_proposal(ctx: Context<VetoProposal>) -> Result<()> {
        instructions::veto_proposal::handler(ctx)
    }

    /// Creates a router for a fee mint and a protocol mint, its six vaults (intake, buyback,
    /// stakers, insurance, discount; stake), the seed's split table and default guard rails,
    /// and the accounts of its capabilities (governance, auction, rebates, insurance fund).
    #[access_control(ctx.accounts.validate(&args))]
    pub fn initialize_router(
        ctx: Context<InitializeRouter>,
        args: InitializeRouterArgs,
    ) -> Result<()> {
        instructions::initialize_router::handler(ctx, args)
    }
}
