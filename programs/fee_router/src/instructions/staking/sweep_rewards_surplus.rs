//! `sweep_rewards_surplus`: fee tokens in the stakers vault above what it owes go to buyback.
use anchor_lang::prelude::*;

use crate::error::FeeRouterError;
use crate::events::RewardsSurplusSwept;
use crate::state::pause::PAUSE_DISTRIBUTE;
use crate::state::Router;
use crate::token;

#[derive(Accounts)]
pub struct SweepRewardsSurplus<'info> {
    #[account(mut)]
    pub router: AccountLoader<'info, Router>,
    /// CHECK: the router's stakers vault, checked by address.
    #[account(mut)]
    pub stakers_vault: UncheckedAccount<'info>,
    /// CHECK: the router's buyback vault, checked by address.
    #[account(mut)]
    pub buyback_vault: UncheckedAccount<'info>,
    /// CHECK: the router's fee mint, checked by address.
    pub fee_mint: UncheckedAccount<'info>,
    /// CHECK: the fee mint's token program, checked by address.
    pub fee_token_program: UncheckedAccount<'info>,
}

impl SweepRewardsSurplus<'_> {
    /// Specification: anyone may crank it; it moves fees between buckets, so it pauses with
    /// distribution; the vaults, the fee mint and its program are the router's.
    pub fn validate(&self) -> Result<()> {
        let r = self.router.load()?;
        r.require_active(PAUSE_DISTRIBUTE)?;
        Router::check_vault(self.stakers_vault.key, &r.vaults.stakers)?;
        Router::check_vault(self.buyback_vault.key, &r.vaults.buyback)?;
        r.check_fee_mint(self.fee_mint.key, self.fee_token_program.key)
    }
}

/// Specification:
/// - the stakers vault owes the stream, the stranded rewards and what positions can still
///   claim (released rewards, less claims, less the whole units rounding left to no one:
///   `Router::stakers_vault_liability`); the stream is released up to now first;
/// - anything above that (donations, rounding dust) goes to buyback, measured, and is
///   recorded as surplus swept; no owed token ever moves.
pub fn sweep_rewards_surplus(ctx: Context<SweepRewardsSurplus>) -> Result<()> {
    let now = Clock::get()?.unix_timestamp;
    let a = &ctx.accounts;
    let balance = token::amount(&a.stakers_vault)?;
    let (liability, seeds, decimals) = {
        let mut r = a.router.load_mut()?;
        r.update_rewards(now)?;
        (
            r.stakers_vault_liability()?,
            r.owned_seeds(),
            r.fee_decimals,
        )
    };
    let surplus = u64::try_from(u128::from(balance).saturating_sub(liability))
        .map_err(|_| FeeRouterError::MathOverflow)?;
    require!(surplus > 0, FeeRouterError::SweepNothingToSweep);
    let signer = seeds.seeds();
    let moved = token::Mint {
        token_program: &a.fee_token_program,
        mint: &a.fee_mint,
        decimals,
    }
    .transfer_measured(
        &a.stakers_vault,
        &a.buyback_vault,
        &a.router.to_account_info(),
        surplus,
        &[&signer[..]],
    )?;
    let mut r = a.router.load_mut()?;
    r.staking.surplus_swept.add_u64(moved.sent)?;
    r.totals.routed_withheld.add_u64(moved.withheld)?;
    r.invariant()?;
    emit!(RewardsSurplusSwept {
        router: a.router.key(),
        surplus: moved.sent,
        arrived: moved.arrived,
        withheld: moved.withheld,
        liability: u64::try_from(liability).unwrap_or(u64::MAX),
        stakers_vault_before: balance,
        buyback_vault_after: moved.dest_after(),
    });
    Ok(())
}
