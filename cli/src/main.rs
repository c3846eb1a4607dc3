//! `fee-router`: the command line of the fee-router program.
use clap::{Parser, Subcommand};

mod commands;
mod output;

#[derive(Parser)]
#[command(
    name = "fee-router",
    version,
    about = "Route an exchange's fees by life-cycle stage"
)]
struct Cli {
    /// Print JSON instead of a table.
    #[arg(long, global = true)]
    json: bool,

    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Project a month of fees through each stage's split, offline, with the program's own math.
    Simulate(commands::simulate::Args),
}

fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    match cli.command {
        Command::Simulate(args) => commands::simulate::run(args, cli.json),
    }
}
