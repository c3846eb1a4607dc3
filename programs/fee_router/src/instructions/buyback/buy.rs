//! `buy`: a keeper buys fee tokens from the buyback vault at the auction's current price; the
//! protocol tokens it pays are burned (or sent to the governed treasury).
use anchor_lang::prelude::*;

use crate::error::FeeRouterError;
use crate::events::{AuctionEpochStarted, BuybackExecuted, EpochStart};
use crate::math::auction::{payment_ceil, Epoch};
use crate::state::pause::PAUSE_BUYBACK;
use crate::state::{Auction, AuctionParams, Paid, Quote, Router};
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
    let (seeds, fee_decimals, protocol_decimals) = {
        let r = a.router.load()?;
        (r.owned_seeds(), r.fee_decimals, r.protocol_decimals)
    };
    let vault_before = token::amount(&a.buyback_vault)?;
    let q = a.auction.load()?.quote(
        args.epoch_id,
        args.amount,
        args.min_amount_out,
        vault_before,
        now,
    )?;
    let payment = payment_ceil(q.amount, q.price).map_err(FeeRouterError::from)?;
    require!(
        payment <= args.max_payment,
        FeeRouterError::BuybackAboveMaxPayment
    );
    let supply_before = supply(&a.protocol_mint)?;
    let paid = a.collect_payment(&q.params, payment, protocol_decimals)?;
    let supply_after = supply(&a.protocol_mint)?;
    require!(
        supply_before.checked_sub(supply_after) == Some(paid.burned),
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
        q.amount,
        &[&signer[..]],
    )?;
    // The buyer's minimum holds on what arrived, not on what left the vault.
    require!(
        sold.arrived > 0 && sold.arrived >= args.min_amount_out,
        FeeRouterError::BuybackBelowMinimumOut
    );
    let next = {
        let mut auction = a.auction.load_mut()?;
        let next = auction.record_purchase(&q, sold, paid, now)?;
        auction.invariant(&a.router.key())?;
        next
    };
    let purchase = BuybackExecuted {
        router: a.router.key(),
        buyer: a.buyer.key(),
        epoch_id: q.epoch.id,
        lot: sold.sent,
        received: sold.arrived,
        price: q.price,
        payment,
        burned: paid.burned,
        to_treasury: paid.to_treasury,
        buyback_vault_before: vault_before,
        buyback_vault_after: token::amount(&a.buyback_vault)?,
        supply_before,
        supply_after,
        sold_in_day: q.day_sold.saturating_add(q.amount),
        sold_in_epoch: q.epoch.sold.saturating_add(q.amount),
        epoch_ended: next.id != q.epoch.id,
    };
    emit_purchase(&q, purchase, &next);
    Ok(())
}

impl Buy<'_> {
    /// The buyer pays `payment`: burned from its account, or sent to the treasury, measured.
    fn collect_payment(&self, params: &AuctionParams, payment: u64, decimals: u8) -> Result<Paid> {
        let protocol = token::Mint {
            token_program: &self.protocol_token_program,
            mint: &self.protocol_mint,
            decimals,
        };
        if params.to_treasury() {
            let moved = protocol.transfer_measured(
                &self.buyer_protocol_token,
                &self.treasury_token,
                &self.buyer,
                payment,
                &[],
            )?;
            Ok(Paid {
                payment,
                burned: 0,
                to_treasury: moved.sent,
                treasury_withheld: moved.withheld,
            })
        } else {
            protocol.burn(&self.buyer_protocol_token, &self.buyer, payment, &[])?;
            Ok(Paid {
                payment,
                burned: payment,
                ..Paid::default()
            })
        }
    }
}

/// The purchase's events: an epoch that ran out unsold before it, the purchase, and the
/// epoch its sell-out starts.
fn emit_purchase(q: &Quote, purchase: BuybackExecuted, next: &Epoch) {
    let (router, ended) = (purchase.router, purchase.epoch_ended);
    if q.rolled {
        emit!(AuctionEpochStarted {
            router,
            epoch_id: q.epoch.id,
            started_at: q.epoch.started_at,
            start_price: q.epoch.start_price,
            floor_price: q.params.floor_price,
            reason: EpochStart::Unsold,
        });
    }
    emit!(purchase);
    if ended {
        emit!(AuctionEpochStarted {
            router,
            epoch_id: next.id,
            started_at: next.started_at,
            start_price: next.start_price,
            floor_price: q.params.floor_price,
            reason: EpochStart::Sale,
        });
    }
}
