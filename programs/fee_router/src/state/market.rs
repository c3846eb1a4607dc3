//! A market's fee account: one per (router, market authority). A trade on the market writes
//! only this account, its token account and the trader's: no two markets' trades share a
//! writable account. The router's share of the fees arrives later, by a permissionless sweep.
//!
//! The token account holds the market's discount allowance (fee tokens the discount bucket
//! funded, drawn on by discounts at source) and the fees not yet swept. Ledger, checked by
//! [`MarketFees::invariant`]:
//! `allowance = funded - discounts`, and
//! `pending + swept = arrived + discounts + direct`, where `arrived` is what traders' payments
//! brought (after a Token-2022 fee) and `direct` what reached the token account by plain
//! transfer, found at a sweep.
use anchor_lang::prelude::*;
use bytemuck::{Pod, Zeroable};

use crate::constants::MARKET_VERSION;
use crate::state::{clause, Wide};

/// Running totals of a market's fee account, in fee-token base units.
#[repr(C)]
#[derive(
    Clone, Copy, Pod, Zeroable, AnchorSerialize, AnchorDeserialize, Debug, Default, PartialEq, Eq,
)]
pub struct MarketTotals {
    /// Gross fees charged on trades, before discounts.
    pub charged: Wide,
    /// Discounts given at source, drawn on the allowance.
    pub discounts: Wide,
    /// Discounts the tiers entitled traders to but the allowance could not fund.
    pub unfunded: Wide,
    /// What left traders' accounts (`charged - discounts`).
    pub paid: Wide,
    /// What arrived in the token account from traders.
    pub arrived: Wide,
    /// Plain transfers into the token account, found at sweeps.
    pub direct: Wide,
    /// What the sweeps sent to the router's intake.
    pub swept: Wide,
    /// What arrived in the token account from the discount vault as allowance, less what an
    /// allowance above a lowered cap sent back.
    pub funded: Wide,
    /// Trades charged.
    pub trades: u64,
    /// Alignment padding; zero.
    pub padding: u64,
}

#[account(zero_copy)]
#[derive(Debug)]
pub struct MarketFees {
    /// Layout version ([`MARKET_VERSION`]).
    pub version: u8,
    /// Canonical bump of this account.
    pub bump: u8,
    /// Canonical bump of its token account.
    pub token_bump: u8,
    /// Decimals of the fee mint, for `transfer_checked`.
    pub fee_decimals: u8,
    /// Alignment padding; zero.
    pub padding0: [u8; 4],
    pub router: Pubkey,
    /// The market's registered authority (the exchange's market PDA or a key): it signs every
    /// trade's fee.
    pub authority: Pubkey,
    /// The market's fee token account (`[VAULT_SEED, this account, MARKET_SEED]`, owned by the
    /// router).
    pub token_account: Pubkey,
    /// The router's fee mint and its token program (copied: a trade reads no router state).
    pub fee_mint: Pubkey,
    pub fee_token_program: Pubkey,
    /// Fee tokens in the token account reserved for discounts at source.
    pub allowance: u64,
    /// Fees (and direct transfers) in the token account not yet swept, as recorded.
    pub pending: u64,
    pub totals: MarketTotals,
    /// The stake pool whose tiers and positions give the market's traders their discount:
    /// the router's pool, copied when the market opened (a router joins a pool only before it
    /// opens markets). Taken from the reserved space.
    pub pool: Pubkey,
    /// Room for fields added by later versions; zero.
    pub reserved: [u8; 32],
}

impl MarketFees {
    /// Account size, discriminator included.
    pub const SIZE: usize = 8 + std::mem::size_of::<MarketFees>();

    /// The stake pool whose tiers and positions apply to this market's trades (its router's,
    /// for a market opened before the field existed).
    pub fn pool_key(&self) -> Pubkey {
        if self.pool == Pubkey::default() {
            self.router
        } else {
            self.pool
        }
    }

    /// Records a trade's fee `fee` (gross), the discount `owed` by the tier and the `discount`
    /// the allowance funded, and what `moved` from the trader: the discount leaves the
    /// allowance and joins the fees to sweep, with what arrived.
    #[inline(always)]
    pub fn record_trade(
        &mut self,
        fee: u64,
        owed: u64,
        discount: u64,
        moved: &crate::token::Moved,
    ) -> Result<()> {
        use crate::error::FeeRouterError;
        self.allowance = self
            .allowance
            .checked_sub(discount)
            .ok_or(FeeRouterError::InvariantViolated)?;
        self.pending = self
            .pending
            .checked_add(moved.arrived)
            .and_then(|v| v.checked_add(discount))
            .ok_or(FeeRouterError::MathOverflow)?;
        let t = &mut self.totals;
        t.charged.add_u64(fee)?;
        t.discounts.add_u64(discount)?;
        t.unfunded.add_u64(owed.saturating_sub(discount))?;
        t.paid.add_u64(moved.sent)?;
        t.arrived.add_u64(moved.arrived)?;
        t.trades = t
            .trades
            .checked_add(1)
            .ok_or(FeeRouterError::MathOverflow)?;
        Ok(())
    }

    /// Records a sweep: `direct` found by plain transfer, what was `swept` to the intake (all
    /// that was pending), what the discount vault `funded` into the allowance, and what an
    /// allowance above the cap `returned` to it.
    pub fn record_sweep(
        &mut self,
        direct: u64,
        swept: &crate::token::Moved,
        funded: &crate::token::Moved,
        returned: &crate::token::Moved,
    ) -> Result<()> {
        use crate::error::FeeRouterError;
        let t = &mut self.totals;
        t.direct.add_u64(direct)?;
        t.swept.add_u64(swept.sent)?;
        t.funded.add_u64(funded.arrived)?;
        t.funded.set(
            t.funded
                .get()
                .checked_sub(u128::from(returned.sent))
                .ok_or(FeeRouterError::InvariantViolated)?,
        );
        self.allowance = self
            .allowance
            .checked_sub(returned.sent)
            .ok_or(FeeRouterError::InvariantViolated)?;
        self.pending = self
            .pending
            .checked_add(direct)
            .and_then(|v| v.checked_sub(swept.sent))
            .ok_or(FeeRouterError::InvariantViolated)?;
        self.allowance = self
            .allowance
            .checked_add(funded.arrived)
            .ok_or(FeeRouterError::MathOverflow)?;
        Ok(())
    }

    /// What the token account holds by the ledger (a plain transfer adds to it unseen).
    pub fn recorded_balance(&self) -> Option<u64> {
        self.allowance.checked_add(self.pending)
    }

    /// Holds at the end of every instruction that changes the account.
    pub fn invariant(&self, router: &Pubkey) -> Result<()> {
        let t = &self.totals;
        clause(
            self.version == MARKET_VERSION && self.router == *router,
            "invariant violated: market.version and router",
        )?;
        clause(
            t.funded.get().checked_sub(t.discounts.get()) == Some(u128::from(self.allowance)),
            "invariant violated: market allowance = funded - discounts",
        )?;
        let inflow = t
            .arrived
            .get()
            .checked_add(t.discounts.get())
            .and_then(|v| v.checked_add(t.direct.get()));
        clause(
            inflow.is_some()
                && t.swept.get().checked_add(u128::from(self.pending)) == inflow
                && t.paid.get().checked_add(t.discounts.get()) == Some(t.charged.get())
                && t.arrived.get() <= t.paid.get(),
            "invariant violated: market pending + swept = arrived + discounts + direct",
        )
    }
}

/// The markets as the router sees them: the market approved to open next, the allowance cap,
/// and what the discount vault funded.
#[repr(C)]
#[derive(
    Clone, Copy, Pod, Zeroable, AnchorSerialize, AnchorDeserialize, Debug, Default, PartialEq, Eq,
)]
pub struct MarketsLedger {
    /// The market authority approved (through the configuration path) to open its fee
    /// account next; the default address when none.
    pub approved: Pubkey,
    /// The most a market's allowance is topped up to at a sweep (fee base units; 0: markets
    /// give no discount at source).
    pub allowance_cap: u64,
    /// Markets opened.
    pub opened: u64,
    /// What left the discount vault for markets' allowances, and what the mint withheld on the
    /// way.
    pub funded: Wide,
    pub funded_withheld: Wide,
    /// What came back to the discount vault from allowances above a lowered cap (what
    /// arrived), and what the mint withheld on the way.
    pub returned: Wide,
    pub returned_withheld: Wide,
}

impl crate::state::Router {
    /// Records a market's sweep: what was `swept` reaches the intake as a deposit does
    /// (deposited, withheld on the way, pending distribution, fees of the day), what the
    /// discount vault `funded` into the market's allowance leaves it, and what an allowance
    /// above the cap `returned` comes back (recorded apart, with what the mint withheld).
    pub fn record_market_sweep(
        &mut self,
        now: i64,
        swept: &crate::token::Moved,
        funded: &crate::token::Moved,
        returned: &crate::token::Moved,
    ) -> Result<()> {
        use crate::error::FeeRouterError;
        if swept.sent > 0 {
            let t = &mut self.totals;
            t.deposited.add_u64(swept.sent)?;
            t.deposit_withheld.add_u64(swept.withheld)?;
            t.pending_attributed = t
                .pending_attributed
                .checked_add(swept.arrived)
                .ok_or(FeeRouterError::MathOverflow)?;
            self.record_fees(now, swept.arrived)?;
        }
        self.markets.funded.add_u64(funded.sent)?;
        self.markets.funded_withheld.add_u64(funded.withheld)?;
        self.markets.returned.add_u64(returned.arrived)?;
        self.markets.returned_withheld.add_u64(returned.withheld)?;
        Ok(())
    }
}
