//! A position's voting weight against the exact answer from its full history: never more
//! than the stake it held before a proposal, and exactly that while it made no more
//! additions within the window than it remembers.
use bytemuck::Zeroable;
use fee_router::state::{StakePosition, RECENT_TRANCHES, RECENT_WINDOW_SECONDS};
use proptest::prelude::*;

#[derive(Debug, Clone)]
enum Op {
    Add(u64),
    Remove(u64),
    Wait(i64),
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        (1u64..1_000_000).prop_map(Op::Add),
        (1u64..1_000_000).prop_map(Op::Remove),
        (0i64..3 * 86_400).prop_map(Op::Wait),
        (0i64..40 * 86_400).prop_map(Op::Wait),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(5_000))]

    #[test]
    fn weight_never_exceeds_the_stake_held_before_a_proposal(ops in proptest::collection::vec(op(), 1..40)) {
        let mut p = StakePosition::zeroed();
        let mut now = 1_000_000i64;
        // Exact history: (time, amount) of every addition still active, newest removed first.
        let mut history: Vec<(i64, u64)> = vec![];
        // The last time a full position merged two entries: until that entry leaves the
        // window, the weight may be below the exact answer.
        let mut last_merge: Option<i64> = None;
        for op in ops {
            match op {
                Op::Add(a) => {
                    let live = p
                        .recent
                        .iter()
                        .filter(|t| t.amount > 0 && now - t.at <= RECENT_WINDOW_SECONDS && t.at != now)
                        .count();
                    if live == RECENT_TRANCHES {
                        last_merge = Some(now);
                    }
                    p.record_increase(a, now).unwrap();
                    p.active += a;
                    history.push((now, a));
                }
                Op::Remove(r) => {
                    let r = r.min(p.active);
                    p.active -= r;
                    p.record_decrease(r);
                    let mut left = r;
                    while left > 0 {
                        let last = history.last_mut().unwrap();
                        let take = last.1.min(left);
                        last.1 -= take;
                        left -= take;
                        if last.1 == 0 {
                            history.pop();
                        }
                    }
                }
                Op::Wait(w) => now += w,
            }
            // Any proposal created in the window before now.
            for created in [now, now - 1, now - 3_600, now - 86_400, now - 7 * 86_400, now - 29 * 86_400] {
                let exact: u64 = history.iter().filter(|(t, _)| *t < created).map(|(_, a)| a).sum();
                let weight = p.voting_weight(created);
                prop_assert!(weight <= exact, "created {created}: weight {weight} > held {exact}");
                if last_merge.is_none_or(|m| now - m > RECENT_WINDOW_SECONDS) {
                    prop_assert_eq!(weight, exact, "created {}", created);
                }
            }
        }
    }
}
