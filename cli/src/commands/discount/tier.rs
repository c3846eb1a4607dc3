//! `fee-router tier --trader T`: a trader's discount tier now and once the stake it holds has
//! warmed up, with the program's own rule (`fee_router::math::rebate::warmed_stake`): stake
//! counts for a tier once it has been active for the whole warm-up.
use anchor_lang::prelude::Pubkey;
use anyhow::{anyhow, Result};
use fee_router::math::rebate::warmed_stake;
use fee_router::state::{DiscountTiers, StakePosition};
use serde::Serialize;

use super::rebates;
use crate::config::GlobalArgs;
use crate::context::{Context, MintSide};
use crate::output::to_json;
use crate::units::{when, Units};

#[derive(clap::Args)]
pub struct Args {
    #[arg(long)]
    pub router: Pubkey,
    /// The trader (the owner of a stake position, if it has one).
    #[arg(long)]
    pub trader: Pubkey,
}

/// A tier and the discount it gives.
#[derive(Serialize, Debug, Clone, Copy, PartialEq, Eq)]
pub struct TierNow {
    /// 1 for the lowest tier; `null` when the stake reaches none.
    pub tier: Option<usize>,
    /// The share of a fee rebated (or discounted at a market), in basis points.
    pub rebate_bps: u64,
}

/// What `tier --trader` prints (base units and Unix seconds in JSON).
#[derive(Serialize, Debug, PartialEq, Eq)]
pub struct TraderTier {
    pub trader: String,
    /// Whether the trader has a stake position.
    pub has_position: bool,
    /// Active stake, in protocol base units.
    pub active: u64,
    /// The part of it that has warmed up and counts now.
    pub warmed: u64,
    pub now: TierNow,
    /// When the last of the active stake has warmed up (absent when all of it has).
    pub warmup_ends_at: Option<i64>,
    /// The tier then, if the stake stays as it is.
    pub after_warmup: TierNow,
}

fn tier_of(tiers: &DiscountTiers, stake: u64) -> TierNow {
    let rebate_bps = tiers.bps_for(stake);
    let tier = tiers
        .tiers
        .iter()
        .take_while(|t| t.min_stake > 0)
        .filter(|t| stake >= t.min_stake)
        .count();
    let tier = (tier > 0).then_some(tier);
    TierNow { tier, rebate_bps }
}

impl TraderTier {
    /// `trader`'s tier at Unix time `now` under `tiers`, from its position (if any).
    pub fn new(
        trader: &Pubkey,
        p: Option<&StakePosition>,
        tiers: &DiscountTiers,
        now: i64,
    ) -> Self {
        let active = p.map_or(0, |p| p.active);
        let warmed = p.map_or(0, |p| {
            warmed_stake(p.active, |t| p.added_since(t), now, tiers.warmup_seconds)
        });
        let warmup = i64::try_from(tiers.warmup_seconds).unwrap_or(i64::MAX);
        // The stake still warming up was added after `now - warmup`: it has all warmed up a
        // warm-up after the latest such addition.
        let warmup_ends_at = p
            .filter(|_| warmed < active)
            .and_then(|p| {
                p.recent
                    .iter()
                    .filter(|t| t.amount > 0 && t.at > now.saturating_sub(warmup))
                    .map(|t| t.at)
                    .max()
            })
            .map(|at| at.saturating_add(warmup));
        Self {
            trader: trader.to_string(),
            has_position: p.is_some(),
            active,
            warmed,
            now: tier_of(tiers, warmed),
            warmup_ends_at,
            after_warmup: tier_of(tiers, active),
        }
    }

    pub fn table(&self, protocol: Units, now: i64) -> String {
        let tier = |t: &TierNow| match t.tier {
            Some(n) => format!(
                "tier {n}: {:.2}% of each fee rebated or discounted",
                t.rebate_bps as f64 / 100.0
            ),
            None => "no tier: no discount".into(),
        };
        let mut rows = vec![
            ("Trader", self.trader.clone()),
            (
                "Stake",
                if self.has_position {
                    format!(
                        "{} active, {} warmed up",
                        protocol.show(self.active),
                        protocol.show(self.warmed)
                    )
                } else {
                    "no stake position".into()
                },
            ),
            ("Now", tier(&self.now)),
        ];
        match self.warmup_ends_at {
            Some(t) => rows.push((
                "Warm-up ends",
                format!("{}: {}", when(t, now), tier(&self.after_warmup)),
            )),
            None => rows.push(("Warm-up ends", "- (all active stake counts)".into())),
        }
        rows.into_iter()
            .map(|(k, v)| format!("{k:<13} {v}\n"))
            .collect()
    }
}

pub fn run(a: Args, global: &GlobalArgs) -> Result<()> {
    let ctx = Context::new(global)?;
    let r = ctx.router(&a.router)?;
    let tiers = rebates(&ctx, &a.router)?.tiers;
    let address = fee_router_sdk::pda::position(&a.router, &a.trader);
    let position = match ctx.fetch(&address, "stake position")? {
        Some(account) if account.owner == fee_router::ID => Some(
            anchor_lang::AccountDeserialize::try_deserialize(&mut account.data.as_slice())
                .map_err(|_| anyhow!("{address} is not a fee-router stake position"))?,
        ),
        Some(account) => {
            return Err(anyhow!(
                "{address} is not a fee-router stake position: it belongs to {}",
                account.owner
            ))
        }
        None => None,
    };
    let now = ctx.unix_time()?;
    let report = TraderTier::new(&a.trader, position.as_ref(), &tiers, now);
    if global.json {
        println!("{}", to_json(&report)?);
    } else {
        print!("{}", report.table(ctx.units(&r, MintSide::Protocol)?, now));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use bytemuck::Zeroable;
    use fee_router::state::{RebateTier, StakeTranche};

    fn tiers() -> DiscountTiers {
        let mut t = DiscountTiers::zeroed();
        t.warmup_seconds = 86_400;
        t.tiers[0] = RebateTier {
            min_stake: 100,
            rebate_bps: 500,
        };
        t.tiers[1] = RebateTier {
            min_stake: 1_000,
            rebate_bps: 1_000,
        };
        t
    }

    #[test]
    fn stake_counts_for_a_tier_once_warmed_up() {
        let now = 10_000_000;
        let mut p = StakePosition::zeroed();
        p.active = 1_500;
        // 500 staked two days ago (warm), 1,000 an hour ago (warming for 23 more hours).
        p.recent[0] = StakeTranche {
            amount: 500,
            at: now - 2 * 86_400,
        };
        p.recent[1] = StakeTranche {
            amount: 1_000,
            at: now - 3_600,
        };
        let t = TraderTier::new(&Pubkey::new_unique(), Some(&p), &tiers(), now);
        assert_eq!((t.active, t.warmed), (1_500, 500));
        assert_eq!(
            t.now,
            TierNow {
                tier: Some(1),
                rebate_bps: 500
            }
        );
        assert_eq!(t.warmup_ends_at, Some(now - 3_600 + 86_400));
        assert_eq!(
            t.after_warmup,
            TierNow {
                tier: Some(2),
                rebate_bps: 1_000
            }
        );
        let table = t.table(Units::tokens(2), now);
        assert!(table.contains("15 active, 5 warmed up"), "{table}");
        assert!(table.contains("tier 1: 5.00% of each fee"), "{table}");
        assert!(table.contains(", in 23 h: tier 2: 10.00%"), "{table}");
    }

    #[test]
    fn a_trader_without_stake_has_no_tier() {
        let t = TraderTier::new(&Pubkey::new_unique(), None, &tiers(), 1_000);
        assert_eq!(
            t.now,
            TierNow {
                tier: None,
                rebate_bps: 0
            }
        );
        assert_eq!((t.warmup_ends_at, t.has_position), (None, false));
        assert!(t.table(Units::BASE, 1_000).contains("no stake position"));
    }

    #[test]
    fn fully_warmed_stake_has_no_warmup_left() {
        let mut p = StakePosition::zeroed();
        p.active = 100;
        p.recent[0] = StakeTranche { amount: 100, at: 0 };
        let t = TraderTier::new(&Pubkey::new_unique(), Some(&p), &tiers(), 86_400);
        assert_eq!(t.warmed, 100);
        assert_eq!(t.warmup_ends_at, None);
        assert_eq!(t.now, t.after_warmup);
    }
}
