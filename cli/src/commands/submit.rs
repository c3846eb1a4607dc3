//! `fee-router submit`: signs and sends instructions that `--unsigned` printed, once the key
//! they name as signer is at hand (a multisig member's hardware wallet, a governance executor).
//! It first shows what it will sign, decoded through fee-router's IDL (any other program is
//! plainly unknown), and asks on a terminal; without one it signs only with `--yes`.
use std::io::{BufRead, IsTerminal, Read};

use anchor_lang::prelude::Pubkey;
use anchor_lang::solana_program::instruction::{AccountMeta, Instruction};
use anyhow::{anyhow, bail, Context as _, Result};
use base64::Engine;
use serde::Deserialize;

use crate::config::GlobalArgs;
use crate::context::Context;

#[derive(clap::Args)]
pub struct Args {
    /// The JSON `--unsigned` printed, in a file (`-` for standard input).
    #[arg(long, default_value = "-")]
    pub file: String,
    /// Sign and send without asking (what it signs is still printed on standard error).
    #[arg(long)]
    pub yes: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct UnsignedInstruction {
    program_id: String,
    accounts: Vec<UnsignedAccount>,
    data: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct UnsignedAccount {
    pubkey: String,
    is_signer: bool,
    is_writable: bool,
}

fn key(s: &str) -> Result<Pubkey> {
    s.parse()
        .map_err(|_| crate::fault::InvalidAddress(s.to_string()).into())
}

/// The instructions of an `--unsigned` print-out.
pub fn parse(text: &str) -> Result<Vec<Instruction>> {
    if text.trim().is_empty() {
        bail!("the file is empty: there is nothing to sign");
    }
    let printed: Vec<UnsignedInstruction> = serde_json::from_str(text).map_err(|e| {
        anyhow!("this is not what `--unsigned` prints (a JSON list of instructions): {e}")
    })?;
    if printed.is_empty() {
        bail!("the file lists no instructions: there is nothing to sign");
    }
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

/// What `submit` is about to sign, as a person reads it.
pub fn summary(ixs: &[Instruction], signer: &Pubkey) -> String {
    let mut s = format!(
        "About to sign {} instruction(s) with {signer}:\n",
        ixs.len()
    );
    for (i, ix) in ixs.iter().enumerate() {
        s.push_str(&format!("{}. {}", i + 1, crate::idl::describe(ix).text()));
    }
    s
}

/// Asks on the terminal; `false` unless the answer is yes.
fn confirmed() -> Result<bool> {
    eprint!("Sign and send? [y/N] ");
    let mut answer = String::new();
    std::io::stdin().lock().read_line(&mut answer)?;
    Ok(matches!(
        answer.trim().to_ascii_lowercase().as_str(),
        "y" | "yes"
    ))
}

pub fn run(a: Args, global: &GlobalArgs) -> Result<()> {
    let mut text = String::new();
    if a.file == "-" {
        if std::io::stdin().is_terminal() {
            bail!("pass --file FILE (or pipe the instructions in) with what `--unsigned` printed");
        }
        std::io::stdin().read_to_string(&mut text)?;
    } else {
        text =
            std::fs::read_to_string(&a.file).map_err(|e| anyhow!("cannot read {}: {e}", a.file))?;
    }
    let ixs = parse(&text).with_context(|| format!("reading {}", a.file))?;
    let ctx = Context::new(global)?;
    let signer = solana_signer::Signer::pubkey(&ctx.signer()?);
    for ix in &ixs {
        if let Some(m) = ix
            .accounts
            .iter()
            .find(|m| m.is_signer && m.pubkey != signer)
        {
            bail!(
                "the instructions need a signature from {}, not from the keypair {signer}",
                m.pubkey
            );
        }
    }
    eprint!("{}", summary(&ixs, &signer));
    if !a.yes {
        // The instructions came from a file: the terminal is free to ask.
        if a.file == "-" || !std::io::stdin().is_terminal() {
            bail!(
                "not signed: submit asks before signing, and there is no terminal to ask on; \
                 check what is printed above and pass --yes"
            );
        }
        if !confirmed()? {
            bail!("not signed: nothing was sent");
        }
    }
    ctx.send(&ixs, &[])
}
