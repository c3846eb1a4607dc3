//! Changes to how fees are routed: the stage, a stage's split, the guard rails.
use anchor_lang::prelude::*;

use crate::events::{GuardRailsChanged, SplitChanged, StageChanged};
use crate::state::{GuardRails, Router, Split, Stage};

/// Moves to `stage` if its gate (`gate`, trailing 30-day fees) is met.
pub(super) fn set_stage(
    key: &Pubkey,
    r: &mut Router,
    gate: u64,
    stage: Stage,
    now: i64,
) -> Result<()> {
    let before = r.move_to_stage(stage, gate, now)?;
    emit!(StageChanged {
        router: *key,
        before,
        after: stage
    });
    Ok(())
}

/// Replaces `stage`'s split (its sum was checked by `GovernedAction::validate`).
pub(super) fn set_split(key: &Pubkey, r: &mut Router, stage: Stage, split: Split) {
    let before = std::mem::replace(&mut r.splits[stage.index()], split);
    emit!(SplitChanged {
        router: *key,
        stage,
        before,
        after: split
    });
}

/// Replaces the guard rails.
pub(super) fn set_guard_rails(key: &Pubkey, r: &mut Router, rails: GuardRails) {
    let before = std::mem::replace(&mut r.guard_rails, rails);
    emit!(GuardRailsChanged {
        router: *key,
        before,
        after: rails
    });
}
