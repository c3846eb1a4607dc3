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

declare_id!("YTujpi5EWS6n39UEi3zxaZPccSKkBTJNUbuQybsGPFD");

#[program]
pub mod fee_router {
    use super::*;

    /// Creates a router for a fee mint and a protocol mint, its six vaults (intake, buyback,
    /// stakers, insurance, discount; stake), the seed's split table and default guard rails.
    #[access_control(ctx.accounts.validate(&args))]
    pub fn initialize_router(ctx: Context<InitializeRouter>, args: InitializeRouterArgs) -> Result<()> {
        instructions::initialize_router::handler(ctx, args)
    }
}
