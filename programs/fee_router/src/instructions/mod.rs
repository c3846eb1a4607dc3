//! The instructions, one room per capability and one file per instruction: its accounts, its
//! arguments, its validation and its entry, named after the instruction. The globs below let
//! `#[program]` find the accounts structs and their generated client modules.
pub mod authority;
pub mod buyback;
pub mod discount;
pub mod governance;
pub mod insurance;
pub mod intake;
pub mod market;
pub mod router;
pub mod staking;

pub use authority::*;
pub use buyback::*;
pub use discount::*;
pub use governance::*;
pub use insurance::*;
pub use intake::*;
pub use market::*;
pub use router::*;
pub use staking::*;
