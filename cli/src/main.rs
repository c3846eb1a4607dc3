//! `fee-router`: the command line of the fee-router program.
use clap::Parser;
use fee_router_cli::commands::{run, Command};
use fee_router_cli::config::GlobalArgs;

#[derive(Parser)]
#[command(
    name = "fee-router",
    version,
    about = "Route an exchange's fees by life-cycle stage"
)]
struct Cli {
    #[command(flatten)]
    global: GlobalArgs,

    #[command(subcommand)]
    command: Command,
}

fn main() {
    let cli = Cli::parse();
    if let Err(e) = run(cli.command, &cli.global) {
        eprintln!("error: {e:#}");
        std::process::exit(1);
    }
}
