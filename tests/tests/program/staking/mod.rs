//! Staking: positions, the reward stream, the yield cap and sweeps of what is outside the
//! accounting.
mod staking;
mod staking_conservation;
mod sweeps;
mod yield_cap;
