use anchor_lang::prelude::*;
use anchor_spl::token_interface::{self, Mint, TokenAccount, TokenInterface, TransferChecked};

use crate::constants::POSITION_SEED;
use crate::error::FeeRouterError;
use crate::events::Staked;
use crate::state::pause::PAUSE_STAKE;
use crate::state::{Router, StakePosition, POSITION_VERSION};

#[derive(Accounts)]
pub struct Stake<'info> {
    #[account(mut)]
    pub owner: Signer<'info>,

    #[account(mut)]
    pub router: AccountLoader<'info, Router>,

    /// Created on the first stake; one per (router, owner).
    #[account(
        init_if_needed,
        payer = owner,
        space = StakePosition::SIZE,
        seeds = [POSITION_SEED, router.key().as_ref(), owner.key().as_ref()],
        bump,
    )]
    pub position: Box<Account<'info, StakePosition>>,

    /// The owner's protocol-token account.
    #[account(mut, constraint = owner_token.mint == protocol_mint.key() @ FeeRouterError::AccountMintMismatch)]
    pub owner_token: Box<InterfaceAccount<'info, TokenAccount>>,

    #[account(mut, address = router.load()?.vaults.stake @ FeeRouterError::AccountVaultMismatch)]
    pub stake_vault: Box<InterfaceAccount<'info, TokenAccount>>,

    #[account(address = router.load()?.protocol_mint @ FeeRouterError::AccountMintMismatch)]
    pub protocol_mint: Box<InterfaceAccount<'info, Mint>>,

    #[account(address = router.load()?.protocol_token_program @ FeeRouterError::AccountTokenProgramMismatch)]
    pub protocol_token_program: Interface<'info, TokenInterface>,

    pub system_program: Program<'info, System>,
}

/// Specification:
/// - the amount is positive and staking is not paused;
/// - the reward stream is released up to now and the position settled first, so new stake
///   earns only from now on;
/// - the position's active stake grows by what reached the stake vault.
pub fn handler(mut ctx: Context<Stake>, amount: u64) -> Result<()> {
    require!(amount > 0, FeeRouterError::StakeZeroAmount);
    let now = Clock::get()?.unix_timestamp;
    let a = &mut ctx.accounts;
    let reward_per_token = {
        let mut r = a.router.load_mut()?;
        r.require_active(PAUSE_STAKE)?;
        r.update_rewards(now)?;
        r.staking.reward_per_token.get()
    };
    let position = &mut a.position;
    if position.version == 0 {
        position.version = POSITION_VERSION;
        position.bump = ctx.bumps.position;
        position.router = a.router.key();
        position.owner = a.owner.key();
        position.reward_per_token_paid = reward_per_token;
    }
    position.settle(reward_per_token)?;

    let before = a.stake_vault.amount;
    token_interface::transfer_checked(
        CpiContext::new(
            a.protocol_token_program.key(),
            TransferChecked {
                from: a.owner_token.to_account_info(),
                mint: a.protocol_mint.to_account_info(),
                to: a.stake_vault.to_account_info(),
                authority: a.owner.to_account_info(),
            },
        ),
        amount,
        a.protocol_mint.decimals,
    )?;
    a.stake_vault.reload()?;
    let arrived = a
        .stake_vault
        .amount
        .checked_sub(before)
        .ok_or(FeeRouterError::MathOverflow)?;
    require!(arrived > 0, FeeRouterError::StakeZeroAmount);

    let position = &mut a.position;
    let active_before = position.active;
    position.active = position
        .active
        .checked_add(arrived)
        .ok_or(FeeRouterError::MathOverflow)?;
    let mut r = a.router.load_mut()?;
    r.staking.total_active = r
        .staking
        .total_active
        .checked_add(arrived)
        .ok_or(FeeRouterError::MathOverflow)?;
    r.invariant()?;
    emit!(Staked {
        router: a.router.key(),
        owner: a.owner.key(),
        amount,
        arrived,
        active_before,
        active_after: position.active,
        total_active_after: r.staking.total_active,
    });
    Ok(())
}
