//! Authority: its hand-over (to a key or to the router's governance), the guardian, pause
//! and unpause.
use anchor_lang::prelude::Pubkey;
use anchor_lang::solana_program::instruction::Instruction;
use fee_router::instructions::{PauseArgs, ProposeAuthorityArgs, SetGuardianArgs};
use fee_router::{accounts, instruction};

use super::{authority_only, build};
use crate::pda;

/// `propose_authority` (authority).
pub fn propose_authority(router: &Pubkey, authority: &Pubkey, proposed: Pubkey) -> Instruction {
    build(
        authority_only(router, authority),
        instruction::ProposeAuthority {
            args: ProposeAuthorityArgs { proposed },
        },
    )
}

/// `accept_authority` (the proposed authority).
pub fn accept_authority(router: &Pubkey, new_authority: &Pubkey) -> Instruction {
    let accounts = accounts::AcceptAuthority {
        new_authority: *new_authority,
        router: *router,
        governance: pda::governance(router),
    };
    build(accounts, instruction::AcceptAuthority {})
}

/// `cancel_authority_transfer` (authority).
pub fn cancel_authority_transfer(router: &Pubkey, authority: &Pubkey) -> Instruction {
    build(
        authority_only(router, authority),
        instruction::CancelAuthorityTransfer {},
    )
}

/// `accept_governance_authority`: anyone completes a handover to the router's governance.
pub fn accept_governance_authority(router: &Pubkey) -> Instruction {
    let accounts = accounts::AcceptGovernanceAuthority {
        router: *router,
        governance: pda::governance(router),
    };
    build(accounts, instruction::AcceptGovernanceAuthority {})
}

/// `set_guardian` (authority).
pub fn set_guardian(router: &Pubkey, authority: &Pubkey, guardian: Pubkey) -> Instruction {
    build(
        authority_only(router, authority),
        instruction::SetGuardian {
            args: SetGuardianArgs { guardian },
        },
    )
}

/// `pause` (guardian or authority).
pub fn pause(router: &Pubkey, signer: &Pubkey, operations: u32) -> Instruction {
    let accounts = accounts::GuardianOrAuthority {
        signer: *signer,
        router: *router,
    };
    build(
        accounts,
        instruction::Pause {
            args: PauseArgs { operations },
        },
    )
}

/// `unpause` (guardian or authority).
pub fn unpause(router: &Pubkey, signer: &Pubkey, operations: u32) -> Instruction {
    let accounts = accounts::GuardianOrAuthority {
        signer: *signer,
        router: *router,
    };
    build(
        accounts,
        instruction::Unpause {
            args: PauseArgs { operations },
        },
    )
}
