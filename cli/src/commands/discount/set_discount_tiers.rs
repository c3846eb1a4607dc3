//! `fee-router set-discount-tiers` (and `propose ... set-discount-tiers`).
use anchor_lang::prelude::Pubkey;
use anyhow::{bail, Result};
use fee_router::config::GovernedAction;
use fee_router::state::{DiscountTiers, RebateTier, MAX_TIERS};

use super::rebates;
use crate::config::GlobalArgs;
use crate::context::{AuthorityArgs, Context};

#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub auth: AuthorityArgs,
    #[command(flatten)]
    pub action: Action,
}

/// A tier on the command line: `MIN_STAKE:BPS` (base units and basis points).
pub fn parse_tier(s: &str) -> std::result::Result<RebateTier, String> {
    let (min, bps) = s
        .split_once(':')
        .ok_or_else(|| format!("{s:?}: write a tier as MIN_STAKE:BPS, e.g. 1000000000:500"))?;
    let parse = |v: &str| v.replace('_', "").parse::<u64>();
    Ok(RebateTier {
        min_stake: parse(min).map_err(|e| format!("{min:?}: {e}"))?,
        rebate_bps: parse(bps).map_err(|e| format!("{bps:?}: {e}"))?,
    })
}

/// Discount tiers on the command line.
#[derive(clap::Args, Clone, Debug)]
pub struct Action {
    /// Seconds stake must be active before it counts (default: as now).
    #[arg(long)]
    pub warmup_seconds: Option<u64>,
    /// The tiers, lowest first, as MIN_STAKE:BPS (protocol base units : basis points); up to
    /// eight. Omit to keep the current tiers.
    #[arg(long = "tier", value_parser = parse_tier)]
    pub tiers: Vec<RebateTier>,
    /// Remove every tier (rebates then pay nothing).
    #[arg(long, conflicts_with = "tiers")]
    pub no_tiers: bool,
}

impl Action {
    pub fn over(&self, current: DiscountTiers) -> Result<DiscountTiers> {
        if self.tiers.len() > MAX_TIERS {
            bail!("at most {MAX_TIERS} tiers");
        }
        let mut t = current;
        t.warmup_seconds = self.warmup_seconds.unwrap_or(current.warmup_seconds);
        if self.no_tiers || !self.tiers.is_empty() {
            t.tiers = [RebateTier::default(); MAX_TIERS];
            for (slot, tier) in t.tiers.iter_mut().zip(&self.tiers) {
                *slot = *tier;
            }
        }
        if !t.is_sane() {
            bail!(
                "out of bounds: thresholds of at least 1 strictly ascending, shares of 1 to 10000 \
                 bps never falling, a warm-up of at most 30 days"
            );
        }
        Ok(t)
    }

    /// The tiers given over `router`'s current ones.
    pub fn action(&self, ctx: &Context, router: &Pubkey) -> Result<GovernedAction> {
        Ok(GovernedAction::SetDiscountTiers {
            tiers: self.over(rebates(ctx, router)?.tiers)?,
        })
    }
}

pub fn run(a: Args, global: &GlobalArgs) -> Result<()> {
    let ctx = Context::new(global)?;
    let action = a.action.action(&ctx, &a.auth.router)?;
    a.auth.apply(&ctx, action, None)
}
