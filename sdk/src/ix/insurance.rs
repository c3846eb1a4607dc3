//! Insurance: payouts to the shortfall account, their limits and the shortfall account
//! (external authority).
use anchor_lang::prelude::Pubkey;
use anchor_lang::solana_program::instruction::Instruction;
use fee_router::instructions::{PayInsuranceArgs, SetInsuranceParamsArgs, SetShortfallAccountArgs};
use fee_router::state::InsuranceParams;
use fee_router::{accounts, instruction};

use super::{build, registered, FeeSide};
use crate::pda::{self, VaultKind};

fn insurance_accounts(router: &Pubkey, authority: &Pubkey) -> accounts::AuthorityWithInsurance {
    accounts::AuthorityWithInsurance {
        authority: *authority,
        router: *router,
        governance: pda::governance(router),
        insurance_fund: pda::insurance_fund(router),
    }
}

/// `set_insurance_params` (external authority).
pub fn set_insurance_params(
    router: &Pubkey,
    authority: &Pubkey,
    params: InsuranceParams,
) -> Instruction {
    build(
        insurance_accounts(router, authority),
        instruction::SetInsuranceParams {
            args: SetInsuranceParamsArgs { params },
        },
    )
}

/// `set_shortfall_account` (external authority).
pub fn set_shortfall_account(router: &Pubkey, authority: &Pubkey, account: Pubkey) -> Instruction {
    let accounts = accounts::AuthoritySetsShortfallAccount {
        authority: *authority,
        router: *router,
        governance: pda::governance(router),
        insurance_fund: pda::insurance_fund(router),
        shortfall_account: registered(account),
    };
    build(
        accounts,
        instruction::SetShortfallAccount {
            args: SetShortfallAccountArgs { account },
        },
    )
}

/// `pay_insurance` (external authority): `amount` to `shortfall_account`.
pub fn pay_insurance(
    side: &FeeSide,
    authority: &Pubkey,
    shortfall_account: &Pubkey,
    amount: u64,
) -> Instruction {
    pay_insurance_once(side, authority, shortfall_account, amount, None)
}

/// `pay_insurance` that pays only while the fund has made `payouts_before` payouts (read
/// from `InsuranceFund.totals.payouts` when preparing it): sent twice, it pays once.
pub fn pay_insurance_once(
    side: &FeeSide,
    authority: &Pubkey,
    shortfall_account: &Pubkey,
    amount: u64,
    payouts_before: Option<u64>,
) -> Instruction {
    let r = &side.router;
    let accounts = accounts::PayInsurance {
        authority: *authority,
        router: *r,
        governance: pda::governance(r),
        insurance_fund: pda::insurance_fund(r),
        insurance_vault: pda::vault(r, VaultKind::Insurance),
        shortfall_account: *shortfall_account,
        fee_mint: side.fee_mint,
        fee_token_program: side.fee_token_program,
    };
    build(
        accounts,
        instruction::PayInsurance {
            args: PayInsuranceArgs {
                amount,
                payouts_before,
            },
        },
    )
}
