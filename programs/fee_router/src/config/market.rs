//! Changes to the markets: the market approved to open its fee account, the allowance cap.
use anchor_lang::prelude::*;

use crate::events::{MarketAllowanceCapChanged, MarketApproved};
use crate::state::Router;

/// Approves `authority`'s market to open its fee account next.
pub(super) fn approve(key: &Pubkey, r: &mut Router, authority: Pubkey) {
    r.markets.approved = authority;
    emit!(MarketApproved {
        router: *key,
        authority
    });
}

/// Replaces the allowance cap.
pub(super) fn set_allowance_cap(key: &Pubkey, r: &mut Router, cap: u64) {
    let before = std::mem::replace(&mut r.markets.allowance_cap, cap);
    emit!(MarketAllowanceCapChanged {
        router: *key,
        before,
        after: cap
    });
}
