//! Fee discounts for stakers: rebates reported by the exchange, the tier table, the rebate authority and limits.
pub mod authority_with_rebates;
pub mod rebate;
pub mod set_discount_tiers;
pub mod set_rebate_authority;
pub mod set_rebate_limits;

pub use authority_with_rebates::*;
pub use rebate::*;
pub use set_discount_tiers::*;
pub use set_rebate_authority::*;
pub use set_rebate_limits::*;
