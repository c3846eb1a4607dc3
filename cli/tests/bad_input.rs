//! Every subcommand, run as users run it with bad input: no arguments, garbage and empty
//! addresses, amounts `-1`, `0`, `1.5`, 2^64 and `abc`, a missing keypair, a URL nothing
//! answers at, and a mint where a router goes (served by a scripted node on loopback, so the
//! check that happens before sending is seen). Offline: no real node.
//!
//! Every run is an invalid request. What must hold for each: no panic (exit status 101 or
//! "panicked"), a non-zero exit, and one error line (`error: ...`, the last line on standard
//! error). The summary line (`bad input: N runs, 0 panics, 0 exit-0-on-invalid, ...`) is
//! written to standard error directly, so it shows in the CI log of a passing run; `BAD_INPUT_SHOW=1` prints
//! every run's error line too.
//!
//! The same subcommands then meet a real node (`fee-router-localnet`, when
//! `FEE_ROUTER_LOCALNET_BIN` names it: `scripts/e2e.sh` runs this test so after building it)
//! with a router that exists: every `--router` given a mint, an address with no account, the
//! router's governance account and a wallet; no SOL may leave the payer.
mod common;

use std::any::TypeId;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::{Arc, Mutex};

use anchor_lang::prelude::Pubkey;
use base64::Engine;
use fee_router_cli::app::command;
use serde_json::{json, Value};
use solana_signer::Signer;

use common::{with_context, FakeNode, Reply};

/// One invocation and what it must show.
struct Run {
    args: Vec<String>,
    /// Why it is invalid (for the failure report).
    class: &'static str,
    /// Text the error line must contain, when the class has a message of its own.
    says: Option<&'static str>,
    /// A node whose `sendTransaction` calls must stay at zero.
    node: Option<Arc<FakeNode>>,
}

/// What a run did.
struct Outcome {
    code: Option<i32>,
    stderr: String,
}

/// The kinds of value an argument takes, from its parser's type.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Kind {
    Address,
    Number,
    /// A token amount (`1.5`), or base units with `--base-units`.
    Amount,
    Choice,
    Other,
}

fn kind(arg: &clap::Arg) -> Kind {
    let t = arg.get_value_parser().type_id();
    if t == TypeId::of::<Pubkey>() {
        Kind::Address
    } else if t == TypeId::of::<fee_router_cli::units::Amount>() {
        Kind::Amount
    } else if [
        TypeId::of::<u8>(),
        TypeId::of::<u16>(),
        TypeId::of::<u32>(),
        TypeId::of::<u64>(),
        TypeId::of::<i64>(),
    ]
    .into_iter()
    .any(|n| t == n)
    {
        Kind::Number
    } else if !arg.get_possible_values().is_empty() {
        Kind::Choice
    } else {
        Kind::Other
    }
}

/// Global options every subcommand inherits: left out of the per-subcommand cases.
const GLOBAL: [&str; 7] = [
    "url",
    "keypair",
    "commitment",
    "config_file",
    "json",
    "base_units",
    "help",
];

/// A subcommand: its path and, for each name on it, that level's own arguments
/// (`propose --router R set-split --stage ...`).
struct Sub {
    path: Vec<String>,
    levels: Vec<Vec<clap::Arg>>,
}

impl Sub {
    fn args(&self) -> impl Iterator<Item = &clap::Arg> {
        self.levels.iter().flatten()
    }
}

fn own_args(cmd: &clap::Command) -> Vec<clap::Arg> {
    cmd.get_arguments()
        .filter(|a| !GLOBAL.contains(&a.get_id().as_str()))
        .filter(|a| !matches!(a.get_action(), clap::ArgAction::SetTrue))
        .cloned()
        .collect()
}

fn leaves(cmd: &clap::Command, prefix: &Sub, out: &mut Vec<Sub>) {
    for sub in cmd.get_subcommands().filter(|s| s.get_name() != "help") {
        let mut path = prefix.path.clone();
        path.push(sub.get_name().to_string());
        let mut levels = prefix.levels.clone();
        levels.push(own_args(sub));
        let here = Sub { path, levels };
        if sub.has_subcommands() {
            leaves(sub, &here, out);
        } else {
            out.push(here);
        }
    }
}

/// Every subcommand that has subcommands itself (`propose`).
fn parents(cmd: &clap::Command, prefix: &[String], out: &mut Vec<Vec<String>>) {
    for sub in cmd.get_subcommands().filter(|s| s.get_name() != "help") {
        let mut path = prefix.to_vec();
        path.push(sub.get_name().to_string());
        if sub.has_subcommands() {
            out.push(path.clone());
            parents(sub, &path, out);
        }
    }
}

/// Files the baseline needs: a keypair, a deploy config, instructions printed unsigned.
struct Files {
    keypair: PathBuf,
    deploy_config: PathBuf,
    unsigned: PathBuf,
}

fn files(dir: &Path) -> Files {
    std::fs::create_dir_all(dir).unwrap();
    let key = solana_keypair::Keypair::new();
    let keypair = dir.join("id.json");
    std::fs::write(
        &keypair,
        serde_json::to_string(&key.to_bytes().to_vec()).unwrap(),
    )
    .unwrap();
    let ix = fee_router_sdk::ix::set_stage(
        &Pubkey::new_unique(),
        &key.pubkey(),
        fee_router::state::Stage::Growth,
    );
    let unsigned = dir.join("unsigned.json");
    std::fs::write(
        &unsigned,
        json!([{
            "program_id": ix.program_id.to_string(),
            "accounts": ix.accounts.iter().map(|m| json!({
                "pubkey": m.pubkey.to_string(), "is_signer": m.is_signer, "is_writable": m.is_writable
            })).collect::<Vec<_>>(),
            "data": base64::engine::general_purpose::STANDARD.encode(&ix.data),
        }])
        .to_string(),
    )
    .unwrap();
    Files {
        keypair,
        deploy_config: Path::new(env!("CARGO_MANIFEST_DIR")).join("../migrations/example.toml"),
        unsigned,
    }
}

/// A well-formed value for an argument the baseline must give.
fn valid(arg: &clap::Arg, files: &Files, router: &Pubkey) -> String {
    match (arg.get_id().as_str(), kind(arg)) {
        ("router", _) => router.to_string(),
        ("deploy_config", _) => files.deploy_config.display().to_string(),
        ("file", _) => files.unsigned.display().to_string(),
        ("signature", _) => solana_signature::Signature::from([7; 64]).to_string(),
        ("tiers", _) => "1000:100".to_string(),
        // A split that sums to 10000 bps, so the baseline reaches the node.
        ("buyback", _) => "10000".to_string(),
        ("stakers" | "insurance" | "discount", _) => "0".to_string(),
        (_, Kind::Address) => Pubkey::new_unique().to_string(),
        (_, Kind::Number | Kind::Amount) => "1".to_string(),
        (_, Kind::Choice) => arg.get_possible_values()[0].get_name().to_string(),
        (id, Kind::Other) => panic!("no valid value known for argument {id}"),
    }
}

/// `--name value`, or the value alone for a positional argument.
fn push(out: &mut Vec<String>, arg: &clap::Arg, value: String) {
    match arg.get_long() {
        Some(long) => {
            out.push(format!("--{long}"));
            out.push(value);
        }
        None => out.push(value),
    }
}

/// Arguments the baseline gives even though clap has a default (`submit --file`, whose
/// default is standard input).
const ALWAYS: [&str; 1] = ["file"];

/// The subcommand with every required argument given a valid value, `replace` swapped in
/// (added if the argument is optional), and what makes it runnable (`submit --yes`,
/// `crank --once`).
fn invocation(
    sub: &Sub,
    files: &Files,
    router: &Pubkey,
    replace: Option<(&clap::Arg, &str)>,
) -> Vec<String> {
    let mut out = vec![];
    for (name, args) in sub.path.iter().zip(&sub.levels) {
        out.push(name.clone());
        let mut positional = vec![];
        for arg in args {
            let value = match replace {
                Some((r, v)) if r.get_id() == arg.get_id() => v.to_string(),
                _ if arg.is_required_set() || ALWAYS.contains(&arg.get_id().as_str()) => {
                    valid(arg, files, router)
                }
                _ => continue,
            };
            if arg.is_positional() {
                positional.push((arg, value));
            } else {
                push(&mut out, arg, value);
            }
        }
        // Positional values come last, after `--` so that one starting with '-' is a value.
        if !positional.is_empty() {
            out.push("--".into());
            for (arg, value) in positional {
                push(&mut out, arg, value);
            }
        }
    }
    match sub.path.first().map(String::as_str) {
        Some("submit") => out.insert(1, "--yes".into()),
        Some("crank") => out.insert(1, "--once".into()),
        _ => {}
    }
    out
}

/// A port nothing listens on.
fn closed_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// A node that serves an SPL mint at `mint` and nothing anywhere else.
fn mint_node(mint: Pubkey) -> FakeNode {
    let mut data = vec![0u8; 82];
    data[44] = 6; // decimals
    data[45] = 1; // initialized
    let data = base64::engine::general_purpose::STANDARD.encode(&data);
    FakeNode::start(move |method, params, _| {
        let account = json!({
            "data": [data, "base64"], "executable": false, "lamports": 1_461_600,
            "owner": "TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA", "rentEpoch": 0, "space": 82
        });
        let is_mint = |v: &Value| v.as_str() == Some(mint.to_string().as_str());
        match method {
            "getAccountInfo" => Reply::Result(with_context(if is_mint(&params[0]) {
                account
            } else {
                Value::Null
            })),
            "getMultipleAccounts" => Reply::Result(with_context(Value::Array(
                params[0]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .map(|k| {
                        if is_mint(k) {
                            account.clone()
                        } else {
                            Value::Null
                        }
                    })
                    .collect(),
            ))),
            "getLatestBlockhash" => Reply::Result(with_context(json!({
                "blockhash": Pubkey::new_unique().to_string(), "lastValidBlockHeight": 100
            }))),
            "sendTransaction" => Reply::Drop,
            _ => Reply::Result(with_context(Value::Null)),
        }
    })
}

fn run(r: &Run) -> Outcome {
    let out = Command::new(env!("CARGO_BIN_EXE_fee-router"))
        .args(&r.args)
        .stdin(std::process::Stdio::null())
        .output()
        .expect("run fee-router");
    Outcome {
        code: out.status.code(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

#[test]
fn every_subcommand_refuses_bad_input_in_one_line_without_a_panic() {
    let dir = std::env::temp_dir().join(format!("fee-router-bad-input-{}", std::process::id()));
    let files = files(&dir);
    let keypair = files.keypair.display().to_string();
    let nowhere = format!("http://127.0.0.1:{}", closed_port());
    let router = Pubkey::new_unique();
    let tree = command();
    let mut subs = vec![];
    let root = Sub {
        path: vec![],
        levels: vec![],
    };
    leaves(&tree, &root, &mut subs);
    let mut parent_paths = vec![];
    parents(&tree, &[], &mut parent_paths);
    let mint = Pubkey::new_unique();
    let node = Arc::new(mint_node(mint));

    let online = |args: Vec<String>| {
        let mut all = vec![
            "--url".to_string(),
            nowhere.clone(),
            "-k".into(),
            keypair.clone(),
        ];
        all.extend(args);
        all
    };
    let mut runs = vec![];
    for path in &parent_paths {
        runs.push(Run {
            args: online(path.clone()),
            class: "no arguments",
            says: None,
            node: None,
        });
    }
    for sub in &subs {
        let offline = sub.path == ["simulate"];
        runs.push(Run {
            args: online(sub.path.clone()),
            class: "no arguments",
            says: None,
            node: None,
        });
        if !offline {
            runs.push(Run {
                args: online(invocation(sub, &files, &router, None)),
                class: "a URL nothing answers at",
                says: Some("no Solana JSON-RPC node answers at"),
                node: None,
            });
            let mut missing = vec!["--url".to_string(), nowhere.clone()];
            missing.extend(["-k".to_string(), "/nonexistent/id.json".to_string()]);
            missing.extend(invocation(sub, &files, &router, None));
            runs.push(Run {
                args: missing,
                class: "a missing keypair",
                says: None,
                node: None,
            });
        }
        for arg in sub.args() {
            match kind(arg) {
                Kind::Address => {
                    for bad in [
                        "xyz",
                        "",
                        "0x12",
                        "11111111111111111111111111111111111111111111",
                    ] {
                        runs.push(Run {
                            args: online(invocation(sub, &files, &router, Some((arg, bad)))),
                            class: "an address that does not parse",
                            says: Some("not a valid address"),
                            node: None,
                        });
                    }
                }
                Kind::Amount => {
                    for bad in ["-1", "1e5", "1,5", "1.2.3", "abc", ""] {
                        runs.push(Run {
                            args: online(invocation(sub, &files, &router, Some((arg, bad)))),
                            class: "an amount that does not parse",
                            says: Some("is not an amount"),
                            node: None,
                        });
                    }
                    // A fraction of a base unit: refused before anything is read or sent
                    // when the setter reads nothing, else by the node that is not there.
                    let mut args = vec!["--base-units".to_string()];
                    args.extend(invocation(sub, &files, &router, Some((arg, "1.5"))));
                    runs.push(Run {
                        args: online(args),
                        class: "a fraction of a base unit",
                        says: None,
                        node: None,
                    });
                }
                Kind::Number => {
                    for bad in ["-1", "1.5", "18446744073709551616", "abc", ""] {
                        runs.push(Run {
                            args: online(invocation(sub, &files, &router, Some((arg, bad)))),
                            class: "an amount that does not parse",
                            says: Some("invalid value"),
                            node: None,
                        });
                    }
                    // 0 parses: refused before sending, or by the node that is not there.
                    if !offline {
                        runs.push(Run {
                            args: online(invocation(sub, &files, &router, Some((arg, "0")))),
                            class: "an amount of 0",
                            says: None,
                            node: None,
                        });
                    }
                }
                _ => {}
            }
        }
        // A mint where a router goes: said before anything is sent.
        if sub.args().any(|a| a.get_id() == "router") {
            let mut args = vec![
                "--url".to_string(),
                node.url.clone(),
                "-k".into(),
                keypair.clone(),
            ];
            args.extend(invocation(sub, &files, &mint, None));
            runs.push(Run {
                args,
                class: "a mint where a router goes",
                says: Some("is not a fee-router router"),
                node: Some(Arc::clone(&node)),
            });
        }
    }
    // Global options.
    for (args, says) in [
        (
            vec!["-C", "/nonexistent/config.yml", "show", "--router"],
            "cannot read the Solana CLI config file",
        ),
        (
            vec!["--commitment", "soon", "show", "--router"],
            "unknown commitment",
        ),
        (vec!["--url", "not a url", "show", "--router"], "not a url"),
    ] {
        let mut args: Vec<String> = args.into_iter().map(String::from).collect();
        args.push(router.to_string());
        runs.push(Run {
            args,
            class: "a bad global option",
            says: Some(says),
            node: None,
        });
    }

    let (summary, failures) = judge(runs, "bad input", subs.len() + parent_paths.len());
    let _ = std::fs::remove_dir_all(&dir);
    assert!(failures.is_empty(), "{summary}\n{}", failures.join("\n"));
}

/// Runs `runs`, a few at a time, and judges each: no panic, a non-zero exit, one error line
/// that says what is wrong, nothing sent. Returns the summary line (also written to standard
/// error) and the failures.
fn judge(runs: Vec<Run>, label: &str, subcommands: usize) -> (String, Vec<String>) {
    // Run them, a few at a time.
    let queue = Arc::new(Mutex::new(runs.into_iter().enumerate().collect::<Vec<_>>()));
    let results = Arc::new(Mutex::new(vec![]));
    std::thread::scope(|scope| {
        for _ in 0..4 {
            let (queue, results) = (Arc::clone(&queue), Arc::clone(&results));
            scope.spawn(move || loop {
                let Some((i, r)) = queue.lock().unwrap().pop() else {
                    break;
                };
                let outcome = run(&r);
                results.lock().unwrap().push((i, r, outcome));
            });
        }
    });
    let mut results = Arc::try_unwrap(results).ok().unwrap().into_inner().unwrap();
    results.sort_by_key(|(i, _, _)| *i);

    let (mut panics, mut exit0, mut not_one_line, mut wrong_message, mut sent) = (0, 0, 0, 0, 0);
    let mut failures = vec![];
    let mut by_code: HashMap<Option<i32>, usize> = HashMap::new();
    for (_, r, o) in &results {
        *by_code.entry(o.code).or_default() += 1;
        let errors: Vec<&str> = o
            .stderr
            .lines()
            .filter(|l| l.starts_with("error:"))
            .collect();
        let last = o.stderr.trim_end().lines().last().unwrap_or("");
        let mut why = vec![];
        if o.code == Some(101) || o.stderr.contains("panicked") {
            panics += 1;
            why.push("panicked");
        }
        if o.code == Some(0) {
            exit0 += 1;
            why.push("exit 0");
        }
        if errors.len() != 1 || !last.starts_with("error: ") {
            not_one_line += 1;
            why.push("not one error line, last");
        }
        if let Some(says) = r.says {
            if !last.contains(says) {
                wrong_message += 1;
                why.push("the error does not say what is wrong");
            }
        }
        if let Some(node) = &r.node {
            if node.calls("sendTransaction") > 0 {
                sent += 1;
                why.push("sent a transaction");
            }
        }
        if !why.is_empty() {
            failures.push(format!(
                "{} {:?} ({}): exit {:?}; {}:\n{}",
                why.join(", "),
                r.args,
                r.class,
                o.code,
                r.says.unwrap_or(""),
                o.stderr
            ));
        }
    }
    if std::env::var_os("BAD_INPUT_SHOW").is_some() {
        for (_, r, o) in &results {
            eprintln!(
                "{:<32} {}",
                r.class,
                o.stderr.trim_end().lines().last().unwrap_or("")
            );
        }
    }
    let mut codes: Vec<_> = by_code.into_iter().collect();
    codes.sort();
    let summary = format!(
        "{label}: {} runs over {} subcommands, {panics} panics, {exit0} exit-0-on-invalid, \
         {not_one_line} without one error line, {wrong_message} with a message that misses the \
         cause, {sent} sent; exit codes {codes:?}",
        results.len(),
        subcommands,
    );
    // Written to the process's standard error directly (the test harness captures
    // `eprintln!`), so the summary shows in the CI log of a passing run.
    {
        use std::io::Write;
        let _ = writeln!(std::io::stderr().lock(), "{summary}");
    }
    (summary, failures)
}

/// A `fee-router-localnet` node serving the built program; stopped when dropped.
struct LocalNode {
    child: std::process::Child,
    url: String,
}

impl LocalNode {
    fn start(bin: &Path, airdrop: &str) -> LocalNode {
        use std::io::BufRead;
        let mut child = Command::new(bin)
            .args(["--rpc-port", &closed_port().to_string()])
            .args(["--ws-port", &closed_port().to_string()])
            .args(["--slot-time-ms", "100", "--airdrop", airdrop])
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("start fee-router-localnet");
        let stdout = child.stdout.take().unwrap();
        // Read on: the node may print more, and must not meet a closed pipe.
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            for line in std::io::BufReader::new(stdout)
                .lines()
                .map_while(Result::ok)
            {
                let _ = tx.send(line);
            }
        });
        let line = rx
            .recv_timeout(std::time::Duration::from_secs(90))
            .unwrap_or_default();
        // `ready <rpc url> ...`
        let url = line
            .split_whitespace()
            .nth(1)
            .map(String::from)
            .unwrap_or_else(|| panic!("the node did not say it is ready: {line:?}"));
        LocalNode { child, url }
    }

    /// A `fee-router-localnet` helper run against this node; its standard output.
    fn tool(&self, bin: &Path, keypair: &str, args: &[&str]) -> String {
        let out = Command::new(bin)
            .args([args[0], "--url", &self.url, "--keypair", keypair])
            .args(&args[1..])
            .output()
            .expect("helper");
        assert!(out.status.success(), "{args:?}: {:?}", out);
        String::from_utf8_lossy(&out.stdout).trim().to_string()
    }
}

impl Drop for LocalNode {
    fn drop(&mut self) {
        let _ = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status();
        let _ = self.child.wait();
    }
}

#[test]
fn every_subcommand_refuses_a_wrong_router_on_a_real_node() {
    let Some(bin) = std::env::var_os("FEE_ROUTER_LOCALNET_BIN").map(PathBuf::from) else {
        use std::io::Write;
        let _ = writeln!(
            std::io::stderr().lock(),
            "bad input on a node: not run here (FEE_ROUTER_LOCALNET_BIN unset); scripts/e2e.sh runs it"
        );
        return;
    };
    let dir = std::env::temp_dir().join(format!("fee-router-bad-node-{}", std::process::id()));
    let files = files(&dir);
    let keypair = files.keypair.display().to_string();
    let payer = solana_keypair::read_keypair_file(&files.keypair)
        .unwrap()
        .pubkey();
    let node = LocalNode::start(&bin, &payer.to_string());
    let fee_mint = node.tool(&bin, &keypair, &["mint", "--decimals", "6"]);
    let protocol_mint = node.tool(&bin, &keypair, &["mint", "--decimals", "9"]);
    let fee_router = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_fee-router"))
            .args(["--url", &node.url, "-k", &keypair])
            .args(args)
            .output()
            .expect("run fee-router")
    };
    let init = fee_router(&[
        "init",
        "--fee-mint",
        &fee_mint,
        "--protocol-mint",
        &protocol_mint,
    ]);
    assert!(init.status.success(), "{init:?}");
    let router: Pubkey = String::from_utf8_lossy(&init.stdout)
        .lines()
        .find_map(|l| l.strip_prefix("Router: "))
        .expect("init prints the router")
        .parse()
        .unwrap();
    let rpc = solana_rpc_client::rpc_client::RpcClient::new(node.url.clone());
    let before = rpc.get_balance(&payer).unwrap();

    let tree = command();
    let mut subs = vec![];
    leaves(
        &tree,
        &Sub {
            path: vec![],
            levels: vec![],
        },
        &mut subs,
    );
    let wrong: [(Pubkey, &str, &str); 4] = [
        (
            fee_mint.parse().unwrap(),
            "a mint where a router goes",
            "is not a fee-router router",
        ),
        (
            Pubkey::new_unique(),
            "an address with no account",
            "there is no account at",
        ),
        (
            fee_router_sdk::pda::governance(&router),
            "another fee-router account where a router goes",
            "is not a fee-router router",
        ),
        (
            payer,
            "a wallet where a router goes",
            "is not a fee-router router",
        ),
    ];
    let mut runs = vec![];
    for sub in subs
        .iter()
        .filter(|s| s.args().any(|a| a.get_id() == "router"))
    {
        for (bad, class, says) in &wrong {
            let mut args = vec![
                "--url".to_string(),
                node.url.clone(),
                "-k".into(),
                keypair.clone(),
            ];
            args.extend(invocation(sub, &files, bad, None));
            runs.push(Run {
                args,
                class,
                says: Some(says),
                node: None,
            });
        }
    }
    let routed = runs.len() / wrong.len();
    let (summary, failures) = judge(runs, "bad input on a node", routed);
    let after = rpc.get_balance(&payer).unwrap();
    let _ = std::fs::remove_dir_all(&dir);
    assert!(failures.is_empty(), "{summary}\n{}", failures.join("\n"));
    assert_eq!(after, before, "no SOL left the payer: nothing landed");
}
