//! Stake-weighted governance: proposals, votes, execution, the guardian's veto, and its own rules.
pub mod cancel_proposal;
pub mod cast_vote;
pub mod change_vote;
pub mod create_proposal;
pub mod execute_proposal;
pub mod finalize_proposal;
pub mod set_governance_params;
pub mod set_stage_gates;
pub mod veto_proposal;

pub use cancel_proposal::*;
pub use cast_vote::*;
pub use change_vote::*;
pub use create_proposal::*;
pub use execute_proposal::*;
pub use finalize_proposal::*;
pub use set_governance_params::*;
pub use set_stage_gates::*;
pub use veto_proposal::*;
