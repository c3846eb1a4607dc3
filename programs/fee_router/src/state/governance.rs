//! A router's built-in governance: its parameters, its proposal counter, the configuration
//! version every applied change bumps, and the stage gates. One per router, PDA
//! `[GOVERNANCE_SEED, router]`, created with the router. When the router's authority is this
//! account, only executed proposals change the router's configuration.
use anchor_lang::prelude::*;
use bytemuck::{Pod, Zeroable};
use static_assertions::const_assert_eq;

use crate::constants::GOVERNANCE_VERSION;
use crate::state::clause;

const HOUR: u64 = 3_600;
const DAY: u64 = 24 * HOUR;

/// Governed voting rules. `#[repr(C)]` Pod and borsh with the same bytes, like the router's
/// nested types.
#[repr(C)]
#[derive(
    Clone, Copy, Pod, Zeroable, AnchorSerialize, AnchorDeserialize, InitSpace, Debug, PartialEq, Eq,
)]
pub struct GovernanceParams {
    /// Seconds a proposal is open for votes (an hour to 30 days).
    pub voting_period_seconds: u64,
    /// Seconds after voting ends before a passed proposal may execute (an hour to 30 days);
    /// the guardian may veto during it.
    pub timelock_seconds: u64,
    /// Seconds after the timelock during which a passed proposal may still execute (an hour
    /// to 90 days); after it the proposal has expired.
    pub grace_seconds: u64,
    /// Votes cast (yes, no and abstain), as basis points of the active stake when the
    /// proposal was created, needed for any outcome but "quorum missed" (1 to 5_000: a
    /// quorum above half the stake would let the silent half lock governance out).
    pub quorum_bps: u64,
    /// Share of yes among yes and no votes a proposal must exceed to pass, in basis points
    /// (5_000 to 6_667: at 5_000, a strict majority; at most a two-thirds supermajority, so a
    /// third of the votes can never veto every proposal for good).
    pub approval_bps: u64,
    /// Stake, in protocol-token base units, that must have been active before a proposal is
    /// created for its proposer to create it. Any value is legal: what is asked is never more
    /// than [`MAX_PROPOSE_SHARE_BPS`] of the active stake
    /// ([`GovernanceParams::min_stake_to_propose_now`]), so holders of that share can always
    /// propose, whatever this was set to.
    pub min_stake_to_propose: u64,
}

/// The shortest vote, timelock and grace a setter accepts.
pub const MIN_GOVERNANCE_PERIOD_SECONDS: u64 = HOUR;
/// The longest vote or timelock a setter accepts; also the window over which a position
/// remembers the stake it had before its latest increase.
pub const MAX_VOTING_OR_TIMELOCK_SECONDS: u64 = 30 * DAY;
/// The longest grace a setter accepts.
pub const MAX_GRACE_SECONDS: u64 = 90 * DAY;
/// The highest quorum a setter accepts: half the active stake.
pub const MAX_QUORUM_BPS: u64 = 5_000;
/// The highest approval threshold a setter accepts: a two-thirds supermajority.
pub const MAX_APPROVAL_BPS: u64 = 6_667;
/// The most a proposer is ever asked to hold, as basis points of the active stake: 1%.
pub const MAX_PROPOSE_SHARE_BPS: u64 = 100;

impl GovernanceParams {
    /// 3-day vote, 2-day timelock, 7-day grace, 10% quorum, a strict majority; proposing
    /// takes 1,000 whole protocol tokens of stake that was already active.
    pub fn defaults(protocol_decimals: u8) -> Self {
        let unit = 10u64
            .checked_pow(u32::from(protocol_decimals))
            .unwrap_or(u64::MAX);
        Self {
            voting_period_seconds: 3 * DAY,
            timelock_seconds: 2 * DAY,
            grace_seconds: 7 * DAY,
            quorum_bps: 1_000,
            approval_bps: 5_000,
            min_stake_to_propose: unit.saturating_mul(1_000),
        }
    }

    /// Bounds every change must respect.
    pub fn is_sane(&self) -> bool {
        let periods = MIN_GOVERNANCE_PERIOD_SECONDS..=MAX_VOTING_OR_TIMELOCK_SECONDS;
        periods.contains(&self.voting_period_seconds)
            && periods.contains(&self.timelock_seconds)
            && (MIN_GOVERNANCE_PERIOD_SECONDS..=MAX_GRACE_SECONDS).contains(&self.grace_seconds)
            && (1..=MAX_QUORUM_BPS).contains(&self.quorum_bps)
            && (5_000..=MAX_APPROVAL_BPS).contains(&self.approval_bps)
    }

    /// The stake a proposer needs now: the governed minimum, but never more than
    /// [`MAX_PROPOSE_SHARE_BPS`] of `total_active` (rounded down), and at least one base unit.
    pub fn min_stake_to_propose_now(&self, total_active: u64) -> u64 {
        // total_active * 100 / 10_000 <= u64::MAX / 100: the product fits in a u128.
        let share =
            u128::from(total_active).wrapping_mul(u128::from(MAX_PROPOSE_SHARE_BPS)) / 10_000;
        let share = u64::try_from(share).unwrap_or(u64::MAX);
        self.min_stake_to_propose.min(share).max(1)
    }
}

#[account(zero_copy)]
#[derive(Debug)]
pub struct Governance {
    /// Layout version ([`GOVERNANCE_VERSION`]).
    pub version: u8,
    /// Bump of this PDA.
    pub bump: u8,
    /// Alignment padding; zero.
    pub padding0: [u8; 6],
    /// The router governed.
    pub router: Pubkey,
    /// The voting rules.
    pub params: GovernanceParams,
    /// Proposals created so far; the next proposal's id.
    pub proposal_count: u64,
    /// Bumped by every applied configuration change (by a setter or an executed proposal). A
    /// proposal records the version it was created against and cannot execute once another
    /// change has landed.
    pub config_version: u64,
    /// Per stage (Early, Growth, Mature), the trailing 30-day fee volume, in fee-token base
    /// units, the router's own fee history must show for a change to that stage; 0 is no gate.
    pub stage_gates: [u64; 3],
    /// Room for fields added by later versions; zero.
    pub reserved: [u8; 128],
}

const_assert_eq!(std::mem::size_of::<GovernanceParams>(), 6 * 8);
const_assert_eq!(
    std::mem::size_of::<Governance>(),
    8 + 32 + 48 + 2 * 8 + 3 * 8 + 128
);

impl Governance {
    /// Account size, discriminator included.
    pub const SIZE: usize = 8 + std::mem::size_of::<Governance>();

    /// Holds at the end of every instruction that mutates governance.
    pub fn invariant(&self, router: &Pubkey) -> Result<()> {
        clause(
            self.version == GOVERNANCE_VERSION && self.router == *router,
            "invariant violated: governance.version and router",
        )?;
        clause(
            self.params.is_sane(),
            "invariant violated: governance.params bounds",
        )
    }
}

impl Governance {
    /// Counts a configuration change: proposals created before it are stale.
    pub fn bump_config_version(&mut self) -> Result<()> {
        self.config_version = self
            .config_version
            .checked_add(1)
            .ok_or(crate::error::FeeRouterError::MathOverflow)?;
        Ok(())
    }
}
