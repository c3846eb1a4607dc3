//! Token movement, in one module: every instruction that moves tokens does it here, and
//! every hop is measured. [`transfer_measured`] returns what was sent, what arrived in the
//! destination and what the mint withheld (a Token-2022 transfer fee), so each hop's fee is a
//! recorded term of the conservation equation.
//!
//! Token accounts are read in place (the base layout is the same in SPL Token and
//! Token-2022): a balance is eight bytes, not a full unpack. The token program validates
//! everything it is given (owner, mint, decimals, frozen state) on the CPI itself; the checks
//! here exist to give callers the router's typed errors first.
//!
//! Transfers go through the runtime's C interface ([`crate::batch_cpi`]) and the burn through
//! `invoke_signed_unchecked`; neither checks that no `RefCell` borrow of the accounts is alive
//! (the checked variant does, at several hundred compute units a call). The rule holds by
//! construction here: an account lent to a transfer (the router as
//! its signer, a vault, a user's token account) is never loaded across it — callers load it
//! in scopes that end before they call this module. Accounts a transfer does not take (the
//! rebates account in `rebate`, the router in `deposit_fees`, where the payer signs) may stay
//! loaded.
//!
//! `TransferChecked` and `BurnChecked` data are encoded here rather than with the
//! `spl-token-2022` builders, which cost several thousand compute units per call on SBF; the
//! encoding is the token programs' stable wire format and a host test compares it byte for
//! byte with the builders.
use anchor_lang::prelude::*;
use anchor_lang::solana_program::instruction::{AccountMeta, Instruction};
use anchor_lang::solana_program::program::invoke_signed_unchecked;

use crate::error::FeeRouterError;

/// Length of a token account's base state (all of an SPL Token account).
pub const TOKEN_ACCOUNT_LEN: usize = 165;
/// Offsets in a token account.
const MINT: usize = 0;
const OWNER: usize = 32;
const AMOUNT: usize = 64;
const STATE: usize = 108;
/// Token-2022 writes the account type right after the base state when extensions follow.
const STATE_FROZEN: u8 = 2;
/// A token program's multisig account: never a token account, whatever byte 165 holds.
const MULTISIG_LEN: usize = 355;
const ACCOUNT_TYPE: usize = TOKEN_ACCOUNT_LEN;
const ACCOUNT_TYPE_ACCOUNT: u8 = 2;
/// Instruction tags shared by SPL Token and Token-2022.
pub const TRANSFER_CHECKED: u8 = 12;
pub const BURN_CHECKED: u8 = 15;

/// One measured hop.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Moved {
    /// What the source was debited.
    pub sent: u64,
    /// What the destination was credited.
    pub arrived: u64,
    /// What the mint withheld on the way (`sent - arrived`).
    pub withheld: u64,
    /// The destination's balance before the hop.
    pub dest_before: u64,
}

impl Moved {
    /// The destination's balance after the hop.
    pub fn dest_after(&self) -> u64 {
        self.dest_before.saturating_add(self.arrived)
    }
}

fn read_pubkey(data: &[u8], at: usize) -> Option<Pubkey> {
    let bytes: [u8; 32] = data.get(at..at.checked_add(32)?)?.try_into().ok()?;
    Some(Pubkey::new_from_array(bytes))
}

/// The balance of a token account.
pub fn amount(account: &AccountInfo) -> Result<u64> {
    let data = account.try_borrow_data()?;
    data.get(AMOUNT..AMOUNT + 8)
        .and_then(|b| b.try_into().ok())
        .map(u64::from_le_bytes)
        .ok_or_else(|| error!(FeeRouterError::AccountNotTokenAccount))
}

/// Checks that `account` is an initialised token account of `token_program` for `mint`.
pub fn check_token_account(
    account: &AccountInfo,
    token_program: &Pubkey,
    mint: &Pubkey,
) -> Result<()> {
    token_account_owner(account, token_program, mint).map(|_| ())
}

/// Checks like [`check_token_account`] and returns the key that owns the account (its
/// authority, not its program), read in the same borrow.
fn token_account_owner(
    account: &AccountInfo,
    token_program: &Pubkey,
    mint: &Pubkey,
) -> Result<Pubkey> {
    require_keys_eq!(
        *account.owner,
        *token_program,
        FeeRouterError::AccountNotTokenAccount
    );
    let data = account.try_borrow_data()?;
    let is_account = match data.len() {
        TOKEN_ACCOUNT_LEN => true,
        MULTISIG_LEN => false,
        len if len > TOKEN_ACCOUNT_LEN => data.get(ACCOUNT_TYPE) == Some(&ACCOUNT_TYPE_ACCOUNT),
        _ => false,
    };
    require!(
        is_account && data.get(STATE).is_some_and(|s| *s != 0),
        FeeRouterError::AccountNotTokenAccount
    );
    require!(
        read_pubkey(&data, MINT).as_ref() == Some(mint),
        FeeRouterError::AccountMintMismatch
    );
    read_pubkey(&data, OWNER).ok_or_else(|| error!(FeeRouterError::AccountNotTokenAccount))
}

/// Checks a payout destination: a token account of `mint` that the router does not own
/// (tokens sent there would leave the accounting). Every vault is owned by the router (its
/// token authority, set at creation and never changed: the router never signs a
/// `SetAuthority`), so this also refuses each of the router's vaults. Returns the account's
/// owner.
pub fn check_payout_destination(
    account: &AccountInfo,
    token_program: &Pubkey,
    mint: &Pubkey,
    router: &Pubkey,
) -> Result<Pubkey> {
    let owner = token_account_owner(account, token_program, mint)?;
    require_keys_neq!(
        owner,
        *router,
        FeeRouterError::AccountDestinationIsRouterVault
    );
    Ok(owner)
}

/// Whether a token account (already checked to be one) is frozen: it can receive nothing.
pub fn is_frozen(account: &AccountInfo) -> Result<bool> {
    Ok(account.try_borrow_data()?.get(STATE) == Some(&STATE_FROZEN))
}

/// `TransferChecked` instruction data.
pub fn transfer_checked_data(amount: u64, decimals: u8) -> [u8; 10] {
    let mut data = [0u8; 10];
    data[0] = TRANSFER_CHECKED;
    data[1..9].copy_from_slice(&amount.to_le_bytes());
    data[9] = decimals;
    data
}

/// `BurnChecked` instruction data.
pub fn burn_checked_data(amount: u64, decimals: u8) -> [u8; 10] {
    let mut data = transfer_checked_data(amount, decimals);
    data[0] = BURN_CHECKED;
    data
}

/// Measured `transfer_checked` hops from one source, signed by one authority.
pub struct Transfers<'a, 'info> {
    mint: Mint<'a, 'info>,
    from: &'a AccountInfo<'info>,
    authority: &'a AccountInfo<'info>,
}

impl<'info> Transfers<'_, 'info> {
    /// Moves `amount` to `to` and returns what left, what arrived and what was withheld.
    pub fn send(
        &mut self,
        to: &AccountInfo<'info>,
        amount: u64,
        signer_seeds: &[&[&[u8]]],
    ) -> Result<Moved> {
        require_keys_neq!(
            *self.from.key,
            *to.key,
            FeeRouterError::AccountVaultMismatch
        );
        let before = self::amount(to)?;
        // SAFETY: the module rule — no account lent to a transfer is loaded (borrowed)
        // across it; callers end their loads' scopes before calling this module.
        unsafe {
            crate::batch_cpi::transfer_checked(
                self.mint.token_program.key,
                self.from,
                self.mint.mint,
                to,
                self.authority,
                transfer_checked_data(amount, self.mint.decimals),
                signer_seeds,
            )?;
        }
        let arrived = self::amount(to)?
            .checked_sub(before)
            .ok_or(FeeRouterError::MathOverflow)?;
        let withheld = amount
            .checked_sub(arrived)
            .ok_or(FeeRouterError::MathOverflow)?;
        Ok(Moved {
            sent: amount,
            arrived,
            withheld,
            dest_before: before,
        })
    }
}

/// The mint a hop moves, with its token program and decimals.
#[derive(Clone, Copy)]
pub struct Mint<'a, 'info> {
    pub token_program: &'a AccountInfo<'info>,
    pub mint: &'a AccountInfo<'info>,
    pub decimals: u8,
}

impl<'a, 'info> Mint<'a, 'info> {
    /// Moves `amount` from `from` to `to` with `transfer_checked`, signed by `authority`
    /// (with `signer_seeds` when the authority is the router PDA), and measures it on the
    /// destination. `from` and `to` must differ.
    pub fn transfer_measured(
        &self,
        from: &AccountInfo<'info>,
        to: &AccountInfo<'info>,
        authority: &AccountInfo<'info>,
        amount: u64,
        signer_seeds: &[&[&[u8]]],
    ) -> Result<Moved> {
        self.transfers_from(from, authority)
            .send(to, amount, signer_seeds)
    }

    /// Several measured transfers out of one source under one authority (a distribution):
    /// the instruction is built once and only its destination and amount change per hop.
    pub fn transfers_from<'b>(
        &self,
        from: &'b AccountInfo<'info>,
        authority: &'b AccountInfo<'info>,
    ) -> Transfers<'b, 'info>
    where
        'a: 'b,
    {
        Transfers {
            mint: *self,
            from,
            authority,
        }
    }

    /// Moves `amounts[i]` from `from` to `to[i]` for every non-zero amount (the destinations
    /// distinct and none the source), signed by `authority`, each hop measured on its
    /// destination against `before[i]`, its balance as the caller just read it. Under the SPL Token program the hops are `Transfer`s in one `Batch`
    /// instruction (one CPI; SPL Token mints have no extensions, so `TransferChecked`'s mint
    /// and decimals would check nothing the router has not); under Token-2022, whose `Batch`
    /// program-test's bundled v10 lacks, one `transfer_checked` per hop.
    pub fn send_each<const N: usize>(
        &self,
        from: &AccountInfo<'info>,
        authority: &AccountInfo<'info>,
        to: [&AccountInfo<'info>; N],
        before: &[u64; N],
        amounts: &[u64; N],
        signer_seeds: &[&[&[u8]]],
    ) -> Result<[Moved; N]> {
        let mut moved = [Moved::default(); N];
        if *self.token_program.key != anchor_spl::token::ID {
            let mut hops = self.transfers_from(from, authority);
            for ((dest, &amount), m) in to.iter().zip(amounts).zip(moved.iter_mut()) {
                if amount > 0 {
                    *m = hops.send(dest, amount, signer_seeds)?;
                }
            }
            return Ok(moved);
        }
        for (((dest, &amount), &dest_before), m) in
            to.iter().zip(amounts).zip(before).zip(moved.iter_mut())
        {
            if amount == 0 {
                continue;
            }
            require_keys_neq!(*from.key, *dest.key, FeeRouterError::AccountVaultMismatch);
            m.sent = amount;
            m.dest_before = dest_before;
        }
        // SAFETY: the module rule — no account lent to a transfer is loaded (borrowed)
        // across it; callers end their loads' scopes before calling this module.
        unsafe {
            crate::batch_cpi::transfer_batch(
                self.token_program.key,
                from,
                authority,
                &to,
                amounts,
                signer_seeds,
            )?;
        }
        for (dest, m) in to.iter().zip(moved.iter_mut()) {
            if m.sent == 0 {
                continue;
            }
            m.arrived = self::amount(dest)?
                .checked_sub(m.dest_before)
                .ok_or(FeeRouterError::MathOverflow)?;
            // SPL Token withholds nothing: a difference means `before` was not the balance.
            require!(m.arrived == m.sent, FeeRouterError::InvariantViolated);
        }
        Ok(moved)
    }

    /// Burns `amount` from `account` with `burn_checked`, signed by `authority`.
    pub fn burn(
        &self,
        account: &AccountInfo<'info>,
        authority: &AccountInfo<'info>,
        amount: u64,
        signer_seeds: &[&[&[u8]]],
    ) -> Result<()> {
        let ix = Instruction {
            program_id: *self.token_program.key,
            accounts: vec![
                AccountMeta::new(*account.key, false),
                AccountMeta::new(*self.mint.key, false),
                AccountMeta::new_readonly(*authority.key, true),
            ],
            data: burn_checked_data(amount, self.decimals).to_vec(),
        };
        invoke_signed_unchecked(
            &ix,
            &[account.clone(), self.mint.clone(), authority.clone()],
            signer_seeds,
        )?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use anchor_spl::token_2022::spl_token_2022;

    #[test]
    fn checked_transfer_and_burn_data_are_the_token_programs_own() {
        let k = Pubkey::new_unique();
        for (amount, decimals) in [(0, 0), (1, 6), (987_654_321, 9), (u64::MAX, 255)] {
            let t = spl_token_2022::instruction::transfer_checked(
                &spl_token_2022::ID,
                &k,
                &k,
                &k,
                &k,
                &[],
                amount,
                decimals,
            )
            .unwrap();
            assert_eq!(&transfer_checked_data(amount, decimals)[..], &t.data[..]);
            let b = spl_token_2022::instruction::burn_checked(
                &spl_token_2022::ID,
                &k,
                &k,
                &k,
                &[],
                amount,
                decimals,
            )
            .unwrap();
            assert_eq!(&burn_checked_data(amount, decimals)[..], &b.data[..]);
        }
    }
}
