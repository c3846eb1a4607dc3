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

use crate::constants::{MAX_EXTRA_LINES, ROUTER_VERSION};
use crate::error::FeeRouterError;
use crate::state::{
    clause, FeeHistory, GuardRails, MarketsLedger, Split, Stage, StakeTotals, Staking,
    StakingParams, StreamExact, Totals,
};

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
    /// The markets' fee accounts, as the router sees them (taken from the reserved space).
    pub markets: MarketsLedger,
    /// The stake pool this router is a fee line of; the default address when it is a pool
    /// (every router is the pool of its own stake until `add_fee_line` makes it another
    /// pool's line). Taken from the reserved space.
    pub pool: Pubkey,
    /// This router's slot among its pool's fee lines: 0 for the pool's own line.
    pub line_slot: u8,
    /// In a pool: how many other routers are its fee lines (slots `1..=extra_lines`).
    pub extra_lines: u8,
    /// Alignment padding; zero.
    pub padding2: [u8; 6],
    /// In a pool: its other fee lines by slot (slot `i + 1` at index `i`); the default
    /// address past `extra_lines`.
    pub lines: [Pubkey; MAX_EXTRA_LINES],
    /// Room for fields added by later versions; zero.
    pub reserved: [u8; 104],
}

const_assert_eq!(std::mem::size_of::<Totals>(), 9 * 16 + 8);
const_assert_eq!(std::mem::size_of::<Staking>(), 8 * 8 + 10 * 16);
const_assert_eq!(std::mem::size_of::<StakeTotals>(), 5 * 16);
const_assert_eq!(std::mem::size_of::<StreamExact>(), 8 + 16);
// The account's size is unchanged: the stream's fractions took 24 reserved bytes, the
// markets' ledger 112, the pool's fee lines 264.
const_assert_eq!(
    std::mem::size_of::<Router>(),
    3 * 8 + 8 * 32 + 6 * 32 + 3 * 8 + 32 + 152 + 488 + 24 + 224 + 80 + 24 + 480
);
const_assert_eq!(32 + 8 + 32 * MAX_EXTRA_LINES + 104, 368);
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

    /// Whether this router is a fee line of another router's stake pool (a line has a slot
    /// above 0 and its pool's key; [`Router::lines_invariant`]).
    pub fn is_line(&self) -> bool {
        self.line_slot != 0
    }

    /// The stake pool whose positions earn in this router, `own` being this router's key:
    /// its own, unless it is another pool's fee line.
    pub fn pool_key(&self, own: Pubkey) -> Pubkey {
        if self.is_line() {
            self.pool
        } else {
            own
        }
    }

    /// Errors if this router is a fee line: staking, governance, the stage, the split and
    /// the tiers belong to its pool.
    pub fn require_pool(&self) -> Result<()> {
        require!(!self.is_line(), FeeRouterError::LineNotPool);
        Ok(())
    }

    /// In a pool: its other fee lines, in slot order.
    pub fn fee_lines(&self) -> &[Pubkey] {
        self.lines
            .get(..usize::from(self.extra_lines))
            .unwrap_or(&[])
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

    /// Holds at the end of `add_fee_line`, the only instruction that writes `pool`,
    /// `line_slot`, `extra_lines` and `lines`: a line has a slot and no lines of its own; a
    /// pool has slot 0 and its lines fill its first `extra_lines` slots.
    pub fn lines_invariant(&self) -> Result<()> {
        clause(
            usize::from(self.extra_lines) <= MAX_EXTRA_LINES
                && usize::from(self.line_slot) <= MAX_EXTRA_LINES
                && (self.line_slot == 0) == (self.pool == Pubkey::default()),
            "invariant violated: router.pool and line_slot",
        )?;
        clause(
            if self.is_line() {
                self.extra_lines == 0
            } else {
                self.lines
                    .iter()
                    .enumerate()
                    .all(|(i, l)| (i < usize::from(self.extra_lines)) == (*l != Pubkey::default()))
            },
            "invariant violated: router.lines",
        )
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
        self.staking_invariant()?;
        self.intake_invariant()
    }
}
