//! One file per instruction: its accounts, its arguments, its validation and its handler.
// Each file names its entry point `handler`; the globs below exist so that `#[program]` finds
// the accounts structs and their generated client modules.
#![allow(ambiguous_glob_reexports)]
pub mod accept_authority;
pub mod accept_governance_authority;
pub mod access;
pub mod buy;
pub mod cancel_proposal;
pub mod cast_vote;
pub mod change_vote;
pub mod claim_rewards;
pub mod create_proposal;
pub mod deposit_fees;
pub mod distribute;
pub mod execute_proposal;
pub mod finalize_proposal;
pub mod initialize_router;
pub mod open_position;
pub mod pause;
pub mod rebate;
pub mod request_unstake;
pub mod setters;
pub mod stake;
pub mod sweep_rewards_surplus;
pub mod sweep_stake_surplus;
pub mod veto_proposal;
pub mod withdraw_unstaked;

pub use accept_authority::*;
pub use accept_governance_authority::*;
pub use access::*;
pub use buy::*;
pub use cancel_proposal::*;
pub use cast_vote::*;
pub use change_vote::*;
pub use claim_rewards::*;
pub use create_proposal::*;
pub use deposit_fees::*;
pub use distribute::*;
pub use execute_proposal::*;
pub use finalize_proposal::*;
pub use initialize_router::*;
pub use open_position::*;
pub use pause::*;
pub use rebate::*;
pub use request_unstake::*;
pub use setters::*;
pub use stake::*;
pub use sweep_rewards_surplus::*;
pub use sweep_stake_surplus::*;
pub use veto_proposal::*;
pub use withdraw_unstaked::*;
