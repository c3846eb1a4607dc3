use anyhow::Result;
use fee_router_sdk::ix;

use crate::config::GlobalArgs;
use crate::context::{AuthorityArgs, Context};

#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub auth: AuthorityArgs,
    /// Trailing 30-day fees (fee-token base units) the Early stage requires; 0 is no gate.
    #[arg(long, default_value_t = 0)]
    pub early: u64,
    /// ... the Growth stage requires.
    #[arg(long, default_value_t = 0)]
    pub growth: u64,
    /// ... the Mature stage requires.
    #[arg(long, default_value_t = 0)]
    pub mature: u64,
}

pub fn run(a: Args, global: &GlobalArgs) -> Result<()> {
    let ctx = Context::new(global)?;
    let gates = [a.early, a.growth, a.mature];
    a.auth.submit(&ctx, |authority| {
        ix::set_stage_gates(&a.auth.router, authority, gates)
    })
}
