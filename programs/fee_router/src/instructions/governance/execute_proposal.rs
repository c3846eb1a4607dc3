//! `execute_proposal`: a passed proposal's actions, applied atomically through the one
//! configuration path, after its timelock and before it expires.
use anchor_lang::prelude::*;

use crate::config::{self, InsuranceSink, PayoutAccounts, Registering, Sinks};
use crate::error::FeeRouterError;
use crate::events::ProposalExecuted;
use crate::state::{
    lines, Auction, Governance, GovernedAction, InsuranceFund, Proposal, ProposalState, Rebates,
    Router,
};

#[derive(Accounts)]
pub struct ExecuteProposal<'info> {
    /// Anyone (a keeper, the proposer): execution is permissionless.
    pub executor: Signer<'info>,
    /// The router the proposal's actions apply to: the pool, or the fee line its first
    /// action (`ForFeeLine`) names.
    #[account(mut)]
    pub router: AccountLoader<'info, Router>,
    /// The governance of the router's stake pool.
    #[account(
        mut,
        constraint = governance.load()?.router == router.load()?.pool_key(router.key())
            @ FeeRouterError::AccountGovernanceMismatch,
    )]
    pub governance: AccountLoader<'info, Governance>,
    #[account(mut, has_one = governance @ FeeRouterError::AccountGovernanceMismatch)]
    pub proposal: Account<'info, Proposal>,
    /// The router's buyback auction (changed by `SetAuctionParams`).
    #[account(mut, has_one = router @ FeeRouterError::AccountGovernanceMismatch)]
    pub auction: AccountLoader<'info, Auction>,
    /// The router's discount rebates (changed by `SetDiscountTiers`, `SetRebateAuthority`).
    #[account(mut, has_one = router @ FeeRouterError::AccountGovernanceMismatch)]
    pub rebates: AccountLoader<'info, Rebates>,
    /// The router's insurance payout rules (changed by `SetInsuranceParams`,
    /// `SetShortfallAccount`, `InsurancePayout`).
    #[account(mut, has_one = router @ FeeRouterError::AccountGovernanceMismatch)]
    pub insurance_fund: AccountLoader<'info, InsuranceFund>,
    /// CHECK: an insurance payout only: the router's insurance vault, checked by address.
    #[account(mut)]
    pub insurance_vault: Option<UncheckedAccount<'info>>,
    /// CHECK: an insurance payout only: the registered shortfall account (checked against the
    /// insurance fund, then as a fee-mint token account outside the router).
    #[account(mut)]
    pub shortfall_account: Option<UncheckedAccount<'info>>,
    /// CHECK: an insurance payout only: the router's fee mint, checked by address.
    pub fee_mint: Option<UncheckedAccount<'info>>,
    /// CHECK: an insurance payout only: the fee mint's token program, checked by address.
    pub fee_token_program: Option<UncheckedAccount<'info>>,
    /// CHECK: a `SetAuctionParams` that names a treasury only: that treasury, checked to be a
    /// protocol-mint token account the router does not own.
    pub treasury: Option<UncheckedAccount<'info>>,
}

impl ExecuteProposal<'_> {
    /// Specification:
    /// - anyone may execute, the guardian's keys included: execution applies what the vote
    ///   decided and nothing else (a rule against one key would not stop another);
    /// - the router is the one the proposal names (its first action's fee line, or else the
    ///   governance's pool), and its authority is this governance (an external authority
    ///   uses its setters);
    /// - the proposal passed and was neither executed nor vetoed;
    /// - its timelock is over and its grace period is not;
    /// - no other configuration change landed since it was created (else it is stale).
    pub fn validate(&self) -> Result<()> {
        let now = Clock::get()?.unix_timestamp;
        let r = self.router.load()?;
        require_keys_eq!(
            r.authority,
            self.governance.key(),
            FeeRouterError::GovernanceNotInControl
        );
        let p = &self.proposal;
        let g = self.governance.load()?;
        let target = GovernedAction::target_line(&p.actions).unwrap_or(g.router);
        require_keys_eq!(
            self.router.key(),
            target,
            FeeRouterError::LineAccountsMismatch
        );
        require!(
            p.state == ProposalState::Passed,
            FeeRouterError::GovernanceNotPassed
        );
        require!(
            now >= p.executable_at,
            FeeRouterError::GovernanceTimelockNotOver
        );
        require!(
            now < p.expires_at,
            FeeRouterError::GovernanceProposalExpired
        );
        require!(
            p.config_version == g.config_version,
            FeeRouterError::GovernanceProposalStale
        );
        Ok(())
    }
}

/// Specification: every action is validated and applied by `config::apply` in order (a stage
/// change only if its gate is met on the router's fee history now; an insurance payout only
/// to the registered shortfall account, within the fund and the period's cap); if one fails,
/// none applies. Payouts are then moved, measured. The proposal is executed and cannot run
/// again.
pub fn execute_proposal(ctx: Context<ExecuteProposal>) -> Result<()> {
    let now = Clock::get()?.unix_timestamp;
    let a = ctx.accounts;
    let router_key = a.router.key();
    let payout_accounts = match (
        &a.insurance_vault,
        &a.shortfall_account,
        &a.fee_mint,
        &a.fee_token_program,
    ) {
        (Some(vault), Some(destination), Some(mint), Some(program)) => Some(PayoutAccounts {
            router: &a.router,
            insurance_fund: &a.insurance_fund,
            insurance_vault: vault,
            shortfall_account: destination,
            fee_mint: mint,
            fee_token_program: program,
        }),
        _ => None,
    };
    let mut fee_line = added_line(&a.proposal.actions, ctx.remaining_accounts, &router_key)?;
    let vault_balance = match &payout_accounts {
        Some(p) => Some(p.vault_balance()?),
        None => None,
    };
    let payout = {
        let mut r = a.router.load_mut()?;
        let mut g = a.governance.load_mut()?;
        let mut auction = a.auction.load_mut()?;
        let mut rebates = a.rebates.load_mut()?;
        let mut fund = a.insurance_fund.load_mut()?;
        let mut sinks = Sinks {
            auction: Some(&mut auction),
            rebates: Some(&mut rebates),
            insurance: Some(InsuranceSink {
                fund: &mut fund,
                vault_balance,
                destination: payout_accounts.as_ref().map(|p| *p.shortfall_account.key),
                payout: 0,
            }),
            registering: Registering {
                shortfall_account: a.shortfall_account.as_deref(),
                treasury: a.treasury.as_deref(),
            },
            fee_line: fee_line.as_mut().map(|(k, l)| (*k, &mut **l)),
        };
        for action in &a.proposal.actions {
            config::apply(action, router_key, &mut r, &mut g, &mut sinks, now)?;
        }
        let payout = sinks.insurance.map_or(0, |s| s.payout);
        auction.invariant(&router_key)?;
        rebates.invariant(&router_key)?;
        fund.invariant(&router_key)?;
        r.invariant()?;
        g.invariant(&r.pool_key(router_key))?;
        payout
    };
    if payout > 0 {
        // `apply` refuses a payout without these accounts; kept as a typed error regardless.
        let (Some(accounts), Some(before)) = (&payout_accounts, vault_balance) else {
            return err!(FeeRouterError::AccountMissing);
        };
        accounts.pay(payout, before)?;
    }
    let p = &mut a.proposal;
    p.state = ProposalState::Executed;
    p.invariant()?;
    emit!(ProposalExecuted {
        router: router_key,
        proposal: p.key(),
        id: p.id,
        executor: a.executor.key(),
        actions: p.actions.clone(),
        config_version_after: a.governance.load()?.config_version,
    });
    Ok(())
}

/// The router an `AddFeeLine` adds: the first remaining account (not the router the proposal
/// executes on), loaded for writing; none when the proposal adds no line.
fn added_line<'a>(
    actions: &[GovernedAction],
    remaining: &'a [AccountInfo],
    router_key: &Pubkey,
) -> Result<Option<(Pubkey, std::cell::RefMut<'a, Router>)>> {
    let adds_line = actions
        .iter()
        .any(|x| matches!(x, GovernedAction::AddFeeLine { .. }));
    Ok(match (adds_line, remaining.first()) {
        (true, Some(info)) if info.key != router_key => {
            Some((*info.key, lines::load_router_mut(info)?))
        }
        _ => None,
    })
}
