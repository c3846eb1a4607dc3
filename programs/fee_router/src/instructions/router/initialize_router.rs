use anchor_lang::prelude::*;
use anchor_spl::token_interface::{Mint, TokenAccount, TokenInterface};

use crate::config::Registering;
use crate::constants::*;
use crate::error::FeeRouterError;
use crate::events::RouterInitialized;
use crate::state::mint_powers::{self, ALL_POWERS};
use crate::state::{
    Auction, AuctionParams, DiscountTiers, Governance, GovernanceParams, InsuranceFund,
    InsuranceParams, Rebates, Router, Stage, Vaults, DEFAULT_GUARD_RAILS, DEFAULT_SPLITS,
    DEFAULT_STAKING_PARAMS,
};

#[derive(AnchorSerialize, AnchorDeserialize, Clone, Debug)]
pub struct InitializeRouterArgs {
    /// Calls the setters: a key, a multisig vault or a governance PDA.
    pub authority: Pubkey,
    /// May pause operations; never moves funds.
    pub guardian: Pubkey,
    /// The fee mint's issuer powers (`state::mint_powers` bits) the creator accepts: exactly
    /// the powers the mint has, or the router is refused. 0 for a mint without any.
    pub acknowledged_fee_mint_powers: u32,
    /// The exchange's shortfall account (a fee-mint token account), the only place the
    /// insurance fund pays out to; the default address registers none yet (the configuration
    /// path can register one later).
    pub shortfall_account: Pubkey,
}

#[derive(Accounts)]
pub struct InitializeRouter<'info> {
    /// Pays for the accounts; part of the router's seeds, so nobody can squat a router
    /// address another creator will use.
    #[account(mut)]
    pub creator: Signer<'info>,

    #[account(
        init,
        payer = creator,
        space = Router::SIZE,
        seeds = [ROUTER_SEED, creator.key().as_ref(), fee_mint.key().as_ref(), protocol_mint.key().as_ref()],
        bump,
    )]
    pub router: AccountLoader<'info, Router>,

    #[account(mint::token_program = fee_token_program)]
    pub fee_mint: Box<InterfaceAccount<'info, Mint>>,

    #[account(mint::token_program = protocol_token_program)]
    pub protocol_mint: Box<InterfaceAccount<'info, Mint>>,

    #[account(init, payer = creator, seeds = [VAULT_SEED, router.key().as_ref(), INTAKE_SEED], bump,
        token::mint = fee_mint, token::authority = router, token::token_program = fee_token_program)]
    pub intake_vault: Box<InterfaceAccount<'info, TokenAccount>>,

    #[account(init, payer = creator, seeds = [VAULT_SEED, router.key().as_ref(), BUYBACK_SEED], bump,
        token::mint = fee_mint, token::authority = router, token::token_program = fee_token_program)]
    pub buyback_vault: Box<InterfaceAccount<'info, TokenAccount>>,

    #[account(init, payer = creator, seeds = [VAULT_SEED, router.key().as_ref(), STAKERS_SEED], bump,
        token::mint = fee_mint, token::authority = router, token::token_program = fee_token_program)]
    pub stakers_vault: Box<InterfaceAccount<'info, TokenAccount>>,

    #[account(init, payer = creator, seeds = [VAULT_SEED, router.key().as_ref(), INSURANCE_SEED], bump,
        token::mint = fee_mint, token::authority = router, token::token_program = fee_token_program)]
    pub insurance_vault: Box<InterfaceAccount<'info, TokenAccount>>,

    #[account(init, payer = creator, seeds = [VAULT_SEED, router.key().as_ref(), DISCOUNT_SEED], bump,
        token::mint = fee_mint, token::authority = router, token::token_program = fee_token_program)]
    pub discount_vault: Box<InterfaceAccount<'info, TokenAccount>>,

    #[account(init, payer = creator, seeds = [VAULT_SEED, router.key().as_ref(), STAKE_SEED], bump,
        token::mint = protocol_mint, token::authority = router, token::token_program = protocol_token_program)]
    pub stake_vault: Box<InterfaceAccount<'info, TokenAccount>>,

    /// The router's built-in governance: its voting rules, stage gates and configuration
    /// version. It governs once the authority hands the router to it.
    #[account(
        init,
        payer = creator,
        space = Governance::SIZE,
        seeds = [GOVERNANCE_SEED, router.key().as_ref()],
        bump,
    )]
    pub governance: AccountLoader<'info, Governance>,

    /// The router's buyback auction; it sells nothing until governance sets its prices and caps.
    #[account(
        init,
        payer = creator,
        space = Auction::SIZE,
        seeds = [AUCTION_SEED, router.key().as_ref()],
        bump,
    )]
    pub auction: AccountLoader<'info, Auction>,

    /// The router's discount rebates: the default tiers and no rebate authority yet.
    #[account(
        init,
        payer = creator,
        space = Rebates::SIZE,
        seeds = [REBATES_SEED, router.key().as_ref()],
        bump,
    )]
    pub rebates: AccountLoader<'info, Rebates>,

    /// The router's insurance payout rules: the shortfall account and the payout cap.
    #[account(
        init,
        payer = creator,
        space = InsuranceFund::SIZE,
        seeds = [INSURANCE_FUND_SEED, router.key().as_ref()],
        bump,
    )]
    pub insurance_fund: AccountLoader<'info, InsuranceFund>,

    pub fee_token_program: Interface<'info, TokenInterface>,
    pub protocol_token_program: Interface<'info, TokenInterface>,
    pub system_program: Program<'info, System>,

    /// CHECK: the shortfall account `args.shortfall_account` names, when it names one: checked
    /// to be a fee-mint token account the router does not own.
    pub shortfall_account: Option<UncheckedAccount<'info>>,
}

impl InitializeRouter<'_> {
    /// Specification:
    /// - the fee mint and the protocol mint differ;
    /// - authority and guardian are not the default address;
    /// - both mints can be routed: neither is non-transferable nor has a transfer-hook
    ///   program set (the router's transfers do not carry a hook's accounts);
    /// - the protocol mint, which holds stakers' principal, carries no issuer power over it
    ///   (permanent delegate, transfer hook, pausable, default-frozen accounts, a close
    ///   authority, permissioned burn: `state::mint_powers`), nor a transfer fee a key can
    ///   still change or whose scheduled change is still to come (a fixed fee is accepted and
    ///   measured on every hop);
    /// - the fee mint's issuer powers are exactly the ones the creator acknowledges.
    pub fn validate(&self, args: &InitializeRouterArgs) -> Result<()> {
        require_keys_neq!(
            self.fee_mint.key(),
            self.protocol_mint.key(),
            FeeRouterError::InitMintsMustDiffer
        );
        require!(
            args.authority != Pubkey::default() && args.guardian != Pubkey::default(),
            FeeRouterError::KeyRequired
        );
        let fee = mint_powers::profile(&self.fee_mint.to_account_info())?;
        let protocol = mint_powers::profile(&self.protocol_mint.to_account_info())?;
        require!(
            !fee.unroutable && !protocol.unroutable,
            FeeRouterError::InitUnsupportedMintExtension
        );
        require!(
            protocol.powers == 0 && !protocol.transfer_fee_changes_after(Clock::get()?.epoch),
            FeeRouterError::InitProtocolMintPowerRefused
        );
        require!(
            args.acknowledged_fee_mint_powers & !ALL_POWERS == 0
                && args.acknowledged_fee_mint_powers == fee.powers,
            FeeRouterError::InitFeeMintPowersNotAcknowledged
        );
        Ok(())
    }
}

/// Specification: creates the router and its six vaults (the router PDA is their token
/// authority), records both mints' decimals and the acknowledged fee-mint powers, and starts
/// in the Early stage with the seed's split table, default guard rails and staking parameters;
/// creates its governance, its buyback auction (selling nothing until priced), its discount
/// rebates (default tiers, no rebate authority) and its insurance payout rules (default cap,
/// the shortfall account given, if any, once checked to be a fee-mint token account outside
/// the router).
pub fn initialize_router(ctx: Context<InitializeRouter>, args: InitializeRouterArgs) -> Result<()> {
    let a = &ctx.accounts;
    let vaults = Vaults {
        intake: a.intake_vault.key(),
        buyback: a.buyback_vault.key(),
        stakers: a.stakers_vault.key(),
        insurance: a.insurance_vault.key(),
        discount: a.discount_vault.key(),
        stake: a.stake_vault.key(),
    };
    // A fresh zero-copy account is all zeroes: set what is not zero.
    let mut router = a.router.load_init()?;
    router.version = ROUTER_VERSION;
    router.bump = ctx.bumps.router;
    router.stage = Stage::Early.index() as u8;
    router.creator = a.creator.key();
    router.authority = args.authority;
    router.guardian = args.guardian;
    router.fee_mint = a.fee_mint.key();
    router.protocol_mint = a.protocol_mint.key();
    router.fee_decimals = a.fee_mint.decimals;
    router.protocol_decimals = a.protocol_mint.decimals;
    router.fee_mint_powers = args.acknowledged_fee_mint_powers;
    router.fee_token_program = a.fee_token_program.key();
    router.protocol_token_program = a.protocol_token_program.key();
    router.vaults = vaults;
    router.splits = DEFAULT_SPLITS;
    router.guard_rails = DEFAULT_GUARD_RAILS;
    router.staking_params = DEFAULT_STAKING_PARAMS;
    router.invariant()?;
    let mut g = a.governance.load_init()?;
    g.version = GOVERNANCE_VERSION;
    g.bump = ctx.bumps.governance;
    g.router = a.router.key();
    g.params = GovernanceParams::defaults(a.protocol_mint.decimals);
    g.invariant(&a.router.key())?;
    let mut auction = a.auction.load_init()?;
    auction.version = AUCTION_VERSION;
    auction.bump = ctx.bumps.auction;
    auction.router = a.router.key();
    auction.params = AuctionParams::DEFAULT;
    auction.epoch_started_at = Clock::get()?.unix_timestamp;
    auction.epoch_start_price = AuctionParams::DEFAULT.min_start_price;
    auction.invariant(&a.router.key())?;
    let discount_tiers = DiscountTiers::defaults(a.protocol_mint.decimals);
    let mut rebates = a.rebates.load_init()?;
    rebates.version = REBATES_VERSION;
    rebates.bump = ctx.bumps.rebates;
    rebates.router = a.router.key();
    rebates.tiers = discount_tiers;
    rebates.invariant(&a.router.key())?;
    let mut fund = a.insurance_fund.load_init()?;
    fund.version = INSURANCE_FUND_VERSION;
    fund.bump = ctx.bumps.insurance_fund;
    fund.router = a.router.key();
    Registering {
        shortfall_account: a.shortfall_account.as_deref(),
        treasury: None,
    }
    .check_shortfall_account(&args.shortfall_account, &router, &a.router.key())?;
    fund.shortfall_account = args.shortfall_account;
    fund.params = InsuranceParams::DEFAULT;
    fund.invariant(&a.router.key())?;
    emit!(RouterInitialized {
        router: a.router.key(),
        creator: router.creator,
        authority: router.authority,
        guardian: router.guardian,
        fee_mint: router.fee_mint,
        protocol_mint: router.protocol_mint,
        vaults,
        stage: Stage::Early,
        splits: router.splits,
        guard_rails: router.guard_rails,
        fee_mint_powers: router.fee_mint_powers,
        shortfall_account: args.shortfall_account,
        discount_tiers,
    });
    Ok(())
}
