//! `fee-router claim`: a position's rewards in every fee line of its stake pool, in one
//! transaction while the accounts fit (four lines), or in the one line `--router` names with
//! `--only-this-line`.
use anchor_lang::prelude::Pubkey;
use anchor_lang::solana_program::instruction::Instruction;
use anchor_spl::associated_token::get_associated_token_address_with_program_id;
use anchor_spl::associated_token::spl_associated_token_account::instruction::create_associated_token_account_idempotent;
use anyhow::{anyhow, Result};
use fee_router::state::{Router, StakePosition};
use fee_router_sdk::{ix, pda};
use solana_signer::Signer;

use crate::config::GlobalArgs;
use crate::context::Context;

#[derive(clap::Args)]
pub struct Args {
    /// The stake pool, or any fee line of it.
    #[arg(long)]
    pub router: Pubkey,
    /// Fee-token account to receive the rewards of the line `--router` names (default: the
    /// associated token account; every other line pays to the associated token account of
    /// its mint).
    #[arg(long)]
    pub to: Option<Pubkey>,
    /// Claim only in the line `--router` names.
    #[arg(long)]
    pub only_this_line: bool,
}

/// What `position` would pay in the line `line` (state `r`) at `now`.
pub fn claimable_in(r: &Router, p: &StakePosition, now: i64) -> Result<u64> {
    let mut view = *r;
    view.update_rewards(now).map_err(|e| anyhow!("{e}"))?;
    let mut settled = *p;
    settled
        .settle_line(view.line_slot, view.staking.reward_per_token.get())
        .map_err(|e| anyhow!("{e}"))?;
    settled
        .owed_in_line(view.line_slot)
        .map_err(|e| anyhow!("{e}"))
}

pub fn run(a: Args, global: &GlobalArgs) -> Result<()> {
    let ctx = Context::new(global)?;
    let r = ctx.router(&a.router)?;
    let owner = ctx.signer()?.pubkey();
    let (pool, lines) = ctx.pool_lines(&a.router, &r)?;
    let address = pda::position(&pool, &owner);
    let position: StakePosition = ctx.router_anchor_account(&pool, &address, "stake position")?;
    let now = ctx.unix_time()?;
    // One group of instructions per line with something to pay: its associated token
    // account's creation when the owner has none, then the claim.
    let mut groups: Vec<Vec<Instruction>> = vec![];
    for (key, line) in &lines {
        if a.only_this_line && *key != a.router {
            continue;
        }
        // A line with nothing to pay is left out: its claim would fail the transaction.
        if claimable_in(line, &position, now)? == 0 {
            continue;
        }
        let mut group = vec![];
        let to = match a.to {
            Some(to) if *key == a.router => to,
            _ => {
                let ata = get_associated_token_address_with_program_id(
                    &owner,
                    &line.fee_mint,
                    &line.fee_token_program,
                );
                // A line's mint the owner never held: its associated account is created first.
                if !ctx.account_exists(&ata)? {
                    group.push(create_associated_token_account_idempotent(
                        &owner,
                        &owner,
                        &line.fee_mint,
                        &line.fee_token_program,
                    ));
                }
                ata
            }
        };
        let side = ix::FeeSide::of(*key, line);
        group.push(ix::claim_rewards_in(&side, &pool, &owner, &to));
        groups.push(group);
    }
    if groups.is_empty() {
        // Nothing anywhere: the named line's claim is sent, and the program says so
        // (`ClaimNothingToClaim`) with its code.
        let to = a.to.unwrap_or_else(|| {
            get_associated_token_address_with_program_id(&owner, &r.fee_mint, &r.fee_token_program)
        });
        let side = ix::FeeSide::of(a.router, &r);
        return ctx.send(&[ix::claim_rewards_in(&side, &pool, &owner, &to)], &[]);
    }
    // Every line in one transaction while the accounts fit (four lines; a claim names about
    // five accounts of its own), in as few transactions as fit otherwise.
    for chunk in groups.chunks(LINES_PER_TRANSACTION) {
        let ixs: Vec<Instruction> = chunk.iter().flatten().cloned().collect();
        ctx.send(&ixs, &[])?;
    }
    Ok(())
}

/// The most lines one claim transaction pays without an address lookup table.
pub const LINES_PER_TRANSACTION: usize = 4;
