//! The trade-path events written into a stack buffer are byte for byte what Anchor's borsh
//! `Event::data` writes, so clients decode them with the IDL like every other event.
use anchor_lang::prelude::Pubkey;
use anchor_lang::Event;
use fee_router::event_log::{FEES_DEPOSITED_LEN, REBATE_PAID_LEN};
use fee_router::events::{FeesDeposited, RebateOutcome, RebatePaid};
use proptest::prelude::*;

fn key(seed: u8) -> Pubkey {
    Pubkey::new_from_array([seed; 32])
}

proptest! {
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
    fn rebate_paid_is_written_as_borsh(v: [u64; 9], k: u8, outcome in 0u8..5) {
        let outcome = [
            RebateOutcome::Paid,
            RebateOutcome::VaultShort,
            RebateOutcome::NoPosition,
            RebateOutcome::NoTier,
            RebateOutcome::Paused,
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
}
