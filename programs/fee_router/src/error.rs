//! The program's one error enum. Names are grouped by prefix; each message says what to do.
//!
//! Codes are pinned: each group starts at its own value (Anchor adds 6000), and a new error
//! takes the next free value of its group, so no code a client already handles ever moves.
//!
//! | group | first code |
//! |---|---|
//! | Init | 6000 |
//! | Keys | 6050 |
//! | Account | 6100 |
//! | Access | 6200 |
//! | Authority | 6250 |
//! | Setter | 6300 |
//! | Pause | 6350 |
//! | Deposit, Distribute | 6400 |
//! | Stake, Unstake, Withdraw, Claim | 6500 |
//! | Sweep | 6600 |
//! | Insurance | 6650 |
//! | Governance | 6700 |
//! | Buyback | 6800 |
//! | Rebate | 6850 |
//! | Math, Invariant | 6900 |
//! | Market | 6950 |
//! | Line (fee lines of a stake pool) | 6970 |
use anchor_lang::prelude::*;

#[error_code]
pub enum FeeRouterError {
    // Initialisation: 6000..
    #[msg("Fee mint and protocol mint must differ: the buyback buys the protocol token with fees")]
    InitMintsMustDiffer = 0,
    #[msg("The mint cannot be routed: it is non-transferable, or a transfer-hook program is set whose accounts the router's transfers do not pass")]
    InitUnsupportedMintExtension = 1,
    #[msg("The protocol mint gives a third party power over staked principal (permanent delegate, transfer hook, pausable, default-frozen accounts, a close authority, permissioned burn, or a transfer fee a key can still change): use a mint without it")]
    InitProtocolMintPowerRefused = 2,
    #[msg("The fee mint's issuer powers must be acknowledged exactly: pass the mint's power bits as acknowledged_fee_mint_powers (the CLI's `init --acknowledge` lists them)")]
    InitFeeMintPowersNotAcknowledged = 3,

    // Keys: 6050..
    #[msg("A real key is required here, not the default address")]
    KeyRequired = 50,

    // Accounts: 6100..
    #[msg("This mint or token account is not of the mint the router expects here")]
    AccountMintMismatch = 100,
    #[msg("This token program is not the one the router's mint belongs to")]
    AccountTokenProgramMismatch = 101,
    #[msg("This token account is not the router's vault for that purpose")]
    AccountVaultMismatch = 102,
    #[msg("This stake position belongs to another router")]
    AccountPositionMismatch = 103,
    #[msg("This account is not a token account of the expected token program")]
    AccountNotTokenAccount = 104,
    #[msg("Payouts cannot go to one of the router's own vaults or to an account the router owns: name a token account of your own")]
    AccountDestinationIsRouterVault = 105,
    #[msg("This governance, proposal, auction, rebates or insurance fund account belongs to another router")]
    AccountGovernanceMismatch = 106,
    #[msg("This action needs an optional account that was not passed: an insurance payout needs the insurance vault, the shortfall account, the fee mint and its token program")]
    AccountMissing = 107,
    #[msg("Registering a shortfall account or a treasury needs that token account passed with the instruction, so the program can check it is a token account of the right mint")]
    AccountToRegisterMissing = 108,
    #[msg("This token account is frozen, so nothing can be paid into it: name one that is not")]
    AccountFrozen = 109,
    #[msg(
        "This account is not a stake position of the layout before fee lines: nothing to upgrade"
    )]
    AccountPositionNotOld = 110,

    // Access: 6200..
    #[msg("Only the router's authority may do this")]
    AccessAuthorityRequired = 200,
    #[msg("Only the router's guardian or authority may pause or unpause")]
    AccessGuardianRequired = 201,
    #[msg("Only the position's owner may do this")]
    AccessPositionOwnerRequired = 202,
    #[msg("The authority paused this operation: only the authority may lift that pause")]
    AccessGuardianCannotLiftAuthorityPause = 203,
    #[msg("Only the proposal's proposer may cancel it")]
    AccessProposerRequired = 204,
    // 205 is retired (the guardian could execute with any other key, so the rule held
    // nothing; execution is permissionless) and is never reused.
    #[msg("Only the router's guardian may veto a proposal")]
    AccessGuardianOnly = 206,

    // Authority transfer: 6250..
    #[msg("That key is already the authority")]
    AuthorityAlreadyCurrent = 250,
    #[msg("No authority transfer is pending: the authority must propose one first")]
    AuthorityNoTransferPending = 251,
    #[msg("Only the proposed authority may accept the transfer")]
    AuthorityWrongAcceptor = 252,

    // Setters: 6300..
    #[msg("A split's four shares must sum to exactly 10000 basis points")]
    SetterSplitIncomplete = 300,
    #[msg("Guard rails out of bounds: the top-up share is at most 10000 bps and the insurance floor at most its cap")]
    SetterGuardRailsOutOfBounds = 301,
    #[msg("Staking parameters out of bounds: cooldown at most a year, stream period between 60 seconds and a year")]
    SetterStakingParamsOutOfBounds = 302,
    #[msg("Governance parameters out of bounds: vote and timelock an hour to 30 days, grace an hour to 90 days, quorum 1 to 5000 bps, approval 5000 to 6667 bps")]
    SetterGovernanceParamsOutOfBounds = 303,
    #[msg("Auction parameters out of bounds: an epoch of a minute to 30 days, 1 <= floor <= min start <= max start, a multiplier of 10000 to 100000 bps")]
    SetterAuctionParamsOutOfBounds = 304,
    #[msg("Discount tiers out of bounds: used tiers first, thresholds of at least 1 strictly ascending, shares of 1 to 10000 bps never falling, unused tiers all zero, a warm-up of at most 30 days")]
    SetterDiscountTiersOutOfBounds = 305,
    #[msg("Insurance parameters out of bounds: a period of a day to a year and a payout cap of 1 to 10000 bps")]
    SetterInsuranceParamsOutOfBounds = 306,
    #[msg("Rebate limits out of bounds: a period of an hour to a year, a period share of 1 to 10000 bps and a per-report share of 1 bps up to the period share")]
    SetterRebateLimitsOutOfBounds = 307,

    // Pause: 6350..
    #[msg("This operation is paused; try again once it is unpaused")]
    PauseOperationPaused = 350,
    #[msg("Pause flags must name at least one known operation and nothing else")]
    PauseUnknownOperation = 351,

    // Deposits and distribution: 6400..
    #[msg("Deposit a positive amount")]
    DepositZeroAmount = 400,
    #[msg("The intake vault is empty: there is nothing to distribute")]
    DistributeNothingToDistribute = 401,

    // Staking: 6500..
    #[msg("Stake a positive amount that reaches the stake vault")]
    StakeZeroAmount = 500,
    #[msg("Request an unstake of a positive amount no larger than the active stake")]
    UnstakeAmountInvalid = 501,
    #[msg("An unstake request is already pending: withdraw it once unlocked before requesting another")]
    UnstakeRequestPending = 502,
    #[msg("No unstake request is pending")]
    WithdrawNothingPending = 503,
    #[msg("The unstake request is still in its cooldown; withdraw after the unlock time")]
    WithdrawStillLocked = 504,
    #[msg("No rewards to claim yet")]
    ClaimNothingToClaim = 505,

    // Sweeps: 6600..
    #[msg(
        "The vault holds nothing above what the router owes from it: there is no surplus to sweep"
    )]
    SweepNothingToSweep = 600,

    // Insurance payouts: 6650..
    #[msg("No shortfall account is registered for this router: register one through the configuration path first")]
    InsuranceNoShortfallAccount = 650,
    #[msg("Insurance pays out only to the router's registered shortfall account")]
    InsuranceWrongAccount = 651,
    #[msg("The payout exceeds what the period's cap still allows: in any window of the period, payouts stay within its share of the fund (the log says how much is left; a payout stops counting a period after it was made)")]
    InsuranceAbovePeriodCap = 652,
    #[msg("Pay out a positive amount")]
    InsuranceZeroAmount = 653,
    #[msg("The payout exceeds what the insurance vault holds")]
    InsuranceAboveFund = 654,
    #[msg("The insurance fund has paid out since this payout was prepared (its payout count differs from payouts_before): a transaction prepared once pays once; prepare it again if it is still owed")]
    InsurancePayoutAlreadyMade = 655,

    // Governance: 6700..
    #[msg("This router is governed by its stakers: a change needs an executed proposal, not a setter call")]
    GovernanceModeSetterClosed = 700,
    #[msg("Proposals execute only while the router's authority is its governance; this router has an external authority")]
    GovernanceNotInControl = 701,
    #[msg("Creating a proposal needs at least the minimum stake to propose, active before now")]
    GovernanceStakeBelowMinimum = 702,
    #[msg("A proposal carries one to four actions")]
    GovernanceActionCount = 703,
    #[msg("The proposal is not open for votes")]
    GovernanceNotVoting = 704,
    #[msg("Voting on this proposal has ended: finalize it")]
    GovernanceVotingEnded = 705,
    #[msg(
        "Only stake active before the proposal was created votes on it, and this position has none"
    )]
    GovernanceNoVotingWeight = 706,
    #[msg("This position has already voted on this proposal: use change_vote to change the vote while voting is open")]
    GovernanceAlreadyVoted = 707,
    #[msg("Voting is still open: finalize after it ends")]
    GovernanceVotingNotEnded = 708,
    #[msg("Only a passed proposal can execute or be vetoed")]
    GovernanceNotPassed = 709,
    #[msg("The timelock has not ended: execute at or after the proposal's executable time")]
    GovernanceTimelockNotOver = 710,
    #[msg("The grace period is over: the proposal expired without executing")]
    GovernanceProposalExpired = 711,
    #[msg("Another configuration change landed since this proposal was created: propose it again")]
    GovernanceProposalStale = 712,
    #[msg("The router's trailing 30-day fees fall short of the stage's gate (the log says by how much)")]
    GovernanceStageGateNotMet = 713,
    #[msg("Stake that voted cannot enter cooldown until the vote ends")]
    GovernanceStakeLockedByVote = 714,
    #[msg("A proposal can be cancelled only before any vote is cast")]
    GovernanceCancelAfterVotes = 715,
    #[msg("The guardian may veto only during the timelock, before the proposal is executable")]
    GovernanceVetoAfterTimelock = 716,
    #[msg("This vote record is not this voter's record on this proposal")]
    GovernanceVoteRecordMismatch = 717,
    #[msg("That proposal id is not the next one (another proposal may have taken it): read the governance's proposal count and propose again")]
    GovernanceProposalIdTaken = 718,

    // Buyback: 6800..
    #[msg("The auction has moved to another epoch: read the current epoch and price again")]
    BuybackStaleEpoch = 800,
    #[msg("The payment would exceed your maximum: the price is higher than you allowed")]
    BuybackAboveMaxPayment = 801,
    #[msg("Less than your minimum would arrive: the vault and the epoch's and day's caps limit the lot, and the fee mint's transfer fee is withheld on the way; lower your minimum or buy more")]
    BuybackBelowMinimumOut = 802,
    #[msg("Nothing is on offer: the buyback vault is empty or a cap is used up")]
    BuybackNothingToSell = 803,
    #[msg("Governance set a treasury for paid protocol tokens: pass that token account")]
    BuybackTreasuryMismatch = 804,

    // Rebates: 6850..
    #[msg("Only the router's registered rebate authority may report a trader's fee (none is registered until the configuration path sets one)")]
    RebateAuthorityRequired = 850,
    #[msg("This stake position is not the trader's")]
    RebatePositionNotTrader = 851,
    #[msg("A rebate goes to a fee-token account the trader owns")]
    RebateDestinationNotTrader = 852,

    // Math and invariants: 6900..
    #[msg("Arithmetic overflow: the amounts involved are out of range")]
    MathOverflow = 900,
    #[msg(
        "Router state would violate an invariant (the log names the clause); nothing was changed"
    )]
    InvariantViolated = 901,

    // Markets: 6950..
    #[msg("This market authority is not the one approved to open a fee account: approve it first (approve_market, or a proposal's ApproveMarket)")]
    MarketNotApproved = 950,
    #[msg("Only the market's registered authority may charge a fee into its fee account")]
    MarketAuthorityRequired = 951,
    #[msg("This fee account or token account is not the market's")]
    MarketAccountMismatch = 952,
    #[msg("Nothing to sweep and no allowance to top up in this market's fee account")]
    MarketNothingToSweep = 953,

    // Fee lines of a stake pool: 6970..
    #[msg("This router is a fee line of a stake pool: stake, vote, set the stage, the split and the tiers in the pool")]
    LineNotPool = 970,
    #[msg("Pass every fee line of the pool, writable, in slot order, as the remaining accounts (and no other account); a line's distribution passes its pool")]
    LineAccountsMismatch = 971,
    #[msg("The pool holds the most fee lines it can (8, its own included)")]
    LinePoolFull = 972,
    #[msg("Only a router that has never held stake, rewards or markets, and has no fee lines of its own, joins a pool as a fee line")]
    LineNotFresh = 973,
    #[msg("A fee line's protocol mint, its token program and its creator must be the pool's")]
    LineProtocolMismatch = 974,
    #[msg("ForFeeLine comes first in a proposal, with at least one action after it, and none that belongs to the pool (stage, split, tiers, voting rules, stage gates, lines); execute it with that line as the router")]
    LineActionNotForLine = 975,
}

impl From<crate::math::MathError> for FeeRouterError {
    fn from(_: crate::math::MathError) -> Self {
        FeeRouterError::MathOverflow
    }
}
