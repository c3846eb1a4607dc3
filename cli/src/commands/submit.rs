//! `fee-router submit`: signs and sends instructions that `--unsigned` printed, once the key
//! they name as signer is at hand (a multisig member's hardware wallet, a governance executor).
use std::io::Read;

use anchor_lang::prelude::Pubkey;
use anchor_lang::solana_program::instruction::{AccountMeta, Instruction};
use anyhow::{anyhow, Context as _, Result};
use base64::Engine;
use serde::Deserialize;

use crate::config::GlobalArgs;
use crate::context::Context;

#[derive(clap::Args)]
pub struct Args {
    /// The JSON `--unsigned` printed, in a file (`-` for standard input).
    #[arg(long, default_value = "-")]
    pub file: String,
}

#[derive(Deserialize)]
struct UnsignedInstruction {
    program_id: String,
    accounts: Vec<UnsignedAccount>,
    data: String,
}

#[derive(Deserialize)]
struct UnsignedAccount {
    pubkey: String,
    is_signer: bool,
    is_writable: bool,
}

fn key(s: &str) -> Result<Pubkey> {
    s.parse().map_err(|_| anyhow!("{s} is not a public key"))
}

/// The instructions of an `--unsigned` print-out.
pub fn parse(text: &str) -> Result<Vec<Instruction>> {
    let printed: Vec<UnsignedInstruction> =
        serde_json::from_str(text).context("reading the instructions `--unsigned` printed")?;
    printed
        .into_iter()
        .map(|ix| {
            Ok(Instruction {
                program_id: key(&ix.program_id)?,
                accounts: ix
                    .accounts
                    .iter()
                    .map(|a| {
                        Ok(AccountMeta {
                            pubkey: key(&a.pubkey)?,
                            is_signer: a.is_signer,
                            is_writable: a.is_writable,
                        })
                    })
                    .collect::<Result<_>>()?,
                data: base64::engine::general_purpose::STANDARD
                    .decode(&ix.data)
                    .context("instruction data is not base64")?,
            })
        })
        .collect()
}

pub fn run(a: Args, global: &GlobalArgs) -> Result<()> {
    let mut text = String::new();
    if a.file == "-" {
        std::io::stdin().read_to_string(&mut text)?;
    } else {
        text = std::fs::read_to_string(&a.file).with_context(|| format!("reading {}", a.file))?;
    }
    let ixs = parse(&text)?;
    let ctx = Context::new(global)?;
    let signer = solana_signer::Signer::pubkey(&ctx.signer()?);
    for ix in &ixs {
        if let Some(m) = ix
            .accounts
            .iter()
            .find(|m| m.is_signer && m.pubkey != signer)
        {
            return Err(anyhow!(
                "the instructions need a signature from {}, not from the keypair {signer}",
                m.pubkey
            ));
        }
    }
    ctx.send(&ixs, &[])
}
