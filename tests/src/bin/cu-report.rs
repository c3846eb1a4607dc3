//! `scripts/cu-report`: compute units of every instruction's representative call on the SBF
//! build, the token program's share of them, and their budgets (`tests/cu-budgets.toml`).
//!
//! `cu-report` prints a table; `--json` prints `{"instructions": [...]}`; `--check` fails when
//! a measurement exceeds its budget or the README's table is not the one measured now;
//! `--write-readme` rewrites that table.
use std::path::PathBuf;
use std::process::ExitCode;

use fee_router_tests::cu::{markdown, measure_all, Measurement};

const BEGIN: &str = "<!-- cu-report:begin -->\n";
const END: &str = "<!-- cu-report:end -->";

fn readme_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../README.md")
}

/// The README with its table replaced by `table`, or `None` if the markers are missing.
fn with_table(readme: &str, table: &str) -> Option<String> {
    let start = readme.find(BEGIN)? + BEGIN.len();
    let end = readme[start..].find(END)? + start;
    Some(format!("{}{}{}", &readme[..start], table, &readme[end..]))
}

fn print_table(ms: &[Measurement]) {
    println!(
        "{:<32} {:<20} {:>8} {:>9} {:>8} {:>8}",
        "instruction", "case", "cu", "token_cu", "budget", "goal"
    );
    for m in ms {
        let flag = if m.cu > m.budget { "  OVER BUDGET" } else { "" };
        println!(
            "{:<32} {:<20} {:>8} {:>9} {:>8} {:>8}{flag}",
            m.name,
            m.case,
            m.cu,
            m.token_cu,
            m.budget,
            m.goal.map_or("-".to_string(), |g| g.to_string())
        );
    }
}

/// Token-2022 (1% transfer fee) against SPL Token, per instruction measured both ways: the
/// difference in all, and in the router's own share (without the token program's).
fn print_deltas(ms: &[Measurement]) {
    for t22 in ms.iter().filter(|m| m.case == "token2022_fee") {
        if let Some(spl) = ms.iter().find(|m| m.name == t22.name && m.case == "spl") {
            let own = |m: &Measurement| m.cu as i64 - m.token_cu as i64;
            println!(
                "{:<32} Token-2022 - SPL: {:+} in all, {:+} of the router's own",
                t22.name,
                t22.cu as i64 - spl.cu as i64,
                own(t22) - own(spl)
            );
        }
    }
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let known = ["--json", "--check", "--write-readme"];
    if let Some(bad) = args.iter().find(|a| !known.contains(&a.as_str())) {
        eprintln!("unknown argument {bad}; usage: cu-report [--json] [--check] [--write-readme]");
        return ExitCode::from(2);
    }
    let has = |flag: &str| args.iter().any(|a| a == flag);
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("tokio runtime");
    let ms = runtime.block_on(measure_all());

    if has("--json") {
        let out = serde_json::json!({ "instructions": ms });
        println!("{}", serde_json::to_string_pretty(&out).expect("json"));
    } else {
        print_table(&ms);
        println!();
        print_deltas(&ms);
    }

    let table = markdown(&ms);
    let readme = std::fs::read_to_string(readme_path()).unwrap_or_default();
    if has("--write-readme") {
        match with_table(&readme, &table) {
            Some(updated) => {
                std::fs::write(readme_path(), updated).expect("write README.md");
                eprintln!("README.md: compute-unit table updated");
            }
            None => {
                eprintln!("README.md has no {BEGIN:?} ... {END:?} block");
                return ExitCode::FAILURE;
            }
        }
    }
    if has("--check") {
        let over: Vec<&Measurement> = ms.iter().filter(|m| m.cu > m.budget).collect();
        for m in &over {
            eprintln!(
                "{}/{} used {} compute units, over its budget of {}",
                m.name, m.case, m.cu, m.budget
            );
        }
        let stale = with_table(&readme, &table).as_deref() != Some(readme.as_str());
        if stale {
            eprintln!(
                "README.md's compute-unit table is stale: run `scripts/cu-report --write-readme`"
            );
        }
        if !over.is_empty() || stale {
            return ExitCode::FAILURE;
        }
        eprintln!("every instruction is within its budget; the README's table is current");
    }
    ExitCode::SUCCESS
}
