//! Intake: fees paid in, distributed to the vaults by the stage's split within the guard
//! rails; the stage, the splits and the guard rails (authority).
use anchor_lang::prelude::Pubkey;
use anchor_lang::solana_program::instruction::Instruction;
use fee_router::instructions::{DepositFeesArgs, SetGuardRailsArgs, SetSplitArgs, SetStageArgs};
use fee_router::state::{GuardRails, Split, Stage};
use fee_router::{accounts, instruction};

use super::{authority_only, build, FeeSide};
use crate::pda::{self, VaultKind};

/// `deposit_fees`: `payer` sends `amount` from `payer_token` to the intake.
pub fn deposit_fees(
    side: &FeeSide,
    payer: &Pubkey,
    payer_token: &Pubkey,
    amount: u64,
) -> Instruction {
    let accounts = accounts::DepositFees {
        payer: *payer,
        router: side.router,
        payer_token: *payer_token,
        intake_vault: pda::vault(&side.router, VaultKind::Intake),
        fee_mint: side.fee_mint,
        fee_token_program: side.fee_token_program,
    };
    build(
        accounts,
        instruction::DepositFees {
            args: DepositFeesArgs { amount },
        },
    )
}

/// `distribute`: sweeps the intake into the four vaults. Anyone may send it.
pub fn distribute(side: &FeeSide) -> Instruction {
    let r = &side.router;
    let accounts = accounts::Distribute {
        router: *r,
        intake_vault: pda::vault(r, VaultKind::Intake),
        buyback_vault: pda::vault(r, VaultKind::Buyback),
        stakers_vault: pda::vault(r, VaultKind::Stakers),
        insurance_vault: pda::vault(r, VaultKind::Insurance),
        discount_vault: pda::vault(r, VaultKind::Discount),
        fee_mint: side.fee_mint,
        fee_token_program: side.fee_token_program,
    };
    build(accounts, instruction::Distribute {})
}

/// `set_stage` (authority).
pub fn set_stage(router: &Pubkey, authority: &Pubkey, stage: Stage) -> Instruction {
    build(
        authority_only(router, authority),
        instruction::SetStage {
            args: SetStageArgs { stage },
        },
    )
}

/// `set_split` (authority).
pub fn set_split(router: &Pubkey, authority: &Pubkey, stage: Stage, split: Split) -> Instruction {
    build(
        authority_only(router, authority),
        instruction::SetSplit {
            args: SetSplitArgs { stage, split },
        },
    )
}

/// `set_guard_rails` (authority).
pub fn set_guard_rails(router: &Pubkey, authority: &Pubkey, rails: GuardRails) -> Instruction {
    build(
        authority_only(router, authority),
        instruction::SetGuardRails {
            args: SetGuardRailsArgs { rails },
        },
    )
}
