//! Markets: a market's fee account approved (authority or proposal) and opened, its fees
//! swept into the intake, and the list of a router's markets with their totals.
pub mod approve_market;
pub mod markets;
pub mod open_market;
pub mod set_market_allowance_cap;
pub mod sweep_market;
