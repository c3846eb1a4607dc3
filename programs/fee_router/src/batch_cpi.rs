//! Token CPIs through the runtime's C interface (`sol_invoke_signed_c`): a `Batch` of SPL
//! Token `Transfer`s from one source under one authority (a distribution's four hops), and a
//! single `TransferChecked` (every other transfer the router makes).
//!
//! Why not `invoke_signed_unchecked`: the Rust interface takes an `Instruction` (a `Vec` of
//! 34-byte `AccountMeta`s and a `Vec` of data, cloned again inside the call) and a slice of
//! `AccountInfo` clones. For a distribution's four hops that was twelve metas, six clones and
//! three allocations, measured at about 210 compute units a hop, and about 280 for a single
//! transfer, before the runtime's own cost. The C interface takes the same instruction as
//! plain pointers into the accounts the runtime already serialised, built here on the stack.
//! The runtime checks exactly what it checks on the Rust interface (every account is one the
//! caller holds, signer privileges, the PDA's seeds), and the token program checks the rest.
//!
//! Accounts lent to a CPI must not be borrowed across it: the module rule of
//! [`crate::token`] (nothing lent to a transfer is loaded across it) covers these too, and
//! the functions here are `unsafe` with that contract.
use anchor_lang::prelude::*;

use crate::error::FeeRouterError;

/// The most hops one batch carries (a distribution's four buckets).
pub const MAX_HOPS: usize = 4;
/// The SPL Token program's `Batch` tag (p-token).
pub const BATCH: u8 = 255;
/// SPL Token's `Transfer` tag (source, destination, authority; the amount).
pub const TRANSFER: u8 = 3;
/// One `Transfer` inside a `Batch`: its account count and data length, the tag and the amount.
pub const HOP_LEN: usize = 11;
const DATA_LEN: usize = 1 + MAX_HOPS * HOP_LEN;

/// A hop's header in a `Batch`: `Transfer` takes three accounts and nine bytes of data.
const HOP_HEADER: [u8; 3] = [3, 9, TRANSFER];

/// The batch's instruction data: a `Transfer` for each non-zero amount, in order; and its
/// length.
pub fn batch_data(amounts: &[u64]) -> Result<([u8; DATA_LEN], usize)> {
    require!(amounts.len() <= MAX_HOPS, FeeRouterError::InvariantViolated);
    let mut data = [0u8; DATA_LEN];
    data[0] = BATCH;
    // `chunks_exact_mut` rather than `as_chunks_mut`: measured 18 compute units cheaper on SBF.
    #[allow(clippy::chunks_exact_to_as_chunks)]
    let mut hops = data[1..].chunks_exact_mut(HOP_LEN);
    let mut len = 1usize;
    for &amount in amounts.iter().filter(|&&a| a > 0) {
        if let Some(hop) = hops.next() {
            let (head, tail) = hop.split_at_mut(3);
            head.copy_from_slice(&HOP_HEADER);
            tail.copy_from_slice(&amount.to_le_bytes());
            len = len.saturating_add(HOP_LEN);
        }
    }
    Ok((data, len))
}

/// Transfers `amounts[i]` from `from` to `to[i]` for each non-zero amount, signed by
/// `authority` (with `signer_seeds` when it is a PDA), in one `Batch` instruction of
/// `token_program`; no CPI when every amount is zero. The destinations are distinct and none
/// is the source (the caller checks).
///
/// # Safety
/// No `Ref` or `RefMut` of any account passed (`from`, `authority`, `to`) may be alive across
/// the call: the runtime writes the accounts' lamports and data through the pointers the
/// batch passes, as the token module's rule requires of every account lent to a transfer.
pub unsafe fn transfer_batch<'info>(
    token_program: &Pubkey,
    from: &AccountInfo<'info>,
    authority: &AccountInfo<'info>,
    to: &[&AccountInfo<'info>],
    amounts: &[u64],
    signer_seeds: &[&[&[u8]]],
) -> Result<()> {
    require!(to.len() == amounts.len(), FeeRouterError::InvariantViolated);
    let (data, len) = batch_data(amounts)?;
    if len == 1 {
        return Ok(());
    }
    let data = data.get(..len).ok_or(FeeRouterError::InvariantViolated)?;
    invoke(
        token_program,
        from,
        authority,
        to,
        amounts,
        data,
        signer_seeds,
    )
}

/// `TransferChecked` (`data`, from [`crate::token::transfer_checked_data`]) from `from` to
/// `to` of `mint`, signed by `authority` (with `signer_seeds` when it is a PDA), through the
/// same C interface: one instruction of four accounts built on the stack.
///
/// # Safety
/// As [`transfer_batch`]: no `Ref` or `RefMut` of any account passed may be alive across the
/// call.
pub unsafe fn transfer_checked<'info>(
    token_program: &Pubkey,
    from: &AccountInfo<'info>,
    mint: &AccountInfo<'info>,
    to: &AccountInfo<'info>,
    authority: &AccountInfo<'info>,
    data: [u8; 10],
    signer_seeds: &[&[&[u8]]],
) -> Result<()> {
    #[cfg(target_os = "solana")]
    {
        use sys::{Info, Meta};
        let meta = |key: &Pubkey, is_writable: bool, is_signer: bool| Meta {
            pubkey: key,
            is_writable,
            is_signer,
        };
        let metas = [
            meta(from.key, true, false),
            meta(mint.key, false, false),
            meta(to.key, true, false),
            meta(authority.key, false, true),
        ];
        // SAFETY: this function's contract.
        let mut infos = unsafe {
            [
                Info::of(from),
                Info::of(mint),
                Info::of(to),
                Info::of(authority),
            ]
        };
        // SAFETY: this function's contract.
        unsafe { sys::call(token_program, &metas, &mut infos, &data, signer_seeds) }
    }
    #[cfg(not(target_os = "solana"))]
    {
        use anchor_lang::solana_program::instruction::{AccountMeta, Instruction};
        let ix = Instruction {
            program_id: *token_program,
            accounts: vec![
                AccountMeta::new(*from.key, false),
                AccountMeta::new_readonly(*mint.key, false),
                AccountMeta::new(*to.key, false),
                AccountMeta::new_readonly(*authority.key, true),
            ],
            data: data.to_vec(),
        };
        let infos = [from.clone(), mint.clone(), to.clone(), authority.clone()];
        anchor_lang::solana_program::program::invoke_signed_unchecked(&ix, &infos, signer_seeds)?;
        Ok(())
    }
}

#[cfg(target_os = "solana")]
mod sys {
    use anchor_lang::prelude::*;

    /// `SolAccountMeta`.
    #[repr(C)]
    #[derive(Clone, Copy)]
    pub struct Meta {
        pub pubkey: *const Pubkey,
        pub is_writable: bool,
        pub is_signer: bool,
    }

    /// `SolInstruction`.
    #[repr(C)]
    pub struct Ix {
        pub program_id: *const Pubkey,
        pub accounts: *const Meta,
        pub accounts_len: u64,
        pub data: *const u8,
        pub data_len: u64,
    }

    /// `SolAccountInfo`.
    #[repr(C)]
    #[derive(Clone, Copy)]
    pub struct Info {
        pub key: *const Pubkey,
        pub lamports: *mut u64,
        pub data_len: u64,
        pub data: *mut u8,
        pub owner: *const Pubkey,
        pub rent_epoch: u64,
        pub is_signer: bool,
        pub is_writable: bool,
        pub executable: bool,
    }

    /// Invokes `program_id` with `metas`, `infos` and `data` through `sol_invoke_signed_c`.
    ///
    /// # Safety
    /// Every `Info` is from [`Info::of`] under its contract, and every meta's key is one of
    /// theirs. Only for callees that do not resize an account (token transfers): the runtime
    /// would write a new length into `infos`, not into the `AccountInfo`s they came from.
    pub unsafe fn call(
        program_id: &Pubkey,
        metas: &[Meta],
        infos: &mut [Info],
        data: &[u8],
        signer_seeds: &[&[&[u8]]],
    ) -> Result<()> {
        let ix = Ix {
            program_id,
            accounts: metas.as_ptr(),
            accounts_len: metas.len() as u64,
            data: data.as_ptr(),
            data_len: data.len() as u64,
        };
        // SAFETY: every pointer is to a live value of the caller's frame or to the runtime's
        // serialised accounts; `&[&[&[u8]]]` has the layout of `SolSignerSeeds[]` (pointer and
        // length pairs of pointer and length pairs), as the SDK's own Rust-interface
        // `invoke_signed_unchecked` relies on for its seeds.
        let code = unsafe {
            anchor_lang::solana_program::program::syscalls::sol_invoke_signed_c(
                (&raw const ix).cast::<u8>(),
                infos.as_mut_ptr().cast::<u8>(),
                infos.len() as u64,
                signer_seeds.as_ptr().cast::<u8>(),
                signer_seeds.len() as u64,
            )
        };
        if code == 0 {
            Ok(())
        } else {
            Err(anchor_lang::solana_program::program_error::ProgramError::from(code).into())
        }
    }

    impl Info {
        /// The account as the runtime serialised it: the pointers `AccountInfo` wraps, taken
        /// as raw pointers, without borrowing its cells and without making references.
        ///
        /// # Safety
        /// No `Ref` or `RefMut` of the account's lamports or data may be alive while the
        /// returned pointers are in use (the CPI writes through them).
        pub unsafe fn of(account: &AccountInfo) -> Self {
            // SAFETY: the cells hold references to the runtime's serialised account, valid
            // for the whole instruction; the caller guarantees no borrow of them is alive.
            let (lamports, data) = unsafe {
                (
                    &raw mut **account.lamports.as_ptr(),
                    &raw mut **account.data.as_ptr(),
                )
            };
            Self {
                key: account.key,
                lamports,
                data_len: data.len() as u64,
                data: data.cast::<u8>(),
                owner: account.owner,
                // Not read by the runtime; serialised as u64::MAX for every account.
                rent_epoch: u64::MAX,
                is_signer: account.is_signer,
                is_writable: account.is_writable,
                executable: account.executable,
            }
        }
    }
}

/// # Safety
/// As [`transfer_batch`].
#[cfg(target_os = "solana")]
unsafe fn invoke<'info>(
    token_program: &Pubkey,
    from: &AccountInfo<'info>,
    authority: &AccountInfo<'info>,
    to: &[&AccountInfo<'info>],
    amounts: &[u64],
    data: &[u8],
    signer_seeds: &[&[&[u8]]],
) -> Result<()> {
    use sys::{Info, Meta};
    let source = Meta {
        pubkey: from.key,
        is_writable: true,
        is_signer: false,
    };
    let signer = Meta {
        pubkey: authority.key,
        is_writable: false,
        is_signer: true,
    };
    let mut metas = [signer; 3 * MAX_HOPS];
    // SAFETY (each `Info::of`): `transfer_batch`'s contract, no borrow of a lent account alive.
    let mut infos = [unsafe { Info::of(from) }; MAX_HOPS + 2];
    infos[1] = unsafe { Info::of(authority) };
    let mut hops = 0usize;
    for (dest, _) in to
        .iter()
        .zip(amounts)
        .filter(|(_, &a)| a > 0)
        .take(MAX_HOPS)
    {
        let at = hops.saturating_mul(3);
        metas[at] = source;
        metas[at.saturating_add(1)] = Meta {
            pubkey: dest.key,
            is_writable: true,
            is_signer: false,
        };
        infos[hops.saturating_add(2)] = unsafe { Info::of(dest) };
        hops = hops.saturating_add(1);
    }
    // SAFETY: this function's contract.
    unsafe {
        sys::call(
            token_program,
            metas.get(..hops.saturating_mul(3)).unwrap_or(&[]),
            infos.get_mut(..hops.saturating_add(2)).unwrap_or(&mut []),
            data,
            signer_seeds,
        )
    }
}

/// Off chain (host builds of the crate) the same instruction through the SDK's Rust interface.
/// # Safety
/// As [`transfer_batch`] (nothing unsafe off chain).
#[cfg(not(target_os = "solana"))]
unsafe fn invoke<'info>(
    token_program: &Pubkey,
    from: &AccountInfo<'info>,
    authority: &AccountInfo<'info>,
    to: &[&AccountInfo<'info>],
    amounts: &[u64],
    data: &[u8],
    signer_seeds: &[&[&[u8]]],
) -> Result<()> {
    use anchor_lang::solana_program::instruction::{AccountMeta, Instruction};
    let mut accounts = Vec::with_capacity(to.len().saturating_mul(3));
    let mut infos = vec![from.clone(), authority.clone()];
    for (dest, _) in to.iter().zip(amounts).filter(|(_, &a)| a > 0) {
        accounts.push(AccountMeta::new(*from.key, false));
        accounts.push(AccountMeta::new(*dest.key, false));
        accounts.push(AccountMeta::new_readonly(*authority.key, true));
        infos.push((*dest).clone());
    }
    let ix = Instruction {
        program_id: *token_program,
        accounts,
        data: data.to_vec(),
    };
    anchor_lang::solana_program::program::invoke_signed_unchecked(&ix, &infos, signer_seeds)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_batch_of_transfers_is_the_tag_then_count_length_tag_and_amount_per_hop() {
        let (data, len) = batch_data(&[1, 0, 0x0102_0304_0506_0708]).unwrap();
        assert_eq!(len, 1 + 2 * HOP_LEN);
        assert_eq!(data[0], BATCH);
        assert_eq!(&data[1..4], &[3, 9, TRANSFER]);
        assert_eq!(&data[4..12], &1u64.to_le_bytes());
        assert_eq!(&data[12..15], &[3, 9, TRANSFER]);
        assert_eq!(&data[15..23], &0x0102_0304_0506_0708u64.to_le_bytes());
    }

    #[test]
    fn a_hop_carries_spl_tokens_own_transfer_encoding() {
        use anchor_spl::token::spl_token;
        let key = Pubkey::new_unique();
        for amount in [1, 987_654_321, u64::MAX] {
            let spl =
                spl_token::instruction::transfer(&spl_token::ID, &key, &key, &key, &[], amount)
                    .unwrap();
            let (data, len) = batch_data(&[amount]).unwrap();
            let hop = &data[1..len];
            assert_eq!(&hop[2..], &spl.data[..]);
            assert_eq!(usize::from(hop[1]), spl.data.len());
            assert_eq!(usize::from(hop[0]), spl.accounts.len());
        }
    }

    #[test]
    fn more_hops_than_a_batch_carries_are_refused() {
        assert!(batch_data(&[1; MAX_HOPS + 1]).is_err());
        assert!(batch_data(&[1; MAX_HOPS]).is_ok());
        assert_eq!(
            batch_data(&[0; MAX_HOPS]).unwrap().1,
            1,
            "zero amounts are left out"
        );
    }
}
