//! SPEC §7 (Projection), §1 (The loop), §2 (Guard rails), §5 (Stage gates): `fee-router simulate
//! --months`' deterministic path agrees with the chain. The same monthly fees run through the
//! built program (five deposits and distributions a month, six days apart, so the staker
//! stream carries from one to the next under its yield cap), the stage moved by the
//! authority's setter when the projection says its gate is met (the program checks the gate
//! on its own fee history), and a keeper buying the auction's lot at the projected price at
//! each month's end; every bucket, every redirection, the vaults and the burn match
//! `fee_router_cli::projection::project`, month by month, to the base unit.
use anchor_lang::prelude::Pubkey;
use fee_router::error::FeeRouterError;
use fee_router::events::{FeesDistributed, RedirectReason};
use fee_router::math::auction::{epoch_at, PRICE_SCALE};
use fee_router::math::split::Rails;
use fee_router::state::{Auction, AuctionParams, GuardRails, Stage, StakingParams, DEFAULT_SPLITS};
use fee_router_cli::projection::paths::FeeSource;
use fee_router_cli::projection::{
    distributions, project, AuctionCaps, Market, Month, Params, StagePlan, Staking,
};
use fee_router_sdk::ix::{self, Purchase};
use fee_router_sdk::pda::{self, VaultKind};
use fee_router_tests::*;
use solana_signer::Signer;

const MONTHS: usize = 18;
/// Six days apart: a distribution comes while the 7-day stream still holds the last one's.
const PER_MONTH: u32 = 5;
const STAKED: u64 = 1_000_000_000_000;
/// About 3,500,000 fee units a week on `STAKED`: it binds from the second month.
const YIELD_CAP: u64 = 182_500_000;
const GATES: [u64; 3] = [0, 15_000_000, 30_000_000];
/// 2 protocol base units per fee base unit: 0.5 fee tokens a protocol token at 6 decimals each.
const PRICE: u64 = 2 * PRICE_SCALE;
/// Caps the month's single purchase never reaches.
const WIDE_CAP: u64 = 1_000_000_000_000_000;

fn rails() -> GuardRails {
    GuardRails {
        insurance_floor: 2_000_000,
        insurance_cap: 6_000_000,
        discount_cap: 8_000_000,
        insurance_topup_max_bps: 2_000,
    }
}

/// The projection's view of the router below.
fn params(supply: u64) -> Params {
    let r = rails();
    Params {
        start_time: START_TIME,
        distributions_per_month: PER_MONTH,
        start_stage: Stage::Early,
        splits: DEFAULT_SPLITS,
        stages: StagePlan::Gates(GATES),
        rails: Rails {
            insurance_floor: r.insurance_floor,
            insurance_topup_max_bps: r.insurance_topup_max_bps as u16,
            insurance_cap: r.insurance_cap,
            discount_cap: r.discount_cap,
        },
        insurance_fund: 0,
        discount_fund: 0,
        // No rebates are paid on the chain here: the discount vault only fills, and its cap binds.
        discount_spent_bps: 0,
        insurance_payout_bps: 0,
        insurance_max_payout_bps: 2_000,
        staking: Some(Staking {
            staked: STAKED,
            yield_cap_scaled: YIELD_CAP,
            stream_period_seconds: 7 * 86_400,
        }),
        auction: AuctionCaps {
            epoch_seconds: 86_400,
            floor_price: PRICE,
            max_start_price: PRICE,
            epoch_cap: WIDE_CAP,
            daily_cap: WIDE_CAP,
        },
        market: Market {
            price: Some(0.5),
            price_growth_bps: 0,
            fee_decimals: 6,
            protocol_decimals: 6,
            supply: Some(supply),
        },
    }
}

/// A router configured as `params` says, a staker with `STAKED`, and a keeper with protocol
/// tokens.
async fn router(env: &mut TestEnv) -> (RouterFixture, Buyer) {
    let f = RouterFixture::new(env, MintSpec::spl(6), MintSpec::spl(6)).await;
    let authority = f.authority.pubkey();
    let setters = [
        ix::set_stage_gates(&f.router, &authority, GATES),
        ix::set_guard_rails(&f.router, &authority, rails()),
        ix::set_staking_params(
            &f.router,
            &authority,
            StakingParams {
                cooldown_seconds: 7 * 86_400,
                stream_period_seconds: 7 * 86_400,
                yield_cap_scaled: YIELD_CAP,
            },
        ),
        ix::set_auction_params(
            &f.router,
            &authority,
            AuctionParams {
                epoch_seconds: 86_400,
                floor_price: PRICE,
                min_start_price: PRICE,
                max_start_price: PRICE,
                multiplier_bps: 10_000,
                epoch_cap: WIDE_CAP,
                daily_cap: WIDE_CAP,
                treasury: Pubkey::default(),
            },
        ),
    ];
    for setter in setters {
        env.send_ok(&[setter], &[&f.authority], "setter").await;
    }
    let staker = f.new_staker(env, STAKED).await;
    f.stake(env, &staker, STAKED).await.expect_ok("stake");
    let owner = env.funded_user(1).await;
    let buyer = Buyer {
        protocol_token: env
            .funded_token_account(&f.protocol_mint, &owner.pubkey(), 1_000_000_000_000_000)
            .await,
        fee_token: env.create_token_account(&f.fee_mint, &owner.pubkey()).await,
        owner,
    };
    (f, buyer)
}

/// The exchange paying fees in: a key and its fee-token account.
type Payer = (solana_keypair::Keypair, Pubkey);

struct Buyer {
    owner: solana_keypair::Keypair,
    fee_token: Pubkey,
    protocol_token: Pubkey,
}

/// The month's deposits and distributions on the chain, summed, against the projection's
/// month `m`.
async fn distribute_and_compare(
    env: &mut TestEnv,
    f: &RouterFixture,
    payer: &Payer,
    p: &Params,
    m: &Month,
) {
    let k = m.index + 1;
    let mut amounts = [0u64; 4];
    let mut redirections = vec![];
    for (at, fees) in distributions(p, m.time, m.figures.fees) {
        assert!(at >= env.now, "month {k}: the clock runs forward");
        env.warp_seconds(at - env.now);
        f.deposit(env, &payer.0, &payer.1, fees)
            .await
            .expect_ok("deposit");
        let out = f.distribute(env).await.expect_ok("distribute");
        let e = &events::<FeesDistributed>(&out)[0];
        assert_eq!(e.stage, m.stage, "month {k}: stage");
        for (sum, x) in amounts.iter_mut().zip(e.amounts) {
            *sum += x;
        }
        redirections.extend(e.redirections.iter().copied());
    }
    let p = &m.figures;
    assert_eq!(
        amounts,
        [p.buyback, p.stakers, p.insurance, p.discount],
        "month {k}: buckets"
    );
    let redirected = |reason: RedirectReason| -> u64 {
        redirections
            .iter()
            .filter(|r| r.reason == reason)
            .map(|r| r.amount)
            .sum()
    };
    use RedirectReason::*;
    let reasons = [
        (InsuranceFloorTopUp, p.insurance_topup),
        (InsuranceCapOverflow, p.insurance_overflow),
        (DiscountCapOverflow, p.discount_overflow),
        (StakerYieldCap, p.stakers_overflow),
    ];
    for (reason, projected) in reasons {
        assert_eq!(redirected(reason), projected, "month {k}: {reason:?}");
    }
    let stranded = redirected(UnstakedRewardsSwept) + redirected(StakerYieldCapAtRelease);
    assert_eq!(
        stranded, p.stranded_to_buyback,
        "month {k}: stranded rewards"
    );
    assert_eq!(
        env.balance(&f.vault(VaultKind::Insurance)).await,
        p.insurance_fund,
        "month {k}: insurance fund"
    );
    assert_eq!(
        env.balance(&f.vault(VaultKind::Discount)).await,
        p.discount_fund,
        "month {k}: discount vault"
    );
}

/// The keeper buys the month's lot at the projected price; the supply falls by the burn.
async fn buy_and_compare(env: &mut TestEnv, f: &RouterFixture, buyer: &Buyer, m: &Month) {
    let p = &m.figures;
    let auction: Auction = env.anchor_account(&pda::auction(&f.router)).await;
    let epoch = epoch_at(
        auction.epoch(),
        auction.params.epoch_seconds,
        auction.params.floor_price,
        env.now,
    );
    let supply = env.mint_supply(&f.protocol_mint).await;
    let purchase = Purchase {
        epoch_id: epoch.id,
        amount: p.fee_sold,
        min_amount_out: p.fee_sold,
        max_payment: p.burned,
    };
    let buy = ix::buy(
        &f.side(),
        &f.protocol_side(),
        &buyer.owner.pubkey(),
        &buyer.fee_token,
        &buyer.protocol_token,
        None,
        purchase,
    );
    env.send_ok(&[buy], &[&buyer.owner], "buy").await;
    let k = m.index + 1;
    assert_eq!(
        supply - env.mint_supply(&f.protocol_mint).await,
        p.burned,
        "month {k}: burned"
    );
    assert_eq!(
        env.balance(&f.vault(VaultKind::Buyback)).await,
        p.buyback_fund,
        "month {k}: buyback vault"
    );
}

#[tokio::test]
async fn the_projection_agrees_with_the_chain_bucket_by_bucket_month_by_month() {
    let mut env = TestEnv::start().await;
    let (f, buyer) = router(&mut env).await;
    let supply = env.mint_supply(&f.protocol_mint).await;
    let fees = FeeSource::Growth {
        start: 10_000_000,
        bps: 1_500,
    }
    .months(MONTHS)
    .unwrap();
    let p = params(supply);
    let months = project(&p, &fees).unwrap();
    let payer = f.fee_payer(&mut env, fees.iter().sum()).await;

    // The projection crosses every rail and both gates, so the comparison covers them.
    let any = |pick: fn(&Month) -> bool| months.iter().any(pick);
    assert!(any(|m| m.figures.insurance_topup > 0) && any(|m| m.figures.insurance_overflow > 0));
    assert!(any(|m| m.figures.discount_overflow > 0) && any(|m| m.figures.stakers_overflow > 0));
    assert!(any(|m| m.stage == Stage::Growth) && any(|m| m.stage == Stage::Mature));

    for (i, m) in months.iter().enumerate() {
        distribute_and_compare(&mut env, &f, &payer, &p, m).await;
        if m.figures.fee_sold > 0 {
            buy_and_compare(&mut env, &f, &buyer, m).await;
        }
        let next = months.get(i + 1).map(|n| n.stage);
        if let Some(next) = next.filter(|&n| n != m.stage) {
            // The gate is met on the chain's own fee history: the setter moves the stage.
            let set = ix::set_stage(&f.router, &f.authority.pubkey(), next);
            env.send_ok(&[set], &[&f.authority], "set_stage").await;
        } else if m.stage == Stage::Early && next.is_some() {
            // A month the projection stays: the chain refuses the next stage's gate too.
            let set = ix::set_stage(&f.router, &f.authority.pubkey(), Stage::Growth);
            let out = env.send(&[set], &[&f.authority]).await;
            assert_error(&out, FeeRouterError::GovernanceStageGateNotMet);
        }
        if let Some(n) = months.get(i + 1) {
            env.warp_seconds(n.time - env.now);
        }
    }
    let burned: u64 = months.iter().map(|m| m.figures.burned).sum();
    println!(
        "projection vs chain: {MONTHS} months agree; stages {:?}; burned {burned} protocol base units",
        months.iter().map(|m| m.stage).collect::<Vec<_>>()
    );
    f.state(&mut env).await.invariant().expect("invariant");
}
