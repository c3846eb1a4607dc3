//! Buyback: the auction's purchases and its parameters (external authority).
use anchor_lang::prelude::Pubkey;
use anchor_lang::solana_program::instruction::Instruction;
use fee_router::instructions::{BuyArgs, SetAuctionParamsArgs};
use fee_router::state::AuctionParams;
use fee_router::{accounts, instruction};

use super::{build, registered, FeeSide, ProtocolSide};
use crate::pda::{self, VaultKind};

/// What a buyer tells the auction.
#[derive(Clone, Copy, Debug)]
pub struct Purchase {
    pub epoch_id: u64,
    pub amount: u64,
    pub min_amount_out: u64,
    pub max_payment: u64,
}

/// `buy`: `buyer` buys from the auction, paying from `buyer_protocol_token` and receiving in
/// `buyer_fee_token`; `treasury` is the governed treasury account in treasury mode (`None`
/// burns).
pub fn buy(
    fee: &FeeSide,
    protocol: &ProtocolSide,
    buyer: &Pubkey,
    buyer_fee_token: &Pubkey,
    buyer_protocol_token: &Pubkey,
    treasury: Option<Pubkey>,
    purchase: Purchase,
) -> Instruction {
    let r = &fee.router;
    let accounts = accounts::Buy {
        buyer: *buyer,
        router: *r,
        auction: pda::auction(r),
        buyback_vault: pda::vault(r, VaultKind::Buyback),
        buyer_fee_token: *buyer_fee_token,
        buyer_protocol_token: *buyer_protocol_token,
        treasury_token: treasury.unwrap_or(protocol.protocol_mint),
        fee_mint: fee.fee_mint,
        protocol_mint: protocol.protocol_mint,
        fee_token_program: fee.fee_token_program,
        protocol_token_program: protocol.protocol_token_program,
    };
    build(
        accounts,
        instruction::Buy {
            args: BuyArgs {
                epoch_id: purchase.epoch_id,
                amount: purchase.amount,
                min_amount_out: purchase.min_amount_out,
                max_payment: purchase.max_payment,
            },
        },
    )
}

/// `set_auction_params` (external authority).
pub fn set_auction_params(
    router: &Pubkey,
    authority: &Pubkey,
    params: AuctionParams,
) -> Instruction {
    let accounts = accounts::AuthorityWithAuction {
        authority: *authority,
        router: *router,
        governance: pda::governance(router),
        auction: pda::auction(router),
        treasury: registered(params.treasury),
    };
    build(
        accounts,
        instruction::SetAuctionParams {
            args: SetAuctionParamsArgs { params },
        },
    )
}
