use anchor_lang::prelude::Pubkey;
use anyhow::Result;
use fee_router_sdk::ix;
use solana_signer::Signer;

use crate::config::GlobalArgs;
use crate::context::Context;

#[derive(clap::Args)]
pub struct Args {
    /// The mint fees are paid in.
    #[arg(long)]
    pub fee_mint: Pubkey,
    /// The protocol token.
    #[arg(long)]
    pub protocol_mint: Pubkey,
    /// The authority (default: the keypair).
    #[arg(long)]
    pub authority: Option<Pubkey>,
    /// The guardian (default: the keypair).
    #[arg(long)]
    pub guardian: Option<Pubkey>,
}

pub fn run(a: Args, global: &GlobalArgs) -> Result<()> {
    let ctx = Context::new(global)?;
    let creator = ctx.signer()?.pubkey();
    let init = ix::InitializeRouter {
        creator,
        fee_mint: a.fee_mint,
        protocol_mint: a.protocol_mint,
        fee_token_program: ctx.token_program_of(&a.fee_mint)?,
        protocol_token_program: ctx.token_program_of(&a.protocol_mint)?,
        authority: a.authority.unwrap_or(creator),
        guardian: a.guardian.unwrap_or(creator),
    };
    if !global.json {
        println!("Router: {}", init.router());
    }
    ctx.send(&[init.instruction()], &[])
}
