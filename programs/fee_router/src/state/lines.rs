//! A stake pool's fee lines as the instructions that change stake see them: every line, in
//! slot order, as the remaining accounts. Each line's stream is released and the position
//! settled in it before the stake moves, and the pool's new active stake is written into it
//! (a line's `total_active` mirrors its pool's), so no line's accrual can be skipped to shift
//! rewards between holders (the Synthetix MultiRewards shape).
use std::cell::{Ref, RefMut};

use anchor_lang::prelude::*;
use anchor_lang::Discriminator;

use crate::error::FeeRouterError;
use crate::state::{Router, StakePosition};

const ROUTER_END: usize = 8 + std::mem::size_of::<Router>();

/// A zero-copy account of this program passed among the remaining accounts, read in place:
/// owned by this program and carrying `T`'s discriminator.
pub fn load_account<'a, T: bytemuck::Pod + Discriminator>(
    info: &'a AccountInfo,
) -> Result<Ref<'a, T>> {
    require_keys_eq!(*info.owner, crate::ID, FeeRouterError::LineAccountsMismatch);
    Ref::filter_map(info.try_borrow_data()?, |d| {
        d.get(..8)
            .filter(|disc| *disc == T::DISCRIMINATOR)
            .and_then(|_| d.get(8..8usize.saturating_add(std::mem::size_of::<T>())))
            .and_then(|b| bytemuck::try_from_bytes::<T>(b).ok())
    })
    .map_err(|_| error!(FeeRouterError::LineAccountsMismatch))
}

/// A router passed among the remaining accounts (see [`load_account`]).
pub fn load_router<'a>(info: &'a AccountInfo) -> Result<Ref<'a, Router>> {
    load_account::<Router>(info)
}

/// [`load_router`], writable.
pub fn load_router_mut<'a>(info: &'a AccountInfo) -> Result<RefMut<'a, Router>> {
    require_keys_eq!(*info.owner, crate::ID, FeeRouterError::LineAccountsMismatch);
    require!(info.is_writable, FeeRouterError::LineAccountsMismatch);
    RefMut::filter_map(info.try_borrow_mut_data()?, |d| {
        let disc_ok = d.get(..8).is_some_and(|disc| disc == Router::DISCRIMINATOR);
        d.get_mut(8..ROUTER_END)
            .filter(|_| disc_ok)
            .and_then(|b| bytemuck::try_from_bytes_mut::<Router>(b).ok())
    })
    .map_err(|_| error!(FeeRouterError::LineAccountsMismatch))
}

/// Specification: the remaining accounts are exactly the pool's fee lines, in slot order,
/// each writable; nothing else.
pub fn check_lines(pool: &Router, remaining: &[AccountInfo]) -> Result<()> {
    let lines = pool.fee_lines();
    require!(
        remaining.len() == lines.len()
            && remaining
                .iter()
                .zip(lines)
                .all(|(a, k)| a.key == k && a.is_writable),
        FeeRouterError::LineAccountsMismatch
    );
    Ok(())
}

/// Releases every fee line's stream up to `now` and settles `position` in it (on the stake
/// active before this instruction's change), then records `total_active_after`, the pool's
/// active stake after the change, as the line's. The lines are the ones [`check_lines`]
/// accepted.
pub fn settle_lines(
    lines: &[AccountInfo],
    position: &mut StakePosition,
    now: i64,
    total_active_after: u64,
) -> Result<()> {
    for info in lines {
        let mut line = load_router_mut(info)?;
        line.update_rewards(now)?;
        line.settle(position)?;
        line.staking.total_active = total_active_after;
        // Only the line's staking fields changed.
        line.staking_invariant()?;
    }
    Ok(())
}
