use anchor_lang::prelude::Pubkey;
use anyhow::Result;

use crate::config::GlobalArgs;
use crate::context::Context;
use crate::output::to_json;
use crate::report::{
    trusted_authorities, FeeLineEntry, FeeLines, GovernanceReport, Outflows, RouterReport,
};

#[derive(clap::Args)]
pub struct Args {
    /// The router: a stake pool or a fee line of one.
    #[arg(long)]
    pub router: Pubkey,
    /// Show the fee line of the router's stake pool that pays in this mint instead.
    #[arg(long)]
    pub fee_mint: Option<Pubkey>,
}

pub fn run(mut a: Args, global: &GlobalArgs) -> Result<()> {
    let ctx = Context::new(global)?;
    let mut r = ctx.router(&a.router)?;
    if let Some(mint) = a.fee_mint {
        let (pool, lines) = ctx.pool_lines(&a.router, &r)?;
        let (key, line) = lines
            .into_iter()
            .find(|(_, l)| l.fee_mint == mint)
            .ok_or_else(|| {
                anyhow::anyhow!("no fee line of the stake pool {pool} pays in {mint}")
            })?;
        a.router = key;
        r = line;
    }
    let v = &r.vaults;
    let mut balances = [0u64; 5];
    for (slot, vault) in
        balances
            .iter_mut()
            .zip([v.intake, v.buyback, v.stakers, v.insurance, v.discount])
    {
        *slot = ctx.token_balance(&vault)?;
    }
    let now = ctx.unix_time()?;
    let mut trusted = vec![];
    for (which, mint) in [("fee", r.fee_mint), ("protocol", r.protocol_mint)] {
        let account = ctx.existing_account(&mint, "mint")?;
        trusted.extend(trusted_authorities(which, &account.owner, &account.data));
    }
    let governance_address = fee_router_sdk::pda::governance(&a.router);
    let g = crate::commands::governance::governance(&ctx, &a.router)?;
    let governance = GovernanceReport::new(&governance_address, &r, &g);
    let outflows = Outflows::new(
        &crate::commands::discount::rebates(&ctx, &a.router)?,
        &crate::commands::insurance::fund(&ctx, &a.router)?,
        &crate::commands::buyback::auction::auction(&ctx, &a.router)?,
    );
    let markets = crate::commands::market::markets::reports(&ctx, &a.router)?;
    // A fee line splits by its pool's stage and split: those are what it shows.
    let (pool, lines) = ctx.pool_lines(&a.router, &r)?;
    let mut view = r;
    if let Some((_, p)) = lines.first().filter(|_| r.is_line()) {
        view.stage = p.stage;
        view.splits = p.splits;
    }
    let fee_lines = (lines.len() > 1).then(|| FeeLines {
        pool: pool.to_string(),
        slot: r.line_slot,
        lines: lines
            .iter()
            .map(|(key, l)| FeeLineEntry {
                slot: l.line_slot,
                router: key.to_string(),
                fee_mint: l.fee_mint.to_string(),
            })
            .collect(),
    });
    let report = RouterReport::new(&a.router, &view, balances, now, trusted, Some(governance))?
        .with_outflows(outflows)
        .with_markets(markets)
        .with_fee_lines(fee_lines);
    if global.json {
        println!("{}", to_json(&report)?);
    } else {
        print!("{}", report.table(&ctx.reading(&r)?));
    }
    Ok(())
}
