//! Sending under faults, against a scripted JSON-RPC node on loopback: a send whose reply is
//! lost, a node that stops after the send, an identical transaction that already landed, one
//! that expires, a refusal with the program's log. The signature is printed before anything
//! is sent, a lost confirmation exits 3 with the signature and how to check it, and nothing is
//! ever sent twice. (The same faults against the real local node are the end-to-end suite's.)
mod common;

use std::process::{Command, Output};
use std::sync::{Arc, Mutex};

use anchor_lang::prelude::Pubkey;
use base64::Engine;
use serde_json::{json, Value};
use solana_signer::Signer;

use common::{with_context, FakeNode, Reply};

/// The signature of the transaction a `sendTransaction` carries (base64, as the client sends).
fn signature_of(params: &Value) -> String {
    let wire = base64::engine::general_purpose::STANDARD
        .decode(params[0].as_str().unwrap())
        .unwrap();
    let bytes: [u8; 64] = wire[1..65].try_into().unwrap();
    solana_signature::Signature::from(bytes).to_string()
}

/// The answers to the calls every send makes, the same in every scenario.
fn usual(method: &str, params: &Value, landed: &Mutex<Option<String>>) -> Option<Reply> {
    Some(match method {
        "getLatestBlockhash" => Reply::Result(with_context(json!({
            "blockhash": Pubkey::new_unique().to_string(),
            "lastValidBlockHeight": 100
        }))),
        "isBlockhashValid" => Reply::Result(with_context(json!(true))),
        "sendTransaction" => {
            let signature = signature_of(params);
            *landed.lock().unwrap() = Some(signature.clone());
            Reply::Result(json!(signature))
        }
        _ => return None,
    })
}

fn finalized() -> Value {
    with_context(json!([{
        "slot": 9, "confirmations": null, "status": {"Ok": null}, "err": null,
        "confirmationStatus": "finalized"
    }]))
}

struct User {
    dir: std::path::PathBuf,
    keypair: std::path::PathBuf,
    file: std::path::PathBuf,
}

/// A keypair, and a `set-stage` printed unsigned for it, in a fresh directory.
fn user(name: &str) -> User {
    let dir = std::env::temp_dir().join(format!("fee-router-faults-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let key = solana_keypair::Keypair::new();
    let keypair = dir.join("id.json");
    std::fs::write(
        &keypair,
        serde_json::to_string(&key.to_bytes().to_vec()).unwrap(),
    )
    .unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_fee-router"))
        .args(["set-stage", "--router", &Pubkey::new_unique().to_string()])
        .args([
            "--authority",
            &key.pubkey().to_string(),
            "--unsigned",
            "growth",
        ])
        .output()
        .unwrap();
    assert!(out.status.success());
    let file = dir.join("set-stage.json");
    std::fs::write(&file, &out.stdout).unwrap();
    User { dir, keypair, file }
}

impl User {
    fn submit(&self, node: &FakeNode) -> (Output, String, String) {
        let out = Command::new(env!("CARGO_BIN_EXE_fee-router"))
            .args(["--url", &node.url, "--commitment", "finalized"])
            .args(["--keypair", self.keypair.to_str().unwrap()])
            .args(["submit", "--yes", "--file", self.file.to_str().unwrap()])
            .output()
            .unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
        let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
        assert!(!stderr.contains("panicked"), "{stderr}");
        eprintln!("exit {:?}, stderr:\n{stderr}", out.status.code());
        let _ = std::fs::remove_dir_all(&self.dir);
        (out, stdout, stderr)
    }
}

/// The signature the CLI announced before sending.
fn announced(stderr: &str) -> String {
    stderr
        .lines()
        .find_map(|l| l.strip_prefix("Sending transaction "))
        .and_then(|l| l.split_whitespace().next())
        .unwrap_or_else(|| panic!("no signature announced: {stderr}"))
        .to_string()
}

#[test]
fn a_confirmed_send_prints_the_signature_before_and_after() {
    let landed = Arc::new(Mutex::new(None));
    let l = Arc::clone(&landed);
    let node = FakeNode::start(move |m, p, _| {
        usual(m, p, &l).unwrap_or_else(|| Reply::Result(finalized()))
    });
    let (out, stdout, stderr) = user("ok").submit(&node);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    let signature = announced(&stderr);
    assert_eq!(stdout.trim(), format!("Signature: {signature}"));
    assert_eq!(landed.lock().unwrap().as_deref(), Some(signature.as_str()));
    assert_eq!(node.calls("sendTransaction"), 1);
}

#[test]
fn a_send_whose_reply_is_lost_is_checked_not_resent() {
    let landed = Arc::new(Mutex::new(None));
    let l = Arc::clone(&landed);
    let node = FakeNode::start(move |m, p, _| match m {
        // The node takes the transaction and the reply is lost on the way back.
        "sendTransaction" => {
            *l.lock().unwrap() = Some(signature_of(p));
            Reply::Drop
        }
        _ => usual(m, p, &l).unwrap_or_else(|| Reply::Result(finalized())),
    });
    let (out, stdout, stderr) = user("lost-reply").submit(&node);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(stdout.contains(&announced(&stderr)), "{stdout}");
    assert_eq!(node.calls("sendTransaction"), 1, "sent once, never again");
}

#[test]
fn a_node_that_stops_after_the_send_ends_with_the_signature_and_exit_3() {
    let landed = Arc::new(Mutex::new(None));
    let l = Arc::clone(&landed);
    let node = FakeNode::start(move |m, p, _| {
        usual(m, p, &l).unwrap_or(Reply::Drop) // every status check: no answer
    });
    let (out, stdout, stderr) = user("stops").submit(&node);
    assert_eq!(out.status.code(), Some(3), "{stderr}");
    assert!(stdout.is_empty(), "nothing said to be done: {stdout}");
    let signature = announced(&stderr);
    let last = stderr.lines().last().unwrap();
    assert!(last.starts_with("error: transaction "), "{stderr}");
    assert!(last.contains(&signature), "{last}");
    assert!(last.contains(&format!("confirm {signature}")), "{last}");
    assert!(last.contains(&node.url), "{last}");
    assert_eq!(node.calls("sendTransaction"), 1);
}

#[test]
fn a_transaction_that_already_landed_is_reported_as_landed() {
    let node = FakeNode::start(move |m, _, _| match m {
        "getLatestBlockhash" => Reply::Result(with_context(json!({
            "blockhash": Pubkey::new_unique().to_string(), "lastValidBlockHeight": 100
        }))),
        "sendTransaction" => Reply::Error(json!({
            "code": -32002,
            "message": "Transaction simulation failed: This transaction has already been processed",
            "data": {"err": "AlreadyProcessed", "logs": []}
        })),
        _ => Reply::Result(finalized()),
    });
    let (out, stdout, stderr) = user("already").submit(&node);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    let signature = announced(&stderr);
    assert!(stderr.contains("had already landed"), "{stderr}");
    assert_eq!(stdout.trim(), format!("Signature: {signature}"));
}

#[test]
fn a_transaction_that_expired_unlanded_says_it_is_safe_to_send_again() {
    let landed = Arc::new(Mutex::new(None));
    let l = Arc::clone(&landed);
    let node = FakeNode::start(move |m, p, _| match m {
        "isBlockhashValid" => Reply::Result(with_context(json!(false))),
        "getSignatureStatuses" => Reply::Result(with_context(json!([null]))),
        _ => usual(m, p, &l).unwrap(),
    });
    let (out, _, stderr) = user("expired").submit(&node);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("did not land"), "{stderr}");
    assert!(stderr.contains("safe to send again"), "{stderr}");
}

#[test]
fn a_refusal_in_simulation_shows_the_program_error_and_its_log() {
    let node = FakeNode::start(move |m, _, _| match m {
        "getLatestBlockhash" => Reply::Result(with_context(json!({
            "blockhash": Pubkey::new_unique().to_string(), "lastValidBlockHeight": 100
        }))),
        "sendTransaction" => Reply::Error(json!({
            "code": -32002,
            "message": "Transaction simulation failed",
            "data": {
                "err": {"InstructionError": [0, {"Custom": 6713}]},
                "logs": [
                    "Program YTujpi5EWS6n39UEi3zxaZPccSKkBTJNUbuQybsGPFD invoke [1]",
                    "Program log: Instruction: SetStage",
                    "Program log: stage gate of Growth: trailing 30-day fees 10, gate 25, short by 15",
                    "Program log: AnchorError occurred. Error Code: GovernanceStageGateNotMet."
                ]
            }
        })),
        _ => Reply::Drop,
    });
    let (out, stdout, stderr) = user("refused").submit(&node);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stdout.is_empty());
    let last = stderr.lines().last().unwrap();
    assert!(last.contains("GovernanceStageGateNotMet"), "{last}");
    assert!(last.contains("short by 15"), "{last}");
    assert!(last.contains("it was not sent"), "{last}");
    assert!(!last.contains("AnchorError"), "{last}");
}

#[test]
fn a_transaction_that_landed_and_failed_says_only_its_fee_was_paid() {
    let landed = Arc::new(Mutex::new(None));
    let l = Arc::clone(&landed);
    let node = FakeNode::start(move |m, p, _| match m {
        "getSignatureStatuses" => Reply::Result(with_context(json!([{
            "slot": 9, "confirmations": null,
            "status": {"Err": {"InstructionError": [0, {"Custom": 6350}]}},
            "err": {"InstructionError": [0, {"Custom": 6350}]},
            "confirmationStatus": "finalized"
        }]))),
        _ => usual(m, p, &l).unwrap(),
    });
    let (out, _, stderr) = user("failed").submit(&node);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    let last = stderr.lines().last().unwrap();
    assert!(last.contains("landed but failed"), "{last}");
    assert!(last.contains("paused"), "{last}");
    assert!(last.contains(&announced(&stderr)), "{last}");
}
