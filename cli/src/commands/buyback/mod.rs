//! Buyback: the auction (`auction`), purchases (`buy`) and the auction's parameters
//! (external authority).
pub mod auction;
pub mod buy;
pub mod set_auction_params;
