use anchor_lang::prelude::*;
use anchor_spl::token_interface::{Mint, TokenAccount, TokenInterface};

use crate::error::FeeRouterError;
use crate::events::{Bucket, FeesDistributed, RedirectReason, Redirection, StakerStreamCredited};
use crate::instructions::vault_transfer::VaultTransfer;
use crate::math::split::{allocate, Balances, BUCKETS, BUYBACK, DISCOUNT, INSURANCE, STAKERS};
use crate::math::staking::stream_cap_floor;
use crate::state::pause::PAUSE_DISTRIBUTE;
use crate::state::Router;

#[derive(Accounts)]
pub struct Distribute<'info> {
    #[account(mut)]
    pub router: AccountLoader<'info, Router>,

    #[account(mut, address = router.load()?.vaults.intake @ FeeRouterError::AccountVaultMismatch)]
    pub intake_vault: Box<InterfaceAccount<'info, TokenAccount>>,
    #[account(mut, address = router.load()?.vaults.buyback @ FeeRouterError::AccountVaultMismatch)]
    pub buyback_vault: Box<InterfaceAccount<'info, TokenAccount>>,
    #[account(mut, address = router.load()?.vaults.stakers @ FeeRouterError::AccountVaultMismatch)]
    pub stakers_vault: Box<InterfaceAccount<'info, TokenAccount>>,
    #[account(mut, address = router.load()?.vaults.insurance @ FeeRouterError::AccountVaultMismatch)]
    pub insurance_vault: Box<InterfaceAccount<'info, TokenAccount>>,
    #[account(mut, address = router.load()?.vaults.discount @ FeeRouterError::AccountVaultMismatch)]
    pub discount_vault: Box<InterfaceAccount<'info, TokenAccount>>,

    #[account(address = router.load()?.fee_mint @ FeeRouterError::AccountMintMismatch)]
    pub fee_mint: Box<InterfaceAccount<'info, Mint>>,

    #[account(address = router.load()?.fee_token_program @ FeeRouterError::AccountTokenProgramMismatch)]
    pub fee_token_program: Interface<'info, TokenInterface>,
}

/// Specification:
/// - anyone may crank it; distribution is not paused; the intake holds something;
/// - the staker stream is released up to now first; rewards it released while nothing was
///   staked are sent on from the stakers vault to buyback;
/// - the intake's whole balance is swept: deposits recorded as pending plus anything that
///   arrived by plain transfer, which is recorded as unattributed fees of the day;
/// - the balance is divided by `math::split::allocate` (the stage's split, the insurance
///   floor top-up, the insurance and discount caps, and the stakers' room: nothing while
///   nothing is staked, else what the yield cap lets the stream hold), exactly;
/// - each bucket's vault is credited with what actually arrived (a Token-2022 transfer fee on
///   these hops is recorded as withheld), and the stakers' credit starts a new stream period
///   together with what the stream still held.
pub fn handler(mut ctx: Context<Distribute>) -> Result<()> {
    let now = Clock::get()?.unix_timestamp;
    let a = &mut ctx.accounts;
    let (stage, split, rails, pending, seeds, stakers_room, staked, stranded) = {
        let mut r = a.router.load_mut()?;
        r.require_active(PAUSE_DISTRIBUTE)?;
        r.update_rewards(now)?;
        let (s, p) = (r.staking, r.staking_params);
        let stakers_room = if s.total_active == 0 {
            0
        } else {
            stream_cap_floor(p.yield_cap_scaled, s.total_active, p.stream_period_seconds)
                .map_err(FeeRouterError::from)?
                .saturating_sub(s.stream_remaining)
        };
        let rails = r.guard_rails.rails();
        (
            r.stage()?,
            r.current_split()?,
            rails,
            r.totals.pending_attributed,
            r.owned_seeds(),
            stakers_room,
            s.total_active > 0,
            s.stranded,
        )
    };
    let input = a.intake_vault.amount;
    require!(input > 0, FeeRouterError::DistributeNothingToDistribute);
    let unattributed = input
        .checked_sub(pending)
        .ok_or(FeeRouterError::InvariantViolated)?;

    let decimals = a.fee_mint.decimals;
    let vault = VaultTransfer {
        token_program: a.fee_token_program.key(),
        mint: a.fee_mint.to_account_info(),
        router: a.router.to_account_info(),
        seeds: &seeds,
    };
    let vaults_before = bucket_balances(a);

    // Rewards released while nothing was staked go on to buyback.
    if stranded > 0 {
        vault.send(
            a.stakers_vault.to_account_info(),
            a.buyback_vault.to_account_info(),
            stranded,
            decimals,
        )?;
        a.buyback_vault.reload()?;
        a.stakers_vault.reload()?;
    }
    let vaults_mid = bucket_balances(a);
    let swept_withheld = stranded
        .checked_sub(
            vaults_mid[BUYBACK]
                .checked_sub(vaults_before[BUYBACK])
                .ok_or(FeeRouterError::MathOverflow)?,
        )
        .ok_or(FeeRouterError::MathOverflow)?;

    let balances = Balances {
        insurance: vaults_mid[INSURANCE],
        discount: vaults_mid[DISCOUNT],
        stakers_room,
    };
    let allocation =
        allocate(input, split.bps(), &rails, &balances).map_err(FeeRouterError::from)?;
    let destinations = [
        a.buyback_vault.to_account_info(),
        a.stakers_vault.to_account_info(),
        a.insurance_vault.to_account_info(),
        a.discount_vault.to_account_info(),
    ];
    for (to, &amount) in destinations.into_iter().zip(allocation.amounts.iter()) {
        if amount > 0 {
            vault.send(a.intake_vault.to_account_info(), to, amount, decimals)?;
        }
    }
    a.buyback_vault.reload()?;
    a.stakers_vault.reload()?;
    a.insurance_vault.reload()?;
    a.discount_vault.reload()?;
    let vaults_after = bucket_balances(a);
    let mut credited = [0u64; BUCKETS];
    let mut withheld = swept_withheld;
    for i in 0..BUCKETS {
        credited[i] = vaults_after[i]
            .checked_sub(vaults_mid[i])
            .ok_or(FeeRouterError::MathOverflow)?;
        let lost = allocation.amounts[i]
            .checked_sub(credited[i])
            .ok_or(FeeRouterError::MathOverflow)?;
        withheld = withheld
            .checked_add(lost)
            .ok_or(FeeRouterError::MathOverflow)?;
    }

    let mut router = a.router.load_mut()?;
    let t = &mut router.totals;
    t.unattributed.add(u128::from(unattributed))?;
    t.distributed.add(u128::from(input))?;
    for (routed, &amount) in t.routed.iter_mut().zip(allocation.amounts.iter()) {
        routed.add(u128::from(amount))?;
    }
    t.routed_withheld.add(u128::from(withheld))?;
    t.pending_attributed = 0;
    if unattributed > 0 {
        router.record_fees(now, unattributed)?;
    }
    let period = i64::try_from(router.staking_params.stream_period_seconds)
        .map_err(|_| FeeRouterError::MathOverflow)?;
    let st = &mut router.staking;
    st.stranded = 0;
    st.swept.add(u128::from(stranded))?;
    let stream_credit = credited[STAKERS];
    if stream_credit > 0 {
        st.credited.add(u128::from(stream_credit))?;
        st.stream_remaining = st
            .stream_remaining
            .checked_add(stream_credit)
            .ok_or(FeeRouterError::MathOverflow)?;
        st.stream_end = now
            .checked_add(period)
            .ok_or(FeeRouterError::MathOverflow)?;
        st.last_update = now;
    }
    let stream = (st.stream_remaining, st.stream_end, st.total_active);
    router.invariant()?;

    let staker_reason = if staked {
        RedirectReason::StakerYieldCap
    } else {
        RedirectReason::NoStake
    };
    let redirections = [
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
            stranded,
        ),
    ]
    .into_iter()
    .filter(|&(_, _, amount)| amount > 0)
    .map(|(reason, to, amount)| Redirection { reason, to, amount })
    .collect();
    let router_key = a.router.key();
    emit!(FeesDistributed {
        router: router_key,
        stage,
        input,
        unattributed,
        amounts: allocation.amounts,
        credited,
        remainder: allocation.remainder,
        redirections,
        vaults_before,
        vaults_after,
    });
    if stream_credit > 0 {
        emit!(StakerStreamCredited {
            router: router_key,
            credited: stream_credit,
            stream_remaining: stream.0,
            stream_end: stream.1,
            total_active: stream.2,
        });
    }
    Ok(())
}

fn bucket_balances(a: &Distribute) -> [u64; BUCKETS] {
    [
        a.buyback_vault.amount,
        a.stakers_vault.amount,
        a.insurance_vault.amount,
        a.discount_vault.amount,
    ]
}
