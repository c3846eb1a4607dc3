//! `fee-router crank`: a keeper. It watches a router and runs `distribute` when the intake
//! holds at least a threshold, `sweep-rewards-surplus` when the stakers vault holds more than
//! it owes, and, with `--buy-at-or-below`, buys the buyback auction's lot when its price is at
//! or below the keeper's limit; one line per step, retries with backoff when the cluster does not answer,
//! and a clean stop on Ctrl-C or SIGTERM.
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use anchor_lang::prelude::Pubkey;
use anyhow::{anyhow, Result};
use fee_router::math::split::BUCKET_NAMES;
use fee_router::state::Router;
use fee_router_sdk::ix;

use crate::config::GlobalArgs;
use crate::context::Context;

#[derive(clap::Args)]
pub struct Args {
    #[arg(long)]
    pub router: Pubkey,
    /// Distribute once the intake holds at least this many base units.
    #[arg(long, default_value_t = 1)]
    pub threshold: u64,
    /// Seconds between passes.
    #[arg(long, default_value_t = 30)]
    pub interval: u64,
    /// One pass, then exit (non-zero if it failed).
    #[arg(long)]
    pub once: bool,
    /// The longest wait between retries after the cluster failed to answer, in seconds.
    #[arg(long, default_value_t = 60)]
    pub max_backoff: u64,
    /// Buy the buyback auction's lot with the keypair's protocol tokens when the price is at
    /// or below this (protocol base units per fee base unit, times 1e9).
    #[arg(long)]
    pub buy_at_or_below: Option<u64>,
}

/// What one pass did.
enum Step {
    Idle { intake: u64 },
    Acted,
}

fn now() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    format!("{secs}")
}

fn balance(ctx: &Context, account: &Pubkey) -> Result<u64> {
    ctx.token_balance(account)
}

fn pass(ctx: &Context, a: &Args) -> Result<Step> {
    let r: Router = ctx.router(&a.router)?;
    let mut acted = false;
    let intake = balance(ctx, &r.vaults.intake)?;
    if intake >= a.threshold && intake > 0 {
        let signature = ctx.send_quiet(&[ix::distribute(&ix::FeeSide::of(a.router, &r))], &[])?;
        let after: Router = ctx.router(&a.router)?;
        let routed: Vec<String> = BUCKET_NAMES
            .iter()
            .zip(r.totals.routed.iter().zip(after.totals.routed.iter()))
            .map(|(name, (b, f))| format!("{name} {}", f.get().saturating_sub(b.get())))
            .collect();
        println!(
            "{} distributed {intake} from the intake ({}) in {signature}",
            now(),
            routed.join(", ")
        );
        acted = true;
    }
    let r: Router = ctx.router(&a.router)?;
    let owed = r.stakers_vault_liability().map_err(|e| anyhow!("{e}"))?;
    let stakers = u128::from(balance(ctx, &r.vaults.stakers)?);
    if stakers > owed {
        let signature = ctx.send_quiet(
            &[ix::sweep_rewards_surplus(&ix::FeeSide::of(a.router, &r))],
            &[],
        )?;
        println!(
            "{} swept {} from the stakers vault to buyback (it owes {owed}) in {signature}",
            now(),
            stakers - owed
        );
        acted = true;
    }
    if let Some(limit) = a.buy_at_or_below {
        let (r, auction, report) = crate::commands::auction::report(ctx, &a.router)?;
        if report.lot > 0 && report.price_now <= limit {
            let purchase = ix::Purchase {
                epoch_id: report.epoch_id,
                amount: report.lot,
                min_amount_out: 1,
                max_payment: report.lot_payment,
            };
            let buy =
                crate::commands::auction::buy_instruction(ctx, &a.router, &r, &auction, purchase)?;
            let signature = ctx.send_quiet(&[buy], &[])?;
            println!(
                "{} bought {} from the buyback at {} for {} in {signature}",
                now(),
                report.lot,
                report.price_now,
                report.lot_payment
            );
            acted = true;
        }
    }
    Ok(if acted {
        Step::Acted
    } else {
        Step::Idle { intake }
    })
}

/// Sleeps up to `duration`, waking early when `stop` is set.
fn sleep_unless(stop: &AtomicBool, duration: Duration) {
    let until = Instant::now() + duration;
    while !stop.load(Ordering::Relaxed) && Instant::now() < until {
        std::thread::sleep(Duration::from_millis(100));
    }
}

pub fn run(a: Args, global: &GlobalArgs) -> Result<()> {
    let ctx = Context::new(global)?;
    if a.once {
        return match pass(&ctx, &a)? {
            Step::Idle { intake } => {
                println!(
                    "{} nothing to do: the intake holds {intake}, below {}",
                    now(),
                    a.threshold
                );
                Ok(())
            }
            Step::Acted => Ok(()),
        };
    }
    let stop = Arc::new(AtomicBool::new(false));
    for signal in [signal_hook::consts::SIGINT, signal_hook::consts::SIGTERM] {
        signal_hook::flag::register(signal, Arc::clone(&stop))?;
    }
    println!(
        "{} cranking router {} on {} every {}s (threshold {})",
        now(),
        a.router,
        ctx.url,
        a.interval,
        a.threshold
    );
    let mut backoff = Duration::from_secs(1);
    while !stop.load(Ordering::Relaxed) {
        match pass(&ctx, &a) {
            Ok(Step::Idle { intake }) => {
                println!(
                    "{} nothing to do: the intake holds {intake}, below {}",
                    now(),
                    a.threshold
                );
                backoff = Duration::from_secs(1);
                sleep_unless(&stop, Duration::from_secs(a.interval));
            }
            Ok(Step::Acted) => {
                backoff = Duration::from_secs(1);
                sleep_unless(&stop, Duration::from_secs(a.interval));
            }
            Err(e) => {
                println!("{} error: {e:#}; retrying in {}s", now(), backoff.as_secs());
                sleep_unless(&stop, backoff);
                backoff = (backoff * 2).min(Duration::from_secs(a.max_backoff.max(1)));
            }
        }
    }
    println!("{} stopped", now());
    Ok(())
}
