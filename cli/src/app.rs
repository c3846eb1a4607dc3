//! The command line's top level: global options and the subcommand tree, in the library so
//! the tests can walk every subcommand clap knows.
use clap::{CommandFactory, FromArgMatches, Parser};

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

/// The command tree as `fee-router` parses it: a negative number is read as a value (and
/// refused as one: "invalid value '-1' for '--amount'"), and a subcommand given without its
/// arguments says which are missing instead of printing its whole help.
pub fn command() -> clap::Command {
    fn adjust(c: clap::Command) -> clap::Command {
        c.allow_negative_numbers(true)
            .arg_required_else_help(false)
            .mut_subcommands(adjust)
    }
    Cli::command().mut_subcommands(adjust)
}

/// Parses `args` (the program name first) with [`command`].
pub fn parse_from<I, T>(args: I) -> Result<Cli, clap::Error>
where
    I: IntoIterator<Item = T>,
    T: Into<std::ffi::OsString> + Clone,
{
    let matches = command().try_get_matches_from(args)?;
    Cli::from_arg_matches(&matches)
}

/// A command-line error in one line: what is wrong, then where to read more. An address that
/// does not parse is said as such ("not a valid address: xyz"), not as base58's complaint.
pub fn parse_error_line(e: &clap::Error) -> String {
    use clap::error::{ContextKind, ContextValue, ErrorKind};
    let context = |kind| match e.get(kind) {
        Some(ContextValue::String(s)) => s.clone(),
        _ => String::new(),
    };
    if e.kind() == ErrorKind::ValueValidation {
        let source = std::error::Error::source(e);
        let is_address = source.is_some_and(|s| {
            s.is::<<anchor_lang::prelude::Pubkey as std::str::FromStr>::Err>()
                || s.is::<crate::fault::InvalidAddress>()
        });
        if is_address {
            let value = context(ContextKind::InvalidValue);
            return format!(
                "{} (for {}; see --help)",
                crate::fault::InvalidAddress(value),
                context(ContextKind::InvalidArg)
            );
        }
    }
    let rendered = e.to_string();
    let mut line = String::new();
    // After a line ending in ':' come the items of a list (the missing arguments, say).
    let mut listing = false;
    for part in rendered.lines().map(str::trim) {
        if part.starts_with("Usage:") || part.starts_with("For more information") {
            break;
        }
        if part.is_empty() {
            listing = false;
            continue;
        }
        let part = part.strip_prefix("error: ").unwrap_or(part);
        if !line.is_empty() {
            line.push_str(match (line.ends_with(':'), listing) {
                (true, _) => " ",
                (false, true) => ", ",
                (false, false) => "; ",
            });
        }
        listing |= part.ends_with(':');
        line.push_str(part);
    }
    format!("{line} (see --help)")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn error_line(args: &[&str]) -> String {
        let e = parse_from([&["fee-router"], args].concat())
            .err()
            .expect("a parse error");
        parse_error_line(&e)
    }

    #[test]
    fn an_address_that_does_not_parse_is_said_to_be_one() {
        for (value, said) in [
            (
                "xyz",
                "not a valid address: xyz (for --router <ROUTER>; see --help)",
            ),
            (
                "",
                "not a valid address: \"\" (empty) (for --router <ROUTER>; see --help)",
            ),
        ] {
            assert_eq!(error_line(&["show", "--router", value]), said);
        }
        assert_eq!(
            error_line(&[
                "set-shortfall-account",
                "--router",
                "11111111111111111111111111111112",
                "--account",
                "0x12"
            ]),
            "not a valid address: 0x12 (for --account <ACCOUNT>; see --help)"
        );
    }

    #[test]
    fn every_command_line_error_is_one_line() {
        for args in [
            vec!["deposit"],
            vec![
                "deposit",
                "--router",
                "11111111111111111111111111111112",
                "--amount",
                "-1",
            ],
            vec![
                "deposit",
                "--router",
                "11111111111111111111111111111112",
                "--amount",
                "1e5",
            ],
            vec![
                "crank",
                "--router",
                "11111111111111111111111111111112",
                "--interval",
                "0",
            ],
            vec!["no-such-command"],
        ] {
            let line = error_line(&args);
            assert_eq!(line.lines().count(), 1, "{args:?}: {line}");
            assert!(line.ends_with("(see --help)"), "{args:?}: {line}");
        }
        assert_eq!(
            error_line(&[
                "deposit",
                "--router",
                "11111111111111111111111111111112",
                "--amount",
                "1,5"
            ]),
            "invalid value '1,5' for '--amount <AMOUNT>': \"1,5\" is not an amount: give a number \
             of tokens such as 1.5 (or whole base units with --base-units) (see --help)"
        );
        assert_eq!(error_line(&["deposit"]),
            "the following required arguments were not provided: --router <ROUTER>, --amount <AMOUNT> (see --help)"
        );
    }

    #[test]
    fn the_command_tree_passes_clap_s_own_checks() {
        Cli::command().debug_assert();
        command().debug_assert();
    }
}
