//! `fee-router`: the command line of the fee-router program.
use fee_router_cli::commands::run;
use fee_router_cli::fault;

fn main() {
    restore_sigpipe();
    let cli = match fee_router_cli::app::parse_from(std::env::args_os()) {
        Ok(cli) => cli,
        Err(e) => parse_error(e),
    };
    let url = cli.global.resolve().ok().map(|r| r.url);
    if let Err(e) = run(cli.command, &cli.global) {
        eprintln!("error: {}", fault::one_line(&e, url.as_deref()));
        std::process::exit(fault::exit_code(&e));
    }
}

/// Help and version as clap prints them; any other command-line error in one line, exit 2.
fn parse_error(e: clap::Error) -> ! {
    use clap::error::ErrorKind;
    if matches!(
        e.kind(),
        ErrorKind::DisplayHelp
            | ErrorKind::DisplayVersion
            | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
    ) {
        e.exit();
    }
    eprintln!("error: {}", fee_router_cli::app::parse_error_line(&e));
    std::process::exit(e.exit_code());
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
