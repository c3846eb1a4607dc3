use anchor_lang::prelude::Pubkey;
use anyhow::{bail, Result};
use fee_router::state::mint_powers::power_names;
use fee_router_sdk::ix;
use solana_signer::Signer;

use crate::config::GlobalArgs;
use crate::context::{Context, Fact};

#[derive(clap::Args)]
pub struct Args {
    /// The mint fees are paid in.
    #[arg(long)]
    pub fee_mint: Pubkey,
    /// The protocol token.
    #[arg(long)]
    pub protocol_mint: Pubkey,
    /// The authority (default: the keypair).
    #[arg(long)]
    pub authority: Option<Pubkey>,
    /// The guardian (default: the keypair).
    #[arg(long)]
    pub guardian: Option<Pubkey>,
    /// Issuer powers of the fee mint you accept (a regulated stablecoin's permanent delegate,
    /// pause authority, ...): exactly the ones the mint has. The command lists them if missing.
    #[arg(long, value_delimiter = ',', value_enum)]
    pub acknowledge: Vec<crate::commands::PowerArg>,
    /// The exchange's shortfall account (a fee-mint token account), where insurance pays out
    /// (default: none yet; register one later with `set-shortfall-account`).
    #[arg(long)]
    pub shortfall_account: Option<Pubkey>,
}

pub fn run(a: Args, global: &GlobalArgs) -> Result<()> {
    let ctx = Context::new(global)?;
    let creator = ctx.signer()?.pubkey();
    let acknowledged = a.acknowledge.iter().fold(0, |acc, p| acc | p.bit());
    let powers = ctx.mint_profile(&a.fee_mint)?.powers;
    if powers != acknowledged {
        bail!(
            "the fee mint {} has issuer powers [{}]; a router trusts them only when its creator \
             acknowledges exactly those: pass --acknowledge {}",
            a.fee_mint,
            power_names(powers).join(", "),
            if powers == 0 {
                "(nothing)".to_string()
            } else {
                power_names(powers).join(",")
            }
        );
    }
    let init = ix::InitializeRouter {
        creator,
        fee_mint: a.fee_mint,
        protocol_mint: a.protocol_mint,
        fee_token_program: ctx.token_program_of(&a.fee_mint)?,
        protocol_token_program: ctx.token_program_of(&a.protocol_mint)?,
        authority: a.authority.unwrap_or(creator),
        guardian: a.guardian.unwrap_or(creator),
        acknowledged_fee_mint_powers: acknowledged,
        shortfall_account: a.shortfall_account.unwrap_or_default(),
    };
    let router = init.router();
    if ctx.account_exists(&router)? {
        bail!(
            "a router for these mints and this creator already exists at {router}: see it with \
             `fee-router show --router {router}`"
        );
    }
    if let Some(shortfall) = a.shortfall_account {
        ctx.check_registrable(
            &shortfall,
            &init.fee_mint,
            &init.fee_token_program,
            &router,
            "shortfall account",
        )?;
    }
    ctx.send_reporting(
        &[init.instruction()],
        &[],
        &[Fact {
            label: Some("Router".into()),
            key: "router",
            value: router.to_string().into(),
        }],
    )
}
