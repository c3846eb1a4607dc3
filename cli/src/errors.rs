//! What a refused transaction means, in words a person can act on: the program's own error
//! messages (from the committed IDL, so the CLI says what the program means), the token
//! programs' common refusals, and the cluster being out of reach.
use serde::Deserialize;

use crate::idl::IDL;

#[derive(Deserialize)]
struct Idl {
    errors: Vec<IdlError>,
}

#[derive(Deserialize)]
struct IdlError {
    code: u32,
    name: String,
    msg: Option<String>,
}

/// The program error with custom code `code`: `(name, message)`.
pub fn program_error(code: u32) -> Option<(String, String)> {
    let idl: Idl = serde_json::from_str(IDL).ok()?;
    idl.errors
        .into_iter()
        .find(|e| e.code == code)
        .map(|e| (e.name, e.msg.unwrap_or_default()))
}

/// A custom error code explained: fee-router's (6000 and up), Anchor's account checks
/// (2000-4999), or the token programs' (below 100).
pub fn explain_custom(code: u32) -> String {
    if let Some((name, msg)) = program_error(code) {
        return format!("fee-router refused it: {msg} ({name}, error {code})");
    }
    let anchor = match code {
        2000 => Some("a signer is missing"),
        2001..=2999 => Some("an account constraint failed: check the accounts passed"),
        3007 => Some("an account is not owned by fee-router: does it exist (a stake position must be opened first)?"),
        3000..=4999 => Some("an account could not be read as the program expects"),
        _ => None,
    };
    if let Some(what) = anchor {
        return format!("the program's account checks refused it: {what} (Anchor error {code})");
    }
    let token = match code {
        0 => Some("the account would not be rent-exempt"),
        1 => Some("insufficient funds in the token account"),
        3 => Some("the token account is of another mint"),
        4 => Some("the token account's owner did not sign"),
        17 => Some("the token account is frozen"),
        _ => None,
    };
    match token {
        Some(what) => format!("the token program refused it: {what} (token error {code})"),
        None => format!("a program refused it with custom error {code}"),
    }
}
