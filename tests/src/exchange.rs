//! A client of the example exchange (`programs/example_exchange`): its addresses and
//! instruction builders, from the program crate's own `accounts::*` and `instruction::*`.
use anchor_lang::prelude::Pubkey;
use anchor_lang::solana_program::instruction::Instruction;
use anchor_lang::{system_program, InstructionData, ToAccountMetas};
use example_exchange::{accounts, instruction, CreateMarketArgs, Side, SwapArgs};
use fee_router_sdk::{pda, pda::VaultKind};

/// One market of the example exchange: a base mint against a router's fee mint.
#[derive(Clone, Copy, Debug)]
pub struct ExchangeMarket {
    pub router: Pubkey,
    pub base_mint: Pubkey,
    pub base_token_program: Pubkey,
    pub quote_mint: Pubkey,
    pub quote_token_program: Pubkey,
    pub market: Pubkey,
    pub base_vault: Pubkey,
    pub quote_vault: Pubkey,
    /// The stake pool whose tiers and positions apply: the router's own, or the pool it is a
    /// fee line of ([`ExchangeMarket::in_pool`]).
    pub pool: Pubkey,
}

fn build(accounts: impl ToAccountMetas, data: impl InstructionData) -> Instruction {
    Instruction {
        program_id: example_exchange::ID,
        accounts: accounts.to_account_metas(None),
        data: data.data(),
    }
}

/// A trade as the trader asks for it.
#[derive(Clone, Copy, Debug)]
pub struct Trade {
    pub side: Side,
    pub base_amount: u64,
    pub quote_limit: u64,
}

impl ExchangeMarket {
    /// The market of `router` for `base_mint`, quoted in `quote_mint` (the router's fee mint).
    pub fn new(
        router: Pubkey,
        base_mint: Pubkey,
        base_token_program: Pubkey,
        quote_mint: Pubkey,
        quote_token_program: Pubkey,
    ) -> Self {
        let id = example_exchange::ID;
        let market = Pubkey::find_program_address(
            &[
                example_exchange::MARKET_SEED,
                router.as_ref(),
                base_mint.as_ref(),
            ],
            &id,
        )
        .0;
        let vault = |seed: &[u8]| Pubkey::find_program_address(&[seed, market.as_ref()], &id).0;
        ExchangeMarket {
            router,
            base_mint,
            base_token_program,
            quote_mint,
            quote_token_program,
            market,
            base_vault: vault(example_exchange::BASE_VAULT_SEED),
            quote_vault: vault(example_exchange::QUOTE_VAULT_SEED),
            pool: router,
        }
    }

    /// The market of a fee line of `pool`: the trader's tier is read from the pool.
    pub fn in_pool(self, pool: Pubkey) -> Self {
        Self { pool, ..self }
    }

    /// `create_market`, paid by `admin`.
    pub fn create_ix(&self, admin: &Pubkey, price: u64, fee_bps: u64) -> Instruction {
        build(
            accounts::CreateMarket {
                admin: *admin,
                router: self.router,
                market: self.market,
                base_mint: self.base_mint,
                quote_mint: self.quote_mint,
                base_vault: self.base_vault,
                quote_vault: self.quote_vault,
                base_token_program: self.base_token_program,
                quote_token_program: self.quote_token_program,
                system_program: system_program::ID,
            },
            instruction::CreateMarket {
                args: CreateMarketArgs { price, fee_bps },
            },
        )
    }

    /// `swap`: the trade, its fee deposited in the router and the trader's rebate paid, by
    /// CPI. `with_position` passes the trader's stake position.
    pub fn swap_ix(
        &self,
        trader: &Pubkey,
        trader_base: &Pubkey,
        trader_quote: &Pubkey,
        trade: Trade,
        with_position: bool,
    ) -> Instruction {
        let r = &self.router;
        build(
            accounts::Swap {
                trader: *trader,
                market: self.market,
                trader_base: *trader_base,
                trader_quote: *trader_quote,
                base_vault: self.base_vault,
                quote_vault: self.quote_vault,
                base_mint: self.base_mint,
                quote_mint: self.quote_mint,
                base_token_program: self.base_token_program,
                quote_token_program: self.quote_token_program,
                fee_router_program: fee_router::ID,
                router: *r,
                intake_vault: pda::vault(r, VaultKind::Intake),
                rebates: pda::rebates(r),
                discount_vault: pda::vault(r, VaultKind::Discount),
                trader_position: with_position.then(|| pda::position(r, trader)),
            },
            instruction::Swap {
                args: SwapArgs {
                    side: trade.side,
                    base_amount: trade.base_amount,
                    quote_limit: trade.quote_limit,
                },
            },
        )
    }

    /// `swap_at_source`: the trade, its fee charged net of the trader's discount into the
    /// market's fee account in the router, in one CPI. `with_position` passes the trader's
    /// stake position.
    pub fn swap_at_source_ix(
        &self,
        trader: &Pubkey,
        trader_base: &Pubkey,
        trader_quote: &Pubkey,
        trade: Trade,
        with_position: bool,
    ) -> Instruction {
        let r = &self.router;
        let market_fees = pda::market_fees(r, &self.market);
        build(
            accounts::SwapAtSource {
                trader: *trader,
                market: self.market,
                trader_base: *trader_base,
                trader_quote: *trader_quote,
                base_vault: self.base_vault,
                quote_vault: self.quote_vault,
                base_mint: self.base_mint,
                quote_mint: self.quote_mint,
                base_token_program: self.base_token_program,
                quote_token_program: self.quote_token_program,
                fee_router_program: fee_router::ID,
                market_fees,
                market_token: pda::market_token(&market_fees),
                rebates: pda::rebates(&self.pool),
                trader_position: with_position.then(|| pda::position(&self.pool, trader)),
            },
            instruction::SwapAtSource {
                args: SwapArgs {
                    side: trade.side,
                    base_amount: trade.base_amount,
                    quote_limit: trade.quote_limit,
                },
            },
        )
    }

    /// `swap_unrouted`: the same trade with the fee kept by the market.
    pub fn swap_unrouted_ix(
        &self,
        trader: &Pubkey,
        trader_base: &Pubkey,
        trader_quote: &Pubkey,
        trade: Trade,
    ) -> Instruction {
        build(
            accounts::SwapUnrouted {
                trader: *trader,
                market: self.market,
                trader_base: *trader_base,
                trader_quote: *trader_quote,
                base_vault: self.base_vault,
                quote_vault: self.quote_vault,
                base_mint: self.base_mint,
                quote_mint: self.quote_mint,
                base_token_program: self.base_token_program,
                quote_token_program: self.quote_token_program,
            },
            instruction::SwapUnrouted {
                args: SwapArgs {
                    side: trade.side,
                    base_amount: trade.base_amount,
                    quote_limit: trade.quote_limit,
                },
            },
        )
    }
}
