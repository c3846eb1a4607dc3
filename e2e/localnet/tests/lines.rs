//! End to end: one stake pool with two fee lines, from the command line: `add-fee-line`,
//! `show` listing the lines, a stake that passes every line, a line's distribution and a
//! claim in every line in one transaction.
mod common;

use common::*;

#[test]
fn a_holder_stakes_once_and_claims_in_every_fee_line_from_the_command_line() {
    let s = setup();
    let (u, pool) = (&s.user, s.router.as_str());
    let fee2 = u.tool(&["mint", "--decimals", "6"]);
    let out = u.ok(&[
        "init",
        "--fee-mint",
        &fee2,
        "--protocol-mint",
        &s.protocol_mint,
    ]);
    let line = out
        .lines()
        .find_map(|l| l.strip_prefix("Router: "))
        .expect("init prints the router")
        .to_string();
    u.ok(&["add-fee-line", "--router", pool, "--line", &line]);
    let show = u.json(&["show", "--router", &line]);
    assert_eq!(show["fee_lines"]["pool"], pool, "{show}");
    assert_eq!(show["fee_lines"]["slot"], 1, "{show}");
    assert_eq!(
        show["fee_lines"]["lines"][1]["router"],
        line.as_str(),
        "{show}"
    );
    // One line by its fee mint.
    let by_mint = u.json(&["show", "--router", pool, "--fee-mint", &fee2]);
    assert_eq!(by_mint["router"], line.as_str(), "{by_mint}");
    let (ok, _, err) = u.run(&["show", "--router", pool, "--fee-mint", &s.protocol_mint]);
    assert!(!ok && err.contains("no fee line"), "{err}");
    let table = u.ok(&["show", "--router", pool]);
    let row = line_of(&table, "Fee line 1");
    assert!(row.contains(&line) && row.contains(&fee2), "{table}");

    for (mint, amount) in [
        (&s.fee_mint, "100000000"),
        (&fee2, "100000000"),
        (&s.protocol_mint, "1000000"),
    ] {
        u.tool(&[
            "fund", "--mint", mint, "--owner", &u.pubkey, "--amount", amount,
        ]);
    }
    // Staking in a line is refused in words; in the pool it passes every line.
    let (ok, _, err) = u.run(&["stake", "--router", &line, "--amount", "0.001"]);
    assert!(!ok && err.contains("fee line 1 of the stake pool"), "{err}");
    u.ok(&["stake", "--router", pool, "--amount", "0.001"]);
    for router in [pool, line.as_str()] {
        u.ok(&["deposit", "--router", router, "--amount", "10"]);
        u.ok(&["distribute", "--router", router]);
    }
    u.tool(&["time-travel", "--seconds", &(8 * 86_400).to_string()]);
    let position = u.json(&["position", "--router", pool]);
    assert_eq!(num(&position["claimable"]), 3_000_000, "{position}");
    assert_eq!(
        num(&position["other_lines"][0]["claimable"]),
        3_000_000,
        "{position}"
    );
    // One claim pays both lines.
    u.ok(&["claim", "--router", pool]);
    let position = u.json(&["position", "--router", pool]);
    assert_eq!(num(&position["claimed"]), 3_000_000, "{position}");
    assert_eq!(
        num(&position["other_lines"][0]["claimable"]),
        0,
        "{position}"
    );
    let in_line = u.json(&["position", "--router", &line]);
    assert_eq!(num(&in_line["claimed"]), 3_000_000, "{in_line}");
}

#[test]
fn migrate_creates_and_joins_the_configured_fee_lines_once() {
    let s = setup();
    let u = &s.user;
    let fee2 = u.tool(&["mint", "--decimals", "6"]);
    let config = s.dir.0.join("deploy.toml");
    let text = format!(
        "fee_mint = \"{}\"\nprotocol_mint = \"{}\"\n\n[[fee_lines]]\nfee_mint = \"{fee2}\"\n\n[fee_lines.guard_rails]\ninsurance_floor = 1\ninsurance_cap = 2\ninsurance_topup_max_bps = 3\ndiscount_cap = 4\n",
        s.fee_mint, s.protocol_mint
    );
    std::fs::write(&config, text).unwrap();
    let migrate = ["migrate", "--deploy-config", config.to_str().unwrap()];
    let first: Vec<String> = u
        .ok(&migrate)
        .lines()
        .filter_map(|l| l.strip_prefix("- ").map(str::to_string))
        .collect();
    assert_eq!(first.len(), 3, "create, guard rails, join: {first:?}");
    assert!(first[0].starts_with("initialize fee line"), "{first:?}");
    assert!(first[2].contains("as a fee line"), "{first:?}");
    let show = u.json(&["show", "--router", &s.router]);
    let line = show["fee_lines"]["lines"][1]["router"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(
        show["fee_lines"]["lines"][1]["fee_mint"],
        fee2.as_str(),
        "{show}"
    );
    let line_show = u.json(&["show", "--router", &line]);
    assert_eq!(
        num(&line_show["guard_rails"]["discount_cap"]),
        4,
        "{line_show}"
    );
    let out = u.ok(&migrate);
    assert!(
        out.contains(": 0 step(s)"),
        "a second run changes nothing: {out}"
    );
}

#[test]
fn a_claim_across_five_fee_lines_pays_every_line_in_transactions_that_fit() {
    let s = setup();
    let (u, pool) = (&s.user, s.router.as_str());
    u.tool(&[
        "fund",
        "--mint",
        &s.protocol_mint,
        "--owner",
        &u.pubkey,
        "--amount",
        "1000000",
    ]);
    u.tool(&[
        "fund",
        "--mint",
        &s.fee_mint,
        "--owner",
        &u.pubkey,
        "--amount",
        "100000000",
    ]);
    let mut lines = vec![];
    for _ in 0..4 {
        let mint = u.tool(&["mint", "--decimals", "6"]);
        let out = u.ok(&[
            "init",
            "--fee-mint",
            &mint,
            "--protocol-mint",
            &s.protocol_mint,
        ]);
        let line = out
            .lines()
            .find_map(|l| l.strip_prefix("Router: "))
            .expect("init prints the router")
            .to_string();
        u.ok(&["add-fee-line", "--router", pool, "--line", &line]);
        u.tool(&[
            "fund",
            "--mint",
            &mint,
            "--owner",
            &u.pubkey,
            "--amount",
            "100000000",
        ]);
        lines.push(line);
    }
    u.ok(&["stake", "--router", pool, "--amount", "0.001"]);
    for router in std::iter::once(pool).chain(lines.iter().map(String::as_str)) {
        u.ok(&["deposit", "--router", router, "--amount", "10"]);
        u.ok(&["distribute", "--router", router]);
    }
    u.tool(&["time-travel", "--seconds", &(8 * 86_400).to_string()]);
    // The owner's token accounts of the four line mints exist (funded above); the claim pays
    // all five lines, four to a transaction.
    u.ok(&["claim", "--router", pool]);
    let position = u.json(&["position", "--router", pool]);
    assert_eq!(num(&position["claimed"]), 3_000_000, "{position}");
    let others = position["other_lines"].as_array().expect("other lines");
    assert_eq!(others.len(), 4, "{position}");
    for l in others {
        assert_eq!(num(&l["claimable"]), 0, "{position}");
    }
    for line in &lines {
        let p = u.json(&["position", "--router", line]);
        assert_eq!(num(&p["claimed"]), 3_000_000, "{p}");
    }
}
