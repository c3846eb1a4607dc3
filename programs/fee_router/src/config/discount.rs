//! Changes to the discount: the tier table, the rebate authority, the rebate limits.
use anchor_lang::prelude::*;

use crate::events::{DiscountTiersChanged, RebateAuthorityChanged, RebateLimitsChanged};
use crate::state::{DiscountTiers, RebateLimits, Rebates};

/// Replaces the tier table and warm-up (their order was checked by `GovernedAction::validate`).
pub(super) fn set_tiers(key: &Pubkey, rebates: &mut Rebates, tiers: DiscountTiers) {
    let before = std::mem::replace(&mut rebates.tiers, tiers);
    emit!(DiscountTiersChanged {
        router: *key,
        before,
        after: tiers
    });
}

/// Registers the key that reports traders' fees; the default address withdraws it.
pub(super) fn set_authority(key: &Pubkey, rebates: &mut Rebates, authority: Pubkey) {
    let before = std::mem::replace(&mut rebates.authority, authority);
    emit!(RebateAuthorityChanged {
        router: *key,
        before,
        after: authority
    });
}

/// Replaces the bounds on what reports pay out.
pub(super) fn set_limits(key: &Pubkey, rebates: &mut Rebates, limits: RebateLimits) {
    let before = rebates.limits();
    rebates.limits = limits;
    emit!(RebateLimitsChanged {
        router: *key,
        before,
        after: limits
    });
}
