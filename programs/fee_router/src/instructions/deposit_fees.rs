use anchor_lang::prelude::*;
use anchor_spl::token_interface::{self, Mint, TokenAccount, TokenInterface, TransferChecked};

use crate::error::FeeRouterError;
use crate::events::FeesDeposited;
use crate::state::pause::PAUSE_DEPOSIT;
use crate::state::Router;

#[derive(Accounts)]
pub struct DepositFees<'info> {
    /// Anyone may pay fees in: the exchange, a keeper, a user.
    pub payer: Signer<'info>,

    #[account(mut)]
    pub router: AccountLoader<'info, Router>,

    /// The payer's fee-mint token account.
    #[account(mut, constraint = payer_token.mint == fee_mint.key() @ FeeRouterError::AccountMintMismatch)]
    pub payer_token: Box<InterfaceAccount<'info, TokenAccount>>,

    #[account(mut, address = router.load()?.vaults.intake @ FeeRouterError::AccountVaultMismatch)]
    pub intake_vault: Box<InterfaceAccount<'info, TokenAccount>>,

    #[account(address = router.load()?.fee_mint @ FeeRouterError::AccountMintMismatch)]
    pub fee_mint: Box<InterfaceAccount<'info, Mint>>,

    #[account(address = router.load()?.fee_token_program @ FeeRouterError::AccountTokenProgramMismatch)]
    pub fee_token_program: Interface<'info, TokenInterface>,
}

/// Specification:
/// - the amount is positive and deposits are not paused;
/// - the payer's tokens move to the intake with `transfer_checked`;
/// - the router credits what actually arrived (a Token-2022 transfer fee is recorded as
///   withheld), adds it to today's fee history and to the amount pending distribution.
pub fn handler(mut ctx: Context<DepositFees>, amount: u64) -> Result<()> {
    require!(amount > 0, FeeRouterError::DepositZeroAmount);
    ctx.accounts.router.load()?.require_active(PAUSE_DEPOSIT)?;

    let a = &mut ctx.accounts;
    let intake_before = a.intake_vault.amount;
    token_interface::transfer_checked(
        CpiContext::new(
            a.fee_token_program.key(),
            TransferChecked {
                from: a.payer_token.to_account_info(),
                mint: a.fee_mint.to_account_info(),
                to: a.intake_vault.to_account_info(),
                authority: a.payer.to_account_info(),
            },
        ),
        amount,
        a.fee_mint.decimals,
    )?;
    a.intake_vault.reload()?;
    let intake_after = a.intake_vault.amount;
    let arrived = intake_after
        .checked_sub(intake_before)
        .ok_or(FeeRouterError::MathOverflow)?;
    let withheld = amount
        .checked_sub(arrived)
        .ok_or(FeeRouterError::MathOverflow)?;

    let now = Clock::get()?.unix_timestamp;
    let mut router = a.router.load_mut()?;
    router.totals.deposited.add(u128::from(amount))?;
    router.totals.deposit_withheld.add(u128::from(withheld))?;
    router.totals.pending_attributed = router
        .totals
        .pending_attributed
        .checked_add(arrived)
        .ok_or(FeeRouterError::MathOverflow)?;
    router.record_fees(now, arrived)?;
    router.invariant()?;
    emit!(FeesDeposited {
        router: a.router.key(),
        payer: a.payer.key(),
        amount,
        arrived,
        withheld,
        intake_before,
        intake_after,
    });
    Ok(())
}
