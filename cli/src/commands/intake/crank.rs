//! `fee-router crank`: a keeper. It watches a router and runs `distribute` when the intake
//! holds at least a threshold, `sweep-rewards-surplus` when the stakers vault holds more than
//! it owes, and, with `--buy-at-or-below`, buys the buyback auction's lot when its price is at
//! or below the keeper's limit.
//!
//! Every action is logged on standard output with its signature, a lost confirmation
//! included; errors go to standard error. A transient error (the node does not answer, is
//! behind, or a race another keeper won) is retried with backoff; a permanent one (no such
//! router, a missing keypair, a pause, any other refusal) stops the crank with a non-zero exit.
//! After a lost confirmation nothing is sent until that transaction is known to have landed or
//! expired. Ctrl-C or SIGTERM stops it cleanly.
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use anchor_lang::prelude::Pubkey;
use anyhow::{anyhow, Result};
use fee_router::math::split::BUCKET_NAMES;
use fee_router::state::{MarketFees, Router};
use fee_router_sdk::ix;
use solana_commitment_config::CommitmentConfig;
use solana_signature::Signature;

use crate::config::GlobalArgs;
use crate::context::{Context, MintSide};
use crate::fault::{self, Refused, Unconfirmed};
use crate::units::{Amount, Units};

/// The longest interval or backoff: a day.
const MAX_SECONDS: u64 = 86_400;

/// Program refusals that mean another keeper (or buyer) acted first: the state moved between
/// the crank's read and its transaction. The next pass reads it again.
const LOST_RACES: [&str; 5] = [
    "DistributeNothingToDistribute",
    "SweepNothingToSweep",
    "BuybackStaleEpoch",
    "BuybackAboveMaxPayment",
    "BuybackNothingToSell",
];

#[derive(clap::Args)]
pub struct Args {
    #[arg(long)]
    pub router: Pubkey,
    /// Distribute once the intake holds at least this many fee tokens (base units with
    /// --base-units; default: one base unit).
    #[arg(long)]
    pub threshold: Option<Amount>,
    /// Seconds between passes (1 to 86400).
    #[arg(long, default_value_t = 30, value_parser = clap::value_parser!(u64).range(1..=MAX_SECONDS))]
    pub interval: u64,
    /// One pass, then exit (non-zero if it failed).
    #[arg(long)]
    pub once: bool,
    /// The longest wait between retries after a transient error, in seconds (1 to 86400).
    #[arg(long, default_value_t = 60, value_parser = clap::value_parser!(u64).range(1..=MAX_SECONDS))]
    pub max_backoff: u64,
    /// Buy the buyback auction's lot with the keypair's protocol tokens when the price is at
    /// or below this (protocol base units per fee base unit, times 1e9).
    #[arg(long)]
    pub buy_at_or_below: Option<u64>,
}

/// Sweeps every market whose account holds fees beyond its allowance, or whose allowance is
/// below half the cap while the discount vault can top it up. A node that cannot list the
/// markets (`getProgramAccounts` disabled) is said once per pass; the rest of the pass goes on.
fn sweep_markets(ctx: &Context, a: &Args, r: &Router, k: &Keep) -> Result<bool> {
    let markets = match crate::commands::market::markets::markets(ctx, &a.router) {
        Ok(markets) => markets,
        Err(e) => {
            println!(
                "{} could not list the markets: {}",
                now(),
                fault::one_line(&e, Some(&ctx.url))
            );
            return Ok(false);
        }
    };
    let discount = if markets.is_empty() {
        0
    } else {
        balance(ctx, &r.vaults.discount)?
    };
    let cap = r.markets.allowance_cap;
    let mut acted = false;
    for (key, m) in markets {
        let held = balance(ctx, &m.token_account)?;
        let unswept = held.saturating_sub(m.allowance);
        let top_up = m.allowance < cap / 2 && discount > 0;
        if unswept == 0 && !top_up {
            continue;
        }
        let what = format!("sweep {} from market {key}", k.fee.show(unswept));
        let sweep = ix::sweep_market(&ix::FeeSide::of(a.router, r), &m.authority);
        if let Some(signature) = act(ctx, &what, &[sweep])? {
            let after: MarketFees = ctx.anchor_account(&key, "market")?;
            println!(
                "{} swept {} from market {key} (allowance {} -> {}) in {signature}",
                now(),
                k.fee.show(unswept),
                k.fee.show(m.allowance),
                k.fee.show(after.allowance)
            );
            acted = true;
        }
    }
    Ok(acted)
}

/// What one pass did.
enum Step {
    /// Nothing: the intake is below the threshold (both as printed).
    Idle {
        intake: String,
        threshold: String,
    },
    Acted,
}

/// The threshold in base units and how fee amounts are logged, read from the chain at the
/// first pass that reaches the node (so a node down at start is retried like any other pass).
struct Keep {
    threshold: u64,
    fee: Units,
    protocol: Units,
}

fn keep<'a>(
    ctx: &Context,
    a: &Args,
    r: &Router,
    cell: &'a std::cell::OnceCell<Keep>,
) -> Result<&'a Keep> {
    if let Some(k) = cell.get() {
        return Ok(k);
    }
    let k = Keep {
        threshold: match a.threshold {
            Some(t) => ctx.amount(r, MintSide::Fee, t, "--threshold")?,
            None => 1,
        },
        fee: ctx.units(r, MintSide::Fee)?,
        protocol: ctx.units(r, MintSide::Protocol)?,
    };
    Ok(cell.get_or_init(|| k))
}

/// A transaction whose confirmation the crank lost.
struct Pending {
    what: String,
    signature: Signature,
    blockhash: solana_hash::Hash,
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

/// Whether a refusal says another keeper acted first.
fn lost_race(e: &anyhow::Error) -> bool {
    e.downcast_ref::<Refused>()
        .and_then(|r| r.custom)
        .and_then(crate::errors::program_error)
        .is_some_and(|(name, _)| LOST_RACES.contains(&name.as_str()))
}

/// Sends one action. `Ok(None)`: another keeper acted first (logged). A lost confirmation
/// comes back as an error that names the action.
fn act(
    ctx: &Context,
    what: &str,
    ixs: &[anchor_lang::solana_program::instruction::Instruction],
) -> Result<Option<Signature>> {
    match ctx.send_quiet(ixs, &[]) {
        Ok(signature) => Ok(Some(signature)),
        Err(e) if lost_race(&e) => {
            println!("{} {what}: not done, the state moved first ({e})", now());
            Ok(None)
        }
        Err(e) => Err(e.context(what.to_string())),
    }
}

fn pass(ctx: &Context, a: &Args, cell: &std::cell::OnceCell<Keep>) -> Result<Step> {
    let r: Router = ctx.router(&a.router)?;
    let k = keep(ctx, a, &r, cell)?;
    let mut acted = sweep_markets(ctx, a, &r, k)?;
    let r: Router = ctx.router(&a.router)?;
    let intake = balance(ctx, &r.vaults.intake)?;
    if intake >= k.threshold && intake > 0 {
        let what = format!("distribute {} from the intake", k.fee.show(intake));
        let distribute = ix::distribute_of(a.router, &r);
        if let Some(signature) = act(ctx, &what, &[distribute])? {
            let after: Router = ctx.router(&a.router)?;
            let routed: Vec<String> = BUCKET_NAMES
                .iter()
                .zip(r.totals.routed.iter().zip(after.totals.routed.iter()))
                .map(|(name, (b, f))| {
                    let routed = f.get().saturating_sub(b.get());
                    let routed = u64::try_from(routed)
                        .map_or_else(|_| format!("{routed} base units"), |n| k.fee.show(n));
                    format!("{name} {routed}")
                })
                .collect();
            println!(
                "{} distributed {} from the intake ({}) in {signature}",
                now(),
                k.fee.show(intake),
                routed.join(", ")
            );
            acted = true;
        }
    }
    let r: Router = ctx.router(&a.router)?;
    let owed = r.stakers_vault_liability().map_err(|e| anyhow!("{e}"))?;
    let stakers = u128::from(balance(ctx, &r.vaults.stakers)?);
    if stakers > owed {
        let surplus = stakers - owed;
        let (surplus, owed) = (
            k.fee.show_total(&surplus.to_string()),
            k.fee.show_total(&owed.to_string()),
        );
        let what = format!("sweep {surplus} from the stakers vault to buyback");
        let sweep = ix::sweep_rewards_surplus(&ix::FeeSide::of(a.router, &r));
        if let Some(signature) = act(ctx, &what, &[sweep])? {
            println!(
                "{} swept {surplus} from the stakers vault to buyback (it owes {owed}) in {signature}",
                now(),
            );
            acted = true;
        }
    }
    if let Some(limit) = a.buy_at_or_below {
        let (r, auction, report) = crate::commands::buyback::auction::report(ctx, &a.router)?;
        if report.lot > 0 && report.price_now <= limit {
            let purchase = ix::Purchase {
                epoch_id: report.epoch_id,
                amount: report.lot,
                min_amount_out: 1,
                max_payment: report.lot_payment,
            };
            let buy = crate::commands::buyback::buy::buy_instruction(
                ctx, &a.router, &r, &auction, purchase,
            )?;
            let what = format!(
                "buy {} from the buyback at {} for at most {}",
                report.lot, report.price_now, report.lot_payment
            );
            if let Some(signature) = act(ctx, &what, &[buy])? {
                println!(
                    "{} bought {} from the buyback at {} for {} in {signature}",
                    now(),
                    k.fee.show(report.lot),
                    report.price_now,
                    k.protocol.show(report.lot_payment)
                );
                acted = true;
            }
        }
    }
    Ok(if acted {
        Step::Acted
    } else {
        Step::Idle {
            intake: k.fee.show(intake),
            threshold: k.fee.show(k.threshold),
        }
    })
}

/// Whether a transaction whose confirmation was lost is settled (landed, failed or expired);
/// logs the outcome when it is.
fn settle(ctx: &Context, p: &Pending) -> Result<bool> {
    let status = ctx
        .rpc
        .get_signature_statuses(&[p.signature])
        .map_err(|e| ctx.rpc_error(e, &format!("checking transaction {}", p.signature)))?
        .value
        .into_iter()
        .next()
        .flatten();
    match status {
        Some(s) if s.satisfies_commitment(ctx.rpc.commitment()) => {
            match s.status {
                Ok(()) => println!("{} {}: landed in {}", now(), p.what, p.signature),
                Err(e) => println!(
                    "{} {}: {} landed but failed ({e})",
                    now(),
                    p.what,
                    p.signature
                ),
            }
            Ok(true)
        }
        Some(_) => Ok(false),
        None => {
            let valid = ctx
                .rpc
                .is_blockhash_valid(&p.blockhash, CommitmentConfig::processed())
                .map_err(|e| ctx.rpc_error(e, "checking a blockhash"))?;
            if !valid {
                println!(
                    "{} {}: {} did not land and its blockhash expired, so it never will",
                    now(),
                    p.what,
                    p.signature
                );
            }
            Ok(!valid)
        }
    }
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
    // A keypair that cannot sign is permanent: say so now, not at the first action.
    ctx.signer()?;
    let idle = |intake: String, threshold: String| {
        println!(
            "{} nothing to do: the intake holds {intake}, below {threshold}",
            now()
        )
    };
    let keep = std::cell::OnceCell::new();
    if a.once {
        return match pass(&ctx, &a, &keep) {
            Ok(Step::Idle { intake, threshold }) => {
                idle(intake, threshold);
                Ok(())
            }
            Ok(Step::Acted) => Ok(()),
            Err(e) => {
                if e.downcast_ref::<Unconfirmed>().is_some() {
                    println!("{} {}", now(), fault::one_line(&e, Some(&ctx.url)));
                }
                Err(e)
            }
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
        match (a.threshold, ctx.base_units) {
            (None, _) => "1 base unit".to_string(),
            (Some(t), true) => format!("{t} base units"),
            (Some(t), false) => format!("{t} fee tokens"),
        }
    );
    let interval = Duration::from_secs(a.interval);
    let max_backoff = Duration::from_secs(a.max_backoff);
    let mut backoff = Duration::from_secs(1).min(max_backoff);
    let mut pending: Option<Pending> = None;
    while !stop.load(Ordering::Relaxed) {
        // Nothing is sent while an earlier transaction may still land.
        let outcome = match &pending {
            Some(p) => settle(&ctx, p).map(|settled| {
                if settled {
                    pending = None;
                }
                None
            }),
            None => pass(&ctx, &a, &keep).map(Some),
        };
        match outcome {
            Ok(Some(Step::Idle { intake, threshold })) => {
                idle(intake, threshold);
                backoff = Duration::from_secs(1).min(max_backoff);
                sleep_unless(&stop, interval);
            }
            Ok(Some(Step::Acted)) | Ok(None) => {
                backoff = Duration::from_secs(1).min(max_backoff);
                if pending.is_none() {
                    sleep_unless(&stop, interval);
                } else {
                    sleep_unless(&stop, Duration::from_secs(2).min(interval));
                }
            }
            Err(e) => {
                let message = fault::one_line(&e, Some(&ctx.url));
                if let Some(u) = e.downcast_ref::<Unconfirmed>() {
                    println!("{} {message}; nothing more is sent until it settles", now());
                    pending = Some(Pending {
                        what: e.to_string(),
                        signature: u.signature,
                        blockhash: u.blockhash,
                    });
                } else if fault::is_transient(&e) {
                    eprintln!(
                        "{} error: {message}; retrying in {}s",
                        now(),
                        backoff.as_secs()
                    );
                } else {
                    return Err(anyhow!("the crank stopped: {message}"));
                }
                sleep_unless(&stop, backoff);
                backoff = (backoff * 2).min(max_backoff);
            }
        }
    }
    println!("{} stopped", now());
    Ok(())
}
