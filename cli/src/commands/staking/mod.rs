//! Staking: positions, stake, unstake (and cancelling it) and withdrawals, rewards, the vaults' surplus sweeps
//! and the staking parameters (authority).
pub mod cancel_unstake;
pub mod claim;
pub mod position;
pub mod set_staking_params;
pub mod stake;
pub mod sweep;
pub mod unstake;
pub mod upgrade_position;
pub mod withdraw;
