//! Stake positions, the capped staker stream, claims and the sweeps of what no one is owed.
pub mod cancel_unstake;
pub mod claim_rewards;
pub mod open_position;
pub mod request_unstake;
pub mod set_staking_params;
pub mod stake;
pub mod sweep_rewards_surplus;
pub mod sweep_stake_surplus;
pub mod upgrade_position;
pub mod withdraw_unstaked;

pub use cancel_unstake::*;
pub use claim_rewards::*;
pub use open_position::*;
pub use request_unstake::*;
pub use set_staking_params::*;
pub use stake::*;
pub use sweep_rewards_surplus::*;
pub use sweep_stake_surplus::*;
pub use upgrade_position::*;
pub use withdraw_unstaked::*;
