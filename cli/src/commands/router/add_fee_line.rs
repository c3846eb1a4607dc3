//! `fee-router add-fee-line`: a fresh router of the pool's creator and protocol mint joins the
//! pool as a fee line (the pool's and the line's authorities sign; the same key when one
//! authority holds both, as a multisig vault does with `--unsigned`).
use anchor_lang::prelude::Pubkey;
use anyhow::{bail, Result};
use fee_router_sdk::ix;

use crate::config::GlobalArgs;
use crate::context::{AuthorityArgs, Context};

#[derive(clap::Args)]
pub struct Args {
    /// `--router` is the stake pool.
    #[command(flatten)]
    pub auth: AuthorityArgs,
    /// The router that becomes the pool's next fee line.
    #[arg(long)]
    pub line: Pubkey,
    /// The line's authority, when it is not the pool's.
    #[arg(long)]
    pub line_authority: Option<Pubkey>,
}

pub fn run(a: Args, global: &GlobalArgs) -> Result<()> {
    let ctx = Context::new(global)?;
    if !a.auth.unsigned {
        use solana_signer::Signer;
        let signer = ctx.signer()?.pubkey();
        if let Some(l) = a.line_authority.filter(|l| *l != signer) {
            bail!("the keypair is not the line's authority {l}: both authorities sign (use --unsigned for a multisig)");
        }
        // Said in words before sending; the program refuses them too.
        let pool = ctx.router(&a.auth.router)?;
        let line = ctx.router(&a.line)?;
        if pool.is_line() {
            bail!(
                "router {} is itself a fee line of {}: add lines to that pool",
                a.auth.router,
                pool.pool
            );
        }
        if line.protocol_mint != pool.protocol_mint || line.creator != pool.creator {
            bail!(
                "router {} has another protocol mint or creator than the pool {}: a pool's lines are routers of its creator and protocol mint",
                a.line,
                a.auth.router
            );
        }
    }
    let pool = a.auth.router;
    let line = a.line;
    let line_authority = a.line_authority;
    a.auth.submit(&ctx, |authority| {
        let line_authority = line_authority.unwrap_or(*authority);
        ix::add_fee_line(&pool, &line, authority, &line_authority)
    })
}
