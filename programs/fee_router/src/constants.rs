//! Seeds and protocol constants, shared by the program, the SDK, the CLI and the tests.
use anchor_lang::prelude::*;

/// Seed of the router PDA: `[ROUTER_SEED, creator, fee_mint, protocol_mint]`.
#[constant]
pub const ROUTER_SEED: &[u8] = b"router";

/// Seed of every vault PDA: `[VAULT_SEED, router, <vault kind seed>]`.
#[constant]
pub const VAULT_SEED: &[u8] = b"vault";

/// Vault kind seeds.
#[constant]
pub const INTAKE_SEED: &[u8] = b"intake";
#[constant]
pub const BUYBACK_SEED: &[u8] = b"buyback";
#[constant]
pub const STAKERS_SEED: &[u8] = b"stakers";
#[constant]
pub const INSURANCE_SEED: &[u8] = b"insurance";
#[constant]
pub const DISCOUNT_SEED: &[u8] = b"discount";
#[constant]
pub const STAKE_SEED: &[u8] = b"stake";

/// Current layout version of the `Router` account.
#[constant]
pub const ROUTER_VERSION: u8 = 1;

/// Seed of a stake position: `[POSITION_SEED, router, owner]`.
#[constant]
pub const POSITION_SEED: &[u8] = b"position";

/// Seed of a router's governance account: `[GOVERNANCE_SEED, router]`.
#[constant]
pub const GOVERNANCE_SEED: &[u8] = b"governance";

/// Seed of a proposal: `[PROPOSAL_SEED, governance, id as u64 little-endian]`.
#[constant]
pub const PROPOSAL_SEED: &[u8] = b"proposal";

/// Seed of a vote record: `[VOTE_SEED, proposal, voter]`.
#[constant]
pub const VOTE_SEED: &[u8] = b"vote";

/// Current layout version of the `Governance` account.
#[constant]
pub const GOVERNANCE_VERSION: u8 = 1;

/// Current layout version of `Proposal` and `VoteRecord` accounts.
#[constant]
pub const PROPOSAL_VERSION: u8 = 1;

/// Seed of a router's buyback auction: `[AUCTION_SEED, router]`.
#[constant]
pub const AUCTION_SEED: &[u8] = b"auction";

/// Current layout version of the `Auction` account.
#[constant]
pub const AUCTION_VERSION: u8 = 1;

/// Seed of a router's discount rebates account (tiers, rebate authority, totals):
/// `[REBATES_SEED, router]`.
#[constant]
pub const REBATES_SEED: &[u8] = b"rebates";

/// Current layout version of the `Rebates` account.
#[constant]
pub const REBATES_VERSION: u8 = 1;

/// Seed of a router's insurance fund account (shortfall account, payout cap, totals):
/// `[INSURANCE_FUND_SEED, router]`.
#[constant]
pub const INSURANCE_FUND_SEED: &[u8] = b"insurance_fund";

/// Current layout version of the `InsuranceFund` account.
#[constant]
pub const INSURANCE_FUND_VERSION: u8 = 1;

/// Seed of a market's fee account: `[MARKET_SEED, router, market_authority]`; its token
/// account is the vault `[VAULT_SEED, market_fees, MARKET_SEED]`.
#[constant]
pub const MARKET_SEED: &[u8] = b"market";
/// Current layout version of `MarketFees` accounts.
#[constant]
pub const MARKET_VERSION: u8 = 1;

/// The most fee lines a stake pool holds, its own included: a pool is a router, and up to
/// `MAX_FEE_LINES - 1` other routers of the same protocol mint join it as fee lines
/// (`add_fee_line`).
#[constant]
pub const MAX_FEE_LINES: u8 = 8;

/// The most fee lines a pool holds besides its own.
pub const MAX_EXTRA_LINES: usize = MAX_FEE_LINES as usize - 1;
