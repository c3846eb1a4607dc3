use anchor_lang::prelude::Pubkey;
use anyhow::{Context as _, Result};
use fee_router::state::Router;
use fee_router_sdk::pda;
use solana_signer::Signer;

use crate::config::GlobalArgs;
use crate::context::Context;
use crate::migrate::{plan, router_address, DeployConfig, LineOnChain, OnChain};

#[derive(clap::Args)]
pub struct Args {
    /// The deploy config (see migrations/example.toml). Not `--config`: that is the global
    /// Solana CLI config file (`-C`).
    #[arg(long, value_name = "FILE")]
    pub deploy_config: String,
    /// Print the plan without sending it.
    #[arg(long)]
    pub dry_run: bool,
}

pub fn run(a: Args, global: &GlobalArgs) -> Result<()> {
    let text = std::fs::read_to_string(&a.deploy_config)
        .with_context(|| format!("reading {}", a.deploy_config))?;
    let config = DeployConfig::parse(&text)?;
    let ctx = Context::new(global)?;
    let deployer = ctx.signer()?.pubkey();
    let address = router_address(&config, &deployer);
    // A node that does not answer is an error, not a router to create.
    let router: Option<Router> = if ctx.account_exists(&address)? {
        Some(ctx.router(&address)?)
    } else {
        None
    };
    let (rebates, insurance_fund) = match router {
        Some(_) => (
            Some(ctx.anchor_account(&pda::rebates(&address), "rebates account")?),
            Some(ctx.anchor_account(&pda::insurance_fund(&address), "insurance fund")?),
        ),
        None => (None, None),
    };
    let mut lines = vec![];
    for l in &config.fee_lines {
        let key = pda::router(&deployer, &l.fee_mint, &config.protocol_mint);
        let router = match ctx.account_exists(&key)? {
            true => Some(ctx.router(&key)?),
            false => None,
        };
        lines.push(LineOnChain {
            router,
            fee_token_program: ctx.token_program_of(&l.fee_mint)?,
        });
    }
    let chain = OnChain {
        lines,
        router,
        rebates,
        insurance_fund,
        fee_token_program: ctx.token_program_of(&config.fee_mint)?,
        protocol_token_program: ctx.token_program_of(&config.protocol_mint)?,
        protocol_decimals: ctx.mint_decimals(&config.protocol_mint)?,
    };
    if let Some(shortfall) = config.shortfall_account.filter(|k| *k != Pubkey::default()) {
        ctx.check_registrable(
            &shortfall,
            &config.fee_mint,
            &chain.fee_token_program,
            &address,
            "shortfall account",
        )?;
    }
    let steps = plan(&config, &chain, &deployer)?;
    println!("Router {address}: {} step(s)", steps.len());
    for step in &steps {
        println!("- {}", step.description);
        if !a.dry_run {
            ctx.send(std::slice::from_ref(&step.instruction), &[])?;
        }
    }
    Ok(())
}
