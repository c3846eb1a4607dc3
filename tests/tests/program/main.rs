//! The specification of fee-router, as tests of its SBF build running in-process.
//! One folder per capability, one module per file (a test's path names its file:
//! `staking::yield_cap::x` is in `staking/yield_cap.rs`); test names state the rule, and each
//! file's first line names the SPEC section it proves.
// A capability's main file shares its folder's name (`governance/governance.rs`).
#![allow(clippy::module_inception)]
mod assurance;
mod authority;
mod buyback;
mod discount;
mod exchange;
mod governance;
mod insurance;
mod intake;
mod market;
mod pool;
mod router;
mod staking;
