//! `withdraw_unstaked`: unlocked principal back to its owner. Never paused.
use anchor_lang::prelude::*;

use crate::error::FeeRouterError;
use crate::events::UnstakeWithdrawn;
use crate::state::{Router, StakePosition};
use crate::token;

#[derive(Accounts)]
pub struct WithdrawUnstaked<'info> {
    pub owner: Signer<'info>,
    #[account(mut)]
    pub router: AccountLoader<'info, Router>,
    #[account(
        mut,
        has_one = router @ FeeRouterError::AccountPositionMismatch,
        has_one = owner @ FeeRouterError::AccessPositionOwnerRequired,
    )]
    pub position: AccountLoader<'info, StakePosition>,
    /// CHECK: where the principal goes: a protocol-mint token account of the owner's choosing,
    /// not one the router holds (`validate`).
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

impl WithdrawUnstaked<'_> {
    /// Specification: a request is pending and its unlock time has come; the stake vault,
    /// mint and program are the router's; the destination is a protocol-mint token account
    /// that is not one of the router's vaults nor owned by the router.
    pub fn validate(&self) -> Result<()> {
        let p = self.position.load()?;
        require!(p.cooling > 0, FeeRouterError::WithdrawNothingPending);
        require!(
            Clock::get()?.unix_timestamp >= p.unlock_at,
            FeeRouterError::WithdrawStillLocked
        );
        let r = self.router.load()?;
        Router::check_vault(self.stake_vault.key, &r.vaults.stake)?;
        r.check_protocol_mint(self.protocol_mint.key, self.protocol_token_program.key)?;
        token::check_payout_destination(
            &self.owner_token,
            &r.protocol_token_program,
            &r.protocol_mint,
            &self.router.key(),
        )?;
        Ok(())
    }
}

/// Specification:
/// - the whole request leaves the stake vault for the owner's account; what left and what
///   arrived are recorded (a Token-2022 transfer fee on the hop is recorded as withheld).
pub fn withdraw_unstaked(ctx: Context<WithdrawUnstaked>) -> Result<()> {
    let a = &ctx.accounts;
    let amount = a.position.load()?.cooling;
    let (seeds, decimals) = {
        let r = a.router.load()?;
        (r.owned_seeds(), r.protocol_decimals)
    };
    let signer = seeds.seeds();
    let moved = token::Mint {
        token_program: &a.protocol_token_program,
        mint: &a.protocol_mint,
        decimals,
    }
    .transfer_measured(
        &a.stake_vault,
        &a.owner_token,
        &a.router.to_account_info(),
        amount,
        &[&signer[..]],
    )?;
    let mut p = a.position.load_mut()?;
    p.cooling = 0;
    let mut r = a.router.load_mut()?;
    r.staking.total_cooling = r
        .staking
        .total_cooling
        .checked_sub(amount)
        .ok_or(FeeRouterError::InvariantViolated)?;
    r.stake_totals.withdrawn.add_u64(moved.sent)?;
    r.stake_totals.withdraw_withheld.add_u64(moved.withheld)?;
    r.invariant()?;
    p.invariant(&a.router.key())?;
    emit!(UnstakeWithdrawn {
        router: a.router.key(),
        owner: a.owner.key(),
        amount: moved.sent,
        arrived: moved.arrived,
        withheld: moved.withheld,
        total_cooling_after: r.staking.total_cooling,
    });
    Ok(())
}
