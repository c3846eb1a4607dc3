//! An integration example of fee-router, not a product: the smallest exchange that routes its
//! fee line the way a protocol team would. A market trades a base token against the router's
//! fee mint (the quote) at a fixed price; every trade charges a fee in the quote, sends it to
//! the router with `deposit_fees` by CPI (the trader signs, as the payer) and asks the router
//! for the trader's stake-tiered rebate with `rebate` by CPI (the market PDA signs, as the
//! router's registered rebate authority), all inside the trade's instruction.
//!
//! `swap_at_source` is the trade path fee-router is built for: one CPI, `charge_fee`, takes
//! the fee net of the trader's discount into the market's own fee account in the router (the
//! market PDA signs as the market's registered authority); it writes no account another
//! market's trade writes, and no router account at all.
//!
//! `swap_unrouted` is the same trade with the fee kept in the market's quote vault: the
//! baseline `scripts/cu-report` subtracts to show what the router adds to a trade.
#![allow(unexpected_cfgs)]
#![deny(clippy::arithmetic_side_effects)]

#[cfg(target_arch = "bpf")]
use solana_compiler_builtins as _;

use anchor_lang::prelude::*;
use anchor_lang::solana_program::instruction::Instruction;
use anchor_lang::solana_program::program::invoke_signed_unchecked;
use anchor_lang::InstructionData;
use anchor_spl::token_interface::{self, Mint, TokenAccount, TokenInterface, TransferChecked};

declare_id!("F2YJDCGSbDEXEdTNQKbTtwYsVXpQ5C32jqwcmECdApgh");

/// Seed of a market PDA: `[MARKET_SEED, router, base_mint]`. The market is also the
/// router's rebate authority and the owner of its two vaults.
pub const MARKET_SEED: &[u8] = b"market";
/// Seeds of the market's vaults: `[BASE_VAULT_SEED | QUOTE_VAULT_SEED, market]`.
pub const BASE_VAULT_SEED: &[u8] = b"base";
pub const QUOTE_VAULT_SEED: &[u8] = b"quote";
/// Scale of the market's price: quote base units per base base unit, times 1e9.
pub const PRICE_SCALE: u64 = 1_000_000_000;
/// Basis points in a whole.
pub const BPS: u64 = 10_000;

#[program]
pub mod example_exchange {
    use super::*;

    /// Trades on the market; the fee goes to the router and the trader's rebate comes back.
    pub fn swap(ctx: Context<Swap>, args: SwapArgs) -> Result<()> {
        swap_handler(ctx, args)
    }

    /// Trades on the market; the fee goes to the market's fee account in fee-router, net of
    /// the trader's stake-tiered discount, in one CPI (`charge_fee`, the market PDA signing as
    /// the market's registered authority). No router account is touched.
    pub fn swap_at_source(ctx: Context<SwapAtSource>, args: SwapArgs) -> Result<()> {
        at_source_handler(ctx, args)
    }

    /// The same trade without the router: the fee stays in the market's quote vault.
    pub fn swap_unrouted(ctx: Context<SwapUnrouted>, args: SwapArgs) -> Result<()> {
        unrouted_handler(ctx, args)
    }

    /// Creates a market for `base_mint` against the router's fee mint, with its two vaults.
    pub fn create_market(ctx: Context<CreateMarket>, args: CreateMarketArgs) -> Result<()> {
        create_market_handler(ctx, args)
    }
}

#[error_code]
pub enum ExchangeError {
    #[msg("The price moved past the trader's limit")]
    SlippageExceeded,
    #[msg("Trade a positive amount")]
    ZeroAmount,
    #[msg("Arithmetic overflow")]
    MathOverflow,
    #[msg("A fee of at most 10000 bps and a positive price")]
    BadMarketParams,
    #[msg("The quote mint must be the router's fee mint")]
    QuoteNotFeeMint,
    #[msg("This is not the market's fee account in its own router")]
    NotTheMarketsFeeAccount,
}

/// A market: base against the router's fee mint, at a fixed price.
#[account]
#[derive(InitSpace)]
pub struct Market {
    pub bump: u8,
    /// The fee router its fees go to.
    pub router: Pubkey,
    pub base_mint: Pubkey,
    /// The router's fee mint.
    pub quote_mint: Pubkey,
    pub base_vault: Pubkey,
    pub quote_vault: Pubkey,
    /// Quote base units per base base unit, times [`PRICE_SCALE`].
    pub price: u64,
    /// Fee on each trade's quote amount, in basis points, rounded up.
    pub fee_bps: u64,
    /// Fees charged, in quote base units (routed or kept).
    pub fees_charged: u64,
    /// This market's fee account in its router (`["market", router, market]` of fee-router),
    /// derived once at creation: `swap_at_source` charges fees into it and no other, so a
    /// trader cannot route the market's fees to a router of its own.
    pub router_market_fees: Pubkey,
}

#[derive(AnchorSerialize, AnchorDeserialize, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Side {
    /// The trader receives base and pays quote.
    Buy,
    /// The trader pays base and receives quote.
    Sell,
}

#[derive(AnchorSerialize, AnchorDeserialize, Clone, Copy, Debug, PartialEq, Eq)]
pub struct SwapArgs {
    pub side: Side,
    /// Base base units bought or sold.
    pub base_amount: u64,
    /// Buy: the most quote paid (before the fee); sell: the least quote received.
    pub quote_limit: u64,
}

#[derive(AnchorSerialize, AnchorDeserialize, Clone, Copy, Debug, PartialEq, Eq)]
pub struct CreateMarketArgs {
    pub price: u64,
    pub fee_bps: u64,
}

/// A trade's amounts: quote for the base (rounded up on a buy, down on a sell, in the
/// market's favour) and the fee on it (rounded up).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Quote {
    pub quote: u64,
    pub fee: u64,
}

impl Market {
    /// Counts `fee` as charged.
    fn record_fee(&mut self, fee: u64) -> Result<()> {
        self.fees_charged = self
            .fees_charged
            .checked_add(fee)
            .ok_or(ExchangeError::MathOverflow)?;
        Ok(())
    }

    /// The quote and fee of a trade of `base_amount` on `side`.
    pub fn quote(&self, side: Side, base_amount: u64) -> Result<Quote> {
        let product = u128::from(base_amount)
            .checked_mul(u128::from(self.price))
            .ok_or(ExchangeError::MathOverflow)?;
        let scale = u128::from(PRICE_SCALE);
        let quote = match side {
            Side::Buy => product.div_ceil(scale),
            Side::Sell => product
                .checked_div(scale)
                .ok_or(ExchangeError::MathOverflow)?,
        };
        let fee = quote
            .checked_mul(u128::from(self.fee_bps))
            .ok_or(ExchangeError::MathOverflow)?
            .div_ceil(u128::from(BPS));
        Ok(Quote {
            quote: u64::try_from(quote).map_err(|_| ExchangeError::MathOverflow)?,
            fee: u64::try_from(fee).map_err(|_| ExchangeError::MathOverflow)?,
        })
    }
}

/// The accounts of a trade, which both swaps take (Anchor's composite accounts would share
/// them too, at about 4,300 compute units a trade for their duplicate-key check).
pub struct Trade<'a, 'info> {
    pub trader: &'a Signer<'info>,
    pub market: &'a Account<'info, Market>,
    pub trader_base: &'a InterfaceAccount<'info, TokenAccount>,
    pub trader_quote: &'a InterfaceAccount<'info, TokenAccount>,
    pub base_vault: &'a InterfaceAccount<'info, TokenAccount>,
    pub quote_vault: &'a InterfaceAccount<'info, TokenAccount>,
    pub base_mint: &'a InterfaceAccount<'info, Mint>,
    pub quote_mint: &'a InterfaceAccount<'info, Mint>,
    pub base_token_program: &'a Interface<'info, TokenInterface>,
    pub quote_token_program: &'a Interface<'info, TokenInterface>,
}

/// The [`Trade`] view of a swap's accounts.
macro_rules! trade_of {
    ($a:expr) => {
        Trade {
            trader: &$a.trader,
            market: &$a.market,
            trader_base: &$a.trader_base,
            trader_quote: &$a.trader_quote,
            base_vault: &$a.base_vault,
            quote_vault: &$a.quote_vault,
            base_mint: &$a.base_mint,
            quote_mint: &$a.quote_mint,
            base_token_program: &$a.base_token_program,
            quote_token_program: &$a.quote_token_program,
        }
    };
}

impl<'info> Trade<'_, 'info> {
    /// The market PDA's seeds: it owns the vaults and signs as the router's rebate authority.
    fn with_market_seeds<R>(&self, f: impl FnOnce(&[&[u8]]) -> R) -> R {
        let (router, base) = (self.market.router, self.market.base_mint);
        f(&[
            MARKET_SEED,
            router.as_ref(),
            base.as_ref(),
            &[self.market.bump],
        ])
    }

    /// `amount` of `mint` from `from` to `to`, signed by the trader, or by the market when
    /// `by_market`.
    fn move_tokens(
        &self,
        program: &Interface<'info, TokenInterface>,
        mint: &InterfaceAccount<'info, Mint>,
        from: AccountInfo<'info>,
        to: AccountInfo<'info>,
        amount: u64,
        by_market: bool,
    ) -> Result<()> {
        let authority = if by_market {
            self.market.to_account_info()
        } else {
            self.trader.to_account_info()
        };
        let accounts = TransferChecked {
            from,
            mint: mint.to_account_info(),
            to,
            authority,
        };
        self.with_market_seeds(|seeds| {
            let signer = &[seeds];
            let ctx = if by_market {
                CpiContext::new_with_signer(program.key(), accounts, signer)
            } else {
                CpiContext::new(program.key(), accounts)
            };
            token_interface::transfer_checked(ctx, amount, mint.decimals)
        })
    }

    /// The trade: checks the limit, moves quote and base between the trader and the
    /// market's vaults. Returns the fee owed.
    fn execute(&self, args: &SwapArgs) -> Result<u64> {
        require!(args.base_amount > 0, ExchangeError::ZeroAmount);
        let q = self.market.quote(args.side, args.base_amount)?;
        let (quote, base) = (self.quote_token_program, self.base_token_program);
        match args.side {
            Side::Buy => {
                require!(q.quote <= args.quote_limit, ExchangeError::SlippageExceeded);
                let (from, to) = (
                    self.trader_quote.to_account_info(),
                    self.quote_vault.to_account_info(),
                );
                self.move_tokens(quote, self.quote_mint, from, to, q.quote, false)?;
                let (from, to) = (
                    self.base_vault.to_account_info(),
                    self.trader_base.to_account_info(),
                );
                self.move_tokens(base, self.base_mint, from, to, args.base_amount, true)?;
            }
            Side::Sell => {
                require!(q.quote >= args.quote_limit, ExchangeError::SlippageExceeded);
                let (from, to) = (
                    self.trader_base.to_account_info(),
                    self.base_vault.to_account_info(),
                );
                self.move_tokens(base, self.base_mint, from, to, args.base_amount, false)?;
                let (from, to) = (
                    self.quote_vault.to_account_info(),
                    self.trader_quote.to_account_info(),
                );
                self.move_tokens(quote, self.quote_mint, from, to, q.quote, true)?;
            }
        }
        Ok(q.fee)
    }
}

#[derive(Accounts)]
pub struct Swap<'info> {
    pub trader: Signer<'info>,
    #[account(mut, has_one = base_vault, has_one = quote_vault, has_one = router)]
    pub market: Box<Account<'info, Market>>,
    #[account(mut, token::mint = base_mint, token::authority = trader)]
    pub trader_base: Box<InterfaceAccount<'info, TokenAccount>>,
    #[account(mut, token::mint = quote_mint, token::authority = trader)]
    pub trader_quote: Box<InterfaceAccount<'info, TokenAccount>>,
    #[account(mut)]
    pub base_vault: Box<InterfaceAccount<'info, TokenAccount>>,
    #[account(mut)]
    pub quote_vault: Box<InterfaceAccount<'info, TokenAccount>>,
    pub base_mint: Box<InterfaceAccount<'info, Mint>>,
    pub quote_mint: Box<InterfaceAccount<'info, Mint>>,
    pub base_token_program: Interface<'info, TokenInterface>,
    pub quote_token_program: Interface<'info, TokenInterface>,
    // The router's side: fee-router checks every one of these itself.
    /// CHECK: fee-router itself, checked by address: the runtime runs a CPI only to a program
    /// among the instruction's accounts.
    #[account(address = fee_router::ID)]
    pub fee_router_program: UncheckedAccount<'info>,
    /// CHECK: the market's fee router (has_one on the market); fee-router checks the rest.
    #[account(mut)]
    pub router: UncheckedAccount<'info>,
    /// CHECK: the router's intake vault, checked by fee-router.
    #[account(mut)]
    pub intake_vault: UncheckedAccount<'info>,
    /// CHECK: the router's rebates account, checked by fee-router.
    #[account(mut)]
    pub rebates: UncheckedAccount<'info>,
    /// CHECK: the router's discount vault, checked by fee-router.
    #[account(mut)]
    pub discount_vault: UncheckedAccount<'info>,
    /// CHECK: the trader's stake position in the router, if the trader has one (fee-router
    /// checks it is the trader's).
    pub trader_position: Option<UncheckedAccount<'info>>,
}

/// Trades, then routes the fee: `deposit_fees` (the trader pays the fee into the router's
/// intake) and `rebate` (the market, the router's rebate authority, reports the fee and the
/// router pays the trader's rebate from its discount vault into the trader's quote account).
fn swap_handler(ctx: Context<Swap>, args: SwapArgs) -> Result<()> {
    let a = &ctx.accounts;
    let t = trade_of!(a);
    let fee = t.execute(&args)?;
    if fee > 0 {
        invoke_router(
            fee_router::cpi::accounts::DepositFees {
                payer: t.trader.to_account_info(),
                router: a.router.to_account_info(),
                payer_token: t.trader_quote.to_account_info(),
                intake_vault: a.intake_vault.to_account_info(),
                fee_mint: t.quote_mint.to_account_info(),
                fee_token_program: t.quote_token_program.to_account_info(),
            },
            fee_router::instruction::DepositFees {
                args: fee_router::instructions::DepositFeesArgs { amount: fee },
            },
            &[],
        )?;
        t.with_market_seeds(|seeds| {
            invoke_router(
                fee_router::cpi::accounts::Rebate {
                    rebate_authority: t.market.to_account_info(),
                    router: a.router.to_account_info(),
                    rebates: a.rebates.to_account_info(),
                    trader_position: a.trader_position.as_ref().map(|p| p.to_account_info()),
                    discount_vault: a.discount_vault.to_account_info(),
                    trader_fee_token: t.trader_quote.to_account_info(),
                    fee_mint: t.quote_mint.to_account_info(),
                    fee_token_program: t.quote_token_program.to_account_info(),
                },
                fee_router::instruction::Rebate {
                    args: fee_router::instructions::RebateArgs {
                        trader: t.trader.key(),
                        fee_paid: fee,
                    },
                },
                &[seeds],
            )
        })?;
    }
    ctx.accounts.market.record_fee(fee)
}

/// Calls fee-router with an instruction built from its crate's own `cpi::accounts` and
/// `instruction` types. `invoke_signed_unchecked` skips only the check that no `RefCell`
/// borrow of the accounts is alive (several hundred compute units a call); it holds here, as
/// Anchor's `Account` and `InterfaceAccount` keep deserialized copies and borrow nothing.
fn invoke_router<'info>(
    accounts: impl ToAccountMetas + ToAccountInfos<'info>,
    data: impl InstructionData,
    signer_seeds: &[&[&[u8]]],
) -> Result<()> {
    let ix = Instruction {
        program_id: fee_router::ID,
        accounts: accounts.to_account_metas(None),
        data: data.data(),
    };
    invoke_signed_unchecked(&ix, &accounts.to_account_infos(), signer_seeds)?;
    Ok(())
}

#[derive(Accounts)]
pub struct SwapAtSource<'info> {
    pub trader: Signer<'info>,
    #[account(
        mut,
        has_one = base_vault,
        has_one = quote_vault,
        constraint = market.router_market_fees == market_fees.key() @ ExchangeError::NotTheMarketsFeeAccount,
    )]
    pub market: Box<Account<'info, Market>>,
    #[account(mut, token::mint = base_mint, token::authority = trader)]
    pub trader_base: Box<InterfaceAccount<'info, TokenAccount>>,
    #[account(mut, token::mint = quote_mint, token::authority = trader)]
    pub trader_quote: Box<InterfaceAccount<'info, TokenAccount>>,
    #[account(mut)]
    pub base_vault: Box<InterfaceAccount<'info, TokenAccount>>,
    #[account(mut)]
    pub quote_vault: Box<InterfaceAccount<'info, TokenAccount>>,
    pub base_mint: Box<InterfaceAccount<'info, Mint>>,
    pub quote_mint: Box<InterfaceAccount<'info, Mint>>,
    pub base_token_program: Interface<'info, TokenInterface>,
    pub quote_token_program: Interface<'info, TokenInterface>,
    // The router's side: fee-router checks every one of these itself.
    /// CHECK: fee-router itself, checked by address.
    #[account(address = fee_router::ID)]
    pub fee_router_program: UncheckedAccount<'info>,
    /// CHECK: the market's fee account in the router (fee-router checks this market PDA is its
    /// registered authority).
    #[account(mut)]
    pub market_fees: UncheckedAccount<'info>,
    /// CHECK: the market's fee token account, checked by fee-router.
    #[account(mut)]
    pub market_token: UncheckedAccount<'info>,
    /// CHECK: the router's discount tiers, checked by fee-router.
    pub rebates: UncheckedAccount<'info>,
    /// CHECK: the trader's stake position in the router, if the trader has one.
    pub trader_position: Option<UncheckedAccount<'info>>,
}

/// Trades, then charges the fee at source: one CPI to `charge_fee`, the trader paying the fee
/// net of its discount into the market's fee account, the market PDA signing as its
/// registered authority.
fn at_source_handler(ctx: Context<SwapAtSource>, args: SwapArgs) -> Result<()> {
    let a = &ctx.accounts;
    let t = trade_of!(a);
    let fee = t.execute(&args)?;
    if fee > 0 {
        t.with_market_seeds(|seeds| {
            invoke_router(
                fee_router::cpi::accounts::ChargeFee {
                    market_authority: t.market.to_account_info(),
                    trader: t.trader.to_account_info(),
                    market_fees: a.market_fees.to_account_info(),
                    market_token: a.market_token.to_account_info(),
                    trader_fee_token: t.trader_quote.to_account_info(),
                    rebates: a.rebates.to_account_info(),
                    // No position: the trader's own key in its place (no discount).
                    trader_position: a
                        .trader_position
                        .as_ref()
                        .map_or_else(|| t.trader.to_account_info(), |p| p.to_account_info()),
                    fee_mint: t.quote_mint.to_account_info(),
                    fee_token_program: t.quote_token_program.to_account_info(),
                },
                fee_router::instruction::ChargeFee {
                    args: fee_router::instructions::ChargeFeeArgs { fee },
                },
                &[seeds],
            )
        })?;
    }
    ctx.accounts.market.record_fee(fee)
}

#[derive(Accounts)]
pub struct SwapUnrouted<'info> {
    pub trader: Signer<'info>,
    #[account(mut, has_one = base_vault, has_one = quote_vault)]
    pub market: Box<Account<'info, Market>>,
    #[account(mut, token::mint = base_mint, token::authority = trader)]
    pub trader_base: Box<InterfaceAccount<'info, TokenAccount>>,
    #[account(mut, token::mint = quote_mint, token::authority = trader)]
    pub trader_quote: Box<InterfaceAccount<'info, TokenAccount>>,
    #[account(mut)]
    pub base_vault: Box<InterfaceAccount<'info, TokenAccount>>,
    #[account(mut)]
    pub quote_vault: Box<InterfaceAccount<'info, TokenAccount>>,
    pub base_mint: Box<InterfaceAccount<'info, Mint>>,
    pub quote_mint: Box<InterfaceAccount<'info, Mint>>,
    pub base_token_program: Interface<'info, TokenInterface>,
    pub quote_token_program: Interface<'info, TokenInterface>,
}

/// Trades, then keeps the fee: the trader pays it into the market's quote vault.
fn unrouted_handler(ctx: Context<SwapUnrouted>, args: SwapArgs) -> Result<()> {
    let t = trade_of!(ctx.accounts);
    let fee = t.execute(&args)?;
    if fee > 0 {
        let (from, to) = (
            t.trader_quote.to_account_info(),
            t.quote_vault.to_account_info(),
        );
        t.move_tokens(t.quote_token_program, t.quote_mint, from, to, fee, false)?;
    }
    ctx.accounts.market.record_fee(fee)
}

#[derive(Accounts)]
pub struct CreateMarket<'info> {
    #[account(mut)]
    pub admin: Signer<'info>,
    /// The fee router: its fee mint is the market's quote.
    pub router: AccountLoader<'info, fee_router::state::Router>,
    #[account(
        init,
        payer = admin,
        space = 8 + Market::INIT_SPACE,
        seeds = [MARKET_SEED, router.key().as_ref(), base_mint.key().as_ref()],
        bump,
    )]
    pub market: Box<Account<'info, Market>>,
    #[account(mint::token_program = base_token_program)]
    pub base_mint: Box<InterfaceAccount<'info, Mint>>,
    #[account(mint::token_program = quote_token_program)]
    pub quote_mint: Box<InterfaceAccount<'info, Mint>>,
    #[account(init, payer = admin, seeds = [BASE_VAULT_SEED, market.key().as_ref()], bump,
        token::mint = base_mint, token::authority = market, token::token_program = base_token_program)]
    pub base_vault: Box<InterfaceAccount<'info, TokenAccount>>,
    #[account(init, payer = admin, seeds = [QUOTE_VAULT_SEED, market.key().as_ref()], bump,
        token::mint = quote_mint, token::authority = market, token::token_program = quote_token_program)]
    pub quote_vault: Box<InterfaceAccount<'info, TokenAccount>>,
    pub base_token_program: Interface<'info, TokenInterface>,
    pub quote_token_program: Interface<'info, TokenInterface>,
    pub system_program: Program<'info, System>,
}

fn create_market_handler(ctx: Context<CreateMarket>, args: CreateMarketArgs) -> Result<()> {
    require!(
        args.price > 0 && args.fee_bps <= BPS,
        ExchangeError::BadMarketParams
    );
    require_keys_eq!(
        ctx.accounts.router.load()?.fee_mint,
        ctx.accounts.quote_mint.key(),
        ExchangeError::QuoteNotFeeMint
    );
    let market = &mut ctx.accounts.market;
    market.bump = ctx.bumps.market;
    market.router = ctx.accounts.router.key();
    market.base_mint = ctx.accounts.base_mint.key();
    market.quote_mint = ctx.accounts.quote_mint.key();
    market.base_vault = ctx.accounts.base_vault.key();
    market.quote_vault = ctx.accounts.quote_vault.key();
    market.price = args.price;
    market.fee_bps = args.fee_bps;
    market.router_market_fees = Pubkey::find_program_address(
        &[
            fee_router::constants::MARKET_SEED,
            market.router.as_ref(),
            market.key().as_ref(),
        ],
        &fee_router::ID,
    )
    .0;
    Ok(())
}
