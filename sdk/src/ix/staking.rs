//! Staking: positions, stake, unstake and withdrawals, rewards, the vaults' surplus sweeps
//! and the staking parameters (authority).
use anchor_lang::prelude::Pubkey;
use anchor_lang::solana_program::instruction::Instruction;
use anchor_lang::system_program;
use fee_router::instructions::{RequestUnstakeArgs, SetStakingParamsArgs, StakeArgs};
use fee_router::state::StakingParams;
use fee_router::{accounts, instruction};

use super::{authority_only, build, FeeSide, ProtocolSide};
use crate::pda::{self, VaultKind};

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

/// `cancel_unstake`: takes `owner`'s pending unstake request back into active stake.
pub fn cancel_unstake(router: &Pubkey, owner: &Pubkey) -> Instruction {
    let accounts = accounts::CancelUnstake {
        owner: *owner,
        router: *router,
        position: pda::position(router, owner),
    };
    build(accounts, instruction::CancelUnstake {})
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
