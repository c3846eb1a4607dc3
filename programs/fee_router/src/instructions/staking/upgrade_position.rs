//! `upgrade_position`: a stake position created before fee lines existed grows to the layout
//! with one reward pair per fee line. Anyone may pay for it; nothing else changes.
use anchor_lang::prelude::*;
use anchor_lang::system_program::{transfer, Transfer};
use anchor_lang::Discriminator;

use crate::constants::MAX_EXTRA_LINES;
use crate::error::FeeRouterError;
use crate::events::PositionUpgraded;
use crate::state::{lines, StakePosition, POSITION_VERSION};

/// A position's size before fee lines (discriminator included): its fields up to
/// `vote_lock_until`, then 48 reserved bytes.
pub const POSITION_V1_SIZE: usize = StakePosition::SIZE - MAX_EXTRA_LINES * 32;

#[derive(Accounts)]
pub struct UpgradePosition<'info> {
    /// Pays the rent of the added bytes; anyone.
    #[account(mut)]
    pub payer: Signer<'info>,
    /// CHECK: a stake position of the layout before fee lines: owned by this program, with a
    /// position's discriminator and that size (checked in the handler).
    #[account(mut)]
    pub position: UncheckedAccount<'info>,
    pub system_program: Program<'info, System>,
}

/// Specification:
/// - the account is a stake position of the layout before fee lines (owned by this program,
///   its discriminator, `POSITION_V1_SIZE` bytes, the reserved bytes zero);
/// - it grows to the current size, rent-exempt (the payer pays the difference); the added
///   bytes are zero: the position's pair in every other fee line starts at zero, which is
///   right because a position of the old size could not change its stake since any line was
///   added (every stake change loads the current layout), so it earns in each line from the
///   line's first reward on, pro rata to its stake, as every other position does;
/// - its layout version becomes [`POSITION_VERSION`]; nothing else changes.
pub fn upgrade_position(ctx: Context<UpgradePosition>) -> Result<()> {
    let a = &ctx.accounts;
    let info = a.position.to_account_info();
    require_keys_eq!(
        *info.owner,
        crate::ID,
        FeeRouterError::AccountPositionNotOld
    );
    {
        let data = info.try_borrow_data()?;
        let reserved = POSITION_V1_SIZE.saturating_sub(48);
        require!(
            data.len() == POSITION_V1_SIZE
                && data.get(..8) == Some(StakePosition::DISCRIMINATOR)
                && data
                    .get(reserved..)
                    .is_some_and(|r| r.iter().all(|b| *b == 0)),
            FeeRouterError::AccountPositionNotOld
        );
    }
    let rent = Rent::get()?.minimum_balance(StakePosition::SIZE);
    let top_up = rent.saturating_sub(info.lamports());
    if top_up > 0 {
        let accounts = Transfer {
            from: a.payer.to_account_info(),
            to: info.clone(),
        };
        transfer(CpiContext::new(a.system_program.key(), accounts), top_up)?;
    }
    info.resize(StakePosition::SIZE)?;
    {
        let mut data = info.try_borrow_mut_data()?;
        if let Some(version) = data.get_mut(8) {
            *version = POSITION_VERSION;
        }
    }
    let p = lines::load_account::<StakePosition>(&info)?;
    p.invariant(&p.router)?;
    emit!(PositionUpgraded {
        position: info.key(),
        owner: p.owner,
        size_before: POSITION_V1_SIZE as u64,
        size_after: StakePosition::SIZE as u64,
        rent_paid: top_up,
    });
    Ok(())
}
