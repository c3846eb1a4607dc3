//! A client of the example exchange (`programs/example_exchange`) for the local node: its
//! market's address and account, `create_market`, and a trade at source (`swap_at_source`:
//! the fee charged into the market's fee account in fee-router, net of the trader's
//! stake-tiered discount). The instructions' discriminators are read from the committed IDL
//! (`idl/example_exchange.json`), so this client and the program cannot drift apart unseen.
use std::path::PathBuf;

use solana_instruction::{AccountMeta, Instruction};
use solana_keypair::Keypair;
use solana_pubkey::Pubkey;
use solana_rpc_client::rpc_client::RpcClient;
use solana_signer::Signer;

use crate::tools::{associated, key, send, token_program_of, Opts, Result};

/// The example exchange's program id (its `declare_id!`).
pub const EXCHANGE_ID: &str = "F2YJDCGSbDEXEdTNQKbTtwYsVXpQ5C32jqwcmECdApgh";
/// fee-router's program id.
pub const FEE_ROUTER_ID: &str = crate::PROGRAM_ID;
/// Scale of a market's price: quote base units per base base unit, times 1e9.
pub const PRICE_SCALE: u64 = 1_000_000_000;
const SYSTEM_PROGRAM: &str = "11111111111111111111111111111111";

/// The committed IDL of the example exchange.
fn idl_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../idl/example_exchange.json")
}

/// The discriminator of the exchange's instruction `name`, from the IDL.
fn discriminator(name: &str) -> Result<Vec<u8>> {
    let path = idl_path();
    let text =
        std::fs::read_to_string(&path).map_err(|e| format!("reading {}: {e}", path.display()))?;
    let idl: serde_json::Value = serde_json::from_str(&text).map_err(|e| e.to_string())?;
    let ix = idl["instructions"]
        .as_array()
        .and_then(|all| all.iter().find(|i| i["name"] == name))
        .ok_or_else(|| format!("no instruction {name} in the example exchange's IDL"))?;
    ix["discriminator"]
        .as_array()
        .ok_or("an instruction without a discriminator")?
        .iter()
        .map(|b| {
            b.as_u64()
                .and_then(|b| u8::try_from(b).ok())
                .ok_or_else(|| "a discriminator byte out of range".to_string())
        })
        .collect()
}

fn exchange_id() -> Result<Pubkey> {
    key(EXCHANGE_ID)
}

fn fee_router_id() -> Result<Pubkey> {
    key(FEE_ROUTER_ID)
}

/// A market's PDA: `["market", router, base_mint]` of the exchange.
pub fn market_address(router: &Pubkey, base_mint: &Pubkey) -> Result<Pubkey> {
    Ok(Pubkey::find_program_address(
        &[b"market", router.as_ref(), base_mint.as_ref()],
        &exchange_id()?,
    )
    .0)
}

fn market_vault(seed: &[u8], market: &Pubkey) -> Result<Pubkey> {
    Ok(Pubkey::find_program_address(&[seed, market.as_ref()], &exchange_id()?).0)
}

/// A trader's stake position in fee-router: `["position", router, owner]`.
pub fn position_address(router: &Pubkey, owner: &Pubkey) -> Result<Pubkey> {
    Ok(Pubkey::find_program_address(
        &[b"position", router.as_ref(), owner.as_ref()],
        &fee_router_id()?,
    )
    .0)
}

/// The exchange's `Market` account, as stored (Anchor: an 8-byte discriminator, then borsh).
#[derive(Clone, Debug)]
pub struct Market {
    pub address: Pubkey,
    pub router: Pubkey,
    pub base_mint: Pubkey,
    pub quote_mint: Pubkey,
    pub base_vault: Pubkey,
    pub quote_vault: Pubkey,
    pub price: u64,
    pub fee_bps: u64,
    pub fees_charged: u64,
    /// The market's fee account in fee-router.
    pub router_market_fees: Pubkey,
}

fn pubkey_at(data: &[u8], at: usize) -> Result<Pubkey> {
    let bytes: [u8; 32] = data
        .get(at..at + 32)
        .and_then(|b| b.try_into().ok())
        .ok_or("the market account is too short")?;
    Ok(Pubkey::new_from_array(bytes))
}

fn u64_at(data: &[u8], at: usize) -> Result<u64> {
    let bytes: [u8; 8] = data
        .get(at..at + 8)
        .and_then(|b| b.try_into().ok())
        .ok_or("the market account is too short")?;
    Ok(u64::from_le_bytes(bytes))
}

impl Market {
    pub fn fetch(rpc: &RpcClient, address: &Pubkey) -> Result<Market> {
        let account = rpc
            .get_account(address)
            .map_err(|e| format!("fetching market {address}: {e}"))?;
        if account.owner != exchange_id()? {
            return Err(format!("{address} is not an example-exchange market"));
        }
        let d = &account.data;
        // discriminator 8, bump 1, then five keys, three u64s and a key.
        Ok(Market {
            address: *address,
            router: pubkey_at(d, 9)?,
            base_mint: pubkey_at(d, 41)?,
            quote_mint: pubkey_at(d, 73)?,
            base_vault: pubkey_at(d, 105)?,
            quote_vault: pubkey_at(d, 137)?,
            price: u64_at(d, 169)?,
            fee_bps: u64_at(d, 177)?,
            fees_charged: u64_at(d, 185)?,
            router_market_fees: pubkey_at(d, 193)?,
        })
    }

    /// The quote of a trade of `base_amount`: rounded up on a buy, down on a sell (the
    /// market's favour), as the program computes it.
    pub fn quote(&self, buy: bool, base_amount: u64) -> Result<u64> {
        let product = u128::from(base_amount) * u128::from(self.price);
        let scale = u128::from(PRICE_SCALE);
        let quote = if buy {
            product.div_ceil(scale)
        } else {
            product / scale
        };
        u64::try_from(quote).map_err(|_| "the quote overflows".to_string())
    }
}

/// `create_market`: a market for `base_mint` against the router's fee mint (`quote_mint`).
#[allow(clippy::too_many_arguments)]
pub fn create_market_ix(
    rpc: &RpcClient,
    admin: &Pubkey,
    router: &Pubkey,
    base_mint: &Pubkey,
    quote_mint: &Pubkey,
    price: u64,
    fee_bps: u64,
) -> Result<(Pubkey, Instruction)> {
    let market = market_address(router, base_mint)?;
    let mut data = discriminator("create_market")?;
    data.extend_from_slice(&price.to_le_bytes());
    data.extend_from_slice(&fee_bps.to_le_bytes());
    let ix = Instruction {
        program_id: exchange_id()?,
        accounts: vec![
            AccountMeta::new(*admin, true),
            AccountMeta::new_readonly(*router, false),
            AccountMeta::new(market, false),
            AccountMeta::new_readonly(*base_mint, false),
            AccountMeta::new_readonly(*quote_mint, false),
            AccountMeta::new(market_vault(b"base", &market)?, false),
            AccountMeta::new(market_vault(b"quote", &market)?, false),
            AccountMeta::new_readonly(token_program_of(rpc, base_mint)?, false),
            AccountMeta::new_readonly(token_program_of(rpc, quote_mint)?, false),
            AccountMeta::new_readonly(key(SYSTEM_PROGRAM)?, false),
        ],
        data,
    };
    Ok((market, ix))
}

/// `swap_at_source` by `trader` on `m`: `base_amount` bought (`buy`) or sold at exactly the
/// market's quote, the trader's position passed when it has one (the discount needs it).
pub fn swap_ix(
    rpc: &RpcClient,
    m: &Market,
    trader: &Pubkey,
    buy: bool,
    base_amount: u64,
) -> Result<Instruction> {
    let base_program = token_program_of(rpc, &m.base_mint)?;
    let quote_program = token_program_of(rpc, &m.quote_mint)?;
    let router_id = fee_router_id()?;
    let market_token = Pubkey::find_program_address(
        &[b"vault", m.router_market_fees.as_ref(), b"market"],
        &router_id,
    )
    .0;
    let rebates = Pubkey::find_program_address(&[b"rebates", m.router.as_ref()], &router_id).0;
    let position = position_address(&m.router, trader)?;
    let has_position = rpc
        .get_account_with_commitment(&position, rpc.commitment())
        .map_err(|e| e.to_string())?
        .value
        .is_some();
    let mut data = discriminator("swap_at_source")?;
    data.push(if buy { 0 } else { 1 });
    data.extend_from_slice(&base_amount.to_le_bytes());
    data.extend_from_slice(&m.quote(buy, base_amount)?.to_le_bytes());
    Ok(Instruction {
        program_id: exchange_id()?,
        accounts: vec![
            AccountMeta::new_readonly(*trader, true),
            AccountMeta::new(m.address, false),
            AccountMeta::new(associated(trader, &m.base_mint, &base_program)?, false),
            AccountMeta::new(associated(trader, &m.quote_mint, &quote_program)?, false),
            AccountMeta::new(m.base_vault, false),
            AccountMeta::new(m.quote_vault, false),
            AccountMeta::new_readonly(m.base_mint, false),
            AccountMeta::new_readonly(m.quote_mint, false),
            AccountMeta::new_readonly(base_program, false),
            AccountMeta::new_readonly(quote_program, false),
            AccountMeta::new_readonly(router_id, false),
            AccountMeta::new(m.router_market_fees, false),
            AccountMeta::new(market_token, false),
            AccountMeta::new_readonly(rebates, false),
            // Anchor's optional account: the program's own id stands for "none".
            AccountMeta::new_readonly(
                if has_position {
                    position
                } else {
                    exchange_id()?
                },
                false,
            ),
        ],
        data,
    })
}

/// Trades `legs` (market, buy, base amount) in one transaction signed and paid by `trader`.
pub fn trade(rpc: &RpcClient, trader: &Keypair, legs: &[(&Market, bool, u64)]) -> Result<()> {
    let ixs = legs
        .iter()
        .map(|&(m, buy, amount)| swap_ix(rpc, m, &trader.pubkey(), buy, amount))
        .collect::<Result<Vec<_>>>()?;
    send(rpc, trader, &[], &ixs)
}

fn side(o: &Opts) -> Result<bool> {
    match o.get("side")? {
        "buy" => Ok(true),
        "sell" => Ok(false),
        other => Err(format!("--side must be buy or sell, not {other}")),
    }
}

/// `create-market`: prints the market's address.
pub fn create_market_command(o: &Opts) -> Result<()> {
    let rpc = o.rpc()?;
    let admin = o.keypair()?;
    let (market, ix) = create_market_ix(
        &rpc,
        &admin.pubkey(),
        &key(o.get("router")?)?,
        &key(o.get("base-mint")?)?,
        &key(o.get("quote-mint")?)?,
        o.num("price")?,
        o.num("fee-bps")?,
    )?;
    send(&rpc, &admin, &[], &[ix])?;
    println!("{market}");
    Ok(())
}

/// `trade`: one trade at source by the keypair; prints the market's fees charged after it
/// and its fee rate.
pub fn trade_command(o: &Opts) -> Result<()> {
    let rpc = o.rpc()?;
    let trader = o.keypair()?;
    let m = Market::fetch(&rpc, &key(o.get("market")?)?)?;
    trade(&rpc, &trader, &[(&m, side(o)?, o.num("base-amount")?)])?;
    let after = Market::fetch(&rpc, &m.address)?;
    println!(
        "{} charged in fees at {} bps",
        after.fees_charged, after.fee_bps
    );
    Ok(())
}
