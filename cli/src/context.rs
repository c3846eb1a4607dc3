//! What every online command shares: the RPC client, the signer, reading the router, and
//! sending — or, for a multisig or governance authority, printing — the instructions.
use anchor_lang::prelude::Pubkey;
use anchor_lang::solana_program::instruction::Instruction;
use anchor_lang::AccountDeserialize;
use anyhow::{anyhow, Result};
use base64::Engine;
use fee_router::state::Router;
use serde::Serialize;
use solana_keypair::{read_keypair_file, Keypair};
use solana_rpc_client::rpc_client::RpcClient;
use solana_signer::Signer;
use solana_transaction::Transaction;

pub use solana_signature::Signature;

use crate::config::GlobalArgs;
use crate::fault;
use crate::output::to_json;

pub struct Context {
    pub rpc: RpcClient,
    pub url: String,
    pub keypair_path: String,
    pub json: bool,
}

/// How long to wait for the cluster to answer before saying it does not.
pub const RPC_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(15);

/// An instruction as a multisig or governance UI imports it.
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

impl Context {
    /// A client for the cluster the options name. Nothing is fetched until a command needs
    /// it (an `--unsigned` setter may need nothing at all); the first call that finds no node
    /// answering says so in one line ([`Context::rpc_error`]).
    pub fn new(global: &GlobalArgs) -> Result<Self> {
        let r = global.resolve()?;
        let rpc =
            RpcClient::new_with_timeout_and_commitment(r.url.clone(), RPC_TIMEOUT, r.commitment);
        Ok(Self {
            rpc,
            url: r.url,
            keypair_path: r.keypair,
            json: global.json,
        })
    }

    /// A failed RPC call, explained in one line that names the node: a node that does not
    /// answer is said as such (and how the call failed: refused, or no reply in time).
    pub fn rpc_error(
        &self,
        e: solana_rpc_client::api::client_error::Error,
        what: &str,
    ) -> anyhow::Error {
        self.rpc_error_after(e, what, None)
    }

    /// [`Context::rpc_error`] for a call that began at `started`: when the client flattened
    /// the transport failure into text, the time it took tells a refused connection from a
    /// node that never replied.
    pub fn rpc_error_after(
        &self,
        e: solana_rpc_client::api::client_error::Error,
        what: &str,
        started: Option<std::time::Instant>,
    ) -> anyhow::Error {
        if let Some(mut detail) = fault::transport_failure(&e) {
            if let (fault::FLATTENED, Some(started)) = (detail.as_str(), started) {
                let waited = started.elapsed();
                detail = if waited.as_secs_f64() < 1.0 {
                    "the connection was refused or dropped".to_string()
                } else {
                    format!("no reply after {:.1} s", waited.as_secs_f64())
                };
            }
            return fault::NodeUnreachable {
                url: self.url.clone(),
                what: what.to_string(),
                detail,
            }
            .into();
        }
        anyhow!("{what}: the node at {} answered: {}", self.url, e.kind())
    }

    /// The cluster's clock, as programs read it (the Clock sysvar's Unix time).
    pub fn unix_time(&self) -> Result<i64> {
        let clock = self.existing_account(&solana_sdk_ids::sysvar::clock::ID, "clock sysvar")?;
        // Clock: slot, epoch_start_timestamp, epoch, leader_schedule_epoch, unix_timestamp.
        clock
            .data
            .get(32..40)
            .and_then(|b| b.try_into().ok())
            .map(i64::from_le_bytes)
            .ok_or_else(|| anyhow!("the clock sysvar is malformed"))
    }

    /// An account that must exist, with a message naming what it should have been.
    pub fn existing_account(
        &self,
        address: &Pubkey,
        what: &str,
    ) -> Result<solana_account::Account> {
        let started = std::time::Instant::now();
        self.rpc
            .get_account_with_commitment(address, self.rpc.commitment())
            .map_err(|e| {
                self.rpc_error_after(e, &format!("fetching {what} {address}"), Some(started))
            })?
            .value
            .ok_or_else(|| {
                anyhow!(
                    "there is no account at {address} on {}: check the {what} address and --url",
                    self.url
                )
            })
    }

    /// The keypair that signs and pays.
    pub fn signer(&self) -> Result<Keypair> {
        read_keypair_file(&self.keypair_path)
            .map_err(|e| anyhow!("cannot read keypair {}: {e}", self.keypair_path))
    }

    /// The router's state.
    pub fn router(&self, address: &Pubkey) -> Result<Router> {
        let account = self.existing_account(address, "router")?;
        if account.owner != fee_router::ID {
            return Err(anyhow!(
                "{address} is not a fee-router router: it belongs to {}, not to {}",
                account.owner,
                fee_router::ID
            ));
        }
        Router::try_deserialize(&mut account.data.as_slice())
            .map_err(|e| anyhow!("{address} is not a fee-router router: {e}"))
    }

    /// A fee-router account of type `T` that must exist (`what` names it in errors).
    pub fn anchor_account<T: AccountDeserialize>(&self, address: &Pubkey, what: &str) -> Result<T> {
        let account = self.existing_account(address, what)?;
        if account.owner != fee_router::ID {
            return Err(anyhow!(
                "{address} is not a fee-router {what}: it belongs to {}",
                account.owner
            ));
        }
        T::try_deserialize(&mut account.data.as_slice())
            .map_err(|e| anyhow!("{address} is not a fee-router {what}: {e}"))
    }

    /// The decimals of a mint.
    pub fn mint_decimals(&self, mint: &Pubkey) -> Result<u8> {
        Ok(self.mint_profile(mint)?.decimals)
    }

    /// Whether an account exists.
    pub fn account_exists(&self, address: &Pubkey) -> Result<bool> {
        let started = std::time::Instant::now();
        Ok(self
            .rpc
            .get_account_with_commitment(address, self.rpc.commitment())
            .map_err(|e| self.rpc_error_after(e, &format!("fetching {address}"), Some(started)))?
            .value
            .is_some())
    }

    /// What the router needs to know about a mint: decimals and issuer powers.
    pub fn mint_profile(
        &self,
        mint: &Pubkey,
    ) -> Result<fee_router::state::mint_powers::MintProfile> {
        let account = self.existing_account(mint, "mint")?;
        fee_router::state::mint_powers::profile_of(&account.owner, &account.data)
            .map_err(|_| anyhow!("{mint} is not a mint"))
    }

    /// The owner (token program) of a mint.
    pub fn token_program_of(&self, mint: &Pubkey) -> Result<Pubkey> {
        Ok(self.existing_account(mint, "mint")?.owner)
    }

    /// The balance of a token account, in base units.
    pub fn token_balance(&self, account: &Pubkey) -> Result<u64> {
        let amount = self
            .rpc
            .get_token_account_balance(account)
            .map_err(|e| self.rpc_error(e, &format!("fetching the balance of {account}")))?
            .amount;
        amount.parse().map_err(|_| {
            anyhow!(
                "the node at {} gave {account} a balance of {amount:?}",
                self.url
            )
        })
    }

    /// Signs with the keypair (and `extra` signers) and sends; prints the signature.
    pub fn send(&self, ixs: &[Instruction], extra: &[&Keypair]) -> Result<()> {
        let signature = self.send_quiet(ixs, extra)?;
        if self.json {
            println!(
                "{}",
                to_json(&serde_json::json!({ "signature": signature.to_string() }))?
            );
        } else {
            println!("Signature: {signature}");
        }
        Ok(())
    }

    /// Signs and sends; returns the signature.
    pub fn send_quiet(&self, ixs: &[Instruction], extra: &[&Keypair]) -> Result<Signature> {
        let payer = self.signer()?;
        let mut signers: Vec<&Keypair> = vec![&payer];
        signers.extend(
            extra
                .iter()
                .copied()
                .filter(|k| k.pubkey() != payer.pubkey()),
        );
        let blockhash = self
            .rpc
            .get_latest_blockhash()
            .map_err(|e| self.rpc_error(e, "fetching a recent blockhash"))?;
        let tx =
            Transaction::new_signed_with_payer(ixs, Some(&payer.pubkey()), &signers, blockhash);
        self.rpc
            .send_and_confirm_transaction(&tx)
            .map_err(|e| refused(&e))
    }

    /// Prints the instructions unsigned, for a multisig or governance authority to propose.
    pub fn print_unsigned(&self, ixs: &[Instruction]) -> Result<()> {
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
        println!("{}", to_json(&out)?);
        Ok(())
    }
}

/// A failed send, explained: the program's error in words when there is one.
pub fn refused(e: &solana_rpc_client::api::client_error::Error) -> anyhow::Error {
    use solana_rpc_client::api::client_error::ErrorKind;
    use solana_transaction_error::TransactionError;
    match e.get_transaction_error() {
        Some(TransactionError::InstructionError(index, ix_error)) => {
            let why = match ix_error {
                solana_instruction_error::InstructionError::Custom(code) => {
                    crate::errors::explain_custom(code)
                }
                other => format!("{other}"),
            };
            anyhow!("the transaction was refused (instruction {index}): {why}")
        }
        Some(other) => anyhow!("the transaction was refused: {other}"),
        None => match e.kind() {
            ErrorKind::Reqwest(_) | ErrorKind::Io(_) => {
                anyhow!("the cluster stopped answering while sending: {}", e.kind())
            }
            _ => anyhow!("sending the transaction failed: {}", e.kind()),
        },
    }
}

/// How an authority instruction is signed: by the keypair, or printed for another signer.
#[derive(clap::Args, Debug, Clone)]
pub struct AuthorityArgs {
    /// The router.
    #[arg(long)]
    pub router: Pubkey,
    /// The authority, when it is not the keypair (a multisig vault or a governance PDA).
    #[arg(long)]
    pub authority: Option<Pubkey>,
    /// Print the instruction unsigned (JSON) instead of sending it.
    #[arg(long)]
    pub unsigned: bool,
}

impl AuthorityArgs {
    /// Sends the instruction built for the authority, or prints it unsigned.
    pub fn submit(&self, ctx: &Context, build: impl FnOnce(&Pubkey) -> Instruction) -> Result<()> {
        if self.unsigned {
            let authority = self
                .authority
                .ok_or_else(|| anyhow!("--unsigned needs --authority"))?;
            return ctx.print_unsigned(&[build(&authority)]);
        }
        let signer = ctx.signer()?;
        if let Some(a) = self.authority.filter(|a| *a != signer.pubkey()) {
            return Err(anyhow!(
                "the keypair is not the authority {a}: sign with it, or use --unsigned"
            ));
        }
        ctx.send(&[build(&signer.pubkey())], &[])
    }
}
