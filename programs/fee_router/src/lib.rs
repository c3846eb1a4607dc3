//! fee-router: routes an exchange's collected fees into four vaults — buyback, stakers,
//! insurance, discount — by a split that follows the product's life-cycle stage.
#![allow(unexpected_cfgs)]
#![deny(clippy::arithmetic_side_effects)]

#[cfg(target_arch = "bpf")]
use solana_compiler_builtins as _;

use anchor_lang::prelude::*;

pub mod constants;
pub mod error;
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

    /// Pays `args.amount` of fees into the intake; the router credits what arrived.
    #[access_control(ctx.accounts.validate(&args))]
    pub fn deposit_fees(ctx: Context<DepositFees>, args: DepositFeesArgs) -> Result<()> {
        instructions::deposit_fees::handler(ctx, args)
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

    /// Authority: moves the router to another life-cycle stage.
    pub fn set_stage(ctx: Context<AuthorityOnly>, args: SetStageArgs) -> Result<()> {
        instructions::set_stage::handler(ctx, args)
    }

    /// Authority: replaces one stage's split (the shares sum to 10_000 bps).
    #[access_control(ctx.accounts.validate_split(&args))]
    pub fn set_split(ctx: Context<AuthorityOnly>, args: SetSplitArgs) -> Result<()> {
        instructions::set_split::handler(ctx, args)
    }

    /// Authority: replaces the guard rails (insurance floor, top-up share and cap; discount cap).
    #[access_control(ctx.accounts.validate_guard_rails(&args))]
    pub fn set_guard_rails(ctx: Context<AuthorityOnly>, args: SetGuardRailsArgs) -> Result<()> {
        instructions::set_guard_rails::handler(ctx, args)
    }

    /// Authority: replaces the staking parameters (cooldown, stream period, yield cap).
    #[access_control(ctx.accounts.validate_staking_params(&args))]
    pub fn set_staking_params(
        ctx: Context<AuthorityOnly>,
        args: SetStakingParamsArgs,
    ) -> Result<()> {
        instructions::set_staking_params::handler(ctx, args)
    }

    /// Authority: names a new guardian.
    pub fn set_guardian(ctx: Context<AuthorityOnly>, args: SetGuardianArgs) -> Result<()> {
        instructions::set_guardian::handler(ctx, args)
    }

    /// Authority: proposes a new authority, which takes over when it accepts.
    pub fn propose_authority(
        ctx: Context<AuthorityOnly>,
        args: ProposeAuthorityArgs,
    ) -> Result<()> {
        instructions::propose_authority::handler(ctx, args)
    }

    /// Authority: withdraws a pending authority proposal.
    pub fn cancel_authority_transfer(ctx: Context<AuthorityOnly>) -> Result<()> {
        instructions::cancel_authority_transfer::handler(ctx)
    }

    /// The proposed authority accepts and becomes the authority.
    pub fn accept_authority(ctx: Context<AcceptAuthority>) -> Result<()> {
        instructions::accept_authority::handler(ctx)
    }

    /// Creates a router for a fee mint and a protocol mint, its six vaults (intake, buyback,
    /// stakers, insurance, discount; stake), the seed's split table and default guard rails.
    #[access_control(ctx.accounts.validate(&args))]
    pub fn initialize_router(
        ctx: Context<InitializeRouter>,
        args: InitializeRouterArgs,
    ) -> Result<()> {
        instructions::initialize_router::handler(ctx, args)
    }
}
