//! `fee-router upgrade-position`: grows a stake position created before fee lines to the
//! current layout (the keypair pays the rent of the added bytes).
use anchor_lang::prelude::Pubkey;
use anyhow::{bail, Result};
use fee_router_sdk::{ix, pda};
use solana_signer::Signer;

use crate::config::GlobalArgs;
use crate::context::Context;

#[derive(clap::Args)]
pub struct Args {
    /// The stake pool (or a fee line of it).
    #[arg(long)]
    pub router: Pubkey,
    /// Whose position (default: the keypair's).
    #[arg(long)]
    pub owner: Option<Pubkey>,
}

pub fn run(a: Args, global: &GlobalArgs) -> Result<()> {
    let ctx = Context::new(global)?;
    let r = ctx.router(&a.router)?;
    let payer = ctx.signer()?.pubkey();
    let owner = a.owner.unwrap_or(payer);
    let position = pda::position(&r.pool_key(a.router), &owner);
    let Some(account) = ctx.fetch(&position, "stake position")? else {
        bail!(
            "{owner} has no stake position in the pool {}",
            r.pool_key(a.router)
        );
    };
    if account.data.len() == fee_router::state::StakePosition::SIZE {
        bail!("the position {position} already has the current layout: nothing to upgrade");
    }
    ctx.send(&[ix::upgrade_position(&payer, &position)], &[])
}
