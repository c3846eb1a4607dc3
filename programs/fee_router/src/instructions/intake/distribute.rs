//! `distribute`: the intake's whole balance, divided among the four buckets.
use anchor_lang::prelude::*;

use crate::error::FeeRouterError;
use crate::events::{Bucket, FeesDistributed, RedirectReason, Redirection};
use crate::math::split::{
    allocate, Allocation, Balances, BUCKETS, BUYBACK, DISCOUNT, INSURANCE, STAKERS,
};
use crate::state::pause::PAUSE_DISTRIBUTE;
use crate::state::{lines, Distribution, Router};
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

    /// Sends each bucket its amount from the intake, measured against `before` (the bucket
    /// vaults' balances now): what arrived in each, what the mint withheld on the four hops,
    /// and each vault's balance after.
    fn send_to_buckets(
        &self,
        fee: &token::Mint<'_, 'info>,
        router: &AccountInfo<'info>,
        before: &[u64; BUCKETS],
        amounts: &[u64; BUCKETS],
        signer: &[&[&[u8]]],
    ) -> Result<Sent> {
        let mut sent = Sent {
            credited: [0; BUCKETS],
            withheld: 0,
            after: *before,
        };
        let moved = fee.send_each(
            &self.intake_vault,
            router,
            self.bucket_vaults(),
            before,
            amounts,
            signer,
        )?;
        for (i, m) in moved.iter().enumerate() {
            if m.sent == 0 {
                continue;
            }
            sent.credited[i] = m.arrived;
            sent.after[i] = m.dest_after();
            sent.withheld = sent
                .withheld
                .checked_add(m.withheld)
                .ok_or(FeeRouterError::MathOverflow)?;
        }
        Ok(sent)
    }

    /// Sends `stranded` rewards from the stakers vault on to buyback, measured. Returns what
    /// the mint withheld and the bucket vaults' balances after (`before` when nothing moves).
    fn send_stranded(
        &self,
        fee: &token::Mint<'_, 'info>,
        router: &AccountInfo<'info>,
        stranded: u64,
        before: [u64; BUCKETS],
        signer: &[&[&[u8]]],
    ) -> Result<(u64, [u64; BUCKETS])> {
        let mut now = before;
        if stranded == 0 {
            return Ok((0, now));
        }
        let moved = fee.transfer_measured(
            &self.stakers_vault,
            &self.buyback_vault,
            router,
            stranded,
            signer,
        )?;
        now[BUYBACK] = moved.dest_after();
        now[STAKERS] = token::amount(&self.stakers_vault)?;
        Ok((moved.withheld, now))
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

/// What the four hops did: credited to each bucket, withheld by the mint, each vault after.
struct Sent {
    credited: [u64; BUCKETS],
    withheld: u64,
    after: [u64; BUCKETS],
}

/// Specification:
/// - the intake holds something;
/// - the staker stream is released up to now first, under the yield cap on the stake active
///   meanwhile; rewards it released while nothing was staked or above the cap are sent on
///   from the stakers vault to buyback;
/// - the intake's whole balance is swept: deposits recorded as pending plus anything that
///   arrived by plain transfer, which is recorded as unattributed fees of the day;
/// - the balance is divided by `math::split::allocate` (the stage's split: the pool's, for a
///   fee line, whose pool is then the first remaining account; the insurance
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
    let (snap, seeds) = {
        let mut r = a.router.load_mut()?;
        let mut snap = r.distribution_at(now)?;
        if r.is_line() {
            pool_split(&mut snap, &r.pool, ctx.remaining_accounts)?;
        }
        (snap, r.owned_seeds())
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
    let router_info: &AccountInfo<'_> = a.router.as_ref();
    let vaults_before = a.bucket_balances()?;

    // Rewards released while nothing was staked, or above the cap, go on to buyback.
    let stranded = snap
        .stranded_unstaked
        .checked_add(snap.stranded_capped)
        .ok_or(FeeRouterError::MathOverflow)?;
    let (withheld, vaults_now) =
        a.send_stranded(&fee, router_info, stranded, vaults_before, &signer)?;

    let balances = Balances {
        insurance: vaults_before[INSURANCE],
        discount: vaults_before[DISCOUNT],
        stakers_room: snap.stakers_room,
    };
    let allocation =
        allocate(input, snap.bps, &snap.rails, &balances).map_err(FeeRouterError::from)?;
    let Sent {
        credited,
        withheld: bucket_withheld,
        after: vaults_after,
    } = a.send_to_buckets(&fee, router_info, &vaults_now, &allocation.amounts, &signer)?;
    let withheld = withheld
        .checked_add(bucket_withheld)
        .ok_or(FeeRouterError::MathOverflow)?;

    let (stream_remaining, stream_end) = {
        let mut r = a.router.load_mut()?;
        r.record_distribution(now, input, unattributed, &allocation.amounts, withheld)?;
        let stream = r.credit_stream(now, stranded, credited[STAKERS], &snap)?;
        r.invariant()?;
        stream
    };
    FeesDistributed {
        router: a.router.key(),
        stage: snap.stage,
        input,
        unattributed,
        amounts: allocation.amounts,
        credited,
        remainder: allocation.remainder,
        redirections: redirections(&allocation, &snap),
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

/// A fee line splits by its pool's stage and split (so a stage change moves every line at
/// once): the pool is the first remaining account.
fn pool_split(snap: &mut Distribution, pool: &Pubkey, remaining: &[AccountInfo]) -> Result<()> {
    let info = remaining
        .first()
        .filter(|p| p.key == pool)
        .ok_or(FeeRouterError::LineAccountsMismatch)?;
    let pool = lines::load_router(info)?;
    snap.stage = pool.stage()?;
    snap.bps = pool.current_split()?.bps();
    Ok(())
}

/// Every amount that went elsewhere than its bucket, and why.
fn redirections(allocation: &Allocation, snap: &Distribution) -> Vec<Redirection> {
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
    sources
        .into_iter()
        .filter(|&(_, _, amount)| amount > 0)
        .map(|(reason, to, amount)| Redirection { reason, to, amount })
        .collect()
}
