//! `set_guardian`: the external authority names a new guardian.
use anchor_lang::prelude::*;

use crate::config::GovernedAction;
use crate::instructions::authority::access::{apply_as_authority, AuthorityOnly};

#[derive(AnchorSerialize, AnchorDeserialize, Clone, Copy, Debug, PartialEq, Eq)]
pub struct SetGuardianArgs {
    pub guardian: Pubkey,
}

/// Specification: the external authority's setter for one `GovernedAction`, applied
/// through the one configuration path exactly as an executed proposal applies it.
pub fn set_guardian(ctx: Context<AuthorityOnly>, args: SetGuardianArgs) -> Result<()> {
    apply_as_authority(
        ctx,
        GovernedAction::SetGuardian {
            guardian: args.guardian,
        },
    )
}
