//! `buy`: a keeper buys fee tokens from the buyback vault at the auction's current price; the
//! protocol tokens it pays are burned (or sent to the governed treasury).
use anchor_lang::prelude::*;

use crate::error::FeeRouterError;
use crate::events::{AuctionEpochStarted, BuybackExecuted, EpochStart};
use crate::math::auction::{
    epoch_after_purchase, epoch_at, hour_of, lot, payment_ceil, price_at, record_sale, sold_in_day,
    unsold,
};
use crate::state::pause::PAUSE_BUYBACK;
use crate::state::{Auction, Router};
use crate::token;

#[derive(AnchorSerialize, AnchorDeserialize, Clone, Copy, Debug, PartialEq, Eq)]
pub struct BuyArgs {
    /// The epoch the buyer priced against: a purchase in another epoch is refused (another
    /// buyer's purchase smaller than the lot does not end the epoch).
    pub epoch_id: u64,
    /// Fee base units wanted; the buyer gets this or the lot on offer, whichever is smaller.
    pub amount: u64,
    /// The least fee base units the buyer accepts, as they arrive in its account (after a
    /// Token-2022 transfer fee).
    pub min_amount_out: u64,
    /// The most protocol base units the buyer pays.
    pub max_payment: u64,
}

#[derive(Accounts)]
pub struct Buy<'info> {
    pub buyer: Signer<'info>,
    pub router: AccountLoader<'info, Router>,
    #[account(mut, has_one = router @ FeeRouterError::AccountGovernanceMismatch)]
    pub auction: AccountLoader<'info, Auction>,
    /// CHECK: the router's buyback vault, checked by address.
    #[account(mut)]
    pub buyback_vault: UncheckedAccount<'info>,
    /// CHECK: the buyer's fee-mint token account, where the lot goes (checked in `validate`).
    #[account(mut)]
    pub buyer_fee_token: UncheckedAccount<'info>,
    /// CHECK: the buyer's protocol-mint token account, which pays (checked in `validate`).
    #[account(mut)]
    pub buyer_protocol_token: UncheckedAccount<'info>,
    /// CHECK: where paid protocol tokens go in treasury mode: the governed treasury account.
    /// In burn mode, pass the protocol mint here (it is ignored).
    #[account(mut)]
    pub treasury_token: UncheckedAccount<'info>,
    /// CHECK: the router's fee mint, checked by address.
    pub fee_mint: UncheckedAccount<'info>,
    /// CHECK: the router's protocol mint, checked by address (a burn lowers its supply).
    #[account(mut)]
    pub protocol_mint: UncheckedAccount<'info>,
    /// CHECK: the fee mint's token program, checked by address.
    pub fee_token_program: UncheckedAccount<'info>,
    /// CHECK: the protocol mint's token program, checked by address.
    pub protocol_token_program: UncheckedAccount<'info>,
}

impl Buy<'_> {
    /// Specification: the buyback is not paused; the vault, mints and programs are the
    /// router's; the buyer's accounts are token accounts of the right mints, and the lot's
    /// destination is not one of the router's; in treasury mode the treasury account is the
    /// governed one and still a protocol-mint token account the router does not own.
    pub fn validate(&self) -> Result<()> {
        let r = self.router.load()?;
        r.require_active(PAUSE_BUYBACK)?;
        Router::check_vault(self.buyback_vault.key, &r.vaults.buyback)?;
        r.check_fee_mint(self.fee_mint.key, self.fee_token_program.key)?;
        r.check_protocol_mint(self.protocol_mint.key, self.protocol_token_program.key)?;
        token::check_payout_destination(
            &self.buyer_fee_token,
            &r.fee_token_program,
            &r.fee_mint,
            &self.router.key(),
        )?;
        token::check_token_account(
            &self.buyer_protocol_token,
            &r.protocol_token_program,
            &r.protocol_mint,
        )?;
        let params = self.auction.load()?.params;
        if params.to_treasury() {
            require_keys_eq!(
                self.treasury_token.key(),
                params.treasury,
                FeeRouterError::BuybackTreasuryMismatch
            );
            // Checked again on every purchase: its owner could have handed it to the router
            // (`SetAuthority`) or closed and re-created it since it was named.
            token::check_payout_destination(
                &self.treasury_token,
                &r.protocol_token_program,
                &r.protocol_mint,
                &self.router.key(),
            )?;
        }
        Ok(())
    }
}

/// The supply of a mint (SPL Token and Token-2022 share the base layout: bytes 36..44).
fn supply(mint: &AccountInfo) -> Result<u64> {
    let data = mint.try_borrow_data()?;
    data.get(36..44)
        .and_then(|b| b.try_into().ok())
        .map(u64::from_le_bytes)
        .ok_or_else(|| error!(FeeRouterError::AccountMintMismatch))
}

/// Specification:
/// - the epoch in force is the stored one, or, if it ended before selling out, the one after
///   the whole epochs that passed, at the floor; the buyer must name it;
/// - the price falls linearly from the epoch's start to the floor and never below;
/// - the lot is the vault's balance within what the epoch's cap and the rolling 24-hour cap
///   still allow; the buyer gets the smaller of the lot and what it asked for;
/// - what arrives in the buyer's account (measured, after any transfer fee) is at least one
///   base unit and at least the buyer's minimum;
/// - the payment is the amount times the price, rounded up, at most the buyer's maximum;
/// - the payment is burned from the buyer's account (the mint's supply falls by exactly the
///   recorded burn) or, in treasury mode, sent to the treasury, measured; the amount leaves
///   the buyback vault for the buyer, measured;
/// - a purchase that leaves the epoch something to sell leaves the epoch, its id and its price
///   curve as they were (it only counts against the epoch's cap and the day's); the purchase
///   that takes the rest of the epoch's cap or of the vault sells the epoch out: the next
///   starts now at the price paid times the multiplier, within the start-price bounds. The
///   day's cap only pauses an epoch (taking what it allows ends nothing).
pub fn buy(ctx: Context<Buy>, args: BuyArgs) -> Result<()> {
    let now = Clock::get()?.unix_timestamp;
    let a = &ctx.accounts;
    let router_key = a.router.key();
    let (seeds, fee_decimals, protocol_decimals) = {
        let r = a.router.load()?;
        (r.owned_seeds(), r.fee_decimals, r.protocol_decimals)
    };
    let vault_before = token::amount(&a.buyback_vault)?;
    let (params, epoch, rolled, price, left_in_epoch, amount, day_sold_before) = {
        let auction = a.auction.load()?;
        let params = auction.params;
        let stored = auction.epoch();
        let epoch = epoch_at(stored, params.epoch_seconds, params.floor_price, now);
        require!(args.epoch_id == epoch.id, FeeRouterError::BuybackStaleEpoch);
        let price = price_at(
            epoch.start_price,
            params.floor_price,
            epoch.started_at,
            params.epoch_seconds,
            now,
        );
        let day_sold = sold_in_day(auction.last_hour, &auction.hourly_sold, hour_of(now));
        let left_in_epoch = unsold(&epoch, vault_before, params.epoch_cap);
        let offered = lot(
            vault_before,
            epoch.cap_left(params.epoch_cap),
            params.daily_cap.saturating_sub(day_sold),
        );
        require!(offered > 0, FeeRouterError::BuybackNothingToSell);
        let amount = args.amount.min(offered);
        require!(
            amount > 0 && amount >= args.min_amount_out,
            FeeRouterError::BuybackBelowMinimumOut
        );
        (
            params,
            epoch,
            epoch.id != stored.id,
            price,
            left_in_epoch,
            amount,
            day_sold,
        )
    };
    let payment = payment_ceil(amount, price).map_err(FeeRouterError::from)?;
    require!(
        payment <= args.max_payment,
        FeeRouterError::BuybackAboveMaxPayment
    );

    // The buyer pays: burned from its account, or sent to the treasury.
    let protocol = token::Mint {
        token_program: &a.protocol_token_program,
        mint: &a.protocol_mint,
        decimals: protocol_decimals,
    };
    let supply_before = supply(&a.protocol_mint)?;
    let (burned, to_treasury, treasury_withheld) = if params.to_treasury() {
        let moved = protocol.transfer_measured(
            &a.buyer_protocol_token,
            &a.treasury_token,
            &a.buyer,
            payment,
            &[],
        )?;
        (0, moved.sent, moved.withheld)
    } else {
        protocol.burn(&a.buyer_protocol_token, &a.buyer, payment, &[])?;
        (payment, 0, 0)
    };
    let supply_after = supply(&a.protocol_mint)?;
    require!(
        supply_before.checked_sub(supply_after) == Some(burned),
        FeeRouterError::InvariantViolated
    );

    // The lot leaves the buyback vault for the buyer.
    let signer = seeds.seeds();
    let sold = token::Mint {
        token_program: &a.fee_token_program,
        mint: &a.fee_mint,
        decimals: fee_decimals,
    }
    .transfer_measured(
        &a.buyback_vault,
        &a.buyer_fee_token,
        &a.router.to_account_info(),
        amount,
        &[&signer[..]],
    )?;
    // The buyer's minimum holds on what arrived, not on what left the vault.
    require!(
        sold.arrived > 0 && sold.arrived >= args.min_amount_out,
        FeeRouterError::BuybackBelowMinimumOut
    );
    let next = epoch_after_purchase(epoch, amount, left_in_epoch, price, params.restart(), now)
        .map_err(FeeRouterError::from)?;
    let ended = next.id != epoch.id;

    let mut auction = a.auction.load_mut()?;
    let t = &mut auction.totals;
    t.fee_sold.add_u64(sold.sent)?;
    t.fee_withheld.add_u64(sold.withheld)?;
    t.protocol_paid.add_u64(payment)?;
    t.burned.add_u64(burned)?;
    t.to_treasury.add_u64(to_treasury)?;
    t.treasury_withheld.add_u64(treasury_withheld)?;
    t.purchases = t
        .purchases
        .checked_add(1)
        .ok_or(FeeRouterError::MathOverflow)?;
    let (mut last_hour, mut hourly) = (auction.last_hour, auction.hourly_sold);
    record_sale(&mut last_hour, &mut hourly, hour_of(now), amount).map_err(FeeRouterError::from)?;
    auction.last_hour = last_hour;
    auction.hourly_sold = hourly;
    auction.last_price = price;
    auction.set_epoch(next);
    auction.invariant(&router_key)?;
    if rolled {
        emit!(AuctionEpochStarted {
            router: router_key,
            epoch_id: epoch.id,
            started_at: epoch.started_at,
            start_price: epoch.start_price,
            floor_price: params.floor_price,
            reason: EpochStart::Unsold,
        });
    }
    emit!(BuybackExecuted {
        router: router_key,
        buyer: a.buyer.key(),
        epoch_id: epoch.id,
        lot: sold.sent,
        received: sold.arrived,
        price,
        payment,
        burned,
        to_treasury,
        buyback_vault_before: vault_before,
        buyback_vault_after: token::amount(&a.buyback_vault)?,
        supply_before,
        supply_after,
        sold_in_day: day_sold_before.saturating_add(amount),
        sold_in_epoch: epoch.sold.saturating_add(amount),
        epoch_ended: ended,
    });
    if ended {
        emit!(AuctionEpochStarted {
            router: router_key,
            epoch_id: next.id,
            started_at: next.started_at,
            start_price: next.start_price,
            floor_price: params.floor_price,
            reason: EpochStart::Sale,
        });
    }
    Ok(())
}
