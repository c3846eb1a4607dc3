//! `fee-router-localnet`: a local Solana JSON-RPC node with fee-router's SBF build deployed,
//! as `anchor localnet` gives an Anchor project. It is surfpool (the node Anchor 1.x starts by
//! default) embedded as a library, offline: programs run on LiteSVM, which runs this
//! project's SBPF v3 build with the same results as solana-program-test.
//!
//! ```text
//! fee-router-localnet [--rpc-port 8899] [--ws-port 8900] [--program target/deploy/fee_router.so]
//!                     [--program-id <ID>] [--airdrop <PUBKEY>]... [--slot-time-ms 400]
//!                     [--exchange-program target/deploy/example_exchange.so]
//! ```
//!
//! The example exchange (`programs/example_exchange`) is deployed beside the router at its own
//! id when its build is there, so the main job can trade through it.
//!
//! Prints `ready <rpc url>` on stdout once it serves, then runs until SIGINT or SIGTERM.
//! The helper subcommands in [`tools`] (keygen, mint, fund, transfer, time-travel) talk to a
//! running node.
mod exchange;
mod exchange_loop;
mod tools;

use std::path::PathBuf;
use std::str::FromStr;
use std::time::Duration;

use surfpool_core::solana_account::Account;
use surfpool_core::surfnet::locker::SurfnetSvmLocker;
use surfpool_core::surfnet::svm::{SurfnetSvm, SurfnetSvmConfig};
use surfpool_types::{BlockProductionMode, RpcConfig, SimnetConfig, SimnetEvent, SurfpoolConfig};

/// fee-router's program id (Anchor.toml).
const PROGRAM_ID: &str = "YTujpi5EWS6n39UEi3zxaZPccSKkBTJNUbuQybsGPFD";
/// The BPF loader that owns programs deployed as a finished executable (loader v2).
const BPF_LOADER: &str = "BPFLoader2111111111111111111111111111111111";

struct Args {
    rpc_port: u16,
    ws_port: u16,
    program: PathBuf,
    program_id: String,
    exchange_program: PathBuf,
    airdrop: Vec<String>,
    slot_time_ms: u64,
}

fn usage() -> ! {
    eprintln!(
        "usage: fee-router-localnet [--rpc-port N] [--ws-port N] [--program PATH] \
         [--program-id ID] [--airdrop PUBKEY]... [--slot-time-ms N] [--exchange-program PATH]"
    );
    std::process::exit(2)
}

fn parse_args() -> Args {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..");
    let mut a = Args {
        rpc_port: 8899,
        ws_port: 8900,
        program: root.join("target/deploy/fee_router.so"),
        program_id: PROGRAM_ID.to_string(),
        exchange_program: root.join("target/deploy/example_exchange.so"),
        airdrop: vec![],
        slot_time_ms: 400,
    };
    let mut it = std::env::args().skip(1).skip_while(|a| a == "start");
    while let Some(flag) = it.next() {
        let mut value = || it.next().unwrap_or_else(|| usage());
        match flag.as_str() {
            "--rpc-port" => a.rpc_port = value().parse().unwrap_or_else(|_| usage()),
            "--ws-port" => a.ws_port = value().parse().unwrap_or_else(|_| usage()),
            "--program" => a.program = PathBuf::from(value()),
            "--program-id" => a.program_id = value(),
            "--exchange-program" => a.exchange_program = PathBuf::from(value()),
            "--airdrop" => a.airdrop.push(value()),
            "--slot-time-ms" => a.slot_time_ms = value().parse().unwrap_or_else(|_| usage()),
            _ => usage(),
        }
    }
    a
}

fn pubkey(s: &str) -> solana_pubkey::Pubkey {
    solana_pubkey::Pubkey::from_str(s).unwrap_or_else(|_| {
        eprintln!("fee-router-localnet: {s} is not a public key");
        std::process::exit(2)
    })
}

fn main() {
    let raw: Vec<String> = std::env::args().skip(1).collect();
    if let Some(result) = tools::run(&raw) {
        if let Err(e) = result {
            eprintln!("fee-router-localnet: {e}");
            std::process::exit(1);
        }
        return;
    }
    let args = parse_args();
    let program = std::fs::read(&args.program).unwrap_or_else(|e| {
        eprintln!(
            "fee-router-localnet: cannot read the program at {} ({e}); build it with scripts/build-sbf.sh",
            args.program.display()
        );
        std::process::exit(1)
    });

    let (mut svm, events, geyser) = SurfnetSvm::new(SurfnetSvmConfig {
        slot_time: args.slot_time_ms,
        ..SurfnetSvmConfig::default()
    })
    .unwrap_or_else(|e| {
        eprintln!("fee-router-localnet: cannot create the SVM: {e}");
        std::process::exit(1)
    });
    // The programs, deployed as finished executables at their ids: the router, and the
    // example exchange when it is built.
    let mut programs = vec![(args.program_id.clone(), program)];
    if let Ok(exchange) = std::fs::read(&args.exchange_program) {
        programs.push((exchange::EXCHANGE_ID.to_string(), exchange));
    }
    for (id, program) in programs {
        let rent = 1_000_000_000u64.max(program.len() as u64 * 7_000);
        svm.set_account(
            &pubkey(&id),
            Account {
                lamports: rent,
                data: program,
                owner: pubkey(BPF_LOADER),
                executable: true,
                rent_epoch: 0,
            },
        )
        .unwrap_or_else(|e| {
            eprintln!("fee-router-localnet: cannot deploy the program {id}: {e}");
            std::process::exit(1)
        });
    }

    let config = SurfpoolConfig {
        simnets: vec![SimnetConfig {
            offline_mode: true,
            remote_rpc_url: None,
            slot_time: args.slot_time_ms,
            block_production_mode: BlockProductionMode::Clock,
            airdrop_addresses: args.airdrop.iter().map(|k| pubkey(k)).collect(),
            airdrop_token_amount: 1_000_000_000_000,
            ..SimnetConfig::default()
        }],
        rpc: RpcConfig {
            bind_host: "127.0.0.1".to_string(),
            bind_port: args.rpc_port,
            ws_port: args.ws_port,
            gossip_port: 0,
            tpu_port: 0,
            tpu_quic_port: 0,
        },
        ..SurfpoolConfig::default()
    };

    let (commands_tx, commands_rx) = crossbeam_channel::unbounded();
    let locker = SurfnetSvmLocker::new(svm);
    std::thread::Builder::new()
        .name("surfnet".into())
        .spawn(move || {
            let runloop = surfpool_core::runloops::start_local_surfnet_runloop(
                locker,
                config,
                commands_tx,
                commands_rx,
                geyser,
            );
            let runtime = tokio::runtime::Builder::new_multi_thread()
                .enable_all()
                .build()
                .expect("tokio runtime");
            if let Err(e) = runtime.block_on(runloop) {
                eprintln!("fee-router-localnet: the node stopped: {e}");
                std::process::exit(1);
            }
        })
        .expect("surfnet thread");

    // Ready once the core has started; then keep draining events so the node never blocks.
    let deadline = std::time::Instant::now() + Duration::from_secs(60);
    loop {
        let left = deadline.saturating_duration_since(std::time::Instant::now());
        match events.recv_timeout(left) {
            Ok(SimnetEvent::CoreStarted(_)) => break,
            Ok(SimnetEvent::ErrorLog(_, message)) => eprintln!("fee-router-localnet: {message}"),
            Ok(_) => {}
            Err(e) => {
                eprintln!("fee-router-localnet: the node did not start: {e}");
                std::process::exit(1)
            }
        }
    }
    println!("ready http://127.0.0.1:{}", args.rpc_port);
    std::thread::spawn(move || while events.recv().is_ok() {});

    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("tokio runtime");
    runtime.block_on(async {
        let mut term = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
            .expect("SIGTERM handler");
        tokio::select! {
            _ = tokio::signal::ctrl_c() => {}
            _ = term.recv() => {}
        }
    });
    eprintln!("fee-router-localnet: stopped");
    std::process::exit(0)
}
