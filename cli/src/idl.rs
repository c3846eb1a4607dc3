//! Instructions read back through the committed IDL: which fee-router instruction, its
//! accounts by name and its arguments decoded, so `submit` shows what it is about to sign.
use std::fmt::Write as _;
use std::sync::OnceLock;

use anchor_lang::prelude::Pubkey;
use anchor_lang::solana_program::instruction::Instruction;
use serde_json::Value;

/// The committed IDL (`idl/fee_router.json`).
pub const IDL: &str = include_str!("../../idl/fee_router.json");

fn idl() -> Option<&'static Value> {
    static PARSED: OnceLock<Option<Value>> = OnceLock::new();
    PARSED
        .get_or_init(|| serde_json::from_str(IDL).ok())
        .as_ref()
}

/// An instruction as a person checks it before signing.
#[derive(Debug, PartialEq, Eq)]
pub struct Decoded {
    /// `fee-router` or `unknown program <id>`.
    pub program: String,
    /// The instruction's name, when the program and its discriminator are known.
    pub name: Option<String>,
    /// Each account: its name (when known), address and role.
    pub accounts: Vec<(String, Pubkey, &'static str)>,
    /// Each argument: its path (`args.amount`) and value; empty when unknown.
    pub args: Vec<(String, String)>,
    /// What the data holds beyond the decoded arguments, or all of it when unknown.
    pub undecoded: Vec<u8>,
    /// The data does not decode as the IDL describes the instruction's arguments.
    pub malformed: bool,
}

fn role(is_signer: bool, is_writable: bool) -> &'static str {
    match (is_signer, is_writable) {
        (true, true) => "signer, writable",
        (true, false) => "signer",
        (false, true) => "writable",
        (false, false) => "read-only",
    }
}

/// The names of an IDL instruction's accounts, nested groups flattened.
fn account_names(accounts: &[Value], out: &mut Vec<String>) {
    for a in accounts {
        match a.get("accounts").and_then(Value::as_array) {
            Some(inner) => account_names(inner, out),
            None => out.push(a["name"].as_str().unwrap_or("?").to_string()),
        }
    }
}

/// Reads `n` bytes off the front of `data`.
fn take<'a>(data: &mut &'a [u8], n: usize) -> Option<&'a [u8]> {
    if data.len() < n {
        return None;
    }
    let (head, rest) = data.split_at(n);
    *data = rest;
    Some(head)
}

fn int<const N: usize>(data: &mut &[u8]) -> Option<[u8; N]> {
    take(data, N)?.try_into().ok()
}

/// Decodes one Borsh value of IDL type `ty` into `out` as `(path, value)` leaves.
fn decode(
    ty: &Value,
    path: &str,
    data: &mut &[u8],
    out: &mut Vec<(String, String)>,
    depth: usize,
) -> Option<()> {
    if depth > 16 {
        return None;
    }
    let leaf = |out: &mut Vec<(String, String)>, v: String| out.push((path.to_string(), v));
    if let Some(name) = ty.as_str() {
        let v = match name {
            "bool" => match take(data, 1)?[0] {
                0 => "false".to_string(),
                1 => "true".to_string(),
                _ => return None,
            },
            "u8" => take(data, 1)?[0].to_string(),
            "i8" => i8::from_le_bytes(int(data)?).to_string(),
            "u16" => u16::from_le_bytes(int(data)?).to_string(),
            "i16" => i16::from_le_bytes(int(data)?).to_string(),
            "u32" => u32::from_le_bytes(int(data)?).to_string(),
            "i32" => i32::from_le_bytes(int(data)?).to_string(),
            "u64" => u64::from_le_bytes(int(data)?).to_string(),
            "i64" => i64::from_le_bytes(int(data)?).to_string(),
            "u128" => u128::from_le_bytes(int(data)?).to_string(),
            "i128" => i128::from_le_bytes(int(data)?).to_string(),
            "pubkey" => Pubkey::new_from_array(int(data)?).to_string(),
            "string" | "bytes" => {
                let len = usize::try_from(u32::from_le_bytes(int(data)?)).ok()?;
                let bytes = take(data, len)?;
                if name == "string" {
                    format!("{:?}", std::str::from_utf8(bytes).ok()?)
                } else {
                    format!("{bytes:?}")
                }
            }
            _ => return None,
        };
        leaf(out, v);
        return Some(());
    }
    if let Some(inner) = ty.get("option") {
        return match take(data, 1)?[0] {
            0 => {
                leaf(out, "none".to_string());
                Some(())
            }
            1 => decode(inner, path, data, out, depth + 1),
            _ => None,
        };
    }
    if let Some(inner) = ty.get("vec") {
        let len = u32::from_le_bytes(int(data)?);
        // Each element takes at least a byte: a longer count is malformed.
        if usize::try_from(len).ok()? > data.len() {
            return None;
        }
        if len == 0 {
            leaf(out, "[]".to_string());
        }
        for i in 0..len {
            decode(inner, &format!("{path}[{i}]"), data, out, depth + 1)?;
        }
        return Some(());
    }
    if let Some(array) = ty.get("array").and_then(Value::as_array) {
        let inner = array.first()?;
        let len = array.get(1)?.as_u64()?;
        for i in 0..len {
            decode(inner, &format!("{path}[{i}]"), data, out, depth + 1)?;
        }
        return Some(());
    }
    let name = ty.get("defined")?.get("name")?.as_str()?;
    let def = idl()?["types"]
        .as_array()?
        .iter()
        .find(|t| t["name"] == name)?;
    let kind = &def["type"];
    match kind["kind"].as_str()? {
        "struct" => fields(kind.get("fields"), path, data, out, depth),
        "enum" => {
            let index = usize::from(take(data, 1)?[0]);
            let variant = kind["variants"].as_array()?.get(index)?;
            let vname = variant["name"].as_str()?;
            if variant.get("fields").is_none() {
                leaf(out, vname.to_string());
                return Some(());
            }
            fields(
                variant.get("fields"),
                &format!("{path}.{vname}"),
                data,
                out,
                depth,
            )
        }
        _ => None,
    }
}

/// Decodes a struct's or variant's fields, named or not.
fn fields(
    fields: Option<&Value>,
    path: &str,
    data: &mut &[u8],
    out: &mut Vec<(String, String)>,
    depth: usize,
) -> Option<()> {
    let Some(list) = fields.and_then(Value::as_array) else {
        return Some(());
    };
    for (i, f) in list.iter().enumerate() {
        match (f.get("name").and_then(Value::as_str), f.get("type")) {
            (Some(n), Some(t)) => decode(t, &format!("{path}.{n}"), data, out, depth + 1)?,
            _ => decode(f, &format!("{path}.{i}"), data, out, depth + 1)?,
        }
    }
    Some(())
}

/// The instruction as fee-router's IDL reads it, or plainly an unknown program's.
pub fn describe(ix: &Instruction) -> Decoded {
    let accounts = |names: &[String]| {
        ix.accounts
            .iter()
            .enumerate()
            .map(|(i, m)| {
                (
                    names
                        .get(i)
                        .cloned()
                        .unwrap_or_else(|| format!("extra account {}", i + 1)),
                    m.pubkey,
                    role(m.is_signer, m.is_writable),
                )
            })
            .collect()
    };
    if ix.program_id != fee_router::ID {
        return Decoded {
            program: format!("unknown program {}", ix.program_id),
            name: None,
            accounts: accounts(&[]),
            args: vec![],
            undecoded: ix.data.clone(),
            malformed: false,
        };
    }
    let found = idl().and_then(|idl| {
        idl["instructions"].as_array()?.iter().find(|i| {
            i["discriminator"].as_array().is_some_and(|d| {
                d.len() <= ix.data.len()
                    && d.iter()
                        .zip(&ix.data)
                        .all(|(a, b)| a.as_u64() == Some(u64::from(*b)))
            })
        })
    });
    let Some(found) = found else {
        return Decoded {
            program: "fee-router".into(),
            name: None,
            accounts: accounts(&[]),
            args: vec![],
            undecoded: ix.data.clone(),
            malformed: false,
        };
    };
    let mut names = vec![];
    account_names(
        found["accounts"]
            .as_array()
            .map(Vec::as_slice)
            .unwrap_or(&[]),
        &mut names,
    );
    let discriminator = found["discriminator"].as_array().map_or(0, Vec::len);
    let mut data = ix.data.get(discriminator..).unwrap_or(&[]);
    let mut args = vec![];
    let decoded = found["args"]
        .as_array()
        .map(|list| {
            list.iter().try_for_each(|a| {
                decode(
                    &a["type"],
                    a["name"].as_str().unwrap_or("?"),
                    &mut data,
                    &mut args,
                    0,
                )
            })
        })
        .unwrap_or(Some(()));
    if decoded.is_none() {
        args.clear();
        data = ix.data.get(discriminator..).unwrap_or(&[]);
    }
    Decoded {
        program: "fee-router".into(),
        name: found["name"].as_str().map(str::to_string),
        accounts: accounts(&names),
        args,
        undecoded: data.to_vec(),
        malformed: decoded.is_none(),
    }
}

impl Decoded {
    /// The instruction as lines a person reads before signing.
    pub fn text(&self) -> String {
        let mut s = String::new();
        let _ = match &self.name {
            Some(name) => writeln!(s, "{} {} ({})", self.program, name, fee_router::ID),
            None if self.program == "fee-router" => writeln!(
                s,
                "fee-router ({}): an instruction its IDL does not know",
                fee_router::ID
            ),
            None => writeln!(
                s,
                "{}: not fee-router, nothing can be decoded",
                self.program
            ),
        };
        for (name, key, role) in &self.accounts {
            let _ = writeln!(s, "  account  {name:<24} {key} ({role})");
        }
        for (path, value) in &self.args {
            let path = path.strip_prefix("args.").unwrap_or(path);
            let _ = writeln!(s, "  argument {path:<24} {value}");
        }
        if self.malformed {
            let _ = writeln!(
                s,
                "  WARNING  the data does not decode as this instruction's arguments"
            );
        }
        if !self.undecoded.is_empty() {
            let _ = writeln!(
                s,
                "  data     {} byte(s) not decoded: {}",
                self.undecoded.len(),
                self.undecoded
                    .iter()
                    .map(|b| format!("{b:02x}"))
                    .collect::<String>()
            );
        }
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use fee_router::config::GovernedAction;
    use fee_router::state::Stage;
    use fee_router_sdk::ix;

    #[test]
    fn a_fee_router_instruction_is_decoded_by_name_accounts_and_amounts() {
        let router = Pubkey::new_unique();
        let authority = Pubkey::new_unique();
        let d = describe(&ix::set_stage(&router, &authority, Stage::Growth));
        assert_eq!(d.program, "fee-router");
        assert_eq!(d.name.as_deref(), Some("set_stage"));
        assert_eq!(d.accounts[0], ("authority".into(), authority, "signer"));
        assert!(d.args.iter().any(|(_, v)| v == "Growth"), "{:?}", d.args);
        assert!(d.undecoded.is_empty());
    }

    #[test]
    fn a_proposal_s_actions_are_decoded_field_by_field() {
        let router = Pubkey::new_unique();
        let proposer = Pubkey::new_unique();
        let d = describe(&ix::create_proposal(
            &router,
            &proposer,
            7,
            vec![GovernedAction::InsurancePayout { amount: 123_456 }],
        ));
        assert_eq!(d.name.as_deref(), Some("create_proposal"));
        let text = d.text();
        assert!(text.contains("id"), "{text}");
        assert!(text.contains("InsurancePayout"), "{text}");
        assert!(text.contains("123456"), "{text}");
        assert!(d.undecoded.is_empty(), "{text}");
    }

    #[test]
    fn another_program_is_plainly_unknown() {
        let ix = Instruction {
            program_id: Pubkey::new_unique(),
            accounts: vec![],
            data: vec![3, 1, 2],
        };
        let d = describe(&ix);
        assert_eq!(d.program, format!("unknown program {}", ix.program_id));
        assert!(d.text().contains("3 byte(s) not decoded: 030102"));
    }

    #[test]
    fn truncated_data_is_shown_undecoded_not_misread() {
        let mut ix = ix::set_stage(&Pubkey::new_unique(), &Pubkey::new_unique(), Stage::Early);
        ix.data.truncate(8);
        let d = describe(&ix);
        assert_eq!(d.name.as_deref(), Some("set_stage"));
        assert!(d.args.is_empty());
        assert!(d.malformed);
        assert!(d.text().contains("does not decode"));
    }
}
