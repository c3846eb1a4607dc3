//! The one configuration path. Every governed change is a [`GovernedAction`]; [`apply`]
//! validates and applies it, whether an external authority calls a setter or a passed
//! proposal executes. A rule such as "a split sums to 10_000" or "a stage gate is met" lives
//! here and nowhere else.
use anchor_lang::prelude::*;

use crate::error::FeeRouterError;
use crate::events::*;
use crate::state::pause::PAUSE_ALL;
use crate::state::{
    Auction, AuctionParams, DiscountTiers, Governance, GovernanceParams, GuardRails, InsuranceFund,
    InsuranceParams, RebateLimits, Rebates, Router, Split, Stage, StakingParams,
};

/// A change to a router's configuration.
#[derive(AnchorSerialize, AnchorDeserialize, InitSpace, Clone, Copy, Debug, PartialEq, Eq)]
pub enum GovernedAction {
    /// Moves the router to a life-cycle stage; its stage gate must be met.
    SetStage { stage: Stage },
    /// Replaces one stage's split; the four shares sum to 10_000.
    SetSplit { stage: Stage, split: Split },
    /// Replaces the guard rails.
    SetGuardRails { rails: GuardRails },
    /// Replaces the staking parameters.
    SetStakingParams { params: StakingParams },
    /// Names a new guardian.
    SetGuardian { guardian: Pubkey },
    /// Replaces the voting rules.
    SetGovernanceParams { params: GovernanceParams },
    /// Replaces the stage gates (trailing 30-day fee volume per stage; 0 is no gate).
    SetStageGates { gates: [u64; 3] },
    /// Pauses operations, held by the authority.
    Pause { operations: u32 },
    /// Lifts paused operations, whoever paused them.
    Unpause { operations: u32 },
    /// Proposes a new authority (for a governed router, the external key that would take
    /// over; it must then accept).
    ProposeAuthority { proposed: Pubkey },
    /// Withdraws a pending authority proposal.
    CancelAuthorityTransfer,
    /// Replaces the buyback auction's parameters (needs the auction account).
    SetAuctionParams { params: AuctionParams },
    /// Replaces the discount tier table and warm-up (needs the rebates account).
    SetDiscountTiers { tiers: DiscountTiers },
    /// Registers the key that reports traders' fees for rebates: the exchange's key or its
    /// program's PDA; the default address withdraws it (needs the rebates account).
    SetRebateAuthority { authority: Pubkey },
    /// Replaces the bounds on what rebate reports pay out, per report and per rolling period
    /// (needs the rebates account).
    SetRebateLimits { limits: RebateLimits },
    /// Replaces the insurance payout limits (needs the insurance fund account).
    SetInsuranceParams { params: InsuranceParams },
    /// Registers the exchange's shortfall account, the only place insurance pays out to; the
    /// default address withdraws it (needs the insurance fund account).
    SetShortfallAccount { account: Pubkey },
    /// Pays `amount` from the insurance vault to the registered shortfall account, within
    /// the rolling payout limit (needs the insurance fund, the insurance vault, the shortfall
    /// account, the fee mint and its token program).
    InsurancePayout { amount: u64 },
}

/// The insurance fund, as an action that pays out sees it.
pub struct InsuranceSink<'a> {
    pub fund: &'a mut InsuranceFund,
    /// The insurance vault's balance before this instruction, when the vault was passed.
    pub vault_balance: Option<u64>,
    /// The payout destination passed, if any.
    pub destination: Option<Pubkey>,
    /// What the actions applied so far pay out; the caller moves it, measured, once all are
    /// applied, and records what the mint withheld.
    pub payout: u64,
}

/// The token accounts passed to an instruction that may register them.
#[derive(Default, Clone, Copy)]
pub struct Registering<'a, 'info> {
    /// The shortfall account a `SetShortfallAccount` names.
    pub shortfall_account: Option<&'a AccountInfo<'info>>,
    /// The treasury a `SetAuctionParams` names.
    pub treasury: Option<&'a AccountInfo<'info>>,
}

impl Registering<'_, '_> {
    /// Specification: a token account is registered only when it is passed and is a token
    /// account of `mint` (under the mint's token program), not frozen, that the router does
    /// not own, so
    /// what is later paid there arrives and leaves the router's accounting; withdrawing one
    /// (the default address) needs no account.
    fn check(
        passed: Option<&AccountInfo>,
        key: &Pubkey,
        token_program: &Pubkey,
        mint: &Pubkey,
        router: &Pubkey,
    ) -> Result<()> {
        if *key == Pubkey::default() {
            return Ok(());
        }
        let account = passed
            .filter(|a| a.key == key)
            .ok_or(FeeRouterError::AccountToRegisterMissing)?;
        crate::token::check_payout_destination(account, token_program, mint, router)?;
        require!(
            !crate::token::is_frozen(account)?,
            FeeRouterError::AccountFrozen
        );
        Ok(())
    }

    /// [`Self::check`] for a shortfall account: a fee-mint token account.
    pub fn check_shortfall_account(&self, key: &Pubkey, r: &Router, router: &Pubkey) -> Result<()> {
        Self::check(
            self.shortfall_account,
            key,
            &r.fee_token_program,
            &r.fee_mint,
            router,
        )
    }

    /// [`Self::check`] for a treasury: a protocol-mint token account.
    pub fn check_treasury(&self, key: &Pubkey, r: &Router, router: &Pubkey) -> Result<()> {
        Self::check(
            self.treasury,
            key,
            &r.protocol_token_program,
            &r.protocol_mint,
            router,
        )
    }
}

/// The accounts beside the router and governance that some actions change or register. An
/// action whose account is missing is refused ([`FeeRouterError::AccountMissing`],
/// [`FeeRouterError::AccountToRegisterMissing`]).
#[derive(Default)]
pub struct Sinks<'a, 'info> {
    pub auction: Option<&'a mut Auction>,
    pub rebates: Option<&'a mut Rebates>,
    pub insurance: Option<InsuranceSink<'a>>,
    pub registering: Registering<'a, 'info>,
}

impl<'a> Sinks<'a, '_> {
    fn rebates(&mut self) -> Result<&mut Rebates> {
        Ok(self
            .rebates
            .as_deref_mut()
            .ok_or(FeeRouterError::AccountMissing)?)
    }

    fn insurance(&mut self) -> Result<&mut InsuranceSink<'a>> {
        Ok(self
            .insurance
            .as_mut()
            .ok_or(FeeRouterError::AccountMissing)?)
    }
}

impl GovernedAction {
    /// Everything that can be checked without the router's state: bounds and sums. Run when
    /// a proposal is created, so a malformed change never reaches a vote, and again by
    /// [`apply`].
    pub fn validate(&self) -> Result<()> {
        match self {
            GovernedAction::SetSplit { split, .. } => {
                require!(split.is_complete(), FeeRouterError::SetterSplitIncomplete)
            }
            GovernedAction::SetGuardRails { rails } => {
                require!(rails.is_sane(), FeeRouterError::SetterGuardRailsOutOfBounds)
            }
            GovernedAction::SetStakingParams { params } => require!(
                params.is_sane(),
                FeeRouterError::SetterStakingParamsOutOfBounds
            ),
            GovernedAction::SetGovernanceParams { params } => require!(
                params.is_sane(),
                FeeRouterError::SetterGovernanceParamsOutOfBounds
            ),
            GovernedAction::SetGuardian { guardian } => {
                require_keys_neq!(*guardian, Pubkey::default(), FeeRouterError::KeyRequired)
            }
            GovernedAction::ProposeAuthority { proposed } => {
                require_keys_neq!(*proposed, Pubkey::default(), FeeRouterError::KeyRequired)
            }
            GovernedAction::Pause { operations } | GovernedAction::Unpause { operations } => {
                require!(
                    *operations != 0 && operations & !PAUSE_ALL == 0,
                    FeeRouterError::PauseUnknownOperation
                )
            }
            GovernedAction::SetAuctionParams { params } => require!(
                params.is_sane(),
                FeeRouterError::SetterAuctionParamsOutOfBounds
            ),
            GovernedAction::SetDiscountTiers { tiers } => require!(
                tiers.is_sane(),
                FeeRouterError::SetterDiscountTiersOutOfBounds
            ),
            GovernedAction::SetRebateLimits { limits } => require!(
                limits.is_sane(),
                FeeRouterError::SetterRebateLimitsOutOfBounds
            ),
            GovernedAction::SetInsuranceParams { params } => require!(
                params.is_sane(),
                FeeRouterError::SetterInsuranceParamsOutOfBounds
            ),
            GovernedAction::InsurancePayout { amount } => {
                require!(*amount > 0, FeeRouterError::InsuranceZeroAmount)
            }
            GovernedAction::SetStage { .. }
            | GovernedAction::SetStageGates { .. }
            | GovernedAction::CancelAuthorityTransfer
            | GovernedAction::SetRebateAuthority { .. }
            | GovernedAction::SetShortfallAccount { .. } => {}
        }
        Ok(())
    }
}

/// Validates `action` against the router's state and applies it, bumps the configuration
/// version and emits the change's event. The router and governance invariants are the
/// caller's to check once all its actions are applied.
pub fn apply(
    action: &GovernedAction,
    router_key: Pubkey,
    r: &mut Router,
    g: &mut Governance,
    sinks: &mut Sinks,
    now: i64,
) -> Result<()> {
    action.validate()?;
    match *action {
        GovernedAction::SetStage { stage } => {
            let gate = g.stage_gates[stage.index()];
            let trailing = r.trailing_fees(now)?;
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
            let before = r.stage()?;
            r.stage = stage as u8;
            emit!(StageChanged {
                router: router_key,
                before,
                after: stage
            });
        }
        GovernedAction::SetSplit { stage, split } => {
            let before = r.splits[stage.index()];
            r.splits[stage.index()] = split;
            emit!(SplitChanged {
                router: router_key,
                stage,
                before,
                after: split
            });
        }
        GovernedAction::SetGuardRails { rails } => {
            let before = r.guard_rails;
            r.guard_rails = rails;
            emit!(GuardRailsChanged {
                router: router_key,
                before,
                after: rails
            });
        }
        GovernedAction::SetStakingParams { params } => {
            // What streamed so far is released under the old cap; the new one applies from now.
            r.update_rewards(now)?;
            let before = r.staking_params;
            r.staking_params = params;
            emit!(StakingParamsChanged {
                router: router_key,
                before,
                after: params
            });
        }
        GovernedAction::SetGuardian { guardian } => {
            let before = r.guardian;
            r.guardian = guardian;
            emit!(GuardianChanged {
                router: router_key,
                before,
                after: guardian
            });
        }
        GovernedAction::SetGovernanceParams { params } => {
            let before = g.params;
            g.params = params;
            emit!(GovernanceParamsChanged {
                router: router_key,
                before,
                after: params
            });
        }
        GovernedAction::SetStageGates { gates } => {
            let before = g.stage_gates;
            g.stage_gates = gates;
            emit!(StageGatesChanged {
                router: router_key,
                before,
                after: gates
            });
        }
        GovernedAction::Pause { operations } => {
            let before = r.paused;
            r.paused |= operations;
            r.paused_by_authority |= operations;
            emit!(PauseChanged {
                router: router_key,
                by: r.authority,
                before,
                after: r.paused,
                held_by_authority: r.paused_by_authority,
            });
        }
        GovernedAction::Unpause { operations } => {
            let before = r.paused;
            r.paused &= !operations;
            r.paused_by_authority &= !operations;
            emit!(PauseChanged {
                router: router_key,
                by: r.authority,
                before,
                after: r.paused,
                held_by_authority: r.paused_by_authority,
            });
        }
        GovernedAction::ProposeAuthority { proposed } => {
            require_keys_neq!(
                proposed,
                r.authority,
                FeeRouterError::AuthorityAlreadyCurrent
            );
            r.pending_authority = proposed;
            emit!(AuthorityProposed {
                router: router_key,
                authority: r.authority,
                proposed
            });
        }
        GovernedAction::SetAuctionParams { params } => {
            sinks
                .registering
                .check_treasury(&params.treasury, r, &router_key)?;
            let auction = sinks
                .auction
                .as_deref_mut()
                .ok_or(FeeRouterError::AccountMissing)?;
            let before = auction.params;
            auction.params = params;
            // The auction restarts under the new prices, in a new epoch.
            let epoch = crate::math::auction::epoch_at(
                auction.epoch(),
                before.epoch_seconds,
                before.floor_price,
                now,
            );
            auction.epoch_id = epoch.id.saturating_add(1);
            auction.epoch_started_at = now;
            auction.epoch_start_price = params.min_start_price;
            emit!(AuctionParamsChanged {
                router: router_key,
                before,
                after: params
            });
            emit!(AuctionEpochStarted {
                router: router_key,
                epoch_id: auction.epoch_id,
                started_at: now,
                start_price: auction.epoch_start_price,
                floor_price: params.floor_price,
                reason: EpochStart::ParamsChanged,
            });
        }
        GovernedAction::SetDiscountTiers { tiers } => {
            let rebates = sinks.rebates()?;
            let before = rebates.tiers;
            rebates.tiers = tiers;
            emit!(DiscountTiersChanged {
                router: router_key,
                before,
                after: tiers
            });
        }
        GovernedAction::SetRebateAuthority { authority } => {
            let rebates = sinks.rebates()?;
            let before = rebates.authority;
            rebates.authority = authority;
            emit!(RebateAuthorityChanged {
                router: router_key,
                before,
                after: authority
            });
        }
        GovernedAction::SetRebateLimits { limits } => {
            let rebates = sinks.rebates()?;
            let before = rebates.limits();
            rebates.limits = limits;
            emit!(RebateLimitsChanged {
                router: router_key,
                before,
                after: limits
            });
        }
        GovernedAction::SetInsuranceParams { params } => {
            let fund = &mut sinks.insurance()?.fund;
            let before = fund.params;
            fund.params = params;
            emit!(InsuranceParamsChanged {
                router: router_key,
                before,
                after: params
            });
        }
        GovernedAction::SetShortfallAccount { account } => {
            sinks
                .registering
                .check_shortfall_account(&account, r, &router_key)?;
            let fund = &mut sinks.insurance()?.fund;
            let before = fund.shortfall_account;
            fund.shortfall_account = account;
            emit!(ShortfallAccountChanged {
                router: router_key,
                before,
                after: account
            });
        }
        GovernedAction::InsurancePayout { amount } => {
            let sink = sinks.insurance()?;
            let registered = sink
                .fund
                .shortfall_account()
                .ok_or(FeeRouterError::InsuranceNoShortfallAccount)?;
            let (Some(destination), Some(balance)) = (sink.destination, sink.vault_balance) else {
                return err!(FeeRouterError::AccountMissing);
            };
            require_keys_eq!(
                destination,
                registered,
                FeeRouterError::InsuranceWrongAccount
            );
            // The fund as it stands after the payouts already applied in this instruction.
            let fund_now = balance
                .checked_sub(sink.payout)
                .ok_or(FeeRouterError::MathOverflow)?;
            sink.fund.admit_payout(amount, fund_now, now)?;
            sink.payout = sink
                .payout
                .checked_add(amount)
                .ok_or(FeeRouterError::MathOverflow)?;
        }
        GovernedAction::CancelAuthorityTransfer => {
            let cancelled = r
                .pending_authority()
                .ok_or(FeeRouterError::AuthorityNoTransferPending)?;
            r.pending_authority = Pubkey::default();
            emit!(AuthorityTransferCancelled {
                router: router_key,
                authority: r.authority,
                cancelled,
            });
        }
    }
    g.config_version = g
        .config_version
        .checked_add(1)
        .ok_or(FeeRouterError::MathOverflow)?;
    Ok(())
}

/// The accounts an insurance payout moves tokens with.
pub struct PayoutAccounts<'a, 'info> {
    pub router: &'a AccountLoader<'info, Router>,
    pub insurance_fund: &'a AccountLoader<'info, InsuranceFund>,
    pub insurance_vault: &'a AccountInfo<'info>,
    pub shortfall_account: &'a AccountInfo<'info>,
    pub fee_mint: &'a AccountInfo<'info>,
    pub fee_token_program: &'a AccountInfo<'info>,
}

impl<'info> PayoutAccounts<'_, 'info> {
    /// The insurance vault's balance, checked to be the router's vault.
    pub fn vault_balance(&self) -> Result<u64> {
        Router::check_vault(
            self.insurance_vault.key,
            &self.router.load()?.vaults.insurance,
        )?;
        crate::token::amount(self.insurance_vault)
    }

    /// Moves `amount` out of the vault holding `vault_before` (read by [`Self::vault_balance`]),
    /// which [`apply`] has already checked against the registered account
    /// and the rolling payout limit and recorded as paid out: the fee mint and its program are the
    /// router's, the destination is a fee-mint token account outside the router; the hop is
    /// measured, what the mint withheld is recorded, and the payout's event is emitted.
    pub fn pay(&self, amount: u64, vault_before: u64) -> Result<()> {
        let router_key = self.router.key();
        let (seeds, decimals) = {
            let r = self.router.load()?;
            r.check_fee_mint(self.fee_mint.key, self.fee_token_program.key)?;
            crate::token::check_payout_destination(
                self.shortfall_account,
                &r.fee_token_program,
                &r.fee_mint,
                &router_key,
            )?;
            (r.owned_seeds(), r.fee_decimals)
        };
        let signer = seeds.seeds();
        let moved = crate::token::Mint {
            token_program: self.fee_token_program,
            mint: self.fee_mint,
            decimals,
        }
        .transfer_measured(
            self.insurance_vault,
            self.shortfall_account,
            &self.router.to_account_info(),
            amount,
            &[&signer[..]],
        )?;
        let mut fund = self.insurance_fund.load_mut()?;
        fund.totals.withheld.add_u64(moved.withheld)?;
        fund.invariant(&router_key)?;
        let vault_after = vault_before.saturating_sub(moved.sent);
        let window = fund.payout_window(vault_after, Clock::get()?.unix_timestamp)?;
        emit!(InsurancePaidOut {
            router: router_key,
            shortfall_account: *self.shortfall_account.key,
            amount: moved.sent,
            arrived: moved.arrived,
            withheld: moved.withheld,
            insurance_vault_before: vault_before,
            insurance_vault_after: vault_after,
            window_paid: window.paid,
            window_fund: u64::try_from(window.base).unwrap_or(u64::MAX),
            allowance_left: window.allowance,
        });
        Ok(())
    }
}
