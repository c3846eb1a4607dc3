//! SPEC §7 (Interfaces): every PDA account the committed IDL describes derives, from the IDL
//! alone, the address the program expects: a client that derives accounts from the IDL (as the
//! official TypeScript client does) reaches the same accounts as this SDK, whose builders the
//! other tests run against the program.
use std::str::FromStr;

use anchor_lang::prelude::Pubkey;
use anchor_lang::solana_program::instruction::Instruction;
use fee_router::state::Vote;
use fee_router_sdk::ix;
use serde_json::Value;

fn idl() -> Value {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../idl/fee_router.json");
    serde_json::from_str(&std::fs::read_to_string(path).expect("idl")).expect("idl json")
}

/// A sample call of each instruction whose IDL names a PDA, built by the SDK from fresh keys.
fn sample(name: &str) -> Option<Instruction> {
    let key = Pubkey::new_unique;
    let router = key();
    let proposal = key();
    Some(match name {
        "initialize_router" => ix::InitializeRouter {
            creator: key(),
            fee_mint: key(),
            protocol_mint: key(),
            fee_token_program: anchor_spl::token::ID,
            protocol_token_program: anchor_spl::token_2022::ID,
            authority: key(),
            guardian: key(),
            acknowledged_fee_mint_powers: 0,
            shortfall_account: Pubkey::default(),
        }
        .instruction(),
        "open_position" => ix::open_position(&router, &key()),
        // A proposal id that is not zero, so an id read from the wrong place shows.
        "create_proposal" => ix::create_proposal(&router, &key(), 7, vec![]),
        "cast_vote" => ix::cast_vote(&router, &proposal, &key(), Vote::Yes),
        "open_market" => ix::open_market(
            &ix::FeeSide {
                router,
                fee_mint: key(),
                fee_token_program: anchor_spl::token::ID,
            },
            &key(),
            &key(),
        ),
        _ => return None,
    })
}

/// Decodes the borsh bytes of `ty` at the start of `data`: its length, and for a primitive its
/// bytes. Only what PDA seeds and the fields before them need.
fn field_len(ty: &Value, data: &[u8]) -> usize {
    match ty.as_str() {
        Some("u8" | "i8" | "bool") => 1,
        Some("u16" | "i16") => 2,
        Some("u32" | "i32") => 4,
        Some("u64" | "i64") => 8,
        Some("u128" | "i128") => 16,
        Some("pubkey") => 32,
        _ => {
            if let Some(inner) = ty.get("vec") {
                let n = u32::from_le_bytes(data[..4].try_into().unwrap()) as usize;
                let mut at = 4;
                for _ in 0..n {
                    at += field_len(inner, &data[at..]);
                }
                return at;
            }
            panic!("the IDL test cannot size {ty}: extend field_len");
        }
    }
}

/// The bytes of the argument at `path` (`args.id`) in the instruction data.
fn arg_bytes(idl: &Value, ix_idl: &Value, data: &[u8], path: &str) -> Vec<u8> {
    let mut parts = path.split('.');
    let arg = parts.next().unwrap();
    let mut at = 8;
    for a in ix_idl["args"].as_array().unwrap() {
        let ty = &a["type"];
        if a["name"] == arg {
            let Some(field) = parts.next() else {
                return data[at..at + field_len(ty, &data[at..])].to_vec();
            };
            let type_name = ty["defined"]["name"].as_str().expect("a struct argument");
            let def = idl["types"]
                .as_array()
                .unwrap()
                .iter()
                .find(|t| t["name"] == type_name)
                .expect("type in the IDL");
            for f in def["type"]["fields"].as_array().unwrap() {
                let len = field_len(&f["type"], &data[at..]);
                if f["name"] == field {
                    return data[at..at + len].to_vec();
                }
                at += len;
            }
            panic!("no field {field} in {type_name}");
        }
        at += field_len(ty, &data[at..]);
    }
    panic!("no argument {path}");
}

#[test]
fn every_pda_in_the_idl_derives_the_address_the_program_expects() {
    let idl = idl();
    let program = Pubkey::from_str(idl["address"].as_str().unwrap()).unwrap();
    assert_eq!(program, fee_router::ID);
    let mut checked = 0;
    for ix_idl in idl["instructions"].as_array().unwrap() {
        let name = ix_idl["name"].as_str().unwrap();
        let accounts = ix_idl["accounts"].as_array().unwrap();
        if !accounts.iter().any(|a| a.get("pda").is_some()) {
            continue;
        }
        let ix = sample(name).unwrap_or_else(|| {
            panic!("{name} has PDA accounts in the IDL: add a sample call to this test")
        });
        assert_eq!(ix.accounts.len(), accounts.len(), "{name}: account count");
        let by_name = |n: &str| -> Pubkey {
            let i = accounts
                .iter()
                .position(|a| a["name"] == n)
                .unwrap_or_else(|| panic!("{name}: the IDL seeds name an unknown account {n}"));
            ix.accounts[i].pubkey
        };
        for (i, a) in accounts.iter().enumerate() {
            let Some(p) = a.get("pda") else { continue };
            let seeds: Vec<Vec<u8>> = p["seeds"]
                .as_array()
                .unwrap()
                .iter()
                .map(|seed| match seed["kind"].as_str().unwrap() {
                    "const" => seed["value"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .map(|b| b.as_u64().unwrap() as u8)
                        .collect(),
                    "account" => {
                        let path = seed["path"].as_str().unwrap();
                        assert!(
                            !path.contains('.'),
                            "{name}.{}: a seed read from account data ({path}) cannot be derived from the IDL alone",
                            a["name"]
                        );
                        by_name(path).to_bytes().to_vec()
                    }
                    "arg" => arg_bytes(&idl, ix_idl, &ix.data, seed["path"].as_str().unwrap()),
                    other => panic!("{name}: unknown seed kind {other}"),
                })
                .collect();
            let owner = match p.get("program") {
                Some(program_seed) => {
                    assert_eq!(program_seed["kind"], "account");
                    by_name(program_seed["path"].as_str().unwrap())
                }
                None => program,
            };
            let refs: Vec<&[u8]> = seeds.iter().map(|s| s.as_slice()).collect();
            let (derived, _) = Pubkey::find_program_address(&refs, &owner);
            assert_eq!(
                derived, ix.accounts[i].pubkey,
                "{name}.{}: the IDL's seeds give another address",
                a["name"]
            );
            checked += 1;
        }
    }
    // The router, its six vaults and four capability accounts, a position, a proposal and a
    // vote record at least.
    assert!(checked >= 14, "only {checked} PDA accounts checked");
}
