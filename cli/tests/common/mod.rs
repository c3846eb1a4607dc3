//! A scripted JSON-RPC node on loopback, for tests of the command line under faults and
//! with accounts of the wrong kind, without a real node.
#![allow(dead_code)]
use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};

use serde_json::{json, Value};

/// What the scripted node does with one request.
pub enum Reply {
    Result(Value),
    Error(Value),
    /// Close the connection without a reply.
    Drop,
}

pub type Script = dyn Fn(&str, &Value, usize) -> Reply + Send + Sync;

/// A JSON-RPC node on loopback that answers as `script` says; counts calls per method.
pub struct FakeNode {
    pub url: String,
    pub calls: Arc<Mutex<HashMap<String, usize>>>,
}

impl FakeNode {
    pub fn start(script: impl Fn(&str, &Value, usize) -> Reply + Send + Sync + 'static) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let calls = Arc::new(Mutex::new(HashMap::new()));
        let script: Arc<Script> = Arc::new(script);
        let counted = Arc::clone(&calls);
        std::thread::spawn(move || {
            for stream in listener.incoming().map_while(Result::ok) {
                let (script, calls) = (Arc::clone(&script), Arc::clone(&counted));
                std::thread::spawn(move || serve(stream, &*script, &calls));
            }
        });
        Self { url, calls }
    }

    pub fn calls(&self, method: &str) -> usize {
        self.calls.lock().unwrap().get(method).copied().unwrap_or(0)
    }
}

/// Answers HTTP/1.1 JSON-RPC requests on one connection until a reply is dropped.
fn serve(stream: TcpStream, script: &Script, calls: &Mutex<HashMap<String, usize>>) {
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut stream = stream;
    loop {
        let mut length = 0;
        loop {
            let mut line = String::new();
            if reader.read_line(&mut line).unwrap_or(0) == 0 {
                return;
            }
            let line = line.trim_end();
            if line.is_empty() {
                break;
            }
            if let Some((name, value)) = line.split_once(':') {
                if name.eq_ignore_ascii_case("content-length") {
                    length = value.trim().parse().unwrap_or(0);
                }
            }
        }
        let mut body = vec![0; length];
        if reader.read_exact(&mut body).is_err() {
            return;
        }
        let request: Value = serde_json::from_slice(&body).unwrap();
        let method = request["method"].as_str().unwrap_or("").to_string();
        let n = {
            let mut calls = calls.lock().unwrap();
            let n = calls.entry(method.clone()).or_insert(0);
            *n += 1;
            *n
        };
        let answer = match script(&method, &request["params"], n) {
            Reply::Result(r) => json!({"jsonrpc": "2.0", "id": request["id"], "result": r}),
            Reply::Error(e) => json!({"jsonrpc": "2.0", "id": request["id"], "error": e}),
            Reply::Drop => {
                let _ = stream.shutdown(std::net::Shutdown::Both);
                return;
            }
        };
        let text = answer.to_string();
        let _ = write!(
            stream,
            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{text}",
            text.len()
        );
    }
}

/// `value` in the `{"context", "value"}` envelope of most answers.
pub fn with_context(value: Value) -> Value {
    json!({"context": {"slot": 10}, "value": value})
}
