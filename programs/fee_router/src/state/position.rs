//! A stake position: one per (router, owner), PDA `[POSITION_SEED, router, owner]`.
//!
//! Zero-copy, like the router: read in place, no (de)serialisation on the user path.
use anchor_lang::prelude::*;
use static_assertions::const_assert_eq;

use crate::error::FeeRouterError;
use crate::math::staking::earned_floor;
use crate::state::Wide;

#[account(zero_copy)]
#[derive(Debug, PartialEq, Eq)]
pub struct StakePosition {
    /// Layout version ([`POSITION_VERSION`]).
    pub version: u8,
    /// Bump of the position PDA.
    pub bump: u8,
    /// Alignment padding; zero.
    pub padding0: [u8; 6],
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
    pub reward_per_token_paid: Wide,
    /// Rewards earned and not yet claimed, in fee-token base units.
    pub rewards_owed: u64,
    /// Rewards claimed over the position's life (what left the stakers vault for it).
    pub claimed: u64,
    /// Room for fields added by later versions; zero.
    pub reserved: [u8; 128],
}

const_assert_eq!(
    std::mem::size_of::<StakePosition>(),
    8 + 2 * 32 + 3 * 8 + 16 + 2 * 8 + 128
);

/// Current layout version of [`StakePosition`].
pub const POSITION_VERSION: u8 = 1;

impl StakePosition {
    /// Account size, discriminator included.
    pub const SIZE: usize = 8 + std::mem::size_of::<StakePosition>();

    /// Moves what `active` earned up to `reward_per_token` into `rewards_owed`. Returns the
    /// fraction of a unit rounded away (scaled by `PRECISION`), which no one can claim.
    pub fn settle(&mut self, reward_per_token: u128) -> Result<u64> {
        let (earned, dust) = earned_floor(
            self.active,
            reward_per_token,
            self.reward_per_token_paid.get(),
        )
        .map_err(FeeRouterError::from)?;
        self.rewards_owed = self
            .rewards_owed
            .checked_add(earned)
            .ok_or(FeeRouterError::MathOverflow)?;
        self.reward_per_token_paid.set(reward_per_token);
        Ok(dust)
    }

    /// Holds at the end of every instruction that mutates the position.
    pub fn invariant(&self, router: &Pubkey) -> Result<()> {
        crate::state::clause(
            self.version == POSITION_VERSION
                && self.router == *router
                && self.owner != Pubkey::default(),
            "invariant violated: position.version, router and owner",
        )
    }
}
