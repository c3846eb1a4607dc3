use anchor_lang::prelude::*;
use anchor_spl::token_interface::{Mint, TokenAccount, TokenInterface};

use crate::error::FeeRouterError;
use crate::events::RewardsClaimed;
use crate::instructions::vault_transfer::VaultTransfer;
use crate::state::{Router, StakePosition};

#[derive(Accounts)]
pub struct ClaimRewards<'info> {
    pub owner: Signer<'info>,
    #[account(mut)]
    pub router: AccountLoader<'info, Router>,
    #[account(
        mut,
        has_one = router @ FeeRouterError::AccountPositionMismatch,
        has_one = owner @ FeeRouterError::AccessPositionOwnerRequired,
    )]
    pub position: Box<Account<'info, StakePosition>>,
    /// Where the rewards go: a fee-token account of the owner's choosing.
    #[account(mut, constraint = owner_fee_token.mint == fee_mint.key() @ FeeRouterError::AccountMintMismatch)]
    pub owner_fee_token: Box<InterfaceAccount<'info, TokenAccount>>,
    #[account(mut, address = router.load()?.vaults.stakers @ FeeRouterError::AccountVaultMismatch)]
    pub stakers_vault: Box<InterfaceAccount<'info, TokenAccount>>,
    #[account(address = router.load()?.fee_mint @ FeeRouterError::AccountMintMismatch)]
    pub fee_mint: Box<InterfaceAccount<'info, Mint>>,
    #[account(address = router.load()?.fee_token_program @ FeeRouterError::AccountTokenProgramMismatch)]
    pub fee_token_program: Interface<'info, TokenInterface>,
}

/// Specification:
/// - the stream is released up to now and the position settled; something is owed;
/// - everything owed is paid from the stakers vault. Never paused.
pub fn handler(ctx: Context<ClaimRewards>) -> Result<()> {
    let a = ctx.accounts;
    let now = Clock::get()?.unix_timestamp;
    let seeds = {
        let mut r = a.router.load_mut()?;
        r.update_rewards(now)?;
        a.position.settle(r.staking.reward_per_token.get())?;
        r.owned_seeds()
    };
    let amount = a.position.rewards_owed;
    require!(amount > 0, FeeRouterError::ClaimNothingToClaim);
    VaultTransfer {
        token_program: a.fee_token_program.key(),
        mint: a.fee_mint.to_account_info(),
        router: a.router.to_account_info(),
        seeds: &seeds,
    }
    .send(
        a.stakers_vault.to_account_info(),
        a.owner_fee_token.to_account_info(),
        amount,
        a.fee_mint.decimals,
    )?;
    a.stakers_vault.reload()?;
    let position = &mut a.position;
    position.rewards_owed = 0;
    position.claimed = position
        .claimed
        .checked_add(amount)
        .ok_or(FeeRouterError::MathOverflow)?;
    let mut r = a.router.load_mut()?;
    r.staking.claimed.add(u128::from(amount))?;
    r.invariant()?;
    emit!(RewardsClaimed {
        router: a.router.key(),
        owner: a.owner.key(),
        amount,
        stakers_vault_after: a.stakers_vault.amount,
    });
    Ok(())
}
