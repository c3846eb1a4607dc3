//! `fee-router`: the command line of the fee-router program.
use clap::Parser;
use fee_router_cli::app::Cli;
use fee_router_cli::commands::run;

fn main() {
    let cli = Cli::parse();
    if let Err(e) = run(cli.command, &cli.global) {
        eprintln!("error: {e:#}");
        std::process::exit(1);
    }
}
