//! The program's one error enum. Names are grouped by prefix; each message says what to do.
use anchor_lang::prelude::*;

#[error_code]
pub enum FeeRouterError {
    // Initialisation
    #[msg("Fee mint and protocol mint must differ: the buyback buys the protocol token with fees")]
    InitMintsMustDiffer,
    #[msg("The mint has a Token-2022 extension the router cannot hold safely (permanent delegate, transfer hook, non-transferable or default frozen state)")]
    InitUnsupportedMintExtension,
    #[msg("Authority and guardian must be real keys, not the default address")]
    InitKeyRequired,

    // Accounts
    #[msg("This mint is not the router's fee or protocol mint")]
    AccountMintMismatch,
    #[msg("This token program is not the one the router's mint belongs to")]
    AccountTokenProgramMismatch,
    #[msg("This token account is not the router's vault for that purpose")]
    AccountVaultMismatch,

    // Access
    #[msg("Only the router's authority may do this")]
    AccessAuthorityRequired,

    // Math and invariants
    #[msg("Arithmetic overflow: the amounts involved are out of range")]
    MathOverflow,
    #[msg("Router state would violate an invariant; nothing was changed")]
    InvariantViolated,
}
