//! `fee-router simulate --months N`: a fee series projected month by month through the stage
//! gates, the guard rails, the staker stream under its yield cap and the buyback auction's
//! caps, on the program's own math (`fee_router::math::{split, staking, auction}`).
//!
//! The model: months of 30 days (the stage gates' window), each with one distribution or
//! several at equal intervals (`--distributions-per-month`), the month's fees in equal shares:
//! 1. At each distribution, the staker stream is released up to it (`math::staking::release`,
//!    under the yield cap on the stake given): what it let go above the cap, or to no stake,
//!    goes on to buyback, as `distribute` sends it.
//! 2. The distribution's fees are divided by `math::split::allocate` with the stage's split, the
//!    insurance floor top-up and cap, the discount cap and the stakers' room
//!    (`math::staking::stream_room_floor`); the stakers' credit joins the stream
//!    (`math::staking::merged_end_capped`). Without `--staked` the stakers always have room.
//! 3. At the month's end, the auction sells the buyback vault, within its caps over the month
//!    (the epoch cap once per epoch, the day cap once per 25-hour window: `math::auction::lot`),
//!    to keepers who pay the market price (capped at the highest start price; nothing sells while the market
//!    is below the floor price); the payment (`math::auction::payment_ceil`) is burned.
//! 4. Rebates spend a governed share of the discount vault. The exchange's shortfall claims a
//!    share of the insurance fund at the month's end, paid within the payout limit (a share of
//!    the fund per 30 days, the governed period's default): what is paid lowers the fund, which
//!    the floor top-up then lifts again.
//! 5. The next month's stage: the latest stage whose gate (0 is none) the month's fees meet
//!    (the trailing 30 days at the month's last distribution are the month), never back; or
//!    the stage the schedule gives.
//!
//! Steps 1 and 2 are what the program does; the chain-agreement test
//! (`tests/tests/program/intake/projection.rs`) runs the same series through the built
//! program and compares every bucket, month by month, to the base unit.
use anyhow::{anyhow, bail, Context as _, Result};
use fee_router::math::auction::{lot, payment_ceil, DAY_HOURS, PRICE_SCALE};
use fee_router::math::mul_div_floor_u64;
use fee_router::math::split::{allocate, Allocation, Balances, Rails, BPS_DENOMINATOR};
use fee_router::math::split::{BUYBACK, DISCOUNT, INSURANCE, STAKERS};
use fee_router::math::staking::{
    cap_rate_fp, merged_end_capped, release, stream_room_floor, Stream,
};
use fee_router::state::{Split, Stage, DEFAULT_SPLITS};

pub mod chart;
pub mod dates;
pub mod figures;
pub mod output;
pub mod paths;

pub use figures::{Band, Figures};

/// A projection month: 30 days, the stage gates' trailing window.
pub const MONTH_SECONDS: i64 = 30 * 86_400;
/// Hours in a projection month.
const MONTH_HOURS: u64 = 30 * 24;

/// How the stage moves.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StagePlan {
    /// The trailing-30-day fees each stage requires (0: the gates never move to it).
    Gates([u64; 3]),
    /// From month index `k` (0 is the first month) on, the stage given.
    Schedule(Vec<(u32, Stage)>),
}

/// The stake the stakers' room and APR are computed on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Staking {
    /// Active stake, protocol base units (0: nothing staked, the staker share goes to buyback).
    pub staked: u64,
    /// The yield cap, as the program stores it (`u64::MAX`: none).
    pub yield_cap_scaled: u64,
    pub stream_period_seconds: u64,
}

/// The buyback auction's market-impact limits.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AuctionCaps {
    pub epoch_seconds: u64,
    /// Protocol base units per fee base unit, times 1e9.
    pub floor_price: u64,
    pub max_start_price: u64,
    pub epoch_cap: u64,
    pub daily_cap: u64,
}

impl AuctionCaps {
    /// No limits: every epoch and day may sell the whole vault, at any price above 0.
    pub const NONE: AuctionCaps = AuctionCaps {
        epoch_seconds: 86_400,
        floor_price: 1,
        max_start_price: u64::MAX,
        epoch_cap: u64::MAX,
        daily_cap: u64::MAX,
    };

    /// The most the auction sells from `vault` in a month: an epoch's cap per epoch and a
    /// day's cap per 25-hour window (the rolling day's span).
    pub fn month_lot(&self, vault: u64) -> u64 {
        let epochs = (MONTH_SECONDS as u64 / self.epoch_seconds.max(1)).max(1);
        let per_epochs = self.epoch_cap.saturating_mul(epochs);
        let per_days =
            mul_div_floor_u64(self.daily_cap, MONTH_HOURS, DAY_HOURS as u64).unwrap_or(u64::MAX);
        lot(vault, per_epochs, per_days)
    }
}

/// The protocol token's market: its price path and supply.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Market {
    /// Fee tokens per protocol token in the first month (`None`: no sales are projected).
    pub price: Option<f64>,
    /// Growth of the price per month, in basis points (negative: a fall).
    pub price_growth_bps: i32,
    pub fee_decimals: u8,
    pub protocol_decimals: u8,
    /// Protocol tokens in existence at the start, base units.
    pub supply: Option<u64>,
}

/// Everything a projection needs besides the fees.
#[derive(Clone, Debug, PartialEq)]
pub struct Params {
    /// Unix time the first month starts (midnight UTC, so that the trailing 30 days at a
    /// month's last distribution hold exactly that month's fees).
    pub start_time: i64,
    /// Distributions a month, at equal intervals (1: one at the month's start). Under a
    /// binding yield cap it matters: the stream holds one period at the cap's rate, so one
    /// distribution a month pays the stakers a period's worth, a daily crank the whole month.
    pub distributions_per_month: u32,
    pub start_stage: Stage,
    pub splits: [Split; 3],
    pub stages: StagePlan,
    pub rails: Rails,
    /// The insurance and discount vaults at the start.
    pub insurance_fund: u64,
    pub discount_fund: u64,
    /// Share of the discount vault rebates pay out each month, bps.
    pub discount_spent_bps: u16,
    /// Share of the insurance fund the exchange's shortfall claims each month, bps.
    pub insurance_payout_bps: u16,
    /// The payout limit: the most of the fund paid out in 30 days, bps (the program's
    /// `max_payout_bps` over a 30-day period).
    pub insurance_max_payout_bps: u16,
    /// `None`: stakers always have room (no cap, stake present).
    pub staking: Option<Staking>,
    pub auction: AuctionCaps,
    pub market: Market,
}

impl Params {
    /// The seed's split in `stage` with no guard rail and room for the stakers.
    pub fn seed(stage: Stage, start_time: i64) -> Self {
        Params {
            start_time,
            distributions_per_month: 1,
            start_stage: stage,
            splits: DEFAULT_SPLITS,
            stages: StagePlan::Gates([0; 3]),
            rails: Rails::NONE,
            insurance_fund: 0,
            discount_fund: 0,
            discount_spent_bps: 0,
            insurance_payout_bps: 0,
            insurance_max_payout_bps: 2_000,
            staking: None,
            auction: AuctionCaps::NONE,
            market: Market {
                price: None,
                price_growth_bps: 0,
                fee_decimals: 6,
                protocol_decimals: 6,
                supply: None,
            },
        }
    }
}

/// One projected month.
#[derive(Clone, Debug, PartialEq)]
pub struct Month {
    /// 0 for the first month.
    pub index: u32,
    /// Unix time it starts (its first distribution).
    pub time: i64,
    pub stage: Stage,
    pub figures: Figures<u64, Option<f64>>,
}

/// What carries from month to month.
struct Ledger {
    stage: Stage,
    stream: Stream,
    buyback: u64,
    insurance: u64,
    discount: u64,
    burned_total: u64,
    price: Option<f64>,
    /// What the stream has released to the stakers at the distributions so far.
    released: u64,
    /// What it had released by the end of the last month reported.
    earned_before: u64,
}

/// Projects `fees` (one amount a month) under `p`.
pub fn project(p: &Params, fees: &[u64]) -> Result<Vec<Month>> {
    if p.market.price.is_some_and(|x| !(x.is_finite() && x > 0.0)) {
        bail!("the protocol price must be a positive number");
    }
    let mut l = Ledger {
        stage: stage_at(p, 0).unwrap_or(p.start_stage),
        stream: Stream::default(),
        buyback: 0,
        insurance: p.insurance_fund,
        discount: p.discount_fund,
        burned_total: 0,
        price: p.market.price,
        released: 0,
        earned_before: 0,
    };
    let mut out = Vec::with_capacity(fees.len());
    for (k, &amount) in fees.iter().enumerate() {
        let index = u32::try_from(k)?;
        if let Some(s) = stage_at(p, index) {
            l.stage = s;
        }
        let month = l
            .month(p, index, amount)
            .with_context(|| format!("month {}", k + 1))?;
        if let StagePlan::Gates(gates) = &p.stages {
            l.stage = gated_stage(gates, l.stage, amount);
        }
        if let Some(price) = l.price.as_mut() {
            *price *= 1.0 + f64::from(p.market.price_growth_bps) / 10_000.0;
        }
        out.push(month);
    }
    Ok(out)
}

/// The stage the schedule gives month `index`, if it says.
fn stage_at(p: &Params, index: u32) -> Option<Stage> {
    match &p.stages {
        StagePlan::Gates(_) => None,
        StagePlan::Schedule(s) => Some(
            s.iter()
                .filter(|(from, _)| *from <= index)
                .max_by_key(|(from, _)| *from)
                .map_or(p.start_stage, |&(_, stage)| stage),
        ),
    }
}

/// The latest stage after `current` whose gate (a positive one) `trailing` meets; else
/// `current`.
pub fn gated_stage(gates: &[u64; 3], current: Stage, trailing: u64) -> Stage {
    Stage::ALL
        .into_iter()
        .rev()
        .find(|s| {
            s.index() > current.index() && gates[s.index()] > 0 && trailing >= gates[s.index()]
        })
        .unwrap_or(current)
}

/// The distributions of a month that starts at `start` with `fees`: `per_month` of them at
/// equal intervals, each an equal share (the last one also the division's remainder); shares
/// of 0 are left out, as the program refuses an empty distribution.
pub fn distributions(p: &Params, start: i64, fees: u64) -> Vec<(i64, u64)> {
    let n = p.distributions_per_month.max(1);
    let step = MONTH_SECONDS / i64::from(n);
    let share = fees / u64::from(n);
    let last = fees - share * u64::from(n - 1);
    (0..n)
        .map(|j| {
            let amount = if j + 1 == n { last } else { share };
            (start + i64::from(j) * step, amount)
        })
        .filter(|&(_, amount)| amount > 0)
        .collect()
}

fn add(x: u64, y: u64) -> Result<u64> {
    x.checked_add(y)
        .ok_or_else(|| anyhow!("an amount overflows a u64"))
}

/// Two allocations added up, field by field.
fn sum(x: &Allocation, y: &Allocation) -> Result<Allocation> {
    let mut amounts = [0u64; 4];
    for (out, (a, b)) in amounts.iter_mut().zip(x.amounts.iter().zip(&y.amounts)) {
        *out = add(*a, *b)?;
    }
    Ok(Allocation {
        amounts,
        insurance_topup: add(x.insurance_topup, y.insurance_topup)?,
        insurance_overflow: add(x.insurance_overflow, y.insurance_overflow)?,
        discount_overflow: add(x.discount_overflow, y.discount_overflow)?,
        stakers_overflow: add(x.stakers_overflow, y.stakers_overflow)?,
        remainder: add(x.remainder, y.remainder)?,
    })
}

fn stream_error<E>(_: E) -> anyhow::Error {
    anyhow!("the staker stream's arithmetic is out of range")
}

/// `x` rounded to 6 decimals, so that printed rates do not show binary noise.
fn round6(x: f64) -> f64 {
    (x * 1e6).round() / 1e6
}

impl Ledger {
    fn month(&mut self, p: &Params, index: u32, fees: u64) -> Result<Month> {
        let time = p
            .start_time
            .checked_add(i64::from(index) * MONTH_SECONDS)
            .ok_or_else(|| anyhow!("the projection runs past the clock's range"))?;
        let mut a = Allocation::default();
        let mut stranded = 0u64;
        for (at, amount) in distributions(p, time, fees) {
            let (one, swept) = self.distribute(p, at, amount)?;
            self.buyback = add(add(self.buyback, one.amounts[BUYBACK])?, swept)?;
            self.insurance = add(self.insurance, one.amounts[INSURANCE])?;
            self.discount = add(self.discount, one.amounts[DISCOUNT])?;
            a = sum(&a, &one)?;
            stranded = add(stranded, swept)?;
        }
        let [to_buyback, to_stakers, to_insurance, to_discount] = a.amounts;
        let insurance_paid_out = self.pay_insurance(p)?;
        let insurance_fund = self.insurance;
        let (fee_sold, burned) = self.sell(p)?;
        let discount_spent = mul_div_floor_u64(
            self.discount,
            u64::from(p.discount_spent_bps),
            u64::from(BPS_DENOMINATOR),
        )
        .map_err(|_| anyhow!("the discount spend overflows"))?;
        self.discount -= discount_spent;
        let stakers_earned = self.earned(p, time + MONTH_SECONDS, to_stakers)?;
        let m = &p.market;
        let figures = Figures {
            fees,
            buyback: to_buyback,
            stakers: to_stakers,
            insurance: to_insurance,
            discount: to_discount,
            insurance_topup: a.insurance_topup,
            insurance_overflow: a.insurance_overflow,
            discount_overflow: a.discount_overflow,
            stakers_overflow: a.stakers_overflow,
            stranded_to_buyback: stranded,
            stakers_earned,
            fee_sold,
            burned,
            burned_total: self.burned_total,
            buyback_fund: self.buyback,
            insurance_paid_out,
            insurance_fund,
            discount_spent,
            discount_fund: self.discount,
            price: self.price.map(round6),
            burned_pct_of_supply: m
                .supply
                .filter(|&s| s > 0)
                .map(|s| round6(self.burned_total as f64 / s as f64 * 100.0)),
            staker_apr_pct: self.apr(p, stakers_earned).map(round6),
        };
        Ok(Month {
            index,
            time,
            stage: self.stage,
            figures,
        })
    }

    /// Releases the stream, divides `fees`, credits the stakers' share: `distribute`'s math.
    /// Returns the allocation and what the stream sent on to buyback.
    fn distribute(&mut self, p: &Params, now: i64, fees: u64) -> Result<(Allocation, u64)> {
        let bps = p.splits[self.stage.index()].bps();
        let Some(s) = p.staking else {
            let balances = self.balances(u64::MAX);
            let a = allocate(fees, bps, &p.rails, &balances)
                .map_err(|_| anyhow!("the split or the rails are out of range"))?;
            return Ok((a, 0));
        };
        let released =
            release(&mut self.stream, now, s.yield_cap_scaled, s.staked).map_err(stream_error)?;
        self.released = add(self.released, released.to_stakers)?;
        let stranded = released
            .unstaked
            .checked_add(released.capped)
            .ok_or_else(|| anyhow!("the stream overflows"))?;
        let cap_rate = cap_rate_fp(s.yield_cap_scaled, s.staked);
        let room = if s.staked == 0 {
            0
        } else {
            stream_room_floor(cap_rate, s.stream_period_seconds, self.stream.remaining)
        };
        let a = allocate(fees, bps, &p.rails, &self.balances(room))
            .map_err(|_| anyhow!("the split or the rails are out of range"))?;
        let credit = a.amounts[STAKERS];
        if credit > 0 {
            let st = &mut self.stream;
            st.end = merged_end_capped(
                now,
                st.remaining,
                st.end,
                credit,
                s.stream_period_seconds,
                cap_rate,
            )
            .map_err(stream_error)?;
            st.remaining = st
                .remaining
                .checked_add(credit)
                .ok_or_else(|| stream_error(()))?;
            st.last = now;
        }
        Ok((a, stranded))
    }

    fn balances(&self, stakers_room: u64) -> Balances {
        Balances {
            insurance: self.insurance,
            discount: self.discount,
            stakers_room,
        }
    }

    /// The month's insurance payout: the share of the fund the shortfall claims, at most the
    /// payout limit's share (one payout a month, so a 30-day window holds only it).
    fn pay_insurance(&mut self, p: &Params) -> Result<u64> {
        let bps = p.insurance_payout_bps.min(p.insurance_max_payout_bps);
        let paid = mul_div_floor_u64(self.insurance, u64::from(bps), u64::from(BPS_DENOMINATOR))
            .map_err(|_| anyhow!("the insurance payout overflows"))?;
        self.insurance -= paid;
        Ok(paid)
    }

    /// The auction's month: what it sells and the protocol tokens paid (burned).
    fn sell(&mut self, p: &Params) -> Result<(u64, u64)> {
        let Some(price) = self.price_scaled(p)? else {
            return Ok((0, 0));
        };
        if price < p.auction.floor_price {
            return Ok((0, 0));
        }
        let sold = p.auction.month_lot(self.buyback);
        let paid = payment_ceil(sold, price.min(p.auction.max_start_price))
            .map_err(|_| anyhow!("the burn overflows a u64"))?;
        self.buyback -= sold;
        self.burned_total = self
            .burned_total
            .checked_add(paid)
            .ok_or_else(|| anyhow!("the burn overflows a u64"))?;
        Ok((sold, paid))
    }

    /// The month's price as the auction reads it: protocol base units per fee base unit,
    /// times `PRICE_SCALE`, rounded to the nearest.
    fn price_scaled(&self, p: &Params) -> Result<Option<u64>> {
        let Some(price) = self.price else {
            return Ok(None);
        };
        let m = &p.market;
        let decimals = i32::from(m.protocol_decimals) - i32::from(m.fee_decimals);
        let scaled = (PRICE_SCALE as f64 * 10f64.powi(decimals) / price).round();
        if !(scaled >= 1.0 && scaled < u64::MAX as f64) {
            bail!("the protocol price {price} is out of the auction's price range");
        }
        Ok(Some(scaled as u64))
    }

    /// What the stream released to the stakers in the month that ends at `end`: released at
    /// its distributions, and what a release at its end would add (the stream's arithmetic
    /// is the same in one step or many). Without a stake given, the month's staker share.
    fn earned(&mut self, p: &Params, end: i64, to_stakers: u64) -> Result<u64> {
        let Some(s) = p.staking else {
            return Ok(to_stakers);
        };
        let mut probe = self.stream;
        let more = release(&mut probe, end, s.yield_cap_scaled, s.staked).map_err(stream_error)?;
        let by_end = add(self.released, more.to_stakers)?;
        let earned = by_end.saturating_sub(self.earned_before);
        self.earned_before = by_end;
        Ok(earned)
    }

    /// A year of what the stakers earned in the month over the staked tokens' value, in percent.
    fn apr(&self, p: &Params, earned: u64) -> Option<f64> {
        let staked = p.staking?.staked;
        let price = self.price?;
        if staked == 0 {
            return None;
        }
        let m = &p.market;
        let decimals = i32::from(m.fee_decimals) - i32::from(m.protocol_decimals);
        let value = staked as f64 * 10f64.powi(decimals) * price;
        Some(earned as f64 * (365.0 / 30.0) / value * 100.0)
    }
}

#[cfg(test)]
mod tests;
