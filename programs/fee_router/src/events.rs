//! Events, in the past tense, carrying before/after amounts so an indexer can rebuild every
//! balance from events alone.
use anchor_lang::prelude::*;

use crate::state::{GuardRails, Split, Stage, Vaults};

#[event]
pub struct RouterInitialized {
    pub router: Pubkey,
    pub creator: Pubkey,
    pub authority: Pubkey,
    pub guardian: Pubkey,
    pub fee_mint: Pubkey,
    pub protocol_mint: Pubkey,
    pub vaults: Vaults,
    pub stage: Stage,
    pub splits: [Split; 3],
    pub guard_rails: GuardRails,
}
