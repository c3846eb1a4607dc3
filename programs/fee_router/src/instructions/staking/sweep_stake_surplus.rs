//! `sweep_stake_surplus`: protocol tokens in the stake vault above all stake are burned.
use anchor_lang::prelude::*;

use crate::error::FeeRouterError;
use crate::events::StakeSurplusBurned;
use crate::state::pause::PAUSE_DISTRIBUTE;
use crate::state::Router;
use crate::token;

#[derive(Accounts)]
pub struct SweepStakeSurplus<'info> {
    #[account(mut)]
    pub router: AccountLoader<'info, Router>,
    /// CHECK: the router's stake vault, checked by address.
    #[account(mut)]
    pub stake_vault: UncheckedAccount<'info>,
    /// CHECK: the router's protocol mint, checked by address (a burn lowers its supply).
    #[account(mut)]
    pub protocol_mint: UncheckedAccount<'info>,
    /// CHECK: the protocol mint's token program, checked by address.
    pub protocol_token_program: UncheckedAccount<'info>,
}

impl SweepStakeSurplus<'_> {
    /// Specification: anyone may crank it; it pauses with distribution; the stake vault, the
    /// protocol mint and its program are the router's.
    pub fn validate(&self) -> Result<()> {
        let r = self.router.load()?;
        r.require_active(PAUSE_DISTRIBUTE)?;
        Router::check_vault(self.stake_vault.key, &r.vaults.stake)?;
        r.check_protocol_mint(self.protocol_mint.key, self.protocol_token_program.key)
    }
}

/// Specification:
/// - the stake vault owes exactly the active and cooling stake (nothing, in a fee line);
/// - protocol tokens above that (donations) are burned, as the buyback would burn protocol
///   tokens it bought, and recorded; no staked token ever moves.
pub fn sweep_stake_surplus(ctx: Context<SweepStakeSurplus>) -> Result<()> {
    let a = &ctx.accounts;
    let balance = token::amount(&a.stake_vault)?;
    let (owed, seeds, decimals) = {
        let r = a.router.load()?;
        // A fee line's stake vault owes nothing: its pool holds the stake.
        let owed = match r.is_line() {
            true => 0,
            false => r
                .staking
                .total_active
                .checked_add(r.staking.total_cooling)
                .ok_or(FeeRouterError::MathOverflow)?,
        };
        (owed, r.owned_seeds(), r.protocol_decimals)
    };
    let surplus = balance.saturating_sub(owed);
    require!(surplus > 0, FeeRouterError::SweepNothingToSweep);
    let signer = seeds.seeds();
    token::Mint {
        token_program: &a.protocol_token_program,
        mint: &a.protocol_mint,
        decimals,
    }
    .burn(
        &a.stake_vault,
        &a.router.to_account_info(),
        surplus,
        &[&signer[..]],
    )?;
    let after = token::amount(&a.stake_vault)?;
    require!(
        balance.checked_sub(after) == Some(surplus),
        FeeRouterError::InvariantViolated
    );
    let mut r = a.router.load_mut()?;
    r.stake_totals.surplus_burned.add_u64(surplus)?;
    r.invariant()?;
    emit!(StakeSurplusBurned {
        router: a.router.key(),
        burned: surplus,
        owed,
        stake_vault_before: balance,
        stake_vault_after: after,
    });
    Ok(())
}
