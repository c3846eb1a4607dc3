//! `cancel_unstake`: takes a pending unstake request back into active stake.
use anchor_lang::prelude::*;

use crate::error::FeeRouterError;
use crate::events::UnstakeCancelled;
use crate::state::pause::PAUSE_STAKE;
use crate::state::{lines, Router, StakePosition};

#[derive(Accounts)]
pub struct CancelUnstake<'info> {
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

impl CancelUnstake<'_> {
    /// Specification: a request is pending (unlocked or not: cancelling is never a loss);
    /// staking is not paused, since the stake becomes active again.
    pub fn validate(&self) -> Result<()> {
        self.router.load()?.require_active(PAUSE_STAKE)?;
        require!(
            self.position.load()?.cooling > 0,
            FeeRouterError::WithdrawNothingPending
        );
        Ok(())
    }
}

/// Specification:
/// - every fee line of the pool is passed (remaining accounts, in slot order, writable); in
///   every line the stream is released up to now and the position settled first: the cooling
///   stake earned nothing while it cooled, and earns from now on;
/// - the whole pending amount becomes active again and counts as stake added now: it votes
///   only on proposals created after now and buys a discount tier only after the warm-up, as
///   fresh stake does, so unstaking and cancelling cannot dodge either rule.
pub fn cancel_unstake(ctx: Context<CancelUnstake>) -> Result<()> {
    let now = Clock::get()?.unix_timestamp;
    let a = &ctx.accounts;
    let mut r = a.router.load_mut()?;
    lines::check_lines(&r, ctx.remaining_accounts)?;
    let mut p = a.position.load_mut()?;
    let amount = p.cooling;
    let total_active_after = r
        .staking
        .total_active
        .checked_add(amount)
        .ok_or(FeeRouterError::MathOverflow)?;
    r.update_rewards(now)?;
    r.settle(&mut p)?;
    lines::settle_lines(ctx.remaining_accounts, &mut p, now, total_active_after)?;
    p.cooling = 0;
    p.unlock_at = 0;
    p.record_increase(amount, now)?;
    p.active = p
        .active
        .checked_add(amount)
        .ok_or(FeeRouterError::MathOverflow)?;
    let s = &mut r.staking;
    s.total_cooling = s
        .total_cooling
        .checked_sub(amount)
        .ok_or(FeeRouterError::InvariantViolated)?;
    s.total_active = total_active_after;
    r.invariant()?;
    p.invariant(&a.router.key())?;
    emit!(UnstakeCancelled {
        router: a.router.key(),
        owner: p.owner,
        amount,
        active_after: p.active,
        total_active_after: r.staking.total_active,
    });
    Ok(())
}
