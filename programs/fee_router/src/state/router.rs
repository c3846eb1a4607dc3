//! The router: one per (creator, fee mint, protocol mint). It owns the vaults and holds the
//! split table, the guard rails and the running totals that make conservation checkable.
//!
//! Zero-copy: the account is read in place, never copied onto the 4 KiB SBF stack. Every field
//! is at most 8-byte aligned (the runtime aligns account data to 8) and the layout has no
//! implicit padding; wide totals are [`Wide`] pairs of u64.
//!
//! The nested types are `#[repr(C)]` Pod *and* borsh: with no padding the two layouts are the
//! same bytes (a test checks it), so one type serves the account, the arguments and the events.
use anchor_lang::prelude::*;
use bytemuck::{Pod, Zeroable};
use static_assertions::{const_assert, const_assert_eq};

use crate::constants::ROUTER_VERSION;
use crate::error::FeeRouterError;
use crate::math::fee_history::{day_of, FEE_HISTORY_DAYS};
use crate::math::split::{BPS_DENOMINATOR, BUCKETS};
use crate::state::clause;

/// A product life-cycle stage; each has its own split.
#[derive(AnchorSerialize, AnchorDeserialize, InitSpace, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stage {
    /// Liquidity-starved, price-sensitive users: the split leans to discount and staker yield.
    Early,
    /// Volume established, brand forming.
    Growth,
    /// Brand-driven demand: the split leans to buyback.
    Mature,
}

impl Stage {
    /// All stages, in table order.
    pub const ALL: [Stage; 3] = [Stage::Early, Stage::Growth, Stage::Mature];

    /// Index into [`Router::splits`], and the stored form of the stage.
    pub fn index(self) -> usize {
        self as usize
    }

    /// The stage stored as `index`.
    pub fn from_index(index: u8) -> Option<Stage> {
        Stage::ALL.get(usize::from(index)).copied()
    }
}

/// One stage's split, in basis points of each distribution. The four sum to 10_000.
#[repr(C)]
#[derive(
    Clone, Copy, Pod, Zeroable, AnchorSerialize, AnchorDeserialize, InitSpace, Debug, PartialEq, Eq,
)]
pub struct Split {
    /// Share sold for the protocol token, which is burned.
    pub buyback_bps: u16,
    /// Share streamed to protocol-token stakers.
    pub stakers_bps: u16,
    /// Share kept in the insurance fund.
    pub insurance_bps: u16,
    /// Share that funds traders' fee rebates.
    pub discount_bps: u16,
}

impl Split {
    pub const fn new(
        buyback_bps: u16,
        stakers_bps: u16,
        insurance_bps: u16,
        discount_bps: u16,
    ) -> Self {
        Self {
            buyback_bps,
            stakers_bps,
            insurance_bps,
            discount_bps,
        }
    }

    /// The four shares in bucket order (buyback, stakers, insurance, discount).
    pub fn bps(&self) -> [u16; BUCKETS] {
        [
            self.buyback_bps,
            self.stakers_bps,
            self.insurance_bps,
            self.discount_bps,
        ]
    }

    /// True when the four shares sum to exactly 10_000.
    pub fn is_complete(&self) -> bool {
        self.bps().iter().map(|&b| u32::from(b)).sum::<u32>() == u32::from(BPS_DENOMINATOR)
    }
}

/// The seed's table: Early 15/30/10/45, Growth 40/30/10/20, Mature 55/25/15/5 (percent).
pub const DEFAULT_SPLITS: [Split; 3] = [
    Split::new(1500, 3000, 1000, 4500),
    Split::new(4000, 3000, 1000, 2000),
    Split::new(5500, 2500, 1500, 500),
];

/// Limits applied on top of the split at every distribution.
#[repr(C)]
#[derive(
    Clone, Copy, Pod, Zeroable, AnchorSerialize, AnchorDeserialize, InitSpace, Debug, PartialEq, Eq,
)]
pub struct GuardRails {
    /// While the insurance vault holds less than this, each distribution first tops it up.
    pub insurance_floor: u64,
    /// At or above this balance the insurance share overflows to buyback.
    pub insurance_cap: u64,
    /// Discount budget above this balance overflows to buyback.
    pub discount_cap: u64,
    /// The most of one distribution, in bps (at most 10_000), that the floor top-up may take.
    pub insurance_topup_max_bps: u64,
}

/// No floor, a 20% top-up limit for when a floor is set, and no caps.
pub const DEFAULT_GUARD_RAILS: GuardRails = GuardRails {
    insurance_floor: 0,
    insurance_cap: u64::MAX,
    discount_cap: u64::MAX,
    insurance_topup_max_bps: 2_000,
};

impl GuardRails {
    /// The rails in the pure-math form.
    pub fn rails(&self) -> crate::math::split::Rails {
        crate::math::split::Rails {
            insurance_floor: self.insurance_floor,
            // Bounded by BPS_DENOMINATOR (checked by `invariant`), so it fits.
            insurance_topup_max_bps: u16::try_from(self.insurance_topup_max_bps)
                .unwrap_or(u16::MAX),
            insurance_cap: self.insurance_cap,
            discount_cap: self.discount_cap,
        }
    }

    /// Bounds every setter must respect.
    pub fn is_sane(&self) -> bool {
        self.insurance_topup_max_bps <= u64::from(BPS_DENOMINATOR)
            && self.insurance_floor <= self.insurance_cap
    }
}

/// The addresses of the router's vaults (PDAs `[VAULT_SEED, router, kind]`), stored so every
/// instruction checks a vault by address with a typed error.
#[repr(C)]
#[derive(Clone, Copy, Pod, Zeroable, AnchorSerialize, AnchorDeserialize, Debug, PartialEq, Eq)]
pub struct Vaults {
    /// Receives fees; swept by `distribute`. Fee mint.
    pub intake: Pubkey,
    /// Fee tokens awaiting the buyback auction. Fee mint.
    pub buyback: Pubkey,
    /// Fee tokens owed or streaming to stakers. Fee mint.
    pub stakers: Pubkey,
    /// The insurance fund. Fee mint.
    pub insurance: Pubkey,
    /// The rebate budget. Fee mint.
    pub discount: Pubkey,
    /// Staked principal. Protocol mint.
    pub stake: Pubkey,
}

/// A u128 kept as two u64 halves, so the account needs only 8-byte alignment.
#[repr(C)]
#[derive(
    Clone, Copy, Pod, Zeroable, AnchorSerialize, AnchorDeserialize, Debug, Default, PartialEq, Eq,
)]
pub struct Wide {
    pub lo: u64,
    pub hi: u64,
}

impl Wide {
    pub fn get(&self) -> u128 {
        (u128::from(self.hi) << 64) | u128::from(self.lo)
    }

    pub fn set(&mut self, value: u128) {
        self.lo = value as u64;
        self.hi = (value >> 64) as u64;
    }

    /// Adds `amount`; errors (and leaves the value as it was) on overflow.
    pub fn add(&mut self, amount: u128) -> Result<()> {
        let sum = self
            .get()
            .checked_add(amount)
            .ok_or(FeeRouterError::MathOverflow)?;
        self.set(sum);
        Ok(())
    }

    /// Adds a u64 amount.
    pub fn add_u64(&mut self, amount: u64) -> Result<()> {
        self.add(u128::from(amount))
    }
}

impl crate::math::fee_history::DayBucket for Wide {
    fn get(&self) -> u128 {
        Wide::get(self)
    }
    fn set(&mut self, value: u128) {
        Wide::set(self, value)
    }
}

/// Running totals in fee-token base units.
#[repr(C)]
#[derive(
    Clone, Copy, Pod, Zeroable, AnchorSerialize, AnchorDeserialize, Debug, Default, PartialEq, Eq,
)]
pub struct Totals {
    /// Gross amount payers sent through `deposit_fees`.
    pub deposited: Wide,
    /// Transfer fees the fee mint withheld on the payer → intake hop.
    pub deposit_withheld: Wide,
    /// Tokens found in the intake that no `deposit_fees` accounted for (plain transfers).
    pub unattributed: Wide,
    /// Tokens swept from the intake by `distribute`.
    pub distributed: Wide,
    /// Tokens sent from the intake to each bucket (buyback, stakers, insurance, discount).
    pub routed: [Wide; 4],
    /// Transfer fees withheld on hops between the router's own vaults (intake → bucket,
    /// stakers → buyback).
    pub routed_withheld: Wide,
    /// Deposited tokens that arrived in the intake and await the next distribution.
    pub pending_attributed: u64,
}

/// Running totals of the protocol token through the stake vault, in its base units.
#[repr(C)]
#[derive(
    Clone, Copy, Pod, Zeroable, AnchorSerialize, AnchorDeserialize, Debug, Default, PartialEq, Eq,
)]
pub struct StakeTotals {
    /// Gross amount stakers sent through `stake`.
    pub staked: Wide,
    /// Transfer fees the protocol mint withheld on the owner → stake vault hop.
    pub stake_withheld: Wide,
    /// Principal that left the stake vault through `withdraw_unstaked`.
    pub withdrawn: Wide,
    /// Transfer fees withheld on the stake vault → owner hop (the owner received
    /// `withdrawn - withdraw_withheld`).
    pub withdraw_withheld: Wide,
    /// Tokens found in the stake vault above all stake (donations), burned by `sweep_stake_surplus`.
    pub surplus_burned: Wide,
}

/// Governed staking parameters.
#[repr(C)]
#[derive(
    Clone, Copy, Pod, Zeroable, AnchorSerialize, AnchorDeserialize, InitSpace, Debug, PartialEq, Eq,
)]
pub struct StakingParams {
    /// Seconds between an unstake request and its withdrawal. A request keeps the unlock
    /// time it was given; changing this touches only later requests.
    pub cooldown_seconds: u64,
    /// Seconds over which each distribution's staker share is streamed.
    pub stream_period_seconds: u64,
    /// Yield cap: fee-token base units per protocol-token base unit per year, times 1e12
    /// ([`crate::math::staking::YIELD_CAP_SCALE`]); `u64::MAX` is no cap. Every value is
    /// legal: a cap too large to compute saturates to no cap.
    pub yield_cap_scaled: u64,
}

/// 7-day cooldown (as Hyperliquid), 7-day stream, no yield cap.
pub const DEFAULT_STAKING_PARAMS: StakingParams = StakingParams {
    cooldown_seconds: 7 * 86_400,
    stream_period_seconds: 7 * 86_400,
    yield_cap_scaled: u64::MAX,
};

/// The longest cooldown or stream period a setter accepts: a year.
pub const MAX_STAKING_PERIOD_SECONDS: u64 = 365 * 86_400;
/// The shortest stream period a setter accepts: a minute. A floor against a zero period, not
/// a recommendation: a short stream lets stake that arrives just before a distribution earn
/// a larger share of it.
pub const MIN_STREAM_PERIOD_SECONDS: u64 = 60;

impl StakingParams {
    /// Bounds every setter must respect.
    pub fn is_sane(&self) -> bool {
        self.cooldown_seconds <= MAX_STAKING_PERIOD_SECONDS
            && self.stream_period_seconds >= MIN_STREAM_PERIOD_SECONDS
            && self.stream_period_seconds <= MAX_STAKING_PERIOD_SECONDS
    }
}

/// The stake pool and the staker bucket's reward stream, in protocol-token (stake) and
/// fee-token (rewards) base units.
///
/// Ledger of the stakers vault (checked by [`Router::invariant`]):
/// `credited = stream_remaining + stranded_unstaked + stranded_capped + swept + accrued`, and
/// `claimed + dust ≤ accrued`, where `dust` is what rounding has provably left unclaimable.
/// The vault owes `stream_remaining + stranded + accrued - claimed - dust`; anything above
/// that is surplus that `sweep_rewards_surplus` sends on.
#[repr(C)]
#[derive(
    Clone, Copy, Pod, Zeroable, AnchorSerialize, AnchorDeserialize, Debug, Default, PartialEq, Eq,
)]
pub struct Staking {
    /// Stake that earns rewards (and, later, votes and buys discount tiers).
    pub total_active: u64,
    /// Stake in cooldown: still in the stake vault, earning nothing.
    pub total_cooling: u64,
    /// Credited rewards the stream has not yet released as whole units (the part of a unit
    /// already released is [`StreamExact::released_fraction`]).
    pub stream_remaining: u64,
    /// Rewards released while nothing was staked; the next `distribute` sends them to buyback.
    pub stranded_unstaked: u64,
    /// Rewards released above the yield cap on the stake active while they were released;
    /// the next `distribute` sends them to buyback.
    pub stranded_capped: u64,
    /// When the stream has released everything.
    pub stream_end: i64,
    /// When the stream was last released into the accumulator.
    pub last_update: i64,
    /// The fraction of a unit (in units of 2^-64) rounded away from positions' earnings and
    /// not yet counted in `dust`.
    pub dust_fraction: u64,
    /// Rewards per staked unit, times [`crate::math::staking::PRECISION`] (only differences count).
    pub reward_per_token: Wide,
    /// Remainder of the accumulator's division, carried to the next release.
    pub reward_carry: Wide,
    /// Rewards that reached the stakers vault.
    pub credited: Wide,
    /// Rewards the stream released to stakers (into the accumulator).
    pub accrued: Wide,
    /// Rewards that left the stakers vault on claims.
    pub claimed: Wide,
    /// Transfer fees withheld on the stakers vault → claimant hop (claimants received
    /// `claimed - claim_withheld`).
    pub claim_withheld: Wide,
    /// Stranded rewards (unstaked or capped) that left the stakers vault for buyback.
    pub swept: Wide,
    /// Rewards held back by the yield cap at release, in all.
    pub capped: Wide,
    /// Whole units that rounding of positions' earnings left to no one.
    pub dust: Wide,
    /// Surplus (donations, dust) that left the stakers vault for buyback.
    pub surplus_swept: Wide,
}

/// The reward stream below one base unit: what makes releasing it in many small steps pay
/// the stakers what one step pays. Zero in a router created before these fields existed,
/// which is their correct initial value.
#[repr(C)]
#[derive(
    Clone, Copy, Pod, Zeroable, AnchorSerialize, AnchorDeserialize, Debug, Default, PartialEq, Eq,
)]
pub struct StreamExact {
    /// The part of one unit of [`Staking::stream_remaining`] already released, in 2^-64: the
    /// stream holds exactly `stream_remaining - released_fraction / 2^64`. Zero when the
    /// stream is empty.
    pub released_fraction: u64,
    /// What the stakers are entitled to under the yield cap and have not yet received, in
    /// 2^-64 units (below two units): carried between releases instead of rounded away.
    /// Not a ledger term: the tokens behind it are still in the stream or its fraction.
    pub stakers_owed: Wide,
}

/// Daily fee volume over the trailing window, the basis of stage gates.
#[zero_copy]
#[derive(Debug, PartialEq, Eq)]
pub struct FeeHistory {
    /// Unix day (`unix_timestamp / 86_400`) of the newest recorded bucket.
    pub last_day: u64,
    /// Fee tokens that arrived on each day; day `d` lives in `daily[d % 30]`.
    pub daily: [Wide; FEE_HISTORY_DAYS],
}

#[account(zero_copy)]
#[derive(Debug)]
pub struct Router {
    /// Layout version ([`ROUTER_VERSION`]).
    pub version: u8,
    /// Bump of the router PDA.
    pub bump: u8,
    /// The current life-cycle stage, as [`Stage::index`].
    pub stage: u8,
    /// Decimals of `fee_mint` (immutable in a mint), for `transfer_checked`.
    pub fee_decimals: u8,
    /// Bit set of paused operations (see [`crate::state::pause`]).
    pub paused: u32,
    /// Decimals of `protocol_mint`.
    pub protocol_decimals: u8,
    /// Alignment padding; zero.
    pub padding0: [u8; 3],
    /// The paused bits the authority set: only the authority may lift them.
    pub paused_by_authority: u32,
    /// Issuer powers of the fee mint the creator acknowledged at creation (see
    /// [`crate::state::mint_powers`]); the router trusts exactly these.
    pub fee_mint_powers: u32,
    /// Alignment padding; zero.
    pub padding1: u32,
    /// Who created the router; part of its seeds.
    pub creator: Pubkey,
    /// Calls the setters: a key, a multisig vault, or governance.
    pub authority: Pubkey,
    /// The key proposed as the next authority until it accepts; the default address when none.
    pub pending_authority: Pubkey,
    /// May pause operations (and, later, veto proposals); never moves funds.
    pub guardian: Pubkey,
    /// The mint fees are paid in.
    pub fee_mint: Pubkey,
    /// The protocol token: staked, bought back and burned.
    pub protocol_mint: Pubkey,
    /// Token program of `fee_mint` (SPL Token or Token-2022).
    pub fee_token_program: Pubkey,
    /// Token program of `protocol_mint` (SPL Token or Token-2022).
    pub protocol_token_program: Pubkey,
    /// The router's vaults.
    pub vaults: Vaults,
    /// One split per stage, indexed by [`Stage::index`].
    pub splits: [Split; 3],
    /// Limits applied at every distribution.
    pub guard_rails: GuardRails,
    /// Running totals of the fee token.
    pub totals: Totals,
    /// Trailing daily fee volume.
    pub fee_history: FeeHistory,
    /// Governed staking parameters.
    pub staking_params: StakingParams,
    /// The stake pool and the reward stream.
    pub staking: Staking,
    /// Running totals of the protocol token through the stake vault.
    pub stake_totals: StakeTotals,
    /// The reward stream's fractions (taken from the reserved space).
    pub stream_exact: StreamExact,
    /// Room for fields added by later versions; zero.
    pub reserved: [u8; 480],
}

const_assert_eq!(std::mem::size_of::<Totals>(), 9 * 16 + 8);
const_assert_eq!(std::mem::size_of::<Staking>(), 8 * 8 + 10 * 16);
const_assert_eq!(std::mem::size_of::<StakeTotals>(), 5 * 16);
const_assert_eq!(std::mem::size_of::<StreamExact>(), 8 + 16);
// The account's size is unchanged: the stream's fractions took 24 reserved bytes.
const_assert_eq!(
    std::mem::size_of::<Router>(),
    3 * 8 + 8 * 32 + 6 * 32 + 3 * 8 + 32 + 152 + 488 + 24 + 224 + 80 + 24 + 480
);
const_assert!(std::mem::align_of::<Router>() <= 8);

/// The router PDA's seeds, owned: the router signs its vaults' transfers with them.
pub struct RouterSeeds {
    creator: Pubkey,
    fee_mint: Pubkey,
    protocol_mint: Pubkey,
    bump: [u8; 1],
}

impl RouterSeeds {
    pub fn seeds(&self) -> [&[u8]; 5] {
        [
            crate::constants::ROUTER_SEED,
            self.creator.as_ref(),
            self.fee_mint.as_ref(),
            self.protocol_mint.as_ref(),
            &self.bump,
        ]
    }
}

/// Sums u128 terms; `None` on overflow.
fn sum(terms: &[u128]) -> Option<u128> {
    terms.iter().try_fold(0u128, |acc, v| acc.checked_add(*v))
}

/// What one release of the stream did (to stakers, unstaked, capped).
pub use crate::math::staking::Released as Release;

impl Router {
    /// Account size, discriminator included.
    pub const SIZE: usize = 8 + std::mem::size_of::<Router>();

    /// The router PDA's seeds, copied out so the account can be lent to a CPI.
    pub fn owned_seeds(&self) -> RouterSeeds {
        RouterSeeds {
            creator: self.creator,
            fee_mint: self.fee_mint,
            protocol_mint: self.protocol_mint,
            bump: [self.bump],
        }
    }

    /// The current stage.
    pub fn stage(&self) -> Result<Stage> {
        Stage::from_index(self.stage).ok_or_else(|| error!(FeeRouterError::InvariantViolated))
    }

    /// The split of the current stage.
    pub fn current_split(&self) -> Result<Split> {
        Ok(self.splits[self.stage()?.index()])
    }

    /// The proposed next authority, if any.
    pub fn pending_authority(&self) -> Option<Pubkey> {
        (self.pending_authority != Pubkey::default()).then_some(self.pending_authority)
    }

    /// Specification: a stage is entered only when its gate is met: trailing 30-day fees of
    /// at least `gate` (0 is no gate); the shortfall is logged. Returns the stage before.
    pub fn move_to_stage(&mut self, stage: Stage, gate: u64, now: i64) -> Result<Stage> {
        let trailing = self.trailing_fees(now)?;
        if trailing < u128::from(gate) {
            msg!(
                "stage gate of {:?}: trailing 30-day fees {}, gate {}, short by {}",
                stage,
                trailing,
                gate,
                u128::from(gate).saturating_sub(trailing)
            );
            return err!(FeeRouterError::GovernanceStageGateNotMet);
        }
        let before = self.stage()?;
        self.stage = stage as u8;
        Ok(before)
    }

    /// Replaces the staking parameters: what streamed so far is released under the old cap,
    /// the new one applies from now. Returns the parameters before.
    pub fn set_staking_params(&mut self, params: StakingParams, now: i64) -> Result<StakingParams> {
        self.update_rewards(now)?;
        Ok(std::mem::replace(&mut self.staking_params, params))
    }

    /// Proposes `proposed` as the next authority (not the current one); it must accept.
    pub fn propose_authority(&mut self, proposed: Pubkey) -> Result<()> {
        require_keys_neq!(
            proposed,
            self.authority,
            FeeRouterError::AuthorityAlreadyCurrent
        );
        self.pending_authority = proposed;
        Ok(())
    }

    /// Withdraws the pending authority proposal; returns the key that was proposed.
    pub fn cancel_authority_transfer(&mut self) -> Result<Pubkey> {
        let cancelled = self
            .pending_authority()
            .ok_or(FeeRouterError::AuthorityNoTransferPending)?;
        self.pending_authority = Pubkey::default();
        Ok(cancelled)
    }

    /// Errors if `operation` (a [`crate::state::pause`] bit) is paused.
    pub fn require_active(&self, operation: u32) -> Result<()> {
        require!(
            self.paused & operation == 0,
            FeeRouterError::PauseOperationPaused
        );
        Ok(())
    }

    /// Checks the fee mint and its token program passed to an instruction.
    pub fn check_fee_mint(&self, mint: &Pubkey, token_program: &Pubkey) -> Result<()> {
        require_keys_eq!(*mint, self.fee_mint, FeeRouterError::AccountMintMismatch);
        require_keys_eq!(
            *token_program,
            self.fee_token_program,
            FeeRouterError::AccountTokenProgramMismatch
        );
        Ok(())
    }

    /// Checks the protocol mint and its token program passed to an instruction.
    pub fn check_protocol_mint(&self, mint: &Pubkey, token_program: &Pubkey) -> Result<()> {
        require_keys_eq!(
            *mint,
            self.protocol_mint,
            FeeRouterError::AccountMintMismatch
        );
        require_keys_eq!(
            *token_program,
            self.protocol_token_program,
            FeeRouterError::AccountTokenProgramMismatch
        );
        Ok(())
    }

    /// Checks that `key` is the vault the router stores as `expected`.
    pub fn check_vault(key: &Pubkey, expected: &Pubkey) -> Result<()> {
        require_keys_eq!(*key, *expected, FeeRouterError::AccountVaultMismatch);
        Ok(())
    }

    /// Settles `position` at the current reward-per-token and records the fraction of a unit
    /// its earnings rounded away.
    pub fn settle(&mut self, position: &mut crate::state::StakePosition) -> Result<()> {
        let fraction = position.settle(self.staking.reward_per_token.get())?;
        let s = &mut self.staking;
        // Fractions are in units of 2^-64: a carry out of the u64 is one whole unit.
        let (sum, whole) = s.dust_fraction.overflowing_add(fraction);
        s.dust_fraction = sum;
        if whole {
            s.dust.add(1)?;
        }
        Ok(())
    }

    /// Records `amount` of fees as arrived at Unix time `now`, for the trailing history.
    pub fn record_fees(&mut self, now: i64, amount: u64) -> Result<()> {
        let h = &mut self.fee_history;
        crate::math::fee_history::record(
            &mut h.last_day,
            &mut h.daily,
            day_of(now),
            u128::from(amount),
        )
        .map_err(FeeRouterError::from)?;
        Ok(())
    }

    /// Fees recorded over the trailing window ending on the day of `now`.
    pub fn trailing_fees(&self, now: i64) -> Result<u128> {
        let h = &self.fee_history;
        Ok(
            crate::math::fee_history::trailing_sum(h.last_day, &h.daily, day_of(now))
                .map_err(FeeRouterError::from)?,
        )
    }

    /// Releases the reward stream up to `now` (`math::staking::release`): into the
    /// accumulator, as far as the yield cap's rate allows over the seconds the stream ran, on
    /// the stake active since the last release; the rest (everything, while nothing is
    /// staked) is stranded for the next distribution to send to buyback. Fractions of a unit
    /// are carried in [`StreamExact`], so how often this runs changes nothing.
    pub fn update_rewards(&mut self, now: i64) -> Result<Release> {
        use crate::math::staking::{accrue, release, Stream};
        let cap = self.staking_params.yield_cap_scaled;
        let (s, x) = (&mut self.staking, &mut self.stream_exact);
        let mut stream = Stream {
            remaining: s.stream_remaining,
            released_fraction: x.released_fraction,
            end: s.stream_end,
            last: s.last_update,
            owed: x.stakers_owed.get(),
        };
        let out = release(&mut stream, now, cap, s.total_active).map_err(FeeRouterError::from)?;
        s.stream_remaining = stream.remaining;
        s.last_update = stream.last;
        x.released_fraction = stream.released_fraction;
        x.stakers_owed.set(stream.owed);
        if out.unstaked > 0 {
            s.stranded_unstaked = s
                .stranded_unstaked
                .checked_add(out.unstaked)
                .ok_or(FeeRouterError::MathOverflow)?;
        }
        if out.to_stakers > 0 {
            let (rpt, carry) = accrue(
                s.reward_per_token.get(),
                s.reward_carry.get(),
                out.to_stakers,
                s.total_active,
            )
            .map_err(FeeRouterError::from)?;
            s.reward_per_token.set(rpt);
            s.reward_carry.set(carry);
            s.accrued.add_u64(out.to_stakers)?;
        }
        if out.capped > 0 {
            s.stranded_capped = s
                .stranded_capped
                .checked_add(out.capped)
                .ok_or(FeeRouterError::MathOverflow)?;
            s.capped.add_u64(out.capped)?;
        }
        Ok(out)
    }

    /// What the stakers vault owes: the stream, the stranded rewards and what positions can
    /// still claim.
    pub fn stakers_vault_liability(&self) -> Result<u128> {
        let s = &self.staking;
        let unclaimed = s
            .accrued
            .get()
            .checked_sub(s.claimed.get())
            .and_then(|v| v.checked_sub(s.dust.get()))
            .ok_or(FeeRouterError::InvariantViolated)?;
        sum(&[
            u128::from(s.stream_remaining),
            u128::from(s.stranded_unstaked),
            u128::from(s.stranded_capped),
            unclaimed,
        ])
        .ok_or_else(|| error!(FeeRouterError::MathOverflow))
    }

    /// Holds at the end of every instruction that mutates the router. A failure logs the
    /// clause that broke.
    pub fn invariant(&self) -> Result<()> {
        clause(
            self.version == ROUTER_VERSION,
            "invariant violated: router.version",
        )?;
        clause(
            Stage::from_index(self.stage).is_some(),
            "invariant violated: router.stage",
        )?;
        clause(
            self.splits.iter().all(Split::is_complete),
            "invariant violated: router.splits sum to 10000",
        )?;
        clause(
            self.guard_rails.is_sane(),
            "invariant violated: router.guard_rails bounds",
        )?;
        clause(
            self.staking_params.is_sane(),
            "invariant violated: router.staking_params bounds",
        )?;
        clause(
            self.paused & !crate::state::pause::PAUSE_ALL == 0
                && self.paused_by_authority & !self.paused == 0,
            "invariant violated: router.paused bits",
        )?;
        clause(
            self.pending_authority != self.authority,
            "invariant violated: router.pending_authority differs from authority",
        )?;
        // Every credited reward is streaming, stranded, sent on, or released to stakers.
        let st = &self.staking;
        clause(
            sum(&[
                u128::from(st.stream_remaining),
                u128::from(st.stranded_unstaked),
                u128::from(st.stranded_capped),
                st.swept.get(),
                st.accrued.get(),
            ]) == Some(st.credited.get()),
            "invariant violated: staking credited = stream + stranded + swept + accrued",
        )?;
        // The stream's fractions: none left of an empty stream, and the stakers' carried
        // entitlement stays below two units.
        let x = &self.stream_exact;
        clause(
            (st.stream_remaining > 0 || x.released_fraction == 0)
                && x.stakers_owed.get() < crate::math::staking::OWED_BOUND,
            "invariant violated: staking stream fractions",
        )?;
        // Positions never claim more than was released to them, less the known dust.
        clause(
            sum(&[st.claimed.get(), st.dust.get()]).is_some_and(|v| v <= st.accrued.get())
                && st.claim_withheld.get() <= st.claimed.get(),
            "invariant violated: staking claimed + dust <= accrued",
        )?;
        // Every staked token that arrived is active, cooling or withdrawn.
        let k = &self.stake_totals;
        clause(
            k.staked
                .get()
                .checked_sub(k.stake_withheld.get())
                .and_then(|v| v.checked_sub(k.withdrawn.get()))
                == Some(u128::from(st.total_active).wrapping_add(u128::from(st.total_cooling)))
                && k.withdraw_withheld.get() <= k.withdrawn.get(),
            "invariant violated: stake arrived - withdrawn = active + cooling",
        )?;
        // Every token that reached the intake has either been distributed or is pending.
        let t = &self.totals;
        let arrived = t
            .deposited
            .get()
            .checked_sub(t.deposit_withheld.get())
            .and_then(|v| v.checked_add(t.unattributed.get()));
        let accounted = t
            .distributed
            .get()
            .checked_add(u128::from(t.pending_attributed));
        clause(
            arrived.is_some() && arrived == accounted,
            "invariant violated: intake arrived = distributed + pending",
        )?;
        let routed = t
            .routed
            .iter()
            .try_fold(0u128, |acc, v| acc.checked_add(v.get()));
        clause(
            routed == Some(t.distributed.get()),
            "invariant violated: routed = distributed",
        )?;
        Ok(())
    }
}
