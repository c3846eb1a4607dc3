//! A stake position: one per (router, owner).
use anchor_lang::prelude::*;

use crate::error::FeeRouterError;
use crate::math::staking::earned_floor;

#[account]
#[derive(InitSpace, Debug, PartialEq, Eq)]
pub struct StakePosition {
    /// Layout version ([`POSITION_VERSION`]).
    pub version: u8,
    /// Bump of the position PDA `[POSITION_SEED, router, owner]`.
    pub bump: u8,
    /// The router this stake is in.
    pub router: Pubkey,
    /// Who may unstake, withdraw and claim.
    pub owner: Pubkey,
    /// Stake that earns rewards.
    pub active: u64,
    /// Stake in cooldown (at most one request at a time); earns nothing.
    pub cooling: u64,
    /// When `cooling` may be withdrawn, fixed when it was requested.
    pub unlock_at: i64,
    /// The router's reward-per-token when this position was last settled.
    pub reward_per_token_paid: u128,
    /// Rewards earned and not yet claimed, in fee-token base units.
    pub rewards_owed: u64,
    /// Rewards claimed over the position's life.
    pub claimed: u64,
    /// Room for fields added by later versions; zero.
    pub reserved: [u8; 64],
}

/// Current layout version of [`StakePosition`].
pub const POSITION_VERSION: u8 = 1;

impl StakePosition {
    pub const SIZE: usize = 8 + StakePosition::INIT_SPACE;

    /// Moves what `active` earned up to `reward_per_token` into `rewards_owed`.
    pub fn settle(&mut self, reward_per_token: u128) -> Result<()> {
        let earned = earned_floor(self.active, reward_per_token, self.reward_per_token_paid)
            .map_err(FeeRouterError::from)?;
        self.rewards_owed = self
            .rewards_owed
            .checked_add(earned)
            .ok_or(FeeRouterError::MathOverflow)?;
        self.reward_per_token_paid = reward_per_token;
        Ok(())
    }
}
