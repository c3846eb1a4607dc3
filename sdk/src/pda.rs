//! Program-derived addresses.
use anchor_lang::prelude::Pubkey;
use fee_router::constants::*;

/// The router of `creator` for a fee mint and a protocol mint.
pub fn router(creator: &Pubkey, fee_mint: &Pubkey, protocol_mint: &Pubkey) -> Pubkey {
    Pubkey::find_program_address(
        &[
            ROUTER_SEED,
            creator.as_ref(),
            fee_mint.as_ref(),
            protocol_mint.as_ref(),
        ],
        &fee_router::ID,
    )
    .0
}

/// A router's vault.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum VaultKind {
    Intake,
    Buyback,
    Stakers,
    Insurance,
    Discount,
    Stake,
}

impl VaultKind {
    pub const ALL: [VaultKind; 6] = [
        VaultKind::Intake,
        VaultKind::Buyback,
        VaultKind::Stakers,
        VaultKind::Insurance,
        VaultKind::Discount,
        VaultKind::Stake,
    ];

    pub fn seed(self) -> &'static [u8] {
        match self {
            VaultKind::Intake => INTAKE_SEED,
            VaultKind::Buyback => BUYBACK_SEED,
            VaultKind::Stakers => STAKERS_SEED,
            VaultKind::Insurance => INSURANCE_SEED,
            VaultKind::Discount => DISCOUNT_SEED,
            VaultKind::Stake => STAKE_SEED,
        }
    }
}

/// The address of one of `router`'s vaults.
pub fn vault(router: &Pubkey, kind: VaultKind) -> Pubkey {
    Pubkey::find_program_address(&[VAULT_SEED, router.as_ref(), kind.seed()], &fee_router::ID).0
}

/// The stake position of `owner` in `router`.
pub fn position(router: &Pubkey, owner: &Pubkey) -> Pubkey {
    Pubkey::find_program_address(
        &[POSITION_SEED, router.as_ref(), owner.as_ref()],
        &fee_router::ID,
    )
    .0
}

/// The governance of `router`.
pub fn governance(router: &Pubkey) -> Pubkey {
    Pubkey::find_program_address(&[GOVERNANCE_SEED, router.as_ref()], &fee_router::ID).0
}

/// Proposal `id` of `governance`.
pub fn proposal(governance: &Pubkey, id: u64) -> Pubkey {
    Pubkey::find_program_address(
        &[PROPOSAL_SEED, governance.as_ref(), &id.to_le_bytes()],
        &fee_router::ID,
    )
    .0
}

/// The vote record of `voter` on `proposal`, with its bump.
pub fn vote_record(proposal: &Pubkey, voter: &Pubkey) -> (Pubkey, u8) {
    Pubkey::find_program_address(
        &[VOTE_SEED, proposal.as_ref(), voter.as_ref()],
        &fee_router::ID,
    )
}

/// The buyback auction of `router`.
pub fn auction(router: &Pubkey) -> Pubkey {
    Pubkey::find_program_address(&[AUCTION_SEED, router.as_ref()], &fee_router::ID).0
}

/// The discount rebates account of `router`.
pub fn rebates(router: &Pubkey) -> Pubkey {
    Pubkey::find_program_address(&[REBATES_SEED, router.as_ref()], &fee_router::ID).0
}

/// The insurance fund account of `router`.
pub fn insurance_fund(router: &Pubkey) -> Pubkey {
    Pubkey::find_program_address(&[INSURANCE_FUND_SEED, router.as_ref()], &fee_router::ID).0
}

/// A market's fee account: `[MARKET_SEED, router, market_authority]`.
pub fn market_fees(router: &Pubkey, market_authority: &Pubkey) -> Pubkey {
    Pubkey::find_program_address(
        &[MARKET_SEED, router.as_ref(), market_authority.as_ref()],
        &fee_router::ID,
    )
    .0
}

/// A market's fee token account: `[VAULT_SEED, market_fees, MARKET_SEED]`.
pub fn market_token(market_fees: &Pubkey) -> Pubkey {
    Pubkey::find_program_address(
        &[VAULT_SEED, market_fees.as_ref(), MARKET_SEED],
        &fee_router::ID,
    )
    .0
}
