//! `fee-router position`: a stake position, what it can claim, and the stakers' yield now and
//! with more stake (`--if-stake`).
use anchor_lang::prelude::Pubkey;
use anchor_lang::AccountDeserialize;
use anyhow::{anyhow, bail, Result};
use fee_router::state::{Router, StakePosition};
use rust_decimal::Decimal;
use serde::Serialize;
use solana_signer::Signer;

use crate::apr::{StreamNow, Yield};
use crate::config::GlobalArgs;
use crate::context::{Context, MintSide};
use crate::output::to_json;
use crate::units::{when, Amount, Units};

#[derive(clap::Args)]
pub struct Args {
    #[arg(long)]
    pub router: Pubkey,
    /// Whose position (default: the keypair's).
    #[arg(long)]
    pub owner: Option<Pubkey>,
    /// Also the yield if this much more protocol stake were active (tokens, or base units
    /// with --base-units): more stake shares the same stream, within the yield cap.
    #[arg(long)]
    pub if_stake: Option<Amount>,
    /// A protocol token's price in fee tokens, to print the yield as an APR in percent.
    #[arg(long)]
    pub protocol_price: Option<Amount>,
}

/// A stake position: what `fee-router position` prints (base units and Unix seconds in JSON).
#[derive(Serialize, Debug, PartialEq, Eq)]
pub struct PositionReport {
    pub position: String,
    pub owner: String,
    pub active: u64,
    pub cooling: u64,
    /// Unix time the cooling stake unlocks (absent when nothing cools).
    pub unlock_at: Option<i64>,
    pub withdrawable_now: bool,
    /// What a claim at `now` would pay.
    pub claimable: u64,
    pub claimed: u64,
    /// The stakers' yield now (absent when nothing is staked).
    pub yield_now: Option<Yield>,
    /// The yield with `if_stake` more active stake, when asked.
    pub if_stake: Option<IfStake>,
    /// What the position can claim in the pool's other fee lines (absent for a router alone).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub other_lines: Vec<LineClaim>,
}

/// What a position can claim in one other fee line of its pool, in that line's base units.
#[derive(Serialize, Debug, PartialEq, Eq)]
pub struct LineClaim {
    pub router: String,
    pub fee_mint: String,
    pub claimable: u64,
    /// `claimable` as the table prints it: in the line's tokens (or base units).
    #[serde(skip)]
    pub shown: String,
}

/// The yield with more stake.
#[derive(Serialize, Debug, PartialEq, Eq)]
pub struct IfStake {
    /// The stake added, in protocol base units.
    pub added: u64,
    #[serde(rename = "yield")]
    pub yield_: Option<Yield>,
}

impl PositionReport {
    /// The position as of Unix time `now`: the router's stream is released up to `now` with
    /// the program's own code, so `claimable` is what `claim_rewards` would pay and the yield
    /// is the rate of what the stream still holds.
    pub fn new(
        address: &Pubkey,
        router: &Router,
        p: &StakePosition,
        now: i64,
        if_stake: Option<u64>,
    ) -> Result<Self> {
        let mut view = *router;
        view.update_rewards(now).map_err(|e| anyhow!("{e}"))?;
        let slot = view.line_slot;
        let claimed = match slot {
            0 => p.claimed,
            _ => p.lines[usize::from(slot) - 1].claimed,
        };
        let stream = StreamNow {
            remaining: view.staking.stream_remaining,
            end: view.staking.stream_end,
            now,
            cap_scaled: view.staking_params.yield_cap_scaled,
        };
        let active = view.staking.total_active;
        Ok(Self {
            position: address.to_string(),
            owner: p.owner.to_string(),
            active: p.active,
            cooling: p.cooling,
            unlock_at: (p.cooling > 0).then_some(p.unlock_at),
            withdrawable_now: p.cooling > 0 && now >= p.unlock_at,
            claimable: super::claim::claimable_in(router, p, now)?,
            claimed,
            yield_now: stream.yield_on(active),
            if_stake: if_stake.map(|added| IfStake {
                added,
                yield_: stream.yield_on(active.saturating_add(added)),
            }),
            other_lines: vec![],
        })
    }

    /// The position as a person reads it: stake in protocol tokens, rewards in fee tokens,
    /// the unlock as a date; the yield as fee tokens per protocol token a year (and an APR
    /// with a price).
    pub fn table(&self, v: &Readable) -> String {
        let unlock = match self.unlock_at {
            Some(t) if self.withdrawable_now => format!("{} (withdrawable now)", when(t, v.now)),
            Some(t) => when(t, v.now),
            None => "-".into(),
        };
        let mut rows = vec![
            ("Position", self.position.clone()),
            ("Owner", self.owner.clone()),
            ("Active", v.protocol.show(self.active)),
            ("Cooling", v.protocol.show(self.cooling)),
            ("Unlocks at", unlock),
            ("Claimable", v.fee.show(self.claimable)),
            ("Claimed", v.fee.show(self.claimed)),
            ("Yield now", v.yield_line(self.yield_now.as_ref())),
        ];
        if let Some(i) = &self.if_stake {
            rows.push((
                "With more",
                format!(
                    "{} more staked: {}",
                    v.protocol.show(i.added),
                    v.yield_line(i.yield_.as_ref())
                ),
            ));
        }
        let mut out: String = rows
            .into_iter()
            .map(|(k, val)| format!("{k:<12} {val}\n"))
            .collect();
        for l in &self.other_lines {
            out.push_str(&format!(
                "Claimable in fee line {} (mint {}): {}\n",
                l.router, l.fee_mint, l.shown
            ));
        }
        out
    }
}

/// What the table needs besides the report: how each mint's amounts print, the mints'
/// decimals, the price (if given) and the cluster's clock.
pub struct Readable {
    pub fee: Units,
    pub protocol: Units,
    pub fee_decimals: u8,
    pub protocol_decimals: u8,
    /// Fee tokens per protocol token.
    pub price: Option<Decimal>,
    pub now: i64,
}

impl Readable {
    fn yield_line(&self, y: Option<&Yield>) -> String {
        let Some(y) = y else {
            return "none: nothing is staked (the first stake takes the stream, within the yield cap)".into();
        };
        let mut line = format!(
            "{} fee tokens per protocol token a year",
            y.tokens(self.fee_decimals, self.protocol_decimals)
        );
        if let Some(pct) = self
            .price
            .and_then(|p| y.apr_pct(self.fee_decimals, self.protocol_decimals, p))
        {
            line.push_str(&format!(", APR {pct}%"));
        }
        if y.capped {
            line.push_str(" (held to the yield cap)");
        }
        line
    }
}

pub fn run(a: Args, global: &GlobalArgs) -> Result<()> {
    let ctx = Context::new(global)?;
    let r = ctx.router(&a.router)?;
    let owner = match a.owner {
        Some(o) => o,
        None => ctx.signer()?.pubkey(),
    };
    // The position is in the router's stake pool (itself, or the pool it is a line of).
    let (pool, lines) = ctx.pool_lines(&a.router, &r)?;
    let address = fee_router_sdk::pda::position(&pool, &owner);
    let account = ctx
        .fetch(&address, "stake position")?
        .ok_or_else(|| anyhow!("{owner} has no stake position in router {}", a.router))?;
    let p = StakePosition::try_deserialize(&mut account.data.as_slice())
        .map_err(|_| anyhow!("{address} is not a fee-router stake position"))?;
    let if_stake = a
        .if_stake
        .map(|x| ctx.amount(&r, MintSide::Protocol, x, "--if-stake"))
        .transpose()?;
    let price = match a.protocol_price {
        Some(p) => {
            let price = p.decimal();
            if price.is_zero() {
                bail!("--protocol-price: a price of 0 gives no APR; give a positive price");
            }
            Some(price)
        }
        None => None,
    };
    let now = ctx.unix_time()?;
    let mut report = PositionReport::new(&address, &r, &p, now, if_stake)?;
    for (key, line) in lines.iter().filter(|(k, _)| *k != a.router) {
        let claimable = super::claim::claimable_in(line, &p, now)?;
        let units = match ctx.base_units {
            true => Units::BASE,
            false => Units::tokens(ctx.mint_decimals(&line.fee_mint)?),
        };
        report.other_lines.push(LineClaim {
            router: key.to_string(),
            fee_mint: line.fee_mint.to_string(),
            claimable,
            shown: units.show(claimable),
        });
    }
    if global.json {
        println!("{}", to_json(&report)?);
    } else {
        let fee_decimals = ctx.mint_decimals(&r.fee_mint)?;
        let protocol_decimals = ctx.mint_decimals(&r.protocol_mint)?;
        let units = |d| {
            if ctx.base_units {
                Units::BASE
            } else {
                Units::tokens(d)
            }
        };
        let v = Readable {
            fee: units(fee_decimals),
            protocol: units(protocol_decimals),
            fee_decimals,
            protocol_decimals,
            price,
            now,
        };
        print!("{}", report.table(&v));
    }
    Ok(())
}
