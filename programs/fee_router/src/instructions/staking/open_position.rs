//! `open_position`: creates a stake position, once per (router, owner).
use anchor_lang::prelude::*;

use crate::constants::POSITION_SEED;
use crate::events::PositionOpened;
use crate::state::{Router, StakePosition, POSITION_VERSION};

#[derive(Accounts)]
pub struct OpenPosition<'info> {
    /// The position's owner; pays its rent.
    #[account(mut)]
    pub owner: Signer<'info>,

    pub router: AccountLoader<'info, Router>,

    #[account(
        init,
        payer = owner,
        space = StakePosition::SIZE,
        seeds = [POSITION_SEED, router.key().as_ref(), owner.key().as_ref()],
        bump,
    )]
    pub position: AccountLoader<'info, StakePosition>,

    pub system_program: Program<'info, System>,
}

/// Specification:
/// - one position per (router, owner), at the PDA `[POSITION_SEED, router, owner]`; a second
///   call fails because the account exists;
/// - the position starts empty; its bump is stored so no later instruction searches for it.
///   Opening is never paused;
/// - positions are opened in a stake pool, never in a router that is another pool's fee line
///   (a position of the pool earns in every line).
pub fn open_position(ctx: Context<OpenPosition>) -> Result<()> {
    let a = &ctx.accounts;
    let reward_per_token = {
        let r = a.router.load()?;
        r.require_pool()?;
        r.staking.reward_per_token.get()
    };
    let mut p = a.position.load_init()?;
    p.version = POSITION_VERSION;
    p.bump = ctx.bumps.position;
    p.router = a.router.key();
    p.owner = a.owner.key();
    p.reward_per_token_paid.set(reward_per_token);
    p.invariant(&a.router.key())?;
    emit!(PositionOpened {
        router: p.router,
        owner: p.owner,
        position: a.position.key(),
    });
    Ok(())
}
