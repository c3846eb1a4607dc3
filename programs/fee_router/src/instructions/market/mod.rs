//! Markets' fee accounts: approved through the configuration path, opened by anyone, charged
//! on every trade by the market's authority (the discount taken at source), swept into the
//! split by anyone.
pub mod approve_market;
pub mod charge_fee;
pub mod open_market;
pub mod set_market_allowance_cap;
pub mod sweep_market;

pub use approve_market::*;
pub use charge_fee::*;
pub use open_market::*;
pub use set_market_allowance_cap::*;
pub use sweep_market::*;
