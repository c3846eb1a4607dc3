//! `distribute`: the intake's whole balance, divided among the four buckets.
use anchor_lang::prelude::*;

use crate::error::FeeRouterError;
use crate::events::{Bucket, FeesDistributed, RedirectReason, Redirection};
use crate::math::split::{allocate, Balances, BUCKETS, DISCOUNT, INSURANCE, STAKERS};
use crate::math::staking::{cap_rate_fp, merged_end_capped, stream_room_floor};
use crate::state::pause::PAUSE_DISTRIBUTE;
use crate::state::Router;
use crate::token;

#[derive(Accounts)]
pub struct Distribute<'info> {
    #[account(mut)]
    pub router: AccountLoader<'info, Router>,

    /// CHECK: the router's intake vault, checked by address.
    #[account(mut)]
    pub intake_vault: UncheckedAccount<'info>,
    /// CHECK: the router's buyback vault, checked by address.
    #[account(mut)]
    pub buyback_vault: UncheckedAccount<'info>,
    /// CHECK: the router's stakers vault, checked by address.
    #[account(mut)]
    pub stakers_vault: UncheckedAccount<'info>,
    /// CHECK: the router's insurance vault, checked by address.
    #[account(mut)]
    pub insurance_vault: UncheckedAccount<'info>,
    /// CHECK: the router's discount vault, checked by address.
    #[account(mut)]
    pub discount_vault: UncheckedAccount<'info>,

    /// CHECK: the router's fee mint, checked by address.
    pub fee_mint: UncheckedAccount<'info>,
    /// CHECK: the fee mint's token program, checked by address.
    pub fee_token_program: UncheckedAccount<'info>,
}

impl<'info> Distribute<'info> {
    /// Specification: anyone may crank it; distribution is not paused; every vault, the fee
    /// mint and its token program are the router's.
    pub fn validate(&self) -> Result<()> {
        let r = self.router.load()?;
        r.require_active(PAUSE_DISTRIBUTE)?;
        let v = &r.vaults;
        Router::check_vault(self.intake_vault.key, &v.intake)?;
        Router::check_vault(self.buyback_vault.key, &v.buyback)?;
        Router::check_vault(self.stakers_vault.key, &v.stakers)?;
        Router::check_vault(self.insurance_vault.key, &v.insurance)?;
        Router::check_vault(self.discount_vault.key, &v.discount)?;
        r.check_fee_mint(self.fee_mint.key, self.fee_token_program.key)
    }

    fn bucket_vaults(&self) -> [&AccountInfo<'info>; BUCKETS] {
        [
            &self.buyback_vault,
            &self.stakers_vault,
            &self.insurance_vault,
            &self.discount_vault,
        ]
    }

    fn bucket_balances(&self) -> Result<[u64; BUCKETS]> {
        let v = self.bucket_vaults();
        Ok([
            token::amount(v[0])?,
            token::amount(v[1])?,
            token::amount(v[2])?,
            token::amount(v[3])?,
        ])
    }
}

/// Specification:
/// - the intake holds something;
/// - the staker stream is released up to now first, under the yield cap on the stake active
///   meanwhile; rewards it released while nothing was staked or above the cap are sent on
///   from the stakers vault to buyback;
/// - the intake's whole balance is swept: deposits recorded as pending plus anything that
///   arrived by plain transfer, which is recorded as unattributed fees of the day;
/// - the balance is divided by `math::split::allocate` (the stage's split, the insurance
///   floor top-up, the insurance and discount caps, and the stakers' room: nothing while
///   nothing is staked, else what fills the stream to one period at the yield cap's rate on
///   the stake active now), exactly;
/// - each bucket's vault is credited with what actually arrived (a Token-2022 transfer fee on
///   these hops is recorded as withheld); the stakers' credit joins the stream without
///   delaying what the stream already held, and at no more than the cap's rate where the
///   sum of the two rates would pass it (`math::staking::merged_end_capped`): while the cap
///   binds and fees keep coming, the stream runs at the cap's rate with no gap.
pub fn distribute(ctx: Context<Distribute>) -> Result<()> {
    let now = Clock::get()?.unix_timestamp;
    let a = &ctx.accounts;
    let input = token::amount(&a.intake_vault)?;
    require!(input > 0, FeeRouterError::DistributeNothingToDistribute);

    struct Snapshot {
        stage: crate::state::Stage,
        bps: [u16; BUCKETS],
        rails: crate::math::split::Rails,
        pending: u64,
        decimals: u8,
        period: u64,
        stakers_room: u64,
        cap_rate: u128,
        active: u64,
        stranded_unstaked: u64,
        stranded_capped: u64,
    }
    let (snap, seeds) = {
        let mut r = a.router.load_mut()?;
        r.update_rewards(now)?;
        let st = &r.staking;
        let p = &r.staking_params;
        // The cap's rate on the stake active now: the stream may hold one period of it.
        let cap_rate = cap_rate_fp(p.yield_cap_scaled, st.total_active);
        let stakers_room = if st.total_active == 0 {
            0
        } else {
            stream_room_floor(cap_rate, p.stream_period_seconds, st.stream_remaining)
        };
        (
            Snapshot {
                stage: r.stage()?,
                bps: r.current_split()?.bps(),
                rails: r.guard_rails.rails(),
                pending: r.totals.pending_attributed,
                decimals: r.fee_decimals,
                period: p.stream_period_seconds,
                stakers_room,
                cap_rate,
                active: st.total_active,
                stranded_unstaked: st.stranded_unstaked,
                stranded_capped: st.stranded_capped,
            },
            r.owned_seeds(),
        )
    };
    let unattributed = input
        .checked_sub(snap.pending)
        .ok_or(FeeRouterError::InvariantViolated)?;
    let signer = seeds.seeds();
    let signer = [&signer[..]];
    let fee = token::Mint {
        token_program: &a.fee_token_program,
        mint: &a.fee_mint,
        decimals: snap.decimals,
    };
    let router_info = a.router.to_account_info();
    let vaults_before = a.bucket_balances()?;

    // Rewards released while nothing was staked, or above the cap, go on to buyback.
    let stranded = snap
        .stranded_unstaked
        .checked_add(snap.stranded_capped)
        .ok_or(FeeRouterError::MathOverflow)?;
    let mut withheld = 0u64;
    if stranded > 0 {
        let moved = fee.transfer_measured(
            &a.stakers_vault,
            &a.buyback_vault,
            &router_info,
            stranded,
            &signer,
        )?;
        withheld = moved.withheld;
    }

    let balances = Balances {
        insurance: vaults_before[INSURANCE],
        discount: vaults_before[DISCOUNT],
        stakers_room: snap.stakers_room,
    };
    let allocation =
        allocate(input, snap.bps, &snap.rails, &balances).map_err(FeeRouterError::from)?;
    let mut credited = [0u64; BUCKETS];
    let mut hops = fee.transfers_from(&a.intake_vault, &router_info);
    for ((to, &amount), credit) in a
        .bucket_vaults()
        .into_iter()
        .zip(allocation.amounts.iter())
        .zip(credited.iter_mut())
    {
        if amount > 0 {
            let moved = hops.send(to, amount, &signer)?;
            *credit = moved.arrived;
            withheld = withheld
                .checked_add(moved.withheld)
                .ok_or(FeeRouterError::MathOverflow)?;
        }
    }
    let vaults_after = a.bucket_balances()?;

    let mut r = a.router.load_mut()?;
    let t = &mut r.totals;
    t.unattributed.add_u64(unattributed)?;
    t.distributed.add_u64(input)?;
    for (routed, &amount) in t.routed.iter_mut().zip(allocation.amounts.iter()) {
        routed.add_u64(amount)?;
    }
    t.routed_withheld.add_u64(withheld)?;
    t.pending_attributed = 0;
    if unattributed > 0 {
        r.record_fees(now, unattributed)?;
    }
    let st = &mut r.staking;
    st.stranded_unstaked = 0;
    st.stranded_capped = 0;
    st.swept.add_u64(stranded)?;
    let stream_credit = credited[STAKERS];
    if stream_credit > 0 {
        st.credited.add_u64(stream_credit)?;
        st.stream_end = merged_end_capped(
            now,
            st.stream_remaining,
            st.stream_end,
            stream_credit,
            snap.period,
            snap.cap_rate,
        )
        .map_err(FeeRouterError::from)?;
        st.stream_remaining = st
            .stream_remaining
            .checked_add(stream_credit)
            .ok_or(FeeRouterError::MathOverflow)?;
        st.last_update = now;
    }
    let (stream_remaining, stream_end) = (st.stream_remaining, st.stream_end);
    r.invariant()?;
    drop(r);

    let staker_reason = if snap.active > 0 {
        RedirectReason::StakerYieldCap
    } else {
        RedirectReason::NoStake
    };
    let sources: [(RedirectReason, Bucket, u64); crate::events::MAX_REDIRECTIONS] = [
        (
            RedirectReason::InsuranceFloorTopUp,
            Bucket::Insurance,
            allocation.insurance_topup,
        ),
        (
            RedirectReason::InsuranceCapOverflow,
            Bucket::Buyback,
            allocation.insurance_overflow,
        ),
        (
            RedirectReason::DiscountCapOverflow,
            Bucket::Buyback,
            allocation.discount_overflow,
        ),
        (staker_reason, Bucket::Buyback, allocation.stakers_overflow),
        (
            RedirectReason::UnstakedRewardsSwept,
            Bucket::Buyback,
            snap.stranded_unstaked,
        ),
        (
            RedirectReason::StakerYieldCapAtRelease,
            Bucket::Buyback,
            snap.stranded_capped,
        ),
    ];
    let redirections = sources
        .into_iter()
        .filter(|&(_, _, amount)| amount > 0)
        .map(|(reason, to, amount)| Redirection { reason, to, amount })
        .collect();
    FeesDistributed {
        router: a.router.key(),
        stage: snap.stage,
        input,
        unattributed,
        amounts: allocation.amounts,
        credited,
        remainder: allocation.remainder,
        redirections,
        withheld,
        vaults_before,
        vaults_after,
        stream_remaining,
        stream_end,
        total_active: snap.active,
    }
    .record()
    .log();
    Ok(())
}
