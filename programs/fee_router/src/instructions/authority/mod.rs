//! Who may change what: the external authority's hand-over, the guardian, pauses, and the account sets every setter shares.
pub mod accept_authority;
pub mod accept_governance_authority;
pub mod access;
pub mod cancel_authority_transfer;
pub mod pause;
pub mod propose_authority;
pub mod set_guardian;

pub use accept_authority::*;
pub use accept_governance_authority::*;
pub use access::*;
pub use cancel_authority_transfer::*;
pub use pause::*;
pub use propose_authority::*;
pub use set_guardian::*;
