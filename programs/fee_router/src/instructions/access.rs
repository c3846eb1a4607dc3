//! Account sets shared by the setters, and the one way a setter applies its change.
use anchor_lang::prelude::*;

use crate::config::{self, GovernedAction, InsuranceSink, PayoutAccounts, Registering, Sinks};
use crate::error::FeeRouterError;
use crate::state::{Auction, Governance, InsuranceFund, Rebates, Router};

/// A setter only the router's external authority may call. The change goes through the one
/// configuration path ([`config::apply`]), as an executed proposal's would.
#[derive(Accounts)]
pub struct AuthorityOnly<'info> {
    pub authority: Signer<'info>,
    #[account(mut)]
    pub router: AccountLoader<'info, Router>,
    /// The router's governance: it holds the stage gates and the configuration version.
    #[account(mut, has_one = router @ FeeRouterError::AccountGovernanceMismatch)]
    pub governance: AccountLoader<'info, Governance>,
}

/// Specification: a router governed by its stakers takes no setter call at all; otherwise
/// the signer is its authority.
fn authorize(router: &AccountLoader<Router>, governance: &Pubkey, signer: &Pubkey) -> Result<()> {
    let r = router.load()?;
    require_keys_neq!(
        r.authority,
        *governance,
        FeeRouterError::GovernanceModeSetterClosed
    );
    require_keys_eq!(
        r.authority,
        *signer,
        FeeRouterError::AccessAuthorityRequired
    );
    Ok(())
}

/// Applies `action` through [`config::apply`] and checks the router and governance
/// invariants; the caller checks the accounts in `sinks`.
fn apply_with(
    router: &AccountLoader<Router>,
    governance: &AccountLoader<Governance>,
    sinks: &mut Sinks,
    action: GovernedAction,
) -> Result<()> {
    let now = Clock::get()?.unix_timestamp;
    let mut r = router.load_mut()?;
    let mut g = governance.load_mut()?;
    config::apply(&action, router.key(), &mut r, &mut g, sinks, now)?;
    r.invariant()?;
    g.invariant(&router.key())
}

impl AuthorityOnly<'_> {
    /// See [`authorize`].
    pub fn authorize(&self) -> Result<()> {
        authorize(&self.router, &self.governance.key(), &self.authority.key())
    }
}

/// Specification: the action is validated and applied by `config::apply` (bounds, sums,
/// stage gates), the configuration version is bumped, the change's event is emitted, and the
/// router and governance invariants hold.
pub fn apply_as_authority(ctx: Context<AuthorityOnly>, action: GovernedAction) -> Result<()> {
    let a = &ctx.accounts;
    apply_with(&a.router, &a.governance, &mut Sinks::default(), action)
}

/// A setter that changes the router's auction too.
#[derive(Accounts)]
pub struct AuthorityWithAuction<'info> {
    pub authority: Signer<'info>,
    #[account(mut)]
    pub router: AccountLoader<'info, Router>,
    #[account(mut, has_one = router @ FeeRouterError::AccountGovernanceMismatch)]
    pub governance: AccountLoader<'info, Governance>,
    #[account(mut, has_one = router @ FeeRouterError::AccountGovernanceMismatch)]
    pub auction: AccountLoader<'info, Auction>,
    /// CHECK: the treasury the new parameters name, when they name one: checked to be a
    /// protocol-mint token account the router does not own.
    pub treasury: Option<UncheckedAccount<'info>>,
}

impl AuthorityWithAuction<'_> {
    /// See [`authorize`].
    pub fn authorize(&self) -> Result<()> {
        authorize(&self.router, &self.governance.key(), &self.authority.key())
    }
}

/// [`apply_as_authority`] for an action on the auction.
pub fn apply_to_auction_as_authority(
    ctx: Context<AuthorityWithAuction>,
    action: GovernedAction,
) -> Result<()> {
    let a = &ctx.accounts;
    let mut auction = a.auction.load_mut()?;
    let mut sinks = Sinks {
        auction: Some(&mut auction),
        registering: Registering {
            treasury: a.treasury.as_deref(),
            shortfall_account: None,
        },
        ..Sinks::default()
    };
    apply_with(&a.router, &a.governance, &mut sinks, action)?;
    auction.invariant(&a.router.key())
}

/// A setter that changes the router's discount rebates (tiers, rebate authority).
#[derive(Accounts)]
pub struct AuthorityWithRebates<'info> {
    pub authority: Signer<'info>,
    #[account(mut)]
    pub router: AccountLoader<'info, Router>,
    #[account(mut, has_one = router @ FeeRouterError::AccountGovernanceMismatch)]
    pub governance: AccountLoader<'info, Governance>,
    #[account(mut, has_one = router @ FeeRouterError::AccountGovernanceMismatch)]
    pub rebates: AccountLoader<'info, Rebates>,
}

impl AuthorityWithRebates<'_> {
    /// See [`authorize`].
    pub fn authorize(&self) -> Result<()> {
        authorize(&self.router, &self.governance.key(), &self.authority.key())
    }
}

/// [`apply_as_authority`] for an action on the discount rebates.
pub fn apply_to_rebates_as_authority(
    ctx: Context<AuthorityWithRebates>,
    action: GovernedAction,
) -> Result<()> {
    let a = &ctx.accounts;
    let mut rebates = a.rebates.load_mut()?;
    let mut sinks = Sinks {
        rebates: Some(&mut rebates),
        ..Sinks::default()
    };
    apply_with(&a.router, &a.governance, &mut sinks, action)?;
    rebates.invariant(&a.router.key())
}

/// A setter that changes the router's insurance payout rules (limits, shortfall account).
#[derive(Accounts)]
pub struct AuthorityWithInsurance<'info> {
    pub authority: Signer<'info>,
    #[account(mut)]
    pub router: AccountLoader<'info, Router>,
    #[account(mut, has_one = router @ FeeRouterError::AccountGovernanceMismatch)]
    pub governance: AccountLoader<'info, Governance>,
    #[account(mut, has_one = router @ FeeRouterError::AccountGovernanceMismatch)]
    pub insurance_fund: AccountLoader<'info, InsuranceFund>,
}

impl AuthorityWithInsurance<'_> {
    /// See [`authorize`].
    pub fn authorize(&self) -> Result<()> {
        authorize(&self.router, &self.governance.key(), &self.authority.key())
    }
}

/// [`apply_as_authority`] for an action on the insurance payout rules.
pub fn apply_to_insurance_as_authority(
    ctx: Context<AuthorityWithInsurance>,
    action: GovernedAction,
) -> Result<()> {
    let a = &ctx.accounts;
    let mut fund = a.insurance_fund.load_mut()?;
    let mut sinks = Sinks {
        insurance: Some(InsuranceSink {
            fund: &mut fund,
            vault_balance: None,
            destination: None,
            payout: 0,
        }),
        ..Sinks::default()
    };
    apply_with(&a.router, &a.governance, &mut sinks, action)?;
    fund.invariant(&a.router.key())
}

/// The setter that registers the exchange's shortfall account.
#[derive(Accounts)]
pub struct AuthoritySetsShortfallAccount<'info> {
    pub authority: Signer<'info>,
    #[account(mut)]
    pub router: AccountLoader<'info, Router>,
    #[account(mut, has_one = router @ FeeRouterError::AccountGovernanceMismatch)]
    pub governance: AccountLoader<'info, Governance>,
    #[account(mut, has_one = router @ FeeRouterError::AccountGovernanceMismatch)]
    pub insurance_fund: AccountLoader<'info, InsuranceFund>,
    /// CHECK: the account being registered, when one is (not when it is withdrawn): checked
    /// to be a fee-mint token account the router does not own.
    pub shortfall_account: Option<UncheckedAccount<'info>>,
}

impl AuthoritySetsShortfallAccount<'_> {
    /// See [`authorize`].
    pub fn authorize(&self) -> Result<()> {
        authorize(&self.router, &self.governance.key(), &self.authority.key())
    }
}

/// [`apply_as_authority`] for `SetShortfallAccount`, with the account it registers.
pub fn set_shortfall_account_as_authority(
    ctx: Context<AuthoritySetsShortfallAccount>,
    account: Pubkey,
) -> Result<()> {
    let a = &ctx.accounts;
    let mut fund = a.insurance_fund.load_mut()?;
    let mut sinks = Sinks {
        insurance: Some(InsuranceSink {
            fund: &mut fund,
            vault_balance: None,
            destination: None,
            payout: 0,
        }),
        registering: Registering {
            shortfall_account: a.shortfall_account.as_deref(),
            treasury: None,
        },
        ..Sinks::default()
    };
    apply_with(
        &a.router,
        &a.governance,
        &mut sinks,
        GovernedAction::SetShortfallAccount { account },
    )?;
    fund.invariant(&a.router.key())
}

/// The external authority pays the exchange's shortfall from the insurance fund.
#[derive(Accounts)]
pub struct PayInsurance<'info> {
    pub authority: Signer<'info>,
    /// Signs the transfer out of its insurance vault.
    #[account(mut)]
    pub router: AccountLoader<'info, Router>,
    #[account(mut, has_one = router @ FeeRouterError::AccountGovernanceMismatch)]
    pub governance: AccountLoader<'info, Governance>,
    #[account(mut, has_one = router @ FeeRouterError::AccountGovernanceMismatch)]
    pub insurance_fund: AccountLoader<'info, InsuranceFund>,
    /// CHECK: the router's insurance vault, checked by address.
    #[account(mut)]
    pub insurance_vault: UncheckedAccount<'info>,
    /// CHECK: the registered shortfall account (checked against the insurance fund, then as a
    /// fee-mint token account outside the router).
    #[account(mut)]
    pub shortfall_account: UncheckedAccount<'info>,
    /// CHECK: the router's fee mint, checked by address.
    pub fee_mint: UncheckedAccount<'info>,
    /// CHECK: the fee mint's token program, checked by address.
    pub fee_token_program: UncheckedAccount<'info>,
}

impl PayInsurance<'_> {
    /// See [`authorize`].
    pub fn authorize(&self) -> Result<()> {
        authorize(&self.router, &self.governance.key(), &self.authority.key())
    }
}

/// Specification: the payout is a `GovernedAction::InsurancePayout` applied by
/// `config::apply` (a registered shortfall account, this one; within the vault's balance and
/// the period's cap), then moved measured and recorded; when the caller names the payout
/// count it was prepared at, only at that count (a replay pays nothing).
pub fn pay_insurance_as_authority(
    ctx: Context<PayInsurance>,
    amount: u64,
    payouts_before: Option<u64>,
) -> Result<()> {
    let a = &ctx.accounts;
    let accounts = PayoutAccounts {
        router: &a.router,
        insurance_fund: &a.insurance_fund,
        insurance_vault: &a.insurance_vault,
        shortfall_account: &a.shortfall_account,
        fee_mint: &a.fee_mint,
        fee_token_program: &a.fee_token_program,
    };
    let vault_balance = accounts.vault_balance()?;
    let payout = {
        let mut fund = a.insurance_fund.load_mut()?;
        if let Some(before) = payouts_before {
            require_eq!(
                fund.totals.payouts,
                before,
                FeeRouterError::InsurancePayoutAlreadyMade
            );
        }
        let mut sinks = Sinks {
            insurance: Some(InsuranceSink {
                fund: &mut fund,
                vault_balance: Some(vault_balance),
                destination: Some(a.shortfall_account.key()),
                payout: 0,
            }),
            ..Sinks::default()
        };
        apply_with(
            &a.router,
            &a.governance,
            &mut sinks,
            GovernedAction::InsurancePayout { amount },
        )?;
        sinks.insurance.map_or(0, |s| s.payout)
    };
    accounts.pay(payout, vault_balance)
}

/// Pausing and unpausing: the guardian or the authority.
#[derive(Accounts)]
pub struct GuardianOrAuthority<'info> {
    pub signer: Signer<'info>,
    #[account(
        mut,
        constraint = {
            let r = router.load()?;
            signer.key() == r.guardian || signer.key() == r.authority
        } @ FeeRouterError::AccessGuardianRequired
    )]
    pub router: AccountLoader<'info, Router>,
}
