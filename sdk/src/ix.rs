//! Instruction builders: one struct per instruction, holding what a caller knows; the
//! derivable accounts are derived here.
use anchor_lang::prelude::Pubkey;
use anchor_lang::solana_program::instruction::Instruction;
use anchor_lang::{system_program, InstructionData, ToAccountMetas};
use fee_router::{accounts, instruction};

use fee_router::config::GovernedAction;
use fee_router::instructions::{
    BuyArgs, CastVoteArgs, ChangeVoteArgs, CreateProposalArgs, DepositFeesArgs, PauseArgs,
    PayInsuranceArgs, ProposeAuthorityArgs, RebateArgs, RequestUnstakeArgs, SetAuctionParamsArgs,
    SetDiscountTiersArgs, SetGovernanceParamsArgs, SetGuardRailsArgs, SetGuardianArgs,
    SetInsuranceParamsArgs, SetRebateAuthorityArgs, SetRebateLimitsArgs, SetShortfallAccountArgs,
    SetSplitArgs, SetStageArgs, SetStageGatesArgs, SetStakingParamsArgs, StakeArgs,
};
use fee_router::state::{
    AuctionParams, DiscountTiers, GovernanceParams, GuardRails, InsuranceParams, RebateLimits,
    Router, Split, Stage, StakingParams, Vote,
};

use crate::pda::{self, VaultKind};

fn build(accounts: impl ToAccountMetas, data: impl InstructionData) -> Instruction {
    Instruction {
        program_id: fee_router::ID,
        accounts: accounts.to_account_metas(None),
        data: data.data(),
    }
}

/// What every fee-token instruction needs to know about the router.
#[derive(Clone, Copy, Debug)]
pub struct FeeSide {
    pub router: Pubkey,
    pub fee_mint: Pubkey,
    pub fee_token_program: Pubkey,
}

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

impl FeeSide {
    /// The fee side of the router at `router`, from its state.
    pub fn of(router: Pubkey, state: &Router) -> Self {
        Self {
            router,
            fee_mint: state.fee_mint,
            fee_token_program: state.fee_token_program,
        }
    }
}

impl ProtocolSide {
    /// The protocol side of the router at `router`, from its state.
    pub fn of(router: Pubkey, state: &Router) -> Self {
        Self {
            router,
            protocol_mint: state.protocol_mint,
            protocol_token_program: state.protocol_token_program,
        }
    }
}

/// What every protocol-token (stake) instruction needs to know about the router.
#[derive(Clone, Copy, Debug)]
pub struct ProtocolSide {
    pub router: Pubkey,
    pub protocol_mint: Pubkey,
    pub protocol_token_program: Pubkey,
}

/// `open_position`: creates `owner`'s stake position in `router` (once).
pub fn open_position(router: &Pubkey, owner: &Pubkey) -> Instruction {
    let accounts = accounts::OpenPosition {
        owner: *owner,
        router: *router,
        position: pda::position(router, owner),
        system_program: system_program::ID,
    };
    build(accounts, instruction::OpenPosition {})
}

/// `stake`: `owner` stakes `amount` from `owner_token` into its (open) position.
pub fn stake(
    side: &ProtocolSide,
    owner: &Pubkey,
    owner_token: &Pubkey,
    amount: u64,
) -> Instruction {
    let accounts = accounts::Stake {
        owner: *owner,
        router: side.router,
        position: pda::position(&side.router, owner),
        owner_token: *owner_token,
        stake_vault: pda::vault(&side.router, VaultKind::Stake),
        protocol_mint: side.protocol_mint,
        protocol_token_program: side.protocol_token_program,
    };
    build(
        accounts,
        instruction::Stake {
            args: StakeArgs { amount },
        },
    )
}

/// `request_unstake`: starts the cooldown of `amount` of `owner`'s active stake.
pub fn request_unstake(router: &Pubkey, owner: &Pubkey, amount: u64) -> Instruction {
    let accounts = accounts::RequestUnstake {
        owner: *owner,
        router: *router,
        position: pda::position(router, owner),
    };
    build(
        accounts,
        instruction::RequestUnstake {
            args: RequestUnstakeArgs { amount },
        },
    )
}

/// `withdraw_unstaked`: returns `owner`'s unlocked principal to `owner_token`.
pub fn withdraw_unstaked(side: &ProtocolSide, owner: &Pubkey, owner_token: &Pubkey) -> Instruction {
    let accounts = accounts::WithdrawUnstaked {
        owner: *owner,
        router: side.router,
        position: pda::position(&side.router, owner),
        owner_token: *owner_token,
        stake_vault: pda::vault(&side.router, VaultKind::Stake),
        protocol_mint: side.protocol_mint,
        protocol_token_program: side.protocol_token_program,
    };
    build(accounts, instruction::WithdrawUnstaked {})
}

/// `claim_rewards`: pays `owner`'s earned rewards to `owner_fee_token`.
pub fn claim_rewards(side: &FeeSide, owner: &Pubkey, owner_fee_token: &Pubkey) -> Instruction {
    let accounts = accounts::ClaimRewards {
        owner: *owner,
        router: side.router,
        position: pda::position(&side.router, owner),
        owner_fee_token: *owner_fee_token,
        stakers_vault: pda::vault(&side.router, VaultKind::Stakers),
        fee_mint: side.fee_mint,
        fee_token_program: side.fee_token_program,
    };
    build(accounts, instruction::ClaimRewards {})
}

/// `set_staking_params` (authority).
pub fn set_staking_params(
    router: &Pubkey,
    authority: &Pubkey,
    params: StakingParams,
) -> Instruction {
    build(
        authority_only(router, authority),
        instruction::SetStakingParams {
            args: SetStakingParamsArgs { params },
        },
    )
}

fn authority_only(router: &Pubkey, authority: &Pubkey) -> accounts::AuthorityOnly {
    accounts::AuthorityOnly {
        authority: *authority,
        router: *router,
        governance: pda::governance(router),
    }
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

/// `set_guardian` (authority).
pub fn set_guardian(router: &Pubkey, authority: &Pubkey, guardian: Pubkey) -> Instruction {
    build(
        authority_only(router, authority),
        instruction::SetGuardian {
            args: SetGuardianArgs { guardian },
        },
    )
}

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

/// `cancel_authority_transfer` (authority).
pub fn cancel_authority_transfer(router: &Pubkey, authority: &Pubkey) -> Instruction {
    build(
        authority_only(router, authority),
        instruction::CancelAuthorityTransfer {},
    )
}

/// `sweep_rewards_surplus`: anyone sends the stakers vault's surplus to buyback.
pub fn sweep_rewards_surplus(side: &FeeSide) -> Instruction {
    let r = &side.router;
    let accounts = accounts::SweepRewardsSurplus {
        router: *r,
        stakers_vault: pda::vault(r, VaultKind::Stakers),
        buyback_vault: pda::vault(r, VaultKind::Buyback),
        fee_mint: side.fee_mint,
        fee_token_program: side.fee_token_program,
    };
    build(accounts, instruction::SweepRewardsSurplus {})
}

/// `sweep_stake_surplus`: anyone burns the stake vault's surplus.
pub fn sweep_stake_surplus(side: &ProtocolSide) -> Instruction {
    let accounts = accounts::SweepStakeSurplus {
        router: side.router,
        stake_vault: pda::vault(&side.router, VaultKind::Stake),
        protocol_mint: side.protocol_mint,
        protocol_token_program: side.protocol_token_program,
    };
    build(accounts, instruction::SweepStakeSurplus {})
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

/// `accept_governance_authority`: anyone completes a handover to the router's governance.
pub fn accept_governance_authority(router: &Pubkey) -> Instruction {
    let accounts = accounts::AcceptGovernanceAuthority {
        router: *router,
        governance: pda::governance(router),
    };
    build(accounts, instruction::AcceptGovernanceAuthority {})
}

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

/// The account an instruction registers, passed for the program to check; none when the
/// registration is withdrawn (the default address).
fn registered(account: Pubkey) -> Option<Pubkey> {
    (account != Pubkey::default()).then_some(account)
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

/// `rebate`: the rebate authority reports `fee_paid` by `trader`; the rebate goes to
/// `trader_fee_token`. `with_position` passes the trader's position (pass it when the trader
/// has one: without it the rebate is 0).
pub fn rebate(
    side: &FeeSide,
    rebate_authority: &Pubkey,
    trader: &Pubkey,
    trader_fee_token: &Pubkey,
    fee_paid: u64,
    with_position: bool,
) -> Instruction {
    let r = &side.router;
    let accounts = accounts::Rebate {
        rebate_authority: *rebate_authority,
        router: *r,
        rebates: pda::rebates(r),
        trader_position: with_position.then(|| pda::position(r, trader)),
        discount_vault: pda::vault(r, VaultKind::Discount),
        trader_fee_token: *trader_fee_token,
        fee_mint: side.fee_mint,
        fee_token_program: side.fee_token_program,
    };
    build(
        accounts,
        instruction::Rebate {
            args: RebateArgs {
                trader: *trader,
                fee_paid,
            },
        },
    )
}

fn rebates_accounts(router: &Pubkey, authority: &Pubkey) -> accounts::AuthorityWithRebates {
    accounts::AuthorityWithRebates {
        authority: *authority,
        router: *router,
        governance: pda::governance(router),
        rebates: pda::rebates(router),
    }
}

/// `set_discount_tiers` (external authority).
pub fn set_discount_tiers(
    router: &Pubkey,
    authority: &Pubkey,
    tiers: DiscountTiers,
) -> Instruction {
    build(
        rebates_accounts(router, authority),
        instruction::SetDiscountTiers {
            args: SetDiscountTiersArgs { tiers },
        },
    )
}

/// `set_rebate_authority` (external authority).
pub fn set_rebate_authority(
    router: &Pubkey,
    authority: &Pubkey,
    rebate_authority: Pubkey,
) -> Instruction {
    build(
        rebates_accounts(router, authority),
        instruction::SetRebateAuthority {
            args: SetRebateAuthorityArgs {
                authority: rebate_authority,
            },
        },
    )
}

/// `set_rebate_limits` (external authority).
pub fn set_rebate_limits(router: &Pubkey, authority: &Pubkey, limits: RebateLimits) -> Instruction {
    build(
        rebates_accounts(router, authority),
        instruction::SetRebateLimits {
            args: SetRebateLimitsArgs { limits },
        },
    )
}

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
