//! `set_split`: the external authority replaces one stage's split (the shares sum to 10_000 bps).
use anchor_lang::prelude::*;

use crate::config::GovernedAction;
use crate::instructions::authority::access::{apply_as_authority, AuthorityOnly};
use crate::state::{Split, Stage};

#[derive(AnchorSerialize, AnchorDeserialize, Clone, Copy, Debug, PartialEq, Eq)]
pub struct SetSplitArgs {
    pub stage: Stage,
    pub split: Split,
}

/// Specification: the external authority's setter for one `GovernedAction`, applied
/// through the one configuration path exactly as an executed proposal applies it.
pub fn set_split(ctx: Context<AuthorityOnly>, args: SetSplitArgs) -> Result<()> {
    apply_as_authority(
        ctx,
        GovernedAction::SetSplit {
            stage: args.stage,
            split: args.split,
        },
    )
}
