//! The insurance fund: payouts to the registered shortfall account and their limits.
pub mod pay_insurance;
pub mod set_insurance_params;
pub mod set_shortfall_account;

pub use pay_insurance::*;
pub use set_insurance_params::*;
pub use set_shortfall_account::*;
