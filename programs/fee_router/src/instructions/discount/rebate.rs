//! `rebate`: the exchange reports a trader's fee and the router pays the trader's
//! stake-tiered rebate from the discount vault, within the governed bounds. On the hot path
//! of every trade of an exchange that calls it by CPI; it never fails the trade for lack of
//! funds, of a tier or of room under the bounds.
use anchor_lang::prelude::*;

use crate::error::FeeRouterError;
use crate::events::RebatePaid;
use crate::math::rebate::{rebate_floor, warmed_stake};
use crate::state::pause::PAUSE_REBATE;
use crate::state::RebateOutcome;
use crate::state::{lines, DiscountTiers, Rebates, Router, StakePosition};
use crate::token;

#[derive(AnchorSerialize, AnchorDeserialize, Clone, Copy, Debug, PartialEq, Eq)]
pub struct RebateArgs {
    /// The trader who paid the fee.
    pub trader: Pubkey,
    /// The fee the trader paid on the trade, in fee-token base units.
    pub fee_paid: u64,
}

#[derive(Accounts)]
pub struct Rebate<'info> {
    /// The registered rebate authority: the exchange's key, or its program's PDA signing by CPI.
    pub rebate_authority: Signer<'info>,

    pub router: AccountLoader<'info, Router>,

    /// The router's rebates account (its router is checked in `validate`, with the authority,
    /// in one read: this instruction runs inside every trade).
    #[account(mut)]
    pub rebates: AccountLoader<'info, Rebates>,

    /// The trader's stake position, when the trader has one: its warmed-up active stake
    /// picks the tier. Without it the rebate is 0. Its router and owner are checked in
    /// `validate`, in one read.
    pub trader_position: Option<AccountLoader<'info, StakePosition>>,

    /// CHECK: the router's discount vault, checked by address.
    #[account(mut)]
    pub discount_vault: UncheckedAccount<'info>,

    /// CHECK: the trader's fee-mint token account, where the rebate goes (`validate`).
    #[account(mut)]
    pub trader_fee_token: UncheckedAccount<'info>,

    /// CHECK: the router's fee mint, checked by address.
    pub fee_mint: UncheckedAccount<'info>,

    /// CHECK: the fee mint's token program, checked by address.
    pub fee_token_program: UncheckedAccount<'info>,
}

impl Rebate<'_> {
    /// Specification:
    /// - the rebates account is this router's, and the signer is its registered rebate
    ///   authority;
    /// - the discount vault, the fee mint and its program are the router's;
    /// - the rebate goes to a fee-mint token account the trader owns, not one of the router's;
    /// - a position passed is the trader's, in this router's stake pool (the router itself, or
    ///   the pool it is a fee line of: then the pool's rebates account, whose tiers apply in
    ///   every line, is the first remaining account).
    pub fn validate(&self, args: &RebateArgs) -> Result<()> {
        {
            let rebates = self.rebates.load()?;
            require_keys_eq!(
                rebates.router,
                self.router.key(),
                FeeRouterError::AccountGovernanceMismatch
            );
            require!(
                rebates.authority() == Some(self.rebate_authority.key()),
                FeeRouterError::RebateAuthorityRequired
            );
        }
        let r = self.router.load()?;
        Router::check_vault(self.discount_vault.key, &r.vaults.discount)?;
        r.check_fee_mint(self.fee_mint.key, self.fee_token_program.key)?;
        let owner = token::check_payout_destination(
            &self.trader_fee_token,
            &r.fee_token_program,
            &r.fee_mint,
            &self.router.key(),
        )?;
        require_keys_eq!(
            owner,
            args.trader,
            FeeRouterError::RebateDestinationNotTrader
        );
        if let Some(position) = &self.trader_position {
            let p = position.load()?;
            require_keys_eq!(
                p.router,
                r.pool_key(self.router.key()),
                FeeRouterError::AccountPositionMismatch
            );
            require_keys_eq!(
                p.owner,
                args.trader,
                FeeRouterError::RebatePositionNotTrader
            );
        }
        Ok(())
    }
}

/// Specification:
/// - the tier stake is the position's active stake less what was added within the warm-up
///   (stake in cooldown is not active, so it counts for nothing); no position, no stake;
/// - the rebate owed is the fee paid times the highest tier the stake reaches, rounded down
///   (0 below the lowest tier);
/// - the vault pays what is owed, or the least of what it holds, what one report may pay and
///   what the rolling period still allows (`Rebates::take_rebate`), measured to the
///   trader's account; while rebates are paused it pays nothing; the event says which, and
///   what was paid counts in the period's window;
/// - fees reported, rebates owed, paid and withheld are recorded (what was owed and not
///   paid is their difference).
pub fn rebate(ctx: Context<Rebate>, args: RebateArgs) -> Result<()> {
    let a = &ctx.accounts;
    let (seeds, decimals, paused, line_of) = {
        let r = a.router.load()?;
        (
            r.owned_seeds(),
            r.fee_decimals,
            r.paused & PAUSE_REBATE != 0,
            r.is_line().then_some(r.pool),
        )
    };
    let pool_tiers = pool_tiers(line_of, a.trader_position.is_some(), ctx.remaining_accounts)?;
    // The rebates account is not lent to the transfer below, so it stays loaded across it.
    let mut rebates = a.rebates.load_mut()?;
    // Read once, and only when a position is passed (no tier, nothing to bound).
    let now = match &a.trader_position {
        Some(_) => Clock::get()?.unix_timestamp,
        None => 0,
    };
    let (tier_stake, rebate_bps) = match &a.trader_position {
        Some(loader) => {
            let p = loader.load()?;
            let tiers = pool_tiers.as_ref().unwrap_or(&rebates.tiers);
            let stake = warmed_stake(p.active, |t| p.added_since(t), now, tiers.warmup_seconds);
            (stake, tiers.bps_for(stake))
        }
        None => (0, 0),
    };
    let owed = rebate_floor(args.fee_paid, rebate_bps).map_err(FeeRouterError::from)?;
    let vault_before = token::amount(&a.discount_vault)?;
    let (to_pay, outcome) = if paused {
        (0, RebateOutcome::Paused)
    } else if a.trader_position.is_none() {
        (0, RebateOutcome::NoPosition)
    } else if rebate_bps == 0 {
        (0, RebateOutcome::NoTier)
    } else if owed == 0 {
        (0, RebateOutcome::Paid)
    } else {
        rebates.take_rebate(owed, vault_before, now)?
    };
    let moved = if to_pay > 0 {
        let signer = seeds.seeds();
        token::Mint {
            token_program: &a.fee_token_program,
            mint: &a.fee_mint,
            decimals,
        }
        .transfer_measured(
            &a.discount_vault,
            &a.trader_fee_token,
            &a.router.to_account_info(),
            to_pay,
            &[&signer[..]],
        )?
    } else {
        token::Moved::default()
    };
    rebates.record_report(args.fee_paid, owed, moved.sent, moved.withheld)?;
    rebates.invariant(&a.router.key())?;
    RebatePaid {
        router: a.router.key(),
        trader: args.trader,
        fee_paid: args.fee_paid,
        tier_stake,
        rebate_bps,
        owed,
        paid: moved.sent,
        arrived: moved.arrived,
        withheld: moved.withheld,
        discount_vault_before: vault_before,
        discount_vault_after: vault_before.saturating_sub(moved.sent),
        outcome,
    }
    .record()
    .log();
    Ok(())
}

/// In a fee line (`line_of` its pool), when a position is passed, the tiers are its pool's:
/// the pool's rebates account is the first remaining account.
fn pool_tiers(
    line_of: Option<Pubkey>,
    with_position: bool,
    remaining: &[AccountInfo],
) -> Result<Option<DiscountTiers>> {
    let Some(pool) = line_of.filter(|_| with_position) else {
        return Ok(None);
    };
    let info = remaining
        .first()
        .ok_or(FeeRouterError::LineAccountsMismatch)?;
    let pool_rebates = lines::load_account::<Rebates>(info)?;
    require_keys_eq!(
        pool_rebates.router,
        pool,
        FeeRouterError::LineAccountsMismatch
    );
    Ok(Some(pool_rebates.tiers))
}
