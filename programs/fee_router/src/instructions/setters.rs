//! The external authority's setters: each is one `GovernedAction` applied through the one
//! configuration path (`instructions::access::apply_as_authority`), exactly as an executed
//! proposal applies it. Their arguments are the action's fields.
use anchor_lang::prelude::*;

use crate::state::{
    AuctionParams, DiscountTiers, GovernanceParams, GuardRails, InsuranceParams, RebateLimits,
    Split, Stage, StakingParams,
};

#[derive(AnchorSerialize, AnchorDeserialize, Clone, Copy, Debug, PartialEq, Eq)]
pub struct SetStageArgs {
    pub stage: Stage,
}

#[derive(AnchorSerialize, AnchorDeserialize, Clone, Copy, Debug, PartialEq, Eq)]
pub struct SetSplitArgs {
    pub stage: Stage,
    pub split: Split,
}

#[derive(AnchorSerialize, AnchorDeserialize, Clone, Copy, Debug, PartialEq, Eq)]
pub struct SetGuardRailsArgs {
    pub rails: GuardRails,
}

#[derive(AnchorSerialize, AnchorDeserialize, Clone, Copy, Debug, PartialEq, Eq)]
pub struct SetStakingParamsArgs {
    pub params: StakingParams,
}

#[derive(AnchorSerialize, AnchorDeserialize, Clone, Copy, Debug, PartialEq, Eq)]
pub struct SetGuardianArgs {
    pub guardian: Pubkey,
}

#[derive(AnchorSerialize, AnchorDeserialize, Clone, Copy, Debug, PartialEq, Eq)]
pub struct SetGovernanceParamsArgs {
    pub params: GovernanceParams,
}

#[derive(AnchorSerialize, AnchorDeserialize, Clone, Copy, Debug, PartialEq, Eq)]
pub struct SetStageGatesArgs {
    /// Trailing 30-day fee volume each stage (Early, Growth, Mature) requires; 0 is no gate.
    pub gates: [u64; 3],
}

#[derive(AnchorSerialize, AnchorDeserialize, Clone, Copy, Debug, PartialEq, Eq)]
pub struct SetAuctionParamsArgs {
    pub params: AuctionParams,
}

#[derive(AnchorSerialize, AnchorDeserialize, Clone, Copy, Debug, PartialEq, Eq)]
pub struct ProposeAuthorityArgs {
    pub proposed: Pubkey,
}

#[derive(AnchorSerialize, AnchorDeserialize, Clone, Copy, Debug, PartialEq, Eq)]
pub struct SetDiscountTiersArgs {
    pub tiers: DiscountTiers,
}

#[derive(AnchorSerialize, AnchorDeserialize, Clone, Copy, Debug, PartialEq, Eq)]
pub struct SetRebateAuthorityArgs {
    /// The exchange's key or its program's PDA; the default address withdraws it.
    pub authority: Pubkey,
}

#[derive(AnchorSerialize, AnchorDeserialize, Clone, Copy, Debug, PartialEq, Eq)]
pub struct SetRebateLimitsArgs {
    pub limits: RebateLimits,
}

#[derive(AnchorSerialize, AnchorDeserialize, Clone, Copy, Debug, PartialEq, Eq)]
pub struct SetInsuranceParamsArgs {
    pub params: InsuranceParams,
}

#[derive(AnchorSerialize, AnchorDeserialize, Clone, Copy, Debug, PartialEq, Eq)]
pub struct SetShortfallAccountArgs {
    /// A fee-mint token account of the exchange; the default address withdraws it.
    pub account: Pubkey,
}

#[derive(AnchorSerialize, AnchorDeserialize, Clone, Copy, Debug, PartialEq, Eq)]
pub struct PayInsuranceArgs {
    /// Fee-token base units to pay the shortfall account.
    pub amount: u64,
    /// When given, the payout applies only if the fund has made exactly this many payouts
    /// (`InsuranceFund.totals.payouts`): a payout prepared once (a multisig's, a file signed
    /// later) pays once, however often its transaction is sent or rebuilt.
    pub payouts_before: Option<u64>,
}
