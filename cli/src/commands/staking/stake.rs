use anchor_lang::prelude::Pubkey;
use anchor_spl::associated_token::get_associated_token_address_with_program_id;
use anyhow::Result;
use fee_router_sdk::{ix, pda};
use solana_signer::Signer;

use crate::config::GlobalArgs;
use crate::context::{Context, MintSide};
use crate::units::Amount;

#[derive(clap::Args)]
pub struct Args {
    #[arg(long)]
    pub router: Pubkey,
    /// Amount in protocol tokens (`1.5`), or base units with --base-units.
    #[arg(long)]
    pub amount: Amount,
    /// Protocol-token account to stake from (default: the keypair's associated token account).
    #[arg(long)]
    pub from: Option<Pubkey>,
}

pub fn run(a: Args, global: &GlobalArgs) -> Result<()> {
    let ctx = Context::new(global)?;
    let r = ctx.router(&a.router)?;
    ctx.require_pool(&a.router, &r)?;
    let owner = ctx.signer()?.pubkey();
    let from = a.from.unwrap_or_else(|| {
        get_associated_token_address_with_program_id(
            &owner,
            &r.protocol_mint,
            &r.protocol_token_program,
        )
    });
    let amount = ctx.amount(&r, MintSide::Protocol, a.amount, "--amount")?;
    let side = ix::ProtocolSide::of(a.router, &r);
    let mut ixs = vec![];
    // The first stake opens the position in the same transaction.
    if !ctx.account_exists(&pda::position(&a.router, &owner))? {
        ixs.push(ix::open_position(&a.router, &owner));
    }
    // Every fee line of the pool settles before the stake moves.
    ixs.push(ix::with_lines(
        ix::stake(&side, &owner, &from, amount),
        r.fee_lines(),
    ));
    ctx.send(&ixs, &[])
}
