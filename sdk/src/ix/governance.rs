//! Governance: proposals, votes, finalization, execution, cancellation and vetoes; the
//! voting rules and the stage gates (external authority).
use anchor_lang::prelude::Pubkey;
use anchor_lang::solana_program::instruction::Instruction;
use anchor_lang::system_program;
use fee_router::config::GovernedAction;
use fee_router::instructions::{
    CastVoteArgs, ChangeVoteArgs, CreateProposalArgs, SetGovernanceParamsArgs, SetStageGatesArgs,
};
use fee_router::state::{GovernanceParams, Vote};
use fee_router::{accounts, instruction};

use super::{authority_only, build, registered, FeeSide};
use crate::pda::{self, VaultKind};

/// `create_proposal`: `proposer` proposes `actions` as proposal number `id` (the governance's
/// current `proposal_count`).
pub fn create_proposal(
    router: &Pubkey,
    proposer: &Pubkey,
    id: u64,
    actions: Vec<GovernedAction>,
) -> Instruction {
    let governance = pda::governance(router);
    let accounts = accounts::CreateProposal {
        proposer: *proposer,
        router: *router,
        governance,
        position: pda::position(router, proposer),
        proposal: pda::proposal(&governance, id),
        system_program: system_program::ID,
    };
    build(
        accounts,
        instruction::CreateProposal {
            args: CreateProposalArgs { id, actions },
        },
    )
}

/// `cast_vote`: `voter` votes on `proposal` with its position in `router`.
pub fn cast_vote(router: &Pubkey, proposal: &Pubkey, voter: &Pubkey, vote: Vote) -> Instruction {
    let accounts = accounts::CastVote {
        voter: *voter,
        proposal: *proposal,
        position: pda::position(router, voter),
        vote_record: pda::vote_record(proposal, voter).0,
        system_program: system_program::ID,
    };
    build(
        accounts,
        instruction::CastVote {
            args: CastVoteArgs { vote },
        },
    )
}

/// `change_vote`: `voter` changes its vote on `proposal` while voting is open.
pub fn change_vote(proposal: &Pubkey, voter: &Pubkey, vote: Vote) -> Instruction {
    let accounts = accounts::ChangeVote {
        voter: *voter,
        proposal: *proposal,
        vote_record: pda::vote_record(proposal, voter).0,
    };
    build(
        accounts,
        instruction::ChangeVote {
            args: ChangeVoteArgs { vote },
        },
    )
}

/// `finalize_proposal`: anyone, after voting ends.
pub fn finalize_proposal(proposal: &Pubkey) -> Instruction {
    build(
        accounts::FinalizeProposal {
            proposal: *proposal,
        },
        instruction::FinalizeProposal {},
    )
}

/// `execute_proposal`: anyone, after the timelock. For a proposal without
/// an insurance payout and without a token account to register.
pub fn execute_proposal(router: &Pubkey, proposal: &Pubkey, executor: &Pubkey) -> Instruction {
    execute_proposal_with(router, proposal, executor, None, &[])
}

/// `execute_proposal` for a proposal whose `actions` (read from the proposal) may register
/// a shortfall account or a treasury: those accounts are passed for the program to check.
pub fn execute_proposal_registering(
    router: &Pubkey,
    proposal: &Pubkey,
    executor: &Pubkey,
    actions: &[GovernedAction],
) -> Instruction {
    execute_proposal_with(router, proposal, executor, None, actions)
}

/// `execute_proposal` for a proposal that pays out insurance to `shortfall_account`.
pub fn execute_proposal_with_payout(
    side: &FeeSide,
    proposal: &Pubkey,
    executor: &Pubkey,
    shortfall_account: &Pubkey,
) -> Instruction {
    execute_proposal_with(
        &side.router,
        proposal,
        executor,
        Some((side, shortfall_account)),
        &[],
    )
}

/// `execute_proposal` with every optional account: the insurance payout's (`payout`: the
/// fee side and the destination) and the token accounts the proposal's `actions` register.
pub fn execute_proposal_with(
    router: &Pubkey,
    proposal: &Pubkey,
    executor: &Pubkey,
    payout: Option<(&FeeSide, &Pubkey)>,
    actions: &[GovernedAction],
) -> Instruction {
    // The last registration of each kind is the one the program checks against what is passed.
    let mut shortfall = payout.map(|(_, account)| *account);
    let mut treasury = None;
    for action in actions {
        match action {
            GovernedAction::SetShortfallAccount { account } => {
                shortfall = registered(*account).or(shortfall)
            }
            GovernedAction::SetAuctionParams { params } => treasury = registered(params.treasury),
            _ => {}
        }
    }
    let accounts = accounts::ExecuteProposal {
        executor: *executor,
        router: *router,
        governance: pda::governance(router),
        proposal: *proposal,
        auction: pda::auction(router),
        rebates: pda::rebates(router),
        insurance_fund: pda::insurance_fund(router),
        insurance_vault: payout.map(|_| pda::vault(router, VaultKind::Insurance)),
        shortfall_account: shortfall,
        fee_mint: payout.map(|(side, _)| side.fee_mint),
        fee_token_program: payout.map(|(side, _)| side.fee_token_program),
        treasury,
    };
    build(accounts, instruction::ExecuteProposal {})
}

/// `cancel_proposal`: its proposer, before any vote.
pub fn cancel_proposal(proposal: &Pubkey, proposer: &Pubkey) -> Instruction {
    let accounts = accounts::CancelProposal {
        proposer: *proposer,
        proposal: *proposal,
    };
    build(accounts, instruction::CancelProposal {})
}

/// `veto_proposal`: the guardian, during the timelock.
pub fn veto_proposal(router: &Pubkey, proposal: &Pubkey, guardian: &Pubkey) -> Instruction {
    let accounts = accounts::VetoProposal {
        guardian: *guardian,
        router: *router,
        proposal: *proposal,
    };
    build(accounts, instruction::VetoProposal {})
}

/// `set_governance_params` (external authority).
pub fn set_governance_params(
    router: &Pubkey,
    authority: &Pubkey,
    params: GovernanceParams,
) -> Instruction {
    build(
        authority_only(router, authority),
        instruction::SetGovernanceParams {
            args: SetGovernanceParamsArgs { params },
        },
    )
}

/// `set_stage_gates` (external authority).
pub fn set_stage_gates(router: &Pubkey, authority: &Pubkey, gates: [u64; 3]) -> Instruction {
    build(
        authority_only(router, authority),
        instruction::SetStageGates {
            args: SetStageGatesArgs { gates },
        },
    )
}
