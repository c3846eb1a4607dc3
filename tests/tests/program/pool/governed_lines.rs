//! SPEC §5 (actions name the pool or one fee line): a pool governed by its stakers adds a fee
//! line by proposal (`AddFeeLine`), and a proposal whose first action is `ForFeeLine` applies
//! its actions to that line only; the pool's own actions cannot name a line, and a line's
//! proposal executes on that line and no other router.
use anchor_lang::prelude::Pubkey;
use fee_router::config::GovernedAction;
use fee_router::error::FeeRouterError;
use fee_router::state::{GuardRails, Stage, Vote};
use fee_router_sdk::{ix, pda};
use fee_router_tests::*;
use solana_signer::Signer;

const DAY: i64 = 86_400;

struct GovernedPool {
    pool: RouterFixture,
    stakers: Vec<Staker>,
}

impl GovernedPool {
    /// A pool handed to its governance, three stakers (40 / 35 / 25%) staked before.
    async fn new(env: &mut TestEnv) -> Self {
        let pool = RouterFixture::new(env, MintSpec::spl(6), MintSpec::spl(6)).await;
        let mut stakers = vec![];
        for amount in [4_000_000_000u64, 3_500_000_000, 2_500_000_000] {
            let s = pool.new_staker(env, amount).await;
            pool.stake(env, &s, amount).await.expect_ok("stake");
            stakers.push(s);
        }
        pool.hand_over_to_governance(env).await;
        GovernedPool { pool, stakers }
    }

    /// A router of the pool's creator and protocol mint whose authority is the pool's
    /// governance (or `authority`).
    async fn sibling(
        &self,
        env: &mut TestEnv,
        authority: Option<anchor_lang::prelude::Pubkey>,
    ) -> RouterFixture {
        let authority = authority.unwrap_or(pda::governance(&self.pool.router));
        self.pool
            .sibling_with(env, MintSpec::spl(6), authority)
            .await
    }

    /// Proposes `actions` (staker 0), votes yes with stakers 0 and 1, finalizes: passed.
    async fn pass(&self, env: &mut TestEnv, actions: Vec<GovernedAction>) -> Pubkey {
        pass(env, &self.pool, &self.stakers, actions).await
    }
}

/// Proposes `actions` in `pool` (staker 0), votes yes with stakers 0 and 1, finalizes:
/// passed, with the timelock over.
async fn pass(
    env: &mut TestEnv,
    pool: &RouterFixture,
    stakers: &[Staker],
    actions: Vec<GovernedAction>,
) -> Pubkey {
    let governance = pda::governance(&pool.router);
    let g: fee_router::state::Governance = env.anchor_account(&governance).await;
    let s = &stakers[0];
    let create = ix::create_proposal(&pool.router, &s.owner.pubkey(), g.proposal_count, actions);
    env.send_ok(&[create], &[&s.owner], "propose").await;
    let proposal = pda::proposal(&governance, g.proposal_count);
    for s in &stakers[..2] {
        let vote = ix::cast_vote(&pool.router, &proposal, &s.owner.pubkey(), Vote::Yes);
        env.send_ok(&[vote], &[&s.owner], "vote").await;
    }
    env.warp_seconds(3 * DAY);
    env.send_ok(&[ix::finalize_proposal(&proposal)], &[], "finalize")
        .await;
    env.warp_seconds(2 * DAY);
    proposal
}

// attack: execute_proposal: other_router
#[tokio::test]
async fn a_governed_pool_adds_a_fee_line_by_proposal_and_only_a_line_its_governance_holds() {
    let mut env = TestEnv::start().await;
    let g = GovernedPool::new(&mut env).await;
    let line = g.sibling(&mut env, None).await;
    let add = vec![GovernedAction::AddFeeLine { line: line.router }];
    let proposal = g.pass(&mut env, add.clone()).await;
    let payer = env.payer();
    // Without the line's account, nothing is added.
    let mut without =
        ix::execute_proposal_in_pool(&g.pool.router, &proposal, &payer.pubkey(), None, &add);
    without.accounts.pop();
    assert_error(
        &env.send(&[without], &[]).await,
        FeeRouterError::LineAccountsMismatch,
    );
    let execute =
        ix::execute_proposal_in_pool(&g.pool.router, &proposal, &payer.pubkey(), None, &add);
    env.send_ok(&[execute], &[], "execute AddFeeLine").await;
    let pool = g.pool.state(&mut env).await;
    assert_eq!((pool.extra_lines, pool.lines[0]), (1, line.router));
    let l = line.state(&mut env).await;
    assert_eq!(
        (l.pool, l.line_slot, l.staking.total_active),
        (g.pool.router, 1, 10_000_000_000)
    );
    // A router whose authority is a key, not this governance, is not added by a vote.
    let keyed = g.pool.sibling(&mut env, MintSpec::spl(6)).await;
    let add = vec![GovernedAction::AddFeeLine { line: keyed.router }];
    let proposal = g.pass(&mut env, add.clone()).await;
    let execute =
        ix::execute_proposal_in_pool(&g.pool.router, &proposal, &payer.pubkey(), None, &add);
    assert_error(
        &env.send(&[execute], &[]).await,
        FeeRouterError::AccessAuthorityRequired,
    );
}

#[tokio::test]
async fn a_proposal_for_a_fee_line_changes_that_line_and_nothing_of_the_pool() {
    let mut env = TestEnv::start().await;
    let g = GovernedPool::new(&mut env).await;
    let line = g.sibling(&mut env, None).await;
    let add = vec![GovernedAction::AddFeeLine { line: line.router }];
    let proposal = g.pass(&mut env, add.clone()).await;
    let payer = env.payer().pubkey();
    env.send_ok(
        &[ix::execute_proposal_in_pool(
            &g.pool.router,
            &proposal,
            &payer,
            None,
            &add,
        )],
        &[],
        "add",
    )
    .await;
    let rails = GuardRails {
        insurance_floor: 1,
        insurance_cap: 2,
        discount_cap: 3,
        insurance_topup_max_bps: 4,
    };
    let actions = vec![
        GovernedAction::ForFeeLine { line: line.router },
        GovernedAction::SetGuardRails { rails },
    ];
    let proposal = g.pass(&mut env, actions.clone()).await;
    let pool_before = g.pool.state(&mut env).await.guard_rails;
    // Executed on the pool (or any router but the line), it is refused.
    let on_pool = ix::execute_proposal(&g.pool.router, &proposal, &payer);
    assert_error(
        &env.send(&[on_pool], &[]).await,
        FeeRouterError::LineAccountsMismatch,
    );
    env.send_ok(
        &[ix::execute_proposal_in_pool(
            &g.pool.router,
            &proposal,
            &payer,
            None,
            &actions,
        )],
        &[],
        "execute for the line",
    )
    .await;
    assert_eq!(line.state(&mut env).await.guard_rails, rails);
    assert_eq!(g.pool.state(&mut env).await.guard_rails, pool_before);
    // The pool's own actions cannot name a line; ForFeeLine comes first, with something after.
    let s = &g.stakers[0];
    let governance = pda::governance(&g.pool.router);
    let id = env
        .anchor_account::<fee_router::state::Governance>(&governance)
        .await
        .proposal_count;
    for bad in [
        vec![
            GovernedAction::ForFeeLine { line: line.router },
            GovernedAction::SetStage {
                stage: Stage::Growth,
            },
        ],
        vec![
            GovernedAction::SetGuardRails { rails },
            GovernedAction::ForFeeLine { line: line.router },
        ],
        vec![GovernedAction::ForFeeLine { line: line.router }],
    ] {
        let create = ix::create_proposal(&g.pool.router, &s.owner.pubkey(), id, bad);
        assert_error(
            &env.send(&[create], &[&s.owner]).await,
            FeeRouterError::LineActionNotForLine,
        );
    }
}

#[tokio::test]
async fn handing_a_fee_line_to_the_pools_governance_stales_no_proposal_of_the_pool() {
    let mut env = TestEnv::start().await;
    // A pool with a line added by the authority's setter, then handed to its stakers.
    let p = PoolFixture::new(
        &mut env,
        MintSpec::spl(6),
        MintSpec::spl(6),
        &[MintSpec::spl(6)],
    )
    .await;
    let mut stakers = vec![];
    for amount in [4_000_000_000u64, 3_500_000_000, 2_500_000_000] {
        let (s, _) = p.new_staker(&mut env, amount).await;
        p.stake(&mut env, &s, amount).await.expect_ok("stake");
        stakers.push(s);
    }
    p.pool.hand_over_to_governance(&mut env).await;
    let rails = GuardRails {
        insurance_floor: 5,
        insurance_cap: 6,
        discount_cap: 7,
        insurance_topup_max_bps: 8,
    };
    let actions = vec![GovernedAction::SetGuardRails { rails }];
    let proposal = pass(&mut env, &p.pool, &stakers, actions.clone()).await;
    // The line's authority hands it to the pool's governance; anyone completes it.
    let line = &p.lines[0];
    let governance = pda::governance(&p.pool.router);
    let propose = ix::propose_authority(&line.router, &line.authority.pubkey(), governance);
    env.send_ok(
        &[propose],
        &[&line.authority],
        "propose the pool's governance",
    )
    .await;
    env.send_ok(
        &[ix::accept_governance_authority_in(
            &line.router,
            &p.pool.router,
        )],
        &[],
        "accept",
    )
    .await;
    assert_eq!(line.state(&mut env).await.authority, governance);
    // The pool's proposal, passed before, still executes.
    let payer = env.payer().pubkey();
    let execute = ix::execute_proposal_in_pool(&p.pool.router, &proposal, &payer, None, &actions);
    env.send_ok(&[execute], &[], "execute").await;
    assert_eq!(p.pool.state(&mut env).await.guard_rails, rails);
}
