//! A stake position: one per (router, owner), PDA `[POSITION_SEED, router, owner]`.
//!
//! Zero-copy, like the router: read in place, no (de)serialisation on the user path.
use anchor_lang::prelude::*;
use static_assertions::const_assert_eq;

use crate::constants::MAX_EXTRA_LINES;
use crate::error::FeeRouterError;
use crate::math::staking::earned_floor;
use crate::state::governance::MAX_VOTING_OR_TIMELOCK_SECONDS;
use crate::state::Wide;
use bytemuck::{Pod, Zeroable};

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
    /// The stake added within the last [`RECENT_WINDOW_SECONDS`], by when it was added
    /// (empty entries have `amount` 0): what a proposal created before an addition must not
    /// count, and what has not warmed up yet. See [`StakePosition::added_since`].
    pub recent: [StakeTranche; RECENT_TRANCHES],
    /// Weight this position cast on proposals still voting: it cannot enter cooldown until
    /// `vote_lock_until`.
    pub vote_locked: u64,
    /// When the last proposal this position voted on stops voting.
    pub vote_lock_until: i64,
    /// What the position earned in its pool's other fee lines, by slot (slot `i + 1` at index
    /// `i`); slot 0, the pool's own line, is `reward_per_token_paid`, `rewards_owed` and
    /// `claimed` above.
    pub lines: [LineReward; MAX_EXTRA_LINES],
    /// Room for fields added by later versions; zero.
    pub reserved: [u8; 48],
}

/// A position's earnings in one fee line: the line's reward-per-token when the position was
/// last settled in it, what it owes and what was claimed, in that line's fee-mint base units.
#[repr(C)]
#[derive(
    Clone, Copy, Default, Pod, Zeroable, AnchorSerialize, AnchorDeserialize, Debug, PartialEq, Eq,
)]
pub struct LineReward {
    pub reward_per_token_paid: Wide,
    pub rewards_owed: u64,
    pub claimed: u64,
}

/// Stake added to a position at one time.
#[repr(C)]
#[derive(
    Clone, Copy, Default, Pod, Zeroable, AnchorSerialize, AnchorDeserialize, Debug, PartialEq, Eq,
)]
pub struct StakeTranche {
    /// Protocol-token base units added (0: an empty entry).
    pub amount: u64,
    /// When (Unix time); merged entries carry the later of their times.
    pub at: i64,
}

/// How many recent additions a position remembers separately.
pub const RECENT_TRANCHES: usize = 4;
/// How long an addition is remembered: no proposal can still be voted on, nor any warm-up
/// still run, after it.
pub const RECENT_WINDOW_SECONDS: i64 = MAX_VOTING_OR_TIMELOCK_SECONDS as i64;

const_assert_eq!(
    std::mem::size_of::<StakePosition>(),
    8 + 2 * 32 + 3 * 8 + 16 + 2 * 8 + RECENT_TRANCHES * 16 + 2 * 8 + MAX_EXTRA_LINES * 32 + 48
);

/// Current layout version of [`StakePosition`]: 2 since the per-line reward pairs
/// (`upgrade_position` brings a version 1 position to it).
pub const POSITION_VERSION: u8 = 2;

impl StakePosition {
    /// Account size, discriminator included.
    pub const SIZE: usize = 8 + std::mem::size_of::<StakePosition>();

    /// Moves what `active` earned up to `reward_per_token` into `rewards_owed` (slot 0, the
    /// pool's own line). Returns the fraction of a unit rounded away (scaled by `PRECISION`),
    /// which no one can claim.
    pub fn settle(&mut self, reward_per_token: u128) -> Result<u64> {
        self.settle_line(0, reward_per_token)
    }

    /// [`Self::settle`] in the fee line at `slot` of the position's pool, at that line's
    /// `reward_per_token`.
    pub fn settle_line(&mut self, slot: u8, reward_per_token: u128) -> Result<u64> {
        let active = self.active;
        let (paid, owed, _) = self.line_mut(slot)?;
        let (earned, dust) =
            earned_floor(active, reward_per_token, paid.get()).map_err(FeeRouterError::from)?;
        *owed = owed
            .checked_add(earned)
            .ok_or(FeeRouterError::MathOverflow)?;
        paid.set(reward_per_token);
        Ok(dust)
    }

    /// What the position owes in the fee line at `slot` (as last settled).
    pub fn owed_in_line(&self, slot: u8) -> Result<u64> {
        Ok(match slot {
            0 => self.rewards_owed,
            _ => self.extra_line(slot)?.rewards_owed,
        })
    }

    /// Records `amount` (everything owed in the fee line at `slot`) as claimed.
    pub fn record_claim(&mut self, slot: u8, amount: u64) -> Result<()> {
        let (_, owed, claimed) = self.line_mut(slot)?;
        *owed = owed
            .checked_sub(amount)
            .ok_or(FeeRouterError::InvariantViolated)?;
        *claimed = claimed
            .checked_add(amount)
            .ok_or(FeeRouterError::MathOverflow)?;
        Ok(())
    }

    fn extra_line(&self, slot: u8) -> Result<&LineReward> {
        usize::from(slot)
            .checked_sub(1)
            .and_then(|i| self.lines.get(i))
            .ok_or_else(|| error!(FeeRouterError::InvariantViolated))
    }

    /// The (paid, owed, claimed) triple of the fee line at `slot`.
    fn line_mut(&mut self, slot: u8) -> Result<(&mut Wide, &mut u64, &mut u64)> {
        if slot == 0 {
            return Ok((
                &mut self.reward_per_token_paid,
                &mut self.rewards_owed,
                &mut self.claimed,
            ));
        }
        let l = usize::from(slot)
            .checked_sub(1)
            .and_then(|i| self.lines.get_mut(i))
            .ok_or(FeeRouterError::InvariantViolated)?;
        Ok((
            &mut l.reward_per_token_paid,
            &mut l.rewards_owed,
            &mut l.claimed,
        ))
    }

    /// Records `amount` of active stake added at `now`. Entries older than the window are
    /// forgotten (everything live counts them as old stake); an addition in the same second
    /// joins its entry; when all entries are taken, the two oldest merge under the later of
    /// their times, which can only make stake count as newer than it is, never older.
    pub fn record_increase(&mut self, amount: u64, now: i64) -> Result<()> {
        for t in self.recent.iter_mut() {
            if t.amount > 0 && now.saturating_sub(t.at) > RECENT_WINDOW_SECONDS {
                *t = StakeTranche::default();
            }
        }
        if let Some(t) = self.recent.iter_mut().find(|t| t.amount > 0 && t.at == now) {
            t.amount = t
                .amount
                .checked_add(amount)
                .ok_or(FeeRouterError::MathOverflow)?;
            return Ok(());
        }
        if let Some(t) = self.recent.iter_mut().find(|t| t.amount == 0) {
            *t = StakeTranche { amount, at: now };
            return Ok(());
        }
        self.recent.sort_by_key(|t| t.at);
        let oldest = self.recent[0];
        let second = &mut self.recent[1];
        second.amount = second
            .amount
            .checked_add(oldest.amount)
            .ok_or(FeeRouterError::MathOverflow)?;
        self.recent[0] = StakeTranche { amount, at: now };
        Ok(())
    }

    /// Records `amount` of active stake leaving for cooldown: it is taken from the newest
    /// additions first, so stake added and withdrawn again leaves the older stake's standing
    /// as it was.
    pub fn record_decrease(&mut self, mut amount: u64) {
        self.recent.sort_by_key(|t| std::cmp::Reverse(t.at));
        for t in self.recent.iter_mut() {
            let taken = t.amount.min(amount);
            t.amount = t.amount.saturating_sub(taken);
            amount = amount.saturating_sub(taken);
            if t.amount == 0 {
                t.at = 0;
            }
        }
    }

    /// Stake added at or after `since` that is still remembered (and so still active).
    pub fn added_since(&self, since: i64) -> u64 {
        self.recent
            .iter()
            .filter(|t| t.at >= since)
            .fold(0u64, |acc, t| acc.saturating_add(t.amount))
    }

    /// What this position may vote with on a proposal created at `created_at`: its active
    /// stake less what was added at or after that instant. Never more than the stake it held
    /// before the proposal; at worst (more additions in the window than it remembers) less.
    pub fn voting_weight(&self, created_at: i64) -> u64 {
        self.active.saturating_sub(self.added_since(created_at))
    }

    /// Locks `weight` of active stake against cooldown until `until` (a vote's end).
    pub fn lock_for_vote(&mut self, weight: u64, until: i64, now: i64) {
        self.vote_locked = if now >= self.vote_lock_until {
            weight
        } else {
            self.vote_locked.max(weight)
        };
        self.vote_lock_until = self.vote_lock_until.max(until);
    }

    /// Active stake that may enter cooldown at `now`.
    pub fn unlocked(&self, now: i64) -> u64 {
        if now >= self.vote_lock_until {
            self.active
        } else {
            self.active.saturating_sub(self.vote_locked)
        }
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
