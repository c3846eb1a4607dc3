use anchor_lang::prelude::*;

use crate::error::FeeRouterError;
use crate::events::UnstakeRequested;
use crate::state::{Router, StakePosition};

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
    pub position: Box<Account<'info, StakePosition>>,
}

/// Specification:
/// - the amount is positive and at most the active stake; no other request is pending;
/// - the position is settled first: the stake earns up to now and nothing after;
/// - the unlock time is fixed now, from the cooldown in force now. Never paused, so nobody's
///   stake can be trapped.
pub fn handler(ctx: Context<RequestUnstake>, amount: u64) -> Result<()> {
    let position = &mut ctx.accounts.position;
    require!(
        amount > 0 && amount <= position.active,
        FeeRouterError::UnstakeAmountInvalid
    );
    require!(position.cooling == 0, FeeRouterError::UnstakeRequestPending);
    let now = Clock::get()?.unix_timestamp;
    let mut r = ctx.accounts.router.load_mut()?;
    r.update_rewards(now)?;
    position.settle(r.staking.reward_per_token.get())?;
    let cooldown = i64::try_from(r.staking_params.cooldown_seconds)
        .map_err(|_| FeeRouterError::MathOverflow)?;
    position.active -= amount;
    position.cooling = amount;
    position.unlock_at = now
        .checked_add(cooldown)
        .ok_or(FeeRouterError::MathOverflow)?;
    let s = &mut r.staking;
    s.total_active = s
        .total_active
        .checked_sub(amount)
        .ok_or(FeeRouterError::InvariantViolated)?;
    s.total_cooling = s
        .total_cooling
        .checked_add(amount)
        .ok_or(FeeRouterError::MathOverflow)?;
    r.invariant()?;
    emit!(UnstakeRequested {
        router: ctx.accounts.router.key(),
        owner: position.owner,
        amount,
        unlock_at: position.unlock_at,
        active_after: position.active,
        total_active_after: r.staking.total_active,
    });
    Ok(())
}
