//! fee-router: routes an exchange's collected fees into four vaults — buyback, stakers,
//! insurance, discount — by a split that follows the product's life-cycle stage.
#![allow(unexpected_cfgs)]
#![deny(clippy::arithmetic_side_effects)]

#[cfg(target_arch = "bpf")]
use solana_compiler_builtins as _;

use anchor_lang::prelude::*;

pub mod batch_cpi;
pub mod config;
pub mod constants;
pub mod error;
pub mod event_log;
pub mod events;
pub mod instructions;
pub mod math;
pub mod state;
pub mod token;

use instructions::*;

declare_id!("YTujpi5EWS6n39UEi3zxaZPccSKkBTJNUbuQybsGPFD");

/// Entry points, one line each. Anchor dispatches by testing each discriminator in the order
/// below, so the instructions an exchange calls on every trade come first.
#[program]
pub mod fee_router {
    use super::*;

    /// The market's registered authority charges a trade's fee into the market's fee
    /// account, net of the trader's stake-tiered discount (funded by the market's allowance);
    /// writes no account another market's trade writes, and no router state can make it fail.
    #[access_control(ctx.accounts.validate())]
    pub fn charge_fee(ctx: Context<ChargeFee>, args: ChargeFeeArgs) -> Result<()> {
        instructions::market::charge_fee::charge_fee(ctx, args)
    }

    /// Pays `args.amount` of fees into the intake; the router credits what arrived.
    #[access_control(ctx.accounts.validate(&args))]
    pub fn deposit_fees(ctx: Context<DepositFees>, args: DepositFeesArgs) -> Result<()> {
        instructions::intake::deposit_fees::deposit_fees(ctx, args)
    }

    /// The exchange's rebate authority reports a trader's fee; the router pays the trader's
    /// stake-tiered rebate from the discount vault, within the governed bounds per report and
    /// per rolling period (what it holds, if short; never fails the trade for lack of funds,
    /// tier or room under the bounds).
    #[access_control(ctx.accounts.validate(&args))]
    pub fn rebate(ctx: Context<Rebate>, args: RebateArgs) -> Result<()> {
        instructions::discount::rebate::rebate(ctx, args)
    }

    /// Sweeps the intake into the four vaults by the current stage's split and guard rails.
    #[access_control(ctx.accounts.validate())]
    pub fn distribute(ctx: Context<Distribute>) -> Result<()> {
        instructions::intake::distribute::distribute(ctx)
    }

    /// Pays the position's earned rewards. Never paused.
    #[access_control(ctx.accounts.validate())]
    pub fn claim_rewards(ctx: Context<ClaimRewards>) -> Result<()> {
        instructions::staking::claim_rewards::claim_rewards(ctx)
    }

    /// Stakes protocol tokens into the owner's position.
    #[access_control(ctx.accounts.validate(&args))]
    pub fn stake(ctx: Context<Stake>, args: StakeArgs) -> Result<()> {
        instructions::staking::stake::stake(ctx, args)
    }

    /// Starts the cooldown of part of the position's active stake; it stops earning now.
    #[access_control(ctx.accounts.validate(&args))]
    pub fn request_unstake(ctx: Context<RequestUnstake>, args: RequestUnstakeArgs) -> Result<()> {
        instructions::staking::request_unstake::request_unstake(ctx, args)
    }

    /// Returns unstaked principal once its cooldown is over. Never paused.
    #[access_control(ctx.accounts.validate())]
    pub fn withdraw_unstaked(ctx: Context<WithdrawUnstaked>) -> Result<()> {
        instructions::staking::withdraw_unstaked::withdraw_unstaked(ctx)
    }

    /// Anyone: buys fee tokens from the buyback auction; the payment is burned (or sent to
    /// the governed treasury).
    #[access_control(ctx.accounts.validate())]
    pub fn buy(ctx: Context<Buy>, args: BuyArgs) -> Result<()> {
        instructions::buyback::buy::buy(ctx, args)
    }

    /// Opens the owner's stake position (once per router and owner).
    pub fn open_position(ctx: Context<OpenPosition>) -> Result<()> {
        instructions::staking::open_position::open_position(ctx)
    }

    /// Anyone: sends fee tokens in the stakers vault above what it owes to buyback.
    #[access_control(ctx.accounts.validate())]
    pub fn sweep_rewards_surplus(ctx: Context<SweepRewardsSurplus>) -> Result<()> {
        instructions::staking::sweep_rewards_surplus::sweep_rewards_surplus(ctx)
    }

    /// Anyone: burns protocol tokens in the stake vault above all stake.
    #[access_control(ctx.accounts.validate())]
    pub fn sweep_stake_surplus(ctx: Context<SweepStakeSurplus>) -> Result<()> {
        instructions::staking::sweep_stake_surplus::sweep_stake_surplus(ctx)
    }

    /// Guardian or authority: pauses the operations named by `args.operations`.
    #[access_control(ctx.accounts.validate(&args))]
    pub fn pause(ctx: Context<GuardianOrAuthority>, args: PauseArgs) -> Result<()> {
        instructions::authority::pause::pause(ctx, args)
    }

    /// Guardian or authority: unpauses operations; the guardian cannot lift the authority's.
    #[access_control(ctx.accounts.validate(&args))]
    pub fn unpause(ctx: Context<GuardianOrAuthority>, args: PauseArgs) -> Result<()> {
        instructions::authority::pause::unpause(ctx, args)
    }

    /// Authority: moves the router to another life-cycle stage (its stage gate must be met).
    #[access_control(ctx.accounts.authorize())]
    pub fn set_stage(ctx: Context<AuthorityOnly>, args: SetStageArgs) -> Result<()> {
        instructions::intake::set_stage::set_stage(ctx, args)
    }

    /// Authority: replaces one stage's split (the shares sum to 10_000 bps).
    #[access_control(ctx.accounts.authorize())]
    pub fn set_split(ctx: Context<AuthorityOnly>, args: SetSplitArgs) -> Result<()> {
        instructions::intake::set_split::set_split(ctx, args)
    }

    /// Authority: replaces the guard rails (insurance floor, top-up share and cap; discount cap).
    #[access_control(ctx.accounts.authorize())]
    pub fn set_guard_rails(ctx: Context<AuthorityOnly>, args: SetGuardRailsArgs) -> Result<()> {
        instructions::intake::set_guard_rails::set_guard_rails(ctx, args)
    }

    /// Authority: replaces the staking parameters (cooldown, stream period, yield cap).
    #[access_control(ctx.accounts.authorize())]
    pub fn set_staking_params(
        ctx: Context<AuthorityOnly>,
        args: SetStakingParamsArgs,
    ) -> Result<()> {
        instructions::staking::set_staking_params::set_staking_params(ctx, args)
    }

    /// Authority: names a new guardian.
    #[access_control(ctx.accounts.authorize())]
    pub fn set_guardian(ctx: Context<AuthorityOnly>, args: SetGuardianArgs) -> Result<()> {
        instructions::authority::set_guardian::set_guardian(ctx, args)
    }

    /// Authority: replaces the governance's voting rules.
    #[access_control(ctx.accounts.authorize())]
    pub fn set_governance_params(
        ctx: Context<AuthorityOnly>,
        args: SetGovernanceParamsArgs,
    ) -> Result<()> {
        instructions::governance::set_governance_params::set_governance_params(ctx, args)
    }

    /// Authority: replaces the stage gates (trailing 30-day fee volume per stage).
    #[access_control(ctx.accounts.authorize())]
    pub fn set_stage_gates(ctx: Context<AuthorityOnly>, args: SetStageGatesArgs) -> Result<()> {
        instructions::governance::set_stage_gates::set_stage_gates(ctx, args)
    }

    /// Authority: replaces the buyback auction's parameters (prices, multiplier, caps, treasury).
    #[access_control(ctx.accounts.authorize())]
    pub fn set_auction_params(
        ctx: Context<AuthorityWithAuction>,
        args: SetAuctionParamsArgs,
    ) -> Result<()> {
        instructions::buyback::set_auction_params::set_auction_params(ctx, args)
    }

    /// Authority: replaces the discount tier table and warm-up.
    #[access_control(ctx.accounts.authorize())]
    pub fn set_discount_tiers(
        ctx: Context<AuthorityWithRebates>,
        args: SetDiscountTiersArgs,
    ) -> Result<()> {
        instructions::discount::set_discount_tiers::set_discount_tiers(ctx, args)
    }

    /// Authority: registers the exchange's rebate authority (a key or its program's PDA).
    #[access_control(ctx.accounts.authorize())]
    pub fn set_rebate_authority(
        ctx: Context<AuthorityWithRebates>,
        args: SetRebateAuthorityArgs,
    ) -> Result<()> {
        instructions::discount::set_rebate_authority::set_rebate_authority(ctx, args)
    }

    /// Authority: replaces the bounds on what rebate reports pay out (per report, per
    /// rolling period).
    #[access_control(ctx.accounts.authorize())]
    pub fn set_rebate_limits(
        ctx: Context<AuthorityWithRebates>,
        args: SetRebateLimitsArgs,
    ) -> Result<()> {
        instructions::discount::set_rebate_limits::set_rebate_limits(ctx, args)
    }

    /// Authority: replaces the insurance payout limit (rolling period, share of the fund).
    #[access_control(ctx.accounts.authorize())]
    pub fn set_insurance_params(
        ctx: Context<AuthorityWithInsurance>,
        args: SetInsuranceParamsArgs,
    ) -> Result<()> {
        instructions::insurance::set_insurance_params::set_insurance_params(ctx, args)
    }

    /// Authority: registers the exchange's shortfall account, where insurance pays out.
    #[access_control(ctx.accounts.authorize())]
    pub fn set_shortfall_account(
        ctx: Context<AuthoritySetsShortfallAccount>,
        args: SetShortfallAccountArgs,
    ) -> Result<()> {
        instructions::insurance::set_shortfall_account::set_shortfall_account(ctx, args)
    }

    /// Authority: pays the registered shortfall account from the insurance fund, within the
    /// rolling payout limit.
    #[access_control(ctx.accounts.authorize())]
    pub fn pay_insurance(ctx: Context<PayInsurance>, args: PayInsuranceArgs) -> Result<()> {
        instructions::insurance::pay_insurance::pay_insurance(ctx, args)
    }

    /// Authority: proposes a new authority (its own governance, or another key), which takes
    /// over when it accepts.
    #[access_control(ctx.accounts.authorize())]
    pub fn propose_authority(
        ctx: Context<AuthorityOnly>,
        args: ProposeAuthorityArgs,
    ) -> Result<()> {
        instructions::authority::propose_authority::propose_authority(ctx, args)
    }

    /// Authority: withdraws a pending authority proposal.
    #[access_control(ctx.accounts.authorize())]
    pub fn cancel_authority_transfer(ctx: Context<AuthorityOnly>) -> Result<()> {
        instructions::authority::cancel_authority_transfer::cancel_authority_transfer(ctx)
    }

    /// The proposed authority accepts and becomes the authority.
    pub fn accept_authority(ctx: Context<AcceptAuthority>) -> Result<()> {
        instructions::authority::accept_authority::accept_authority(ctx)
    }

    /// Anyone: hands the router to its governance once the authority proposed it.
    pub fn accept_governance_authority(ctx: Context<AcceptGovernanceAuthority>) -> Result<()> {
        instructions::authority::accept_governance_authority::accept_governance_authority(ctx)
    }

    /// A staker with enough stake proposes one to four governed actions.
    #[access_control(ctx.accounts.validate(&args))]
    pub fn create_proposal(ctx: Context<CreateProposal>, args: CreateProposalArgs) -> Result<()> {
        instructions::governance::create_proposal::create_proposal(ctx, args)
    }

    /// A staker votes with the stake that was active before the proposal was created.
    #[access_control(ctx.accounts.validate())]
    pub fn cast_vote(ctx: Context<CastVote>, args: CastVoteArgs) -> Result<()> {
        instructions::governance::cast_vote::cast_vote(ctx, args)
    }

    /// The voter changes its vote while voting is open; the recorded weight moves with it.
    #[access_control(ctx.accounts.validate())]
    pub fn change_vote(ctx: Context<ChangeVote>, args: ChangeVoteArgs) -> Result<()> {
        instructions::governance::change_vote::change_vote(ctx, args)
    }

    /// Anyone, after voting ends: records passed, defeated or quorum missed.
    #[access_control(ctx.accounts.validate())]
    pub fn finalize_proposal(ctx: Context<FinalizeProposal>) -> Result<()> {
        instructions::governance::finalize_proposal::finalize_proposal(ctx)
    }

    /// Anyone but the guardian, after the timelock and before expiry: applies a passed
    /// proposal's actions.
    #[access_control(ctx.accounts.validate())]
    pub fn execute_proposal(ctx: Context<ExecuteProposal>) -> Result<()> {
        instructions::governance::execute_proposal::execute_proposal(ctx)
    }

    /// The proposer withdraws a proposal before any vote.
    #[access_control(ctx.accounts.validate())]
    pub fn cancel_proposal(ctx: Context<CancelProposal>) -> Result<()> {
        instructions::governance::cancel_proposal::cancel_proposal(ctx)
    }

    /// The guardian vetoes a passed proposal during its timelock.
    #[access_control(ctx.accounts.validate())]
    pub fn veto_proposal(ctx: Context<VetoProposal>) -> Result<()> {
        instructions::governance::veto_proposal::veto_proposal(ctx)
    }

    /// Creates a router for a fee mint and a protocol mint, its six vaults (intake, buyback,
    /// stakers, insurance, discount; stake), the seed's split table and default guard rails,
    /// and the accounts of its capabilities (governance, auction, rebates, insurance fund).
    #[access_control(ctx.accounts.validate(&args))]
    pub fn initialize_router(
        ctx: Context<InitializeRouter>,
        args: InitializeRouterArgs,
    ) -> Result<()> {
        instructions::router::initialize_router::initialize_router(ctx, args)
    }

    /// A fresh router of the same creator and protocol mint joins the pool as a fee line:
    /// the pool's positions earn in it without re-staking. Both authorities sign.
    #[access_control(ctx.accounts.validate())]
    pub fn add_fee_line(ctx: Context<AddFeeLine>) -> Result<()> {
        instructions::router::add_fee_line::add_fee_line(ctx)
    }

    /// Grows a stake position created before fee lines to the current layout (a reward pair
    /// per fee line); anyone may pay the rent.
    pub fn upgrade_position(ctx: Context<UpgradePosition>) -> Result<()> {
        instructions::staking::upgrade_position::upgrade_position(ctx)
    }

    /// Takes the position's pending unstake request back into active stake (counted as
    /// stake added now, for votes and tiers).
    #[access_control(ctx.accounts.validate())]
    pub fn cancel_unstake(ctx: Context<CancelUnstake>) -> Result<()> {
        instructions::staking::cancel_unstake::cancel_unstake(ctx)
    }

    /// Anyone: brings a market's fees into the intake and tops its discount allowance up
    /// from the discount vault, to the governed cap.
    #[access_control(ctx.accounts.validate())]
    pub fn sweep_market(ctx: Context<SweepMarket>) -> Result<()> {
        instructions::market::sweep_market::sweep_market(ctx)
    }

    /// Anyone: opens the fee account of the market authority the configuration path
    /// approved.
    #[access_control(ctx.accounts.validate())]
    pub fn open_market(ctx: Context<OpenMarket>) -> Result<()> {
        instructions::market::open_market::open_market(ctx)
    }

    /// Authority: approves the market authority whose fee account may be opened next.
    #[access_control(ctx.accounts.authorize())]
    pub fn approve_market(ctx: Context<AuthorityOnly>, args: ApproveMarketArgs) -> Result<()> {
        instructions::market::approve_market::approve_market(ctx, args)
    }

    /// Authority: sets the most a market's discount allowance is topped up to at a sweep.
    #[access_control(ctx.accounts.authorize())]
    pub fn set_market_allowance_cap(
        ctx: Context<AuthorityOnly>,
        args: SetMarketAllowanceCapArgs,
    ) -> Result<()> {
        instructions::market::set_market_allowance_cap::set_market_allowance_cap(ctx, args)
    }
}
