//! `fee-router-localnet exchange-loop`: the main job's loop, on a running node, driven through
//! the `fee-router` command line wherever it has the command (trades go through the example
//! exchange, which the product's command line does not trade on).
//!
//! Set-up: a dollar fee mint and the protocol token (6 decimals each); a router with an
//! insurance floor and cap, a priced buyback auction, stage gates, a market allowance cap and
//! the exchange's shortfall account (`init`, `set-guard-rails`, `set-auction-params`,
//! `set-stage-gates`, `set-market-allowance-cap`, `set-shortfall-account`); two markets of the
//! example exchange, each approved and opened on the router (`approve-market`,
//! `open-market`); four traders staked at different discount tiers (`stake`); a week of the
//! exchange's fees before it charged at source (`deposit`, `distribute`); the router handed to
//! its stakers (`propose-authority`, `accept-governance-authority`); a day for the stake to
//! warm up (the node's time travel).
//!
//! Then each week: the traders trade on both markets (`swap_at_source`, their discount taken
//! at source); the keeper's `crank --once --buy-at-or-below` sweeps the markets, distributes
//! and buys the auction's lot, whose payment is burned (checked against the protocol mint's
//! supply); when the trailing 30 days' fees meet the Growth gate, the stakers vote the stage
//! through (`propose set-stage`, `vote`, `finalize`, `execute`), and the week after, an
//! insurance payout to the exchange (`propose insurance-payout`); the week passes on the
//! node's clock; the stakers `claim`. One line per week, every figure read from the chain.
//! Last, `fee-router simulate --months 24` from the same parameters and the state the loop
//! ended in, with its chart.
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;
use solana_keypair::{write_keypair_file, Keypair};
use solana_pubkey::Pubkey;
use solana_rpc_client::rpc_client::RpcClient;
use solana_signer::Signer;

use crate::exchange::{self, Market, PRICE_SCALE};
use crate::tools::{create_mint, fund_owner, mint_to, node_time, send, time_travel_by};
use crate::tools::{Opts, Result};

const DAY: u64 = 86_400;
const WEEK: u64 = 7 * DAY;
/// One whole token of either mint (6 decimals): a dollar of the fee mint.
const UNIT: u64 = 1_000_000;
/// What the traders trade each week on each market, in dollars of notional, before growth.
const TRADERS: [(&str, u64, u64); 5] = [
    // name, whole protocol tokens staked (the default tiers: 0, 5%, 20%, 40%), weekly notional
    ("trader A", 0, 2_000_000),
    ("trader B", 1_000, 3_000_000),
    ("trader C", 50_000, 4_000_000),
    ("trader D", 500_000, 6_000_000),
    // A holder who stakes and votes but does not trade.
    ("staker E", 10_000_000, 0),
];
/// Weekly growth of the traders' volume, in basis points.
const GROWTH_BPS_PER_WEEK: u64 = 300;
/// The two markets: base price in dollars times 1e9, and fee in bps.
const MARKETS: [(u64, u64); 2] = [(2 * PRICE_SCALE, 30), (PRICE_SCALE / 2, 10)];
/// The week of fees the exchange paid into the intake before it charged at source.
const OPENING_FEES: u64 = 120_000 * UNIT;
/// Guard rails and gates, in fee base units.
const INSURANCE_FLOOR: u64 = 40_000 * UNIT;
const INSURANCE_CAP: u64 = 120_000 * UNIT;
/// Each market's discount allowance. The keeper's pass sweeps the markets before it
/// distributes, so a week's trades spend the allowances topped up from the discount vault as
/// the previous pass left it; and a vault that cannot fill every market to the cap fills them
/// in the crank's order (by the market's address, new each run). So the cap is set low enough
/// that the discount vault fills both markets at every pass (the opening week's Early split
/// puts $43,200 in it, enough for two caps and the first week's $13,400 of discounts) and high
/// enough for the busier market's week of discounts ($10,050 growing 3% a week stays under it
/// through week 12). The loop checks the first on chain after every pass.
const ALLOWANCE_CAP: u64 = 14_000 * UNIT;
const GATE_GROWTH: u64 = 280_000 * UNIT;
const GATE_MATURE: u64 = 600_000 * UNIT;
/// The auction: the protocol token at $0.50 is 2 protocol base units per fee base unit.
const FLOOR_PRICE: u64 = 2 * PRICE_SCALE;
const MAX_START_PRICE: u64 = 8 * PRICE_SCALE;
const AUCTION_CAP: u64 = 100_000 * UNIT;
/// The payout the exchange's shortfall asks of the insurance fund (within its period's limit).
const SHORTFALL: u64 = 15_000 * UNIT;
/// The exchange's second fee mint, a 9-decimal "SOL": its router is a fee line of the
/// dollar router's stake pool, so the same stakers earn in it without staking again.
const SOL_UNIT: u64 = 1_000_000_000;
/// The SOL fees of the first week, growing as the dollar fees do.
const SOL_WEEKLY_FEES: u64 = 100 * SOL_UNIT;

/// The `fee-router` binary, run as a person runs it, with `--json`.
struct Cli {
    bin: PathBuf,
    url: String,
}

impl Cli {
    fn output(&self, keypair: &Path, args: &[&str], json: bool) -> Result<String> {
        let mut cmd = Command::new(&self.bin);
        // The loop computes in base units, as `--json` prints them.
        cmd.args([
            "--url",
            &self.url,
            "--commitment",
            "confirmed",
            "--base-units",
            "--keypair",
        ])
        .arg(keypair);
        if json {
            cmd.arg("--json");
        }
        let out = cmd
            .args(args)
            .output()
            .map_err(|e| format!("running {}: {e}", self.bin.display()))?;
        if !out.status.success() {
            return Err(format!(
                "fee-router {}: {}",
                args.join(" "),
                String::from_utf8_lossy(&out.stderr).trim()
            ));
        }
        Ok(String::from_utf8_lossy(&out.stdout).trim().to_string())
    }

    /// `fee-router simulate` (offline) with amounts in tokens, as a person types them; it
    /// prints its table in tokens.
    fn simulate(&self, args: &[&str]) -> Result<String> {
        let out = Command::new(&self.bin)
            .arg("simulate")
            .args(args)
            .output()
            .map_err(|e| format!("running {}: {e}", self.bin.display()))?;
        if !out.status.success() {
            return Err(format!(
                "fee-router simulate {}: {}",
                args.join(" "),
                String::from_utf8_lossy(&out.stderr).trim()
            ));
        }
        Ok(String::from_utf8_lossy(&out.stdout).trim().to_string())
    }

    /// Runs a command with `--json` and parses what it printed (`null` when nothing).
    fn json(&self, keypair: &Path, args: &[&str]) -> Result<Value> {
        let out = self.output(keypair, args, true)?;
        if out.is_empty() {
            return Ok(Value::Null);
        }
        serde_json::from_str(&out).map_err(|e| format!("fee-router {}: {e}", args.join(" ")))
    }
}

/// A JSON amount: a number, or a string for the 128-bit totals.
fn num(v: &Value) -> Result<u128> {
    match v {
        Value::Number(n) => n.as_u64().map(u128::from),
        Value::String(s) => s.parse().ok(),
        _ => None,
    }
    .ok_or_else(|| format!("not an amount: {v}"))
}

fn field<'a>(v: &'a Value, path: &str) -> &'a Value {
    path.split('.').fold(v, |v, k| &v[k])
}

fn amount(v: &Value, path: &str) -> Result<u128> {
    num(field(v, path)).map_err(|e| format!("{path}: {e}"))
}

/// Someone with a keypair file (the command line reads it) and SOL for fees.
struct Actor {
    name: &'static str,
    key: Keypair,
    path: PathBuf,
    staked: u64,
    weekly_notional: u64,
}

/// What the loop reads from the chain at a week's edges.
#[derive(Clone, Default)]
struct Snapshot {
    time: i64,
    stage: String,
    charged: u128,
    discounts: u128,
    unfunded: u128,
    distributed: u128,
    claimed: u128,
    burned: u128,
    insurance: u128,
    paid_out: u128,
    trailing: u128,
    supply: u64,
    active: u128,
    /// What stakers claimed in the SOL fee line.
    sol_claimed: u128,
}

struct World {
    rpc: RpcClient,
    cli: Cli,
    admin: Actor,
    keeper: Actor,
    traders: Vec<Actor>,
    router: String,
    /// The SOL fee line of the router's stake pool.
    line: String,
    protocol_mint: Pubkey,
    markets: Vec<Market>,
}

impl World {
    fn fr(&self, who: &Actor, args: &[&str]) -> Result<Value> {
        self.cli.json(&who.path, args)
    }

    fn read(&self) -> Result<Snapshot> {
        let r = self.router.as_str();
        let show = self.fr(&self.admin, &["show", "--router", r])?;
        let markets = self.fr(&self.admin, &["markets", "--router", r])?;
        let line = self.fr(&self.admin, &["show", "--router", &self.line])?;
        let mut s = Snapshot {
            sol_claimed: amount(&line, "staking.claimed")?,
            time: node_time(&self.rpc)?,
            stage: field(&show, "stage").as_str().unwrap_or("?").to_string(),
            distributed: amount(&show, "totals.distributed")?,
            claimed: amount(&show, "staking.claimed")?,
            burned: amount(&show, "outflows.protocol_burned")?,
            insurance: amount(&show, "balances.insurance")?,
            paid_out: amount(&show, "outflows.insurance_paid_out")?,
            trailing: amount(&show, "trailing_30d_fees")?,
            active: amount(&show, "staking.total_active")?,
            supply: supply(&self.rpc, &self.protocol_mint)?,
            ..Snapshot::default()
        };
        for m in markets.as_array().ok_or("markets --json is not a list")? {
            s.charged += amount(m, "charged")?;
            s.discounts += amount(m, "discounts")?;
            s.unfunded += amount(m, "unfunded_discounts")?;
        }
        Ok(s)
    }

    /// After a keeper's pass: every market's allowance is at the cap. A discount vault that
    /// cannot fill them all fills them in the crank's order (by the market's address, new each
    /// run), and the next week's discounts would then depend on which market came first.
    fn check_allowances(&self, after: &str) -> Result<()> {
        let markets = self.fr(&self.admin, &["markets", "--router", &self.router])?;
        let markets = markets.as_array().ok_or("markets --json is not a list")?;
        if markets.len() != self.markets.len() {
            return Err(format!(
                "markets --json listed {} markets, the loop opened {}",
                markets.len(),
                self.markets.len()
            ));
        }
        let mut short = vec![];
        for m in markets {
            let allowance = amount(m, "allowance")?;
            if allowance < u128::from(ALLOWANCE_CAP) {
                let market = field(m, "market").as_str().unwrap_or("?");
                short.push(format!("{market} holds {}", dollars(allowance)));
            }
        }
        if short.is_empty() {
            return Ok(());
        }
        Err(format!(
            "after {after} the discount vault could not top every market's allowance up to the \
             cap of {} ({}): which market runs short would depend on the order the crank sweeps \
             them in; the allowance cap is too high for the discount vault",
            dollars(ALLOWANCE_CAP.into()),
            short.join(", ")
        ))
    }
}

fn supply(rpc: &RpcClient, mint: &Pubkey) -> Result<u64> {
    rpc.get_token_supply(mint)
        .map_err(|e| e.to_string())?
        .amount
        .parse()
        .map_err(|_| "a supply that is not a number".to_string())
}

fn actor(
    rpc: &RpcClient,
    payer: &Keypair,
    dir: &Path,
    name: &'static str,
    staked: u64,
    weekly_notional: u64,
) -> Result<Actor> {
    let key = Keypair::new();
    let path = dir.join(format!("{}.json", name.replace(' ', "-")));
    write_keypair_file(&key, &path).map_err(|e| format!("writing {}: {e}", path.display()))?;
    let ix = solana_system_interface::instruction::transfer(
        &payer.pubkey(),
        &key.pubkey(),
        10_000_000_000,
    );
    send(rpc, payer, &[], &[ix])?;
    Ok(Actor {
        name,
        key,
        path,
        staked,
        weekly_notional,
    })
}

/// Dollars (fee base units) as `$1,234,567`.
fn dollars(v: u128) -> String {
    format!("${}", grouped(v / u128::from(UNIT)))
}

fn grouped(v: u128) -> String {
    let digits = v.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn date(t: i64) -> String {
    // Days since 1970-01-01 to a civil date (Howard Hinnant's algorithm).
    let z = t.div_euclid(86_400) + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}

fn setup(rpc: RpcClient, cli: Cli, admin_path: PathBuf, dir: &Path) -> Result<World> {
    let admin_key = solana_keypair::read_keypair_file(&admin_path)
        .map_err(|e| format!("reading {}: {e}", admin_path.display()))?;
    let fee_mint = create_mint(&rpc, &admin_key, 6, false, None)?;
    let protocol_mint = create_mint(&rpc, &admin_key, 6, false, None)?;
    let me = admin_key.pubkey();
    let admin = Actor {
        name: "admin",
        key: admin_key,
        path: admin_path,
        staked: 0,
        weekly_notional: 0,
    };
    fund_owner(&rpc, &admin.key, &fee_mint, &me, OPENING_FEES)?;
    let (fee, protocol) = (fee_mint.to_string(), protocol_mint.to_string());
    let init = cli.json(
        &admin.path,
        &["init", "--fee-mint", &fee, "--protocol-mint", &protocol],
    )?;
    let router = field(&init, "router")
        .as_str()
        .ok_or_else(|| format!("init printed no router: {init}"))?
        .to_string();
    let r = router.as_str();
    // The SOL fee line: its own router of the same creator and protocol mint, joined to the
    // dollar router's stake pool before anyone stakes.
    let sol_mint = create_mint(&rpc, &admin.key, 9, false, None)?;
    fund_owner(&rpc, &admin.key, &sol_mint, &me, 1_000_000 * SOL_UNIT)?;
    let sol = sol_mint.to_string();
    let init = cli.json(
        &admin.path,
        &["init", "--fee-mint", &sol, "--protocol-mint", &protocol],
    )?;
    let line = field(&init, "router")
        .as_str()
        .ok_or_else(|| format!("init printed no router: {init}"))?
        .to_string();
    cli.json(
        &admin.path,
        &["add-fee-line", "--router", r, "--line", &line],
    )?;
    let keeper = actor(&rpc, &admin.key, dir, "keeper", 0, 0)?;
    fund_owner(&rpc, &admin.key, &fee_mint, &keeper.key.pubkey(), 0)?;
    fund_owner(
        &rpc,
        &admin.key,
        &protocol_mint,
        &keeper.key.pubkey(),
        10_000_000 * UNIT,
    )?;
    let mut w = World {
        rpc,
        cli,
        admin,
        keeper,
        traders: vec![],
        router: router.clone(),
        line,
        protocol_mint,
        markets: vec![],
    };
    let admin = |w: &World, args: &[&str]| w.fr(&w.admin, args).map(|_| ());
    let n = |v: u64| v.to_string();
    admin(
        &w,
        &[
            "set-guard-rails",
            "--router",
            r,
            "--insurance-floor",
            &n(INSURANCE_FLOOR),
            "--insurance-cap",
            &n(INSURANCE_CAP),
        ],
    )?;
    admin(
        &w,
        &[
            "set-auction-params",
            "--router",
            r,
            "--epoch-seconds",
            &n(DAY),
            "--floor-price",
            &n(FLOOR_PRICE),
            "--min-start-price",
            &n(FLOOR_PRICE * 3 / 2),
            "--max-start-price",
            &n(MAX_START_PRICE),
            "--multiplier-bps",
            "15000",
            "--epoch-cap",
            &n(AUCTION_CAP),
            "--daily-cap",
            &n(AUCTION_CAP),
        ],
    )?;
    admin(
        &w,
        &[
            "set-stage-gates",
            "--router",
            r,
            "--growth",
            &n(GATE_GROWTH),
            "--mature",
            &n(GATE_MATURE),
        ],
    )?;
    admin(
        &w,
        &[
            "set-market-allowance-cap",
            "--router",
            r,
            "--cap",
            &n(ALLOWANCE_CAP),
        ],
    )?;
    // The exchange's shortfall account: a fee-token account of the exchange's own.
    let exchange_treasury = Keypair::new().pubkey();
    let shortfall = fund_owner(&w.rpc, &w.admin.key, &fee_mint, &exchange_treasury, 0)?;
    admin(
        &w,
        &[
            "set-shortfall-account",
            "--router",
            r,
            "--account",
            &shortfall.to_string(),
        ],
    )?;

    // Two markets of the example exchange, each approved and opened on the router, with
    // inventory on both sides.
    let router_key = crate::tools::key(r)?;
    for (price, fee_bps) in MARKETS {
        let base_mint = create_mint(&w.rpc, &w.admin.key, 6, false, None)?;
        let (market, ix) = exchange::create_market_ix(
            &w.rpc,
            &me,
            &router_key,
            &base_mint,
            &fee_mint,
            price,
            fee_bps,
        )?;
        send(&w.rpc, &w.admin.key, &[], &[ix])?;
        let m = Market::fetch(&w.rpc, &market)?;
        mint_to(
            &w.rpc,
            &w.admin.key,
            &base_mint,
            &m.base_vault,
            1_000_000_000 * UNIT,
        )?;
        mint_to(
            &w.rpc,
            &w.admin.key,
            &fee_mint,
            &m.quote_vault,
            1_000_000_000 * UNIT,
        )?;
        let authority = market.to_string();
        admin(
            &w,
            &[
                "approve-market",
                "--router",
                r,
                "--market-authority",
                &authority,
            ],
        )?;
        admin(
            &w,
            &[
                "open-market",
                "--router",
                r,
                "--market-authority",
                &authority,
            ],
        )?;
        w.markets.push(m);
    }

    // Traders: fee tokens and both base tokens to trade with, protocol tokens staked.
    for (name, staked, notional) in TRADERS {
        let t = actor(&w.rpc, &w.admin.key, dir, name, staked, notional)?;
        let owner = t.key.pubkey();
        fund_owner(&w.rpc, &w.admin.key, &fee_mint, &owner, 100_000_000 * UNIT)?;
        for m in &w.markets {
            fund_owner(
                &w.rpc,
                &w.admin.key,
                &m.base_mint,
                &owner,
                100_000_000 * UNIT,
            )?;
        }
        if staked > 0 {
            fund_owner(&w.rpc, &w.admin.key, &protocol_mint, &owner, staked * UNIT)?;
            w.fr(&t, &["stake", "--router", r, "--amount", &n(staked * UNIT)])?;
        }
        w.traders.push(t);
    }

    // The week before: fees paid into the intake, split, and the markets' allowances funded.
    admin(
        &w,
        &["deposit", "--router", r, "--amount", &n(OPENING_FEES)],
    )?;
    w.cli
        .output(&w.keeper.path, &["crank", "--router", r, "--once"], false)?;
    w.cli
        .output(&w.keeper.path, &["crank", "--router", r, "--once"], false)?;
    w.check_allowances("the set-up's keeper passes")?;

    // The router handed to its stakers.
    let show = w.fr(&w.admin, &["show", "--router", r])?;
    let governance = field(&show, "governance.address")
        .as_str()
        .ok_or("show printed no governance address")?
        .to_string();
    admin(&w, &["propose-authority", "--router", r, &governance])?;
    admin(&w, &["accept-governance-authority", "--router", r])?;
    // A day for the stake to warm up (tiers) and to count in votes.
    time_travel_by(&w.rpc, DAY + 1)?;
    Ok(w)
}

/// A proposal on its way through a week.
struct Proposal {
    id: String,
    what: String,
}

fn propose(w: &World, args: &[&str], what: String) -> Result<Proposal> {
    let r = w.router.as_str();
    let proposer = w.traders.last().ok_or("no traders")?;
    let mut all = vec!["propose", "--router", r];
    all.extend_from_slice(args);
    let out = w.fr(proposer, &all)?;
    let id = num(&out["id"])?.to_string();
    // The stakers vote: every staked trader, for.
    for t in w.traders.iter().filter(|t| t.staked > 0) {
        w.fr(t, &["vote", "--router", r, "--proposal", &id, "yes"])?;
    }
    Ok(Proposal { id, what })
}

/// The week's time on the node: with proposals, voting, finalizing and executing them on the
/// way.
fn pass_the_week(w: &World, proposals: &[Proposal], events: &mut Vec<String>) -> Result<()> {
    if proposals.is_empty() {
        time_travel_by(&w.rpc, WEEK)?;
        return Ok(());
    }
    let r = w.router.as_str();
    let show = w.fr(&w.admin, &["show", "--router", r])?;
    let voting = u64::try_from(amount(&show, "governance.voting_period_seconds")?)
        .map_err(|_| "a voting period out of range")?;
    let timelock = u64::try_from(amount(&show, "governance.timelock_seconds")?)
        .map_err(|_| "a timelock out of range")?;
    if voting + timelock + 2 > WEEK {
        return Err("the voting period and timelock do not fit in a week".into());
    }
    time_travel_by(&w.rpc, voting + 1)?;
    for p in proposals {
        w.fr(&w.admin, &["finalize", "--router", r, "--proposal", &p.id])?;
    }
    time_travel_by(&w.rpc, timelock + 1)?;
    for p in proposals {
        w.fr(&w.admin, &["execute", "--router", r, "--proposal", &p.id])?;
        let state = w.fr(&w.admin, &["proposal", "--router", r, &p.id])?;
        let state = field(&state, "state").as_str().unwrap_or("?").to_string();
        events.push(format!("{} (proposal {}: {state})", p.what, p.id));
    }
    time_travel_by(&w.rpc, WEEK - voting - timelock - 2)?;
    Ok(())
}

/// The traders' week on the two markets: buys one week, sells the next.
fn trade_week(w: &World, week: u32) -> Result<()> {
    let growth = (10_000 + GROWTH_BPS_PER_WEEK) as f64 / 10_000.0;
    let scale = growth.powi(i32::try_from(week).map_err(|_| "too many weeks")? - 1);
    let buy = week % 2 == 1;
    for t in w.traders.iter().filter(|t| t.weekly_notional > 0) {
        let notional = (t.weekly_notional as f64 * scale).round() as u64 * UNIT;
        let legs: Vec<(&Market, bool, u64)> = w
            .markets
            .iter()
            .map(|m| {
                let base = u128::from(notional) * u128::from(PRICE_SCALE) / u128::from(m.price);
                (m, buy, u64::try_from(base).unwrap_or(u64::MAX))
            })
            .collect();
        exchange::trade(&w.rpc, &t.key, &legs).map_err(|e| format!("{}: {e}", t.name))?;
    }
    Ok(())
}

/// The week's SOL fees paid into the SOL line (growing as the dollar fees do) and the keeper's
/// pass over the line: its distribution splits by the pool's stage.
fn sol_week(w: &World, week: u32) -> Result<()> {
    let growth = (10_000 + GROWTH_BPS_PER_WEEK) as f64 / 10_000.0;
    let scale = growth.powi(i32::try_from(week).map_err(|_| "too many weeks")? - 1);
    let fees =
        ((SOL_WEEKLY_FEES / SOL_UNIT) as f64 * scale * 1_000.0).round() as u64 * (SOL_UNIT / 1_000);
    let amount = fees.to_string();
    w.fr(
        &w.admin,
        &["deposit", "--router", &w.line, "--amount", &amount],
    )?;
    w.cli.output(
        &w.keeper.path,
        &["crank", "--router", &w.line, "--once"],
        false,
    )?;
    Ok(())
}

/// SOL base units as tokens with three decimals.
fn sol(v: u128) -> String {
    format!("{:.3} SOL", v as f64 / SOL_UNIT as f64)
}

/// The keeper's crank pass; returns what it burned, checked against the mint's supply.
fn crank(w: &World) -> Result<u128> {
    let before = w.read()?;
    let limit = FLOOR_PRICE.to_string();
    w.cli.output(
        &w.keeper.path,
        &[
            "crank",
            "--router",
            &w.router,
            "--once",
            "--buy-at-or-below",
            &limit,
        ],
        false,
    )?;
    w.check_allowances("the keeper's pass")?;
    let after = w.read()?;
    let burned = after.burned - before.burned;
    let fell = u128::from(before.supply - after.supply);
    if fell != burned {
        return Err(format!(
            "the protocol supply fell by {fell}, the auction recorded {burned} burned"
        ));
    }
    Ok(burned)
}

fn apr(claimed: u128, active: u128) -> String {
    // Staked tokens valued at the auction's floor price, a week of yield times 52.
    let value = active as f64 * PRICE_SCALE as f64 / FLOOR_PRICE as f64;
    if value <= 0.0 {
        return "n/a".into();
    }
    format!("{:.1}%", claimed as f64 * 52.0 / value * 100.0)
}

pub fn run(o: &Opts) -> Result<()> {
    let weeks: u32 = o
        .get("weeks")
        .unwrap_or("6")
        .parse()
        .map_err(|_| "--weeks must be a number")?;
    let svg = o.get("svg").unwrap_or("target/projection.svg").to_string();
    let cli = Cli {
        bin: PathBuf::from(o.get("fee-router")?),
        url: o.get("url")?.to_string(),
    };
    let dir = std::env::temp_dir().join(format!("fee-router-loop-{}", std::process::id()));
    std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
    let result = run_in(o, cli, &dir, weeks, &svg);
    let _ = std::fs::remove_dir_all(&dir);
    result
}

fn run_in(o: &Opts, cli: Cli, dir: &Path, weeks: u32, svg: &str) -> Result<()> {
    let w = setup(o.rpc()?, cli, PathBuf::from(o.get("keypair")?), dir)?;
    let r = w.router.clone();
    println!(
        "router {r}: two markets (30 bps at $2.00, 10 bps at $0.50), traders staked 0 / 1,000 / \
         50,000 / 500,000 tokens (discount tiers 0 / 5 / 20 / 40%) and a holder staking \
         10,000,000 who does not trade, Growth gate {} and Mature \
         gate {} of trailing-30-day fees, insurance floor {} and cap {}, discount allowance {} \
         a market; the router governed by its stakers",
        dollars(GATE_GROWTH.into()),
        dollars(GATE_MATURE.into()),
        dollars(INSURANCE_FLOOR.into()),
        dollars(INSURANCE_CAP.into()),
        dollars(ALLOWANCE_CAP.into())
    );
    println!(
        "SOL fee line {}: the same stakers earn in it without staking again; {} of SOL fees the \
         first week, growing as the dollar fees do; one claim a week pays both lines",
        w.line,
        sol(SOL_WEEKLY_FEES.into())
    );
    println!(
        "{:<5} {:<10} {:<7} {:>11} {:>10} {:>12} {:>20} {:>14} {:>16} {:>14}  what happened",
        "week",
        "date",
        "stage",
        "fees",
        "discounts",
        "distributed",
        "staker yield (APR)",
        "SOL line yield",
        "burned (tokens)",
        "insurance fund"
    );
    let mut weekly_fees = vec![];
    let mut stage_proposed = false;
    let mut stage_moved_in: Option<u32> = None;
    let mut paid_out = false;
    let mut burned_total = 0u128;
    for week in 1..=weeks {
        let start = w.read()?;
        trade_week(&w, week)?;
        let burned = crank(&w)?;
        sol_week(&w, week)?;
        burned_total += burned;
        let mut events = vec![];
        let after_crank = w.read()?;
        let mut proposals = vec![];
        if !stage_proposed
            && after_crank.stage == "early"
            && after_crank.trailing >= u128::from(GATE_GROWTH)
        {
            proposals.push(propose(&w, &["set-stage", "growth"], format!(
                "trailing 30-day fees {} meet the Growth gate: the stakers voted the stage to Growth",
                dollars(after_crank.trailing)
            ))?);
            stage_proposed = true;
        } else if !paid_out && stage_moved_in.is_some_and(|k| k < week) {
            let fund = w.fr(&w.admin, &["insurance", "--router", &r])?;
            let payout = amount(&fund, "allowance_left")?.min(u128::from(SHORTFALL));
            proposals.push(propose(
                &w,
                &["insurance-payout", "--amount", &payout.to_string()],
                format!(
                    "the stakers voted the exchange a {} insurance payout",
                    dollars(payout)
                ),
            )?);
            paid_out = true;
        }
        let voted = !proposals.is_empty();
        pass_the_week(&w, &proposals, &mut events)?;
        if voted && stage_moved_in.is_none() && w.read()?.stage != "early" {
            stage_moved_in = Some(week);
        }
        for t in w.traders.iter().filter(|t| t.staked > 0) {
            w.fr(t, &["claim", "--router", &r])?;
        }
        let end = w.read()?;
        let fees = end.charged - start.charged;
        weekly_fees.push(fees);
        if burned > 0 {
            events.insert(
                0,
                format!(
                    "keeper bought the lot, supply down {} tokens",
                    grouped(burned / u128::from(UNIT))
                ),
            );
        }
        let unfunded = end.unfunded - start.unfunded;
        if unfunded > 0 {
            events.push(format!(
                "{} of discounts unfunded (allowance short)",
                dollars(unfunded)
            ));
        }
        let yield_ = end.claimed - start.claimed;
        println!(
            "{:<5} {:<10} {:<7} {:>11} {:>10} {:>12} {:>20} {:>14} {:>16} {:>14}  {}",
            week,
            date(start.time),
            start.stage,
            dollars(fees),
            dollars(end.discounts - start.discounts),
            dollars(end.distributed - start.distributed),
            format!("{} ({})", dollars(yield_), apr(yield_, end.active)),
            sol(end.sol_claimed - start.sol_claimed),
            grouped(burned / u128::from(UNIT)),
            dollars(end.insurance),
            events.join("; ")
        );
    }
    let end = w.read()?;
    println!(
        "checked on chain: the protocol supply fell by exactly the {} tokens burned; insurance paid out {}; stage {}",
        grouped(burned_total / u128::from(UNIT)),
        dollars(end.paid_out),
        end.stage
    );
    project(&w, &end, &weekly_fees, svg)
}

/// `fee-router simulate --months 24` from where the loop ended: the last 30 days' fees as
/// the first month, growing as the weeks did, the router's gates, guard rails, stake, auction
/// caps and supply.
fn project(w: &World, end: &Snapshot, weekly_fees: &[u128], svg: &str) -> Result<()> {
    let (first, last) = match (weekly_fees.first(), weekly_fees.last()) {
        (Some(&f), Some(&l)) if f > 0 && weekly_fees.len() > 1 => (f as f64, l as f64),
        _ => return Err("too few weeks to project from".into()),
    };
    let weekly = (last / first).powf(1.0 / (weekly_fees.len() - 1) as f64);
    let monthly_bps = ((weekly.powf(30.0 / 7.0) - 1.0) * 10_000.0).round() as i64;
    let start = date(end.time);
    let (y, m) = (&start[..4], &start[5..7]);
    let month_start = format!("{y}-{m}-01");
    // Payouts at the loop's rate: what it paid, a month of it, as a share of the fund.
    let monthly_payout = end.paid_out * 30 / (7 * weekly_fees.len() as u128);
    let payout_bps = (monthly_payout * 10_000 / end.insurance.max(1)).min(10_000);
    let n = |v: u128| v.to_string();
    // Amounts in tokens (both mints have 6 decimals), exactly.
    let tok = |v: u128| {
        let (whole, frac) = (v / u128::from(UNIT), v % u128::from(UNIT));
        if frac == 0 {
            whole.to_string()
        } else {
            format!("{whole}.{frac:06}")
                .trim_end_matches('0')
                .to_string()
        }
    };
    let args = [
        "--months",
        "24",
        "--start",
        &month_start,
        "--monthly-fees",
        &tok(end.trailing),
        "--growth-bps-per-month",
        &monthly_bps.to_string(),
        "--start-stage",
        &end.stage,
        "--gate-growth",
        &tok(GATE_GROWTH.into()),
        "--gate-mature",
        &tok(GATE_MATURE.into()),
        "--insurance-floor",
        &tok(INSURANCE_FLOOR.into()),
        "--insurance-cap",
        &tok(INSURANCE_CAP.into()),
        "--insurance-fund",
        &tok(end.insurance),
        "--insurance-payout-bps",
        &n(payout_bps),
        "--distributions-per-month",
        "4",
        "--staked",
        &tok(end.active),
        "--protocol-price",
        "0.5",
        "--supply",
        &tok(end.supply.into()),
        "--fee-decimals",
        "6",
        "--protocol-decimals",
        "6",
        "--epoch-seconds",
        &DAY.to_string(),
        "--floor-price",
        &FLOOR_PRICE.to_string(),
        "--max-start-price",
        &MAX_START_PRICE.to_string(),
        "--epoch-cap",
        &tok(AUCTION_CAP.into()),
        "--daily-cap",
        &tok(AUCTION_CAP.into()),
        "--runs",
        "200",
        "--volatility",
        "0.2",
        "--seed",
        "7",
        "--svg",
        svg,
    ];
    println!();
    println!(
        "== the next 24 months from the same parameters: {} in the last 30 days, growing {:.2}% a month as the weeks did, insurance payouts of {:.2}% of the fund a month as the loop paid (fee-router simulate {}) ==",
        dollars(end.trailing),
        monthly_bps as f64 / 100.0,
        payout_bps as f64 / 100.0,
        args.join(" ")
    );
    let out = w.cli.simulate(&args)?;
    println!("{out}");
    println!("chart: {svg}");
    Ok(())
}
