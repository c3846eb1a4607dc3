//! `open_market`: creates the fee account (and its token account) of the market authority
//! the configuration path approved.
use anchor_lang::prelude::*;
use anchor_spl::token_interface::{Mint, TokenAccount, TokenInterface};

use crate::constants::{MARKET_SEED, MARKET_VERSION, VAULT_SEED};
use crate::error::FeeRouterError;
use crate::events::MarketOpened;
use crate::state::{MarketFees, Router};

#[derive(Accounts)]
pub struct OpenMarket<'info> {
    /// Pays for the two accounts; anyone.
    #[account(mut)]
    pub payer: Signer<'info>,
    #[account(mut)]
    pub router: AccountLoader<'info, Router>,
    /// CHECK: the approved market authority (a key or a program's PDA; it need not sign here).
    pub market_authority: UncheckedAccount<'info>,
    #[account(
        init,
        payer = payer,
        space = MarketFees::SIZE,
        seeds = [MARKET_SEED, router.key().as_ref(), market_authority.key().as_ref()],
        bump,
    )]
    pub market_fees: AccountLoader<'info, MarketFees>,
    #[account(init, payer = payer, seeds = [VAULT_SEED, market_fees.key().as_ref(), MARKET_SEED], bump,
        token::mint = fee_mint, token::authority = router, token::token_program = fee_token_program)]
    pub market_token: Box<InterfaceAccount<'info, TokenAccount>>,
    #[account(mint::token_program = fee_token_program)]
    pub fee_mint: Box<InterfaceAccount<'info, Mint>>,
    pub fee_token_program: Interface<'info, TokenInterface>,
    pub system_program: Program<'info, System>,
}

impl OpenMarket<'_> {
    /// Specification: the market authority is the one approved through the configuration
    /// path (one approval opens one market; with none pending, nothing opens, the default
    /// address included); the mint and its program are the router's.
    pub fn validate(&self) -> Result<()> {
        let r = self.router.load()?;
        require!(
            r.markets.approved != Pubkey::default(),
            FeeRouterError::MarketNotApproved
        );
        require_keys_eq!(
            r.markets.approved,
            self.market_authority.key(),
            FeeRouterError::MarketNotApproved
        );
        r.check_fee_mint(&self.fee_mint.key(), &self.fee_token_program.key())
    }
}

/// Specification: creates the market's fee account at its canonical address, with its token
/// account (owned by the router), records the fee mint, its decimals and program (so a trade
/// reads no router state), and uses up the approval.
pub fn open_market(ctx: Context<OpenMarket>) -> Result<()> {
    let a = &ctx.accounts;
    let router_key = a.router.key();
    let mut m = a.market_fees.load_init()?;
    m.version = MARKET_VERSION;
    m.bump = ctx.bumps.market_fees;
    m.token_bump = ctx.bumps.market_token;
    m.fee_decimals = a.fee_mint.decimals;
    m.router = router_key;
    m.authority = a.market_authority.key();
    m.token_account = a.market_token.key();
    m.fee_mint = a.fee_mint.key();
    m.fee_token_program = a.fee_token_program.key();
    let mut r = a.router.load_mut()?;
    m.pool = r.pool_key(router_key);
    m.invariant(&router_key)?;
    r.markets.approved = Pubkey::default();
    r.markets.opened = r
        .markets
        .opened
        .checked_add(1)
        .ok_or(FeeRouterError::MathOverflow)?;
    r.invariant()?;
    emit!(MarketOpened {
        router: router_key,
        market: a.market_fees.key(),
        authority: m.authority,
        token_account: m.token_account,
    });
    Ok(())
}
