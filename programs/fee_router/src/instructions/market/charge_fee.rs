//! `charge_fee`: the trade path. The market's registered authority charges a trade's fee
//! into its market's fee account, net of the trader's stake-tiered discount, in one call.
//! It writes only the market's fee account, its token account and the trader's token
//! account, and reads only what changes at governance speed (the tiers) and the trader's own
//! position: no router state, pause or guardian action can make it fail.
use anchor_lang::prelude::*;

use crate::error::FeeRouterError;
use crate::events::TradeFeeCharged;
use crate::math::rebate::{rebate_floor, warmed_stake};
use crate::state::{MarketFees, Rebates, StakePosition};
use crate::token;

#[derive(AnchorSerialize, AnchorDeserialize, Clone, Copy, Debug, PartialEq, Eq)]
pub struct ChargeFeeArgs {
    /// The trade's gross fee, in fee base units, before the trader's discount.
    pub fee: u64,
}

#[derive(Accounts)]
pub struct ChargeFee<'info> {
    /// The market's registered authority (the exchange's market PDA, signing by CPI).
    pub market_authority: Signer<'info>,
    /// Pays the fee from its token account.
    pub trader: Signer<'info>,
    #[account(mut)]
    pub market_fees: AccountLoader<'info, MarketFees>,
    /// CHECK: the market's fee token account, checked by address.
    #[account(mut)]
    pub market_token: UncheckedAccount<'info>,
    /// CHECK: the trader's fee token account; the token program checks it is the trader's
    /// and of the mint.
    #[account(mut)]
    pub trader_fee_token: UncheckedAccount<'info>,
    /// The discount tiers and warm-up of the market's stake pool (changed only by governance).
    pub rebates: AccountLoader<'info, Rebates>,
    /// CHECK: the trader's stake position in the market's stake pool, or, for a trader without one, any
    /// account fee-router does not own (the trader's own key, say): no position, no discount.
    /// A fee-router account here must be the trader's position in the market's pool. Not an
    /// optional account: the placeholder of a missing optional account is the program's own
    /// account, whose 1.4 MB the runtime charges a CPI about 5,000 compute units to pass.
    pub trader_position: UncheckedAccount<'info>,
    /// CHECK: the fee mint, checked by address.
    pub fee_mint: UncheckedAccount<'info>,
    /// CHECK: the fee mint's token program, checked by address.
    pub fee_token_program: UncheckedAccount<'info>,
}

impl ChargeFee<'_> {
    /// Specification: the signer is the market's registered authority; the token account,
    /// mint and program are the market's; the tiers are its router's; a position passed is
    /// the trader's, in its router.
    pub fn validate(&self) -> Result<()> {
        let m = self.market_fees.load()?;
        require_keys_eq!(
            m.authority,
            self.market_authority.key(),
            FeeRouterError::MarketAuthorityRequired
        );
        require_keys_eq!(
            m.token_account,
            self.market_token.key(),
            FeeRouterError::MarketAccountMismatch
        );
        require_keys_eq!(
            m.fee_mint,
            self.fee_mint.key(),
            FeeRouterError::AccountMintMismatch
        );
        require_keys_eq!(
            m.fee_token_program,
            self.fee_token_program.key(),
            FeeRouterError::AccountTokenProgramMismatch
        );
        let pool = m.pool_key();
        require_keys_eq!(
            self.rebates.load()?.router,
            pool,
            FeeRouterError::AccountGovernanceMismatch
        );
        self.with_position(|position| {
            if let Some(p) = position {
                require_keys_eq!(p.router, pool, FeeRouterError::AccountPositionMismatch);
                require_keys_eq!(
                    p.owner,
                    self.trader.key(),
                    FeeRouterError::RebatePositionNotTrader
                );
            }
            Ok(())
        })
    }

    /// Runs `f` on the trader's position when a fee-router account is passed (it must be a
    /// stake position), on `None` otherwise.
    fn with_position<R>(&self, f: impl FnOnce(Option<&StakePosition>) -> Result<R>) -> Result<R> {
        use anchor_lang::Discriminator;
        let info = self.trader_position.as_ref();
        if info.owner != &crate::ID {
            return f(None);
        }
        let data = info.try_borrow_data()?;
        let size = std::mem::size_of::<StakePosition>();
        let body = data
            .get(..8)
            .filter(|d| *d == StakePosition::DISCRIMINATOR)
            .and_then(|_| data.get(8..))
            .ok_or(FeeRouterError::AccountPositionMismatch)?;
        if let Some(position) = body
            .get(..size)
            .and_then(|bytes| bytemuck::try_from_bytes::<StakePosition>(bytes).ok())
        {
            return f(Some(position));
        }
        // A position of the layout before fee lines (not yet `upgrade_position`ed) still gives
        // its discount: the fields a tier reads sit where they always did.
        let old =
            crate::instructions::staking::upgrade_position::POSITION_V1_SIZE.saturating_sub(8);
        require!(body.len() == old, FeeRouterError::AccountPositionMismatch);
        let mut position: StakePosition = bytemuck::Zeroable::zeroed();
        bytemuck::bytes_of_mut(&mut position)
            .get_mut(..old)
            .ok_or(FeeRouterError::AccountPositionMismatch)?
            .copy_from_slice(body);
        f(Some(&position))
    }
}

/// Specification:
/// - the trader's discount is its tier's share of the fee (floored), on active stake that has
///   warmed up (cooling stake and stake added within the warm-up buy nothing), funded by the
///   market's allowance: a short allowance funds what it holds and the trader pays the rest;
///   never fails the trade;
/// - the trader pays the fee less the discount into the market's token account, measured (a
///   Token-2022 fee on this hop is recorded as withheld);
/// - the allowance used becomes fees of the market, to be swept with what the trader paid.
pub fn charge_fee(ctx: Context<ChargeFee>, args: ChargeFeeArgs) -> Result<()> {
    let a = &ctx.accounts;
    let (tier_stake, bps) = a.with_position(|position| {
        Ok(match position {
            Some(p) => {
                let tiers = &a.rebates.load()?.tiers;
                let now = Clock::get()?.unix_timestamp;
                let stake = warmed_stake(p.active, |t| p.added_since(t), now, tiers.warmup_seconds);
                (stake, tiers.bps_for(stake))
            }
            None => (0, 0),
        })
    })?;
    let owed = rebate_floor(args.fee, bps).map_err(FeeRouterError::from)?;
    // The fee account is not lent to the transfer below, so it stays loaded across it.
    let mut m = a.market_fees.load_mut()?;
    let discount = owed.min(m.allowance);
    let to_pay = args.fee.saturating_sub(discount);
    let moved = if to_pay > 0 {
        token::Mint {
            token_program: &a.fee_token_program,
            mint: &a.fee_mint,
            decimals: m.fee_decimals,
        }
        .transfer_measured(&a.trader_fee_token, &a.market_token, &a.trader, to_pay, &[])?
    } else {
        token::Moved::default()
    };
    m.record_trade(args.fee, owed, discount, &moved)?;
    m.invariant(&m.router)?;
    TradeFeeCharged {
        market: a.market_fees.key(),
        trader: a.trader.key(),
        fee: args.fee,
        tier_stake,
        discount_bps: bps,
        discount_owed: owed,
        discount,
        paid: moved.sent,
        arrived: moved.arrived,
        withheld: moved.withheld,
        allowance_after: m.allowance,
    }
    .record()
    .log();
    Ok(())
}
