//! `fee-router`: the command line of the fee-router program.
use clap::Parser;
use fee_router_cli::app::Cli;
use fee_router_cli::commands::run;
use fee_router_cli::fault;

fn main() {
    let cli = Cli::parse();
    let url = cli.global.resolve().ok().map(|r| r.url);
    if let Err(e) = run(cli.command, &cli.global) {
        eprintln!("error: {}", fault::one_line(&e, url.as_deref()));
        std::process::exit(fault::exit_code(&e));
    }
}
