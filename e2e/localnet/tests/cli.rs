//! End to end: the `fee-router` binary, run as a user runs it, against a real JSON-RPC node
//! (`fee-router-localnet`, surfpool offline) serving the built program on loopback ports.
//! Every test stops its node; nothing is left running.
mod common;

use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::*;

#[test]
fn the_cli_runs_the_product_against_a_local_node() {
    let mut s = setup();
    let (u, r) = (&s.user, s.router.as_str());
    u.tool(&[
        "fund",
        "--mint",
        &s.fee_mint,
        "--owner",
        &u.pubkey,
        "--amount",
        "100000000",
    ]);
    u.tool(&[
        "fund",
        "--mint",
        &s.protocol_mint,
        "--owner",
        &u.pubkey,
        "--amount",
        "1000000",
    ]);

    // Stake first, so the staker share is paid to stakers rather than redirected.
    // Amounts in tokens: 0.001 protocol tokens (9 decimals), 2.5 fee tokens (6 decimals).
    u.ok(&["stake", "--router", r, "--amount", "0.001"]);
    for _ in 0..3 {
        u.ok(&["deposit", "--router", r, "--amount", "2.5"]);
    }
    // A plain transfer into the intake: counted as unattributed fees at the distribution.
    let show = u.json(&["show", "--router", r]);
    let intake = show["vaults"]["intake"].as_str().unwrap().to_string();
    u.tool(&[
        "transfer",
        "--mint",
        &s.fee_mint,
        "--to",
        &intake,
        "--amount",
        "2500000",
    ]);
    u.ok(&["distribute", "--router", r]);

    // The seed's Early split of 10,000,000, exactly.
    let show = u.json(&["show", "--router", r]);
    let b = &show["balances"];
    assert_eq!(
        [
            num(&b["intake"]),
            num(&b["buyback"]),
            num(&b["stakers"]),
            num(&b["insurance"]),
            num(&b["discount"])
        ],
        [0, 1_500_000, 3_000_000, 1_000_000, 4_500_000],
        "{show}"
    );
    let t = &show["totals"];
    assert_eq!(
        (num(&t["deposited"]), num(&t["unattributed"])),
        (7_500_000, 2_500_000)
    );
    assert_eq!(show["stage"], "early");

    let position = u.json(&["position", "--router", r]);
    assert_eq!(num(&position["active"]), 1_000_000);
    // The table: tokens, the stream's end as a date with the time left, no cap as `none`.
    let out = u.ok(&["show", "--router", r]);
    assert!(line_of(&out, "Insurance cap").ends_with(" none"), "{out}");
    assert_eq!(
        line_of(&out, "stakers ")
            .split_whitespace()
            .collect::<Vec<_>>(),
        ["stakers", "3", "3"],
        "balance and routed in, in fee tokens: {out}"
    );
    let stream_end = show["staking"]["stream_end"].as_i64().unwrap();
    let staking = line_of(&out, "staked ");
    let until = format!(
        "staked 0.001 active, 0 cooling; stream 3 until {}, in ",
        utc_minute(stream_end)
    );
    assert!(staking.starts_with(&until), "{staking}");
    // The week's stream began moments ago.
    let left = staking[until.len()..].split(';').next().unwrap();
    assert!(["6 d 23 h", "7 d"].contains(&left), "{staking}");
    // The yield now: 3 fee tokens over the week's stream on 0.001 protocol tokens, and with
    // 0.002 more staked a third of it.
    let out = u.ok(&["position", "--router", r, "--if-stake", "0.002"]);
    let yield_now = line_of(&out, "Yield now");
    let with_more = line_of(&out, "With more");
    assert!(
        yield_now.ends_with("fee tokens per protocol token a year"),
        "{out}"
    );
    let rate = |l: &str| -> f64 {
        let n = l
            .split_whitespace()
            .find(|w| w.parse::<f64>().is_ok())
            .unwrap();
        n.parse().unwrap()
    };
    let (now_rate, more_rate) = (
        rate(&yield_now),
        rate(with_more.split(": ").nth(1).unwrap()),
    );
    assert!(
        now_rate > 150_000.0 && now_rate < 160_000.0,
        "3 * 365 / 7 / 0.001: {out}"
    );
    assert!((now_rate / more_rate - 3.0).abs() < 0.01, "{out}");
    // A deposit finer than the fee mint's six decimals is refused, never rounded.
    let (ok, _, err) = u.run(&["deposit", "--router", r, "--amount", "0.0000001"]);
    assert!(!ok);
    assert!(
        err.contains("more decimal places than the mint's 6"),
        "{err}"
    );

    // A week and a day later the whole staker share has streamed out.
    u.tool(&["time-travel", "--seconds", &(8 * 86_400).to_string()]);
    u.ok(&["claim", "--router", r]);
    let position = u.json(&["position", "--router", r]);
    assert_eq!(num(&position["claimed"]), 3_000_000, "{position}");

    // Setters, pause and unpause.
    u.ok(&[
        "set-split",
        "--router",
        r,
        "--stage",
        "growth",
        "--buyback",
        "5000",
        "--stakers",
        "2000",
        "--insurance",
        "1000",
        "--discount",
        "2000",
    ]);
    let show = u.json(&["show", "--router", r]);
    assert_eq!(num(&show["splits"][1]["buyback_bps"]), 5000);
    u.ok(&["pause", "--router", r, "deposit"]);
    let (ok, _, err) = u.run(&["deposit", "--router", r, "--amount", "0.000001"]);
    assert!(!ok);
    assert!(
        err.contains("This operation is paused; try again once it is unpaused"),
        "{err}"
    );
    assert!(err.contains("PauseOperationPaused"), "{err}");
    u.ok(&["unpause", "--router", r, "deposit"]);
    // One base unit, given as such.
    u.ok(&["--base-units", "deposit", "--router", r, "--amount", "1"]);

    // Someone else is refused, in words.
    let (ok, _, err) = s.other.run(&["set-stage", "--router", r, "mature"]);
    assert!(!ok);
    assert!(
        err.contains("Only the router's authority may do this"),
        "{err}"
    );

    // A multisig's path: print the setter unsigned, then sign and send it separately.
    let printed = u.ok(&[
        "set-stage",
        "--router",
        r,
        "--authority",
        &u.pubkey,
        "--unsigned",
        "mature",
    ]);
    let file = s.dir.0.join("set-stage.json");
    std::fs::write(&file, &printed).unwrap();
    assert_eq!(
        u.json(&["show", "--router", r])["stage"],
        "early",
        "printing sends nothing"
    );
    u.ok(&["submit", "--yes", "--file", file.to_str().unwrap()]);
    assert_eq!(u.json(&["show", "--router", r])["stage"], "mature");

    assert!(s.node.stop(), "the node stops on SIGTERM");
}

#[test]
fn bad_input_gets_a_clear_message_and_a_non_zero_exit() {
    let s = setup();
    let u = &s.user;
    // An address with nothing at it.
    let (ok, _, err) = u.run(&["show", "--router", "11111111111111111111111111111112"]);
    assert!(!ok);
    assert!(
        err.contains("there is no account at 11111111111111111111111111111112"),
        "{err}"
    );
    // An account that is not a router.
    let (ok, _, err) = u.run(&["show", "--router", &s.fee_mint]);
    assert!(!ok);
    assert!(err.contains("is not a fee-router router"), "{err}");
    // A mint that is not a mint.
    let (ok, _, err) = u.run(&[
        "init",
        "--fee-mint",
        &s.router,
        "--protocol-mint",
        &s.protocol_mint,
    ]);
    assert!(!ok);
    assert!(
        err.contains(&format!("{} is not a mint", s.router)),
        "{err}"
    );
    // A keypair file that does not exist.
    let missing = User {
        keypair: PathBuf::from("/nonexistent/id.json"),
        pubkey: String::new(),
        url: u.url.clone(),
    };
    let (ok, _, err) = missing.run(&["distribute", "--router", &s.router]);
    assert!(!ok);
    assert!(
        err.contains("cannot read keypair /nonexistent/id.json"),
        "{err}"
    );
    // A URL nothing answers at.
    let nobody = User {
        keypair: u.keypair.clone(),
        pubkey: u.pubkey.clone(),
        url: format!("http://127.0.0.1:{}", free_port()),
    };
    let started = Instant::now();
    let (ok, _, err) = nobody.run(&["show", "--router", &s.router]);
    assert!(!ok);
    assert!(err.contains("no Solana JSON-RPC node answers at"), "{err}");
    assert_eq!(
        err.lines().count(),
        1,
        "one line, not a chain of retries: {err}"
    );
    assert!(started.elapsed() < Duration::from_secs(20));
}

#[test]
fn the_crank_distributes_survives_rpc_errors_and_stops_on_a_signal() {
    let s = setup();
    let (u, r) = (&s.user, s.router.as_str());
    u.tool(&[
        "fund",
        "--mint",
        &s.fee_mint,
        "--owner",
        &u.pubkey,
        "--amount",
        "1000000",
    ]);

    // Below the threshold, one pass does nothing; above it, it distributes.
    u.ok(&["deposit", "--router", r, "--amount", "0.0004"]);
    let out = u.ok(&["crank", "--router", r, "--threshold", "0.001", "--once"]);
    assert!(
        out.contains("nothing to do: the intake holds 0.0004, below 0.001"),
        "{out}"
    );
    u.ok(&["deposit", "--router", r, "--amount", "0.0006"]);
    let out = u.ok(&["crank", "--router", r, "--threshold", "0.001", "--once"]);
    assert!(out.contains("distributed 0.001 from the intake"), "{out}");

    // Through a connection that fails at first, the running crank retries and distributes.
    u.ok(&["deposit", "--router", r, "--amount", "0.005"]);
    let port: u16 = s.node.url.rsplit(':').next().unwrap().parse().unwrap();
    let proxy = flaky_proxy(port, 3);
    let mut crank = Command::new(fee_router_bin())
        .args(["--url", &format!("http://127.0.0.1:{proxy}")])
        .args([
            "--keypair",
            u.keypair.to_str().unwrap(),
            "--commitment",
            "confirmed",
        ])
        .args([
            "crank",
            "--router",
            r,
            "--threshold",
            "0.001",
            "--interval",
            "1",
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("crank");
    // Actions on standard output, errors and retries on standard error: both, as they come.
    let stdout = crank.stdout.take().unwrap();
    let stderr = crank.stderr.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    let tx_err = tx.clone();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            let _ = tx.send(line);
        }
    });
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            let _ = tx_err.send(line);
        }
    });
    let mut lines = vec![];
    let deadline = Instant::now() + Duration::from_secs(60);
    while !lines
        .iter()
        .any(|l: &String| l.contains("distributed 0.005"))
    {
        let left = deadline.saturating_duration_since(Instant::now());
        lines.push(
            rx.recv_timeout(left)
                .unwrap_or_else(|_| panic!("no distribution: {lines:#?}")),
        );
    }
    assert!(
        lines
            .iter()
            .any(|l| l.contains("error:") && l.contains("retrying in")),
        "the crank met the failing connections and retried: {lines:#?}"
    );

    // SIGTERM: a clean stop, exit status 0.
    Command::new("kill")
        .args(["-TERM", &crank.id().to_string()])
        .status()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(10);
    let status = loop {
        if let Some(status) = crank.try_wait().unwrap() {
            break status;
        }
        assert!(Instant::now() < deadline, "the crank did not stop");
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(status.success(), "{status:?}");
    let rest: Vec<String> = rx.try_iter().collect();
    assert!(rest.iter().any(|l| l.ends_with("stopped")), "{rest:#?}");
}

#[test]
fn token_holders_change_the_split_by_vote_from_the_command_line() {
    let s = setup();
    let (u, o, r) = (&s.user, &s.other, s.router.as_str());
    for holder in [u, o] {
        u.tool(&[
            "fund",
            "--mint",
            &s.protocol_mint,
            "--owner",
            &holder.pubkey,
            "--amount",
            "5000000000",
        ]);
        holder.ok(&["stake", "--router", r, "--amount", "5"]);
    }
    // Short rules for the test, then hand the router to its governance.
    u.ok(&[
        "set-governance-params",
        "--router",
        r,
        "--voting-period-seconds",
        "3600",
        "--timelock-seconds",
        "3600",
        "--grace-seconds",
        "3600",
        "--min-stake-to-propose",
        "1",
    ]);
    let governance = u.json(&["show", "--router", r])["governance"]["address"]
        .as_str()
        .unwrap()
        .to_string();
    u.ok(&["propose-authority", "--router", r, &governance]);
    u.ok(&["accept-governance-authority", "--router", r]);
    let show = u.json(&["show", "--router", r]);
    assert_eq!(show["governance"]["mode"], "governance", "{show}");
    // The key no longer sets anything directly.
    let (ok, _, err) = u.run(&["set-stage", "--router", r, "growth"]);
    assert!(!ok);
    assert!(err.contains("governed by its stakers"), "{err}");

    u.tool(&["time-travel", "--seconds", "10"]);
    let out = u.ok(&[
        "propose",
        "--router",
        r,
        "set-split",
        "--stage",
        "early",
        "--buyback",
        "2500",
        "--stakers",
        "2500",
        "--insurance",
        "2500",
        "--discount",
        "2500",
    ]);
    assert!(out.starts_with("Proposal 0: "), "{out}");
    // Its deadlines as dates, with the time left on the cluster's clock.
    let p0 = u.json(&["proposal", "--router", r, "0"]);
    let out = u.ok(&["proposal", "--router", r, "0"]);
    let ends = num(&p0["voting_ends_at"]) as i64;
    let voting_ends = line_of(&out, "Voting ends");
    let (date, left) = voting_ends
        .trim_start_matches("Voting ends")
        .trim()
        .split_once(", ")
        .unwrap_or_else(|| panic!("{out}"));
    assert_eq!(date, utc_minute(ends), "{out}");
    assert!(
        left == "in 1 h" || left.starts_with("in 59 min "),
        "an hour to vote: {out}"
    );
    u.ok(&["vote", "--router", r, "--proposal", "0", "yes"]);
    o.ok(&["vote", "--router", r, "--proposal", "0", "no"]);
    // A second vote changes the voter's vote (its weight moves), it never counts twice.
    u.ok(&["vote", "--router", r, "--proposal", "0", "no"]);
    let out = u.ok(&["proposal", "--router", r, "0"]);
    assert!(
        line_of(&out, "Yes / no / abstain").ends_with(" 0 / 10 / 0"),
        "votes in protocol tokens: {out}"
    );
    let listed = u.json(&["proposals", "--router", r]);
    assert_eq!(
        (num(&listed[0]["yes"]), num(&listed[0]["no"])),
        (0, 10_000_000_000),
        "{listed}"
    );
    u.ok(&["vote", "--router", r, "--proposal", "0", "yes"]);
    let listed = u.json(&["proposals", "--router", r]);
    assert_eq!(listed[0]["state"], "voting", "{listed}");
    assert_eq!(
        (num(&listed[0]["yes"]), num(&listed[0]["no"])),
        (5_000_000_000, 5_000_000_000)
    );
    u.tool(&["time-travel", "--seconds", "3601"]);
    u.ok(&["finalize", "--router", r, "--proposal", "0"]);
    // A tie is not a majority.
    assert_eq!(
        u.json(&["proposal", "--router", r, "0"])["state"],
        "defeated"
    );

    u.ok(&[
        "propose",
        "--router",
        r,
        "set-split",
        "--stage",
        "early",
        "--buyback",
        "2500",
        "--stakers",
        "2500",
        "--insurance",
        "2500",
        "--discount",
        "2500",
    ]);
    u.ok(&["vote", "--router", r, "--proposal", "1", "yes"]);
    o.ok(&["vote", "--router", r, "--proposal", "1", "abstain"]);
    u.tool(&["time-travel", "--seconds", "3601"]);
    u.ok(&["finalize", "--router", r, "--proposal", "1"]);
    let (ok, _, err) = o.run(&["execute", "--router", r, "--proposal", "1"]);
    assert!(!ok);
    assert!(err.contains("The timelock has not ended"), "{err}");
    u.tool(&["time-travel", "--seconds", "3601"]);
    // Execution is permissionless: the user's key, also the guardian (init's default),
    // executes what the vote decided.
    u.ok(&["execute", "--router", r, "--proposal", "1"]);
    let show = u.json(&["show", "--router", r]);
    assert_eq!(num(&show["splits"][0]["buyback_bps"]), 2500, "{show}");
    assert_eq!(
        u.json(&["proposal", "--router", r, "1"])["state"],
        "executed"
    );
}

#[test]
fn a_keeper_buys_back_and_burns_from_the_command_line() {
    let s = setup();
    let (u, r) = (&s.user, s.router.as_str());
    u.tool(&[
        "fund",
        "--mint",
        &s.fee_mint,
        "--owner",
        &u.pubkey,
        "--amount",
        "10000000",
    ]);
    u.tool(&[
        "fund",
        "--mint",
        &s.protocol_mint,
        "--owner",
        &u.pubkey,
        "--amount",
        "1000000000000",
    ]);
    // Nothing staked: the buyback takes 45% of an Early distribution.
    u.ok(&["deposit", "--router", r, "--amount", "10"]);
    u.ok(&["distribute", "--router", r]);
    let auction = u.json(&["auction", "--router", r]);
    assert_eq!(
        num(&auction["lot"]),
        0,
        "nothing on offer before governance prices it: {auction}"
    );
    // Two protocol base units per fee base unit at the floor, epochs from 5 to 40.
    u.ok(&[
        "set-auction-params",
        "--router",
        r,
        "--epoch-seconds",
        "3600",
        "--floor-price",
        "2000000000",
        "--min-start-price",
        "5000000000",
        "--max-start-price",
        "40000000000",
        "--multiplier-bps",
        "20000",
        "--epoch-cap",
        "1",
        "--daily-cap",
        "3",
    ]);
    let auction = u.json(&["auction", "--router", r]);
    assert_eq!(
        (num(&auction["lot"]), num(&auction["buyback_vault"])),
        (1_000_000, 4_500_000)
    );
    let price = num(&auction["price_now"]);
    assert!(price <= 5_000_000_000 && price > 2_000_000_000, "{auction}");
    // A purchase names the epoch it was quoted.
    let epoch = num(&auction["epoch_id"]).to_string();
    // Too little maximum payment: refused in words.
    let (ok, _, err) = u.run(&[
        "buy",
        "--router",
        r,
        "--epoch",
        &epoch,
        "--amount",
        "1",
        "--max-payment",
        "0.000000001",
    ]);
    assert!(!ok);
    assert!(err.contains("exceed your maximum"), "{err}");
    let (ok, _, err) = u.run(&[
        "buy",
        "--router",
        r,
        "--amount",
        "0.00001",
        "--max-payment",
        "0.001",
        "--epoch",
        "999",
    ]);
    assert!(!ok);
    assert!(err.contains("another epoch"), "{err}");
    u.ok(&[
        "buy",
        "--router",
        r,
        "--epoch",
        &epoch,
        "--amount",
        "0.4",
        "--max-payment",
        "100",
    ]);
    let auction = u.json(&["auction", "--router", r]);
    assert_eq!(num(&auction["fee_sold"]), 400_000);
    assert!(
        num(&auction["burned"]) >= 800_000,
        "at least the floor's price: {auction}"
    );
    assert_eq!(auction["payment_goes_to"], "burn");

    // The crank fills the auction once the price is at or below the keeper's limit.
    u.tool(&["time-travel", "--seconds", "3600"]);
    let out = u.ok(&[
        "crank",
        "--router",
        r,
        "--once",
        "--buy-at-or-below",
        "2000000000",
    ]);
    assert!(
        out.contains("bought 1 from the buyback at 2000000000"),
        "{out}"
    );
    let auction = u.json(&["auction", "--router", r]);
    assert_eq!(num(&auction["fee_sold"]), 1_400_000);
}

#[test]
fn rebates_and_insurance_payouts_from_the_command_line() {
    let s = setup();
    let (u, o, r) = (&s.user, &s.other, s.router.as_str());
    u.tool(&[
        "fund",
        "--mint",
        &s.fee_mint,
        "--owner",
        &u.pubkey,
        "--amount",
        "10000000",
    ]);
    // The trader (the other user) stakes 5 protocol tokens and has a fee-token account.
    u.tool(&[
        "fund",
        "--mint",
        &s.protocol_mint,
        "--owner",
        &o.pubkey,
        "--amount",
        "5000000000",
    ]);
    let trader_account = u.tool(&[
        "fund",
        "--mint",
        &s.fee_mint,
        "--owner",
        &o.pubkey,
        "--amount",
        "0",
    ]);
    let trader_account = trader_account.trim();
    o.ok(&["stake", "--router", r, "--amount", "5"]);

    // The defaults: five tiers, a day's warm-up, no rebate authority yet.
    let tiers = u.json(&["tiers", "--router", r]);
    assert_eq!(tiers["rebate_authority"], "none");
    assert_eq!(tiers["tiers"].as_array().unwrap().len(), 5);
    assert_eq!(num(&tiers["warmup_seconds"]), 86_400);
    // 10% from 1 token and 25% from 5, after an hour.
    u.ok(&[
        "set-discount-tiers",
        "--router",
        r,
        "--warmup-seconds",
        "3600",
        "--tier",
        "1:1000",
        "--tier",
        "5:2500",
    ]);
    u.ok(&[
        "set-rebate-authority",
        "--router",
        r,
        "--rebate-authority",
        &u.pubkey,
    ]);
    let out = u.ok(&["tiers", "--router", r]);
    assert!(out.contains("25.00%") && out.contains(&u.pubkey), "{out}");

    // The trader's tier: none while its stake warms up, the top one when it has.
    let tier = u.json(&["tier", "--router", r, "--trader", &o.pubkey]);
    assert_eq!(
        (num(&tier["active"]), num(&tier["warmed"])),
        (5_000_000_000, 0),
        "{tier}"
    );
    assert!(tier["now"]["tier"].is_null(), "{tier}");
    assert_eq!(tier["after_warmup"]["tier"], 2, "{tier}");
    assert_eq!(num(&tier["after_warmup"]["rebate_bps"]), 2_500);
    let ends = tier["warmup_ends_at"].as_i64().unwrap();
    let out = u.ok(&["tier", "--router", r, "--trader", &o.pubkey]);
    assert!(
        line_of(&out, "Stake").ends_with("5 active, 0 warmed up"),
        "{out}"
    );
    assert!(
        line_of(&out, "Now").ends_with("no tier: no discount"),
        "{out}"
    );
    let warmup = line_of(&out, "Warm-up ends");
    assert!(
        warmup.contains(&format!("{}, in ", utc_minute(ends)))
            && warmup.ends_with("tier 2: 25.00% of each fee rebated or discounted"),
        "{out}"
    );

    // Early stage: 45% of fees to discount, 10% to insurance.
    u.ok(&["deposit", "--router", r, "--amount", "10"]);
    u.ok(&["distribute", "--router", r]);

    // Inside the warm-up the trader's stake buys no tier; after it, 25% of the fee.
    let fee = [
        "rebate",
        "--router",
        r,
        "--trader",
        &o.pubkey,
        "--fee-paid",
        "1",
    ];
    u.ok(&fee);
    assert_eq!(num(&u.json(&["tiers", "--router", r])["paid"]), 0);
    u.tool(&["time-travel", "--seconds", "3601"]);
    let out = u.ok(&["tier", "--router", r, "--trader", &o.pubkey]);
    assert!(
        line_of(&out, "Now").ends_with("tier 2: 25.00% of each fee rebated or discounted"),
        "{out}"
    );
    assert!(
        line_of(&out, "Warm-up ends").ends_with("(all active stake counts)"),
        "{out}"
    );
    u.ok(&fee);
    let tiers = u.json(&["tiers", "--router", r]);
    assert_eq!((num(&tiers["paid"]), num(&tiers["reports"])), (250_000, 2));
    assert_eq!(num(&tiers["discount_vault"]), 4_500_000 - 250_000);
    // Only the registered authority reports: refused in words, before anything is sent.
    let (ok, _, err) = o.run(&fee);
    assert!(!ok);
    assert!(err.contains("not this router's rebate authority"), "{err}");

    // Insurance: nothing registered yet, so nothing can be paid.
    let insurance = u.json(&["insurance", "--router", r]);
    assert_eq!(insurance["shortfall_account"], "none");
    assert_eq!(num(&insurance["insurance_vault"]), 1_000_000);
    assert_eq!(num(&insurance["allowance_left"]), 200_000);
    let (ok, _, err) = u.run(&["pay-insurance", "--router", r, "--amount", "0.000001"]);
    assert!(!ok);
    assert!(err.contains("no shortfall account"), "{err}");
    // A wallet, the fee mint or a protocol-token account cannot be registered: said before
    // anything is sent (the program refuses them too).
    let protocol_account = u.tool(&[
        "fund",
        "--mint",
        &s.protocol_mint,
        "--owner",
        &o.pubkey,
        "--amount",
        "0",
    ]);
    for (bad, says) in [
        (o.pubkey.as_str(), "is not a token account"),
        (s.fee_mint.as_str(), "is not a token account"),
        (protocol_account.trim(), "is a token account of mint"),
    ] {
        let (ok, _, err) = u.run(&["set-shortfall-account", "--router", r, "--account", bad]);
        assert!(!ok);
        assert!(
            err.contains("cannot be the shortfall account") && err.contains(says),
            "{err}"
        );
        assert!(!err.contains("Sending transaction"), "{err}");
    }
    assert_eq!(
        u.json(&["insurance", "--router", r])["shortfall_account"],
        "none"
    );
    u.ok(&[
        "set-shortfall-account",
        "--router",
        r,
        "--account",
        trader_account,
    ]);
    // A fifth of the fund per 30 days: one unit more is refused by the program, in words.
    let (ok, _, err) = u.run(&["pay-insurance", "--router", r, "--amount", "0.200001"]);
    assert!(!ok);
    assert!(err.contains("period's cap"), "{err}");
    u.ok(&["pay-insurance", "--router", r, "--amount", "0.2"]);
    let insurance = u.json(&["insurance", "--router", r]);
    assert_eq!(
        (
            num(&insurance["paid_out"]),
            num(&insurance["allowance_left"]),
            num(&insurance["insurance_vault"])
        ),
        (200_000, 0, 800_000)
    );
    // The status report carries both outflows.
    let show = u.json(&["show", "--router", r]);
    assert_eq!(num(&show["outflows"]["rebates_paid"]), 250_000);
    assert_eq!(num(&show["outflows"]["insurance_paid_out"]), 200_000);
}

/// The README's "Amounts and dates" examples are commands these tests run: each line, with R
/// the router and T the trader, appears here as the argument list given to `fee-router`.
#[test]
fn the_readme_examples_are_commands_these_tests_run() {
    let readme = std::fs::read_to_string(root().join("README.md")).expect("README.md");
    let section = readme
        .split("### Amounts and dates")
        .nth(1)
        .expect("the README's Amounts and dates section");
    let block = section
        .split("```sh\n")
        .nth(1)
        .and_then(|b| b.split("```").next())
        .expect("its command block");
    let source = include_str!("cli.rs")
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .replace(",]", "]");
    let mut checked = 0;
    for line in block.lines().filter(|l| !l.trim().is_empty()) {
        let args = line
            .strip_prefix("fee-router ")
            .unwrap_or_else(|| panic!("not a fee-router command: {line}"));
        let listed: Vec<String> = args
            .split_whitespace()
            .map(|a| match a {
                "R" => "r".to_string(),
                "T" => "&o.pubkey".to_string(),
                other => format!("{other:?}"),
            })
            .collect();
        let expected = format!("&[{}]", listed.join(","));
        assert!(
            source.contains(&expected),
            "the README shows `{line}`, which no test here runs ({expected})"
        );
        checked += 1;
    }
    assert!(checked >= 10, "{block}");
}
