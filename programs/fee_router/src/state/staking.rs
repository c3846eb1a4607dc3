//! The stake pool and the staker bucket's capped reward stream: their parameters, totals
//! and ledger, and the router's methods that release and settle it.
use anchor_lang::prelude::*;
use bytemuck::{Pod, Zeroable};

use crate::error::FeeRouterError;
use crate::state::totals::sum;
use crate::state::{clause, Router, Wide};

/// Running totals of the protocol token through the stake vault, in its base units.
#[repr(C)]
#[derive(
    Clone, Copy, Pod, Zeroable, AnchorSerialize, AnchorDeserialize, Debug, Default, PartialEq, Eq,
)]
pub struct StakeTotals {
    /// Gross amount stakers sent through `stake`.
    pub staked: Wide,
    /// Transfer fees the protocol mint withheld on the owner → stake vault hop.
    pub stake_withheld: Wide,
    /// Principal that left the stake vault through `withdraw_unstaked`.
    pub withdrawn: Wide,
    /// Transfer fees withheld on the stake vault → owner hop (the owner received
    /// `withdrawn - withdraw_withheld`).
    pub withdraw_withheld: Wide,
    /// Tokens found in the stake vault above all stake (donations), burned by `sweep_stake_surplus`.
    pub surplus_burned: Wide,
}

/// Governed staking parameters.
#[repr(C)]
#[derive(
    Clone, Copy, Pod, Zeroable, AnchorSerialize, AnchorDeserialize, InitSpace, Debug, PartialEq, Eq,
)]
pub struct StakingParams {
    /// Seconds between an unstake request and its withdrawal. A request keeps the unlock
    /// time it was given; changing this touches only later requests.
    pub cooldown_seconds: u64,
    /// Seconds over which each distribution's staker share is streamed.
    pub stream_period_seconds: u64,
    /// Yield cap: fee-token base units per protocol-token base unit per year, times 1e12
    /// ([`crate::math::staking::YIELD_CAP_SCALE`]); `u64::MAX` is no cap. Every value is
    /// legal: a cap too large to compute saturates to no cap.
    pub yield_cap_scaled: u64,
}

/// 7-day cooldown (as Hyperliquid), 7-day stream, no yield cap.
pub const DEFAULT_STAKING_PARAMS: StakingParams = StakingParams {
    cooldown_seconds: 7 * 86_400,
    stream_period_seconds: 7 * 86_400,
    yield_cap_scaled: u64::MAX,
};

/// The longest cooldown or stream period a setter accepts: a year.
pub const MAX_STAKING_PERIOD_SECONDS: u64 = 365 * 86_400;
/// The shortest stream period a setter accepts: a minute. A floor against a zero period, not
/// a recommendation: a short stream lets stake that arrives just before a distribution earn
/// a larger share of it.
pub const MIN_STREAM_PERIOD_SECONDS: u64 = 60;

impl StakingParams {
    /// Bounds every setter must respect.
    pub fn is_sane(&self) -> bool {
        self.cooldown_seconds <= MAX_STAKING_PERIOD_SECONDS
            && self.stream_period_seconds >= MIN_STREAM_PERIOD_SECONDS
            && self.stream_period_seconds <= MAX_STAKING_PERIOD_SECONDS
    }
}

/// The stake pool and the staker bucket's reward stream, in protocol-token (stake) and
/// fee-token (rewards) base units.
///
/// Ledger of the stakers vault (checked by [`Router::invariant`]):
/// `credited = stream_remaining + stranded_unstaked + stranded_capped + swept + accrued`, and
/// `claimed + dust ≤ accrued`, where `dust` is what rounding has provably left unclaimable.
/// The vault owes `stream_remaining + stranded + accrued - claimed - dust`; anything above
/// that is surplus that `sweep_rewards_surplus` sends on.
#[repr(C)]
#[derive(
    Clone, Copy, Pod, Zeroable, AnchorSerialize, AnchorDeserialize, Debug, Default, PartialEq, Eq,
)]
pub struct Staking {
    /// Stake that earns rewards (and, later, votes and buys discount tiers).
    pub total_active: u64,
    /// Stake in cooldown: still in the stake vault, earning nothing.
    pub total_cooling: u64,
    /// Credited rewards the stream has not yet released as whole units (the part of a unit
    /// already released is [`StreamExact::released_fraction`]).
    pub stream_remaining: u64,
    /// Rewards released while nothing was staked; the next `distribute` sends them to buyback.
    pub stranded_unstaked: u64,
    /// Rewards released above the yield cap on the stake active while they were released;
    /// the next `distribute` sends them to buyback.
    pub stranded_capped: u64,
    /// When the stream has released everything.
    pub stream_end: i64,
    /// When the stream was last released into the accumulator.
    pub last_update: i64,
    /// The fraction of a unit (in units of 2^-64) rounded away from positions' earnings and
    /// not yet counted in `dust`.
    pub dust_fraction: u64,
    /// Rewards per staked unit, times [`crate::math::staking::PRECISION`] (only differences count).
    pub reward_per_token: Wide,
    /// Remainder of the accumulator's division, carried to the next release.
    pub reward_carry: Wide,
    /// Rewards that reached the stakers vault.
    pub credited: Wide,
    /// Rewards the stream released to stakers (into the accumulator).
    pub accrued: Wide,
    /// Rewards that left the stakers vault on claims.
    pub claimed: Wide,
    /// Transfer fees withheld on the stakers vault → claimant hop (claimants received
    /// `claimed - claim_withheld`).
    pub claim_withheld: Wide,
    /// Stranded rewards (unstaked or capped) that left the stakers vault for buyback.
    pub swept: Wide,
    /// Rewards held back by the yield cap at release, in all.
    pub capped: Wide,
    /// Whole units that rounding of positions' earnings left to no one.
    pub dust: Wide,
    /// Surplus (donations, dust) that left the stakers vault for buyback.
    pub surplus_swept: Wide,
}

/// The reward stream below one base unit: what makes releasing it in many small steps pay
/// the stakers what one step pays. Zero in a router created before these fields existed,
/// which is their correct initial value.
#[repr(C)]
#[derive(
    Clone, Copy, Pod, Zeroable, AnchorSerialize, AnchorDeserialize, Debug, Default, PartialEq, Eq,
)]
pub struct StreamExact {
    /// The part of one unit of [`Staking::stream_remaining`] already released, in 2^-64: the
    /// stream holds exactly `stream_remaining - released_fraction / 2^64`. Zero when the
    /// stream is empty.
    pub released_fraction: u64,
    /// What the stakers are entitled to under the yield cap and have not yet received, in
    /// 2^-64 units (below two units): carried between releases instead of rounded away.
    /// Not a ledger term: the tokens behind it are still in the stream or its fraction.
    pub stakers_owed: Wide,
}

/// What one release of the stream did (to stakers, unstaked, capped).
pub use crate::math::staking::Released as Release;

impl Router {
    /// Replaces the staking parameters: what streamed so far is released under the old cap,
    /// the new one applies from now. Returns the parameters before.
    pub fn set_staking_params(&mut self, params: StakingParams, now: i64) -> Result<StakingParams> {
        self.update_rewards(now)?;
        Ok(std::mem::replace(&mut self.staking_params, params))
    }

    /// Settles `position` (of this router's pool) in this fee line at the current
    /// reward-per-token and records the fraction of a unit its earnings rounded away.
    pub fn settle(&mut self, position: &mut crate::state::StakePosition) -> Result<()> {
        let fraction = position.settle_line(self.line_slot, self.staking.reward_per_token.get())?;
        let s = &mut self.staking;
        // Fractions are in units of 2^-64: a carry out of the u64 is one whole unit.
        let (sum, whole) = s.dust_fraction.overflowing_add(fraction);
        s.dust_fraction = sum;
        if whole {
            s.dust.add(1)?;
        }
        Ok(())
    }

    /// Releases the reward stream up to `now` (`math::staking::release`): into the
    /// accumulator, as far as the yield cap's rate allows over the seconds the stream ran, on
    /// the stake active since the last release; the rest (everything, while nothing is
    /// staked) is stranded for the next distribution to send to buyback. Fractions of a unit
    /// are carried in [`StreamExact`], so how often this runs changes nothing.
    pub fn update_rewards(&mut self, now: i64) -> Result<Release> {
        use crate::math::staking::{accrue, release, Stream};
        let cap = self.staking_params.yield_cap_scaled;
        let (s, x) = (&mut self.staking, &mut self.stream_exact);
        let mut stream = Stream {
            remaining: s.stream_remaining,
            released_fraction: x.released_fraction,
            end: s.stream_end,
            last: s.last_update,
            owed: x.stakers_owed.get(),
        };
        let out = release(&mut stream, now, cap, s.total_active).map_err(FeeRouterError::from)?;
        s.stream_remaining = stream.remaining;
        s.last_update = stream.last;
        x.released_fraction = stream.released_fraction;
        x.stakers_owed.set(stream.owed);
        if out.unstaked > 0 {
            s.stranded_unstaked = s
                .stranded_unstaked
                .checked_add(out.unstaked)
                .ok_or(FeeRouterError::MathOverflow)?;
        }
        if out.to_stakers > 0 {
            let (rpt, carry) = accrue(
                s.reward_per_token.get(),
                s.reward_carry.get(),
                out.to_stakers,
                s.total_active,
            )
            .map_err(FeeRouterError::from)?;
            s.reward_per_token.set(rpt);
            s.reward_carry.set(carry);
            s.accrued.add_u64(out.to_stakers)?;
        }
        if out.capped > 0 {
            s.stranded_capped = s
                .stranded_capped
                .checked_add(out.capped)
                .ok_or(FeeRouterError::MathOverflow)?;
            s.capped.add_u64(out.capped)?;
        }
        Ok(out)
    }

    /// What the stakers vault owes: the stream, the stranded rewards and what positions can
    /// still claim.
    pub fn stakers_vault_liability(&self) -> Result<u128> {
        let s = &self.staking;
        let unclaimed = s
            .accrued
            .get()
            .checked_sub(s.claimed.get())
            .and_then(|v| v.checked_sub(s.dust.get()))
            .ok_or(FeeRouterError::InvariantViolated)?;
        sum(&[
            u128::from(s.stream_remaining),
            u128::from(s.stranded_unstaked),
            u128::from(s.stranded_capped),
            unclaimed,
        ])
        .ok_or_else(|| error!(FeeRouterError::MathOverflow))
    }

    /// The staking ledger: every credited reward is streaming, stranded, sent on or
    /// released; positions claim no more than was released; every staked token is active,
    /// cooling or withdrawn.
    pub(crate) fn staking_invariant(&self) -> Result<()> {
        // Every credited reward is streaming, stranded, sent on, or released to stakers.
        let st = &self.staking;
        clause(
            sum(&[
                u128::from(st.stream_remaining),
                u128::from(st.stranded_unstaked),
                u128::from(st.stranded_capped),
                st.swept.get(),
                st.accrued.get(),
            ]) == Some(st.credited.get()),
            "invariant violated: staking credited = stream + stranded + swept + accrued",
        )?;
        // The stream's fractions: none left of an empty stream, and the stakers' carried
        // entitlement stays below two units.
        let x = &self.stream_exact;
        clause(
            (st.stream_remaining > 0 || x.released_fraction == 0)
                && x.stakers_owed.get() < crate::math::staking::OWED_BOUND,
            "invariant violated: staking stream fractions",
        )?;
        // Positions never claim more than was released to them, less the known dust.
        clause(
            sum(&[st.claimed.get(), st.dust.get()]).is_some_and(|v| v <= st.accrued.get())
                && st.claim_withheld.get() <= st.claimed.get(),
            "invariant violated: staking claimed + dust <= accrued",
        )?;
        // A fee line holds no stake: its pool does, and the line's `total_active` mirrors the
        // pool's (every change of the pool's active stake writes every line).
        let k = &self.stake_totals;
        if self.is_line() {
            return clause(
                StakeTotals {
                    surplus_burned: Wide::default(),
                    ..*k
                } == StakeTotals::default()
                    && st.total_cooling == 0,
                "invariant violated: a fee line holds no stake",
            );
        }
        // Every staked token that arrived is active, cooling or withdrawn.
        clause(
            k.staked
                .get()
                .checked_sub(k.stake_withheld.get())
                .and_then(|v| v.checked_sub(k.withdrawn.get()))
                == Some(u128::from(st.total_active).wrapping_add(u128::from(st.total_cooling)))
                && k.withdraw_withheld.get() <= k.withdrawn.get(),
            "invariant violated: stake arrived - withdrawn = active + cooling",
        )?;
        Ok(())
    }
}
