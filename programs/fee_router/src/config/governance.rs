//! Changes to governance itself: the voting rules and the stage gates.
use anchor_lang::prelude::*;

use crate::events::{GovernanceParamsChanged, StageGatesChanged};
use crate::state::{Governance, GovernanceParams};

/// Replaces the voting rules (their bounds were checked by `GovernedAction::validate`).
pub(super) fn set_params(key: &Pubkey, g: &mut Governance, params: GovernanceParams) {
    let before = std::mem::replace(&mut g.params, params);
    emit!(GovernanceParamsChanged {
        router: *key,
        before,
        after: params
    });
}

/// Replaces the stage gates (trailing 30-day fee volume per stage; 0 is no gate).
pub(super) fn set_stage_gates(key: &Pubkey, g: &mut Governance, gates: [u64; 3]) {
    let before = std::mem::replace(&mut g.stage_gates, gates);
    emit!(StageGatesChanged {
        router: *key,
        before,
        after: gates
    });
}
