//! The buyback auction: purchases that burn the payment, and its parameters.
pub mod buy;
pub mod set_auction_params;

pub use buy::*;
pub use set_auction_params::*;
