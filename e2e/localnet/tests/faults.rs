//! The command line under faults, against a real local node (SPEC §7): a reply lost on the
//! way back, a node that stops right after taking a transaction, an `--unsigned` file
//! submitted again, and `migrate` run twice and killed midway. What must hold each time: the
//! signature is printed before the wait, nothing is sent twice, nothing is paid twice, and the
//! user is told how to check.
mod common;

use std::io::{BufRead, BufReader};
use std::process::Stdio;
use std::time::{Duration, Instant};

use common::*;

/// `setup()` with 100 fee tokens in the user's account.
fn funded() -> Setup {
    let s = setup();
    s.user.tool(&[
        "fund",
        "--mint",
        &s.fee_mint,
        "--owner",
        &s.user.pubkey,
        "--amount",
        "100000000",
    ]);
    s
}

/// What the router recorded as deposited, and what its intake holds.
fn deposited(u: &User, router: &str) -> (u64, u64) {
    let show = u.json(&["show", "--router", router]);
    (
        num(&show["totals"]["deposited"]),
        num(&show["balances"]["intake"]),
    )
}

#[test]
fn a_deposit_whose_reply_is_lost_is_checked_not_sent_again_and_pays_once() {
    let s = funded();
    let r = s.router.as_str();
    let proxy = FaultProxy::start(&s.node.url, Fault::DropSendReply);
    let through = proxy.user(&s.user);
    let (code, stdout, stderr) = through.exit(&["deposit", "--router", r, "--amount", "2.5"]);
    // The node took it; the CLI found it landed by its signature instead of sending again.
    assert_eq!(code, Some(0), "{stderr}");
    let signature = announced(&stderr);
    assert!(stdout.contains(&signature), "{stdout}");
    assert_eq!(proxy.sends(), 1, "sent once, never again");
    assert_eq!(deposited(&s.user, r), (2_500_000, 2_500_000));
    let out = s.user.ok(&["confirm", &signature]);
    assert!(out.contains("landed"), "{out}");
}

#[test]
fn a_node_that_stops_after_the_send_leaves_the_signature_to_check_and_nothing_paid_twice() {
    let s = funded();
    let r = s.router.as_str();
    let proxy = FaultProxy::start(&s.node.url, Fault::StopAfterSend);
    let through = proxy.user(&s.user);
    let started = Instant::now();
    let (code, stdout, stderr) = through.exit(&["deposit", "--router", r, "--amount", "2.5"]);
    assert_eq!(
        code,
        Some(3),
        "a lost confirmation has its own exit status: {stderr}"
    );
    assert!(stdout.is_empty(), "nothing said to be done: {stdout}");
    assert!(started.elapsed() < Duration::from_secs(120));
    let signature = announced(&stderr);
    let last = stderr.lines().last().unwrap();
    assert!(last.contains(&signature), "{last}");
    assert!(last.contains(&format!("confirm {signature}")), "{last}");
    assert!(
        last.contains(&proxy.url),
        "the node in use is named: {last}"
    );
    assert_eq!(proxy.sends(), 1);
    // The node answers again: the check the message names says it landed, once.
    proxy.set(Fault::Nothing);
    let out = through.ok(&["confirm", &signature]);
    assert!(
        out.contains(&format!("Transaction {signature} landed")),
        "{out}"
    );
    assert_eq!(deposited(&s.user, r), (2_500_000, 2_500_000));
    assert_eq!(proxy.sends(), 1);
}

#[test]
fn an_unsigned_payout_file_submitted_again_pays_once() {
    let s = funded();
    let (u, r) = (&s.user, s.router.as_str());
    let shortfall = u.tool(&[
        "fund",
        "--mint",
        &s.fee_mint,
        "--owner",
        &s.other.pubkey,
        "--amount",
        "0",
    ]);
    let shortfall = shortfall.trim();
    u.ok(&[
        "set-shortfall-account",
        "--router",
        r,
        "--account",
        shortfall,
    ]);
    // Early: 10% of 10,000,000 to insurance; a fifth of it may be paid per 30 days.
    u.ok(&["deposit", "--router", r, "--amount", "10"]);
    u.ok(&["distribute", "--router", r]);
    let file = s.dir.0.join("payout.json");
    let printed = u.ok(&[
        "pay-insurance",
        "--router",
        r,
        "--amount",
        "0.05",
        "--authority",
        &u.pubkey,
        "--unsigned",
    ]);
    std::fs::write(&file, printed).unwrap();
    let submit = ["submit", "--yes", "--file", file.to_str().unwrap()];
    let (code, _, stderr) = u.exit(&submit);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(
        stderr.contains("pay_insurance"),
        "shown before it is signed: {stderr}"
    );
    let paid = |u: &User| num(&u.json(&["insurance", "--router", r])["paid_out"]);
    assert_eq!(paid(u), 50_000);
    // Again at once, and again ten days later: refused by the program, in words; paid once.
    for wait in [0, 10 * 86_400] {
        if wait > 0 {
            u.tool(&["time-travel", "--seconds", &wait.to_string()]);
        }
        let (code, stdout, stderr) = u.exit(&submit);
        assert_eq!(code, Some(1), "{stdout}\n{stderr}");
        assert!(stderr.contains("InsurancePayoutAlreadyMade"), "{stderr}");
        assert_eq!(paid(u), 50_000);
    }
}

/// A deploy config for `setup()`'s mints that changes four things from the defaults.
fn deploy_config(s: &Setup, shortfall: &str) -> String {
    format!(
        r#"fee_mint = "{fee}"
protocol_mint = "{protocol}"
shortfall_account = "{shortfall}"
rebate_authority = "{rebate}"
stage = "early"

[splits.early]
buyback = 2000
stakers = 3000
insurance = 1000
discount = 4000

[guard_rails]
insurance_floor = 1_000_000
insurance_cap = 50_000_000
insurance_topup_max_bps = 2000
discount_cap = 20_000_000
"#,
        fee = s.fee_mint,
        protocol = s.protocol_mint,
        rebate = s.other.pubkey,
    )
}

/// The steps `migrate` printed (`- ...` lines after `Router ...: N step(s)`).
fn steps(stdout: &str) -> Vec<String> {
    stdout
        .lines()
        .filter_map(|l| l.strip_prefix("- "))
        .map(str::to_string)
        .collect()
}

#[test]
fn migrate_converges_run_twice_or_killed_midway_and_applies_nothing_twice() {
    // Run twice by the creator of `setup()`'s router: the second run finds nothing to do.
    let s = setup();
    let u = &s.user;
    let shortfall = u.tool(&[
        "fund",
        "--mint",
        &s.fee_mint,
        "--owner",
        &s.other.pubkey,
        "--amount",
        "0",
    ]);
    let config = s.dir.0.join("deploy.toml");
    std::fs::write(&config, deploy_config(&s, shortfall.trim())).unwrap();
    let migrate = ["migrate", "--deploy-config", config.to_str().unwrap()];
    let first = steps(&u.ok(&migrate));
    assert_eq!(
        first.len(),
        4,
        "split, guard rails, rebate authority, shortfall: {first:?}"
    );
    let show = u.json(&["show", "--router", &s.router]);
    assert_eq!(num(&show["splits"][0]["buyback_bps"]), 2000, "{show}");
    let out = u.ok(&migrate);
    assert!(
        out.starts_with(&format!("Router {}: 0 step(s)", s.router)),
        "{out}"
    );

    // Killed after its first step by another deployer (a router of its own): the rerun
    // applies only what is left, and a third run nothing.
    let d = &s.other;
    let mut child = d
        .command(&migrate)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("migrate");
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let header = lines.next().unwrap().unwrap();
    let total: usize = header
        .split(": ")
        .nth(1)
        .and_then(|t| t.split(' ').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("{header}"));
    // The shortfall account is registered at creation: three changes after it.
    assert_eq!(total, 4, "a new router and its three changes: {header}");
    // The second step's line is printed once the first is confirmed.
    let _first = lines.next().unwrap().unwrap();
    let _second = lines.next().unwrap().unwrap();
    child.kill().unwrap();
    child.wait().unwrap();
    let rerun = steps(&d.ok(&migrate));
    assert!(
        !rerun.is_empty() && rerun.len() < total,
        "the rerun applies only what is left: {rerun:?}"
    );
    assert!(
        rerun
            .iter()
            .all(|step| !step.starts_with("initialize router")),
        "created once: {rerun:?}"
    );
    let out = d.ok(&migrate);
    assert!(out.contains(": 0 step(s)"), "{out}");
}

#[test]
fn a_market_opened_from_the_command_line_is_swept_by_the_crank() {
    let s = funded();
    let (u, r) = (&s.user, s.router.as_str());
    let market_authority = s.other.pubkey.as_str();
    // Not approved yet: said before anything is sent.
    let (code, _, err) = u.exit(&[
        "open-market",
        "--router",
        r,
        "--market-authority",
        market_authority,
    ]);
    assert_eq!(code, Some(1));
    assert!(err.contains("has not approved"), "{err}");
    u.ok(&[
        "approve-market",
        "--router",
        r,
        "--market-authority",
        market_authority,
    ]);
    let out = u.ok(&[
        "open-market",
        "--router",
        r,
        "--market-authority",
        market_authority,
    ]);
    assert!(out.contains("Market: "), "{out}");
    let markets = u.json(&["markets", "--router", r]);
    let market = &markets.as_array().expect("a list")[0];
    assert_eq!(market["authority"], market_authority);
    // An exchange that gives no discount pays its market's token account by plain transfer.
    let market_fees = market["market"].as_str().unwrap().to_string();
    let token = market["token_account"].as_str().unwrap().to_string();
    u.tool(&[
        "transfer",
        "--mint",
        &s.fee_mint,
        "--to",
        token.trim(),
        "--amount",
        "2500000",
    ]);
    let out = u.ok(&["crank", "--router", r, "--once"]);
    assert!(
        out.contains(&format!("swept 2.5 from market {market_fees}")),
        "{out}"
    );
    assert!(out.contains("distributed 2.5 from the intake"), "{out}");
    let markets = u.json(&["markets", "--router", r]);
    assert_eq!(markets[0]["direct"], "2500000");
    assert_eq!(markets[0]["swept"], "2500000");
    let show = u.json(&["show", "--router", r]);
    assert_eq!(num(&show["totals"]["deposited"]), 2_500_000);
    // `show` lists the markets with their totals, as `markets` does.
    assert_eq!(show["markets"], markets);
    let table = u.ok(&["show", "--router", r]);
    assert!(table.contains("markets: 1"), "{table}");
    assert!(
        table.contains(&format!("{market_fees}  authority {market_authority}")),
        "{table}"
    );
    assert!(table.contains("swept 2.5 (direct 2.5)"), "{table}");
}
