//! The one way tokens leave a router vault: `transfer_checked`, signed by the router PDA.
use anchor_lang::prelude::*;
use anchor_spl::token_interface::{self, TransferChecked};

use crate::state::RouterSeeds;

/// The accounts of a transfer out of a router vault.
pub struct VaultTransfer<'a, 'info> {
    pub token_program: Pubkey,
    pub mint: AccountInfo<'info>,
    pub router: AccountInfo<'info>,
    pub seeds: &'a RouterSeeds,
}

impl<'info> VaultTransfer<'_, 'info> {
    /// Moves `amount` from the vault `from` to `to`.
    pub fn send(
        &self,
        from: AccountInfo<'info>,
        to: AccountInfo<'info>,
        amount: u64,
        decimals: u8,
    ) -> Result<()> {
        let seeds = self.seeds.seeds();
        token_interface::transfer_checked(
            CpiContext::new_with_signer(
                self.token_program,
                TransferChecked {
                    from,
                    mint: self.mint.clone(),
                    to,
                    authority: self.router.clone(),
                },
                &[&seeds],
            ),
            amount,
            decimals,
        )
    }
}
