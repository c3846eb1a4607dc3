//! `fee-router markets`: a router's markets, each with its fees, discounts and what its
//! account holds.
use anchor_lang::prelude::Pubkey;
use anchor_lang::AccountDeserialize;
use anyhow::Result;
use fee_router::state::MarketFees;
use serde::Serialize;

use crate::config::GlobalArgs;
use crate::context::{Context, MintSide};
use crate::output::to_json;
use crate::units::Units;

#[derive(clap::Args)]
pub struct Args {
    #[arg(long)]
    pub router: Pubkey,
}

/// One market, in fee base units.
#[derive(Serialize, Debug, PartialEq, Eq)]
pub struct MarketReport {
    pub market: String,
    pub authority: String,
    /// The market's fee token account: trades (and plain transfers) pay into it.
    pub token_account: String,
    pub trades: u64,
    pub charged: String,
    pub discounts: String,
    pub unfunded_discounts: String,
    pub swept: String,
    pub direct: String,
    pub pending: u64,
    pub allowance: u64,
}

/// Byte offset of `MarketFees::router` in the account (after the discriminator, three bumps
/// and decimals, and padding).
const ROUTER_OFFSET: usize = 16;

/// The router's markets, by their accounts' addresses.
pub fn markets(ctx: &Context, router: &Pubkey) -> Result<Vec<(Pubkey, MarketFees)>> {
    use solana_rpc_client::api::config::{RpcAccountInfoConfig, RpcProgramAccountsConfig};
    use solana_rpc_client::api::filter::{Memcmp, RpcFilterType};
    let config = RpcProgramAccountsConfig {
        filters: Some(vec![
            RpcFilterType::DataSize(MarketFees::SIZE as u64),
            RpcFilterType::Memcmp(Memcmp::new_base58_encoded(ROUTER_OFFSET, router.as_ref())),
        ]),
        account_config: RpcAccountInfoConfig {
            encoding: Some(solana_account_decoder_client_types::UiAccountEncoding::Base64),
            ..RpcAccountInfoConfig::default()
        },
        ..RpcProgramAccountsConfig::default()
    };
    let accounts = ctx
        .rpc
        .get_program_ui_accounts_with_config(&fee_router::ID, config)
        .map_err(|e| ctx.rpc_error(e, &format!("listing the markets of {router}")))?;
    let mut out = vec![];
    for (key, account) in accounts {
        let data = account.data.decode().unwrap_or_default();
        if let Ok(m) = MarketFees::try_deserialize(&mut data.as_slice()) {
            out.push((key, m));
        }
    }
    out.sort_by_key(|(key, _)| *key);
    Ok(out)
}

/// The router's markets as reported (fee base units).
pub fn reports(ctx: &Context, router: &Pubkey) -> Result<Vec<MarketReport>> {
    Ok(markets(ctx, router)?
        .into_iter()
        .map(|(key, m)| MarketReport {
            market: key.to_string(),
            authority: m.authority.to_string(),
            token_account: m.token_account.to_string(),
            trades: m.totals.trades,
            charged: m.totals.charged.get().to_string(),
            discounts: m.totals.discounts.get().to_string(),
            unfunded_discounts: m.totals.unfunded.get().to_string(),
            swept: m.totals.swept.get().to_string(),
            direct: m.totals.direct.get().to_string(),
            pending: m.pending,
            allowance: m.allowance,
        })
        .collect())
}

/// One line per market, amounts in the fee mint's units.
pub fn lines(reports: &[MarketReport], fee: &Units) -> String {
    let mut out = String::new();
    for m in reports {
        out.push_str(&format!(
            "{}  authority {}  token account {}  trades {}  charged {}  discounts {} (unfunded {})  swept {} (direct {})  pending {}  allowance {}\n",
            m.market,
            m.authority,
            m.token_account,
            m.trades,
            fee.show_total(&m.charged),
            fee.show_total(&m.discounts),
            fee.show_total(&m.unfunded_discounts),
            fee.show_total(&m.swept),
            fee.show_total(&m.direct),
            fee.show(m.pending),
            fee.show(m.allowance)
        ));
    }
    out
}

pub fn run(a: Args, global: &GlobalArgs) -> Result<()> {
    let ctx = Context::new(global)?;
    let router = ctx.router(&a.router)?;
    let reports = reports(&ctx, &a.router)?;
    if ctx.json {
        println!("{}", to_json(&reports)?);
        return Ok(());
    }
    if reports.is_empty() {
        println!("Router {} has no markets", a.router);
        return Ok(());
    }
    print!("{}", lines(&reports, &ctx.units(&router, MintSide::Fee)?));
    Ok(())
}
