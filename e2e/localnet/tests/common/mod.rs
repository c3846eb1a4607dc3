//! What the end-to-end tests share: a local node started and stopped per test, users with
//! keypair files running the `fee-router` binary, a fresh router, and proxies that put faults
//! between the binary and the node.
#![allow(dead_code)]
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::Value;

const LOCALNET: &str = env!("CARGO_BIN_EXE_fee-router-localnet");

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The `fee-router` binary the main workspace built (`scripts/e2e.sh` builds it first).
pub fn fee_router_bin() -> PathBuf {
    let path = std::env::var_os("FEE_ROUTER_BIN")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join("target/debug/fee-router"));
    assert!(
        path.exists(),
        "no fee-router binary at {}: run scripts/e2e.sh, or `cargo build -p fee-router-cli` first",
        path.display()
    );
    path
}

pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

pub fn text(out: &Output) -> (String, String) {
    (
        String::from_utf8_lossy(&out.stdout).trim().to_string(),
        String::from_utf8_lossy(&out.stderr).trim().to_string(),
    )
}

/// A running node; stopped (SIGTERM, then SIGKILL) when dropped.
pub struct Node {
    pub child: Child,
    pub url: String,
    pub stopped: bool,
}

impl Node {
    pub fn start(port: u16, airdrop: &[&str]) -> Node {
        let mut cmd = Command::new(LOCALNET);
        cmd.args(["--rpc-port", &port.to_string()])
            .args(["--ws-port", &free_port().to_string()])
            .args(["--slot-time-ms", "100"])
            .stdout(Stdio::piped())
            .stderr(Stdio::null());
        for key in airdrop {
            cmd.args(["--airdrop", key]);
        }
        let mut child = cmd.spawn().expect("start fee-router-localnet");
        let stdout = child.stdout.take().expect("stdout");
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                let _ = tx.send(line);
            }
        });
        let line = rx
            .recv_timeout(Duration::from_secs(90))
            .expect("the node said it is ready");
        assert!(line.starts_with("ready "), "unexpected first line {line:?}");
        Node {
            child,
            url: format!("http://127.0.0.1:{port}"),
            stopped: false,
        }
    }

    pub fn stop(&mut self) -> bool {
        if self.stopped {
            return true;
        }
        self.stopped = true;
        let _ = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status();
        let deadline = Instant::now() + Duration::from_secs(10);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                return true;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
        false
    }
}

impl Drop for Node {
    fn drop(&mut self) {
        self.stop();
    }
}

/// A user with a keypair file, talking to `url`.
pub struct User {
    pub keypair: PathBuf,
    pub pubkey: String,
    pub url: String,
}

pub fn keygen(dir: &Path, name: &str) -> (PathBuf, String) {
    let path = dir.join(format!("{name}.json"));
    let out = Command::new(LOCALNET)
        .args(["keygen", "--outfile", path.to_str().unwrap()])
        .output()
        .expect("keygen");
    assert!(out.status.success(), "{:?}", text(&out));
    (path, text(&out).0)
}

impl User {
    /// `fee-router <args>` with this user's keypair and the node's URL.
    pub fn run(&self, args: &[&str]) -> (bool, String, String) {
        let (code, o, e) = self.exit(args);
        (code == Some(0), o, e)
    }

    /// [`User::run`] with the exit code, after checking that nothing panicked.
    pub fn exit(&self, args: &[&str]) -> (Option<i32>, String, String) {
        let out = self.command(args).output().expect("run fee-router");
        let (o, e) = text(&out);
        assert_ne!(
            out.status.code(),
            Some(101),
            "fee-router {args:?} panicked: {e}"
        );
        assert!(!e.contains("panicked"), "fee-router {args:?} panicked: {e}");
        (out.status.code(), o, e)
    }

    /// The `fee-router <args>` command, not yet run.
    pub fn command(&self, args: &[&str]) -> Command {
        let mut cmd = Command::new(fee_router_bin());
        cmd.args([
            "--url",
            &self.url,
            "--keypair",
            self.keypair.to_str().unwrap(),
        ])
        .args(["--commitment", "confirmed"])
        .args(args);
        cmd
    }

    pub fn ok(&self, args: &[&str]) -> String {
        let (ok, out, err) = self.run(args);
        assert!(ok, "fee-router {args:?} failed:\n{out}\n{err}");
        out
    }

    pub fn json(&self, args: &[&str]) -> Value {
        let mut all = args.to_vec();
        all.push("--json");
        serde_json::from_str(&self.ok(&all)).expect("json")
    }

    /// A `fee-router-localnet` helper with this user's keypair.
    pub fn tool(&self, args: &[&str]) -> String {
        let out = Command::new(LOCALNET)
            .args([
                args[0],
                "--url",
                &self.url,
                "--keypair",
                self.keypair.to_str().unwrap(),
            ])
            .args(&args[1..])
            .output()
            .expect("helper");
        let (o, e) = text(&out);
        assert!(
            out.status.success(),
            "fee-router-localnet {args:?} failed: {o}\n{e}"
        );
        o
    }
}

pub fn num(v: &Value) -> u64 {
    match v {
        Value::Number(n) => n.as_u64().expect("u64"),
        Value::String(s) => s.parse().expect("number"),
        other => panic!("not a number: {other}"),
    }
}

/// Unix time `t` as the CLI prints a date (`2026-12-04 15:42 UTC`), computed here from the
/// civil calendar (days to year, month, day), not with the CLI's own code.
#[allow(dead_code)]
pub fn utc_minute(t: i64) -> String {
    let (days, secs) = (t.div_euclid(86_400), t.rem_euclid(86_400));
    // Howard Hinnant's days_from_civil, inverted: the proleptic Gregorian calendar in eras
    // of 400 years (146,097 days) starting on 0000-03-01.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02} {:02}:{:02} UTC",
        secs / 3_600,
        secs % 3_600 / 60
    )
}

/// The line of a table that starts with `label`.
#[allow(dead_code)]
pub fn line_of(out: &str, label: &str) -> String {
    out.lines()
        .find(|l| l.starts_with(label))
        .unwrap_or_else(|| panic!("no line {label:?} in:\n{out}"))
        .to_string()
}

/// A user, two mints (fee: 6 decimals, protocol: 9) and a router on a fresh node.
pub struct Setup {
    pub node: Node,
    pub user: User,
    pub other: User,
    pub fee_mint: String,
    pub protocol_mint: String,
    pub router: String,
    pub dir: TempDir,
}

pub struct TempDir(pub PathBuf);

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

static DIRS: AtomicUsize = AtomicUsize::new(0);

pub fn setup() -> Setup {
    let dir = std::env::temp_dir().join(format!(
        "fee-router-e2e-{}-{}",
        std::process::id(),
        DIRS.fetch_add(1, Ordering::SeqCst)
    ));
    std::fs::create_dir_all(&dir).unwrap();
    let (keypair, pubkey) = keygen(&dir, "user");
    let (other_keypair, other_pubkey) = keygen(&dir, "other");
    let node = Node::start(free_port(), &[&pubkey, &other_pubkey]);
    let user = User {
        keypair,
        pubkey,
        url: node.url.clone(),
    };
    let other = User {
        keypair: other_keypair,
        pubkey: other_pubkey,
        url: node.url.clone(),
    };
    let fee_mint = user.tool(&["mint", "--decimals", "6"]);
    let protocol_mint = user.tool(&["mint", "--decimals", "9"]);
    let out = user.ok(&[
        "init",
        "--fee-mint",
        &fee_mint,
        "--protocol-mint",
        &protocol_mint,
    ]);
    let router = out
        .lines()
        .find_map(|l| l.strip_prefix("Router: "))
        .expect("init prints the router")
        .to_string();
    Setup {
        node,
        user,
        other,
        fee_mint,
        protocol_mint,
        router,
        dir: TempDir(dir),
    }
}

/// A TCP proxy that drops the first `failures` connections, then forwards to `target`.
pub fn flaky_proxy(target: u16, failures: usize) -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let seen = Arc::new(AtomicUsize::new(0));
    std::thread::spawn(move || {
        for stream in listener.incoming().map_while(Result::ok) {
            if seen.fetch_add(1, Ordering::SeqCst) < failures {
                drop(stream);
                continue;
            }
            let Ok(upstream) = TcpStream::connect(("127.0.0.1", target)) else {
                continue;
            };
            let pipe = |mut from: TcpStream, mut to: TcpStream| {
                std::thread::spawn(move || {
                    let mut buf = [0u8; 16 * 1024];
                    while let Ok(n) = from.read(&mut buf) {
                        if n == 0 || to.write_all(&buf[..n]).is_err() {
                            break;
                        }
                    }
                    let _ = to.shutdown(std::net::Shutdown::Both);
                });
            };
            pipe(stream.try_clone().unwrap(), upstream.try_clone().unwrap());
            pipe(upstream, stream);
        }
    });
    port
}

/// What a [`FaultProxy`] does to the JSON-RPC requests it relays.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Fault {
    /// Relays everything.
    Nothing,
    /// Relays a `sendTransaction` to the node (which takes it), then drops the connection
    /// without the reply: the reply is lost on the way back. Relays everything else.
    DropSendReply,
    /// Relays a `sendTransaction` to the node, then drops it and every later connection, as a
    /// node that stopped right after taking the transaction would.
    StopAfterSend,
}

/// An HTTP proxy in front of a node's JSON-RPC port that puts a [`Fault`] in the way.
pub struct FaultProxy {
    pub url: String,
    fault: Arc<Mutex<Fault>>,
    stopped: Arc<AtomicBool>,
    sends: Arc<AtomicUsize>,
}

/// One HTTP request read from `stream`: its body, or `None` at the end of the connection.
fn read_request(reader: &mut BufReader<TcpStream>) -> Option<Vec<u8>> {
    let mut length = 0usize;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).ok()? == 0 {
            return None;
        }
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some((name, value)) = line.split_once(':') {
            if name.eq_ignore_ascii_case("content-length") {
                length = value.trim().parse().ok()?;
            }
        }
    }
    let mut body = vec![0u8; length];
    reader.read_exact(&mut body).ok()?;
    Some(body)
}

/// Sends `body` to the node on a fresh connection and reads its whole reply (the node
/// closes the connection after it).
fn relay(node: &str, body: &[u8]) -> Option<Vec<u8>> {
    let mut upstream = TcpStream::connect(node).ok()?;
    let head = format!(
        "POST / HTTP/1.1\r\nHost: {node}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    upstream.write_all(head.as_bytes()).ok()?;
    upstream.write_all(body).ok()?;
    let mut reply = vec![];
    upstream.read_to_end(&mut reply).ok()?;
    Some(reply)
}

impl FaultProxy {
    pub fn start(node_url: &str, fault: Fault) -> FaultProxy {
        let node = node_url
            .trim_start_matches("http://")
            .trim_end_matches('/')
            .to_string();
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let proxy = FaultProxy {
            url,
            fault: Arc::new(Mutex::new(fault)),
            stopped: Arc::new(AtomicBool::new(false)),
            sends: Arc::new(AtomicUsize::new(0)),
        };
        let (fault, stopped, sends) = (
            Arc::clone(&proxy.fault),
            Arc::clone(&proxy.stopped),
            Arc::clone(&proxy.sends),
        );
        std::thread::spawn(move || {
            for client in listener.incoming().map_while(Result::ok) {
                if stopped.load(Ordering::SeqCst) {
                    continue; // dropped: nothing answers
                }
                let (node, fault, stopped, sends) = (
                    node.clone(),
                    Arc::clone(&fault),
                    Arc::clone(&stopped),
                    Arc::clone(&sends),
                );
                std::thread::spawn(move || {
                    let mut writer = client.try_clone().unwrap();
                    let mut reader = BufReader::new(client);
                    while let Some(body) = read_request(&mut reader) {
                        if stopped.load(Ordering::SeqCst) {
                            return;
                        }
                        let is_send =
                            String::from_utf8_lossy(&body).contains("\"sendTransaction\"");
                        let Some(reply) = relay(&node, &body) else {
                            return;
                        };
                        if is_send {
                            sends.fetch_add(1, Ordering::SeqCst);
                            match *fault.lock().unwrap() {
                                Fault::Nothing => {}
                                Fault::DropSendReply => return,
                                Fault::StopAfterSend => {
                                    stopped.store(true, Ordering::SeqCst);
                                    return;
                                }
                            }
                        }
                        if writer.write_all(&reply).is_err() {
                            return;
                        }
                    }
                });
            }
        });
        proxy
    }

    /// Puts another fault in the way; a stopped node answers again.
    pub fn set(&self, fault: Fault) {
        *self.fault.lock().unwrap() = fault;
        self.stopped.store(false, Ordering::SeqCst);
    }

    /// The `sendTransaction` calls relayed to the node.
    pub fn sends(&self) -> usize {
        self.sends.load(Ordering::SeqCst)
    }

    /// `user` talking to the node through this proxy.
    pub fn user(&self, user: &User) -> User {
        User {
            keypair: user.keypair.clone(),
            pubkey: user.pubkey.clone(),
            url: self.url.clone(),
        }
    }
}

/// The signature the CLI announced on standard error before sending.
pub fn announced(stderr: &str) -> String {
    stderr
        .lines()
        .find_map(|l| l.strip_prefix("Sending transaction "))
        .and_then(|l| l.split_whitespace().next())
        .unwrap_or_else(|| panic!("no signature announced: {stderr}"))
        .to_string()
}
