//! The crank under faults, against a scripted JSON-RPC node on loopback: a permanent error
//! stops it with a non-zero exit; a node that does not answer is retried on standard error; a
//! distribution whose confirmation was lost is logged with its signature, nothing is sent until
//! it settles, and its landing is logged.
mod common;

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{channel, Receiver};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use anchor_lang::prelude::Pubkey;
use anchor_lang::Discriminator;
use base64::Engine;
use bytemuck::Zeroable;
use fee_router::state::Router;
use serde_json::{json, Value};

use common::{with_context, FakeNode, Reply};

fn keypair(dir: &std::path::Path) -> String {
    std::fs::create_dir_all(dir).unwrap();
    let path = dir.join("id.json");
    let bytes = solana_keypair::Keypair::new().to_bytes().to_vec();
    std::fs::write(&path, serde_json::to_string(&bytes).unwrap()).unwrap();
    path.display().to_string()
}

/// `fee-router crank` on `url`, every second; its output lines, both streams, as they come.
fn crank(url: &str, keypair: &str, router: &Pubkey) -> (Child, Receiver<String>) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_fee-router"))
        .args([
            "--url",
            url,
            "--keypair",
            keypair,
            "--commitment",
            "finalized",
        ])
        .args(["crank", "--router", &router.to_string(), "--interval", "1"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let (tx, rx) = channel();
    let (out, err) = (child.stdout.take().unwrap(), child.stderr.take().unwrap());
    let tx_err = tx.clone();
    std::thread::spawn(move || {
        for l in BufReader::new(out).lines().map_while(Result::ok) {
            let _ = tx.send(format!("out: {l}"));
        }
    });
    std::thread::spawn(move || {
        for l in BufReader::new(err).lines().map_while(Result::ok) {
            let _ = tx_err.send(format!("err: {l}"));
        }
    });
    (child, rx)
}

/// Lines until one satisfies `done`, within `limit`.
fn until(
    rx: &Receiver<String>,
    lines: &mut Vec<String>,
    limit: Duration,
    done: impl Fn(&str) -> bool,
) {
    let deadline = Instant::now() + limit;
    while !lines.iter().any(|l| done(l)) {
        let left = deadline.saturating_duration_since(Instant::now());
        match rx.recv_timeout(left) {
            Ok(l) => lines.push(l),
            Err(_) => panic!("not seen in {limit:?}: {lines:#?}"),
        }
    }
}

fn stop(mut child: Child) -> std::process::ExitStatus {
    Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            return status;
        }
        assert!(Instant::now() < deadline, "the crank did not stop");
        std::thread::sleep(Duration::from_millis(50));
    }
}

fn wait(mut child: Child, limit: Duration) -> std::process::ExitStatus {
    let deadline = Instant::now() + limit;
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            return status;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("the crank did not stop by itself within {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn a_router_that_is_gone_stops_the_crank_with_a_non_zero_exit() {
    let dir = std::env::temp_dir().join(format!("fee-router-crank-gone-{}", std::process::id()));
    let node = FakeNode::start(|_, _, _| Reply::Result(with_context(Value::Null)));
    let router = Pubkey::new_unique();
    let (child, rx) = crank(&node.url, &keypair(&dir), &router);
    let status = wait(child, Duration::from_secs(10));
    let lines: Vec<String> = rx.try_iter().collect();
    assert_eq!(status.code(), Some(1), "{lines:#?}");
    let last = lines.last().unwrap();
    assert!(
        last.starts_with("err: error: the crank stopped: there is no account at"),
        "{lines:#?}"
    );
    assert_eq!(node.calls("sendTransaction"), 0);
}

#[test]
fn a_node_that_does_not_answer_is_retried_with_backoff_on_standard_error() {
    let dir = std::env::temp_dir().join(format!("fee-router-crank-down-{}", std::process::id()));
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let router = Pubkey::new_unique();
    let (child, rx) = crank(&format!("http://127.0.0.1:{port}"), &keypair(&dir), &router);
    let mut lines = vec![];
    until(&rx, &mut lines, Duration::from_secs(10), |l| {
        l.contains("retrying in 2s")
    });
    assert!(
        lines
            .iter()
            .filter(|l| l.contains("retrying in"))
            .all(|l| l.starts_with("err: ") && l.contains("no Solana JSON-RPC node answers at")),
        "{lines:#?}"
    );
    let status = stop(child);
    assert!(status.success(), "{status:?}");
}

#[test]
fn a_lost_confirmation_is_logged_with_its_signature_and_nothing_is_sent_until_it_lands() {
    let dir = std::env::temp_dir().join(format!("fee-router-crank-lost-{}", std::process::id()));
    let router = Pubkey::new_unique();
    let intake = Pubkey::new_unique();
    let mut state = Router::zeroed();
    state.vaults.intake = intake;
    state.vaults.stakers = Pubkey::new_unique();
    // One mint with 6 decimals as both the fee and the protocol mint: the crank logs amounts
    // in their tokens.
    let fee_mint = Pubkey::new_unique();
    state.fee_mint = fee_mint;
    state.protocol_mint = fee_mint;
    let mut mint = vec![0u8; 82];
    mint[44] = 6; // decimals
    mint[45] = 1; // initialized
    let mint = base64::engine::general_purpose::STANDARD.encode(&mint);
    let mut data = Router::DISCRIMINATOR.to_vec();
    data.extend_from_slice(bytemuck::bytes_of(&state));
    let data = base64::engine::general_purpose::STANDARD.encode(&data);
    // The distribution lands; its reply, and every status check for 16 s, are lost.
    let sent_at: Arc<Mutex<Option<Instant>>> = Arc::default();
    let landed = Arc::new(AtomicBool::new(false));
    let (sent, done) = (Arc::clone(&sent_at), Arc::clone(&landed));
    let node = FakeNode::start(move |method, params, _| {
        let silent = sent
            .lock()
            .unwrap()
            .is_some_and(|t| t.elapsed() < Duration::from_secs(16));
        match method {
            "getAccountInfo" if params[0] == router.to_string() => {
                Reply::Result(with_context(json!({
                    "data": [data, "base64"], "executable": false, "lamports": 1,
                    "owner": fee_router::ID.to_string(), "rentEpoch": 0,
                    "space": 8 + std::mem::size_of::<Router>()
                })))
            }
            "getAccountInfo" if params[0] == fee_mint.to_string() => {
                Reply::Result(with_context(json!({
                    "data": [mint, "base64"], "executable": false, "lamports": 1_461_600,
                    "owner": "TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA", "rentEpoch": 0,
                    "space": 82
                })))
            }
            "getTokenAccountBalance" => {
                let full = params[0] == intake.to_string() && !done.load(Ordering::SeqCst);
                let amount = if full { "5000" } else { "0" };
                Reply::Result(with_context(json!({
                    "amount": amount, "decimals": 6, "uiAmount": null, "uiAmountString": amount
                })))
            }
            "getLatestBlockhash" => Reply::Result(with_context(json!({
                "blockhash": Pubkey::new_unique().to_string(), "lastValidBlockHeight": 100
            }))),
            "sendTransaction" => {
                *sent.lock().unwrap() = Some(Instant::now());
                Reply::Drop
            }
            "getSignatureStatuses" if silent => Reply::Drop,
            "getSignatureStatuses" => {
                done.store(true, Ordering::SeqCst);
                Reply::Result(with_context(json!([{
                    "slot": 9, "confirmations": null, "status": {"Ok": null}, "err": null,
                    "confirmationStatus": "finalized"
                }])))
            }
            "isBlockhashValid" => Reply::Result(with_context(json!(true))),
            _ => Reply::Result(with_context(Value::Null)),
        }
    });
    let (child, rx) = crank(&node.url, &keypair(&dir), &router);
    let mut lines = vec![];
    until(&rx, &mut lines, Duration::from_secs(40), |l| {
        l.contains("nothing to do")
    });
    let status = stop(child);
    eprintln!("{}", lines.join("\n"));
    let signature = lines
        .iter()
        .find_map(|l| l.strip_prefix("err: Sending transaction "))
        .and_then(|l| l.split_whitespace().next())
        .unwrap_or_else(|| panic!("{lines:#?}"))
        .to_string();
    let lost = lines
        .iter()
        .position(|l| l.starts_with("out: ") && l.contains("confirmation was lost"))
        .unwrap_or_else(|| panic!("{lines:#?}"));
    assert!(
        lines[lost].contains("distribute 0.005 from the intake"),
        "{}",
        lines[lost]
    );
    assert!(lines[lost].contains(&signature), "{}", lines[lost]);
    let settled = lines
        .iter()
        .position(|l| l.starts_with("out: ") && l.ends_with(&format!("landed in {signature}")))
        .unwrap_or_else(|| panic!("{lines:#?}"));
    assert!(lost < settled);
    assert_eq!(node.calls("sendTransaction"), 1, "{lines:#?}");
    assert!(status.success(), "{status:?}");
}
