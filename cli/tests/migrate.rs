//! `fee-router migrate`, run as a user runs it: its help, and a dry run against a node that
//! does not answer, end without a panic (its flag once clashed with the global `--config`).
use std::process::{Command, Output};

fn fee_router(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_fee-router"))
        .args(args)
        .output()
        .expect("run fee-router")
}

fn no_panic(out: &Output) -> String {
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_ne!(out.status.code(), Some(101), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    stderr
}

/// A port nothing listens on.
fn closed_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

#[test]
fn migrate_help_names_the_deploy_config_flag() {
    let out = fee_router(&["migrate", "--help"]);
    no_panic(&out);
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains("--deploy-config <FILE>"));
}

#[test]
fn migrate_dry_run_of_every_committed_config_fails_cleanly_without_a_node() {
    let dir = std::env::temp_dir().join(format!("fee-router-migrate-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let keypair = dir.join("id.json");
    let bytes = solana_keypair::Keypair::new().to_bytes().to_vec();
    std::fs::write(&keypair, serde_json::to_string(&bytes).unwrap()).unwrap();
    let url = format!("http://127.0.0.1:{}", closed_port());
    let configs: Vec<_> = std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/../migrations"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    assert!(!configs.is_empty());
    for config in configs {
        let out = fee_router(&[
            "--url",
            &url,
            "--keypair",
            keypair.to_str().unwrap(),
            "migrate",
            "--deploy-config",
            config.to_str().unwrap(),
            "--dry-run",
        ]);
        let stderr = no_panic(&out);
        assert_eq!(out.status.code(), Some(1), "{config:?}: {stderr}");
        assert!(
            stderr.contains(&url),
            "{config:?}: the error names the node: {stderr}"
        );
    }
}
