//! Events, in the past tense, carrying before/after amounts so an indexer can rebuild every
//! balance from events alone.
use anchor_lang::prelude::*;

pub use crate::state::RebateOutcome;
use crate::state::{AuctionParams, DiscountTiers, GovernedAction, InsuranceParams, RebateLimits};
use crate::state::{
    GovernanceParams, GuardRails, ProposalState, Split, Stage, StakingParams, Vaults, Vote,
};

#[event]
pub struct RouterInitialized {
    pub router: Pubkey,
    pub creator: Pubkey,
    pub authority: Pubkey,
    pub guardian: Pubkey,
    pub fee_mint: Pubkey,
    pub protocol_mint: Pubkey,
    pub vaults: Vaults,
    pub stage: Stage,
    pub splits: [Split; 3],
    pub guard_rails: GuardRails,
    /// The fee mint's issuer powers the creator acknowledged (`state::mint_powers` bits).
    pub fee_mint_powers: u32,
    /// The exchange's shortfall account insurance may pay (the default address: none yet).
    pub shortfall_account: Pubkey,
    /// The discount tiers the router starts with.
    pub discount_tiers: DiscountTiers,
}

/// A bucket of the split, in events.
#[derive(AnchorSerialize, AnchorDeserialize, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Bucket {
    Buyback,
    Stakers,
    Insurance,
    Discount,
}

/// Why part of a distribution went somewhere other than its split share.
#[derive(AnchorSerialize, AnchorDeserialize, Clone, Copy, Debug, PartialEq, Eq)]
pub enum RedirectReason {
    /// Taken first from the whole distribution to lift the insurance vault toward its floor.
    InsuranceFloorTopUp,
    /// Insurance share above the insurance cap.
    InsuranceCapOverflow,
    /// Discount share above the discount budget cap.
    DiscountCapOverflow,
    /// Staker share above what the yield cap lets the stream hold.
    StakerYieldCap,
    /// Staker share while nothing is staked.
    NoStake,
    /// Rewards the stream released while nothing was staked, sent on from the stakers vault.
    UnstakedRewardsSwept,
    /// Rewards the stream released above the yield cap on the stake active while they were
    /// released (stake that left mid-stream), sent on from the stakers vault.
    StakerYieldCapAtRelease,
}

/// The most redirections one distribution reports: each of its six sources at most once
/// (floor top-up, insurance overflow, discount overflow, staker overflow, and the two kinds
/// of stranded rewards).
pub const MAX_REDIRECTIONS: usize = 6;

/// One redirection of a distribution.
#[derive(AnchorSerialize, AnchorDeserialize, Clone, Copy, Debug, PartialEq, Eq)]
pub struct Redirection {
    pub reason: RedirectReason,
    pub to: Bucket,
    pub amount: u64,
}

#[event]
pub struct FeesDeposited {
    pub router: Pubkey,
    pub payer: Pubkey,
    /// What the payer sent.
    pub amount: u64,
    /// What reached the intake (less a Token-2022 transfer fee, if any).
    pub arrived: u64,
    /// Withheld by the fee mint's transfer fee.
    pub withheld: u64,
    pub intake_before: u64,
    pub intake_after: u64,
}

#[event]
pub struct FeesDistributed {
    pub router: Pubkey,
    pub stage: Stage,
    /// The intake's whole balance, swept.
    pub input: u64,
    /// The part of `input` no `deposit_fees` recorded (plain transfers into the intake).
    pub unattributed: u64,
    /// Sent to each bucket (buyback, stakers, insurance, discount).
    pub amounts: [u64; 4],
    /// Received by each bucket's vault (less a Token-2022 transfer fee, if any).
    pub credited: [u64; 4],
    /// Rounding remainder of the split, included in the buyback amount.
    pub remainder: u64,
    /// Each move away from the plain split, with its reason.
    pub redirections: Vec<Redirection>,
    /// Transfer fees withheld on this distribution's hops (intake → buckets, stakers → buyback).
    pub withheld: u64,
    /// Vault balances before and after (buyback, stakers, insurance, discount).
    pub vaults_before: [u64; 4],
    pub vaults_after: [u64; 4],
    /// The staker stream after the stakers' credit joined it: what it still holds, when it
    /// ends, and the stake it streams to.
    pub stream_remaining: u64,
    pub stream_end: i64,
    pub total_active: u64,
}

#[event]
pub struct StageChanged {
    pub router: Pubkey,
    pub before: Stage,
    pub after: Stage,
}

#[event]
pub struct SplitChanged {
    pub router: Pubkey,
    pub stage: Stage,
    pub before: Split,
    pub after: Split,
}

#[event]
pub struct GuardRailsChanged {
    pub router: Pubkey,
    pub before: GuardRails,
    pub after: GuardRails,
}

#[event]
pub struct AuthorityProposed {
    pub router: Pubkey,
    pub authority: Pubkey,
    pub proposed: Pubkey,
}

#[event]
pub struct AuthorityAccepted {
    pub router: Pubkey,
    pub before: Pubkey,
    pub after: Pubkey,
}

#[event]
pub struct GuardianChanged {
    pub router: Pubkey,
    pub before: Pubkey,
    pub after: Pubkey,
}

#[event]
pub struct PauseChanged {
    pub router: Pubkey,
    pub by: Pubkey,
    pub before: u32,
    pub after: u32,
    /// The paused bits only the authority may lift, after the change.
    pub held_by_authority: u32,
}

#[event]
pub struct Staked {
    pub router: Pubkey,
    pub owner: Pubkey,
    /// What the owner sent, what reached the stake vault and what the mint withheld.
    pub amount: u64,
    pub arrived: u64,
    pub withheld: u64,
    pub active_before: u64,
    pub active_after: u64,
    pub total_active_after: u64,
}

#[event]
pub struct UnstakeRequested {
    pub router: Pubkey,
    pub owner: Pubkey,
    pub amount: u64,
    pub unlock_at: i64,
    pub active_after: u64,
    pub total_active_after: u64,
}

/// A pending unstake request taken back: the amount is active stake again, counted as added
/// now.
#[event]
pub struct UnstakeCancelled {
    pub router: Pubkey,
    pub owner: Pubkey,
    pub amount: u64,
    pub active_after: u64,
    pub total_active_after: u64,
}

#[event]
pub struct UnstakeWithdrawn {
    pub router: Pubkey,
    pub owner: Pubkey,
    /// What left the stake vault, what reached the owner's account and what the mint withheld.
    pub amount: u64,
    pub arrived: u64,
    pub withheld: u64,
    pub total_cooling_after: u64,
}

#[event]
pub struct RewardsClaimed {
    pub router: Pubkey,
    pub owner: Pubkey,
    /// What left the stakers vault, what reached the owner's account and what the mint withheld.
    pub amount: u64,
    pub arrived: u64,
    pub withheld: u64,
    pub stakers_vault_after: u64,
}

#[event]
pub struct StakingParamsChanged {
    pub router: Pubkey,
    pub before: StakingParams,
    pub after: StakingParams,
}

#[event]
pub struct AuthorityTransferCancelled {
    pub router: Pubkey,
    pub authority: Pubkey,
    /// The key that had been proposed.
    pub cancelled: Pubkey,
}

#[event]
pub struct PositionOpened {
    pub router: Pubkey,
    pub owner: Pubkey,
    pub position: Pubkey,
}

/// Fee tokens in the stakers vault above what it owes, sent to buyback.
#[event]
pub struct RewardsSurplusSwept {
    pub router: Pubkey,
    /// What left the stakers vault, what reached buyback and what the mint withheld.
    pub surplus: u64,
    pub arrived: u64,
    pub withheld: u64,
    /// What the stakers vault owes (stream, stranded, claimable).
    pub liability: u64,
    pub stakers_vault_before: u64,
    pub buyback_vault_after: u64,
}

/// Protocol tokens in the stake vault above all stake, burned.
#[event]
pub struct StakeSurplusBurned {
    pub router: Pubkey,
    pub burned: u64,
    /// Active plus cooling stake: what the vault owes.
    pub owed: u64,
    pub stake_vault_before: u64,
    pub stake_vault_after: u64,
}

#[event]
pub struct GovernanceParamsChanged {
    pub router: Pubkey,
    pub before: GovernanceParams,
    pub after: GovernanceParams,
}

#[event]
pub struct StageGatesChanged {
    pub router: Pubkey,
    pub before: [u64; 3],
    pub after: [u64; 3],
}

#[event]
pub struct ProposalCreated {
    pub router: Pubkey,
    pub proposal: Pubkey,
    pub id: u64,
    pub proposer: Pubkey,
    pub actions: Vec<GovernedAction>,
    pub config_version: u64,
    pub voting_ends_at: i64,
    pub executable_at: i64,
    pub expires_at: i64,
    /// The active stake quorum is measured against.
    pub total_active_snapshot: u64,
}

#[event]
pub struct VoteCast {
    pub router: Pubkey,
    pub proposal: Pubkey,
    pub id: u64,
    pub voter: Pubkey,
    pub vote: Vote,
    pub weight: u64,
    /// The tallies after this vote.
    pub yes: u64,
    pub no: u64,
    pub abstain: u64,
}

/// A voter changed its vote while voting was open; its recorded weight moved from one tally
/// to another.
#[event]
pub struct VoteChanged {
    pub router: Pubkey,
    pub proposal: Pubkey,
    pub id: u64,
    pub voter: Pubkey,
    pub from: Vote,
    pub to: Vote,
    pub weight: u64,
    /// The tallies after the change.
    pub yes: u64,
    pub no: u64,
    pub abstain: u64,
}

#[event]
pub struct ProposalFinalized {
    pub router: Pubkey,
    pub proposal: Pubkey,
    pub id: u64,
    /// Passed, Defeated or QuorumMissed.
    pub state: ProposalState,
    pub yes: u64,
    pub no: u64,
    pub abstain: u64,
    pub total_active_snapshot: u64,
    pub executable_at: i64,
    pub expires_at: i64,
}

#[event]
pub struct ProposalExecuted {
    pub router: Pubkey,
    pub proposal: Pubkey,
    pub id: u64,
    pub executor: Pubkey,
    pub actions: Vec<GovernedAction>,
    pub config_version_after: u64,
}

#[event]
pub struct ProposalCancelled {
    pub router: Pubkey,
    pub proposal: Pubkey,
    pub id: u64,
}

#[event]
pub struct ProposalVetoed {
    pub router: Pubkey,
    pub proposal: Pubkey,
    pub id: u64,
    pub guardian: Pubkey,
}

#[event]
pub struct AuctionParamsChanged {
    pub router: Pubkey,
    pub before: AuctionParams,
    pub after: AuctionParams,
}

/// Why an auction epoch started.
#[derive(AnchorSerialize, AnchorDeserialize, Clone, Copy, Debug, PartialEq, Eq)]
pub enum EpochStart {
    /// A purchase sold the previous epoch out (took the rest of its cap or of the vault): this
    /// one starts at the price paid times the multiplier. No smaller purchase ends an epoch.
    Sale,
    /// The previous epochs ended before their lot sold out: this one starts, and stays, at the
    /// floor.
    Unsold,
    /// Governance changed the auction's parameters.
    ParamsChanged,
}

#[event]
pub struct AuctionEpochStarted {
    pub router: Pubkey,
    pub epoch_id: u64,
    pub started_at: i64,
    pub start_price: u64,
    pub floor_price: u64,
    pub reason: EpochStart,
}

/// A purchase from the buyback auction.
#[event]
pub struct BuybackExecuted {
    pub router: Pubkey,
    pub buyer: Pubkey,
    pub epoch_id: u64,
    /// Fee tokens sold (left the vault) and what the buyer received.
    pub lot: u64,
    pub received: u64,
    /// The price paid (protocol base units per fee base unit, times 1e9).
    pub price: u64,
    /// Protocol tokens paid, burned, and sent to the treasury (what left the buyer).
    pub payment: u64,
    pub burned: u64,
    pub to_treasury: u64,
    pub buyback_vault_before: u64,
    pub buyback_vault_after: u64,
    /// The protocol mint's supply before and after the burn.
    pub supply_before: u64,
    pub supply_after: u64,
    /// Sold over the last 24 hours, after this purchase.
    pub sold_in_day: u64,
    /// Sold in this epoch, this purchase included (counted against the epoch's cap).
    pub sold_in_epoch: u64,
    /// True when this purchase sold the epoch out (took the rest of its cap or of the vault)
    /// and so ended it (an `AuctionEpochStarted` with reason `Sale` follows); any other
    /// purchase leaves the epoch and its price curve running.
    pub epoch_ended: bool,
}

/// A trader's fee reported by the rebate authority, and the rebate it earned.
#[event]
pub struct RebatePaid {
    pub router: Pubkey,
    pub trader: Pubkey,
    pub fee_paid: u64,
    /// Active stake that has warmed up, and the share of the fee its tier pays back.
    pub tier_stake: u64,
    pub rebate_bps: u64,
    /// What the tier entitles the trader to, what left the vault, what arrived and what the
    /// fee mint withheld on the way.
    pub owed: u64,
    pub paid: u64,
    pub arrived: u64,
    pub withheld: u64,
    pub discount_vault_before: u64,
    pub discount_vault_after: u64,
    pub outcome: RebateOutcome,
}

#[event]
pub struct DiscountTiersChanged {
    pub router: Pubkey,
    pub before: DiscountTiers,
    pub after: DiscountTiers,
}

#[event]
pub struct RebateAuthorityChanged {
    pub router: Pubkey,
    pub before: Pubkey,
    pub after: Pubkey,
}

#[event]
pub struct RebateLimitsChanged {
    pub router: Pubkey,
    pub before: RebateLimits,
    pub after: RebateLimits,
}

#[event]
pub struct InsuranceParamsChanged {
    pub router: Pubkey,
    pub before: InsuranceParams,
    pub after: InsuranceParams,
}

#[event]
pub struct ShortfallAccountChanged {
    pub router: Pubkey,
    pub before: Pubkey,
    pub after: Pubkey,
}

/// A payout from the insurance fund to the shortfall account.
#[event]
pub struct InsurancePaidOut {
    pub router: Pubkey,
    pub shortfall_account: Pubkey,
    /// What left the insurance vault, what arrived and what the fee mint withheld.
    pub amount: u64,
    pub arrived: u64,
    pub withheld: u64,
    pub insurance_vault_before: u64,
    pub insurance_vault_after: u64,
    /// The rolling payout window after this payout: what payouts of the last period paid
    /// (this one included), the fund its share is measured on (the vault plus that: the fund
    /// as the window opened plus what entered since; saturates at `u64::MAX`), and what may
    /// still be paid out now.
    pub window_paid: u64,
    pub window_fund: u64,
    pub allowance_left: u64,
}

#[event]
pub struct MarketApproved {
    pub router: Pubkey,
    pub authority: Pubkey,
}

#[event]
pub struct MarketAllowanceCapChanged {
    pub router: Pubkey,
    pub before: u64,
    pub after: u64,
}

/// A router joined a stake pool as its fee line at `slot`: the pool's positions earn in it
/// from now on, over `total_active`, the pool's active stake.
#[event]
pub struct FeeLineAdded {
    pub pool: Pubkey,
    pub line: Pubkey,
    pub slot: u8,
    pub fee_mint: Pubkey,
    pub total_active: u64,
}

/// A stake position of the layout before fee lines grew to the current one.
#[event]
pub struct PositionUpgraded {
    pub position: Pubkey,
    pub owner: Pubkey,
    pub size_before: u64,
    pub size_after: u64,
    /// Lamports the payer added for rent.
    pub rent_paid: u64,
}

/// A market's fee account opened for its approved authority.
#[event]
pub struct MarketOpened {
    pub router: Pubkey,
    pub market: Pubkey,
    pub authority: Pubkey,
    pub token_account: Pubkey,
}

/// A trade's fee charged at source: the gross fee, the discount the trader's tier entitles it
/// to, what the allowance funded of it, what left the trader and what arrived.
#[event]
pub struct TradeFeeCharged {
    pub market: Pubkey,
    pub trader: Pubkey,
    pub fee: u64,
    /// Warmed-up active stake, and the share of the fee its tier discounts.
    pub tier_stake: u64,
    pub discount_bps: u64,
    /// The discount the tier entitles the trader to, and what the allowance funded (less when
    /// it is short: the trader pays the rest, the trade goes on).
    pub discount_owed: u64,
    pub discount: u64,
    pub paid: u64,
    pub arrived: u64,
    pub withheld: u64,
    pub allowance_after: u64,
}

/// A market's fees swept into the router's intake, and its allowance topped up from the
/// discount vault.
#[event]
pub struct MarketSwept {
    pub router: Pubkey,
    pub market: Pubkey,
    /// What the sweep sent to the intake, what arrived there and what the mint withheld.
    pub swept: u64,
    pub arrived: u64,
    pub withheld: u64,
    /// Of the swept amount, what reached the token account by plain transfer.
    pub direct: u64,
    /// What left the discount vault for the allowance, and what arrived.
    pub funded: u64,
    pub funded_arrived: u64,
    /// What an allowance above a lowered cap sent back to the discount vault.
    pub returned: u64,
    pub allowance_after: u64,
}
