//! `add_fee_line`: a router joins a stake pool as one of its fee lines. The pool's positions
//! earn in the line from then on, without re-staking; the line's staker stream and yield cap
//! are its own, over the pool's active stake.
use anchor_lang::prelude::*;

use crate::error::FeeRouterError;
use crate::state::{lines, Router};

#[derive(Accounts)]
pub struct AddFeeLine<'info> {
    /// The pool's authority (an external key; a pool governed by its stakers adds a line by
    /// proposal, `AddFeeLine`).
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
    /// Specification: the signers are the pool's and the line's authorities (the rest of the
    /// rules are `state::lines::add_line`'s).
    pub fn validate(&self) -> Result<()> {
        require_keys_eq!(
            self.pool.load()?.authority,
            self.authority.key(),
            FeeRouterError::AccessAuthorityRequired
        );
        require_keys_eq!(
            self.line.load()?.authority,
            self.line_authority.key(),
            FeeRouterError::AccessAuthorityRequired
        );
        Ok(())
    }
}

/// Specification: `state::lines::add_line`.
pub fn add_fee_line(ctx: Context<AddFeeLine>) -> Result<()> {
    let a = &ctx.accounts;
    // Before both loads: one account loaded twice for writing would fail as a borrow, not
    // with the typed error `add_line` gives.
    require_keys_neq!(a.pool.key(), a.line.key(), FeeRouterError::LineNotFresh);
    let mut pool = a.pool.load_mut()?;
    let mut line = a.line.load_mut()?;
    lines::add_line(a.pool.key(), &mut pool, a.line.key(), &mut line)
}
