//! Account sets shared by the setters.
use anchor_lang::prelude::*;

use crate::error::FeeRouterError;
use crate::state::Router;

/// A setter only the router's authority may call.
#[derive(Accounts)]
pub struct AuthorityOnly<'info> {
    pub authority: Signer<'info>,
    #[account(mut, has_one = authority @ FeeRouterError::AccessAuthorityRequired)]
    pub router: AccountLoader<'info, Router>,
}

/// Pausing and unpausing: the guardian or the authority.
#[derive(Accounts)]
pub struct GuardianOrAuthority<'info> {
    pub signer: Signer<'info>,
    #[account(
        mut,
        constraint = {
            let r = router.load()?;
            signer.key() == r.guardian || signer.key() == r.authority
        } @ FeeRouterError::AccessGuardianRequired
    )]
    pub router: AccountLoader<'info, Router>,
}
