//! `cancel_authority_transfer`: the external authority withdraws a pending authority proposal.
use anchor_lang::prelude::*;

use crate::config::GovernedAction;
use crate::instructions::authority::access::{apply_as_authority, AuthorityOnly};

/// Specification: the external authority's setter for one `GovernedAction`, applied
/// through the one configuration path exactly as an executed proposal applies it.
pub fn cancel_authority_transfer(ctx: Context<AuthorityOnly>) -> Result<()> {
    apply_as_authority(ctx, GovernedAction::CancelAuthorityTransfer)
}
