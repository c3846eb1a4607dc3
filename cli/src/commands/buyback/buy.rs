//! `fee-router buy`: a purchase from the buyback auction.
use anchor_lang::prelude::Pubkey;
use anchor_spl::associated_token::get_associated_token_address_with_program_id;
use anyhow::Result;
use fee_router::state::{Auction, Router};
use fee_router_sdk::ix;
use solana_signer::Signer;

use super::auction::report;
use crate::config::GlobalArgs;
use crate::context::{Context, MintSide};
use crate::units::Amount;

#[derive(clap::Args)]
pub struct Args {
    #[arg(long)]
    pub router: Pubkey,
    /// Fee tokens wanted (you get this or the lot on offer, whichever is smaller); amounts
    /// are base units with --base-units.
    #[arg(long)]
    pub amount: Amount,
    /// The most protocol tokens you pay.
    #[arg(long)]
    pub max_payment: Amount,
    /// The least fee tokens you accept, as they arrive in your account after any transfer
    /// fee (default: one base unit).
    #[arg(long)]
    pub min_out: Option<Amount>,
    /// The epoch you were quoted, as `fee-router auction --router <ROUTER>` shows it. A
    /// purchase in any other epoch is refused, so a retry cannot buy a later epoch's lot.
    #[arg(long)]
    pub epoch: u64,
}

/// Builds a purchase for the keypair from its associated token accounts.
pub fn buy_instruction(
    ctx: &Context,
    router: &Pubkey,
    r: &Router,
    a: &Auction,
    purchase: ix::Purchase,
) -> Result<anchor_lang::solana_program::instruction::Instruction> {
    let buyer = ctx.signer()?.pubkey();
    let fee =
        get_associated_token_address_with_program_id(&buyer, &r.fee_mint, &r.fee_token_program);
    let protocol = get_associated_token_address_with_program_id(
        &buyer,
        &r.protocol_mint,
        &r.protocol_token_program,
    );
    let treasury = a.params.to_treasury().then_some(a.params.treasury);
    Ok(ix::buy(
        &ix::FeeSide::of(*router, r),
        &ix::ProtocolSide::of(*router, r),
        &buyer,
        &fee,
        &protocol,
        treasury,
        purchase,
    ))
}

pub fn run(a: Args, global: &GlobalArgs) -> Result<()> {
    let ctx = Context::new(global)?;
    let (r, auction, _) = report(&ctx, &a.router)?;
    let purchase = ix::Purchase {
        epoch_id: a.epoch,
        amount: ctx.amount(&r, MintSide::Fee, a.amount, "--amount")?,
        min_amount_out: match a.min_out {
            Some(m) => ctx.amount(&r, MintSide::Fee, m, "--min-out")?,
            None => 1,
        },
        max_payment: ctx.amount(&r, MintSide::Protocol, a.max_payment, "--max-payment")?,
    };
    let ix = buy_instruction(&ctx, &a.router, &r, &auction, purchase)?;
    ctx.send(&[ix], &[])
}
