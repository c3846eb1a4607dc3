//! `propose_authority`: the external authority proposes a new authority (its own governance, or another key), which takes
use anchor_lang::prelude::*;

use crate::config::GovernedAction;
use crate::instructions::authority::access::{apply_as_authority, AuthorityOnly};

#[derive(AnchorSerialize, AnchorDeserialize, Clone, Copy, Debug, PartialEq, Eq)]
pub struct ProposeAuthorityArgs {
    pub proposed: Pubkey,
}

/// Specification: the external authority's setter for one `GovernedAction`, applied
/// through the one configuration path exactly as an executed proposal applies it.
pub fn propose_authority(ctx: Context<AuthorityOnly>, args: ProposeAuthorityArgs) -> Result<()> {
    apply_as_authority(
        ctx,
        GovernedAction::ProposeAuthority {
            proposed: args.proposed,
        },
    )
}
