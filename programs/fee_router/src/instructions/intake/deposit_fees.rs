//! `deposit_fees`: the exchange's fee line enters the router. On the hot path of every trade
//! of an exchange that calls it by CPI, so it reads only what it needs.
use anchor_lang::prelude::*;

use crate::error::FeeRouterError;
use crate::events::FeesDeposited;
use crate::state::pause::PAUSE_DEPOSIT;
use crate::state::Router;
use crate::token;

#[derive(AnchorSerialize, AnchorDeserialize, Clone, Copy, Debug, PartialEq, Eq)]
pub struct DepositFeesArgs {
    /// What the payer sends; the router credits what arrives.
    pub amount: u64,
}

#[derive(Accounts)]
pub struct DepositFees<'info> {
    /// Anyone may pay fees in: the exchange (or its PDA, by CPI), a keeper, a user.
    pub payer: Signer<'info>,

    #[account(mut)]
    pub router: AccountLoader<'info, Router>,

    /// CHECK: the payer's fee-mint token account: `validate` checks its program and mint, the
    /// token program everything else.
    #[account(mut)]
    pub payer_token: UncheckedAccount<'info>,

    /// CHECK: the router's intake vault, checked by the address the router stores.
    #[account(mut)]
    pub intake_vault: UncheckedAccount<'info>,

    /// CHECK: the router's fee mint, checked by address.
    pub fee_mint: UncheckedAccount<'info>,

    /// CHECK: the fee mint's token program, checked by address.
    pub fee_token_program: UncheckedAccount<'info>,
}

impl DepositFees<'_> {
    /// Specification:
    /// - the amount is positive and deposits are not paused;
    /// - the intake, the fee mint and its token program are the router's;
    /// - the payer's account is a token account of the fee mint.
    pub fn validate(&self, args: &DepositFeesArgs) -> Result<()> {
        require!(args.amount > 0, FeeRouterError::DepositZeroAmount);
        let r = self.router.load()?;
        r.require_active(PAUSE_DEPOSIT)?;
        Router::check_vault(self.intake_vault.key, &r.vaults.intake)?;
        r.check_fee_mint(self.fee_mint.key, self.fee_token_program.key)?;
        token::check_token_account(&self.payer_token, &r.fee_token_program, &r.fee_mint)
    }
}

/// Specification:
/// - the payer's tokens move to the intake with `transfer_checked`;
/// - the router credits what actually arrived (a Token-2022 transfer fee is recorded as
///   withheld), adds it to today's fee history and to the amount pending distribution.
pub fn deposit_fees(ctx: Context<DepositFees>, args: DepositFeesArgs) -> Result<()> {
    let a = &ctx.accounts;
    // The router is not among the transfer's accounts (the payer signs it), so it stays
    // loaded across it: one load on the hot path.
    let mut r = a.router.load_mut()?;
    let fee = token::Mint {
        token_program: &a.fee_token_program,
        mint: &a.fee_mint,
        decimals: r.fee_decimals,
    };
    let moved =
        fee.transfer_measured(&a.payer_token, &a.intake_vault, &a.payer, args.amount, &[])?;

    let now = Clock::get()?.unix_timestamp;
    r.totals.deposited.add_u64(moved.sent)?;
    r.totals.deposit_withheld.add_u64(moved.withheld)?;
    r.totals.pending_attributed = r
        .totals
        .pending_attributed
        .checked_add(moved.arrived)
        .ok_or(FeeRouterError::MathOverflow)?;
    r.record_fees(now, moved.arrived)?;
    r.invariant()?;
    FeesDeposited {
        router: a.router.key(),
        payer: a.payer.key(),
        amount: moved.sent,
        arrived: moved.arrived,
        withheld: moved.withheld,
        intake_before: moved.dest_before,
        intake_after: moved.dest_after(),
    }
    .record()
    .log();
    Ok(())
}
