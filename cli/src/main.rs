//! `fee-router`: the command line of the fee-router program.
use clap::Parser;
use fee_router_cli::app::Cli;
use fee_router_cli::commands::run;
use fee_router_cli::fault;

fn main() {
    restore_sigpipe();
    let cli = Cli::parse();
    let url = cli.global.resolve().ok().map(|r| r.url);
    if let Err(e) = run(cli.command, &cli.global) {
        eprintln!("error: {}", fault::one_line(&e, url.as_deref()));
        std::process::exit(fault::exit_code(&e));
    }
}

/// A closed standard output (`fee-router show | head -1`) ends the process quietly, as it
/// does `ls` or `cat`: Rust ignores SIGPIPE, so `println!` would panic on the broken pipe.
fn restore_sigpipe() {
    #[cfg(unix)]
    // SAFETY: called first in `main`, before any other thread exists; it restores the
    // default disposition of one signal.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
}
