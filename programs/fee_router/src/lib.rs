//! fee-router: routes an exchange's collected fees into four vaults — buyback, stakers,
//! insurance, discount — by a split that follows the product's life-cycle stage.
#![allow(unexpected_cfgs)]

#[cfg(target_arch = "bpf")]
use solana_compiler_builtins as _;

use anchor_lang::prelude::*;

pub mod constants;
pub mod error;
pub mod events;
pub mod instructions;
pub mod math;
pub mod state;

use instructions::*;
use state::{GuardRails, Split, Stage, StakingParams};

declare_id!("YTujpi5EWS6n39UEi3zxaZPccSKkBTJNUbuQybsGPFD");

#[program]
pub mod fee_router {
    use super::*;

    /// Creates a router for a fee mint and a protocol mint, its six vaults (intake, buyback,
    /// stakers, insurance, discount; stake), the seed's split table and default guard rails.
    #[access_control(ctx.accounts.validate(&args))]
    pub fn initialize_router(
        ctx: Context<InitializeRouter>,
        args: InitializeRouterArgs,
    ) -> Result<()> {
        instructions::initialize_router::handler(ctx, args)
    }

    /// Pays `amount` of fees into the intake; the router credits what arrived.
    pub fn deposit_fees(ctx: Context<DepositFees>, amount: u64) -> Result<()> {
        instructions::deposit_fees::handler(ctx, amount)
    }

    /// Sweeps the intake into the four vaults by the current stage's split and guard rails.
    pub fn distribute(ctx: Context<Distribute>) -> Result<()> {
        instructions::distribute::handler(ctx)
    }

    /// Authority: moves the router to another life-cycle stage.
    pub fn set_stage(ctx: Context<AuthorityOnly>, stage: Stage) -> Result<()> {
        instructions::set_stage::handler(ctx, stage)
    }

    /// Authority: replaces one stage's split (the shares sum to 10_000 bps).
    #[access_control(instructions::set_split::validate(&split))]
    pub fn set_split(ctx: Context<AuthorityOnly>, stage: Stage, split: Split) -> Result<()> {
        instructions::set_split::handler(ctx, stage, split)
    }

    /// Authority: replaces the guard rails (insurance floor, top-up share and cap; discount cap).
    #[access_control(instructions::set_guard_rails::validate(&rails))]
    pub fn set_guard_rails(ctx: Context<AuthorityOnly>, rails: GuardRails) -> Result<()> {
        instructions::set_guard_rails::handler(ctx, rails)
    }

    /// Authority: names a new guardian.
    pub fn set_guardian(ctx: Context<AuthorityOnly>, guardian: Pubkey) -> Result<()> {
        instructions::set_guardian::handler(ctx, guardian)
    }

    /// Authority: proposes a new authority, which takes over when it accepts.
    pub fn propose_authority(ctx: Context<AuthorityOnly>, proposed: Pubkey) -> Result<()> {
        instructions::propose_authority::handler(ctx, proposed)
    }

    /// The proposed authority accepts and becomes the authority.
    pub fn accept_authority(ctx: Context<AcceptAuthority>) -> Result<()> {
        instructions::accept_authority::handler(ctx)
    }

    /// Guardian or authority: pauses the operations named by `operations` (pause bits).
    #[access_control(instructions::pause::validate(operations))]
    pub fn pause(ctx: Context<GuardianOrAuthority>, operations: u32) -> Result<()> {
        instructions::pause::handler(ctx, operations, true)
    }

    /// Guardian or authority: unpauses the operations named by `operations` (pause bits).
    #[access_control(instructions::pause::validate(operations))]
    pub fn unpause(ctx: Context<GuardianOrAuthority>, operations: u32) -> Result<()> {
        instructions::pause::handler(ctx, operations, false)
    }

    /// Authority: replaces the staking parameters (cooldown, stream period, yield cap).
    #[access_control(instructions::set_staking_params::validate(&params))]
    pub fn set_staking_params(ctx: Context<AuthorityOnly>, params: StakingParams) -> Result<()> {
        instructions::set_staking_params::handler(ctx, params)
    }

    /// Stakes protocol tokens into the owner's position (created on first use).
    pub fn stake(ctx: Context<Stake>, amount: u64) -> Result<()> {
        instructions::stake::handler(ctx, amount)
    }

    /// Starts the cooldown of `amount` of the position's active stake; it stops earning now.
    pub fn request_unstake(ctx: Context<RequestUnstake>, amount: u64) -> Result<()> {
        instructions::request_unstake::handler(ctx, amount)
    }

    /// Returns unstaked principal once its cooldown is over. Never paused.
    pub fn withdraw_unstaked(ctx: Context<WithdrawUnstaked>) -> Result<()> {
        instructions::withdraw_unstaked::handler(ctx)
    }

    /// Pays the position's earned rewards. Never paused.
    pub fn claim_rewards(ctx: Context<ClaimRewards>) -> Result<()> {
        instructions::claim_rewards::handler(ctx)
    }
}
