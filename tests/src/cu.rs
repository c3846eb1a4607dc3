//! Compute-unit budgets (`tests/cu-budgets.toml`) and the benchmark behind `scripts/cu-report`:
//! one representative call of every instruction on the SBF build, in-process.
use std::path::PathBuf;

use anchor_lang::prelude::Pubkey;
use fee_router::state::{
    pause::PAUSE_DEPOSIT, Split, Stage, DEFAULT_GUARD_RAILS, DEFAULT_STAKING_PARAMS,
};
use fee_router_sdk::{ix, pda::VaultKind};
use serde::{Deserialize, Serialize};
use solana_keypair::Keypair;
use solana_signer::Signer;

use crate::{MintSpec, RouterFixture, Staker, TestEnv, TxOutcome};

/// One budget line.
#[derive(Deserialize, Debug, Clone)]
pub struct Budget {
    pub name: String,
    pub case: String,
    pub budget: u64,
    pub goal: Option<u64>,
}

#[derive(Deserialize)]
struct BudgetFile {
    instruction: Vec<Budget>,
}

/// Where the budgets live.
pub fn budgets_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("cu-budgets.toml")
}

/// Every budget, in file order.
pub fn budgets() -> Vec<Budget> {
    let text = std::fs::read_to_string(budgets_path()).expect("tests/cu-budgets.toml");
    toml::from_str::<BudgetFile>(&text)
        .expect("tests/cu-budgets.toml parses")
        .instruction
}

/// The budget of `name` on `case`; panics if there is none, so every measured call has one.
pub fn budget(name: &str, case: &str) -> u64 {
    budgets()
        .into_iter()
        .find(|b| b.name == name && b.case == case)
        .unwrap_or_else(|| panic!("no budget for {name}/{case} in tests/cu-budgets.toml"))
        .budget
}

/// Asserts that a successful transaction of one instruction stayed within its budget.
#[track_caller]
pub fn assert_within_budget(outcome: &TxOutcome, name: &str, case: &str) {
    let limit = budget(name, case);
    assert!(
        outcome.compute_units <= limit,
        "{name}/{case} used {} compute units, over its budget of {limit}",
        outcome.compute_units
    );
}

/// Compute units the token programs consumed inside the transaction (their CPIs).
pub fn token_compute_units(outcome: &TxOutcome) -> u64 {
    let token_programs = [
        anchor_spl::token::ID.to_string(),
        anchor_spl::token_2022::ID.to_string(),
    ];
    outcome
        .logs
        .iter()
        .filter_map(|line| {
            let rest = line.strip_prefix("Program ")?;
            let (program, rest) = rest.split_once(" consumed ")?;
            if !token_programs.iter().any(|p| p == program) {
                return None;
            }
            rest.split_once(' ')?.0.parse::<u64>().ok()
        })
        .sum()
}

/// One measurement.
#[derive(Serialize, Debug, Clone)]
pub struct Measurement {
    pub name: String,
    pub case: String,
    pub cu: u64,
    pub token_cu: u64,
    pub budget: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub goal: Option<u64>,
    /// Over many random keys: how many, and the least and median figures (`cu` is the most).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub spread: Option<Spread>,
}

/// The spread of one instruction's compute units over random keys.
#[derive(Serialize, Debug, Clone, Copy)]
pub struct Spread {
    pub keys: usize,
    pub min: u64,
    pub median: u64,
}

/// How many random keys each instruction that derives or creates a PDA is measured over.
pub const RANDOM_KEYS: usize = 200;

struct Recorder {
    out: Vec<Measurement>,
}

impl Recorder {
    fn record(&mut self, name: &str, case: &str, outcome: TxOutcome) -> TxOutcome {
        let outcome = outcome.expect_ok(&format!("{name}/{case}"));
        self.record_value(
            name,
            case,
            outcome.compute_units,
            token_compute_units(&outcome),
        );
        outcome
    }

    /// Records a figure derived from measured transactions.
    fn record_value(&mut self, name: &str, case: &str, cu: u64, token_cu: u64) {
        let b = budgets()
            .into_iter()
            .find(|b| b.name == name && b.case == case)
            .unwrap_or_else(|| panic!("no budget for {name}/{case}"));
        self.out.push(Measurement {
            name: name.into(),
            case: case.into(),
            cu,
            token_cu,
            budget: b.budget,
            goal: b.goal,
            spread: None,
        });
    }

    /// Records the worst of `outcomes` (each one call of `name` with other keys) as the
    /// figure its budget must hold for, with the least and the median beside it.
    fn record_spread(&mut self, name: &str, case: &str, outcomes: Vec<TxOutcome>) {
        let mut cus: Vec<(u64, u64)> = outcomes
            .into_iter()
            .map(|o| {
                let o = o.expect_ok(&format!("{name}/{case}"));
                (o.compute_units, token_compute_units(&o))
            })
            .collect();
        assert!(!cus.is_empty(), "{name}/{case}: nothing measured");
        cus.sort();
        let (max, max_token) = cus[cus.len() - 1];
        self.record_value(name, case, max, max_token);
        if let Some(m) = self.out.last_mut() {
            m.spread = Some(Spread {
                keys: cus.len(),
                min: cus[0].0,
                median: cus[cus.len() / 2].0,
            });
        }
    }
}

const HOUR: i64 = 3_600;

fn fee_mint(case: &str) -> MintSpec {
    match case {
        "token2022_fee" => MintSpec::token_2022(6).with_transfer_fee(100, u64::MAX),
        _ => MintSpec::spl(6),
    }
}

/// A router with one staker staked and a distribution streaming: the state the user-path
/// instructions run in.
async fn streaming(
    env: &mut TestEnv,
    fee: MintSpec,
    protocol: MintSpec,
) -> (RouterFixture, crate::Staker) {
    let f = RouterFixture::new(env, fee, protocol).await;
    let s = f.new_staker(env, 10_000_000_000).await;
    f.stake(env, &s, 5_000_000_000).await.expect_ok("stake");
    f.deposit_fresh(env, 1_000_000_000).await;
    f.distribute(env).await.expect_ok("distribute");
    env.warp_seconds(HOUR);
    (f, s)
}

/// Runs every representative call and returns the measurements, in budget-file order.
pub async fn measure_all() -> Vec<Measurement> {
    let mut rec = Recorder { out: vec![] };

    for case in ["spl", "token2022_fee"] {
        let mut env = TestEnv::start().await;
        let f = RouterFixture::prepare(&mut env, fee_mint(case), MintSpec::spl(9)).await;
        rec.record("initialize_router", case, f.initialize(&mut env).await);

        // The router's first deposit clears the whole 30-day fee history; later deposits on
        // a day that already has fees are the exchange's steady state.
        let (payer, token) = f.fee_payer(&mut env, 1_000_000_000).await;
        rec.record(
            "deposit_fees",
            &format!("{case}_first"),
            f.deposit(&mut env, &payer, &token, 1_000).await,
        );
        rec.record(
            "deposit_fees",
            case,
            f.deposit(&mut env, &payer, &token, 1_000_000).await,
        );

        // Four buckets, a stream already running, stake active.
        let (f, _) = streaming(&mut env, fee_mint(case), MintSpec::spl(9)).await;
        f.deposit_fresh(&mut env, 1_000_000_000).await;
        rec.record("distribute", case, f.distribute(&mut env).await);
    }

    // Rewards stranded while nothing was staked, swept on by the next distribution.
    {
        let mut env = TestEnv::start().await;
        let (f, s) = streaming(&mut env, MintSpec::spl(6), MintSpec::spl(9)).await;
        f.request_unstake(&mut env, &s, 5_000_000_000)
            .await
            .expect_ok("leave");
        env.warp_seconds(HOUR);
        f.deposit_fresh(&mut env, 1_000_000_000).await;
        rec.record(
            "distribute",
            "spl_stranded_sweep",
            f.distribute(&mut env).await,
        );
    }

    for case in ["spl", "token2022_fee"] {
        // Claims move fee tokens; stakes move protocol tokens.
        let mut env = TestEnv::start().await;
        let (f, _) = streaming(&mut env, fee_mint(case), MintSpec::spl(9)).await;
        let claimer = f.new_staker(&mut env, 1_000_000_000).await;
        f.stake(&mut env, &claimer, 1_000_000_000)
            .await
            .expect_ok("stake");
        env.warp_seconds(HOUR);
        rec.record("claim_rewards", case, f.claim(&mut env, &claimer).await);

        let protocol = match case {
            "token2022_fee" => MintSpec::token_2022(9).with_fixed_transfer_fee(100, u64::MAX),
            _ => MintSpec::spl(9),
        };
        let (f, s) = streaming(&mut env, MintSpec::spl(6), protocol).await;
        let stake = ix::stake(
            &f.protocol_side(),
            &s.owner.pubkey(),
            &s.protocol_token,
            1_000_000,
        );
        rec.record("stake", case, env.send(&[stake], &[&s.owner]).await);
    }

    {
        let mut env = TestEnv::start().await;
        let (f, s) = streaming(&mut env, MintSpec::spl(6), MintSpec::spl(9)).await;
        rec.record(
            "request_unstake",
            "spl",
            f.request_unstake(&mut env, &s, 1_000_000).await,
        );
        env.warp_seconds(8 * 24 * HOUR);
        rec.record("withdraw_unstaked", "spl", f.withdraw(&mut env, &s).await);

        let newcomer = env.funded_user(1).await;
        let open = ix::open_position(&f.router, &newcomer.pubkey());
        rec.record(
            "open_position",
            "spl",
            env.send(&[open], &[&newcomer]).await,
        );

        // Donations to the stakers and stake vaults.
        let (donor, donor_fee) = f.fee_payer(&mut env, 1_000).await;
        let stakers = f.vault(VaultKind::Stakers);
        env.transfer(&f.fee_mint, &donor_fee, &stakers, &donor, 1_000)
            .await
            .expect_ok("donate fees");
        rec.record(
            "sweep_rewards_surplus",
            "spl",
            env.send(&[ix::sweep_rewards_surplus(&f.side())], &[]).await,
        );
        let donor_protocol = env
            .funded_token_account(&f.protocol_mint, &donor.pubkey(), 1_000)
            .await;
        let stake_vault = f.vault(VaultKind::Stake);
        env.transfer(
            &f.protocol_mint,
            &donor_protocol,
            &stake_vault,
            &donor,
            1_000,
        )
        .await
        .expect_ok("donate stake");
        rec.record(
            "sweep_stake_surplus",
            "spl",
            env.send(&[ix::sweep_stake_surplus(&f.protocol_side())], &[])
                .await,
        );
    }

    {
        let mut env = TestEnv::start().await;
        let f = RouterFixture::new(&mut env, MintSpec::spl(6), MintSpec::spl(9)).await;
        let (r, auth, guardian) = (f.router, &f.authority, &f.guardian);
        let a = auth.pubkey();
        let setters: Vec<(
            &str,
            anchor_lang::solana_program::instruction::Instruction,
            &Keypair,
        )> = vec![
            (
                "pause",
                ix::pause(&r, &guardian.pubkey(), PAUSE_DEPOSIT),
                guardian,
            ),
            (
                "unpause",
                ix::unpause(&r, &guardian.pubkey(), PAUSE_DEPOSIT),
                guardian,
            ),
            ("set_stage", ix::set_stage(&r, &a, Stage::Growth), auth),
            (
                "set_split",
                ix::set_split(&r, &a, Stage::Growth, Split::new(4000, 3000, 1000, 2000)),
                auth,
            ),
            (
                "set_guard_rails",
                ix::set_guard_rails(&r, &a, DEFAULT_GUARD_RAILS),
                auth,
            ),
            (
                "set_staking_params",
                ix::set_staking_params(&r, &a, DEFAULT_STAKING_PARAMS),
                auth,
            ),
            (
                "set_guardian",
                ix::set_guardian(&r, &a, guardian.pubkey()),
                auth,
            ),
            (
                "propose_authority",
                ix::propose_authority(&r, &a, Pubkey::new_unique()),
                auth,
            ),
            (
                "cancel_authority_transfer",
                ix::cancel_authority_transfer(&r, &a),
                auth,
            ),
        ];
        for (name, instruction, signer) in setters {
            rec.record(name, "none", env.send(&[instruction], &[signer]).await);
        }
        let next = env.funded_user(1).await;
        env.send_ok(
            &[ix::propose_authority(&r, &a, next.pubkey())],
            &[auth],
            "propose",
        )
        .await;
        rec.record(
            "accept_authority",
            "none",
            env.send(&[ix::accept_authority(&r, &next.pubkey())], &[&next])
                .await,
        );
    }

    buyback(&mut rec).await;
    governance(&mut rec).await;
    random_keys(&mut rec).await;
    full_fee_history(&mut rec).await;
    rebates_and_insurance(&mut rec).await;
    exchange(&mut rec).await;
    pool_lines(&mut rec).await;

    let order = budgets();
    let mut out = rec.out;
    out.sort_by_key(|m| {
        order
            .iter()
            .position(|b| b.name == m.name && b.case == m.case)
            .unwrap_or(usize::MAX)
    });
    out
}

/// Every instruction that derives or creates a PDA, over [`RANDOM_KEYS`] seeded random keys:
/// the canonical bump search at creation costs about 1,500 compute units for each bump it
/// tries, so one key's figure says little; the budget holds for the worst key measured.
async fn random_keys(rec: &mut Recorder) {
    use fee_router::config::GovernedAction;
    use fee_router::state::Vote;
    use fee_router_sdk::pda;

    let mut env = TestEnv::start().await;
    // Routers: one creator each, the same two mints.
    let base = RouterFixture::prepare(&mut env, MintSpec::spl(6), MintSpec::spl(9)).await;
    let mut outcomes = vec![];
    for _ in 0..RANDOM_KEYS {
        let creator = env.funded_user(1).await;
        let mut init = base.init_ix();
        init.creator = creator.pubkey();
        outcomes.push(env.send(&[init.instruction()], &[&creator]).await);
    }
    rec.record_spread("initialize_router", "spl_random_keys", outcomes);

    // Positions: one owner each, on one router.
    let f = RouterFixture::new(&mut env, MintSpec::spl(6), MintSpec::spl(6)).await;
    let mut owners = vec![];
    let mut outcomes = vec![];
    for i in 0..RANDOM_KEYS {
        // The first owner also pays the rent of every proposal below.
        let owner = env.funded_user(if i == 0 { 10 } else { 1 }).await;
        outcomes.push(
            env.send(&[ix::open_position(&f.router, &owner.pubkey())], &[&owner])
                .await,
        );
        owners.push(owner);
    }
    rec.record_spread("open_position", "random_keys", outcomes);

    // Every owner stakes, the router goes to its governance, and one staker proposes
    // RANDOM_KEYS times (each proposal id is another address); every owner votes on one.
    for owner in &owners {
        let token = env
            .funded_token_account(&f.protocol_mint, &owner.pubkey(), 1_000_000_000)
            .await;
        env.send_ok(
            &[ix::stake(
                &f.protocol_side(),
                &owner.pubkey(),
                &token,
                1_000_000_000,
            )],
            &[owner],
            "stake",
        )
        .await;
    }
    f.hand_over_to_governance(&mut env).await;
    let governance = pda::governance(&f.router);
    let proposer = &owners[0];
    let action = GovernedAction::SetStage {
        stage: Stage::Growth,
    };
    let mut outcomes = vec![];
    for id in 0..RANDOM_KEYS as u64 {
        let create = ix::create_proposal(&f.router, &proposer.pubkey(), id, vec![action]);
        outcomes.push(env.send(&[create], &[proposer]).await);
    }
    rec.record_spread("create_proposal", "random_keys", outcomes);
    let proposal = pda::proposal(&governance, 0);
    let mut outcomes = vec![];
    for owner in &owners {
        let vote = ix::cast_vote(&f.router, &proposal, &owner.pubkey(), Vote::Yes);
        outcomes.push(env.send(&[vote], &[owner]).await);
    }
    rec.record_spread("cast_vote", "random_keys", outcomes);
}

/// A stake pool with fee lines, every line streaming: a stake change with the pool's own line
/// only, with two lines and with eight (the most), the cost of each line beyond the first,
/// and a claim and a distribution in a line other than the pool's own.
async fn pool_lines(rec: &mut Recorder) {
    let mut per_line = vec![];
    for lines in [2usize, 8] {
        let mut env = TestEnv::start().await;
        let specs = vec![MintSpec::spl(6); lines - 1];
        let p = crate::PoolFixture::new(&mut env, MintSpec::spl(6), MintSpec::spl(9), &specs).await;
        let (s, fee) = p.new_staker(&mut env, 10_000_000_000).await;
        p.stake(&mut env, &s, 5_000_000_000)
            .await
            .expect_ok("stake");
        for (slot, l) in p.all().enumerate() {
            l.deposit_fresh(&mut env, 1_000_000_000).await;
            env.send_ok(&[p.distribute_ix(slot)], &[], "distribute")
                .await;
        }
        env.warp_seconds(HOUR);
        let case = format!("spl_{lines}_lines");
        let out = rec.record("stake", &case, p.stake(&mut env, &s, 1_000_000).await);
        per_line.push(out.compute_units);
        let owner = s.owner.pubkey();
        let unstake = p.request_unstake_ix(&owner, 1_000_000);
        rec.record(
            "request_unstake",
            &case,
            env.send(&[unstake], &[&s.owner]).await,
        );
        if lines == 8 {
            // A claim in the last line of a full pool: a claim takes its own line only.
            env.warp_seconds(HOUR);
            let claim = p.claim_ix(7, &owner, &fee[7]);
            rec.record(
                "claim_rewards",
                "spl_line_of_8",
                env.send(&[claim], &[&s.owner]).await,
            );
        }
        if lines == 2 {
            env.warp_seconds(HOUR);
            let claim = p.claim_ix(1, &owner, &fee[1]);
            rec.record(
                "claim_rewards",
                "spl_line",
                env.send(&[claim], &[&s.owner]).await,
            );
            p.lines[0].deposit_fresh(&mut env, 1_000_000_000).await;
            rec.record(
                "distribute",
                "spl_line",
                env.send(&[p.distribute_ix(1)], &[]).await,
            );
        }
    }
    // Six lines more between the two pools: what each line beyond the second costs a stake.
    let extra = per_line[1].saturating_sub(per_line[0]) / 6;
    rec.record_value("stake", "per_extra_line", extra, 0);
}

/// `set_stage` on a router whose fee history has fees on each of its 30 days: the stage gate
/// check sums the whole history.
async fn full_fee_history(rec: &mut Recorder) {
    let mut env = TestEnv::start().await;
    let f = RouterFixture::new(&mut env, MintSpec::spl(6), MintSpec::spl(9)).await;
    let (payer, token) = f.fee_payer(&mut env, 1_000_000_000).await;
    for day in 0..30 {
        if day > 0 {
            env.warp_seconds(24 * HOUR);
        }
        f.deposit(&mut env, &payer, &token, 1_000_000)
            .await
            .expect_ok("a day's fees");
    }
    rec.record(
        "set_stage",
        "full_fee_history",
        env.send(
            &[ix::set_stage(
                &f.router,
                &f.authority.pubkey(),
                Stage::Growth,
            )],
            &[&f.authority],
        )
        .await,
    );
}

/// The measurements as a Markdown table (the README's).
pub fn markdown(measurements: &[Measurement]) -> String {
    let mut s = String::from(
        "| instruction | case | compute units | of which token program | budget | goal |\n|---|---|---:|---:|---:|---:|\n",
    );
    for m in measurements {
        let cu = match m.spread {
            Some(sp) => format!(
                "{} (worst of {} keys; least {}, median {})",
                m.cu, sp.keys, sp.min, sp.median
            ),
            None => m.cu.to_string(),
        };
        s.push_str(&format!(
            "| `{}` | {} | {} | {} | {} | {} |\n",
            m.name,
            m.case,
            cu,
            m.token_cu,
            m.budget,
            m.goal.map_or("-".to_string(), |g| g.to_string())
        ));
    }
    s
}

/// The governance instructions, on a router handed to its governance with two stakers.
async fn governance(rec: &mut Recorder) {
    use fee_router::config::GovernedAction;
    use fee_router::state::{GovernanceParams, Vote};
    use fee_router_sdk::pda;
    const DAY: i64 = 86_400;

    let mut env = TestEnv::start().await;
    let f = RouterFixture::new(&mut env, MintSpec::spl(6), MintSpec::spl(6)).await;
    let a = f.authority.pubkey();
    rec.record(
        "set_governance_params",
        "none",
        env.send(
            &[ix::set_governance_params(
                &f.router,
                &a,
                GovernanceParams::defaults(6),
            )],
            &[&f.authority],
        )
        .await,
    );
    rec.record(
        "set_stage_gates",
        "none",
        env.send(
            &[ix::set_stage_gates(&f.router, &a, [0, 0, 0])],
            &[&f.authority],
        )
        .await,
    );
    let mut stakers = vec![];
    for amount in [6_000_000_000u64, 4_000_000_000] {
        let s = f.new_staker(&mut env, amount).await;
        f.stake(&mut env, &s, amount).await.expect_ok("stake");
        stakers.push(s);
    }
    let governance = pda::governance(&f.router);
    env.send_ok(
        &[ix::propose_authority(&f.router, &a, governance)],
        &[&f.authority],
        "propose",
    )
    .await;
    rec.record(
        "accept_governance_authority",
        "none",
        env.send(&[ix::accept_governance_authority(&f.router)], &[])
            .await,
    );
    env.warp_seconds(1);
    let action = || GovernedAction::SetSplit {
        stage: Stage::Growth,
        split: Split::new(5_000, 2_500, 1_000, 1_500),
    };
    let proposer = &stakers[0];
    let propose =
        |id: u64| ix::create_proposal(&f.router, &proposer.owner.pubkey(), id, vec![action()]);
    let p0 = pda::proposal(&governance, 0);
    rec.record(
        "create_proposal",
        "none",
        env.send(&[propose(0)], &[&proposer.owner]).await,
    );
    let first = ix::cast_vote(&f.router, &p0, &stakers[0].owner.pubkey(), Vote::Yes);
    env.send_ok(&[first], &[&stakers[0].owner], "vote").await;
    let second = ix::cast_vote(&f.router, &p0, &stakers[1].owner.pubkey(), Vote::Yes);
    rec.record(
        "cast_vote",
        "none",
        env.send(&[second], &[&stakers[1].owner]).await,
    );
    let p1 = pda::proposal(&governance, 1);
    env.send_ok(&[propose(1)], &[&proposer.owner], "second proposal")
        .await;
    rec.record(
        "cancel_proposal",
        "none",
        env.send(
            &[ix::cancel_proposal(&p1, &proposer.owner.pubkey())],
            &[&proposer.owner],
        )
        .await,
    );
    let p2 = pda::proposal(&governance, 2);
    env.send_ok(&[propose(2)], &[&proposer.owner], "third proposal")
        .await;
    let vote = ix::cast_vote(&f.router, &p2, &proposer.owner.pubkey(), Vote::Yes);
    env.send_ok(&[vote], &[&proposer.owner], "vote").await;
    env.warp_seconds(3 * DAY);
    rec.record(
        "finalize_proposal",
        "none",
        env.send(&[ix::finalize_proposal(&p0)], &[]).await,
    );
    env.send_ok(&[ix::finalize_proposal(&p2)], &[], "finalize")
        .await;
    rec.record(
        "veto_proposal",
        "none",
        env.send(
            &[ix::veto_proposal(&f.router, &p2, &f.guardian.pubkey())],
            &[&f.guardian],
        )
        .await,
    );
    env.warp_seconds(2 * DAY);
    let executor = env.payer().pubkey();
    rec.record(
        "execute_proposal",
        "one_action",
        env.send(&[ix::execute_proposal(&f.router, &p0, &executor)], &[])
            .await,
    );
}

/// A purchase from the buyback auction: the payment burned (SPL protocol mint), or, with a
/// Token-2022 fee mint, the lot's hop charged its fee.
async fn buyback(rec: &mut Recorder) {
    use fee_router::math::auction::PRICE_SCALE;
    use fee_router::state::{Auction, AuctionParams};
    use fee_router_sdk::pda;

    for case in ["spl", "token2022_fee"] {
        let mut env = TestEnv::start().await;
        let f = RouterFixture::new(&mut env, fee_mint(case), MintSpec::spl(6)).await;
        f.deposit_fresh(&mut env, 10_000_000).await;
        f.distribute(&mut env).await.expect_ok("distribute");
        let params = AuctionParams {
            epoch_seconds: 86_400,
            floor_price: PRICE_SCALE,
            min_start_price: 2 * PRICE_SCALE,
            max_start_price: 10 * PRICE_SCALE,
            multiplier_bps: 20_000,
            epoch_cap: 1_000_000,
            daily_cap: 5_000_000,
            treasury: Pubkey::default(),
        };
        let set = ix::set_auction_params(&f.router, &f.authority.pubkey(), params);
        if case == "spl" {
            rec.record(
                "set_auction_params",
                "none",
                env.send(&[set], &[&f.authority]).await,
            );
        } else {
            env.send_ok(&[set], &[&f.authority], "set_auction_params")
                .await;
        }
        env.warp_seconds(3_600);
        let buyer = env.funded_user(1).await;
        let protocol = env
            .funded_token_account(&f.protocol_mint, &buyer.pubkey(), 1_000_000_000)
            .await;
        let fee = env.create_token_account(&f.fee_mint, &buyer.pubkey()).await;
        let auction: Auction = env.anchor_account(&pda::auction(&f.router)).await;
        // The whole epoch's cap: the purchase that sells the epoch out also starts the next,
        // the costlier path (a smaller purchase leaves the epoch running).
        let purchase = ix::Purchase {
            epoch_id: auction.epoch_id,
            amount: 1_000_000,
            min_amount_out: 1,
            max_payment: u64::MAX,
        };
        let buy = ix::buy(
            &f.side(),
            &f.protocol_side(),
            &buyer.pubkey(),
            &fee,
            &protocol,
            None,
            purchase,
        );
        rec.record("buy", case, env.send(&[buy], &[&buyer]).await);
    }
}

/// A trader at the top tier whose stake has warmed up, on a router whose discount vault is
/// funded and whose rebate authority is `rebate_authority`.
async fn rebating(
    env: &mut TestEnv,
    fee: MintSpec,
    rebate_authority: Pubkey,
) -> (RouterFixture, crate::Staker) {
    let f = RouterFixture::new(env, fee, MintSpec::spl(6)).await;
    f.set_rebate_authority(env, rebate_authority).await;
    f.fund_vaults(env, 1_000_000_000).await;
    let trader = f.new_staker(env, 600_000_000_000).await;
    f.stake(env, &trader, 600_000_000_000)
        .await
        .expect_ok("stake");
    env.warp_seconds(2 * 86_400);
    (f, trader)
}

/// The rebate on its own (a key authority), its setters, and the insurance payout.
async fn rebates_and_insurance(rec: &mut Recorder) {
    use fee_router::state::{DiscountTiers, InsuranceParams, RebateLimits};

    for case in ["spl", "token2022_fee"] {
        let mut env = TestEnv::start().await;
        let exchange = env.funded_user(1).await;
        let (f, trader) = rebating(&mut env, fee_mint(case), exchange.pubkey()).await;
        let rebate = ix::rebate(
            &f.side(),
            &exchange.pubkey(),
            &trader.owner.pubkey(),
            &trader.fee_token,
            1_000_000,
            true,
        );
        rec.record("rebate", case, env.send(&[rebate], &[&exchange]).await);
    }

    let mut env = TestEnv::start().await;
    let f = RouterFixture::new(&mut env, MintSpec::spl(6), MintSpec::spl(6)).await;
    f.fund_vaults(&mut env, 1_000_000_000).await;
    let a = f.authority.pubkey();
    let auth = &f.authority;
    let exchange = env.funded_user(1).await;
    let shortfall = env
        .create_token_account(&f.fee_mint, &exchange.pubkey())
        .await;
    let setters = [
        (
            "set_discount_tiers",
            ix::set_discount_tiers(&f.router, &a, DiscountTiers::defaults(6)),
        ),
        (
            "set_rebate_authority",
            ix::set_rebate_authority(&f.router, &a, exchange.pubkey()),
        ),
        (
            "set_rebate_limits",
            ix::set_rebate_limits(&f.router, &a, RebateLimits::DEFAULT),
        ),
        (
            "set_insurance_params",
            ix::set_insurance_params(&f.router, &a, InsuranceParams::DEFAULT),
        ),
        (
            "set_shortfall_account",
            ix::set_shortfall_account(&f.router, &a, shortfall),
        ),
    ];
    for (name, instruction) in setters {
        rec.record(name, "none", env.send(&[instruction], &[auth]).await);
    }
    rec.record(
        "pay_insurance",
        "spl",
        env.send(
            &[ix::pay_insurance(&f.side(), &a, &shortfall, 1_000_000)],
            &[auth],
        )
        .await,
    );
}

/// A trade on the example exchange, routed (the fee deposited and the rebate paid by CPI)
/// and unrouted (the fee kept by the exchange): the difference is what the router adds.
async fn exchange(rec: &mut Recorder) {
    use crate::exchange::{ExchangeMarket, Trade};
    use example_exchange::Side;

    let mut env = TestEnv::start().await;
    let f = RouterFixture::new(&mut env, MintSpec::spl(6), MintSpec::spl(6)).await;
    let base_mint = env.create_mint(MintSpec::spl(6)).await;
    let m = ExchangeMarket::new(
        f.router,
        base_mint,
        crate::SPL_TOKEN,
        f.fee_mint,
        f.fee_token_program,
    );
    let admin = env.funded_user(1).await;
    env.send_ok(
        &[m.create_ix(&admin.pubkey(), 2_000_000_000, 30)],
        &[&admin],
        "create market",
    )
    .await;
    env.mint_to(&base_mint, &m.base_vault, 1_000_000_000_000)
        .await;
    f.set_rebate_authority(&mut env, m.market).await;
    f.fund_vaults(&mut env, 1_000_000_000).await;
    let trader = f.new_staker(&mut env, 600_000_000_000).await;
    f.stake(&mut env, &trader, 600_000_000_000)
        .await
        .expect_ok("stake");
    env.mint_to(&f.fee_mint, &trader.fee_token, 1_000_000_000_000)
        .await;
    let base = env
        .create_token_account(&base_mint, &trader.owner.pubkey())
        .await;
    env.warp_seconds(2 * 86_400);
    let owner = trader.owner.pubkey();
    let trade = Trade {
        side: Side::Buy,
        base_amount: 1_000_000,
        quote_limit: u64::MAX,
    };
    // The day's first deposit clears the fee history: trade once before measuring.
    let routed = m.swap_ix(&owner, &base, &trader.fee_token, trade, true);
    env.send_ok(
        std::slice::from_ref(&routed),
        &[&trader.owner],
        "warm-up trade",
    )
    .await;
    let unrouted = m.swap_unrouted_ix(&owner, &base, &trader.fee_token, trade);
    let plain = rec.record(
        "example_exchange::swap_unrouted",
        "spl",
        env.send(&[unrouted], &[&trader.owner]).await,
    );
    let with_router = rec.record(
        "example_exchange::swap",
        "spl",
        env.send(&[routed], &[&trader.owner]).await,
    );
    rec.record_value(
        "router_added_to_a_trade",
        "spl",
        with_router
            .compute_units
            .saturating_sub(plain.compute_units),
        token_compute_units(&with_router).saturating_sub(token_compute_units(&plain)),
    );
    at_source(rec, &mut env, &f, &m, &trader, &base, trade, plain).await;
}

/// The trade path: the example market's fee account in the router, its allowance funded,
/// then `swap_at_source` (one CPI, `charge_fee`) against the unrouted trade, with a discount
/// (the trader's 600-token stake, warmed up) and without one (no position passed); a sweep;
/// and the lock report: what two markets' routed trades by two traders write in common.
#[allow(clippy::too_many_arguments)]
async fn at_source(
    rec: &mut Recorder,
    env: &mut TestEnv,
    f: &RouterFixture,
    m: &crate::exchange::ExchangeMarket,
    trader: &Staker,
    base: &Pubkey,
    trade: crate::exchange::Trade,
    plain: TxOutcome,
) {
    let a = f.authority.pubkey();
    env.send_ok(
        &[
            ix::set_market_allowance_cap(&f.router, &a, 1_000_000_000),
            ix::approve_market(&f.router, &a, m.market),
            ix::open_market(&f.side(), &env.payer().pubkey(), &m.market),
        ],
        &[&f.authority],
        "open the market's fee account",
    )
    .await;
    env.send_ok(&[ix::sweep_market(&f.side(), &m.market)], &[], "fund")
        .await;
    let owner = trader.owner.pubkey();
    let mut added = |case: &str, with: &TxOutcome| {
        rec.record_value(
            "router_added_to_a_trade_at_source",
            case,
            with.compute_units.saturating_sub(plain.compute_units),
            token_compute_units(with).saturating_sub(token_compute_units(&plain)),
        );
    };
    for (case, position) in [("spl_discount", true), ("spl_no_discount", false)] {
        let ix = m.swap_at_source_ix(&owner, base, &trader.fee_token, trade, position);
        let out = env.send(&[ix], &[&trader.owner]).await.expect_ok(case);
        added(case, &out);
    }
    let swap = m.swap_at_source_ix(&owner, base, &trader.fee_token, trade, true);
    rec.record(
        "example_exchange::swap_at_source",
        "spl",
        env.send(std::slice::from_ref(&swap), &[&trader.owner])
            .await,
    );
    rec.record(
        "sweep_market",
        "spl",
        env.send(&[ix::sweep_market(&f.side(), &m.market)], &[])
            .await,
    );
    // Two markets, two traders: the writable accounts their routed trades share.
    let other = crate::exchange::ExchangeMarket::new(
        f.router,
        Pubkey::new_unique(),
        m.base_token_program,
        m.quote_mint,
        m.quote_token_program,
    );
    let someone = Pubkey::new_unique();
    let second = other.swap_at_source_ix(
        &someone,
        &Pubkey::new_unique(),
        &Pubkey::new_unique(),
        trade,
        true,
    );
    let writable = |ix: &anchor_lang::solana_program::instruction::Instruction| {
        ix.accounts
            .iter()
            .filter(|meta| meta.is_writable)
            .map(|meta| meta.pubkey)
            .collect::<std::collections::BTreeSet<Pubkey>>()
    };
    let shared = writable(&swap).intersection(&writable(&second)).count() as u64;
    rec.record_value("writable_accounts_shared_by_two_markets", "spl", shared, 0);
}
