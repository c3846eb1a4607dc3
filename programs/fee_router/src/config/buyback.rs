//! Changes to the buyback auction.
use anchor_lang::prelude::*;

use super::Sinks;
use crate::error::FeeRouterError;
use crate::events::{AuctionEpochStarted, AuctionParamsChanged, EpochStart};
use crate::state::{AuctionParams, Router};

/// Replaces the auction's parameters (a treasury they name is checked first); the auction
/// restarts under the new prices, in a new epoch.
pub(super) fn set_params(
    key: &Pubkey,
    r: &Router,
    sinks: &mut Sinks,
    params: AuctionParams,
    now: i64,
) -> Result<()> {
    sinks.registering.check_treasury(&params.treasury, r, key)?;
    let auction = sinks
        .auction
        .as_deref_mut()
        .ok_or(FeeRouterError::AccountMissing)?;
    let before = auction.set_params(params, now);
    emit!(AuctionParamsChanged {
        router: *key,
        before,
        after: params
    });
    emit!(AuctionEpochStarted {
        router: *key,
        epoch_id: auction.epoch_id,
        started_at: now,
        start_price: auction.epoch_start_price,
        floor_price: params.floor_price,
        reason: EpochStart::ParamsChanged,
    });
    Ok(())
}
