//! Account types, one file each.
use anchor_lang::prelude::*;

use crate::error::FeeRouterError;

pub mod auction;
pub mod distribution;
pub mod governance;
pub mod governed_action;
pub mod insurance;
pub mod lines;
pub mod market;
pub mod mint_powers;
pub mod pause;
pub mod position;
pub mod proposal;
pub mod rebates;
pub mod rolling;
pub mod router;
pub mod split;
pub mod staking;
pub mod totals;

pub use auction::*;
pub use distribution::*;
pub use governance::*;
pub use governed_action::*;
pub use insurance::*;
pub use market::*;
pub use position::*;
pub use proposal::*;
pub use rebates::*;
pub use rolling::*;
pub use router::*;
pub use split::*;
pub use staking::*;
pub use totals::*;

/// Fails with [`FeeRouterError::InvariantViolated`] unless `holds`, logging `name`, the
/// clause that broke. Costs nothing but the comparison when it holds.
pub fn clause(holds: bool, name: &'static str) -> Result<()> {
    if holds {
        Ok(())
    } else {
        anchor_lang::solana_program::log::sol_log(name);
        Err(FeeRouterError::InvariantViolated.into())
    }
}
