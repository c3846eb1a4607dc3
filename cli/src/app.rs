//! The command line's top level: global options and the subcommand tree, in the library so
//! the tests can walk every subcommand clap knows.
use clap::Parser;

use crate::commands::Command;
use crate::config::GlobalArgs;

#[derive(Parser)]
#[command(
    name = "fee-router",
    version,
    about = "Route an exchange's fees by life-cycle stage"
)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,

    #[command(subcommand)]
    pub command: Command,
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn the_command_tree_passes_clap_s_own_checks() {
        Cli::command().debug_assert();
    }
}
