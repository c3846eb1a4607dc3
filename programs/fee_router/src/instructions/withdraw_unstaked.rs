use anchor_lang::prelude::*;
use anchor_spl::token_interface::{Mint, TokenAccount, TokenInterface};

use crate::error::FeeRouterError;
use crate::events::UnstakeWithdrawn;
use crate::instructions::vault_transfer::VaultTransfer;
use crate::state::{Router, StakePosition};

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
    pub position: Box<Account<'info, StakePosition>>,
    /// Where the principal goes: a protocol-token account of the owner's choosing.
    #[account(mut, constraint = owner_token.mint == protocol_mint.key() @ FeeRouterError::AccountMintMismatch)]
    pub owner_token: Box<InterfaceAccount<'info, TokenAccount>>,
    #[account(mut, address = router.load()?.vaults.stake @ FeeRouterError::AccountVaultMismatch)]
    pub stake_vault: Box<InterfaceAccount<'info, TokenAccount>>,
    #[account(address = router.load()?.protocol_mint @ FeeRouterError::AccountMintMismatch)]
    pub protocol_mint: Box<InterfaceAccount<'info, Mint>>,
    #[account(address = router.load()?.protocol_token_program @ FeeRouterError::AccountTokenProgramMismatch)]
    pub protocol_token_program: Interface<'info, TokenInterface>,
}

/// Specification:
/// - a request is pending and its unlock time has come;
/// - the whole request goes back to the owner. Never paused.
pub fn handler(ctx: Context<WithdrawUnstaked>) -> Result<()> {
    let a = ctx.accounts;
    let amount = a.position.cooling;
    require!(amount > 0, FeeRouterError::WithdrawNothingPending);
    require!(
        Clock::get()?.unix_timestamp >= a.position.unlock_at,
        FeeRouterError::WithdrawStillLocked
    );
    let seeds = {
        let r = a.router.load()?;
        r.owned_seeds()
    };
    VaultTransfer {
        token_program: a.protocol_token_program.key(),
        mint: a.protocol_mint.to_account_info(),
        router: a.router.to_account_info(),
        seeds: &seeds,
    }
    .send(
        a.stake_vault.to_account_info(),
        a.owner_token.to_account_info(),
        amount,
        a.protocol_mint.decimals,
    )?;
    a.position.cooling = 0;
    let mut r = a.router.load_mut()?;
    r.staking.total_cooling = r
        .staking
        .total_cooling
        .checked_sub(amount)
        .ok_or(FeeRouterError::InvariantViolated)?;
    r.invariant()?;
    emit!(UnstakeWithdrawn {
        router: a.router.key(),
        owner: a.owner.key(),
        amount,
        total_cooling_after: r.staking.total_cooling,
    });
    Ok(())
}
