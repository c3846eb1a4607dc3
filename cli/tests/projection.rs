//! SPEC §7 (Projection): `fee-router simulate --months N`, run as a user runs it: its JSON
//! against a golden file, the seed's table as the first month from each stage, the same seed
//! giving the same bands, CSV rows, and the chart read back as XML with its named series.
//! Without `--months`, `simulate` prints today's one-month table and JSON unchanged.
use std::path::Path;
use std::process::Command;

use serde_json::Value;

fn fee_router(args: &[&str]) -> (bool, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_fee-router"))
        .args(args)
        .output()
        .expect("run fee-router");
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn golden(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/golden")
        .join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Four months of fees growing 20% a month through every guard rail: the floor top-up, the
/// insurance cap, the discount cap, the yield cap at a stake, the auction's day cap at a
/// price, and both stage gates.
const GUARDED: &[&str] = &[
    "simulate",
    "--months",
    "4",
    "--start",
    "2026-01-01",
    "--monthly-fees",
    "10000000",
    "--growth-bps-per-month",
    "2000",
    "--gate-growth",
    "15000000",
    "--gate-mature",
    "20000000",
    "--insurance-floor",
    "2000000",
    "--insurance-cap",
    "5000000",
    "--discount-cap",
    "3000000",
    "--staked",
    "1000000000000",
    "--yield-cap-scaled",
    "182500000",
    "--protocol-price",
    "0.5",
    "--supply",
    "100000000000000",
    "--daily-cap",
    "200000",
];

#[test]
fn simulate_months_json_matches_the_golden_file() {
    let mut args = GUARDED.to_vec();
    args.push("--json");
    let (ok, stdout, stderr) = fee_router(&args);
    assert!(ok, "{stderr}");
    assert_eq!(stdout, golden("simulate_months.json"));
    // What the golden file says, read as a person would check it.
    let v: Value = serde_json::from_str(&stdout).unwrap();
    let m1 = &v["rows"][0];
    // 2,000,000 tops the insurance up to its floor first (20% of 10,000,000), the Early split
    // divides the other 8,000,000, and discount above its 3,000,000 cap goes to buyback.
    assert_eq!(m1["insurance_topup"], 2_000_000);
    assert_eq!(m1["insurance"], 2_800_000);
    assert_eq!(m1["discount_overflow"], 600_000);
    assert_eq!(
        m1["burned"], 3_600_000,
        "1,800,000 sold at 2 protocol units each"
    );
    let m2 = &v["rows"][1];
    assert_eq!(m2["stakers"], 3_499_999, "a week at the yield cap's rate");
    assert_eq!(m2["stakers_overflow"], 100_001);
    let stages: Vec<&str> = v["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["stage"].as_str().unwrap())
        .collect();
    assert_eq!(stages, ["early", "early", "early", "early"]);
}

#[test]
fn without_months_simulate_prints_the_one_month_table_unchanged() {
    let (ok, stdout, stderr) = fee_router(&["simulate", "--monthly-fees", "10000000"]);
    assert!(ok, "{stderr}");
    assert_eq!(stdout, golden("simulate_table.txt"));
}

#[test]
fn the_seed_table_is_the_first_month_of_a_projection_from_each_stage() {
    let (ok, one_month, _) = fee_router(&["simulate", "--monthly-fees", "10000000", "--json"]);
    assert!(ok);
    let table: Value = serde_json::from_str(&one_month).unwrap();
    for (i, stage) in ["early", "growth", "mature"].iter().enumerate() {
        let (ok, stdout, stderr) = fee_router(&[
            "simulate",
            "--monthly-fees",
            "10000000",
            "--months",
            "3",
            "--start-stage",
            stage,
            "--start",
            "2026-01-01",
            "--json",
        ]);
        assert!(ok, "{stderr}");
        let v: Value = serde_json::from_str(&stdout).unwrap();
        let first = &v["rows"][0];
        let seed = &table["stages"][i];
        assert_eq!(first["stage"], *stage);
        for bucket in ["buyback", "stakers", "insurance", "discount"] {
            assert_eq!(first[bucket], seed[bucket], "{stage} {bucket}");
        }
    }
}

#[test]
fn a_gate_met_moves_the_stage_in_the_month_after() {
    let mut args = GUARDED.to_vec();
    args[2] = "6";
    args.push("--json");
    let (ok, stdout, stderr) = fee_router(&args);
    assert!(ok, "{stderr}");
    let v: Value = serde_json::from_str(&stdout).unwrap();
    let rows = v["rows"].as_array().unwrap();
    // 17,280,000 in month 4 meets Growth's 15,000,000; 20,736,000 in month 5 meets Mature's.
    assert_eq!(rows[3]["fees"], 17_280_000);
    assert_eq!(rows[4]["stage"], "growth");
    assert_eq!(rows[5]["stage"], "mature");
}

fn bands(seed: &str) -> String {
    let (ok, stdout, stderr) = fee_router(&[
        "simulate",
        "--months",
        "12",
        "--start",
        "2026-01-01",
        "--monthly-fees",
        "10000000",
        "--runs",
        "50",
        "--volatility",
        "0.3",
        "--seed",
        seed,
        "--json",
    ]);
    assert!(ok, "{stderr}");
    stdout
}

#[test]
fn the_same_seed_gives_the_same_bands_and_p10_p50_p90_are_ordered() {
    let a = bands("42");
    assert_eq!(a, bands("42"));
    assert_ne!(a, bands("43"));
    let v: Value = serde_json::from_str(&a).unwrap();
    for row in v["rows"].as_array().unwrap() {
        for figure in ["fees", "buyback", "stakers", "insurance", "discount"] {
            let b = &row[figure];
            let (p10, p50, p90) = (b["p10"].as_u64(), b["p50"].as_u64(), b["p90"].as_u64());
            assert!(p10 <= p50 && p50 <= p90, "{figure}: {b}");
        }
    }
    let last = &v["rows"][11]["fees"];
    assert!(
        last["p10"].as_u64() < last["p90"].as_u64(),
        "a spread: {last}"
    );
}

#[test]
fn csv_prints_a_header_and_a_row_a_month() {
    let mut args = GUARDED.to_vec();
    args.push("--csv");
    let (ok, stdout, stderr) = fee_router(&args);
    assert!(ok, "{stderr}");
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 5);
    assert!(lines[0].starts_with("month,date,stage,fees,buyback,stakers,insurance,discount,"));
    assert!(lines[1].starts_with("1,2026-01-01,early,10000000,1800000,2400000,2800000,3000000,"));
    let cells = lines[0].split(',').count();
    assert!(lines.iter().all(|l| l.split(',').count() == cells));

    let (ok, stdout, _) = fee_router(&[
        "simulate",
        "--months",
        "2",
        "--monthly-fees",
        "100",
        "--runs",
        "3",
        "--volatility",
        "0.1",
        "--csv",
    ]);
    assert!(ok);
    assert!(
        stdout.starts_with("month,date,stage_p10,stage_p50,stage_p90,fees_p10,fees_p50,fees_p90,")
    );
}

/// Every `<text>` of the SVG, whitespace trimmed.
fn texts(svg: &str) -> Vec<String> {
    let doc = roxmltree::Document::parse(svg).expect("the chart is well-formed XML");
    assert_eq!(doc.root_element().tag_name().name(), "svg");
    doc.descendants()
        .filter(|n| n.has_tag_name("text"))
        .filter_map(|n| n.text())
        .map(|t| t.trim().to_string())
        .collect()
}

#[test]
fn the_svg_is_xml_with_every_named_series() {
    let dir = std::env::temp_dir().join(format!("fee-router-svg-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("projection.svg");
    let mut args = GUARDED.to_vec();
    args[2] = "24";
    let path_s = path.display().to_string();
    args.extend([
        "--runs",
        "40",
        "--volatility",
        "0.25",
        "--seed",
        "1",
        "--svg",
        &path_s,
    ]);
    let (ok, stdout, stderr) = fee_router(&args);
    assert!(ok, "{stderr}");
    assert!(
        stdout.contains("P50 [P10..P90] over 40 fee paths"),
        "{stdout}"
    );
    let svg = std::fs::read_to_string(&path).unwrap();
    assert!(
        !svg.contains("xlink:href") && !svg.contains("<image"),
        "self-contained"
    );
    let texts = texts(&svg);
    for series in [
        "buyback",
        "stakers",
        "insurance",
        "discount",
        "fees: P10-P90 band",
        "cumulative burn (P50)",
        "cumulative burn: P10-P90 band",
        "staker APR (P50)",
        "staker APR: P10-P90 band",
        "insurance fund (P50)",
        "insurance fund: P10-P90 band",
        "insurance floor",
        "insurance cap",
        "stage: early",
        "month starting (UTC date)",
        "fee tokens a month",
        "protocol tokens",
        "APR, % a year",
        "2026-01-01",
    ] {
        assert!(
            texts.iter().any(|t| t == series),
            "no {series:?} in {texts:?}"
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn projection_options_need_months_and_bad_values_are_refused() {
    for (args, says) in [
        (
            vec!["simulate", "--monthly-fees", "1", "--runs", "5"],
            "--months",
        ),
        (
            vec!["simulate", "--months", "0", "--monthly-fees", "1"],
            "--months takes 1 to 1200",
        ),
        (vec!["simulate", "--months", "2"], "--monthly-fees"),
        (
            vec![
                "simulate",
                "--months",
                "2",
                "--monthly-fees",
                "1",
                "--stage-schedule",
                "late:3",
            ],
            "not a stage",
        ),
        (
            vec![
                "simulate",
                "--months",
                "2",
                "--fees-csv",
                "/nonexistent/fees.csv",
            ],
            "cannot read /nonexistent/fees.csv",
        ),
        (
            vec![
                "simulate",
                "--months",
                "2",
                "--monthly-fees",
                "1",
                "--protocol-price",
                "-1",
            ],
            "positive",
        ),
    ] {
        let (ok, stdout, stderr) = fee_router(&args);
        assert!(!ok, "{args:?}: {stdout}");
        let last = stderr.trim_end().lines().last().unwrap_or("");
        assert!(
            last.starts_with("error: ") && last.contains(says),
            "{args:?}: {stderr}"
        );
    }
}

#[test]
fn fees_from_a_csv_file_and_a_stage_schedule() {
    let dir = std::env::temp_dir().join(format!("fee-router-csv-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("fees.csv");
    std::fs::write(&file, "month,fees\n1,10000000\n2,10000000\n3,10000000\n").unwrap();
    let (ok, stdout, stderr) = fee_router(&[
        "simulate",
        "--months",
        "3",
        "--fees-csv",
        file.to_str().unwrap(),
        "--stage-schedule",
        "early:0,growth:1,mature:2",
        "--json",
    ]);
    assert!(ok, "{stderr}");
    let v: Value = serde_json::from_str(&stdout).unwrap();
    let rows = v["rows"].as_array().unwrap();
    let buyback: Vec<u64> = rows
        .iter()
        .map(|r| r["buyback"].as_u64().unwrap())
        .collect();
    assert_eq!(buyback, [1_500_000, 4_000_000, 5_500_000]);
    let _ = std::fs::remove_dir_all(&dir);
}

/// [`GUARDED`] typed in tokens of two 6-decimal mints: every amount a millionth of its base
/// units.
const GUARDED_IN_TOKENS: &[&str] = &[
    "simulate",
    "--months",
    "4",
    "--start",
    "2026-01-01",
    "--monthly-fees",
    "10",
    "--growth-bps-per-month",
    "2000",
    "--gate-growth",
    "15",
    "--gate-mature",
    "20",
    "--insurance-floor",
    "2",
    "--insurance-cap",
    "5",
    "--discount-cap",
    "3",
    "--staked",
    "1000000",
    "--yield-cap-scaled",
    "182500000",
    "--protocol-price",
    "0.5",
    "--supply",
    "100000000",
    "--daily-cap",
    "0.2",
    "--fee-decimals",
    "6",
    "--protocol-decimals",
    "6",
];

#[test]
fn with_the_mints_decimals_amounts_are_typed_in_tokens_and_the_json_keeps_base_units() {
    let mut args = GUARDED_IN_TOKENS.to_vec();
    args.push("--json");
    let (ok, stdout, stderr) = fee_router(&args);
    assert!(ok, "{stderr}");
    assert_eq!(
        stdout,
        golden("simulate_months.json"),
        "the same projection as in base units, to the base unit"
    );
    // `--base-units` takes base units even with the decimals given (as the exchange loop
    // runs it).
    let mut args = vec!["--base-units"];
    args.extend_from_slice(GUARDED);
    args.extend(["--fee-decimals", "6", "--protocol-decimals", "6", "--json"]);
    let (ok, stdout, stderr) = fee_router(&args);
    assert!(ok, "{stderr}");
    assert_eq!(stdout, golden("simulate_months.json"));
    // CSV: base units too.
    let mut args = GUARDED_IN_TOKENS.to_vec();
    args.push("--csv");
    let (ok, stdout, stderr) = fee_router(&args);
    assert!(ok, "{stderr}");
    assert!(
        stdout
            .lines()
            .nth(1)
            .unwrap()
            .starts_with("1,2026-01-01,early,10000000,1800000,2400000,2800000,3000000,"),
        "{stdout}"
    );
}

/// The table's row for `month` (its first cell), split on runs of two spaces or more.
fn table_row<'a>(table: &'a str, month: &str) -> Vec<&'a str> {
    let line = table
        .lines()
        .find(|l| l.split_whitespace().next() == Some(month) && l.contains("2026-"))
        .unwrap_or_else(|| panic!("no month {month} in {table}"));
    line.split("  ")
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .collect()
}

#[test]
fn with_the_mints_decimals_the_table_prints_tokens_and_names_their_units() {
    let (ok, tokens, stderr) = fee_router(GUARDED_IN_TOKENS);
    assert!(ok, "{stderr}");
    let (ok, base, stderr) = fee_router(GUARDED);
    assert!(ok, "{stderr}");
    // Month 1: fees 10,000,000 base units = 10 fee tokens; buyback 1.80; burned 3,600,000
    // protocol base units = 3.60 protocol tokens.
    let t = table_row(&tokens, "1");
    let b = table_row(&base, "1");
    assert_eq!(
        &t[..9],
        [
            "1",
            "2026-01-01",
            "early",
            "10",
            "1.80",
            "2.40",
            "2.80",
            "3",
            "3.60"
        ]
    );
    assert_eq!(
        &b[..9],
        [
            "1",
            "2026-01-01",
            "early",
            "10000000",
            "1800000",
            "2400000",
            "2800000",
            "3000000",
            "3600000"
        ],
        "without the decimals the table stays in base units"
    );
    let header = tokens.lines().position(|l| l.starts_with("month")).unwrap();
    let units = tokens.lines().nth(header + 1).unwrap();
    assert!(
        units.contains("fee tokens") && units.contains("protocol tokens"),
        "a unit row under the header: {tokens}"
    );
    assert!(
        tokens.contains("Amounts in fee tokens (6 decimals; --json and --csv print base units); burned in protocol tokens (6 decimals;"),
        "{tokens}"
    );
    assert!(
        tokens.contains("Insurance: floor 2 (") && tokens.contains("cap 5,"),
        "the assumptions in tokens: {tokens}"
    );
    assert!(
        tokens.contains(
            "Stakers: 1000000 staked, yield cap 0.0001825 fee tokens per protocol token a year"
        ),
        "{tokens}"
    );
    assert!(
        tokens.contains("floor price 0.000000001 protocol tokens per fee token"),
        "{tokens}"
    );
    let base_header = base.lines().position(|l| l.starts_with("month")).unwrap();
    assert!(
        base.lines().nth(base_header + 1).unwrap().starts_with("1 "),
        "no unit row in base units: {base}"
    );
    assert!(base.contains("Amounts in fee-token base units; burned in protocol-token base units."));
}

#[test]
fn large_token_figures_are_thousands_separated_and_bands_too() {
    let (ok, stdout, stderr) = fee_router(&[
        "simulate",
        "--months",
        "2",
        "--start",
        "2026-01-01",
        "--monthly-fees",
        "266332.258532",
        "--fee-decimals",
        "6",
        "--runs",
        "20",
        "--volatility",
        "0.3",
        "--seed",
        "3",
    ]);
    assert!(ok, "{stderr}");
    let row = table_row(&stdout, "1");
    // The first month's fees are drawn around 266,332.258532 fee tokens: a P50 with its
    // P10..P90, every figure thousands-separated to the cent.
    let fees = row[3];
    let (p50, band) = fees.split_once(" [").expect(fees);
    let (p10, p90) = band.trim_end_matches(']').split_once("..").expect(fees);
    for x in [p50, p10, p90] {
        let (whole, cents) = x.rsplit_once('.').unwrap_or((x, ""));
        assert!(cents.len() <= 2, "{x}");
        assert!(whole.contains(','), "{x}");
        let n: f64 = x.replace(',', "").parse().unwrap();
        assert!((50_000.0..2_000_000.0).contains(&n), "{x}");
    }
}

#[test]
fn a_token_amount_finer_than_its_mint_or_a_fraction_of_a_base_unit_is_refused() {
    for (args, says) in [
        (
            vec!["simulate", "--monthly-fees", "1.0000001", "--fee-decimals", "6"],
            "--monthly-fees (in fee tokens, 6 decimals): 1.0000001 has more decimal places than the mint's 6: the smallest amount is 0.000001",
        ),
        (
            vec!["simulate", "--monthly-fees", "1.5"],
            "1.5 is not a whole number of base units: without --fee-decimals",
        ),
        (
            vec!["--base-units", "simulate", "--monthly-fees", "1.5", "--fee-decimals", "6"],
            "(in fee-token base units: --base-units): 1.5 is not a whole number of base units",
        ),
        (
            vec![
                "simulate", "--months", "2", "--monthly-fees", "1", "--fee-decimals", "6",
                "--protocol-decimals", "2", "--staked", "0.001",
            ],
            "--staked (in protocol tokens, 2 decimals): 0.001 has more decimal places",
        ),
        (
            vec![
                "simulate", "--months", "2", "--monthly-fees", "1", "--staked", "0.5",
            ],
            "without --protocol-decimals",
        ),
        (
            vec!["simulate", "--monthly-fees", "18446744073709.551616", "--fee-decimals", "6"],
            "more than a token account can hold",
        ),
        (
            vec!["simulate", "--monthly-fees", "1", "--fee-decimals", "20"],
            "invalid value",
        ),
    ] {
        let (ok, stdout, stderr) = fee_router(&args);
        assert!(!ok, "{args:?}: {stdout}");
        assert!(stdout.is_empty(), "nothing printed: {args:?}: {stdout}");
        let last = stderr.trim_end().lines().last().unwrap_or("");
        assert!(
            last.starts_with("error: ") && last.contains(says),
            "{args:?}: {stderr}"
        );
    }
}

#[test]
fn the_one_month_table_prints_fee_tokens_when_their_decimals_are_given() {
    let (ok, stdout, stderr) = fee_router(&[
        "simulate",
        "--monthly-fees",
        "10000000",
        "--fee-decimals",
        "6",
    ]);
    assert!(ok, "{stderr}");
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(
        lines[0],
        "Monthly fees: 10,000,000 fee tokens (6 decimals); each bucket in fee tokens"
    );
    let early: Vec<&str> = lines[2].split_whitespace().collect();
    assert_eq!(
        early,
        [
            "early",
            "1,500,000",
            "(15.00%)",
            "3,000,000",
            "(30.00%)",
            "1,000,000",
            "(10.00%)",
            "4,500,000",
            "(45.00%)"
        ]
    );
    // Its JSON keeps base units.
    let (ok, json, _) = fee_router(&[
        "simulate",
        "--monthly-fees",
        "10000000",
        "--fee-decimals",
        "6",
        "--json",
    ]);
    assert!(ok);
    let v: Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["monthly_fees"], 10_000_000_000_000u64);
    assert_eq!(v["stages"][0]["buyback"], 1_500_000_000_000u64);
    // Without the decimals, the JSON is today's.
    let (ok, json, _) = fee_router(&["simulate", "--monthly-fees", "10000000", "--json"]);
    assert!(ok);
    let v: Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["monthly_fees"], 10_000_000);
}

#[test]
fn the_readme_shows_the_token_table_this_prints() {
    let readme =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("../README.md"))
            .expect("README.md");
    let (ok, stdout, stderr) = fee_router(&[
        "simulate",
        "--months",
        "24",
        "--start",
        "2026-01-01",
        "--fee-decimals",
        "6",
        "--protocol-decimals",
        "6",
        "--monthly-fees",
        "10000000",
        "--growth-bps-per-month",
        "300",
        "--gate-growth",
        "12000000",
        "--gate-mature",
        "18000000",
        "--insurance-floor",
        "5000000",
        "--insurance-cap",
        "20000000",
        "--discount-cap",
        "3000000",
        "--staked",
        "200000000",
        "--yield-cap-scaled",
        "100000000000",
        "--distributions-per-month",
        "30",
        "--protocol-price",
        "0.5",
        "--supply",
        "1000000000",
        "--daily-cap",
        "500000",
    ]);
    assert!(ok, "{stderr}");
    let header = stdout.lines().position(|l| l.starts_with("month")).unwrap();
    for line in stdout.lines().skip(header).take(3) {
        assert!(
            readme.lines().any(|l| l == line),
            "the README does not show {line:?}"
        );
    }
}
