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

/// Specification (`add_fee_line`, and the governed `AddFeeLine`; the signatures are the
/// caller's):
/// - the pool is a pool (not a line) with room for another line (8 in all, its own
///   included), and the line is another router;
/// - the line has the pool's protocol mint, its token program and its creator (so a pool's
///   lines are the routers `[ROUTER_SEED, creator, fee_mint, protocol_mint]` of its creator
///   and protocol mint, one per fee mint);
/// - the line is fresh: it never held stake or staker rewards (nothing was ever credited to
///   its stream), opened no market, and has no lines of its own;
/// - the line takes the pool's next slot; its active stake is the pool's (and follows it:
///   every change of the pool's stake passes every line); every position of the pool starts
///   in it at the line's reward-per-token (zero: nothing was ever credited), so it earns from
///   the line's first distribution on, pro rata to its active stake. The line's own stage and
///   split are not read again: its distributions split by its pool's.
pub fn add_line(
    pool_key: Pubkey,
    pool: &mut Router,
    line_key: Pubkey,
    line: &mut Router,
) -> Result<()> {
    use crate::constants::MAX_EXTRA_LINES;
    use crate::state::{StakeTotals, Staking};
    require_keys_neq!(pool_key, line_key, FeeRouterError::LineNotFresh);
    pool.require_pool()?;
    require!(
        usize::from(pool.extra_lines) < MAX_EXTRA_LINES,
        FeeRouterError::LinePoolFull
    );
    require!(
        line.protocol_mint == pool.protocol_mint
            && line.protocol_token_program == pool.protocol_token_program
            && line.creator == pool.creator,
        FeeRouterError::LineProtocolMismatch
    );
    require!(
        !line.is_line()
            && line.extra_lines == 0
            && line.staking == Staking::default()
            && line.stake_totals == StakeTotals::default()
            && line.markets.opened == 0,
        FeeRouterError::LineNotFresh
    );
    let index = usize::from(pool.extra_lines);
    let slot = pool
        .extra_lines
        .checked_add(1)
        .ok_or(FeeRouterError::MathOverflow)?;
    *pool
        .lines
        .get_mut(index)
        .ok_or(FeeRouterError::LinePoolFull)? = line_key;
    pool.extra_lines = slot;
    line.pool = pool_key;
    line.line_slot = slot;
    line.staking.total_active = pool.staking.total_active;
    pool.invariant()?;
    pool.lines_invariant()?;
    line.invariant()?;
    line.lines_invariant()?;
    emit!(crate::events::FeeLineAdded {
        pool: pool_key,
        line: line_key,
        slot,
        fee_mint: line.fee_mint,
        total_active: line.staking.total_active,
    });
    Ok(())
}
