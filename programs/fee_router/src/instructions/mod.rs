//! One file per instruction: its accounts, its arguments, its validation and its handler.
// Each file names its entry point `handler`; the globs below exist so that `#[program]` finds
// the accounts structs and their generated client modules.
#![allow(ambiguous_glob_reexports)]
pub mod accept_authority;
pub mod access;
pub mod cancel_authority_transfer;
pub mod claim_rewards;
pub mod deposit_fees;
pub mod distribute;
pub mod initialize_router;
pub mod open_position;
pub mod pause;
pub mod propose_authority;
pub mod request_unstake;
pub mod set_guard_rails;
pub mod set_guardian;
pub mod set_split;
pub mod set_stage;
pub mod set_staking_params;
pub mod stake;
pub mod sweep_rewards_surplus;
pub mod sweep_stake_surplus;
pub mod withdraw_unstaked;

pub use accept_authority::*;
pub use access::*;
pub use claim_rewards::*;
pub use deposit_fees::*;
pub use distribute::*;
pub use initialize_router::*;
pub use open_position::*;
pub use pause::*;
pub use propose_authority::*;
pub use request_unstake::*;
pub use set_guard_rails::*;
pub use set_guardian::*;
pub use set_split::*;
pub use set_stage::*;
pub use set_staking_params::*;
pub use stake::*;
pub use sweep_rewards_surplus::*;
pub use sweep_stake_surplus::*;
pub use withdraw_unstaked::*;
