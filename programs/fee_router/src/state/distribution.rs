//! What a distribution reads from the router before it moves tokens, and what it records
//! after: the bookkeeping of `distribute`, on the account it changes.
use anchor_lang::prelude::*;

use crate::error::FeeRouterError;
use crate::math::split::{Rails, BUCKETS};
use crate::math::staking::{cap_rate_fp, merged_end_capped, stream_room_floor};
use crate::state::{Router, Stage};

/// The router as a distribution sees it, once the staker stream is released up to now.
pub struct Distribution {
    pub stage: Stage,
    pub bps: [u16; BUCKETS],
    pub rails: Rails,
    /// Deposits recorded and not yet distributed.
    pub pending: u64,
    pub decimals: u8,
    /// The stream's period.
    pub period: u64,
    /// What the stream may still take: one period at the yield cap's rate on the stake
    /// active now, less what it holds (nothing while nothing is staked).
    pub stakers_room: u64,
    /// The cap's rate on the stake active now.
    pub cap_rate: u128,
    pub active: u64,
    /// Rewards released while nothing was staked, and above the cap: sent on to buyback.
    pub stranded_unstaked: u64,
    pub stranded_capped: u64,
}

impl Router {
    /// Releases the staker stream up to `now` and reads what a distribution needs.
    pub fn distribution_at(&mut self, now: i64) -> Result<Distribution> {
        self.update_rewards(now)?;
        let st = &self.staking;
        let p = &self.staking_params;
        let cap_rate = cap_rate_fp(p.yield_cap_scaled, st.total_active);
        let stakers_room = if st.total_active == 0 {
            0
        } else {
            stream_room_floor(cap_rate, p.stream_period_seconds, st.stream_remaining)
        };
        Ok(Distribution {
            stage: self.stage()?,
            bps: self.current_split()?.bps(),
            rails: self.guard_rails.rails(),
            pending: self.totals.pending_attributed,
            decimals: self.fee_decimals,
            period: p.stream_period_seconds,
            stakers_room,
            cap_rate,
            active: st.total_active,
            stranded_unstaked: st.stranded_unstaked,
            stranded_capped: st.stranded_capped,
        })
    }

    /// Records a distribution of `input` (of which `unattributed` arrived by plain transfer:
    /// fees of the day), `amounts` sent to the buckets, `withheld` by the mint on the way.
    pub fn record_distribution(
        &mut self,
        now: i64,
        input: u64,
        unattributed: u64,
        amounts: &[u64; BUCKETS],
        withheld: u64,
    ) -> Result<()> {
        let t = &mut self.totals;
        t.unattributed.add_u64(unattributed)?;
        t.distributed.add_u64(input)?;
        for (routed, &amount) in t.routed.iter_mut().zip(amounts.iter()) {
            routed.add_u64(amount)?;
        }
        t.routed_withheld.add_u64(withheld)?;
        t.pending_attributed = 0;
        if unattributed > 0 {
            self.record_fees(now, unattributed)?;
        }
        Ok(())
    }

    /// Records `stranded` rewards swept to buyback, and `credit` (what arrived in the stakers
    /// vault) joining the stream without delaying what it already held, at no more than the
    /// cap's rate (`math::staking::merged_end_capped`). Returns the stream's remaining amount
    /// and end.
    pub fn credit_stream(
        &mut self,
        now: i64,
        stranded: u64,
        credit: u64,
        snap: &Distribution,
    ) -> Result<(u64, i64)> {
        let st = &mut self.staking;
        st.stranded_unstaked = 0;
        st.stranded_capped = 0;
        st.swept.add_u64(stranded)?;
        if credit > 0 {
            st.credited.add_u64(credit)?;
            st.stream_end = merged_end_capped(
                now,
                st.stream_remaining,
                st.stream_end,
                credit,
                snap.period,
                snap.cap_rate,
            )
            .map_err(FeeRouterError::from)?;
            st.stream_remaining = st
                .stream_remaining
                .checked_add(credit)
                .ok_or(FeeRouterError::MathOverflow)?;
            st.last_update = now;
        }
        Ok((st.stream_remaining, st.stream_end))
    }
}
