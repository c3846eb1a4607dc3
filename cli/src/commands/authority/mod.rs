//! Authority: its hand-over (to a key, or to the router's governance), the guardian, pause
//! and unpause.
pub mod accept_authority;
pub mod accept_governance_authority;
pub mod cancel_authority_transfer;
pub mod pause;
pub mod propose_authority;
pub mod set_guardian;
