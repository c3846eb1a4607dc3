//! TEMPORARY (stream engineer's measurement; deleted before the report).
use fee_router::math::staking::YIELD_CAP_SCALE;
use fee_router::state::{StakingParams, DEFAULT_STAKING_PARAMS};
use fee_router_sdk::ix;
use fee_router_tests::cu::token_compute_units;
use fee_router_tests::*;
use solana_signer::Signer;

const HOUR: i64 = 3_600;

fn fee_mint(case: &str) -> MintSpec {
    match case {
        "token2022_fee" => MintSpec::token_2022(6).with_transfer_fee(100, u64::MAX),
        _ => MintSpec::spl(6),
    }
}

async fn streaming(env: &mut TestEnv, fee: MintSpec, capped: bool) -> (RouterFixture, Staker) {
    let f = RouterFixture::new(env, fee, MintSpec::spl(9)).await;
    if capped {
        let params = StakingParams {
            yield_cap_scaled: (YIELD_CAP_SCALE / 20) as u64,
            ..DEFAULT_STAKING_PARAMS
        };
        env.send_ok(
            &[ix::set_staking_params(
                &f.router,
                &f.authority.pubkey(),
                params,
            )],
            &[&f.authority],
            "p",
        )
        .await;
    }
    let s = f.new_staker(env, 10_000_000_000).await;
    f.stake(env, &s, 5_000_000_000).await.expect_ok("stake");
    f.deposit_fresh(env, 1_000_000_000).await;
    f.distribute(env).await.expect_ok("distribute");
    env.warp_seconds(HOUR);
    (f, s)
}

fn show(name: &str, o: &TxOutcome) {
    println!(
        "{name:<40} {:>7} (token {})",
        o.compute_units,
        token_compute_units(o)
    );
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    for capped in [false, true] {
        for case in ["spl", "token2022_fee"] {
            let mut env = TestEnv::start().await;
            let (f, _) = streaming(&mut env, fee_mint(case), capped).await;
            f.deposit_fresh(&mut env, 1_000_000_000).await;
            let o = f.distribute(&mut env).await.expect_ok("d");
            show(&format!("distribute {case} capped={capped}"), &o);
        }
        {
            let mut env = TestEnv::start().await;
            let (f, s) = streaming(&mut env, MintSpec::spl(6), capped).await;
            f.request_unstake(&mut env, &s, 5_000_000_000)
                .await
                .expect_ok("leave");
            env.warp_seconds(HOUR);
            f.deposit_fresh(&mut env, 1_000_000_000).await;
            let o = f.distribute(&mut env).await.expect_ok("d");
            show(
                &format!("distribute spl_stranded_sweep capped={capped}"),
                &o,
            );
        }
        for case in ["spl", "token2022_fee"] {
            let mut env = TestEnv::start().await;
            let (f, _) = streaming(&mut env, fee_mint(case), capped).await;
            let claimer = f.new_staker(&mut env, 1_000_000_000).await;
            f.stake(&mut env, &claimer, 1_000_000_000)
                .await
                .expect_ok("stake");
            env.warp_seconds(HOUR);
            let o = f.claim(&mut env, &claimer).await.expect_ok("c");
            show(&format!("claim_rewards {case} capped={capped}"), &o);
        }
    }
}
