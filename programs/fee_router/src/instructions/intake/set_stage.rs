//! `set_stage`: the external authority moves the router to another life-cycle stage (its stage gate must be met).
use anchor_lang::prelude::*;

use crate::config::GovernedAction;
use crate::instructions::authority::access::{apply_as_authority, AuthorityOnly};
use crate::state::Stage;

#[derive(AnchorSerialize, AnchorDeserialize, Clone, Copy, Debug, PartialEq, Eq)]
pub struct SetStageArgs {
    pub stage: Stage,
}

/// Specification: the external authority's setter for one `GovernedAction`, applied
/// through the one configuration path exactly as an executed proposal applies it.
pub fn set_stage(ctx: Context<AuthorityOnly>, args: SetStageArgs) -> Result<()> {
    apply_as_authority(ctx, GovernedAction::SetStage { stage: args.stage })
}
