use anchor_lang::prelude::Pubkey;
use anyhow::{anyhow, Result};

use crate::config::GlobalArgs;
use crate::context::Context;
use crate::output::to_json;
use crate::report::RouterReport;

#[derive(clap::Args)]
pub struct Args {
    #[arg(long)]
    pub router: Pubkey,
}

pub fn run(a: Args, global: &GlobalArgs) -> Result<()> {
    let ctx = Context::new(global)?;
    let r = ctx.router(&a.router)?;
    let v = &r.vaults;
    let mut balances = [0u64; 5];
    for (slot, vault) in
        balances
            .iter_mut()
            .zip([v.intake, v.buyback, v.stakers, v.insurance, v.discount])
    {
        let amount = ctx.rpc.get_token_account_balance(&vault)?.amount;
        *slot = amount
            .parse()
            .map_err(|_| anyhow!("bad balance {amount} for {vault}"))?;
    }
    let slot = ctx.rpc.get_slot()?;
    let now = ctx.rpc.get_block_time(slot)?;
    let report = RouterReport::new(&a.router, &r, balances, now)?;
    if global.json {
        println!("{}", to_json(&report)?);
    } else {
        print!("{}", report.table());
    }
    Ok(())
}
