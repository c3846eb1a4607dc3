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
//! ```
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

type Result<T> = std::result::Result<T, String>;

fn key(s: &str) -> Result<Pubkey> {
    Pubkey::from_str(s).map_err(|_| format!("{s} is not a public key"))
}

struct Opts(HashMap<String, String>);

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
    fn get(&self, name: &str) -> Result<&str> {
        self.0
            .get(name)
            .map(String::as_str)
            .ok_or_else(|| format!("--{name} is required"))
    }
    fn num(&self, name: &str) -> Result<u64> {
        self.get(name)?
            .parse()
            .map_err(|_| format!("--{name} must be a number"))
    }
    fn has(&self, name: &str) -> bool {
        self.0.contains_key(name)
    }
    fn rpc(&self) -> Result<RpcClient> {
        Ok(RpcClient::new_with_commitment(
            self.get("url")?.to_string(),
            CommitmentConfig::confirmed(),
        ))
    }
    fn keypair(&self) -> Result<Keypair> {
        let path = self.get("keypair")?;
        read_keypair_file(path).map_err(|e| format!("cannot read keypair {path}: {e}"))
    }
}

fn send(
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

fn associated(owner: &Pubkey, mint: &Pubkey, token_program: &Pubkey) -> Result<Pubkey> {
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

fn token_program_of(rpc: &RpcClient, mint: &Pubkey) -> Result<Pubkey> {
    rpc.get_account(mint)
        .map(|a| a.owner)
        .map_err(|e| format!("fetching mint {mint}: {e}"))
}

fn mint(o: &Opts) -> Result<()> {
    let rpc = o.rpc()?;
    let payer = o.keypair()?;
    let mint = Keypair::new();
    let fee_bps =
        o.0.get("transfer-fee-bps")
            .map(|v| v.parse::<u16>())
            .transpose()
            .map_err(|_| "--transfer-fee-bps must be a number".to_string())?;
    let program = key(if o.has("token-2022") || fee_bps.is_some() {
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
        token_ix::initialize_mint2(
            &program,
            &mint.pubkey(),
            &payer.pubkey(),
            None,
            o.num("decimals")? as u8,
        )
        .map_err(|e| e.to_string())?,
    );
    send(&rpc, &payer, &[&mint], &ixs)?;
    println!("{}", mint.pubkey());
    Ok(())
}

fn fund(o: &Opts) -> Result<()> {
    let rpc = o.rpc()?;
    let payer = o.keypair()?;
    let mint = key(o.get("mint")?)?;
    let owner = key(o.get("owner")?)?;
    let program = token_program_of(&rpc, &mint)?;
    let account = associated(&owner, &mint, &program)?;
    let mut ixs = vec![create_associated(&payer.pubkey(), &owner, &mint, &program)?];
    let amount = o.num("amount")?;
    if amount > 0 {
        ixs.push(
            token_ix::mint_to(&program, &mint, &account, &payer.pubkey(), &[], amount)
                .map_err(|e| e.to_string())?,
        );
    }
    send(&rpc, &payer, &[], &ixs)?;
    println!("{account}");
    Ok(())
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
    use solana_rpc_client_api::request::RpcRequest;
    let rpc = o.rpc()?;
    let clock = rpc
        .get_account_data(&key(CLOCK_SYSVAR)?)
        .map_err(|e| e.to_string())?;
    // Clock: slot, epoch_start_timestamp, epoch, leader_schedule_epoch, unix_timestamp.
    let now: [u8; 8] = clock
        .get(32..40)
        .and_then(|b| b.try_into().ok())
        .ok_or("bad clock")?;
    let now = i64::from_le_bytes(now);
    let target_ms = (now + o.num("seconds")? as i64) * 1_000;
    let result: serde_json::Value = rpc
        .send(
            RpcRequest::Custom {
                method: "surfnet_timeTravel",
            },
            serde_json::json!([{ "absoluteTimestamp": target_ms }]),
        )
        .map_err(|e| e.to_string())?;
    println!("{result}");
    Ok(())
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
        _ => return None,
    };
    Some(Opts::parse(rest).and_then(|o| f(&o)))
}
