//! Logging the events a trade emits, without a heap buffer.
//!
//! `emit!` serialises an event with borsh into a `Vec` and logs it: a few hundred compute
//! units of allocation and per-field capacity checks. The two events on an exchange's hot
//! path (`FeesDeposited`, `RebatePaid`) are written here into a stack buffer instead, field by
//! field in declaration order, which is exactly their borsh encoding (fixed-size fields only);
//! a host test compares the bytes with Anchor's `Event::data` for every field.
use anchor_lang::prelude::*;
use anchor_lang::Discriminator;

use crate::events::{FeesDeposited, RebatePaid};

/// A fixed-size event record: the discriminator, then the fields.
pub struct EventWriter<const N: usize> {
    buf: [u8; N],
    len: usize,
}

impl<const N: usize> EventWriter<N> {
    pub fn new(discriminator: &[u8]) -> Self {
        let mut w = Self {
            buf: [0u8; N],
            len: 0,
        };
        w.put(discriminator);
        w
    }

    /// Appends `bytes`; an event that does not fit is cut short (the host test rules it out).
    fn put(&mut self, bytes: &[u8]) {
        let end = self.len.saturating_add(bytes.len());
        if let Some(dst) = self.buf.get_mut(self.len..end) {
            dst.copy_from_slice(bytes);
            self.len = end;
        }
    }

    pub fn pubkey(&mut self, key: &Pubkey) -> &mut Self {
        self.put(key.as_ref());
        self
    }

    pub fn u64(&mut self, value: u64) -> &mut Self {
        self.put(&value.to_le_bytes());
        self
    }

    /// A fieldless enum: borsh writes its variant index as one byte.
    pub fn variant(&mut self, index: u8) -> &mut Self {
        self.put(&[index]);
        self
    }

    /// The record as written.
    pub fn bytes(&self) -> &[u8] {
        self.buf.get(..self.len).unwrap_or(&[])
    }

    /// Logs the record as Anchor's `emit!` would (`Program data: <base64>`).
    pub fn log(&self) {
        anchor_lang::solana_program::log::sol_log_data(&[self.bytes()]);
    }
}

/// Discriminator, two keys and five amounts.
pub const FEES_DEPOSITED_LEN: usize = 8 + 2 * 32 + 5 * 8;
/// Discriminator, two keys, nine amounts and the outcome.
pub const REBATE_PAID_LEN: usize = 8 + 2 * 32 + 9 * 8 + 1;

impl FeesDeposited {
    pub fn record(&self) -> EventWriter<FEES_DEPOSITED_LEN> {
        let mut w = EventWriter::new(Self::DISCRIMINATOR);
        w.pubkey(&self.router)
            .pubkey(&self.payer)
            .u64(self.amount)
            .u64(self.arrived)
            .u64(self.withheld)
            .u64(self.intake_before)
            .u64(self.intake_after);
        w
    }
}

impl RebatePaid {
    pub fn record(&self) -> EventWriter<REBATE_PAID_LEN> {
        let mut w = EventWriter::new(Self::DISCRIMINATOR);
        w.pubkey(&self.router)
            .pubkey(&self.trader)
            .u64(self.fee_paid)
            .u64(self.tier_stake)
            .u64(self.rebate_bps)
            .u64(self.owed)
            .u64(self.paid)
            .u64(self.arrived)
            .u64(self.withheld)
            .u64(self.discount_vault_before)
            .u64(self.discount_vault_after)
            .variant(self.outcome as u8);
        w
    }
}
