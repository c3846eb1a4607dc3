//! Issuer powers a mint can carry over accounts that hold its tokens, as bits, and the one
//! function that reads them off a mint.
//!
//! The **protocol mint** holds stakers' principal in the stake vault: a router refuses a
//! protocol mint with any of these powers. The **fee mint** may be a regulated stablecoin
//! whose issuer keeps such powers: the router accepts it only when its creator acknowledges
//! exactly the powers the mint has ([`crate::state::Router::fee_mint_powers`] records them).
//!
//! A classic SPL freeze authority (as USDC has) and Token-2022 transfer-fee authorities are
//! not powers in this sense on the fee mint: they are trusted as they are and shown in the
//! status report. On the protocol mint a transfer fee that a key can still change is refused
//! ([`MintProfile::transfer_fee_changes_after`]): its authority could raise the fee to 100% and
//! take stakers' principal on withdrawal, and so could a change scheduled before the authority
//! was dropped. A fixed fee (no config authority) is accepted, and
//! every hop's withheld fee is measured.
use anchor_lang::prelude::*;
use anchor_spl::token_2022::spl_token_2022::{
    extension::{
        default_account_state::DefaultAccountState, mint_close_authority::MintCloseAuthority,
        pausable::PausableConfig, permanent_delegate::PermanentDelegate,
        permissioned_burn::PermissionedBurnConfig, transfer_fee::TransferFeeConfig,
        transfer_hook::TransferHook, BaseStateWithExtensions, ExtensionType, StateWithExtensions,
    },
    state::{AccountState, Mint as MintState},
};

/// A permanent delegate can move or burn the tokens of any account of the mint.
pub const POWER_PERMANENT_DELEGATE: u32 = 1 << 0;
/// A transfer-hook authority can make every transfer call (and be refused by) its program:
/// once it sets one, every fee transfer of the router fails (the router passes no hook
/// accounts), so deposits, trades at source, claims, sweeps and payouts stop until it is unset.
pub const POWER_TRANSFER_HOOK: u32 = 1 << 1;
/// A pause authority can stop every transfer of the mint.
pub const POWER_PAUSABLE: u32 = 1 << 2;
/// New accounts of the mint start frozen.
pub const POWER_DEFAULT_FROZEN: u32 = 1 << 3;
/// A close authority can close the mint at supply 0, and it can then be re-created at the
/// same address with other extensions (a permanent delegate, say).
pub const POWER_CLOSE_AUTHORITY: u32 = 1 << 4;
/// Burns need a burn authority's approval (the router burns protocol tokens it buys back).
pub const POWER_PERMISSIONED_BURN: u32 = 1 << 5;

/// Every power bit.
pub const ALL_POWERS: u32 = POWER_PERMANENT_DELEGATE
    | POWER_TRANSFER_HOOK
    | POWER_PAUSABLE
    | POWER_DEFAULT_FROZEN
    | POWER_CLOSE_AUTHORITY
    | POWER_PERMISSIONED_BURN;

/// Power bits with their names, in bit order (for logs, the CLI and the status report).
pub const POWER_NAMES: [(u32, &str); 6] = [
    (POWER_PERMANENT_DELEGATE, "permanent-delegate"),
    (POWER_TRANSFER_HOOK, "transfer-hook"),
    (POWER_PAUSABLE, "pausable"),
    (POWER_DEFAULT_FROZEN, "default-frozen"),
    (POWER_CLOSE_AUTHORITY, "close-authority"),
    (POWER_PERMISSIONED_BURN, "permissioned-burn"),
];

/// What a mint is, as far as the router cares.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct MintProfile {
    /// The mint's decimals.
    pub decimals: u8,
    /// Its issuer powers ([`ALL_POWERS`] bits).
    pub powers: u32,
    /// Transfers of it are impossible (non-transferable) or need accounts the router's
    /// transfers do not pass (a transfer-hook program is set).
    pub unroutable: bool,
    /// A transfer-fee config authority is set: some key can still change the transfer fee.
    pub transfer_fee_changeable: bool,
    /// A transfer-fee change was scheduled (the newer fee differs from the older one): the
    /// epoch from which the newer fee applies. Before that epoch the fee is still to change,
    /// whether or not an authority remains ([`MintProfile::transfer_fee_changes_after`]).
    pub transfer_fee_newer_epoch: Option<u64>,
}

impl MintProfile {
    /// The mint's transfer fee can still change after `epoch`: a config authority is set, or a
    /// different fee was scheduled for a later epoch (an issuer can schedule a 100% fee, then
    /// drop the authority).
    pub fn transfer_fee_changes_after(&self, epoch: u64) -> bool {
        self.transfer_fee_changeable || self.transfer_fee_newer_epoch.is_some_and(|e| e > epoch)
    }
}

/// Reads a mint account (SPL Token or Token-2022) that its token program owns.
pub fn profile(mint: &AccountInfo) -> Result<MintProfile> {
    profile_of(mint.owner, &mint.try_borrow_data()?)
}

/// Reads a mint from its owning program and data (the CLI reads fetched accounts with it).
pub fn profile_of(owner: &Pubkey, data: &[u8]) -> Result<MintProfile> {
    let state = StateWithExtensions::<MintState>::unpack(data)
        .map_err(|_| error!(anchor_lang::error::ErrorCode::AccountDidNotDeserialize))?;
    let mut p = MintProfile {
        decimals: state.base.decimals,
        ..MintProfile::default()
    };
    if *owner != anchor_spl::token_2022::ID {
        return Ok(p);
    }
    for extension in state.get_extension_types()? {
        match extension {
            ExtensionType::PermanentDelegate => {
                let e = state.get_extension::<PermanentDelegate>()?;
                if Option::<Pubkey>::from(e.delegate).is_some() {
                    p.powers |= POWER_PERMANENT_DELEGATE;
                }
            }
            ExtensionType::TransferHook => {
                let e = state.get_extension::<TransferHook>()?;
                let program = Option::<Pubkey>::from(e.program_id);
                if program.is_some() {
                    p.unroutable = true;
                }
                if program.is_some() || Option::<Pubkey>::from(e.authority).is_some() {
                    p.powers |= POWER_TRANSFER_HOOK;
                }
            }
            ExtensionType::Pausable => {
                let e = state.get_extension::<PausableConfig>()?;
                if Option::<Pubkey>::from(e.authority).is_some() || bool::from(e.paused) {
                    p.powers |= POWER_PAUSABLE;
                }
            }
            ExtensionType::DefaultAccountState => {
                let e = state.get_extension::<DefaultAccountState>()?;
                if e.state == AccountState::Frozen as u8 {
                    p.powers |= POWER_DEFAULT_FROZEN;
                }
            }
            ExtensionType::MintCloseAuthority => {
                let e = state.get_extension::<MintCloseAuthority>()?;
                if Option::<Pubkey>::from(e.close_authority).is_some() {
                    p.powers |= POWER_CLOSE_AUTHORITY;
                }
            }
            ExtensionType::PermissionedBurn => {
                let e = state.get_extension::<PermissionedBurnConfig>()?;
                if Option::<Pubkey>::from(e.authority).is_some() {
                    p.powers |= POWER_PERMISSIONED_BURN;
                }
            }
            ExtensionType::TransferFeeConfig => {
                let e = state.get_extension::<TransferFeeConfig>()?;
                if Option::<Pubkey>::from(e.transfer_fee_config_authority).is_some() {
                    p.transfer_fee_changeable = true;
                }
                let (older, newer) = (&e.older_transfer_fee, &e.newer_transfer_fee);
                if u16::from(older.transfer_fee_basis_points)
                    != u16::from(newer.transfer_fee_basis_points)
                    || u64::from(older.maximum_fee) != u64::from(newer.maximum_fee)
                {
                    p.transfer_fee_newer_epoch = Some(u64::from(newer.epoch));
                }
            }
            ExtensionType::NonTransferable => p.unroutable = true,
            _ => {}
        }
    }
    Ok(p)
}

/// The names of the power bits set in `powers`.
pub fn power_names(powers: u32) -> Vec<&'static str> {
    POWER_NAMES
        .iter()
        .filter(|(bit, _)| powers & bit != 0)
        .map(|(_, name)| *name)
        .collect()
}
