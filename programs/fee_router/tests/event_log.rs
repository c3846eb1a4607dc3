//! The trade-path events written into a stack buffer are byte for byte what Anchor's borsh
//! `Event::data` writes, so clients decode them with the IDL like every other event.
use anchor_lang::prelude::Pubkey;
use anchor_lang::Event;
use fee_router::event_log::{
    FEES_DEPOSITED_LEN, FEES_DISTRIBUTED_MAX_LEN, REBATE_PAID_LEN, TRADE_FEE_CHARGED_LEN,
};
use fee_router::events::{
    Bucket, FeesDeposited, FeesDistributed, RebateOutcome, RebatePaid, RedirectReason, Redirection,
    TradeFeeCharged, MAX_REDIRECTIONS,
};
use fee_router::state::Stage;
use proptest::prelude::*;

fn key(seed: u8) -> Pubkey {
    Pubkey::new_from_array([seed; 32])
}

proptest! {
    #[test]
    fn trade_fee_charged_is_written_as_borsh(v: [u64; 9], k: u8) {
        let event = TradeFeeCharged {
            market: key(k),
            trader: key(k.wrapping_add(3)),
            fee: v[0],
            tier_stake: v[1],
            discount_bps: v[2],
            discount_owed: v[3],
            discount: v[4],
            paid: v[5],
            arrived: v[6],
            withheld: v[7],
            allowance_after: v[8],
        };
        let record = event.record();
        let borsh = event.data();
        prop_assert_eq!(record.bytes(), borsh.as_slice());
        prop_assert_eq!(record.bytes().len(), TRADE_FEE_CHARGED_LEN);
    }

    #[test]
    fn fees_deposited_is_written_as_borsh(a: u64, b: u64, c: u64, d: u64, e: u64, k: u8) {
        let event = FeesDeposited {
            router: key(k),
            payer: key(k.wrapping_add(1)),
            amount: a,
            arrived: b,
            withheld: c,
            intake_before: d,
            intake_after: e,
        };
        let record = event.record();
        let borsh = event.data();
        prop_assert_eq!(record.bytes(), borsh.as_slice());
        prop_assert_eq!(record.bytes().len(), FEES_DEPOSITED_LEN);
    }

    #[test]
    fn rebate_paid_is_written_as_borsh(v: [u64; 9], k: u8, outcome in 0u8..7) {
        let outcome = [
            RebateOutcome::Paid,
            RebateOutcome::VaultShort,
            RebateOutcome::NoPosition,
            RebateOutcome::NoTier,
            RebateOutcome::Paused,
            RebateOutcome::AboveReportLimit,
            RebateOutcome::AbovePeriodLimit,
        ][usize::from(outcome)];
        let event = RebatePaid {
            router: key(k),
            trader: key(k.wrapping_add(7)),
            fee_paid: v[0],
            tier_stake: v[1],
            rebate_bps: v[2],
            owed: v[3],
            paid: v[4],
            arrived: v[5],
            withheld: v[6],
            discount_vault_before: v[7],
            discount_vault_after: v[8],
            outcome,
        };
        let record = event.record();
        let borsh = event.data();
        prop_assert_eq!(record.bytes(), borsh.as_slice());
        prop_assert_eq!(record.bytes().len(), REBATE_PAID_LEN);
    }

    #[test]
    fn fees_distributed_is_written_as_borsh(
        v: [u64; 20],
        end: i64,
        k: u8,
        stage in 0u8..3,
        redirections in prop::collection::vec((0u8..7, 0u8..4, any::<u64>()), 0..=MAX_REDIRECTIONS),
    ) {
        let stage = [Stage::Early, Stage::Growth, Stage::Mature][usize::from(stage)];
        let reasons = [
            RedirectReason::InsuranceFloorTopUp,
            RedirectReason::InsuranceCapOverflow,
            RedirectReason::DiscountCapOverflow,
            RedirectReason::StakerYieldCap,
            RedirectReason::NoStake,
            RedirectReason::UnstakedRewardsSwept,
            RedirectReason::StakerYieldCapAtRelease,
        ];
        let buckets = [Bucket::Buyback, Bucket::Stakers, Bucket::Insurance, Bucket::Discount];
        let quad = |at: usize| [v[at], v[at + 1], v[at + 2], v[at + 3]];
        let event = FeesDistributed {
            router: key(k),
            stage,
            input: v[0],
            unattributed: v[1],
            amounts: quad(2),
            credited: quad(6),
            remainder: v[10],
            redirections: redirections
                .iter()
                .map(|&(reason, to, amount)| Redirection {
                    reason: reasons[usize::from(reason)],
                    to: buckets[usize::from(to)],
                    amount,
                })
                .collect(),
            withheld: v[11],
            vaults_before: quad(12),
            vaults_after: quad(16),
            stream_remaining: v[19] ^ v[0],
            stream_end: end,
            total_active: v[19],
        };
        let record = event.record();
        let borsh = event.data();
        prop_assert_eq!(record.bytes(), borsh.as_slice());
        prop_assert!(record.bytes().len() <= FEES_DISTRIBUTED_MAX_LEN);
        prop_assert_eq!(
            FEES_DISTRIBUTED_MAX_LEN - record.bytes().len(),
            (MAX_REDIRECTIONS - redirections.len()) * 10
        );
    }
}
