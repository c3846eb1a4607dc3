//! `set_stage_gates`: the external authority replaces the stage gates (trailing 30-day fee volume per stage).
use anchor_lang::prelude::*;

use crate::config::GovernedAction;
use crate::instructions::authority::access::{apply_as_authority, AuthorityOnly};

#[derive(AnchorSerialize, AnchorDeserialize, Clone, Copy, Debug, PartialEq, Eq)]
pub struct SetStageGatesArgs {
    /// Trailing 30-day fee volume each stage (Early, Growth, Mature) requires; 0 is no gate.
    pub gates: [u64; 3],
}

/// Specification: the external authority's setter for one `GovernedAction`, applied
/// through the one configuration path exactly as an executed proposal applies it.
pub fn set_stage_gates(ctx: Context<AuthorityOnly>, args: SetStageGatesArgs) -> Result<()> {
    apply_as_authority(ctx, GovernedAction::SetStageGates { gates: args.gates })
}
