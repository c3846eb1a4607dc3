use anchor_lang::prelude::Pubkey;
use anchor_lang::AccountDeserialize;
use anyhow::{anyhow, Result};
use fee_router::state::StakePosition;
use solana_signer::Signer;

use crate::config::GlobalArgs;
use crate::context::Context;
use crate::output::to_json;
use crate::report::PositionReport;

#[derive(clap::Args)]
pub struct Args {
    #[arg(long)]
    pub router: Pubkey,
    /// Whose position (default: the keypair's).
    #[arg(long)]
    pub owner: Option<Pubkey>,
}

pub fn run(a: Args, global: &GlobalArgs) -> Result<()> {
    let ctx = Context::new(global)?;
    let r = ctx.router(&a.router)?;
    let owner = match a.owner {
        Some(o) => o,
        None => ctx.signer()?.pubkey(),
    };
    let address = fee_router_sdk::pda::position(&a.router, &owner);
    let account = ctx
        .rpc
        .get_account_with_commitment(&address, ctx.rpc.commitment())
        .map_err(|e| ctx.rpc_error(e, &format!("fetching the stake position {address}")))?
        .value
        .ok_or_else(|| anyhow!("{owner} has no stake position in router {}", a.router))?;
    let p =
        StakePosition::try_deserialize(&mut account.data.as_slice()).map_err(|e| anyhow!("{e}"))?;
    let now = ctx.unix_time()?;
    let report = PositionReport::new(&address, &r, &p, now)?;
    if global.json {
        println!("{}", to_json(&report)?);
    } else {
        print!("{}", report.table());
    }
    Ok(())
}
