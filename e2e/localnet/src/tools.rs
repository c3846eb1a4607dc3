//! What a local demo and the end-to-end tests need besides `fee-router` itself: a keypair
//! file, mints whose authority is the keypair, funded associated token accounts, plain
//! transfers, and moving the node's clock forward (surfpool's `surfnet_timeTravel`).
//!
//! ```text
//! fee-router-localnet keygen --outfile FILE
//! fee-router-localnet mint --url U --keypair K --decimals D [--token-2022] [--transfer-fee-bps B]
//! fee-router-localnet fund --url U --keypair K --mint M --owner O --amount N
//! fee-router-localnet transfer --url U --keypair K --mint M --to ACCOUNT --amount N
//! fee-router-localnet time-travel --url U --seconds N
//! fee-router-localnet create-market --url U --keypair K --router R --base-mint B --quote-mint Q --price P --fee-bps F
//! fee-router-localnet trade --url U --keypair TRADER --market M --side buy|sell --base-amount N
//! fee-router-localnet exchange-loop --url U --keypair K --fee-router BIN [--weeks N] [--svg FILE]
//! ```
//!
//! `create-market` and `trade` drive the example exchange (`crate::exchange`);
//! `exchange-loop` is the main job's loop (`crate::exchange_loop`).
use std::collections::HashMap;
use std::str::FromStr;

use solana_commitment_config::CommitmentConfig;
use solana_keypair::{read_keypair_file, write_keypair_file, Keypair};
use solana_pubkey::Pubkey;
use solana_rpc_client::rpc_client::RpcClient;
use solana_signer::Signer;
use solana_transaction::Transaction;
use spl_token_2022_interface::extension::ExtensionType;
use spl_token_2022_interface::instruction as token_ix;
use spl_token_2022_interface::state::Mint;

const SPL_TOKEN: &str = "TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA";
const TOKEN_2022: &str = "TokenzQdBNbLqP5VEhdkAS6EPFLC1PHnBqCXEpPxuEb";
const ATA_PROGRAM: &str = "ATokenGPvbdGVxr1b2hvZbsiqW5xWH25efTNsLJA8knL";
const SYSTEM_PROGRAM: &str = "11111111111111111111111111111111";
const CLOCK_SYSVAR: &str = "SysvarC1ock11111111111111111111111111111111";

pub(crate) type Result<T> = std::result::Result<T, String>;

pub(crate) fn key(s: &str) -> Result<Pubkey> {
    Pubkey::from_str(s).map_err(|_| format!("{s} is not a public key"))
}

pub(crate) struct Opts(HashMap<String, String>);

impl Opts {
    fn parse(args: &[String]) -> Result<Self> {
        let mut map = HashMap::new();
        let mut it = args.iter();
        while let Some(flag) = it.next() {
            let name = flag
                .strip_prefix("--")
                .ok_or_else(|| format!("unexpected argument {flag}"))?;
            if name == "token-2022" {
                map.insert(name.to_string(), String::new());
            } else {
                let value = it.next().ok_or_else(|| format!("{flag} needs a value"))?;
                map.insert(name.to_string(), value.clone());
            }
        }
        Ok(Self(map))
    }
    pub(crate) fn get(&self, name: &str) -> Result<&str> {
        self.0
            .get(name)
            .map(String::as_str)
            .ok_or_else(|| format!("--{name} is required"))
    }
    pub(crate) fn num(&self, name: &str) -> Result<u64> {
        self.get(name)?
            .parse()
            .map_err(|_| format!("--{name} must be a number"))
    }
    pub(crate) fn has(&self, name: &str) -> bool {
        self.0.contains_key(name)
    }
    pub(crate) fn rpc(&self) -> Result<RpcClient> {
        Ok(RpcClient::new_with_commitment(
            self.get("url")?.to_string(),
            CommitmentConfig::confirmed(),
        ))
    }
    pub(crate) fn keypair(&self) -> Result<Keypair> {
        let path = self.get("keypair")?;
        read_keypair_file(path).map_err(|e| format!("cannot read keypair {path}: {e}"))
    }
}

pub(crate) fn send(
    rpc: &RpcClient,
    payer: &Keypair,
    extra: &[&Keypair],
    ixs: &[solana_instruction::Instruction],
) -> Result<()> {
    let blockhash = rpc.get_latest_blockhash().map_err(|e| e.to_string())?;
    let mut signers: Vec<&Keypair> = vec![payer];
    signers.extend_from_slice(extra);
    let tx = Transaction::new_signed_with_payer(ixs, Some(&payer.pubkey()), &signers, blockhash);
    rpc.send_and_confirm_transaction(&tx)
        .map(|_| ())
        .map_err(|e| e.to_string())
}

pub(crate) fn associated(owner: &Pubkey, mint: &Pubkey, token_program: &Pubkey) -> Result<Pubkey> {
    Ok(Pubkey::find_program_address(
        &[owner.as_ref(), token_program.as_ref(), mint.as_ref()],
        &key(ATA_PROGRAM)?,
    )
    .0)
}

/// The associated token program's `CreateIdempotent`.
fn create_associated(
    payer: &Pubkey,
    owner: &Pubkey,
    mint: &Pubkey,
    token_program: &Pubkey,
) -> Result<solana_instruction::Instruction> {
    use solana_instruction::AccountMeta;
    Ok(solana_instruction::Instruction {
        program_id: key(ATA_PROGRAM)?,
        accounts: vec![
            AccountMeta::new(*payer, true),
            AccountMeta::new(associated(owner, mint, token_program)?, false),
            AccountMeta::new_readonly(*owner, false),
            AccountMeta::new_readonly(*mint, false),
            AccountMeta::new_readonly(key(SYSTEM_PROGRAM)?, false),
            AccountMeta::new_readonly(*token_program, false),
        ],
        data: vec![1],
    })
}

pub(crate) fn token_program_of(rpc: &RpcClient, mint: &Pubkey) -> Result<Pubkey> {
    rpc.get_account(mint)
        .map(|a| a.owner)
        .map_err(|e| format!("fetching mint {mint}: {e}"))
}

fn mint(o: &Opts) -> Result<()> {
    let fee_bps =
        o.0.get("transfer-fee-bps")
            .map(|v| v.parse::<u16>())
            .transpose()
            .map_err(|_| "--transfer-fee-bps must be a number".to_string())?;
    let decimals = u8::try_from(o.num("decimals")?).map_err(|_| "--decimals is too large")?;
    let mint = create_mint(
        &o.rpc()?,
        &o.keypair()?,
        decimals,
        o.has("token-2022"),
        fee_bps,
    )?;
    println!("{mint}");
    Ok(())
}

/// A new mint whose authority is `payer`: SPL Token, or Token-2022 (with a transfer fee of
/// `fee_bps` when given).
pub(crate) fn create_mint(
    rpc: &RpcClient,
    payer: &Keypair,
    decimals: u8,
    token_2022: bool,
    fee_bps: Option<u16>,
) -> Result<Pubkey> {
    let mint = Keypair::new();
    let program = key(if token_2022 || fee_bps.is_some() {
        TOKEN_2022
    } else {
        SPL_TOKEN
    })?;
    let extensions: Vec<ExtensionType> = fee_bps
        .iter()
        .map(|_| ExtensionType::TransferFeeConfig)
        .collect();
    let space =
        ExtensionType::try_calculate_account_len::<Mint>(&extensions).map_err(|e| e.to_string())?;
    let rent = rpc
        .get_minimum_balance_for_rent_exemption(space)
        .map_err(|e| e.to_string())?;
    let mut ixs = vec![solana_system_interface::instruction::create_account(
        &payer.pubkey(),
        &mint.pubkey(),
        rent,
        space as u64,
        &program,
    )];
    if let Some(bps) = fee_bps {
        ixs.push(
            spl_token_2022_interface::extension::transfer_fee::instruction::initialize_transfer_fee_config(
                &program, &mint.pubkey(), Some(&payer.pubkey()), Some(&payer.pubkey()), bps, u64::MAX,
            )
            .map_err(|e| e.to_string())?,
        );
    }
    ixs.push(
        token_ix::initialize_mint2(&program, &mint.pubkey(), &payer.pubkey(), None, decimals)
            .map_err(|e| e.to_string())?,
    );
    send(rpc, payer, &[&mint], &ixs)?;
    Ok(mint.pubkey())
}

fn fund(o: &Opts) -> Result<()> {
    let account = fund_owner(
        &o.rpc()?,
        &o.keypair()?,
        &key(o.get("mint")?)?,
        &key(o.get("owner")?)?,
        o.num("amount")?,
    )?;
    println!("{account}");
    Ok(())
}

/// `owner`'s associated token account of `mint` (created if missing), with `amount` minted to
/// it by `payer`, the mint's authority.
pub(crate) fn fund_owner(
    rpc: &RpcClient,
    payer: &Keypair,
    mint: &Pubkey,
    owner: &Pubkey,
    amount: u64,
) -> Result<Pubkey> {
    let program = token_program_of(rpc, mint)?;
    let account = associated(owner, mint, &program)?;
    let mut ixs = vec![create_associated(&payer.pubkey(), owner, mint, &program)?];
    if amount > 0 {
        ixs.push(mint_to_ix(
            &program,
            mint,
            &account,
            &payer.pubkey(),
            amount,
        )?);
    }
    send(rpc, payer, &[], &ixs)?;
    Ok(account)
}

/// Mints `amount` of `mint` to the token account `account` (any owner).
pub(crate) fn mint_to(
    rpc: &RpcClient,
    payer: &Keypair,
    mint: &Pubkey,
    account: &Pubkey,
    amount: u64,
) -> Result<()> {
    let program = token_program_of(rpc, mint)?;
    let ix = mint_to_ix(&program, mint, account, &payer.pubkey(), amount)?;
    send(rpc, payer, &[], &[ix])
}

fn mint_to_ix(
    program: &Pubkey,
    mint: &Pubkey,
    account: &Pubkey,
    authority: &Pubkey,
    amount: u64,
) -> Result<solana_instruction::Instruction> {
    token_ix::mint_to(program, mint, account, authority, &[], amount).map_err(|e| e.to_string())
}

fn transfer(o: &Opts) -> Result<()> {
    let rpc = o.rpc()?;
    let payer = o.keypair()?;
    let mint = key(o.get("mint")?)?;
    let to = key(o.get("to")?)?;
    let program = token_program_of(&rpc, &mint)?;
    let from = associated(&payer.pubkey(), &mint, &program)?;
    let data = rpc.get_account_data(&mint).map_err(|e| e.to_string())?;
    // The base mint layout: decimals at byte 44.
    let decimals = *data.get(44).ok_or("the mint is too short")?;
    let ix = token_ix::transfer_checked(
        &program,
        &from,
        &mint,
        &to,
        &payer.pubkey(),
        &[],
        o.num("amount")?,
        decimals,
    )
    .map_err(|e| e.to_string())?;
    send(&rpc, &payer, &[], &[ix])?;
    println!("{from} -> {to}");
    Ok(())
}

fn time_travel(o: &Opts) -> Result<()> {
    let result = time_travel_by(&o.rpc()?, o.num("seconds")?)?;
    println!("{result}");
    Ok(())
}

/// The node's clock (`Clock::unix_timestamp`).
pub(crate) fn node_time(rpc: &RpcClient) -> Result<i64> {
    let clock = rpc
        .get_account_data(&key(CLOCK_SYSVAR)?)
        .map_err(|e| e.to_string())?;
    // Clock: slot, epoch_start_timestamp, epoch, leader_schedule_epoch, unix_timestamp.
    let now: [u8; 8] = clock
        .get(32..40)
        .and_then(|b| b.try_into().ok())
        .ok_or("bad clock")?;
    Ok(i64::from_le_bytes(now))
}

/// Moves the node's clock `seconds` forward (surfpool's `surfnet_timeTravel`).
pub(crate) fn time_travel_by(rpc: &RpcClient, seconds: u64) -> Result<serde_json::Value> {
    use solana_rpc_client_api::request::RpcRequest;
    let seconds = i64::try_from(seconds).map_err(|_| "too many seconds")?;
    let target_ms = node_time(rpc)?
        .checked_add(seconds)
        .and_then(|t| t.checked_mul(1_000))
        .ok_or("the clock would overflow")?;
    rpc.send(
        RpcRequest::Custom {
            method: "surfnet_timeTravel",
        },
        serde_json::json!([{ "absoluteTimestamp": target_ms }]),
    )
    .map_err(|e| e.to_string())
}

fn keygen(o: &Opts) -> Result<()> {
    let path = o.get("outfile")?;
    let keypair = Keypair::new();
    write_keypair_file(&keypair, path).map_err(|e| format!("writing {path}: {e}"))?;
    println!("{}", keypair.pubkey());
    Ok(())
}

/// Runs a helper subcommand, if `args[0]` names one.
pub fn run(args: &[String]) -> Option<Result<()>> {
    let (command, rest) = args.split_first()?;
    let f: fn(&Opts) -> Result<()> = match command.as_str() {
        "keygen" => keygen,
        "mint" => mint,
        "fund" => fund,
        "transfer" => transfer,
        "time-travel" => time_travel,
        "create-market" => crate::exchange::create_market_command,
        "trade" => crate::exchange::trade_command,
        "exchange-loop" => crate::exchange_loop::run,
        _ => return None,
    };
    Some(Opts::parse(rest).and_then(|o| f(&o)))
}
