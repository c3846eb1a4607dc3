//! The command line's top level: global options and the subcommand tree, in the library so
//! the tests can walk every subcommand clap knows.
use clap::Parser;

use crate::commands::Command;
use crate::config::GlobalArgs;

/// What the exit status means; `--help` prints it.
pub const EXIT_STATUS: &str = "\
Every transaction's signature is printed on standard error before it is sent; once it is \
confirmed, `Signature: <signature>` (or JSON) is printed on standard output.

Exit status:
  0  done (every transaction confirmed)
  1  failed or refused: nothing was sent, or what was sent failed or can no longer land
  2  the command line is wrong
  3  a transaction was sent and its confirmation was lost: it may have landed; check it with
     `fee-router confirm <signature>` before sending anything again (nothing is re-sent)";

#[derive(Parser)]
#[command(
    name = "fee-router",
    version,
    about = "Route an exchange's fees by life-cycle stage",
    after_help = EXIT_STATUS
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
