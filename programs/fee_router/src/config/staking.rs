//! Changes to staking: the cooldown, the stream period and the yield cap.
use anchor_lang::prelude::*;

use crate::events::StakingParamsChanged;
use crate::state::{Router, StakingParams};

/// Replaces the staking parameters; what streamed so far is released under the old ones.
pub(super) fn set_params(
    key: &Pubkey,
    r: &mut Router,
    params: StakingParams,
    now: i64,
) -> Result<()> {
    let before = r.set_staking_params(params, now)?;
    emit!(StakingParamsChanged {
        router: *key,
        before,
        after: params
    });
    Ok(())
}
