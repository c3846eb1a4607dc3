//! Failures a caller acts on differently: the node not answering (try again later), a
//! transaction whose confirmation was lost (check it before anything else), a refusal (change
//! something first). Each is a type, so the exit status, the crank's retry and the one-line
//! message are decided in one place.
use std::fmt;

use solana_hash::Hash;
use solana_rpc_client::api::client_error::{Error as ClientError, ErrorKind};
use solana_rpc_client::api::custom_error::{
    JSON_RPC_SERVER_ERROR_BLOCK_NOT_AVAILABLE,
    JSON_RPC_SERVER_ERROR_BLOCK_STATUS_NOT_AVAILABLE_YET,
    JSON_RPC_SERVER_ERROR_MIN_CONTEXT_SLOT_NOT_REACHED, JSON_RPC_SERVER_ERROR_NODE_UNHEALTHY,
};
use solana_rpc_client::api::request::RpcError;
use solana_signature::Signature;

/// Exit status of a refusal or any other failure: nothing was sent, or what was sent failed.
pub const EXIT_FAILED: i32 = 1;
/// Exit status of a transaction that was sent and whose outcome is unknown.
pub const EXIT_UNCONFIRMED: i32 = 3;

/// Text that is not a base58 address.
#[derive(Debug)]
pub struct InvalidAddress(pub String);

impl fmt::Display for InvalidAddress {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        if self.0.is_empty() {
            write!(f, "not a valid address: \"\" (empty)")
        } else {
            write!(f, "not a valid address: {}", self.0)
        }
    }
}

impl std::error::Error for InvalidAddress {}

/// No JSON-RPC node answered at the URL in use (or it answered an HTTP error).
#[derive(Debug)]
pub struct NodeUnreachable {
    pub url: String,
    /// What the command was doing, e.g. "fetching router X".
    pub what: String,
    /// How it failed, e.g. "connection refused".
    pub detail: String,
}

impl fmt::Display for NodeUnreachable {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(
            f,
            "no Solana JSON-RPC node answers at {} ({}: {}): start one (`scripts/localnet.sh` \
             runs a local one) or pass --url",
            self.url, self.what, self.detail
        )
    }
}

impl std::error::Error for NodeUnreachable {}

/// A transaction that was sent, and whose confirmation was lost: it may have landed.
#[derive(Debug)]
pub struct Unconfirmed {
    pub signature: Signature,
    pub url: String,
    /// The blockhash it was signed with: once that expires, it can no longer land.
    pub blockhash: Hash,
    pub why: String,
}

impl fmt::Display for Unconfirmed {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(
            f,
            "transaction {sig} was sent to {url} but its confirmation was lost ({why}); it may \
             have landed, so do not send it again before checking: \
             `fee-router --url {url} confirm {sig}` (or `solana confirm --url {url} {sig}`)",
            sig = self.signature,
            url = self.url,
            why = self.why
        )
    }
}

impl std::error::Error for Unconfirmed {}

/// The transaction was refused: by the program, the runtime or the node's simulation.
#[derive(Debug)]
pub struct Refused {
    /// The program's custom error code, when it gave one.
    pub custom: Option<u32>,
    /// A refusal that may not recur (the blockhash was not found yet, say).
    pub transient: bool,
    pub message: String,
}

impl fmt::Display for Refused {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Refused {}

/// What [`transport_failure`] says when the client flattened the failure into text.
pub const FLATTENED: &str = "the request failed";

/// How a failed call reached (or did not reach) the node, when the transport failed.
pub fn transport_failure(e: &ClientError) -> Option<String> {
    match e.kind() {
        ErrorKind::Reqwest(r) => {
            if let Some(status) = r.status() {
                // An HTTP answer: a node (or a proxy) is there; only its overload is transient.
                return (status.as_u16() == 429 || status.is_server_error())
                    .then(|| format!("it answered HTTP {status}"));
            }
            Some(if r.is_timeout() {
                format!(
                    "no reply within {} s",
                    crate::context::RPC_TIMEOUT.as_secs()
                )
            } else if r.is_connect() {
                "cannot connect".to_string()
            } else {
                "the connection failed".to_string()
            })
        }
        ErrorKind::Io(e) => Some(format!("the connection failed: {e}")),
        ErrorKind::Middleware(_) => Some("the connection failed".to_string()),
        // The client flattens a transport failure into text for some calls
        // (`get_account_with_commitment`, say).
        ErrorKind::RpcError(RpcError::ForUser(s))
            if s.contains("error sending request") || s.contains("error decoding response") =>
        {
            Some(FLATTENED.to_string())
        }
        _ => None,
    }
}

/// Whether the node's answer is an error that goes away by itself (it is behind, say).
fn node_busy(e: &ClientError) -> bool {
    matches!(
        e.kind(),
        ErrorKind::RpcError(RpcError::RpcResponseError { code, .. })
            if [
                JSON_RPC_SERVER_ERROR_NODE_UNHEALTHY,
                JSON_RPC_SERVER_ERROR_BLOCK_NOT_AVAILABLE,
                JSON_RPC_SERVER_ERROR_BLOCK_STATUS_NOT_AVAILABLE_YET,
                JSON_RPC_SERVER_ERROR_MIN_CONTEXT_SLOT_NOT_REACHED,
            ]
            .contains(code)
    )
}

/// Whether trying again later may succeed: the node did not answer, was busy, or a
/// refusal that may not recur. Everything else (no such router, a missing keypair, a program
/// refusal such as a pause) stays until someone changes something.
pub fn is_transient(e: &anyhow::Error) -> bool {
    e.chain().any(|cause| {
        if cause.is::<NodeUnreachable>() {
            return true;
        }
        if let Some(r) = cause.downcast_ref::<Refused>() {
            return r.transient;
        }
        if let Some(c) = cause.downcast_ref::<ClientError>() {
            return transport_failure(c).is_some() || node_busy(c);
        }
        false
    })
}

/// The exit status for an error: 3 when a transaction's outcome is unknown, 1 otherwise.
pub fn exit_code(e: &anyhow::Error) -> i32 {
    if e.chain().any(|c| c.is::<Unconfirmed>()) {
        EXIT_UNCONFIRMED
    } else {
        EXIT_FAILED
    }
}

/// An error as one line, naming the node (`url`) whenever the node was involved.
pub fn one_line(e: &anyhow::Error, url: Option<&str>) -> String {
    let text = format!("{e:#}");
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let Some(url) = url else {
        return text;
    };
    if let Some(client) = e.chain().find_map(|c| c.downcast_ref::<ClientError>()) {
        if let Some(detail) = transport_failure(client) {
            // The outermost context says what the command was doing.
            return NodeUnreachable {
                url: url.to_string(),
                what: e.to_string(),
                detail,
            }
            .to_string();
        }
        if !text.contains(url) {
            return format!("{text} (node {url})");
        }
    }
    text
}
