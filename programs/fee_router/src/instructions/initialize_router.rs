use anchor_lang::prelude::*;
use anchor_spl::token_2022::spl_token_2022::{
    extension::{BaseStateWithExtensions, ExtensionType, StateWithExtensions},
    state::Mint as MintState,
};
use anchor_spl::token_interface::{Mint, TokenAccount, TokenInterface};

use crate::constants::*;
use crate::error::FeeRouterError;
use crate::events::RouterInitialized;
use crate::state::{
    Router, Stage, Vaults, DEFAULT_GUARD_RAILS, DEFAULT_SPLITS, DEFAULT_STAKING_PARAMS,
};

#[derive(AnchorSerialize, AnchorDeserialize, Clone, Debug)]
pub struct InitializeRouterArgs {
    /// Calls the setters: a key, a multisig vault or a governance PDA.
    pub authority: Pubkey,
    /// May pause operations; never moves funds.
    pub guardian: Pubkey,
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

    pub fee_token_program: Interface<'info, TokenInterface>,
    pub protocol_token_program: Interface<'info, TokenInterface>,
    pub system_program: Program<'info, System>,
}

impl InitializeRouter<'_> {
    /// Specification:
    /// - the fee mint and the protocol mint differ;
    /// - authority and guardian are not the default address;
    /// - neither mint carries a Token-2022 extension that lets a third party move or freeze
    ///   the vaults' tokens or that transfers cannot satisfy (see [`UNSUPPORTED_MINT_EXTENSIONS`]).
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
        check_mint_supported(&self.fee_mint.to_account_info())?;
        check_mint_supported(&self.protocol_mint.to_account_info())?;
        Ok(())
    }
}

/// Token-2022 mint extensions the router refuses: a permanent delegate could drain a vault,
/// a transfer hook needs accounts the router's transfers do not pass, a non-transferable mint
/// cannot be routed, and a default frozen state would freeze the vaults at birth.
pub const UNSUPPORTED_MINT_EXTENSIONS: [ExtensionType; 4] = [
    ExtensionType::PermanentDelegate,
    ExtensionType::TransferHook,
    ExtensionType::NonTransferable,
    ExtensionType::DefaultAccountState,
];

fn check_mint_supported(mint: &AccountInfo) -> Result<()> {
    if *mint.owner != anchor_spl::token_2022::ID {
        return Ok(());
    }
    let data = mint.try_borrow_data()?;
    let state = StateWithExtensions::<MintState>::unpack(&data)?;
    let extensions = state.get_extension_types()?;
    require!(
        !extensions
            .iter()
            .any(|e| UNSUPPORTED_MINT_EXTENSIONS.contains(e)),
        FeeRouterError::InitUnsupportedMintExtension
    );
    Ok(())
}

pub fn handler(ctx: Context<InitializeRouter>, args: InitializeRouterArgs) -> Result<()> {
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
    router.fee_token_program = a.fee_token_program.key();
    router.protocol_token_program = a.protocol_token_program.key();
    router.vaults = vaults;
    router.splits = DEFAULT_SPLITS;
    router.guard_rails = DEFAULT_GUARD_RAILS;
    router.staking_params = DEFAULT_STAKING_PARAMS;
    router.invariant()?;
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
    });
    Ok(())
}
