//! The `fee-router` binary, run as a user runs it.
use std::process::Command;

use base64::Engine;
use fee_router::state::Stage;

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

#[test]
fn simulate_json_prints_the_seed_table_exactly() {
    let (ok, stdout, stderr) = fee_router(&["simulate", "--monthly-fees", "10000000", "--json"]);
    assert!(ok, "{stderr}");
    assert_eq!(
        stdout,
        concat!(
            r#"{"monthly_fees": 10000000, "stages": ["#,
            r#"{"stage": "early", "buyback": 1500000, "stakers": 3000000, "insurance": 1000000, "discount": 4500000}, "#,
            r#"{"stage": "growth", "buyback": 4000000, "stakers": 3000000, "insurance": 1000000, "discount": 2000000}, "#,
            r#"{"stage": "mature", "buyback": 5500000, "stakers": 2500000, "insurance": 1500000, "discount": 500000}"#,
            "]}\n"
        )
    );
}

#[test]
fn simulate_table_shows_amounts_and_basis_points() {
    let (ok, stdout, stderr) = fee_router(&["simulate", "--monthly-fees", "10000000"]);
    assert!(ok, "{stderr}");
    let early = stdout
        .lines()
        .find(|l| l.starts_with("early"))
        .expect("early row");
    for cell in [
        "1500000 (15.00%)",
        "3000000 (30.00%)",
        "1000000 (10.00%)",
        "4500000 (45.00%)",
    ] {
        assert!(early.contains(cell), "{early:?} lacks {cell}");
    }
    assert!(stdout.contains("5500000 (55.00%)"));
}

#[test]
fn simulate_conserves_odd_amounts() {
    let (ok, stdout, _) = fee_router(&[
        "simulate",
        "--monthly-fees",
        "18446744073709551615",
        "--json",
    ]);
    assert!(ok);
    let v: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    for stage in v["stages"].as_array().unwrap() {
        let sum: u128 = ["buyback", "stakers", "insurance", "discount"]
            .iter()
            .map(|k| u128::from(stage[k].as_u64().unwrap()))
            .sum();
        assert_eq!(sum, u128::from(u64::MAX), "{stage}");
    }
}

#[test]
fn unsigned_output_is_the_sdk_instruction_for_a_multisig_authority() {
    let router = anchor_lang::prelude::Pubkey::new_unique();
    let vault = anchor_lang::prelude::Pubkey::new_unique();
    let (ok, stdout, stderr) = fee_router(&[
        "set-stage",
        "--router",
        &router.to_string(),
        "--authority",
        &vault.to_string(),
        "--unsigned",
        "growth",
    ]);
    assert!(ok, "{stderr}");
    let v: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let expected = fee_router_sdk::ix::set_stage(&router, &vault, Stage::Growth);
    let ix = &v[0];
    assert_eq!(ix["program_id"], expected.program_id.to_string());
    let data = base64::engine::general_purpose::STANDARD
        .decode(ix["data"].as_str().unwrap())
        .unwrap();
    assert_eq!(data, expected.data);
    assert_eq!(ix["accounts"][0]["pubkey"], vault.to_string());
    assert_eq!(ix["accounts"][0]["is_signer"], true);
    assert_eq!(ix["accounts"][1]["pubkey"], router.to_string());
    assert_eq!(ix["accounts"][1]["is_writable"], true);
}

#[test]
fn unsigned_without_an_authority_is_refused_with_a_clear_error() {
    let router = anchor_lang::prelude::Pubkey::new_unique();
    let (ok, _, stderr) = fee_router(&[
        "set-stage",
        "--router",
        &router.to_string(),
        "--unsigned",
        "growth",
    ]);
    assert!(!ok);
    assert!(stderr.contains("--unsigned needs --authority"), "{stderr}");
}

#[test]
fn a_split_that_does_not_sum_to_ten_thousand_is_refused_before_sending() {
    let router = anchor_lang::prelude::Pubkey::new_unique();
    let (ok, _, stderr) = fee_router(&[
        "set-split",
        "--router",
        &router.to_string(),
        "--stage",
        "early",
        "--buyback",
        "1",
        "--stakers",
        "1",
        "--insurance",
        "1",
        "--discount",
        "1",
        "--unsigned",
    ]);
    assert!(!ok);
    assert!(stderr.contains("sum to 10000"), "{stderr}");
}

#[test]
fn a_url_nothing_answers_at_is_one_clear_line_and_a_non_zero_exit() {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let url = format!("http://127.0.0.1:{port}");
    let (ok, _, stderr) = fee_router(&[
        "--url",
        &url,
        "show",
        "--router",
        "11111111111111111111111111111112",
    ]);
    assert!(!ok);
    assert!(
        stderr.contains(&format!("no Solana JSON-RPC node answers at {url}")),
        "{stderr}"
    );
    assert_eq!(stderr.trim().lines().count(), 1, "{stderr}");
}

#[test]
fn a_config_file_that_cannot_be_read_is_an_error_not_a_fallback_to_mainnet() {
    let (ok, stdout, stderr) = fee_router(&[
        "-C",
        "/nonexistent/config.yml",
        "show",
        "--router",
        "11111111111111111111111111111112",
    ]);
    assert!(!ok);
    assert!(stdout.is_empty(), "{stdout}");
    assert_eq!(
        stderr.trim(),
        "error: cannot read the Solana CLI config file /nonexistent/config.yml: there is no such file"
    );
}

#[test]
fn a_closed_standard_output_ends_the_command_quietly_without_a_panic() {
    use std::os::unix::process::ExitStatusExt;
    let router = anchor_lang::prelude::Pubkey::new_unique().to_string();
    for args in [
        vec!["simulate", "--monthly-fees", "10000000"],
        vec!["simulate", "--monthly-fees", "10000000", "--json"],
        vec![
            "set-stage",
            "--router",
            &router,
            "--authority",
            &router,
            "--unsigned",
            "growth",
        ],
    ] {
        // The reading end is closed before the command writes: every write is refused.
        let (reader, writer) = std::io::pipe().unwrap();
        drop(reader);
        let out = Command::new(env!("CARGO_BIN_EXE_fee-router"))
            .args(&args)
            .stdout(writer)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.is_empty(), "{args:?}: {stderr}");
        assert_eq!(
            out.status.signal(),
            Some(13),
            "{args:?}: SIGPIPE, as `ls | true`"
        );
    }
}
