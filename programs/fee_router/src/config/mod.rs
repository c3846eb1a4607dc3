//! The one configuration path. Every governed change is a [`GovernedAction`]; [`apply`]
//! validates it and hands it to the capability whose account it changes, whether an
//! external authority calls a setter or a passed proposal executes. The rules themselves
//! ("a split sums to 10_000", "a stage gate is met", the auction's bounds, the payout limit)
//! are methods of the accounts they guard; this module only dispatches and emits the events.
use anchor_lang::prelude::*;

use crate::error::FeeRouterError;
use crate::state::{Auction, Governance, InsuranceFund, Rebates, Router};

mod authority;
mod buyback;
mod discount;
mod governance;
mod insurance;
mod intake;
mod market;
mod payout;
mod staking;

pub use crate::state::GovernedAction;
pub use payout::PayoutAccounts;

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
    /// The router an `AddFeeLine` adds, with its key.
    pub fee_line: Option<(Pubkey, &'a mut Router)>,
}

impl<'a> Sinks<'a, '_> {
    pub(crate) fn rebates(&mut self) -> Result<&mut Rebates> {
        Ok(self
            .rebates
            .as_deref_mut()
            .ok_or(FeeRouterError::AccountMissing)?)
    }

    pub(crate) fn fee_line(&mut self) -> Result<(Pubkey, &mut Router)> {
        let (key, line) = self
            .fee_line
            .as_mut()
            .ok_or(FeeRouterError::LineAccountsMismatch)?;
        Ok((*key, &mut **line))
    }

    pub(crate) fn insurance(&mut self) -> Result<&mut InsuranceSink<'a>> {
        Ok(self
            .insurance
            .as_mut()
            .ok_or(FeeRouterError::AccountMissing)?)
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
    use GovernedAction as A;
    action.validate()?;
    if action.is_pool_only() && !matches!(action, A::ForFeeLine { .. }) {
        // The stage, the split table, the tiers, the voting rules, the stage gates and the
        // lines are the pool's, for all its lines.
        r.require_pool()?;
    }
    let key = &router_key;
    match *action {
        A::SetStage { stage } => {
            intake::set_stage(key, r, g.stage_gates[stage.index()], stage, now)?
        }
        A::SetSplit { stage, split } => intake::set_split(key, r, stage, split),
        A::SetGuardRails { rails } => intake::set_guard_rails(key, r, rails),
        A::SetStakingParams { params } => staking::set_params(key, r, params, now)?,
        A::SetGovernanceParams { params } => governance::set_params(key, g, params),
        A::SetStageGates { gates } => governance::set_stage_gates(key, g, gates),
        A::SetGuardian { guardian } => authority::set_guardian(key, r, guardian),
        A::Pause { operations } => authority::pause(key, r, operations),
        A::Unpause { operations } => authority::unpause(key, r, operations)?,
        A::ProposeAuthority { proposed } => authority::propose(key, r, proposed)?,
        A::CancelAuthorityTransfer => authority::cancel_transfer(key, r)?,
        A::SetAuctionParams { params } => buyback::set_params(key, r, sinks, params, now)?,
        A::SetDiscountTiers { tiers } => discount::set_tiers(key, sinks.rebates()?, tiers),
        A::SetRebateAuthority { authority } => {
            discount::set_authority(key, sinks.rebates()?, authority)
        }
        A::SetRebateLimits { limits } => discount::set_limits(key, sinks.rebates()?, limits),
        A::SetInsuranceParams { params } => insurance::set_params(key, sinks, params)?,
        A::SetShortfallAccount { account } => {
            insurance::set_shortfall_account(key, r, sinks, account)?
        }
        A::InsurancePayout { amount } => insurance::admit_payout(sinks, amount, now)?,
        A::ApproveMarket { authority } => market::approve(key, r, authority),
        A::SetMarketAllowanceCap { cap } => market::set_allowance_cap(key, r, cap),
        A::AddFeeLine { line } => {
            let (line_key, l) = sinks.fee_line()?;
            require_keys_eq!(line_key, line, FeeRouterError::LineAccountsMismatch);
            // The governed path: this governance is the line's authority too.
            require_keys_eq!(
                l.authority,
                r.authority,
                FeeRouterError::AccessAuthorityRequired
            );
            crate::state::lines::add_line(router_key, r, line_key, l)?
        }
        // The marker of a proposal for a fee line: executed with that line as the router.
        A::ForFeeLine { line } => {
            require_keys_eq!(router_key, line, FeeRouterError::LineAccountsMismatch)
        }
    }
    g.bump_config_version()
}
