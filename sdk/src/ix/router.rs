//! The router: `initialize_router`.
use anchor_lang::prelude::Pubkey;
use anchor_lang::solana_program::instruction::Instruction;
use anchor_lang::system_program;
use fee_router::{accounts, instruction};

use super::{build, registered};
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
    /// The fee mint's issuer powers (`fee_router::state::mint_powers` bits) the creator
    /// accepts; exactly the mint's, or 0.
    pub acknowledged_fee_mint_powers: u32,
    /// The exchange's shortfall account for insurance payouts; `Pubkey::default()` for none yet.
    pub shortfall_account: Pubkey,
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
            governance: pda::governance(&router),
            auction: pda::auction(&router),
            rebates: pda::rebates(&router),
            insurance_fund: pda::insurance_fund(&router),
            fee_token_program: self.fee_token_program,
            protocol_token_program: self.protocol_token_program,
            system_program: system_program::ID,
            shortfall_account: registered(self.shortfall_account),
        };
        let args = fee_router::instructions::InitializeRouterArgs {
            authority: self.authority,
            guardian: self.guardian,
            acknowledged_fee_mint_powers: self.acknowledged_fee_mint_powers,
            shortfall_account: self.shortfall_account,
        };
        build(accounts, instruction::InitializeRouter { args })
    }
}
