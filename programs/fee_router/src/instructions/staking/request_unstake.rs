//! `request_unstake`: starts a cooldown on part of the position's active stake.
use anchor_lang::prelude::*;

use crate::error::FeeRouterError;
use crate::events::UnstakeRequested;
use crate::state::{lines, Router, StakePosition};

#[derive(AnchorSerialize, AnchorDeserialize, Clone, Copy, Debug, PartialEq, Eq)]
pub struct RequestUnstakeArgs {
    /// Active stake to move into cooldown.
    pub amount: u64,
}

#[derive(Accounts)]
pub struct RequestUnstake<'info> {
    pub owner: Signer<'info>,
    #[account(mut)]
    pub router: AccountLoader<'info, Router>,
    #[account(
        mut,
        has_one = router @ FeeRouterError::AccountPositionMismatch,
        has_one = owner @ FeeRouterError::AccessPositionOwnerRequired,
    )]
    pub position: AccountLoader<'info, StakePosition>,
}

impl RequestUnstake<'_> {
    /// Specification: the amount is positive and at most the active stake; no other request
    /// is pending; stake that voted on a proposal still voting stays active until it ends.
    pub fn validate(&self, args: &RequestUnstakeArgs) -> Result<()> {
        let p = self.position.load()?;
        require!(
            args.amount > 0 && args.amount <= p.active,
            FeeRouterError::UnstakeAmountInvalid
        );
        require!(p.cooling == 0, FeeRouterError::UnstakeRequestPending);
        require!(
            args.amount <= p.unlocked(Clock::get()?.unix_timestamp),
            FeeRouterError::GovernanceStakeLockedByVote
        );
        Ok(())
    }
}

/// Specification:
/// - every fee line of the pool is passed (remaining accounts, in slot order, writable);
/// - in every line the stream is released up to now and the position settled first: the
///   stake earns up to now and nothing after (the yield cap counts it only while it was active);
/// - the unlock time is fixed now, from the cooldown in force now, and kept whatever the
///   cooldown becomes. Never paused, so nobody's stake can be trapped.
pub fn request_unstake(ctx: Context<RequestUnstake>, args: RequestUnstakeArgs) -> Result<()> {
    let now = Clock::get()?.unix_timestamp;
    let a = &ctx.accounts;
    let mut r = a.router.load_mut()?;
    lines::check_lines(&r, ctx.remaining_accounts)?;
    let mut p = a.position.load_mut()?;
    let total_active_after = r
        .staking
        .total_active
        .checked_sub(args.amount)
        .ok_or(FeeRouterError::InvariantViolated)?;
    r.update_rewards(now)?;
    r.settle(&mut p)?;
    lines::settle_lines(ctx.remaining_accounts, &mut p, now, total_active_after)?;
    let cooldown = i64::try_from(r.staking_params.cooldown_seconds)
        .map_err(|_| FeeRouterError::MathOverflow)?;
    p.active = p
        .active
        .checked_sub(args.amount)
        .ok_or(FeeRouterError::UnstakeAmountInvalid)?;
    p.record_decrease(args.amount);
    p.cooling = args.amount;
    p.unlock_at = now
        .checked_add(cooldown)
        .ok_or(FeeRouterError::MathOverflow)?;
    let s = &mut r.staking;
    s.total_active = total_active_after;
    s.total_cooling = s
        .total_cooling
        .checked_add(args.amount)
        .ok_or(FeeRouterError::MathOverflow)?;
    r.invariant()?;
    p.invariant(&a.router.key())?;
    emit!(UnstakeRequested {
        router: a.router.key(),
        owner: p.owner,
        amount: args.amount,
        unlock_at: p.unlock_at,
        active_after: p.active,
        total_active_after: r.staking.total_active,
    });
    Ok(())
}
