//! `add_fee_line`: a router joins a stake pool as one of its fee lines. The pool's positions
//! earn in the line from then on, without re-staking; the line's staker stream and yield cap
//! are its own, over the pool's active stake.
use anchor_lang::prelude::*;

use crate::constants::MAX_EXTRA_LINES;
use crate::error::FeeRouterError;
use crate::events::FeeLineAdded;
use crate::state::{Router, StakeTotals, Staking};

#[derive(Accounts)]
pub struct AddFeeLine<'info> {
    /// The pool's authority (an external key: a pool governed by its stakers adds lines by
    /// proposal once that path exists; see the pool note in `docs/`).
    pub authority: Signer<'info>,
    /// The line's authority, consenting (the same key when one authority holds both).
    pub line_authority: Signer<'info>,
    /// The stake pool: a router that is not itself another pool's line.
    #[account(mut)]
    pub pool: AccountLoader<'info, Router>,
    /// The router that becomes the pool's next fee line.
    #[account(mut)]
    pub line: AccountLoader<'info, Router>,
}

impl AddFeeLine<'_> {
    /// Specification:
    /// - the signers are the pool's and the line's authorities;
    /// - the pool is a pool (not a line) with room for another line (8 in all, its own
    ///   included), and the line is another router;
    /// - the line has the pool's protocol mint, its token program and its creator (so a
    ///   pool's lines are the routers `[ROUTER_SEED, creator, fee_mint, protocol_mint]` of its
    ///   creator and protocol mint, one per fee mint);
    /// - the line is fresh: it never held stake or staker rewards (nothing was ever credited
    ///   to its stream), opened no market, and has no lines of its own.
    pub fn validate(&self) -> Result<()> {
        require_keys_neq!(
            self.pool.key(),
            self.line.key(),
            FeeRouterError::LineNotFresh
        );
        let pool = self.pool.load()?;
        let line = self.line.load()?;
        require_keys_eq!(
            pool.authority,
            self.authority.key(),
            FeeRouterError::AccessAuthorityRequired
        );
        require_keys_eq!(
            line.authority,
            self.line_authority.key(),
            FeeRouterError::AccessAuthorityRequired
        );
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
        Ok(())
    }
}

/// Specification: the line takes the pool's next slot; its active stake is the pool's (and
/// follows it: every change of the pool's stake passes every line); every position of the
/// pool starts in it at the line's reward-per-token (zero: nothing was ever credited), so it
/// earns from the line's first distribution on, pro rata to its active stake. The line's own
/// stage and split are not read again: its distributions split by its pool's.
pub fn add_fee_line(ctx: Context<AddFeeLine>) -> Result<()> {
    let a = &ctx.accounts;
    let mut pool = a.pool.load_mut()?;
    let mut line = a.line.load_mut()?;
    let index = usize::from(pool.extra_lines);
    let slot = pool
        .extra_lines
        .checked_add(1)
        .ok_or(FeeRouterError::MathOverflow)?;
    *pool
        .lines
        .get_mut(index)
        .ok_or(FeeRouterError::LinePoolFull)? = a.line.key();
    pool.extra_lines = slot;
    line.pool = a.pool.key();
    line.line_slot = slot;
    line.staking.total_active = pool.staking.total_active;
    pool.invariant()?;
    pool.lines_invariant()?;
    line.invariant()?;
    line.lines_invariant()?;
    emit!(FeeLineAdded {
        pool: a.pool.key(),
        line: a.line.key(),
        slot,
        fee_mint: line.fee_mint,
        total_active: line.staking.total_active,
    });
    Ok(())
}
