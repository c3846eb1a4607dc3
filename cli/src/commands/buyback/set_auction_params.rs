//! `fee-router set-auction-params` (and `propose ... set-auction-params`).
use anchor_lang::prelude::Pubkey;
use anyhow::{bail, Result};
use fee_router::config::GovernedAction;
use fee_router::state::AuctionParams;

use super::auction::auction;
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

/// Auction parameters on the command line; values not given stay as they are.
#[derive(clap::Args, Clone, Debug)]
pub struct Action {
    #[arg(long)]
    pub epoch_seconds: Option<u64>,
    /// Prices: protocol base units per fee base unit, times 1e9.
    #[arg(long)]
    pub floor_price: Option<u64>,
    #[arg(long)]
    pub min_start_price: Option<u64>,
    #[arg(long)]
    pub max_start_price: Option<u64>,
    #[arg(long)]
    pub multiplier_bps: Option<u64>,
    /// The most fee tokens one epoch sells (base units with --base-units).
    #[arg(long)]
    pub epoch_cap: Option<Amount>,
    /// The most fee tokens a day sells (base units with --base-units).
    #[arg(long)]
    pub daily_cap: Option<Amount>,
    /// Send paid protocol tokens to this token account instead of burning them.
    #[arg(long, conflicts_with = "burn")]
    pub treasury: Option<Pubkey>,
    /// Burn paid protocol tokens (the default).
    #[arg(long)]
    pub burn: bool,
}

impl Action {
    /// The parameters given over `c`, the caps already in base units.
    pub fn over(
        &self,
        c: AuctionParams,
        epoch_cap: Option<u64>,
        daily_cap: Option<u64>,
    ) -> Result<AuctionParams> {
        let p = AuctionParams {
            epoch_seconds: self.epoch_seconds.unwrap_or(c.epoch_seconds),
            floor_price: self.floor_price.unwrap_or(c.floor_price),
            min_start_price: self.min_start_price.unwrap_or(c.min_start_price),
            max_start_price: self.max_start_price.unwrap_or(c.max_start_price),
            multiplier_bps: self.multiplier_bps.unwrap_or(c.multiplier_bps),
            epoch_cap: epoch_cap.unwrap_or(c.epoch_cap),
            daily_cap: daily_cap.unwrap_or(c.daily_cap),
            treasury: if self.burn {
                Pubkey::default()
            } else {
                self.treasury.unwrap_or(c.treasury)
            },
        };
        if !p.is_sane() {
            bail!("out of bounds: an epoch of a minute to 30 days, 1 <= floor <= min start <= max start, a multiplier of 10000 to 100000 bps");
        }
        Ok(p)
    }

    /// The auction parameters given over `router`'s current ones.
    pub fn action(&self, ctx: &Context, router: &Pubkey) -> Result<GovernedAction> {
        let cap = |a: Option<Amount>, what: &str| {
            a.map(|a| ctx.router_amount(router, MintSide::Fee, a, what))
                .transpose()
        };
        let (epoch_cap, daily_cap) = (
            cap(self.epoch_cap, "--epoch-cap")?,
            cap(self.daily_cap, "--daily-cap")?,
        );
        Ok(GovernedAction::SetAuctionParams {
            params: self.over(auction(ctx, router)?.params, epoch_cap, daily_cap)?,
        })
    }
}

pub fn run(a: Args, global: &GlobalArgs) -> Result<()> {
    let ctx = Context::new(global)?;
    let action = a.action.action(&ctx, &a.auth.router)?;
    ctx.check_registrations(&a.auth.router, &ctx.router(&a.auth.router)?, &[action])?;
    a.auth.apply(&ctx, action, None)
}
