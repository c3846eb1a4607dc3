//! `fee-router cancel-unstake`: takes the pending unstake request back into active stake.
use anchor_lang::prelude::Pubkey;
use anyhow::{bail, Result};
use fee_router::state::StakePosition;
use fee_router_sdk::{ix, pda};
use solana_signer::Signer;

use crate::config::GlobalArgs;
use crate::context::{Context, MintSide};
use crate::output::to_json;

#[derive(clap::Args)]
pub struct Args {
    /// The router.
    #[arg(long)]
    pub router: Pubkey,
}

pub fn run(a: Args, global: &GlobalArgs) -> Result<()> {
    let ctx = Context::new(global)?;
    let r = ctx.router(&a.router)?;
    ctx.require_pool(&a.router, &r)?;
    let owner = ctx.signer()?.pubkey();
    let address = pda::position(&a.router, &owner);
    let position: StakePosition =
        ctx.router_anchor_account(&a.router, &address, "stake position")?;
    // Said before sending, in words: the program refuses it too, with its error code.
    if position.cooling == 0 {
        bail!(
            "{owner} has no pending unstake request on router {}: nothing to cancel",
            a.router
        );
    }
    let amount = position.cooling;
    let units = ctx.units(&r, MintSide::Protocol)?;
    let cancel = ix::with_lines(ix::cancel_unstake(&a.router, &owner), r.fee_lines());
    let signature = ctx.send_quiet(&[cancel], &[])?;
    // Printed once confirmed: tokens for a person, base units in JSON.
    if ctx.json {
        let out = serde_json::json!({ "amount": amount, "signature": signature.to_string() });
        println!("{}", to_json(&out)?);
    } else {
        println!("Back to active stake: {}", units.show(amount));
        println!("Signature: {signature}");
    }
    Ok(())
}
