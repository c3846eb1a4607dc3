//! A stake pool's fee lines: `add_fee_line`, and the accounts the instructions of a pool
//! with lines take (every line for a stake change, the pool for a line's distribution and
//! rebates, the pool's position for a line's claim).
use anchor_lang::prelude::Pubkey;
use anchor_lang::solana_program::instruction::{AccountMeta, Instruction};
use fee_router::{accounts, instruction};

use super::{build, FeeSide};
use crate::pda::{self, VaultKind};

/// `add_fee_line`: `line` (a fresh router of the pool's creator and protocol mint) joins
/// `pool` as its next fee line; both authorities sign.
pub fn add_fee_line(
    pool: &Pubkey,
    line: &Pubkey,
    authority: &Pubkey,
    line_authority: &Pubkey,
) -> Instruction {
    let accounts = accounts::AddFeeLine {
        authority: *authority,
        line_authority: *line_authority,
        pool: *pool,
        line: *line,
    };
    build(accounts, instruction::AddFeeLine {})
}

/// Appends a pool's fee lines (writable, in slot order) to a stake change of the pool
/// (`stake`, `request_unstake`, `cancel_unstake`): every line settles before stake moves.
pub fn with_lines(mut ix: Instruction, lines: &[Pubkey]) -> Instruction {
    ix.accounts
        .extend(lines.iter().map(|l| AccountMeta::new(*l, false)));
    ix
}

/// `claim_rewards` in a fee line (`side.router`) with the owner's position in `pool` (the
/// line's pool, or the router itself when it is a pool).
pub fn claim_rewards_in(
    side: &FeeSide,
    pool: &Pubkey,
    owner: &Pubkey,
    owner_fee_token: &Pubkey,
) -> Instruction {
    let accounts = accounts::ClaimRewards {
        owner: *owner,
        router: side.router,
        position: pda::position(pool, owner),
        owner_fee_token: *owner_fee_token,
        stakers_vault: pda::vault(&side.router, VaultKind::Stakers),
        fee_mint: side.fee_mint,
        fee_token_program: side.fee_token_program,
    };
    build(accounts, instruction::ClaimRewards {})
}

/// `distribute` of a fee line: its pool follows, read-only, for the stage and the split.
pub fn distribute_line(side: &FeeSide, pool: &Pubkey) -> Instruction {
    let mut ix = super::distribute(side);
    ix.accounts.push(AccountMeta::new_readonly(*pool, false));
    ix
}

/// `rebate` in a fee line: the pool's rebates account (its tiers) follows, read-only, and the
/// trader's position is the pool's.
pub fn rebate_in_line(
    side: &FeeSide,
    pool: &Pubkey,
    rebate_authority: &Pubkey,
    trader: &Pubkey,
    trader_fee_token: &Pubkey,
    fee_paid: u64,
) -> Instruction {
    let mut ix = super::rebate(
        side,
        rebate_authority,
        trader,
        trader_fee_token,
        fee_paid,
        true,
    );
    let own = pda::position(&side.router, trader);
    for meta in ix.accounts.iter_mut().filter(|m| m.pubkey == own) {
        meta.pubkey = pda::position(pool, trader);
    }
    ix.accounts
        .push(AccountMeta::new_readonly(pda::rebates(pool), false));
    ix
}

/// `charge_fee` through a market of a fee line: the tiers and the trader's position are the
/// pool's.
pub fn charge_fee_in_line(
    side: &FeeSide,
    pool: &Pubkey,
    market_authority: &Pubkey,
    trader: &Pubkey,
    trader_fee_token: &Pubkey,
    with_position: bool,
    fee: u64,
) -> Instruction {
    let mut ix = super::charge_fee(
        side,
        market_authority,
        trader,
        trader_fee_token,
        with_position,
        fee,
    );
    let (own_rebates, own_position) = (
        pda::rebates(&side.router),
        pda::position(&side.router, trader),
    );
    for meta in ix.accounts.iter_mut() {
        if meta.pubkey == own_rebates {
            meta.pubkey = pda::rebates(pool);
        } else if with_position && meta.pubkey == own_position {
            meta.pubkey = pda::position(pool, trader);
        }
    }
    ix
}

/// `distribute` of the router at `router` whose state is `state`: a fee line passes its pool.
pub fn distribute_of(router: Pubkey, state: &fee_router::state::Router) -> Instruction {
    let side = FeeSide::of(router, state);
    if state.is_line() {
        distribute_line(&side, &state.pool)
    } else {
        super::distribute(&side)
    }
}

/// `execute_proposal` of a proposal of `pool`'s governance: on the fee line its first action
/// (`ForFeeLine`) names, or on the pool; with the router an `AddFeeLine` adds as the first
/// remaining account, and a payout's or a registration's accounts as
/// [`super::execute_proposal_with`] passes them.
pub fn execute_proposal_in_pool(
    pool: &Pubkey,
    proposal: &Pubkey,
    executor: &Pubkey,
    payout: Option<(&FeeSide, &Pubkey)>,
    actions: &[fee_router::config::GovernedAction],
) -> Instruction {
    use fee_router::config::GovernedAction;
    let target = GovernedAction::target_line(actions).unwrap_or(*pool);
    let mut ix = super::execute_proposal_with(&target, proposal, executor, payout, actions);
    let own = pda::governance(&target);
    for meta in ix.accounts.iter_mut().filter(|m| m.pubkey == own) {
        meta.pubkey = pda::governance(pool);
    }
    for action in actions {
        if let GovernedAction::AddFeeLine { line } = action {
            ix.accounts.push(AccountMeta::new(*line, false));
        }
    }
    ix
}

/// `upgrade_position`: `payer` pays to grow `position` (of the layout before fee lines) to
/// the current one.
pub fn upgrade_position(payer: &Pubkey, position: &Pubkey) -> Instruction {
    let accounts = accounts::UpgradePosition {
        payer: *payer,
        position: *position,
        system_program: anchor_lang::system_program::ID,
    };
    build(accounts, instruction::UpgradePosition {})
}

/// `accept_governance_authority` of a fee line: the governance is its pool's.
pub fn accept_governance_authority_in(line: &Pubkey, pool: &Pubkey) -> Instruction {
    let accounts = accounts::AcceptGovernanceAuthority {
        router: *line,
        governance: pda::governance(pool),
    };
    build(accounts, instruction::AcceptGovernanceAuthority {})
}
