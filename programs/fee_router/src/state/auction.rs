//! The buyback auction: the buyback vault's fee tokens, offered in epochs for protocol
//! tokens that are burned (or sent to a governed treasury). One per router, PDA
//! `[AUCTION_SEED, router]`, created with the router. See `math::auction` for the curve.
use anchor_lang::prelude::*;
use bytemuck::{Pod, Zeroable};
use static_assertions::const_assert_eq;

use crate::constants::AUCTION_VERSION;
use crate::math::auction::{Epoch, Restart, DAY_HOURS, PRICE_SCALE};
use crate::state::{clause, Wide};

/// Governed auction parameters. Prices are protocol base units per fee base unit, times
/// `math::auction::PRICE_SCALE` (1e9).
#[repr(C)]
#[derive(
    Clone, Copy, Pod, Zeroable, AnchorSerialize, AnchorDeserialize, InitSpace, Debug, PartialEq, Eq,
)]
pub struct AuctionParams {
    /// Seconds over which an epoch's price falls from its start to the floor (a minute to 30 days).
    pub epoch_seconds: u64,
    /// The auction never sells below this price (at least 1).
    pub floor_price: u64,
    /// The lowest an epoch may start at after a purchase or a change of parameters (at least
    /// the floor); an epoch that ends unsold is followed by epochs at the floor.
    pub min_start_price: u64,
    /// The highest an epoch may start at (at least `min_start_price`).
    pub max_start_price: u64,
    /// After a purchase that sells an epoch out (takes the rest of its cap or of the vault),
    /// the next epoch starts at the price paid times this, in basis points (10_000 to 100_000:
    /// one to ten times).
    pub multiplier_bps: u64,
    /// Most fee tokens sold in one epoch: the market-impact limit per epoch. The purchase that
    /// takes the rest of it (or of the vault) ends the epoch; smaller purchases do not.
    pub epoch_cap: u64,
    /// Most fee tokens sold over any rolling 24 hours. It pauses an epoch; it never ends one.
    pub daily_cap: u64,
    /// Where protocol tokens paid go instead of being burned: a token account of the
    /// protocol mint; the default address means burn.
    pub treasury: Pubkey,
}

const MINUTE: u64 = 60;
const MAX_EPOCH_SECONDS: u64 = 30 * 86_400;

impl AuctionParams {
    /// Off until governance prices it: a day-long epoch from 1.0 down to a floor of 0.001
    /// protocol base units per fee base unit, doubling after a sale, and caps of zero, so
    /// nothing is sold before governance sets prices and caps that fit the two tokens.
    pub const DEFAULT: AuctionParams = AuctionParams {
        epoch_seconds: 86_400,
        floor_price: PRICE_SCALE / 1_000,
        min_start_price: PRICE_SCALE,
        max_start_price: PRICE_SCALE,
        multiplier_bps: 20_000,
        epoch_cap: 0,
        daily_cap: 0,
        treasury: Pubkey::new_from_array([0; 32]),
    };

    /// Bounds every change must respect.
    pub fn is_sane(&self) -> bool {
        (MINUTE..=MAX_EPOCH_SECONDS).contains(&self.epoch_seconds)
            && self.floor_price >= 1
            && self.floor_price <= self.min_start_price
            && self.min_start_price <= self.max_start_price
            && (10_000..=100_000).contains(&self.multiplier_bps)
    }

    /// True when paid protocol tokens go to a treasury rather than being burned.
    pub fn to_treasury(&self) -> bool {
        self.treasury != Pubkey::default()
    }

    /// The start-price rule after a purchase that sells an epoch out.
    pub fn restart(&self) -> Restart {
        Restart {
            multiplier_bps: self.multiplier_bps,
            min_start: self.min_start_price,
            max_start: self.max_start_price,
        }
    }
}

/// Running totals of the auction.
#[repr(C)]
#[derive(
    Clone, Copy, Pod, Zeroable, AnchorSerialize, AnchorDeserialize, Debug, Default, PartialEq, Eq,
)]
pub struct AuctionTotals {
    /// Fee tokens that left the buyback vault for buyers.
    pub fee_sold: Wide,
    /// Transfer fees withheld on the buyback vault → buyer hop (buyers received
    /// `fee_sold - fee_withheld`).
    pub fee_withheld: Wide,
    /// Protocol tokens buyers paid.
    pub protocol_paid: Wide,
    /// Protocol tokens burned (the protocol mint's supply fell by exactly this).
    pub burned: Wide,
    /// Protocol tokens sent to the treasury.
    pub to_treasury: Wide,
    /// Transfer fees withheld on the buyer → treasury hop.
    pub treasury_withheld: Wide,
    /// Purchases.
    pub purchases: u64,
    /// Alignment padding; zero.
    pub padding: u64,
}

#[account(zero_copy)]
#[derive(Debug)]
pub struct Auction {
    /// Layout version ([`AUCTION_VERSION`]).
    pub version: u8,
    /// Bump of this PDA.
    pub bump: u8,
    /// Alignment padding; zero.
    pub padding0: [u8; 6],
    /// The router whose buyback vault is sold.
    pub router: Pubkey,
    /// Governed parameters.
    pub params: AuctionParams,
    /// The current epoch's id (a buyer names it, so a transaction priced against an epoch
    /// that has ended fails; only a purchase that sells the epoch out, or time, ends it).
    pub epoch_id: u64,
    /// When the current epoch started.
    pub epoch_started_at: i64,
    /// The current epoch's start price.
    pub epoch_start_price: u64,
    /// The price of the last purchase (0 before any).
    pub last_price: u64,
    /// Hour (`unix / 3600`) of the newest sales bucket.
    pub last_hour: u64,
    /// Fee tokens sold per hour over the current hour and the 24 before it; hour `h` lives in
    /// `hourly_sold[h % 25]`.
    pub hourly_sold: [u64; DAY_HOURS],
    /// Running totals.
    pub totals: AuctionTotals,
    /// Fee tokens sold in epoch `epoch_sold_id`, counted against its cap. Any other epoch,
    /// including one that a change of parameters started, has sold nothing yet. (Both were
    /// reserved bytes in version 1 and read as zero there: nothing sold, which is what they
    /// mean for an account of that layout, where every purchase ended its epoch.)
    pub epoch_sold: u64,
    /// The epoch `epoch_sold` counts.
    pub epoch_sold_id: u64,
    /// Room for fields added by later versions; zero.
    pub reserved: [u8; 112],
}

const_assert_eq!(std::mem::size_of::<AuctionParams>(), 7 * 8 + 32);
const_assert_eq!(std::mem::size_of::<AuctionTotals>(), 6 * 16 + 2 * 8);
const_assert_eq!(
    std::mem::size_of::<Auction>(),
    8 + 32 + 88 + 5 * 8 + DAY_HOURS * 8 + 112 + 2 * 8 + 112
);

impl Auction {
    /// Account size, discriminator included.
    pub const SIZE: usize = 8 + std::mem::size_of::<Auction>();

    /// The epoch as stored.
    pub fn epoch(&self) -> Epoch {
        Epoch {
            id: self.epoch_id,
            started_at: self.epoch_started_at,
            start_price: self.epoch_start_price,
            sold: if self.epoch_sold_id == self.epoch_id {
                self.epoch_sold
            } else {
                0
            },
        }
    }

    /// Stores `epoch` as the current one, with what it sold.
    pub fn set_epoch(&mut self, epoch: Epoch) {
        self.epoch_id = epoch.id;
        self.epoch_started_at = epoch.started_at;
        self.epoch_start_price = epoch.start_price;
        self.epoch_sold = epoch.sold;
        self.epoch_sold_id = epoch.id;
    }

    /// Holds at the end of every instruction that mutates the auction.
    pub fn invariant(&self, router: &Pubkey) -> Result<()> {
        clause(
            self.version == AUCTION_VERSION && self.router == *router,
            "invariant violated: auction.version and router",
        )?;
        clause(
            self.params.is_sane(),
            "invariant violated: auction.params bounds",
        )?;
        clause(
            self.epoch_sold_id <= self.epoch_id && self.epoch().sold <= self.params.epoch_cap,
            "invariant violated: auction epoch sold within its cap",
        )?;
        let t = &self.totals;
        let paid = t.burned.get().checked_add(t.to_treasury.get());
        clause(
            paid == Some(t.protocol_paid.get())
                && t.fee_withheld.get() <= t.fee_sold.get()
                && t.treasury_withheld.get() <= t.to_treasury.get(),
            "invariant violated: auction paid = burned + to treasury",
        )
    }
}

impl Auction {
    /// Replaces the parameters (their bounds checked by `GovernedAction::validate`) and
    /// restarts the auction under them, in a new epoch at the new minimum start price.
    /// Returns the parameters before.
    pub fn set_params(&mut self, params: AuctionParams, now: i64) -> AuctionParams {
        let before = std::mem::replace(&mut self.params, params);
        let epoch = crate::math::auction::epoch_at(
            self.epoch(),
            before.epoch_seconds,
            before.floor_price,
            now,
        );
        self.epoch_id = epoch.id.saturating_add(1);
        self.epoch_started_at = now;
        self.epoch_start_price = params.min_start_price;
        before
    }
}

/// A purchase as the auction prices it, before any token moves.
#[derive(Clone, Copy, Debug)]
pub struct Quote {
    pub params: AuctionParams,
    /// The epoch in force now (a new one when the stored epoch ran out unsold).
    pub epoch: Epoch,
    /// Whether `epoch` started since the stored one (it ran out unsold).
    pub rolled: bool,
    pub price: u64,
    /// What the epoch still sells (the rest of its cap or of the vault).
    pub left_in_epoch: u64,
    /// Fee base units sold: what was asked, within the lot on offer.
    pub amount: u64,
    /// Sold in the last 24 hours before this purchase.
    pub day_sold: u64,
}

impl Auction {
    /// Specification: the buyer priced against the epoch in force now; the lot on offer is
    /// the least of the vault, the rest of the epoch's cap and the rest of the day's cap, and
    /// is not empty; the buyer gets what it asked, within the lot, and at least its minimum.
    pub fn quote(
        &self,
        epoch_id: u64,
        asked: u64,
        min_amount_out: u64,
        vault: u64,
        now: i64,
    ) -> Result<Quote> {
        use crate::error::FeeRouterError;
        use crate::math::auction::{epoch_at, hour_of, lot, price_at, sold_in_day, unsold};
        let params = self.params;
        let stored = self.epoch();
        let epoch = epoch_at(stored, params.epoch_seconds, params.floor_price, now);
        require!(epoch_id == epoch.id, FeeRouterError::BuybackStaleEpoch);
        let price = price_at(
            epoch.start_price,
            params.floor_price,
            epoch.started_at,
            params.epoch_seconds,
            now,
        );
        let day_sold = sold_in_day(self.last_hour, &self.hourly_sold, hour_of(now));
        let offered = lot(
            vault,
            epoch.cap_left(params.epoch_cap),
            params.daily_cap.saturating_sub(day_sold),
        );
        require!(offered > 0, FeeRouterError::BuybackNothingToSell);
        let amount = asked.min(offered);
        require!(
            amount > 0 && amount >= min_amount_out,
            FeeRouterError::BuybackBelowMinimumOut
        );
        Ok(Quote {
            params,
            epoch,
            rolled: epoch.id != stored.id,
            price,
            left_in_epoch: unsold(&epoch, vault, params.epoch_cap),
            amount,
            day_sold,
        })
    }

    /// Records a purchase priced by `q`: `sold` (what left the vault, and what the mint
    /// withheld on the way), `paid` (payment, burned, sent to the treasury, withheld on that
    /// hop), the hour's sales, and the epoch after it (a sell-out ends it). Returns that
    /// epoch.
    pub fn record_purchase(
        &mut self,
        q: &Quote,
        sold: crate::token::Moved,
        paid: Paid,
        now: i64,
    ) -> Result<Epoch> {
        use crate::error::FeeRouterError;
        use crate::math::auction::{epoch_after_purchase, hour_of, record_sale};
        let next = epoch_after_purchase(
            q.epoch,
            q.amount,
            q.left_in_epoch,
            q.price,
            q.params.restart(),
            now,
        )
        .map_err(FeeRouterError::from)?;
        let t = &mut self.totals;
        t.fee_sold.add_u64(sold.sent)?;
        t.fee_withheld.add_u64(sold.withheld)?;
        t.protocol_paid.add_u64(paid.payment)?;
        t.burned.add_u64(paid.burned)?;
        t.to_treasury.add_u64(paid.to_treasury)?;
        t.treasury_withheld.add_u64(paid.treasury_withheld)?;
        t.purchases = t
            .purchases
            .checked_add(1)
            .ok_or(FeeRouterError::MathOverflow)?;
        let (mut last_hour, mut hourly) = (self.last_hour, self.hourly_sold);
        record_sale(&mut last_hour, &mut hourly, hour_of(now), q.amount)
            .map_err(FeeRouterError::from)?;
        self.last_hour = last_hour;
        self.hourly_sold = hourly;
        self.last_price = q.price;
        self.set_epoch(next);
        Ok(next)
    }
}

/// What a buyer paid, in protocol base units.
#[derive(Clone, Copy, Debug, Default)]
pub struct Paid {
    pub payment: u64,
    pub burned: u64,
    pub to_treasury: u64,
    /// Withheld by the protocol mint on the buyer → treasury hop.
    pub treasury_withheld: u64,
}
