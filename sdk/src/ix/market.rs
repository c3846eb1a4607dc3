//! Markets: their approval and allowance cap (authority), opening a market's fee account,
//! the trade's fee charged at source, and the sweep.
use anchor_lang::prelude::Pubkey;
use anchor_lang::solana_program::instruction::Instruction;
use anchor_lang::system_program;
use fee_router::instructions::{ApproveMarketArgs, ChargeFeeArgs, SetMarketAllowanceCapArgs};
use fee_router::{accounts, instruction};

use super::{authority_only, build, FeeSide};
use crate::pda::{self, VaultKind};

/// `approve_market` (external authority): `market_authority` may open its fee account next.
pub fn approve_market(
    router: &Pubkey,
    authority: &Pubkey,
    market_authority: Pubkey,
) -> Instruction {
    build(
        authority_only(router, authority),
        instruction::ApproveMarket {
            args: ApproveMarketArgs {
                authority: market_authority,
            },
        },
    )
}

/// `set_market_allowance_cap` (external authority).
pub fn set_market_allowance_cap(router: &Pubkey, authority: &Pubkey, cap: u64) -> Instruction {
    build(
        authority_only(router, authority),
        instruction::SetMarketAllowanceCap {
            args: SetMarketAllowanceCapArgs { cap },
        },
    )
}

/// `open_market`: `payer` opens the approved `market_authority`'s fee account.
pub fn open_market(side: &FeeSide, payer: &Pubkey, market_authority: &Pubkey) -> Instruction {
    let market_fees = pda::market_fees(&side.router, market_authority);
    let accounts = accounts::OpenMarket {
        payer: *payer,
        router: side.router,
        market_authority: *market_authority,
        market_fees,
        market_token: pda::market_token(&market_fees),
        fee_mint: side.fee_mint,
        fee_token_program: side.fee_token_program,
        system_program: system_program::ID,
    };
    build(accounts, instruction::OpenMarket {})
}

/// `charge_fee`: `market_authority` charges `trader` a trade's gross `fee` from
/// `trader_fee_token`, net of the discount of the trader's position (`with_position`: pass
/// it; without it the trader's own key takes its place, and there is no discount).
pub fn charge_fee(
    side: &FeeSide,
    market_authority: &Pubkey,
    trader: &Pubkey,
    trader_fee_token: &Pubkey,
    with_position: bool,
    fee: u64,
) -> Instruction {
    let market_fees = pda::market_fees(&side.router, market_authority);
    let accounts = accounts::ChargeFee {
        market_authority: *market_authority,
        trader: *trader,
        market_fees,
        market_token: pda::market_token(&market_fees),
        trader_fee_token: *trader_fee_token,
        rebates: pda::rebates(&side.router),
        trader_position: if with_position {
            pda::position(&side.router, trader)
        } else {
            *trader
        },
        fee_mint: side.fee_mint,
        fee_token_program: side.fee_token_program,
    };
    build(
        accounts,
        instruction::ChargeFee {
            args: ChargeFeeArgs { fee },
        },
    )
}

/// `sweep_market`: anyone sweeps `market_authority`'s fee account.
pub fn sweep_market(side: &FeeSide, market_authority: &Pubkey) -> Instruction {
    let market_fees = pda::market_fees(&side.router, market_authority);
    let accounts = accounts::SweepMarket {
        router: side.router,
        market_fees,
        market_token: pda::market_token(&market_fees),
        intake_vault: pda::vault(&side.router, VaultKind::Intake),
        discount_vault: pda::vault(&side.router, VaultKind::Discount),
        fee_mint: side.fee_mint,
        fee_token_program: side.fee_token_program,
    };
    build(accounts, instruction::SweepMarket {})
}
