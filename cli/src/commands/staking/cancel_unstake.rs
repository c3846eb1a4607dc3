//! `fee-router cancel-unstake`: takes the pending unstake request back into active stake.
use anchor_lang::prelude::Pubkey;
use anyhow::{bail, Result};
use fee_router::state::StakePosition;
use fee_router_sdk::{ix, pda};
use solana_signer::Signer;

use crate::config::GlobalArgs;
use crate::context::Context;
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
    let signature = ctx.send_quiet(&[ix::cancel_unstake(&a.router, &owner)], &[])?;
    // Printed once confirmed: tokens for a person, base units in JSON.
    if ctx.json {
        let out = serde_json::json!({ "amount": amount, "signature": signature.to_string() });
        println!("{}", to_json(&out)?);
    } else {
        println!(
            "Back to active stake: {} ({amount} base units)",
            tokens(amount, r.protocol_decimals)
        );
        println!("Signature: {signature}");
    }
    Ok(())
}

/// `amount` base units as tokens of a mint with `decimals` (`1500000`, 6: `1.5`).
fn tokens(amount: u64, decimals: u8) -> String {
    let unit = 10u128.pow(u32::from(decimals));
    let (whole, fraction) = (u128::from(amount) / unit, u128::from(amount) % unit);
    if fraction == 0 {
        return whole.to_string();
    }
    let fraction = format!("{fraction:0width$}", width = usize::from(decimals));
    format!("{whole}.{}", fraction.trim_end_matches('0'))
}

#[cfg(test)]
mod tests {
    use super::tokens;

    #[test]
    fn tokens_print_with_the_mints_decimals() {
        assert_eq!(tokens(1_500_000, 6), "1.5");
        assert_eq!(tokens(2_000_000_000, 9), "2");
        assert_eq!(tokens(1, 9), "0.000000001");
        assert_eq!(tokens(u64::MAX, 0), u64::MAX.to_string());
    }
}
