//! `cargo run -p xtask -- idl [--check]`: generates `idl/fee_router.json` and
//! `idl/example_exchange.json` from the programs
//! through Anchor's idl-build path (the same `IdlBuilder` `anchor idl build` uses), or checks
//! that the committed IDL is what the program generates now.
//!
//! `cargo run -p xtask -- attack-matrix [--check]`: generates `docs/attack-matrix.md` from the
//! tests' `// attack:` markers and `docs/attack-matrix-na.toml` (see [`attack_matrix`]), or
//! checks that the committed matrix is current and has no empty cell.
//!
//! `cargo run -p xtask -- layout --check`: the programs' sources keep the layout rules (see
//! [`layout`]).
mod attack_matrix;
mod layout;

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{bail, Context, Result};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// The programs whose IDL is committed: `programs/<name>` → `idl/<name>.json`.
const PROGRAMS: [&str; 2] = ["fee_router", "example_exchange"];

fn generate(program: &str) -> Result<String> {
    // `cargo run` exports RUSTUP_TOOLCHAIN, which the builder would turn into a literal
    // `cargo +{toolchain}`; the repository's rust-toolchain.toml picks the toolchain instead.
    std::env::remove_var("RUSTUP_TOOLCHAIN");
    let target_dir = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join("target"))
        .join("idl");
    let idl = anchor_lang_idl::build::IdlBuilder::new()
        .program_path(root().join("programs").join(program))
        .cargo_args(vec![
            "--target-dir".into(),
            target_dir.display().to_string(),
        ])
        .build()
        .with_context(|| format!("building the IDL of {program}"))?;
    Ok(serde_json::to_string_pretty(&idl)? + "\n")
}

fn idl_path(program: &str) -> PathBuf {
    root().join("idl").join(format!("{program}.json"))
}

fn run() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args
        .iter()
        .map(String::as_str)
        .collect::<Vec<_>>()
        .as_slice()
    {
        ["idl"] => {
            for program in PROGRAMS {
                let path = idl_path(program);
                std::fs::write(&path, generate(program)?)?;
                println!("wrote {}", path.display());
            }
        }
        ["idl", "--check"] => {
            for program in PROGRAMS {
                let path = idl_path(program);
                let fresh = generate(program)?;
                let committed = std::fs::read_to_string(&path).unwrap_or_default();
                if fresh != committed {
                    bail!(
                        "{} is out of date: run `cargo run -p xtask -- idl` and commit it",
                        path.display()
                    );
                }
                println!("{} matches the program", path.display());
            }
        }
        ["attack-matrix"] => attack_matrix::run(&root(), false)?,
        ["attack-matrix", "--check"] => attack_matrix::run(&root(), true)?,
        ["layout", "--check"] => layout::run(&root())?,
        _ => bail!(
            "usage: cargo run -p xtask -- idl [--check] | attack-matrix [--check] | layout --check"
        ),
    }
    Ok(())
}

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}
