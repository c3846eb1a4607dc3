//! `fee-router set-discount-tiers` (and `propose ... set-discount-tiers`).
use anchor_lang::prelude::Pubkey;
use anyhow::{bail, Result};
use fee_router::config::GovernedAction;
use fee_router::state::{DiscountTiers, RebateTier, MAX_TIERS};

use super::rebates;
use crate::config::GlobalArgs;
use crate::context::{AuthorityArgs, Context, MintSide};
use crate::units::Amount;

#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub auth: AuthorityArgs,
    #[command(flatten)]
    pub action: Action,
}

/// A tier as typed: the stake it needs (protocol tokens, or base units with --base-units)
/// and its rebate in basis points.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TierArg {
    pub min_stake: Amount,
    pub rebate_bps: u64,
}

/// A tier on the command line: `MIN_STAKE:BPS` (`1000:500`: 1,000 tokens staked, 5%).
pub fn parse_tier(s: &str) -> std::result::Result<TierArg, String> {
    let (min, bps) = s
        .split_once(':')
        .ok_or_else(|| format!("{s:?}: write a tier as MIN_STAKE:BPS, e.g. 1000:500"))?;
    Ok(TierArg {
        min_stake: min.parse().map_err(|e| format!("{e}"))?,
        rebate_bps: bps
            .replace('_', "")
            .parse()
            .map_err(|e| format!("{bps:?}: {e}"))?,
    })
}

/// Discount tiers on the command line.
#[derive(clap::Args, Clone, Debug)]
pub struct Action {
    /// Seconds stake must be active before it counts (default: as now).
    #[arg(long)]
    pub warmup_seconds: Option<u64>,
    /// The tiers, lowest first, as MIN_STAKE:BPS (protocol tokens, or base units with
    /// --base-units : basis points); up to eight. Omit to keep the current tiers.
    #[arg(long = "tier", value_parser = parse_tier)]
    pub tiers: Vec<TierArg>,
    /// Remove every tier (rebates then pay nothing).
    #[arg(long, conflicts_with = "tiers")]
    pub no_tiers: bool,
}

impl Action {
    /// The tiers given over `current`; `tiers` are the typed ones in base units.
    pub fn over(&self, current: DiscountTiers, tiers: &[RebateTier]) -> Result<DiscountTiers> {
        if self.tiers.len() > MAX_TIERS {
            bail!("at most {MAX_TIERS} tiers");
        }
        let mut t = current;
        t.warmup_seconds = self.warmup_seconds.unwrap_or(current.warmup_seconds);
        if self.no_tiers || !tiers.is_empty() {
            t.tiers = [RebateTier::default(); MAX_TIERS];
            for (slot, tier) in t.tiers.iter_mut().zip(tiers) {
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
        let tiers = self
            .tiers
            .iter()
            .map(|t| {
                Ok(RebateTier {
                    min_stake: ctx.router_amount(
                        router,
                        MintSide::Protocol,
                        t.min_stake,
                        "--tier",
                    )?,
                    rebate_bps: t.rebate_bps,
                })
            })
            .collect::<Result<Vec<_>>>()?;
        Ok(GovernedAction::SetDiscountTiers {
            tiers: self.over(rebates(ctx, router)?.tiers, &tiers)?,
        })
    }
}

pub fn run(a: Args, global: &GlobalArgs) -> Result<()> {
    let ctx = Context::new(global)?;
    let action = a.action.action(&ctx, &a.auth.router)?;
    a.auth.apply(&ctx, action, None)
}
