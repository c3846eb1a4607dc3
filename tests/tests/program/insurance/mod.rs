//! The insurance fund: payouts and the accounts the router pays out to.
mod insurance;
mod registration;
