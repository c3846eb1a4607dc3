//! `stake`: protocol tokens into the owner's position.
use anchor_lang::prelude::*;

use crate::error::FeeRouterError;
use crate::events::Staked;
use crate::state::pause::PAUSE_STAKE;
use crate::state::{lines, Router, StakePosition};
use crate::token;

#[derive(AnchorSerialize, AnchorDeserialize, Clone, Copy, Debug, PartialEq, Eq)]
pub struct StakeArgs {
    /// What the owner sends; the position grows by what arrives.
    pub amount: u64,
}

#[derive(Accounts)]
pub struct Stake<'info> {
    pub owner: Signer<'info>,

    #[account(mut)]
    pub router: AccountLoader<'info, Router>,

    /// The owner's position, opened with `open_position`.
    #[account(
        mut,
        has_one = router @ FeeRouterError::AccountPositionMismatch,
        has_one = owner @ FeeRouterError::AccessPositionOwnerRequired,
    )]
    pub position: AccountLoader<'info, StakePosition>,

    /// CHECK: the owner's protocol-mint token account: `validate` checks its program and
    /// mint, the token program everything else.
    #[account(mut)]
    pub owner_token: UncheckedAccount<'info>,

    /// CHECK: the router's stake vault, checked by address.
    #[account(mut)]
    pub stake_vault: UncheckedAccount<'info>,

    /// CHECK: the router's protocol mint, checked by address.
    pub protocol_mint: UncheckedAccount<'info>,

    /// CHECK: the protocol mint's token program, checked by address.
    pub protocol_token_program: UncheckedAccount<'info>,
}

impl Stake<'_> {
    /// Specification: the amount is positive and staking is not paused; the stake vault, the
    /// protocol mint and its program are the router's; the owner's account is a token account
    /// of the protocol mint.
    pub fn validate(&self, args: &StakeArgs) -> Result<()> {
        require!(args.amount > 0, FeeRouterError::StakeZeroAmount);
        let r = self.router.load()?;
        r.require_pool()?;
        r.require_active(PAUSE_STAKE)?;
        Router::check_vault(self.stake_vault.key, &r.vaults.stake)?;
        r.check_protocol_mint(self.protocol_mint.key, self.protocol_token_program.key)?;
        token::check_token_account(
            &self.owner_token,
            &r.protocol_token_program,
            &r.protocol_mint,
        )
    }
}

/// Specification:
/// - the router is a stake pool, and every fee line of it is passed (remaining accounts, in
///   slot order, writable);
/// - in the pool's own line and in every other line, the reward stream is released up to now
///   and the position settled first, so new stake earns only from now on, in every line;
/// - the position's active stake grows by what reached the stake vault (a Token-2022
///   transfer fee on the hop is recorded as withheld); something must arrive.
pub fn stake(ctx: Context<Stake>, args: StakeArgs) -> Result<()> {
    let now = Clock::get()?.unix_timestamp;
    let a = &ctx.accounts;
    let decimals = {
        let r = a.router.load()?;
        lines::check_lines(&r, ctx.remaining_accounts)?;
        r.protocol_decimals
    };
    let moved = token::Mint {
        token_program: &a.protocol_token_program,
        mint: &a.protocol_mint,
        decimals,
    }
    .transfer_measured(&a.owner_token, &a.stake_vault, &a.owner, args.amount, &[])?;
    require!(moved.arrived > 0, FeeRouterError::StakeZeroAmount);

    let mut r = a.router.load_mut()?;
    let mut p = a.position.load_mut()?;
    let total_active_after = r
        .staking
        .total_active
        .checked_add(moved.arrived)
        .ok_or(FeeRouterError::MathOverflow)?;
    r.update_rewards(now)?;
    r.settle(&mut p)?;
    lines::settle_lines(ctx.remaining_accounts, &mut p, now, total_active_after)?;
    p.record_increase(moved.arrived, now)?;
    let active_before = p.active;
    p.active = p
        .active
        .checked_add(moved.arrived)
        .ok_or(FeeRouterError::MathOverflow)?;
    r.staking.total_active = total_active_after;
    r.stake_totals.staked.add_u64(moved.sent)?;
    r.stake_totals.stake_withheld.add_u64(moved.withheld)?;
    r.invariant()?;
    p.invariant(&a.router.key())?;
    emit!(Staked {
        router: a.router.key(),
        owner: a.owner.key(),
        amount: moved.sent,
        arrived: moved.arrived,
        withheld: moved.withheld,
        active_before,
        active_after: p.active,
        total_active_after: r.staking.total_active,
    });
    Ok(())
}
