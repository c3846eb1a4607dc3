//! The program's one error enum. Names are grouped by prefix; each message says what to do.
use anchor_lang::prelude::*;

#[error_code]
pub enum FeeRouterError {
    // Initialisation
    #[msg("Fee mint and protocol mint must differ: the buyback buys the protocol token with fees")]
    InitMintsMustDiffer,
    #[msg("The mint has a Token-2022 extension the router cannot hold safely (permanent delegate, transfer hook, non-transferable or default account state)")]
    InitUnsupportedMintExtension,

    // Keys
    #[msg("A real key is required here, not the default address")]
    KeyRequired,

    // Accounts
    #[msg("This mint or token account is not of the router's fee mint")]
    AccountMintMismatch,
    #[msg("This token program is not the one the router's mint belongs to")]
    AccountTokenProgramMismatch,
    #[msg("This token account is not the router's vault for that purpose")]
    AccountVaultMismatch,
    #[msg("This stake position belongs to another router")]
    AccountPositionMismatch,

    // Access
    #[msg("Only the router's authority may do this")]
    AccessAuthorityRequired,
    #[msg("Only the router's guardian or authority may pause or unpause")]
    AccessGuardianRequired,
    #[msg("Only the position's owner may do this")]
    AccessPositionOwnerRequired,

    // Authority transfer
    #[msg("That key is already the authority")]
    AuthorityAlreadyCurrent,
    #[msg("No authority transfer is pending: the authority must propose one first")]
    AuthorityNoTransferPending,
    #[msg("Only the proposed authority may accept the transfer")]
    AuthorityWrongAcceptor,

    // Setters
    #[msg("A split's four shares must sum to exactly 10000 basis points")]
    SetterSplitIncomplete,
    #[msg("Guard rails out of bounds: the top-up share is at most 10000 bps and the insurance floor at most its cap")]
    SetterGuardRailsOutOfBounds,
    #[msg("Staking parameters out of bounds: cooldown at most a year, stream period between 1 second and a year")]
    SetterStakingParamsOutOfBounds,

    // Pause
    #[msg("This operation is paused by the guardian; try again once it is unpaused")]
    PauseOperationPaused,
    #[msg("Pause flags must name at least one known operation and nothing else")]
    PauseUnknownOperation,

    // Deposits and distribution
    #[msg("Deposit a positive amount")]
    DepositZeroAmount,
    #[msg("The intake vault is empty: there is nothing to distribute")]
    DistributeNothingToDistribute,

    // Staking
    #[msg("Stake a positive amount")]
    StakeZeroAmount,
    #[msg("Request an unstake of a positive amount no larger than the active stake")]
    UnstakeAmountInvalid,
    #[msg("An unstake request is already pending: withdraw it once unlocked before requesting another")]
    UnstakeRequestPending,
    #[msg("No unstake request is pending")]
    WithdrawNothingPending,
    #[msg("The unstake request is still in its cooldown; withdraw after the unlock time")]
    WithdrawStillLocked,
    #[msg("No rewards to claim yet")]
    ClaimNothingToClaim,

    // Math and invariants
    #[msg("Arithmetic overflow: the amounts involved are out of range")]
    MathOverflow,
    #[msg("Router state would violate an invariant; nothing was changed")]
    InvariantViolated,
}

impl From<crate::math::MathError> for FeeRouterError {
    fn from(_: crate::math::MathError) -> Self {
        FeeRouterError::MathOverflow
    }
}
