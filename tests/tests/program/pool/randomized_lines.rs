//! SPEC §3–§4 over a stake pool with three fee lines (SPL Token, Token-2022 with a 1% transfer
//! fee, SPL Token): a seeded run of random stakes, unstake requests, cancellations,
//! withdrawals, deposits and distributions in random lines, claims in random lines and clock
//! moves. After every operation the pool's stake vault holds its active and cooling stake,
//! and in every line: the router's invariants hold; its active
//! stake is the pool's; every fee token that came in is in the intake, a vault, withheld on
//! the way or claimed; the stakers vault holds what the stream, the stranded rewards and the
//! positions are owed plus the recorded dust; and the positions' entitlements (claimed, owed
//! and earned since their last settlement) add up to what the stream released, less the
//! dust, to within a base unit per position.
use fee_router::error::FeeRouterError;
use fee_router::math::staking::earned_floor;
use fee_router::state::StakePosition;
use fee_router_sdk::{pda, pda::VaultKind};
use fee_router_tests::*;
use rand::rngs::SmallRng;
use rand::{Rng, SeedableRng};
use solana_signer::Signer;

const OPS: usize = 2_000;
const STAKERS: usize = 4;
const FEE_VAULTS: [VaultKind; 5] = [
    VaultKind::Intake,
    VaultKind::Buyback,
    VaultKind::Stakers,
    VaultKind::Insurance,
    VaultKind::Discount,
];

struct Run {
    env: TestEnv,
    p: PoolFixture,
    stakers: Vec<(Staker, Vec<anchor_lang::prelude::Pubkey>)>,
    payers: Vec<(solana_keypair::Keypair, anchor_lang::prelude::Pubkey)>,
    /// Fee tokens each line's payer sent in.
    sent: Vec<u128>,
}

impl Run {
    async fn position(&mut self, i: usize) -> Option<StakePosition> {
        let owner = self.stakers[i].0.owner.pubkey();
        let key = pda::position(&self.p.pool.router, &owner);
        match self.env.account(&key).await {
            Some(_) => Some(self.env.anchor_account(&key).await),
            None => None,
        }
    }

    async fn step(&mut self, rng: &mut SmallRng) -> &'static str {
        let i = rng.gen_range(0..STAKERS);
        let owner = self.stakers[i].0.owner.pubkey();
        let pos = self.position(i).await;
        let slot = rng.gen_range(0..=self.p.lines.len());
        match rng.gen_range(0..7) {
            0 => {
                let amount = rng.gen_range(1..=1_000_000_000u64);
                let s = &self.stakers[i].0;
                self.p
                    .stake(&mut self.env, s, amount)
                    .await
                    .expect_ok("stake");
                "stake"
            }
            1 => match pos.filter(|p| p.active > 0 && p.cooling == 0) {
                Some(p) => {
                    let amount = rng.gen_range(1..=p.active);
                    let ix = self.p.request_unstake_ix(&owner, amount);
                    let out = self.env.send(&[ix], &[&self.stakers[i].0.owner]).await;
                    out.expect_ok("request_unstake");
                    "request_unstake"
                }
                None => "skip",
            },
            2 => match pos.filter(|p| p.cooling > 0) {
                Some(_) => {
                    let ix = self.p.cancel_unstake_ix(&owner);
                    let out = self.env.send(&[ix], &[&self.stakers[i].0.owner]).await;
                    out.expect_ok("cancel_unstake");
                    "cancel_unstake"
                }
                None => "skip",
            },
            3 => match pos.filter(|p| p.cooling > 0 && p.unlock_at <= self.env.now) {
                Some(_) => {
                    let s = &self.stakers[i].0;
                    self.p
                        .pool
                        .withdraw(&mut self.env, s)
                        .await
                        .expect_ok("withdraw");
                    "withdraw_unstaked"
                }
                None => "skip",
            },
            4 => {
                let amount = rng.gen_range(1..=10_000_000u64);
                let (payer, token) = &self.payers[slot];
                let line = self.p.line(slot);
                line.deposit(&mut self.env, payer, token, amount)
                    .await
                    .expect_ok("deposit");
                self.sent[slot] += u128::from(amount);
                let ix = self.p.distribute_ix(slot);
                self.env.send(&[ix], &[]).await.expect_ok("distribute");
                "deposit_and_distribute"
            }
            5 => {
                if pos.is_none() {
                    return "skip";
                }
                let (s, fee) = &self.stakers[i];
                let ix = self.p.claim_ix(slot, &owner, &fee[slot]);
                let out = self.env.send(&[ix], &[&s.owner]).await;
                if out.result.is_err() {
                    assert_error(&out, FeeRouterError::ClaimNothingToClaim);
                    return "claim_nothing";
                }
                "claim_rewards"
            }
            _ => {
                self.env.warp_seconds(rng.gen_range(1..=2 * 86_400));
                "warp"
            }
        }
    }

    async fn check(&mut self, step: usize) {
        let pool = self.p.pool.state(&mut self.env).await;
        // The protocol mint: the pool's stake vault holds every active and cooling token.
        let stake_vault = pda::vault(&self.p.pool.router, VaultKind::Stake);
        assert_eq!(
            self.env.balance(&stake_vault).await,
            pool.staking.total_active + pool.staking.total_cooling,
            "step {step}: the stake vault"
        );
        let mut positions = vec![];
        for i in 0..STAKERS {
            if let Some(p) = self.position(i).await {
                positions.push(p);
            }
        }
        for slot in 0..=self.p.lines.len() {
            let line = self.p.line(slot);
            let router = line.router;
            let r = line.state(&mut self.env).await;
            let w = format!("step {step}, line {slot}");
            r.invariant()
                .unwrap_or_else(|e| panic!("{w}: invariant {e:?}"));
            assert_eq!(
                r.staking.total_active, pool.staking.total_active,
                "{w}: active"
            );
            // Conservation of the line's fee mint.
            let mut held = 0u128;
            for kind in FEE_VAULTS {
                let v = pda::vault(&router, kind);
                held += u128::from(self.env.balance(&v).await)
                    + u128::from(self.env.withheld(&v).await);
            }
            let st = &r.staking;
            assert_eq!(
                held + st.claimed.get(),
                self.sent[slot],
                "{w}: conservation"
            );
            // The stakers vault holds what it owes, plus the dust no one can claim.
            let stakers = self
                .env
                .balance(&pda::vault(&router, VaultKind::Stakers))
                .await;
            let owed = r.stakers_vault_liability().expect("liability");
            assert_eq!(
                u128::from(stakers),
                owed + st.dust.get(),
                "{w}: stakers vault"
            );
            // The positions' entitlements add up to what was released, to the base unit.
            let rpt = st.reward_per_token.get();
            let mut entitled = 0u128;
            for p in &positions {
                let (paid, owed, claimed) = match slot {
                    0 => (p.reward_per_token_paid.get(), p.rewards_owed, p.claimed),
                    _ => {
                        let l = p.lines[slot - 1];
                        (l.reward_per_token_paid.get(), l.rewards_owed, l.claimed)
                    }
                };
                let earned = earned_floor(p.active, rpt, paid).expect("earned").0;
                entitled += u128::from(owed) + u128::from(claimed) + u128::from(earned);
            }
            let accrued = st.accrued.get();
            assert!(
                entitled + st.dust.get() <= accrued
                    && accrued <= entitled + st.dust.get() + positions.len() as u128 + 1,
                "{w}: entitled {entitled} + dust {} vs released {accrued}",
                st.dust.get()
            );
        }
    }
}

#[tokio::test]
async fn randomized_run_over_three_fee_lines_conserves_every_line_and_pays_pro_rata() {
    let seed = 0x5eed_f11e;
    println!("seed {seed:#x}, {OPS} operations");
    let mut rng = SmallRng::seed_from_u64(seed);
    let mut env = TestEnv::start().await;
    let t22 = MintSpec::token_2022(6).with_transfer_fee(100, u64::MAX);
    let p = PoolFixture::new(
        &mut env,
        MintSpec::spl(6),
        MintSpec::spl(9),
        &[t22, MintSpec::spl(6)],
    )
    .await;
    let mut stakers = vec![];
    for _ in 0..STAKERS {
        stakers.push(p.new_staker(&mut env, u64::MAX / 8).await);
    }
    let mut payers = vec![];
    for l in p.all() {
        payers.push(l.fee_payer(&mut env, u64::MAX / 4).await);
    }
    let lines = p.lines.len() + 1;
    let mut run = Run {
        env,
        p,
        stakers,
        payers,
        sent: vec![0; lines],
    };
    let mut counts = std::collections::BTreeMap::<&str, usize>::new();
    for step in 0..OPS {
        let op = run.step(&mut rng).await;
        *counts.entry(op).or_default() += 1;
        run.check(step).await;
    }
    println!("{counts:?}");
    for op in [
        "stake",
        "request_unstake",
        "cancel_unstake",
        "withdraw_unstaked",
        "claim_rewards",
    ] {
        assert!(
            counts.get(op).copied().unwrap_or(0) > 10,
            "{op} ran: {counts:?}"
        );
    }
}
