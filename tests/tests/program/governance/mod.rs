//! Stake-weighted governance.
pub(crate) mod governance;
