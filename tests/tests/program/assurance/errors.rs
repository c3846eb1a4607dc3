//! SPEC §7 (Interfaces): error codes are pinned and every one of them is triggered by a test.
use fee_router::error::FeeRouterError;

/// Every error, with the code clients know it by. A new error takes the next free value of
/// its group; none of these may ever change.
const PINNED: &[(FeeRouterError, u32)] = &[
    (FeeRouterError::InitMintsMustDiffer, 6000),
    (FeeRouterError::InitUnsupportedMintExtension, 6001),
    (FeeRouterError::InitProtocolMintPowerRefused, 6002),
    (FeeRouterError::InitFeeMintPowersNotAcknowledged, 6003),
    (FeeRouterError::KeyRequired, 6050),
    (FeeRouterError::AccountMintMismatch, 6100),
    (FeeRouterError::AccountTokenProgramMismatch, 6101),
    (FeeRouterError::AccountVaultMismatch, 6102),
    (FeeRouterError::AccountPositionMismatch, 6103),
    (FeeRouterError::AccountNotTokenAccount, 6104),
    (FeeRouterError::AccountDestinationIsRouterVault, 6105),
    (FeeRouterError::AccountGovernanceMismatch, 6106),
    (FeeRouterError::AccountMissing, 6107),
    (FeeRouterError::AccountToRegisterMissing, 6108),
    (FeeRouterError::AccountFrozen, 6109),
    (FeeRouterError::AccountPositionNotOld, 6110),
    (FeeRouterError::AccessAuthorityRequired, 6200),
    (FeeRouterError::AccessGuardianRequired, 6201),
    (FeeRouterError::AccessPositionOwnerRequired, 6202),
    (FeeRouterError::AccessGuardianCannotLiftAuthorityPause, 6203),
    (FeeRouterError::AccessProposerRequired, 6204),
    (FeeRouterError::AccessGuardianOnly, 6206),
    (FeeRouterError::AuthorityAlreadyCurrent, 6250),
    (FeeRouterError::AuthorityNoTransferPending, 6251),
    (FeeRouterError::AuthorityWrongAcceptor, 6252),
    (FeeRouterError::SetterSplitIncomplete, 6300),
    (FeeRouterError::SetterGuardRailsOutOfBounds, 6301),
    (FeeRouterError::SetterStakingParamsOutOfBounds, 6302),
    (FeeRouterError::SetterGovernanceParamsOutOfBounds, 6303),
    (FeeRouterError::SetterAuctionParamsOutOfBounds, 6304),
    (FeeRouterError::SetterDiscountTiersOutOfBounds, 6305),
    (FeeRouterError::SetterInsuranceParamsOutOfBounds, 6306),
    (FeeRouterError::SetterRebateLimitsOutOfBounds, 6307),
    (FeeRouterError::PauseOperationPaused, 6350),
    (FeeRouterError::PauseUnknownOperation, 6351),
    (FeeRouterError::DepositZeroAmount, 6400),
    (FeeRouterError::DistributeNothingToDistribute, 6401),
    (FeeRouterError::StakeZeroAmount, 6500),
    (FeeRouterError::UnstakeAmountInvalid, 6501),
    (FeeRouterError::UnstakeRequestPending, 6502),
    (FeeRouterError::WithdrawNothingPending, 6503),
    (FeeRouterError::WithdrawStillLocked, 6504),
    (FeeRouterError::ClaimNothingToClaim, 6505),
    (FeeRouterError::SweepNothingToSweep, 6600),
    (FeeRouterError::InsuranceNoShortfallAccount, 6650),
    (FeeRouterError::InsuranceWrongAccount, 6651),
    (FeeRouterError::InsuranceAbovePeriodCap, 6652),
    (FeeRouterError::InsuranceZeroAmount, 6653),
    (FeeRouterError::InsuranceAboveFund, 6654),
    (FeeRouterError::InsurancePayoutAlreadyMade, 6655),
    (FeeRouterError::GovernanceModeSetterClosed, 6700),
    (FeeRouterError::GovernanceNotInControl, 6701),
    (FeeRouterError::GovernanceStakeBelowMinimum, 6702),
    (FeeRouterError::GovernanceActionCount, 6703),
    (FeeRouterError::GovernanceNotVoting, 6704),
    (FeeRouterError::GovernanceVotingEnded, 6705),
    (FeeRouterError::GovernanceNoVotingWeight, 6706),
    (FeeRouterError::GovernanceAlreadyVoted, 6707),
    (FeeRouterError::GovernanceVotingNotEnded, 6708),
    (FeeRouterError::GovernanceNotPassed, 6709),
    (FeeRouterError::GovernanceTimelockNotOver, 6710),
    (FeeRouterError::GovernanceProposalExpired, 6711),
    (FeeRouterError::GovernanceProposalStale, 6712),
    (FeeRouterError::GovernanceStageGateNotMet, 6713),
    (FeeRouterError::GovernanceStakeLockedByVote, 6714),
    (FeeRouterError::GovernanceCancelAfterVotes, 6715),
    (FeeRouterError::GovernanceVetoAfterTimelock, 6716),
    (FeeRouterError::GovernanceVoteRecordMismatch, 6717),
    (FeeRouterError::GovernanceProposalIdTaken, 6718),
    (FeeRouterError::BuybackStaleEpoch, 6800),
    (FeeRouterError::BuybackAboveMaxPayment, 6801),
    (FeeRouterError::BuybackBelowMinimumOut, 6802),
    (FeeRouterError::BuybackNothingToSell, 6803),
    (FeeRouterError::BuybackTreasuryMismatch, 6804),
    (FeeRouterError::RebateAuthorityRequired, 6850),
    (FeeRouterError::RebatePositionNotTrader, 6851),
    (FeeRouterError::RebateDestinationNotTrader, 6852),
    (FeeRouterError::MathOverflow, 6900),
    (FeeRouterError::InvariantViolated, 6901),
    (FeeRouterError::MarketNotApproved, 6950),
    (FeeRouterError::MarketAuthorityRequired, 6951),
    (FeeRouterError::MarketAccountMismatch, 6952),
    (FeeRouterError::MarketNothingToSweep, 6953),
    (FeeRouterError::LineNotPool, 6970),
    (FeeRouterError::LineAccountsMismatch, 6971),
    (FeeRouterError::LinePoolFull, 6972),
    (FeeRouterError::LineNotFresh, 6973),
    (FeeRouterError::LineProtocolMismatch, 6974),
    (FeeRouterError::LineActionNotForLine, 6975),
];

fn idl_errors() -> Vec<(String, u32)> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../idl/fee_router.json");
    let idl: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path).expect("idl")).expect("idl json");
    idl["errors"]
        .as_array()
        .expect("errors")
        .iter()
        .map(|e| {
            (
                e["name"].as_str().expect("name").to_string(),
                e["code"].as_u64().expect("code") as u32,
            )
        })
        .collect()
}

#[test]
fn error_codes_are_pinned_and_the_idl_agrees() {
    for (error, code) in PINNED {
        assert_eq!(u32::from(*error), *code, "{error:?} moved");
    }
    let idl = idl_errors();
    assert_eq!(
        idl.len(),
        PINNED.len(),
        "an error is missing from this table or the IDL"
    );
    for (error, code) in PINNED {
        let name = format!("{error:?}");
        let camel = name[..1].to_lowercase() + &name[1..];
        assert!(
            idl.iter()
                .any(|(n, c)| (n == &name || n == &camel) && c == code),
            "the IDL does not give {name} the code {code}"
        );
    }
}

#[test]
fn every_error_code_is_triggered_by_a_test() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/program");
    let mut sources = String::new();
    let mut dirs = vec![std::path::PathBuf::from(dir)];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(dir).expect("tests") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.file_name().is_some_and(|n| n != "errors.rs") {
                sources.push_str(&std::fs::read_to_string(&path).expect("source"));
            }
        }
    }
    // A test triggers an error when it asserts it: `assert_error(..., FeeRouterError::X)` or an
    // `allowed`/`expected` list the assertion checks against.
    let missing: Vec<String> = PINNED
        .iter()
        .map(|(e, _)| format!("FeeRouterError::{e:?}"))
        .filter(|name| !sources.contains(name.as_str()))
        .collect();
    assert!(missing.is_empty(), "no test triggers {missing:?}");
}
