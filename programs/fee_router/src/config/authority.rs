//! Changes to who may do what: the guardian, pauses held by the authority, a new authority.
use anchor_lang::prelude::*;

use crate::events::{AuthorityProposed, AuthorityTransferCancelled, GuardianChanged, PauseChanged};
use crate::state::Router;

/// Names a new guardian.
pub(super) fn set_guardian(key: &Pubkey, r: &mut Router, guardian: Pubkey) {
    let before = std::mem::replace(&mut r.guardian, guardian);
    emit!(GuardianChanged {
        router: *key,
        before,
        after: guardian
    });
}

/// Pauses `operations`, held by the authority.
pub(super) fn pause(key: &Pubkey, r: &mut Router, operations: u32) {
    let before = r.pause(operations, true);
    emit_pause(key, r, before);
}

/// Lifts `operations`, whoever paused them.
pub(super) fn unpause(key: &Pubkey, r: &mut Router, operations: u32) -> Result<()> {
    let before = r.unpause(operations, true)?;
    emit_pause(key, r, before);
    Ok(())
}

fn emit_pause(key: &Pubkey, r: &Router, before: u32) {
    emit!(PauseChanged {
        router: *key,
        by: r.authority,
        before,
        after: r.paused,
        held_by_authority: r.paused_by_authority,
    });
}

/// Proposes `proposed` as the next authority; it must accept.
pub(super) fn propose(key: &Pubkey, r: &mut Router, proposed: Pubkey) -> Result<()> {
    r.propose_authority(proposed)?;
    emit!(AuthorityProposed {
        router: *key,
        authority: r.authority,
        proposed
    });
    Ok(())
}

/// Withdraws the pending authority proposal.
pub(super) fn cancel_transfer(key: &Pubkey, r: &mut Router) -> Result<()> {
    let cancelled = r.cancel_authority_transfer()?;
    emit!(AuthorityTransferCancelled {
        router: *key,
        authority: r.authority,
        cancelled,
    });
    Ok(())
}
