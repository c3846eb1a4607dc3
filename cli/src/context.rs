//! What every online command shares: the RPC client, the signer, reading the router, and
//! sending — or, for a multisig or governance authority, printing — the instructions.
use anchor_lang::prelude::Pubkey;
use anchor_lang::solana_program::instruction::Instruction;
use anchor_lang::AccountDeserialize;
use anyhow::{anyhow, Result};
use fee_router::config::GovernedAction;
use fee_router::state::Router;
use fee_router_sdk::ix;
use solana_commitment_config::CommitmentConfig;
use solana_keypair::{read_keypair_file, Keypair};
use solana_rpc_client::rpc_client::RpcClient;
use solana_signer::Signer;
use solana_transaction::Transaction;
use std::time::Instant;

pub use solana_signature::Signature;

use crate::config::GlobalArgs;
use crate::fault;
use crate::output::to_json;
use crate::units::{Amount, Units};
use crate::unsigned::UnsignedFormat;

pub struct Context {
    pub rpc: RpcClient,
    pub url: String,
    pub keypair_path: String,
    pub json: bool,
    /// Amounts typed and printed in base units (`--base-units`).
    pub base_units: bool,
}

/// Which of a router's mints an amount is in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MintSide {
    /// The fee mint: deposits, vaults, caps, rewards.
    Fee,
    /// The protocol mint: stake, tiers, the auction's payments.
    Protocol,
}

impl MintSide {
    pub fn of(self, r: &Router) -> Pubkey {
        match self {
            Self::Fee => r.fee_mint,
            Self::Protocol => r.protocol_mint,
        }
    }
}

/// How long to wait for the cluster to answer before saying it does not.
pub const RPC_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(15);

/// The longest wait for a sent transaction's confirmation (a blockhash lives about 60-90 s).
pub const CONFIRM_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(90);

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
            base_units: global.base_units,
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

    /// An account, or `None` when there is none.
    pub fn fetch(&self, address: &Pubkey, what: &str) -> Result<Option<solana_account::Account>> {
        let started = Instant::now();
        Ok(self
            .rpc
            .get_account_with_commitment(address, self.rpc.commitment())
            .map_err(|e| {
                self.rpc_error_after(e, &format!("fetching {what} {address}"), Some(started))
            })?
            .value)
    }

    /// An account that must exist, with a message naming what it should have been.
    pub fn existing_account(
        &self,
        address: &Pubkey,
        what: &str,
    ) -> Result<solana_account::Account> {
        self.fetch(address, what)?.ok_or_else(|| {
            anyhow!(
                "there is no account at {address} on {}: check the {what} address and --url",
                self.url
            )
        })
    }

    /// An account of `router` at `address` (one of its PDAs). When there is none, the first
    /// thing said is whether `router` is a router at all, not that a PDA is missing.
    pub fn router_pda(
        &self,
        router: &Pubkey,
        address: &Pubkey,
        what: &str,
    ) -> Result<solana_account::Account> {
        match self.fetch(address, what)? {
            Some(account) => Ok(account),
            None => {
                self.router(router)?;
                Err(anyhow!(
                    "router {router} has no {what} (there is no account at {address} on {})",
                    self.url
                ))
            }
        }
    }

    /// A fee-router account of type `T` of `router`, at its PDA `address`.
    pub fn router_anchor_account<T: AccountDeserialize>(
        &self,
        router: &Pubkey,
        address: &Pubkey,
        what: &str,
    ) -> Result<T> {
        let account = self.router_pda(router, address, what)?;
        Self::decode(address, &account, what)
    }

    /// `account` read as a fee-router account of type `T`.
    fn decode<T: AccountDeserialize>(
        address: &Pubkey,
        account: &solana_account::Account,
        what: &str,
    ) -> Result<T> {
        if account.owner != fee_router::ID {
            return Err(anyhow!(
                "{address} is not a fee-router {what}: it belongs to {}, not to {}",
                account.owner,
                fee_router::ID
            ));
        }
        T::try_deserialize(&mut account.data.as_slice()).map_err(|_| {
            anyhow!("{address} is not a fee-router {what}: it is another kind of account")
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
        Self::decode(address, &account, "router")
    }

    /// A fee-router account of type `T` that must exist (`what` names it in errors).
    pub fn anchor_account<T: AccountDeserialize>(&self, address: &Pubkey, what: &str) -> Result<T> {
        let account = self.existing_account(address, what)?;
        Self::decode(address, &account, what)
    }

    /// The decimals of a mint.
    pub fn mint_decimals(&self, mint: &Pubkey) -> Result<u8> {
        Ok(self.mint_profile(mint)?.decimals)
    }

    /// How amounts of `side`'s mint print: in its tokens (its decimals read from the chain),
    /// or base units with `--base-units`.
    pub fn units(&self, r: &Router, side: MintSide) -> Result<Units> {
        if self.base_units {
            return Ok(Units::BASE);
        }
        Ok(Units::tokens(self.mint_decimals(&side.of(r))?))
    }

    /// How a report on router `r` prints: both mints' units and the cluster's clock.
    pub fn reading(&self, r: &Router) -> Result<crate::report::Reading> {
        Ok(crate::report::Reading {
            fee: self.units(r, MintSide::Fee)?,
            protocol: self.units(r, MintSide::Protocol)?,
            now: self.unix_time()?,
        })
    }

    /// `amount` (typed as `what`, say `--amount`) in base units of `side`'s mint of router
    /// `r`: tokens with the mint's decimals, or base units with `--base-units`. An amount the
    /// mint cannot hold exactly is refused, never rounded.
    pub fn amount(&self, r: &Router, side: MintSide, amount: Amount, what: &str) -> Result<u64> {
        let decimals = if self.base_units {
            0
        } else {
            self.mint_decimals(&side.of(r))?
        };
        amount
            .to_base_units(decimals, self.base_units)
            .map_err(|e| anyhow::Error::new(e).context(what.to_string()))
    }

    /// [`Context::amount`] for the router at `router`, read only when the amount is in tokens
    /// (an `--unsigned` setter with `--base-units` reads nothing).
    pub fn router_amount(
        &self,
        router: &Pubkey,
        side: MintSide,
        amount: Amount,
        what: &str,
    ) -> Result<u64> {
        if self.base_units {
            return amount
                .to_base_units(0, true)
                .map_err(|e| anyhow::Error::new(e).context(what.to_string()));
        }
        self.amount(&self.router(router)?, side, amount, what)
    }

    /// Errors, in words, when `router` is a fee line of another pool: staking and voting are
    /// the pool's (the program refuses them too, with `LineNotPool`).
    pub fn require_pool(&self, router: &Pubkey, r: &Router) -> Result<()> {
        if r.is_line() {
            anyhow::bail!(
                "router {router} is fee line {} of the stake pool {}: stake, unstake and vote in the pool (--router {})",
                r.line_slot,
                r.pool,
                r.pool
            );
        }
        Ok(())
    }

    /// The stake pool of `router` (itself, or the pool it is a fee line of) and every fee
    /// line of that pool with its state, the pool's own first.
    pub fn pool_lines(
        &self,
        router: &Pubkey,
        r: &Router,
    ) -> Result<(Pubkey, Vec<(Pubkey, Router)>)> {
        let pool_key = r.pool_key(*router);
        let pool = if r.is_line() {
            self.router(&pool_key)?
        } else {
            *r
        };
        let mut lines = vec![(pool_key, pool)];
        for key in pool.fee_lines() {
            lines.push((*key, self.router(key)?));
        }
        Ok((pool_key, lines))
    }

    /// Whether an account exists.
    pub fn account_exists(&self, address: &Pubkey) -> Result<bool> {
        Ok(self.fetch(address, "account")?.is_some())
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

    /// Checks before sending what the program checks when it registers `account` as a
    /// payout destination (`what`: "shortfall account", "treasury"): a token account of
    /// `mint` under `token_program` that `router` does not own.
    pub fn check_registrable(
        &self,
        account: &Pubkey,
        mint: &Pubkey,
        token_program: &Pubkey,
        router: &Pubkey,
        what: &str,
    ) -> Result<()> {
        use anchor_spl::token_2022::spl_token_2022::extension::StateWithExtensions;
        use anchor_spl::token_2022::spl_token_2022::state::{Account, AccountState};
        let found = self.existing_account(account, what)?;
        // Token-2022's layout reads SPL Token accounts too (the same first 165 bytes).
        let state = StateWithExtensions::<Account>::unpack(&found.data)
            .ok()
            .filter(|s| s.base.state != AccountState::Uninitialized);
        match state {
            Some(_) if found.owner != *token_program => Err(anyhow!(
                "{account} cannot be the {what}: it belongs to {}, not to the mint's token program {token_program}",
                found.owner
            )),
            Some(s) if s.base.mint != *mint => Err(anyhow!(
                "{account} cannot be the {what}: it is a token account of mint {}, not of {mint}",
                s.base.mint
            )),
            Some(s) if s.base.owner == *router => Err(anyhow!(
                "{account} cannot be the {what}: the router itself owns it; name a token account of your own"
            )),
            Some(_) => Ok(()),
            None => Err(anyhow!(
                "{account} cannot be the {what}: it is not a token account (a wallet, a mint or another account?); name a token account of {mint}"
            )),
        }
    }

    /// [`Context::check_registrable`] for every token account `actions` register on `router`
    /// (state `r`): a shortfall account of the fee mint, a treasury of the protocol mint.
    pub fn check_registrations(
        &self,
        router: &Pubkey,
        r: &Router,
        actions: &[GovernedAction],
    ) -> Result<()> {
        for action in actions {
            match action {
                GovernedAction::SetShortfallAccount { account }
                    if *account != Pubkey::default() =>
                {
                    self.check_registrable(
                        account,
                        &r.fee_mint,
                        &r.fee_token_program,
                        router,
                        "shortfall account",
                    )?
                }
                GovernedAction::SetAuctionParams { params } if params.to_treasury() => self
                    .check_registrable(
                        &params.treasury,
                        &r.protocol_mint,
                        &r.protocol_token_program,
                        router,
                        "treasury",
                    )?,
                _ => {}
            }
        }
        Ok(())
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

    /// Signs with the keypair (and `extra` signers), sends, and once confirmed prints the
    /// signature on standard output (`Signature: ...`, or JSON).
    pub fn send(&self, ixs: &[Instruction], extra: &[&Keypair]) -> Result<()> {
        self.send_reporting(ixs, extra, &[])
    }

    /// [`Context::send`], printing `facts` (`Label: value` lines, or JSON fields) before the
    /// signature, and only once the transaction is confirmed: nothing is said to be done
    /// before it is.
    pub fn send_reporting(
        &self,
        ixs: &[Instruction],
        extra: &[&Keypair],
        facts: &[Fact],
    ) -> Result<()> {
        let signature = self.send_quiet(ixs, extra)?;
        if self.json {
            let mut out = serde_json::Map::new();
            for f in facts {
                out.insert(f.key.into(), f.value.clone());
            }
            out.insert("signature".into(), signature.to_string().into());
            println!("{}", to_json(&out)?);
        } else {
            for f in facts {
                let Some(label) = &f.label else { continue };
                let value = match &f.value {
                    serde_json::Value::String(s) => s.clone(),
                    other => other.to_string(),
                };
                println!("{label}: {value}");
            }
            println!("Signature: {signature}");
        }
        Ok(())
    }

    /// Signs, sends and waits for confirmation; returns the signature.
    ///
    /// The signature is printed on standard error before anything is sent, so a user always
    /// holds it. Nothing is ever sent twice: a send whose reply is lost is followed by
    /// status checks of the same signature only. The outcomes: confirmed (`Ok`); refused in
    /// simulation, not sent ([`fault::Refused`]); landed but failed; did not land before its
    /// blockhash expired (it never can now); or unknown ([`fault::Unconfirmed`], exit
    /// status 3). An identical transaction that already landed counts as this one.
    pub fn send_quiet(&self, ixs: &[Instruction], extra: &[&Keypair]) -> Result<Signature> {
        use solana_rpc_client::api::client_error::ErrorKind;
        use solana_rpc_client::api::config::RpcSendTransactionConfig;
        use solana_transaction_error::TransactionError;

        let payer = self.signer()?;
        let mut signers: Vec<&Keypair> = vec![&payer];
        signers.extend(
            extra
                .iter()
                .copied()
                .filter(|k| k.pubkey() != payer.pubkey()),
        );
        let started = Instant::now();
        let blockhash = self
            .rpc
            .get_latest_blockhash()
            .map_err(|e| self.rpc_error_after(e, "fetching a recent blockhash", Some(started)))?;
        let tx =
            Transaction::new_signed_with_payer(ixs, Some(&payer.pubkey()), &signers, blockhash);
        let signature = tx.signatures.first().copied().unwrap_or_default();
        eprintln!("Sending transaction {signature} to {}", self.url);
        let config = RpcSendTransactionConfig {
            preflight_commitment: Some(self.rpc.commitment().commitment),
            ..RpcSendTransactionConfig::default()
        };
        let mut reply_lost = None;
        if let Err(e) = self.rpc.send_transaction_with_config(&tx, config) {
            match e.get_transaction_error() {
                Some(TransactionError::AlreadyProcessed) => {
                    eprintln!(
                        "Transaction {signature} had already landed (an identical one was sent \
                         before): not sent again"
                    );
                }
                Some(_) => return Err(refused(&e).into()),
                None => match (e.kind(), fault::transport_failure(&e)) {
                    // The connection was never made: nothing was sent.
                    (ErrorKind::Reqwest(r), Some(detail)) if r.is_connect() => {
                        return Err(fault::NodeUnreachable {
                            url: self.url.clone(),
                            what: format!("sending transaction {signature}, which was not sent"),
                            detail,
                        }
                        .into());
                    }
                    (_, Some(detail)) => reply_lost = Some(detail),
                    (_, None) => {
                        return Err(anyhow!(
                            "the node at {} did not take transaction {signature}, so it was not \
                             sent: {}",
                            self.url,
                            e.kind()
                        ))
                    }
                },
            }
        }
        self.confirm(signature, blockhash, reply_lost)
    }

    /// Waits until `signature` is confirmed at the commitment in use, failed, or can no
    /// longer land; says which. `reply_lost` is how the send's own reply was lost, if it was.
    fn confirm(
        &self,
        signature: Signature,
        blockhash: solana_hash::Hash,
        reply_lost: Option<String>,
    ) -> Result<Signature> {
        let commitment = self.rpc.commitment();
        let started = Instant::now();
        let mut last_answer = Instant::now();
        let unconfirmed = |why: String| -> anyhow::Error {
            fault::Unconfirmed {
                signature,
                url: self.url.clone(),
                blockhash,
                why: match &reply_lost {
                    Some(lost) => format!("the send got no reply ({lost}), then {why}"),
                    None => why,
                },
            }
            .into()
        };
        loop {
            let status = self
                .rpc
                .get_signature_statuses(&[signature])
                .map(|r| r.value.into_iter().next().flatten());
            match status {
                Ok(Some(status)) => {
                    last_answer = Instant::now();
                    if status.satisfies_commitment(commitment) {
                        return match status.status {
                            Ok(()) => Ok(signature),
                            Err(e) => Err(fault::Refused {
                                custom: custom_code(&e),
                                transient: false,
                                message: format!(
                                    "transaction {signature} landed but failed, so only its fee \
                                     was paid: {}",
                                    explain(&e)
                                ),
                            }
                            .into()),
                        };
                    }
                }
                Ok(None) => {
                    last_answer = Instant::now();
                    let expired = matches!(
                        self.rpc
                            .is_blockhash_valid(&blockhash, CommitmentConfig::processed()),
                        Ok(false)
                    );
                    // Checked again after the expiry, so a transaction that landed just before
                    // it is not missed.
                    let still_unknown = || {
                        self.rpc
                            .get_signature_statuses(&[signature])
                            .is_ok_and(|r| r.value.first().is_some_and(|s| s.is_none()))
                    };
                    if expired && still_unknown() {
                        return Err(anyhow!(
                            "transaction {signature} did not land before its blockhash expired, \
                             and now never can: nothing changed, it is safe to send again"
                        ));
                    }
                }
                Err(e) => {
                    if last_answer.elapsed() >= RPC_TIMEOUT {
                        let why = match fault::transport_failure(&e) {
                            Some(detail) => format!("the node stopped answering: {detail}"),
                            None => format!("the node answered errors: {}", e.kind()),
                        };
                        return Err(unconfirmed(why));
                    }
                }
            }
            if started.elapsed() >= CONFIRM_TIMEOUT {
                return Err(unconfirmed(format!(
                    "not confirmed ({commitment:?}) within {} s",
                    CONFIRM_TIMEOUT.as_secs()
                )));
            }
            std::thread::sleep(std::time::Duration::from_millis(500));
        }
    }

    /// Prints the instructions unsigned, for a multisig or governance `authority` to propose,
    /// in `format` ([`crate::unsigned`]).
    pub fn print_unsigned(
        &self,
        ixs: &[Instruction],
        format: UnsignedFormat,
        authority: &Pubkey,
    ) -> Result<()> {
        println!("{}", crate::unsigned::render(ixs, format, authority)?);
        Ok(())
    }
}

/// A line printed with a transaction's signature once it is confirmed: `Router: <address>`,
/// or `"router": "<address>"` in JSON.
pub struct Fact {
    /// The label of its text line; `None` for a fact only the JSON carries.
    pub label: Option<String>,
    pub key: &'static str,
    pub value: serde_json::Value,
}

/// The program's custom error code in a transaction error, if it has one.
fn custom_code(e: &solana_transaction_error::TransactionError) -> Option<u32> {
    match e {
        solana_transaction_error::TransactionError::InstructionError(
            _,
            solana_instruction_error::InstructionError::Custom(code),
        ) => Some(*code),
        _ => None,
    }
}

/// A transaction error in words: the program's own message when it gave a code.
fn explain(e: &solana_transaction_error::TransactionError) -> String {
    use solana_transaction_error::TransactionError;
    match e {
        TransactionError::InstructionError(index, ix_error) => {
            let why = match ix_error {
                solana_instruction_error::InstructionError::Custom(code) => {
                    crate::errors::explain_custom(*code)
                }
                other => format!("{other}"),
            };
            format!("instruction {index}: {why}")
        }
        other => format!("{other}"),
    }
}

/// What the programs logged before refusing, besides Anchor's own error line: the reason in
/// numbers, when the program gives one (a stage gate's shortfall, say).
fn refusal_logs(e: &solana_rpc_client::api::client_error::Error) -> Vec<String> {
    use solana_rpc_client::api::client_error::ErrorKind;
    use solana_rpc_client::api::request::{RpcError, RpcResponseErrorData};
    let ErrorKind::RpcError(RpcError::RpcResponseError {
        data: RpcResponseErrorData::SendTransactionPreflightFailure(result),
        ..
    }) = e.kind()
    else {
        return vec![];
    };
    let logs: Vec<String> = result
        .logs
        .iter()
        .flatten()
        .filter_map(|l| l.strip_prefix("Program log: "))
        .filter(|l| !l.starts_with("AnchorError") && !l.starts_with("Instruction: "))
        .map(str::to_string)
        .collect();
    logs[logs.len().saturating_sub(3)..].to_vec()
}

/// A send the node's simulation refused (so it was not sent), explained: the program's
/// error in words and what it logged.
pub fn refused(e: &solana_rpc_client::api::client_error::Error) -> fault::Refused {
    use solana_transaction_error::TransactionError;
    let Some(tx_error) = e.get_transaction_error() else {
        return fault::Refused {
            custom: None,
            transient: fault::transport_failure(e).is_some(),
            message: format!("sending the transaction failed: {}", e.kind()),
        };
    };
    let mut message = match &tx_error {
        TransactionError::InstructionError(..) => {
            format!("the transaction was refused ({})", explain(&tx_error))
        }
        other => format!("the transaction was refused: {other}"),
    };
    let logs = refusal_logs(e);
    if !logs.is_empty() {
        message.push_str(&format!("; the program logged: {}", logs.join("; ")));
    }
    message.push_str("; it was not sent, nothing changed");
    fault::Refused {
        custom: custom_code(&tx_error),
        transient: matches!(tx_error, TransactionError::BlockhashNotFound),
        message,
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
    /// Print the instruction unsigned instead of sending it (needs --authority).
    #[arg(long)]
    pub unsigned: bool,
    /// What --unsigned prints: `json` (what `fee-router submit` sends), `squads` (a base58
    /// message, the vault as fee payer and only signer, for the Squads app's import) or
    /// `realms` (base64 InstructionData per instruction, for a Realms proposal).
    #[arg(long, value_enum, default_value_t, requires = "unsigned")]
    pub format: UnsignedFormat,
}

impl AuthorityArgs {
    /// Sends the instruction built for the authority, or prints it unsigned.
    pub fn submit(&self, ctx: &Context, build: impl FnOnce(&Pubkey) -> Instruction) -> Result<()> {
        self.try_submit(ctx, |authority| Ok(build(authority)))
    }

    /// Sends the setter that applies `action` ([`ix::apply_as_authority`]), or prints it
    /// unsigned. `payout` is what an insurance payout needs (and only it).
    pub fn apply(
        &self,
        ctx: &Context,
        action: GovernedAction,
        payout: Option<&ix::Payout>,
    ) -> Result<()> {
        self.try_submit(ctx, |authority| {
            Ok(ix::apply_as_authority(
                &self.router,
                authority,
                action,
                payout,
            )?)
        })
    }

    /// [`AuthorityArgs::submit`] with a builder that may refuse.
    fn try_submit(
        &self,
        ctx: &Context,
        build: impl FnOnce(&Pubkey) -> Result<Instruction>,
    ) -> Result<()> {
        if self.unsigned {
            let authority = self
                .authority
                .ok_or_else(|| anyhow!("--unsigned needs --authority"))?;
            return ctx.print_unsigned(&[build(&authority)?], self.format, &authority);
        }
        let signer = ctx.signer()?;
        if let Some(a) = self.authority.filter(|a| *a != signer.pubkey()) {
            return Err(anyhow!(
                "the keypair is not the authority {a}: sign with it, or use --unsigned"
            ));
        }
        // A wrong --router is said as such, not as the program's refusal of its accounts.
        ctx.router(&self.router)?;
        ctx.send(&[build(&signer.pubkey())?], &[])
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::units::AmountError;

    #[test]
    fn an_amount_in_base_units_is_checked_without_the_cluster_and_its_error_stays_typed() {
        let global = GlobalArgs {
            // Nothing listens there: a read would fail, and none is made.
            url: Some("http://127.0.0.1:9".into()),
            keypair: Some("/nonexistent/id.json".into()),
            base_units: true,
            ..GlobalArgs::default()
        };
        let ctx = Context::new(&global).unwrap();
        let router = Pubkey::new_unique();
        let amount = |s: &str| s.parse::<Amount>().unwrap();
        assert_eq!(
            ctx.router_amount(&router, MintSide::Fee, amount("1500000"), "--amount")
                .unwrap(),
            1_500_000
        );
        let e = ctx
            .router_amount(&router, MintSide::Fee, amount("1.5"), "--amount")
            .unwrap_err();
        assert_eq!(
            e.downcast_ref::<AmountError>(),
            Some(&AmountError::FractionalBaseUnits("1.5".into()))
        );
        assert!(format!("{e:#}").starts_with("--amount: 1.5 is not a whole number of base units"));
    }
}
