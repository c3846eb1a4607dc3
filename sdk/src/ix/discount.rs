//! Discount: rebates reported by the rebate authority; the tiers, the rebate authority and
//! the rebate limits (external authority).
use anchor_lang::prelude::Pubkey;
use anchor_lang::solana_program::instruction::Instruction;
use fee_router::instructions::{
    RebateArgs, SetDiscountTiersArgs, SetRebateAuthorityArgs, SetRebateLimitsArgs,
};
use fee_router::state::{DiscountTiers, RebateLimits};
use fee_router::{accounts, instruction};

use super::{build, FeeSide};
use crate::pda::{self, VaultKind};

/// `rebate`: the rebate authority reports `fee_paid` by `trader`; the rebate goes to
/// `trader_fee_token`. `with_position` passes the trader's position (pass it when the trader
/// has one: without it the rebate is 0).
pub fn rebate(
    side: &FeeSide,
    rebate_authority: &Pubkey,
    trader: &Pubkey,
    trader_fee_token: &Pubkey,
    fee_paid: u64,
    with_position: bool,
) -> Instruction {
    let r = &side.router;
    let accounts = accounts::Rebate {
        rebate_authority: *rebate_authority,
        router: *r,
        rebates: pda::rebates(r),
        trader_position: with_position.then(|| pda::position(r, trader)),
        discount_vault: pda::vault(r, VaultKind::Discount),
        trader_fee_token: *trader_fee_token,
        fee_mint: side.fee_mint,
        fee_token_program: side.fee_token_program,
    };
    build(
        accounts,
        instruction::Rebate {
            args: RebateArgs {
                trader: *trader,
                fee_paid,
            },
        },
    )
}

fn rebates_accounts(router: &Pubkey, authority: &Pubkey) -> accounts::AuthorityWithRebates {
    accounts::AuthorityWithRebates {
        authority: *authority,
        router: *router,
        governance: pda::governance(router),
        rebates: pda::rebates(router),
    }
}

/// `set_discount_tiers` (external authority).
pub fn set_discount_tiers(
    router: &Pubkey,
    authority: &Pubkey,
    tiers: DiscountTiers,
) -> Instruction {
    build(
        rebates_accounts(router, authority),
        instruction::SetDiscountTiers {
            args: SetDiscountTiersArgs { tiers },
        },
    )
}

/// `set_rebate_authority` (external authority).
pub fn set_rebate_authority(
    router: &Pubkey,
    authority: &Pubkey,
    rebate_authority: Pubkey,
) -> Instruction {
    build(
        rebates_accounts(router, authority),
        instruction::SetRebateAuthority {
            args: SetRebateAuthorityArgs {
                authority: rebate_authority,
            },
        },
    )
}

/// `set_rebate_limits` (external authority).
pub fn set_rebate_limits(router: &Pubkey, authority: &Pubkey, limits: RebateLimits) -> Instruction {
    build(
        rebates_accounts(router, authority),
        instruction::SetRebateLimits {
            args: SetRebateLimitsArgs { limits },
        },
    )
}
