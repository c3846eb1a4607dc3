//! `claim_rewards`: a position's earned rewards to its owner. Never paused.
use anchor_lang::prelude::*;

use crate::error::FeeRouterError;
use crate::events::RewardsClaimed;
use crate::state::{Router, StakePosition};
use crate::token;

#[derive(Accounts)]
pub struct ClaimRewards<'info> {
    pub owner: Signer<'info>,
    #[account(mut)]
    pub router: AccountLoader<'info, Router>,
    /// The owner's position in the router's stake pool (the router itself, or the pool it is
    /// a fee line of).
    #[account(
        mut,
        constraint = position.load()?.router == router.load()?.pool_key(router.key())
            @ FeeRouterError::AccountPositionMismatch,
        has_one = owner @ FeeRouterError::AccessPositionOwnerRequired,
    )]
    pub position: AccountLoader<'info, StakePosition>,
    /// CHECK: where the rewards go: a fee-mint token account of the owner's choosing, not one
    /// the router holds (`validate`).
    #[account(mut)]
    pub owner_fee_token: UncheckedAccount<'info>,
    /// CHECK: the router's stakers vault, checked by address.
    #[account(mut)]
    pub stakers_vault: UncheckedAccount<'info>,
    /// CHECK: the router's fee mint, checked by address.
    pub fee_mint: UncheckedAccount<'info>,
    /// CHECK: the fee mint's token program, checked by address.
    pub fee_token_program: UncheckedAccount<'info>,
}

impl ClaimRewards<'_> {
    /// Specification: the stakers vault, the fee mint and its program are the router's; the
    /// destination is a fee-mint token account that is not one of the router's vaults nor
    /// owned by the router.
    pub fn validate(&self) -> Result<()> {
        let r = self.router.load()?;
        Router::check_vault(self.stakers_vault.key, &r.vaults.stakers)?;
        r.check_fee_mint(self.fee_mint.key, self.fee_token_program.key)?;
        token::check_payout_destination(
            &self.owner_fee_token,
            &r.fee_token_program,
            &r.fee_mint,
            &self.router.key(),
        )?;
        Ok(())
    }
}

/// Specification:
/// - the position is of the router's stake pool; it claims in this fee line (a holder claims
///   every line with one `claim_rewards` per line, in one transaction);
/// - the line's stream is released up to now (under the yield cap) and the position settled
///   in it; something is owed;
/// - everything owed leaves the stakers vault for the owner's account; what left and what
///   arrived are recorded (a Token-2022 transfer fee on the hop is recorded as withheld).
pub fn claim_rewards(ctx: Context<ClaimRewards>) -> Result<()> {
    let now = Clock::get()?.unix_timestamp;
    let a = &ctx.accounts;
    let (amount, seeds, decimals, slot, pool) = {
        let mut r = a.router.load_mut()?;
        let mut p = a.position.load_mut()?;
        r.update_rewards(now)?;
        r.settle(&mut p)?;
        let slot = r.line_slot;
        (
            p.owed_in_line(slot)?,
            r.owned_seeds(),
            r.fee_decimals,
            slot,
            r.pool_key(a.router.key()),
        )
    };
    require!(amount > 0, FeeRouterError::ClaimNothingToClaim);
    let signer = seeds.seeds();
    let moved = token::Mint {
        token_program: &a.fee_token_program,
        mint: &a.fee_mint,
        decimals,
    }
    .transfer_measured(
        &a.stakers_vault,
        &a.owner_fee_token,
        &a.router.to_account_info(),
        amount,
        &[&signer[..]],
    )?;
    let mut p = a.position.load_mut()?;
    p.record_claim(slot, amount)?;
    let mut r = a.router.load_mut()?;
    r.staking.claimed.add_u64(moved.sent)?;
    r.staking.claim_withheld.add_u64(moved.withheld)?;
    r.invariant()?;
    p.invariant(&pool)?;
    emit!(RewardsClaimed {
        router: a.router.key(),
        owner: a.owner.key(),
        amount: moved.sent,
        arrived: moved.arrived,
        withheld: moved.withheld,
        stakers_vault_after: token::amount(&a.stakers_vault)?,
    });
    Ok(())
}
