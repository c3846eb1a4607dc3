//! Every subcommand's `--help`, run as a user runs it: clap checks a command's definition
//! (clashing flags, say) only when that command is reached, so each one is reached here.
use std::process::Command;

use clap::CommandFactory;
use fee_router_cli::app::Cli;

/// Every path of subcommand names in the tree, `["propose", "set-split"]` and so on.
fn paths(cmd: &clap::Command, prefix: &[String], out: &mut Vec<Vec<String>>) {
    for sub in cmd.get_subcommands() {
        if sub.get_name() == "help" {
            continue;
        }
        let mut path = prefix.to_vec();
        path.push(sub.get_name().to_string());
        out.push(path.clone());
        paths(sub, &path, out);
    }
}

#[test]
fn every_subcommand_prints_its_help_without_a_panic() {
    let mut all = vec![];
    paths(&Cli::command(), &[], &mut all);
    assert!(all.len() > 40, "the tree lists {} subcommands", all.len());
    let mut failures = vec![];
    for path in &all {
        let out = Command::new(env!("CARGO_BIN_EXE_fee-router"))
            .args(path)
            .arg("--help")
            .output()
            .expect("run fee-router");
        let stderr = String::from_utf8_lossy(&out.stderr);
        let stdout = String::from_utf8_lossy(&out.stdout);
        if out.status.code() != Some(0) || stderr.contains("panicked") || !stdout.contains("Usage:")
        {
            failures.push(format!("{path:?}: {:?} {stderr}", out.status.code()));
        }
    }
    eprintln!(
        "help: {} subcommands, {} failures",
        all.len(),
        failures.len()
    );
    assert!(failures.is_empty(), "{failures:#?}");
}
