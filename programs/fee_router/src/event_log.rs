//! Logging the events a trade emits, without a heap buffer.
//!
//! `emit!` serialises an event with borsh into a `Vec` and logs it: a few hundred compute
//! units of allocation and per-field capacity checks. The events of the hot path
//! (`FeesDeposited` and `RebatePaid` on every trade, `FeesDistributed` on every crank) are
//! written here into a stack buffer instead, field by field in declaration order, which is
//! exactly their borsh encoding; a host test compares the bytes with Anchor's `Event::data`
//! for every field.
use anchor_lang::prelude::*;
use anchor_lang::Discriminator;

use crate::events::{
    FeesDeposited, FeesDistributed, RebatePaid, TradeFeeCharged, MAX_REDIRECTIONS,
};

/// A fixed-size event record: the discriminator, then the fields.
pub struct EventWriter<const N: usize> {
    buf: [u8; N],
    len: usize,
}

impl<const N: usize> EventWriter<N> {
    /// A record opening with an 8-byte discriminator (Anchor's default, every event of this
    /// program; the host test compares every record with Anchor's own encoding).
    pub fn new(discriminator: &[u8]) -> Self {
        let mut w = Self {
            buf: [0u8; N],
            len: 0,
        };
        if let Ok(d) = <&[u8; 8]>::try_from(discriminator) {
            w.put(d);
        }
        w
    }

    /// Appends `bytes`; an event that does not fit is cut short (the host test rules it out).
    /// Each field's length is a constant, so the copy is a few stores.
    fn put<const K: usize>(&mut self, bytes: &[u8; K]) {
        if let Some(dst) = self
            .buf
            .get_mut(self.len..)
            .and_then(|rest| rest.first_chunk_mut::<K>())
        {
            *dst = *bytes;
            self.len = self.len.saturating_add(K);
        }
    }

    pub fn pubkey(&mut self, key: &Pubkey) -> &mut Self {
        self.put(key.as_array());
        self
    }

    pub fn u64(&mut self, value: u64) -> &mut Self {
        self.put(&value.to_le_bytes());
        self
    }

    pub fn i64(&mut self, value: i64) -> &mut Self {
        self.put(&value.to_le_bytes());
        self
    }

    pub fn u64s(&mut self, values: &[u64]) -> &mut Self {
        for &v in values {
            self.u64(v);
        }
        self
    }

    /// A `Vec`'s length prefix, as borsh writes it (`u32`, little-endian).
    pub fn len_prefix(&mut self, len: usize) -> &mut Self {
        self.put(&u32::try_from(len).unwrap_or(u32::MAX).to_le_bytes());
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
/// Discriminator, two keys and nine amounts.
pub const TRADE_FEE_CHARGED_LEN: usize = 8 + 2 * 32 + 9 * 8;
/// Discriminator, the router, the stage, 23 eight-byte numbers, the redirections' length prefix and at
/// most `MAX_REDIRECTIONS` redirections of two variants and an amount.
pub const FEES_DISTRIBUTED_MAX_LEN: usize = 8 + 32 + 1 + 23 * 8 + 4 + MAX_REDIRECTIONS * 10;

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

impl TradeFeeCharged {
    pub fn record(&self) -> EventWriter<TRADE_FEE_CHARGED_LEN> {
        let mut w = EventWriter::new(Self::DISCRIMINATOR);
        w.pubkey(&self.market)
            .pubkey(&self.trader)
            .u64(self.fee)
            .u64(self.tier_stake)
            .u64(self.discount_bps)
            .u64(self.discount_owed)
            .u64(self.discount)
            .u64(self.paid)
            .u64(self.arrived)
            .u64(self.withheld)
            .u64(self.allowance_after);
        w
    }
}

impl FeesDistributed {
    /// At most `MAX_REDIRECTIONS` redirections (one per `RedirectReason` a distribution can
    /// give at once); `distribute` never builds more.
    pub fn record(&self) -> EventWriter<FEES_DISTRIBUTED_MAX_LEN> {
        let mut w = EventWriter::new(Self::DISCRIMINATOR);
        w.pubkey(&self.router)
            .variant(self.stage as u8)
            .u64(self.input)
            .u64(self.unattributed)
            .u64s(&self.amounts)
            .u64s(&self.credited)
            .u64(self.remainder)
            .len_prefix(self.redirections.len());
        for r in &self.redirections {
            w.variant(r.reason as u8).variant(r.to as u8).u64(r.amount);
        }
        w.u64(self.withheld)
            .u64s(&self.vaults_before)
            .u64s(&self.vaults_after)
            .u64(self.stream_remaining)
            .i64(self.stream_end)
            .u64(self.total_active);
        w
    }
}
