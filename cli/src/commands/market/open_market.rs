//! `fee-router open-market`: anyone opens the approved market authority's fee account.
use anchor_lang::prelude::Pubkey;
use anyhow::{bail, Result};
use fee_router_sdk::{ix, pda};
use solana_signer::Signer;

use crate::config::GlobalArgs;
use crate::context::{Context, Fact};

#[derive(clap::Args)]
pub struct Args {
    #[arg(long)]
    pub router: Pubkey,
    /// The market authority the router approved.
    #[arg(long)]
    pub market_authority: Pubkey,
}

pub fn run(a: Args, global: &GlobalArgs) -> Result<()> {
    let ctx = Context::new(global)?;
    let r = ctx.router(&a.router)?;
    if r.markets.approved != a.market_authority {
        bail!(
            "router {} has not approved {} to open a market (approved now: {}): approve it first \
             with `fee-router approve-market`, or by a proposal",
            a.router,
            a.market_authority,
            if r.markets.approved == Pubkey::default() {
                "none".to_string()
            } else {
                r.markets.approved.to_string()
            }
        );
    }
    let market = pda::market_fees(&a.router, &a.market_authority);
    let payer = ctx.signer()?.pubkey();
    ctx.send_reporting(
        &[ix::open_market(
            &ix::FeeSide::of(a.router, &r),
            &payer,
            &a.market_authority,
        )],
        &[],
        &[Fact {
            label: Some("Market".into()),
            key: "market",
            value: market.to_string().into(),
        }],
    )
}
