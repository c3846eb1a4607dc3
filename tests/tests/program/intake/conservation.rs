//! SPEC §3 (Conservation): every token that comes in is accounted for, to the base unit, after
//! every step of a long randomized run of deposits, plain transfers, distributions, setter
//! calls and clock warps.
use fee_router::error::FeeRouterError;
use fee_router::state::{GuardRails, Split, Stage};
use fee_router_sdk::{ix, pda::VaultKind};
use fee_router_tests::*;
use rand::rngs::SmallRng;
use rand::{Rng, SeedableRng};
use solana_keypair::Keypair;
use solana_signer::Signer;

/// What the test itself knows went in.
#[derive(Default)]
struct Ledger {
    /// Gross amount payers sent toward the intake (deposits and plain transfers).
    sent: u128,
    /// Gross amount sent through `deposit_fees`.
    deposited: u128,
    /// Plain transfers that arrived since the last distribution.
    plain_pending: u128,
    /// Transfer fees withheld on plain transfers (the router cannot see these).
    plain_withheld: u128,
}

/// An amount to send: 1, small, medium, or (for the whale only) huge up to the whole balance.
fn random_amount(rng: &mut SmallRng, balance: u64, whale: bool) -> u64 {
    match rng.gen_range(0..100) {
        0..=14 => 1,
        15..=49 => rng.gen_range(1..=balance.min(1_000)),
        50..=84 => rng.gen_range(1..=(balance >> 20).max(1)),
        _ if !whale => rng.gen_range(1..=(balance >> 4).max(1)),
        85..=94 => rng.gen_range(1..=balance),
        95..=97 => balance
            .saturating_sub(rng.gen_range(0..=balance.min(3)))
            .max(1),
        _ => balance,
    }
}

fn random_split(rng: &mut SmallRng) -> Split {
    let mut cuts = [
        rng.gen_range(0..=10_000u16),
        rng.gen_range(0..=10_000),
        rng.gen_range(0..=10_000),
    ];
    cuts.sort_unstable();
    Split::new(
        cuts[0],
        cuts[1] - cuts[0],
        cuts[2] - cuts[1],
        10_000 - cuts[2],
    )
}

fn random_rails(rng: &mut SmallRng, scale: u64) -> GuardRails {
    let pick = |rng: &mut SmallRng| match rng.gen_range(0..4) {
        0 => 0,
        1 => u64::MAX,
        2 => rng.gen_range(0..=scale),
        _ => rng.gen_range(0..=u64::MAX),
    };
    let (a, b) = (pick(rng), pick(rng));
    GuardRails {
        insurance_floor: a.min(b),
        insurance_cap: a.max(b),
        discount_cap: pick(rng),
        insurance_topup_max_bps: rng.gen_range(0..=10_000),
    }
}

async fn check_conservation(env: &mut TestEnv, f: &RouterFixture, ledger: &Ledger, step: usize) {
    let r = f.state(env).await;
    r.invariant()
        .unwrap_or_else(|e| panic!("step {step}: invariant: {e:?}"));
    let intake = f.vault(VaultKind::Intake);
    let (intake_balance, intake_withheld) =
        (env.balance(&intake).await, env.withheld(&intake).await);
    let mut held = u128::from(intake_balance);
    let mut withheld = u128::from(intake_withheld);
    for (i, vault) in f.bucket_vaults().into_iter().enumerate() {
        let (balance, fee) = (env.balance(&vault).await, env.withheld(&vault).await);
        // What each vault holds plus what its incoming hops withheld is what was routed to it.
        assert_eq!(
            u128::from(balance) + u128::from(fee),
            r.totals.routed[i].get(),
            "step {step}: bucket {i}"
        );
        held += u128::from(balance);
        withheld += u128::from(fee);
    }
    // Intake + the four vaults (+ transfer fees withheld on the way) = everything that came in.
    assert_eq!(
        held + withheld,
        ledger.sent,
        "step {step}: tokens in vaults vs tokens sent"
    );
    // The router's records agree with the vaults.
    let t = &r.totals;
    assert_eq!(
        t.deposited.get(),
        ledger.deposited,
        "step {step}: deposited"
    );
    assert_eq!(
        withheld,
        t.deposit_withheld.get() + t.routed_withheld.get() + ledger.plain_withheld,
        "step {step}: withheld"
    );
    assert_eq!(
        u128::from(intake_balance),
        u128::from(t.pending_attributed) + ledger.plain_pending,
        "step {step}: intake"
    );
    let in_buckets = held - u128::from(intake_balance);
    assert_eq!(
        in_buckets,
        t.distributed.get() - t.routed_withheld.get(),
        "step {step}: distributed"
    );
}

async fn randomized_run(fee: MintSpec, seed: u64, steps: usize, funds: [u64; 3]) {
    println!("seed {seed}, {steps} steps, fee mint {:?}", fee);
    let mut rng = SmallRng::seed_from_u64(seed);
    let mut env = TestEnv::start().await;
    let f = RouterFixture::new(&mut env, fee, MintSpec::spl(9)).await;
    // An active staker, so the staker share is paid into its vault rather than redirected.
    let staker = f.new_staker(&mut env, 1_000_000_000).await;
    f.stake(&mut env, &staker, 1_000_000_000)
        .await
        .expect_ok("stake");
    let mut payers: Vec<(Keypair, anchor_lang::prelude::Pubkey)> = vec![];
    for amount in funds {
        let (payer, token) = f.fee_payer(&mut env, amount).await;
        payers.push((payer, token));
    }
    let intake = f.vault(VaultKind::Intake);
    let mut ledger = Ledger::default();
    let mut counts = [0usize; 7];
    for step in 0..steps {
        let action = rng.gen_range(0..100);
        // The first payer is a whale holding most of the supply: picked rarely, so its huge
        // amounts come now and then while the others keep fees flowing all run long.
        let who = match rng.gen_range(0..100) {
            0..=9 => 0,
            10..=69 => 1,
            _ => 2,
        };
        let (payer, token) = &payers[who];
        let balance = env.balance(token).await;
        match action {
            0..=34 if balance > 0 => {
                counts[0] += 1;
                let amount = random_amount(&mut rng, balance, who == 0);
                f.deposit(&mut env, payer, token, amount)
                    .await
                    .expect_ok("deposit");
                ledger.sent += u128::from(amount);
                ledger.deposited += u128::from(amount);
            }
            35..=49 if balance > 0 => {
                counts[1] += 1;
                let amount = random_amount(&mut rng, balance, who == 0);
                let (before, before_fee) =
                    (env.balance(&intake).await, env.withheld(&intake).await);
                env.transfer(&f.fee_mint, token, &intake, payer, amount)
                    .await
                    .expect_ok("plain transfer");
                let arrived = env.balance(&intake).await - before;
                let fee_taken = env.withheld(&intake).await - before_fee;
                assert_eq!(
                    u128::from(arrived) + u128::from(fee_taken),
                    u128::from(amount)
                );
                ledger.sent += u128::from(amount);
                ledger.plain_pending += u128::from(arrived);
                ledger.plain_withheld += u128::from(fee_taken);
            }
            50..=74 => {
                counts[2] += 1;
                let out = f.distribute(&mut env).await;
                if env.balance(&intake).await == 0 && out.result.is_err() {
                    assert_error(&out, FeeRouterError::DistributeNothingToDistribute);
                } else {
                    out.expect_ok("distribute");
                    ledger.plain_pending = 0;
                }
            }
            75..=82 => {
                counts[3] += 1;
                let stage = Stage::ALL[rng.gen_range(0..3)];
                env.send_ok(
                    &[ix::set_stage(&f.router, &f.authority.pubkey(), stage)],
                    &[&f.authority],
                    "stage",
                )
                .await;
            }
            83..=88 => {
                counts[4] += 1;
                let (stage, split) = (Stage::ALL[rng.gen_range(0..3)], random_split(&mut rng));
                let ix = ix::set_split(&f.router, &f.authority.pubkey(), stage, split);
                env.send_ok(&[ix], &[&f.authority], "split").await;
            }
            89..=93 => {
                counts[5] += 1;
                let rails = random_rails(&mut rng, funds[0]);
                let ix = ix::set_guard_rails(&f.router, &f.authority.pubkey(), rails);
                env.send_ok(&[ix], &[&f.authority], "rails").await;
            }
            _ => {
                counts[6] += 1;
                env.warp_seconds(rng.gen_range(0..3 * 86_400));
            }
        }
        check_conservation(&mut env, &f, &ledger, step).await;
    }
    let r = f.state(&mut env).await;
    println!(
        "steps: {} deposits, {} plain transfers, {} distributions, {} stage, {} split, {} rails, {} warps; \
         distributed {}, unattributed {}",
        counts[0], counts[1], counts[2], counts[3], counts[4], counts[5], counts[6],
        r.totals.distributed.get(), r.totals.unattributed.get()
    );
    assert!(
        counts[0] >= 100 && counts[1] >= 40 && counts[2] >= 80,
        "the run exercised every money path: {counts:?}"
    );
}

#[tokio::test]
async fn randomized_run_conserves_every_token_with_amounts_near_u64_max() {
    // The three payers hold three quarters of the u64 supply between them.
    let funds = [u64::MAX / 2, u64::MAX / 4, 1_000_000];
    randomized_run(MintSpec::spl(6), 0x5eed_0001, 500, funds).await;
}

#[tokio::test]
async fn randomized_run_conserves_every_token_with_a_transfer_fee() {
    let fee = MintSpec::token_2022(6).with_transfer_fee(50, 1_000_000_000);
    let funds = [u64::MAX / 4, 1 << 60, 1_000_000];
    randomized_run(fee, 0x5eed_0002, 500, funds).await;
}
