//! `fee-router confirm`: what became of a transaction, by its signature. The check to run
//! after a lost confirmation (exit status 3), before sending anything again.
use anyhow::{anyhow, bail, Result};
use solana_signature::Signature;

use crate::config::GlobalArgs;
use crate::context::Context;
use crate::output::to_json;

#[derive(clap::Args)]
pub struct Args {
    /// The transaction's signature, as `fee-router` printed it.
    #[arg(value_parser = parse_signature)]
    pub signature: Signature,
}

fn parse_signature(s: &str) -> std::result::Result<Signature, String> {
    s.parse()
        .map_err(|_| format!("not a valid transaction signature: {s}"))
}

/// Prints whether the transaction landed: exit 0 when it landed and succeeded, 1 when it
/// failed or is not found (it did not land, or the node no longer keeps it).
pub fn run(a: Args, global: &GlobalArgs) -> Result<()> {
    let ctx = Context::new(global)?;
    let status = ctx
        .rpc
        .get_signature_statuses_with_history(&[a.signature])
        .map_err(|e| ctx.rpc_error(e, &format!("fetching the status of {}", a.signature)))?
        .value
        .into_iter()
        .next()
        .flatten();
    let Some(status) = status else {
        bail!(
            "transaction {} is not known to the node at {}: it did not land (or is older than \
             the node's history)",
            a.signature,
            ctx.url
        );
    };
    let level = status
        .confirmation_status
        .as_ref()
        .map(|c| format!("{c:?}").to_lowercase())
        .unwrap_or_else(|| "processed".into());
    if ctx.json {
        println!(
            "{}",
            to_json(&serde_json::json!({
                "signature": a.signature.to_string(),
                "slot": status.slot,
                "commitment": level,
                "error": status.err.as_ref().map(|e| e.to_string()),
            }))?
        );
    }
    match status.status {
        Ok(()) => {
            if !ctx.json {
                println!(
                    "Transaction {} landed in slot {} ({level})",
                    a.signature, status.slot
                );
            }
            Ok(())
        }
        Err(e) => Err(anyhow!(
            "transaction {} landed in slot {} ({level}) but failed, so only its fee was paid: {e}",
            a.signature,
            status.slot
        )),
    }
}
