//! `set_guard_rails`: the external authority replaces the guard rails (insurance floor, top-up share and cap; discount cap).
use anchor_lang::prelude::*;

use crate::config::GovernedAction;
use crate::instructions::authority::access::{apply_as_authority, AuthorityOnly};
use crate::state::GuardRails;

#[derive(AnchorSerialize, AnchorDeserialize, Clone, Copy, Debug, PartialEq, Eq)]
pub struct SetGuardRailsArgs {
    pub rails: GuardRails,
}

/// Specification: the external authority's setter for one `GovernedAction`, applied
/// through the one configuration path exactly as an executed proposal applies it.
pub fn set_guard_rails(ctx: Context<AuthorityOnly>, args: SetGuardRailsArgs) -> Result<()> {
    apply_as_authority(ctx, GovernedAction::SetGuardRails { rails: args.rails })
}
