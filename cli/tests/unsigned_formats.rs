//! `--unsigned --format squads|realms|json`, read back byte for byte against the layouts the
//! importers document: Solana's legacy message (what the Squads app imports, base58) and
//! spl-governance's borsh `InstructionData` (what a Realms proposal stores, base64). The
//! TypeScript client's test decodes the same output with `@sqds/multisig` and
//! `@solana/spl-governance` themselves (clients/ts/test/unsigned.test.ts).
use std::process::Command;

use anchor_lang::prelude::Pubkey;
use anchor_lang::solana_program::instruction::{AccountMeta, Instruction};
use base64::Engine;
use fee_router_cli::unsigned::{squads_message, MAX_TRANSACTION_BYTES};

/// The instruction a setter prints, as `fee-router submit` reads it (the JSON format).
struct Printed {
    program_id: Pubkey,
    accounts: Vec<(Pubkey, bool, bool)>,
    data: Vec<u8>,
}

fn fee_router(args: &[&str]) -> (bool, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_fee-router"))
        .args(args)
        .output()
        .expect("run fee-router");
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).trim().to_string(),
        String::from_utf8_lossy(&out.stderr).trim().to_string(),
    )
}

/// `set-split` for `router`, printed unsigned for `authority` in `format` (offline: printing
/// reads nothing from the cluster).
fn set_split(router: &Pubkey, authority: &Pubkey, format: Option<&str>) -> String {
    let (router, authority) = (router.to_string(), authority.to_string());
    let mut args = vec![
        "set-split",
        "--router",
        &router,
        "--authority",
        &authority,
        "--unsigned",
    ];
    if let Some(format) = format {
        args.extend(["--format", format]);
    }
    args.extend([
        "--stage",
        "growth",
        "--buyback",
        "5000",
        "--stakers",
        "2000",
        "--insurance",
        "1000",
        "--discount",
        "2000",
    ]);
    let (ok, stdout, stderr) = fee_router(&args);
    assert!(ok, "{stderr}");
    stdout
}

fn from_json(printed: &str) -> Vec<Printed> {
    let v: serde_json::Value = serde_json::from_str(printed).expect("JSON");
    v.as_array()
        .expect("a list")
        .iter()
        .map(|ix| Printed {
            program_id: ix["program_id"].as_str().unwrap().parse().unwrap(),
            accounts: ix["accounts"]
                .as_array()
                .unwrap()
                .iter()
                .map(|m| {
                    (
                        m["pubkey"].as_str().unwrap().parse().unwrap(),
                        m["is_signer"].as_bool().unwrap(),
                        m["is_writable"].as_bool().unwrap(),
                    )
                })
                .collect(),
            data: base64::engine::general_purpose::STANDARD
                .decode(ix["data"].as_str().unwrap())
                .unwrap(),
        })
        .collect()
}

/// A reader of the documented encodings: bytes, compact-u16, little-endian u32.
struct Reader<'a>(&'a [u8]);

impl Reader<'_> {
    fn bytes(&mut self, n: usize) -> Vec<u8> {
        assert!(self.0.len() >= n, "{n} bytes wanted, {} left", self.0.len());
        let (head, rest) = self.0.split_at(n);
        self.0 = rest;
        head.to_vec()
    }
    fn u8(&mut self) -> u8 {
        self.bytes(1)[0]
    }
    fn pubkey(&mut self) -> Pubkey {
        Pubkey::try_from(self.bytes(32).as_slice()).unwrap()
    }
    /// Solana's compact-u16 ("shortvec"): 7 bits a byte, low first, high bit = more.
    fn compact_u16(&mut self) -> usize {
        let mut value = 0usize;
        for shift in [0, 7, 14] {
            let byte = self.u8();
            value |= usize::from(byte & 0x7f) << shift;
            if byte & 0x80 == 0 {
                return value;
            }
        }
        panic!("compact-u16 longer than 3 bytes")
    }
    fn u32_le(&mut self) -> usize {
        u32::from_le_bytes(self.bytes(4).try_into().unwrap()) as usize
    }
    fn bool(&mut self) -> bool {
        match self.u8() {
            0 => false,
            1 => true,
            b => panic!("borsh bool {b}"),
        }
    }
}

/// A legacy message: header (3 bytes), account keys (compact-u16 count, 32 bytes each),
/// recent blockhash (32), instructions (compact-u16 count; each a program index, compact-u16
/// account indexes, compact-u16 data length and the data).
struct LegacyMessage {
    header: [u8; 3],
    keys: Vec<Pubkey>,
    blockhash: Vec<u8>,
    instructions: Vec<(usize, Vec<usize>, Vec<u8>)>,
}

fn legacy_message(bytes: &[u8]) -> LegacyMessage {
    let mut r = Reader(bytes);
    let header = [r.u8(), r.u8(), r.u8()];
    assert_eq!(
        header[0] & 0x80,
        0,
        "a versioned (v0) message, not a legacy one"
    );
    let keys = (0..r.compact_u16()).map(|_| r.pubkey()).collect();
    let blockhash = r.bytes(32);
    let instructions = (0..r.compact_u16())
        .map(|_| {
            let program = usize::from(r.u8());
            let accounts = (0..r.compact_u16()).map(|_| usize::from(r.u8())).collect();
            let len = r.compact_u16();
            (program, accounts, r.bytes(len))
        })
        .collect();
    assert!(r.0.is_empty(), "{} bytes after the message", r.0.len());
    LegacyMessage {
        header,
        keys,
        blockhash,
        instructions,
    }
}

#[test]
fn squads_format_is_a_base58_legacy_message_with_the_vault_as_payer_and_only_signer() {
    let (router, vault) = (Pubkey::new_unique(), Pubkey::new_unique());
    let json = from_json(&set_split(&router, &vault, None));
    let printed = set_split(&router, &vault, Some("squads"));
    assert_eq!(printed.lines().count(), 1, "one base58 line: {printed}");
    let bytes = bs58::decode(&printed).into_vec().expect("base58");
    let m = legacy_message(&bytes);

    // One signer, the vault, first: it pays the fee too. No read-only signer.
    assert_eq!(m.header[0], 1, "required signatures");
    assert_eq!(m.header[1], 0, "read-only signed accounts");
    assert_eq!(m.keys[0], vault);
    assert_eq!(
        m.blockhash,
        vec![0; 32],
        "the default blockhash: Squads sets its own"
    );
    // The same instruction as the JSON format, account for account.
    assert_eq!(m.instructions.len(), json.len());
    let writable = |i: usize| {
        let (signed, readonly_signed, readonly_unsigned) = (
            usize::from(m.header[0]),
            usize::from(m.header[1]),
            usize::from(m.header[2]),
        );
        if i < signed {
            i < signed - readonly_signed
        } else {
            i < m.keys.len() - readonly_unsigned
        }
    };
    for ((program, accounts, data), expected) in m.instructions.iter().zip(&json) {
        assert_eq!(m.keys[*program], expected.program_id);
        assert_eq!(data, &expected.data);
        let metas: Vec<(Pubkey, bool, bool)> = accounts
            .iter()
            .map(|&i| (m.keys[i], i < usize::from(m.header[0]), writable(i)))
            .collect();
        // The vault is the fee payer, so it is writable in the message whatever the
        // instruction asks; every other account keeps its flags.
        let expected: Vec<(Pubkey, bool, bool)> = expected
            .accounts
            .iter()
            .map(|&(k, s, w)| (k, s, w || k == vault))
            .collect();
        assert_eq!(metas, expected);
    }
    assert!(bytes.len() + 65 <= MAX_TRANSACTION_BYTES);
}

#[test]
fn realms_format_is_base64_borsh_instruction_data_per_instruction() {
    let (router, governance) = (Pubkey::new_unique(), Pubkey::new_unique());
    let json = from_json(&set_split(&router, &governance, None));
    let printed = set_split(&router, &governance, Some("realms"));
    let lines: Vec<&str> = printed.lines().collect();
    assert_eq!(
        lines.len(),
        json.len(),
        "one line per instruction: {printed}"
    );
    for (line, expected) in lines.iter().zip(&json) {
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(line)
            .expect("base64");
        // InstructionData: program_id, accounts (u32 count; pubkey, is_signer, is_writable),
        // data (u32 length, bytes), in borsh.
        let mut r = Reader(&bytes);
        assert_eq!(r.pubkey(), expected.program_id);
        let accounts: Vec<(Pubkey, bool, bool)> = (0..r.u32_le())
            .map(|_| (r.pubkey(), r.bool(), r.bool()))
            .collect();
        assert_eq!(accounts, expected.accounts);
        assert!(accounts.contains(&(governance, true, false)));
        let len = r.u32_le();
        assert_eq!(r.bytes(len), expected.data);
        assert!(r.0.is_empty());
    }
}

#[test]
fn json_stays_the_default_format() {
    let (router, authority) = (Pubkey::new_unique(), Pubkey::new_unique());
    assert_eq!(
        set_split(&router, &authority, None),
        set_split(&router, &authority, Some("json"))
    );
}

#[test]
fn format_without_unsigned_is_refused() {
    let router = Pubkey::new_unique().to_string();
    let (ok, _, stderr) = fee_router(&[
        "set-stage",
        "--router",
        &router,
        "--format",
        "squads",
        "growth",
    ]);
    assert!(!ok);
    assert!(stderr.contains("--unsigned"), "{stderr}");
}

/// An instruction for `vault` to sign with `data_len` bytes of data.
fn instruction(vault: &Pubkey, data_len: usize) -> Instruction {
    Instruction {
        program_id: fee_router::ID,
        accounts: vec![
            AccountMeta::new_readonly(*vault, true),
            AccountMeta::new(Pubkey::new_unique(), false),
        ],
        data: vec![7; data_len],
    }
}

#[test]
fn a_squads_message_above_the_transaction_limit_is_refused_in_words() {
    let vault = Pubkey::new_unique();
    // Header 3, keys 1 + 3 x 32 (vault, account, program), blockhash 32, instructions 1 +
    // (program 1, accounts 1 + 2, data length 2) + data: 139 bytes and the data; with the one
    // signature (1 + 64) the transaction is 204 bytes and the data.
    let fits = MAX_TRANSACTION_BYTES - 204;
    let message = squads_message(&[instruction(&vault, fits)], &vault).expect("fits");
    assert_eq!(
        message.len() + 65,
        MAX_TRANSACTION_BYTES,
        "exactly at the limit"
    );
    let err = squads_message(&[instruction(&vault, fits + 1)], &vault)
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("1233 bytes") && err.contains("1232"),
        "the error names the sizes: {err}"
    );
}

#[test]
fn a_squads_message_with_another_signer_is_refused() {
    let vault = Pubkey::new_unique();
    let mut ix = instruction(&vault, 8);
    let other = Pubkey::new_unique();
    ix.accounts.push(AccountMeta::new_readonly(other, true));
    let err = squads_message(&[ix], &vault).unwrap_err().to_string();
    assert!(
        err.contains(&other.to_string()) && err.contains("only signer"),
        "{err}"
    );
}

/// The README's `--unsigned --format` examples are run here as printed: the Squads one prints
/// one base58 legacy message whose only signer is the `--authority` vault, the Realms one one
/// base64 `InstructionData` of the router's program.
#[test]
fn the_readmes_unsigned_examples_print_what_the_importers_read() {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../README.md"))
        .expect("README.md");
    let examples: Vec<&str> = readme
        .lines()
        .filter(|l| l.starts_with("fee-router ") && l.contains("--unsigned --format"))
        .collect();
    assert_eq!(examples.len(), 2, "{examples:?}");
    for line in examples {
        let args: Vec<&str> = line.split_whitespace().skip(1).collect();
        let authority = args[args.iter().position(|a| *a == "--authority").unwrap() + 1];
        let (ok, stdout, stderr) = fee_router(&args);
        assert!(ok, "{line}: {stderr}");
        assert_eq!(stdout.lines().count(), 1, "{line}: {stdout}");
        if line.contains("squads") {
            let bytes = bs58::decode(&stdout).into_vec().expect("base58");
            // Legacy message header: one required signature, and it is the vault's.
            assert_eq!(bytes[0], 1, "{line}");
            let signer = Pubkey::try_from(&bytes[4..36]).expect("key");
            assert_eq!(signer.to_string(), authority, "{line}");
        } else {
            let bytes = base64::engine::general_purpose::STANDARD
                .decode(&stdout)
                .expect("base64");
            assert_eq!(
                Pubkey::try_from(&bytes[..32]).unwrap(),
                fee_router::ID,
                "{line}"
            );
        }
    }
}
