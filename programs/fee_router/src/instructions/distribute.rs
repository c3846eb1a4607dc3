use anchor_lang::prelude::*;
use anchor_spl::token_interface::{self, Mint, TokenAccount, TokenInterface, TransferChecked};

use crate::constants::ROUTER_SEED;
use crate::error::FeeRouterError;
use crate::events::{Bucket, FeesDistributed, RedirectReason, Redirection};
use crate::math::split::{allocate, Balances, BUCKETS, DISCOUNT, INSURANCE};
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
/// - the intake's whole balance is swept: deposits recorded as pending plus anything that
///   arrived by plain transfer, which is recorded as unattributed fees of the day;
/// - the balance is divided by `math::split::allocate` (the stage's split, the insurance
///   floor top-up, the insurance and discount caps; remainder to buyback), exactly;
/// - each bucket's vault is credited with what actually arrived; a Token-2022 transfer fee
///   on these hops is recorded as withheld.
pub fn handler(mut ctx: Context<Distribute>) -> Result<()> {
    let a = &mut ctx.accounts;
    let (stage, split, rails, pending, creator, fee_mint, protocol_mint, bump) = {
        let r = a.router.load()?;
        r.require_active(PAUSE_DISTRIBUTE)?;
        let rails = r.guard_rails.rails();
        (
            r.stage()?,
            r.current_split()?,
            rails,
            r.totals.pending_attributed,
            r.creator,
            r.fee_mint,
            r.protocol_mint,
            r.bump,
        )
    };
    let input = a.intake_vault.amount;
    require!(input > 0, FeeRouterError::DistributeNothingToDistribute);
    let unattributed = input
        .checked_sub(pending)
        .ok_or(FeeRouterError::InvariantViolated)?;

    let vaults_before = [
        a.buyback_vault.amount,
        a.stakers_vault.amount,
        a.insurance_vault.amount,
        a.discount_vault.amount,
    ];
    let balances = Balances {
        insurance: vaults_before[INSURANCE],
        discount: vaults_before[DISCOUNT],
    };
    let allocation =
        allocate(input, split.bps(), &rails, &balances).map_err(FeeRouterError::from)?;

    let bump = [bump];
    let seeds: &[&[u8]] = &[
        ROUTER_SEED,
        creator.as_ref(),
        fee_mint.as_ref(),
        protocol_mint.as_ref(),
        &bump,
    ];
    let signer = &[seeds];
    let decimals = a.fee_mint.decimals;
    let destinations = [
        a.buyback_vault.to_account_info(),
        a.stakers_vault.to_account_info(),
        a.insurance_vault.to_account_info(),
        a.discount_vault.to_account_info(),
    ];
    for (to, &amount) in destinations.into_iter().zip(allocation.amounts.iter()) {
        if amount == 0 {
            continue;
        }
        token_interface::transfer_checked(
            CpiContext::new_with_signer(
                a.fee_token_program.key(),
                TransferChecked {
                    from: a.intake_vault.to_account_info(),
                    mint: a.fee_mint.to_account_info(),
                    to,
                    authority: a.router.to_account_info(),
                },
                signer,
            ),
            amount,
            decimals,
        )?;
    }
    a.buyback_vault.reload()?;
    a.stakers_vault.reload()?;
    a.insurance_vault.reload()?;
    a.discount_vault.reload()?;
    let vaults_after = [
        a.buyback_vault.amount,
        a.stakers_vault.amount,
        a.insurance_vault.amount,
        a.discount_vault.amount,
    ];
    let mut credited = [0u64; BUCKETS];
    let mut withheld = 0u64;
    for i in 0..BUCKETS {
        credited[i] = vaults_after[i]
            .checked_sub(vaults_before[i])
            .ok_or(FeeRouterError::MathOverflow)?;
        let lost = allocation.amounts[i]
            .checked_sub(credited[i])
            .ok_or(FeeRouterError::MathOverflow)?;
        withheld = withheld
            .checked_add(lost)
            .ok_or(FeeRouterError::MathOverflow)?;
    }

    let now = Clock::get()?.unix_timestamp;
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
    router.invariant()?;

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
    ]
    .into_iter()
    .filter(|&(_, _, amount)| amount > 0)
    .map(|(reason, to, amount)| Redirection { reason, to, amount })
    .collect();
    emit!(FeesDistributed {
        router: a.router.key(),
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
    Ok(())
}
