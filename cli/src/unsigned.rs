//! What `--unsigned` prints, for the authority that signs elsewhere: JSON for `fee-router
//! submit`, a base58 legacy message for the Squads app, base64 `InstructionData` for Realms.
use anchor_lang::prelude::Pubkey;
use anchor_lang::solana_program::instruction::Instruction;
use anchor_lang::AnchorSerialize;
use anyhow::{anyhow, bail, Result};
use base64::Engine;
use serde::Serialize;

use crate::output::to_json;

/// The largest transaction the network carries (`PACKET_DATA_SIZE`): 1,280 bytes of IPv6
/// minimum MTU less 48 bytes of headers.
pub const MAX_TRANSACTION_BYTES: usize = 1_232;

/// A legacy transaction's bytes besides its message when one key signs: the signature count
/// (one byte, compact-u16) and the signature.
const ONE_SIGNATURE_BYTES: usize = 1 + 64;

/// The form `--unsigned` prints.
#[derive(clap::ValueEnum, Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum UnsignedFormat {
    /// A JSON list of instructions (program id, accounts, base64 data): what `fee-router
    /// submit` signs and sends.
    #[default]
    Json,
    /// A base58 serialized legacy message whose fee payer and only signer is the multisig
    /// vault (`--authority`): what the Squads app imports as a transaction.
    Squads,
    /// One base64 borsh `InstructionData` per line (spl-governance's layout): what Realms
    /// takes as a proposal's custom instruction.
    Realms,
}

/// `ixs` in `format`; `authority` is who signs them (the Squads vault, the Realms governance).
pub fn render(ixs: &[Instruction], format: UnsignedFormat, authority: &Pubkey) -> Result<String> {
    match format {
        UnsignedFormat::Json => json(ixs),
        UnsignedFormat::Squads => Ok(bs58::encode(squads_message(ixs, authority)?).into_string()),
        UnsignedFormat::Realms => Ok(ixs
            .iter()
            .map(|ix| base64::engine::general_purpose::STANDARD.encode(realms_instruction_data(ix)))
            .collect::<Vec<_>>()
            .join("\n")),
    }
}

/// An instruction as `fee-router submit` reads it.
#[derive(Serialize)]
struct UnsignedInstruction {
    program_id: String,
    accounts: Vec<UnsignedAccount>,
    /// Instruction data, base64.
    data: String,
}

#[derive(Serialize)]
struct UnsignedAccount {
    pubkey: String,
    is_signer: bool,
    is_writable: bool,
}

fn json(ixs: &[Instruction]) -> Result<String> {
    let out: Vec<UnsignedInstruction> = ixs
        .iter()
        .map(|ix| UnsignedInstruction {
            program_id: ix.program_id.to_string(),
            accounts: ix
                .accounts
                .iter()
                .map(|m| UnsignedAccount {
                    pubkey: m.pubkey.to_string(),
                    is_signer: m.is_signer,
                    is_writable: m.is_writable,
                })
                .collect(),
            data: base64::engine::general_purpose::STANDARD.encode(&ix.data),
        })
        .collect();
    to_json(&out)
}

/// The serialized legacy message of `ixs` with `vault` as fee payer and only signer, as the
/// Squads app imports it. Its blockhash is the default (zero) hash: Squads wraps the message's
/// instructions in a vault transaction of its own, which takes a fresh blockhash when it is
/// executed. Refused when an instruction needs another signer, and when the transaction the
/// message makes with the vault's one signature would be larger than the network carries.
pub fn squads_message(ixs: &[Instruction], vault: &Pubkey) -> Result<Vec<u8>> {
    for (i, ix) in ixs.iter().enumerate() {
        if let Some(other) = ix
            .accounts
            .iter()
            .find(|m| m.is_signer && m.pubkey != *vault)
        {
            bail!(
                "instruction {i} needs {} to sign, but the vault {vault} is the only signer of a \
                 Squads transaction: pass that key as --authority, or use --format json",
                other.pubkey
            );
        }
    }
    let message = solana_transaction::Transaction::new_with_payer(ixs, Some(vault)).message;
    let signers = usize::from(message.header.num_required_signatures);
    if signers != 1 || message.account_keys.first() != Some(vault) {
        return Err(anyhow!(
            "the message has {signers} signers; a Squads transaction has the vault {vault} alone"
        ));
    }
    let bytes = message.serialize();
    let transaction = bytes.len() + ONE_SIGNATURE_BYTES;
    if transaction > MAX_TRANSACTION_BYTES {
        bail!(
            "the Squads message is {} bytes, a transaction of {transaction} bytes with the vault's \
             signature, above the {MAX_TRANSACTION_BYTES} bytes a Solana transaction may have: \
             split the change into smaller ones",
            bytes.len()
        );
    }
    Ok(bytes)
}

/// spl-governance's `InstructionData` (and `AccountMetaData`), borsh: what a Realms proposal
/// transaction stores and executes.
#[derive(AnchorSerialize)]
struct InstructionData {
    program_id: Pubkey,
    accounts: Vec<AccountMetaData>,
    data: Vec<u8>,
}

#[derive(AnchorSerialize)]
struct AccountMetaData {
    pubkey: Pubkey,
    is_signer: bool,
    is_writable: bool,
}

/// `ix` as borsh `InstructionData`: program id (32 bytes), accounts (u32 count, then 34 bytes
/// each: key, is_signer, is_writable), data (u32 length, then the bytes).
pub fn realms_instruction_data(ix: &Instruction) -> Vec<u8> {
    let data = InstructionData {
        program_id: ix.program_id,
        accounts: ix
            .accounts
            .iter()
            .map(|m| AccountMetaData {
                pubkey: m.pubkey,
                is_signer: m.is_signer,
                is_writable: m.is_writable,
            })
            .collect(),
        data: ix.data.clone(),
    };
    // Writing borsh into a Vec cannot fail.
    anchor_lang::prelude::borsh::to_vec(&data).unwrap_or_default()
}
