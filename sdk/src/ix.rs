//! Instruction builders: one struct per instruction, holding what a caller knows; the
//! derivable accounts are derived here.
use anchor_lang::prelude::Pubkey;
use anchor_lang::solana_program::instruction::Instruction;
use anchor_lang::{system_program, InstructionData, ToAccountMetas};
use fee_router::{accounts, instruction};

use crate::pda::{self, VaultKind};

/// `initialize_router`.
#[derive(Clone, Debug)]
pub struct InitializeRouter {
    pub creator: Pubkey,
    pub fee_mint: Pubkey,
    pub protocol_mint: Pubkey,
    pub fee_token_program: Pubkey,
    pub protocol_token_program: Pubkey,
    pub authority: Pubkey,
    pub guardian: Pubkey,
}

impl InitializeRouter {
    pub fn router(&self) -> Pubkey {
        pda::router(&self.creator, &self.fee_mint, &self.protocol_mint)
    }

    pub fn instruction(&self) -> Instruction {
        let router = self.router();
        let accounts = accounts::InitializeRouter {
            creator: self.creator,
            router,
            fee_mint: self.fee_mint,
            protocol_mint: self.protocol_mint,
            intake_vault: pda::vault(&router, VaultKind::Intake),
            buyback_vault: pda::vault(&router, VaultKind::Buyback),
            stakers_vault: pda::vault(&router, VaultKind::Stakers),
            insurance_vault: pda::vault(&router, VaultKind::Insurance),
            discount_vault: pda::vault(&router, VaultKind::Discount),
            stake_vault: pda::vault(&router, VaultKind::Stake),
            fee_token_program: self.fee_token_program,
            protocol_token_program: self.protocol_token_program,
            system_program: system_program::ID,
        };
        Instruction {
            program_id: fee_router::ID,
            accounts: accounts.to_account_metas(None),
            data: instruction::InitializeRouter {
                args: fee_router::instructions::InitializeRouterArgs {
                    authority: self.authority,
                    guardian: self.guardian,
                },
            }
            .data(),
        }
    }
}
