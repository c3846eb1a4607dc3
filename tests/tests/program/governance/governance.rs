//! SPEC §5 (Governance): stake-weighted governance. Proposals carry governed actions through
//! the one configuration path; weight is stake active before a proposal was created; a passed
//! proposal executes after its timelock and before its grace deadline, unless stale or vetoed;
//! stage changes need their gate met on the router's own fee history.
use anchor_lang::error::ErrorCode;
use anchor_lang::prelude::Pubkey;
use anchor_lang::solana_program::instruction::Instruction;
use fee_router::config::GovernedAction;
use fee_router::error::FeeRouterError;
use fee_router::events::FeesDistributed;
use fee_router::state::{
    Governance, GovernanceParams, Proposal, ProposalState, Split, Stage, Vote, VoteRecord,
};
use fee_router_sdk::{ix, pda};
use fee_router_tests::*;
use solana_keypair::Keypair;
use solana_signer::Signer;

const DAY: i64 = 86_400;
/// The default rules: 3-day vote, 2-day timelock, 7-day grace.
pub(crate) const VOTE: i64 = 3 * DAY;
pub(crate) const TIMELOCK: i64 = 2 * DAY;
const GRACE: i64 = 7 * DAY;
/// 1,000 whole protocol tokens (6 decimals): the default minimum to propose.
const MIN_TO_PROPOSE: u64 = 1_000_000_000;

/// A router handed to its governance, with three stakers (40%, 35%, 25% of the stake) whose
/// stake was active before anything is proposed.
pub(crate) struct Governed {
    pub(crate) f: RouterFixture,
    pub(crate) stakers: Vec<Staker>,
}

pub(crate) async fn governed(env: &mut TestEnv) -> Governed {
    let f = RouterFixture::new(env, MintSpec::spl(6), MintSpec::spl(6)).await;
    let mut stakers = vec![];
    for amount in [4_000_000_000u64, 3_500_000_000, 2_500_000_000] {
        let s = f.new_staker(env, amount).await;
        f.stake(env, &s, amount).await.expect_ok("stake");
        stakers.push(s);
    }
    f.hand_over_to_governance(env).await;
    Governed { f, stakers }
}

impl Governed {
    pub(crate) fn governance(&self) -> Pubkey {
        pda::governance(&self.f.router)
    }

    pub(crate) async fn governance_state(&self, env: &mut TestEnv) -> Governance {
        env.anchor_account(&self.governance()).await
    }

    /// Creates a proposal by staker `by`; returns its address.
    pub(crate) async fn propose(
        &self,
        env: &mut TestEnv,
        by: usize,
        actions: Vec<GovernedAction>,
    ) -> (TxOutcome, Pubkey) {
        let id = self.governance_state(env).await.proposal_count;
        let s = &self.stakers[by];
        let ix = ix::create_proposal(&self.f.router, &s.owner.pubkey(), id, actions);
        let out = env.send(&[ix], &[&s.owner]).await;
        (out, pda::proposal(&self.governance(), id))
    }

    pub(crate) async fn vote(
        &self,
        env: &mut TestEnv,
        proposal: &Pubkey,
        by: usize,
        vote: Vote,
    ) -> TxOutcome {
        let s = &self.stakers[by];
        let ix = ix::cast_vote(&self.f.router, proposal, &s.owner.pubkey(), vote);
        env.send(&[ix], &[&s.owner]).await
    }

    pub(crate) async fn finalize(&self, env: &mut TestEnv, proposal: &Pubkey) -> TxOutcome {
        env.send(&[ix::finalize_proposal(proposal)], &[]).await
    }

    pub(crate) async fn execute(&self, env: &mut TestEnv, proposal: &Pubkey) -> TxOutcome {
        let executor = env.payer().pubkey();
        env.send(
            &[ix::execute_proposal(&self.f.router, proposal, &executor)],
            &[],
        )
        .await
    }

    /// Proposes `actions`, votes yes with the two largest stakers, and finalizes: passed.
    pub(crate) async fn pass(&self, env: &mut TestEnv, actions: Vec<GovernedAction>) -> Pubkey {
        let (out, p) = self.propose(env, 0, actions).await;
        out.expect_ok("propose");
        self.vote(env, &p, 0, Vote::Yes).await.expect_ok("vote");
        self.vote(env, &p, 1, Vote::Yes).await.expect_ok("vote");
        env.warp_seconds(VOTE);
        self.finalize(env, &p).await.expect_ok("finalize");
        assert_eq!(proposal(env, &p).await.state, ProposalState::Passed);
        p
    }

    /// Everything a refusal must leave unchanged.
    pub(crate) async fn snapshot(
        &self,
        env: &mut TestEnv,
        proposal: &Pubkey,
    ) -> Vec<Option<solana_account::Account>> {
        let mut out = self.f.snapshot(env).await;
        out.push(env.account(&self.governance()).await);
        out.push(env.account(proposal).await);
        for s in &self.stakers {
            out.push(
                env.account(&pda::position(&self.f.router, &s.owner.pubkey()))
                    .await,
            );
        }
        out
    }
}

async fn proposal(env: &mut TestEnv, address: &Pubkey) -> Proposal {
    env.anchor_account(address).await
}

fn growth_split() -> GovernedAction {
    GovernedAction::SetSplit {
        stage: Stage::Growth,
        split: Split::new(5_000, 2_500, 1_000, 1_500),
    }
}

/// `ix` by `signer` fails with `code` and changes nothing `g` watches about `proposal`.
async fn refused(
    env: &mut TestEnv,
    g: &Governed,
    proposal: &Pubkey,
    ixs: &[Instruction],
    signers: &[&Keypair],
    code: impl Into<u32>,
) {
    let before = g.snapshot(env, proposal).await;
    let out = env.send(ixs, signers).await;
    assert_error(&out, code);
    assert_eq!(
        g.snapshot(env, proposal).await,
        before,
        "a refusal changed state"
    );
}

#[tokio::test]
async fn a_growth_split_passes_by_vote_and_the_next_distribution_uses_it_exactly() {
    let mut env = TestEnv::start().await;
    let g = governed(&mut env).await;
    // Into the Growth stage with a new Growth split, by one proposal.
    let p = g
        .pass(
            &mut env,
            vec![
                GovernedAction::SetStage {
                    stage: Stage::Growth,
                },
                growth_split(),
            ],
        )
        .await;
    let out = g.execute(&mut env, &p).await;
    assert_error(&out, FeeRouterError::GovernanceTimelockNotOver);
    env.warp_seconds(TIMELOCK);
    let out = g.execute(&mut env, &p).await.expect_ok("execute");
    println!(
        "compute units: execute_proposal (two actions) = {}",
        out.compute_units
    );
    let r = g.f.state(&mut env).await;
    assert_eq!(r.stage().unwrap(), Stage::Growth);
    assert_eq!(
        r.splits[Stage::Growth.index()],
        Split::new(5_000, 2_500, 1_000, 1_500)
    );
    assert_eq!(proposal(&mut env, &p).await.state, ProposalState::Executed);

    g.f.deposit_fresh(&mut env, 10_000_000).await;
    let out = g.f.distribute(&mut env).await.expect_ok("distribute");
    let e = &events::<FeesDistributed>(&out)[0];
    assert_eq!(e.stage, Stage::Growth);
    assert_eq!(e.amounts, [5_000_000, 2_500_000, 1_000_000, 1_500_000]);

    // Executed once: never again.
    let before = g.snapshot(&mut env, &p).await;
    assert_error(
        &g.execute(&mut env, &p).await,
        FeeRouterError::GovernanceNotPassed,
    );
    assert_eq!(g.snapshot(&mut env, &p).await, before);
}

// attack: create_proposal: amounts
#[tokio::test]
async fn a_malformed_proposal_is_refused_at_creation() {
    let mut env = TestEnv::start().await;
    let g = governed(&mut env).await;
    let bad_split = GovernedAction::SetSplit {
        stage: Stage::Early,
        split: Split::new(5_000, 5_000, 1, 0),
    };
    let (out, _) = g.propose(&mut env, 0, vec![bad_split]).await;
    assert_error(&out, FeeRouterError::SetterSplitIncomplete);
    let bad_params = GovernedAction::SetGovernanceParams {
        params: GovernanceParams {
            timelock_seconds: 0,
            ..GovernanceParams::defaults(6)
        },
    };
    let (out, _) = g.propose(&mut env, 0, vec![bad_params]).await;
    assert_error(&out, FeeRouterError::SetterGovernanceParamsOutOfBounds);
    for actions in [vec![], vec![growth_split(); 5]] {
        let (out, _) = g.propose(&mut env, 0, actions).await;
        assert_error(&out, FeeRouterError::GovernanceActionCount);
    }
    assert_eq!(g.governance_state(&mut env).await.proposal_count, 0);
}

#[tokio::test]
async fn proposing_needs_the_minimum_stake_already_active() {
    let mut env = TestEnv::start().await;
    let g = governed(&mut env).await;
    // A newcomer who stakes the minimum just now cannot propose in the same instant.
    let newcomer = g.f.new_staker(&mut env, MIN_TO_PROPOSE).await;
    let mut ixs = g.f.stake_ixs(&mut env, &newcomer, MIN_TO_PROPOSE).await;
    ixs.push(ix::create_proposal(
        &g.f.router,
        &newcomer.owner.pubkey(),
        0,
        vec![growth_split()],
    ));
    let out = env.send(&ixs, &[&newcomer.owner]).await;
    assert_error(&out, FeeRouterError::GovernanceStakeBelowMinimum);
    // A second later the stake counts.
    g.f.stake(&mut env, &newcomer, MIN_TO_PROPOSE)
        .await
        .expect_ok("stake");
    env.warp_seconds(1);
    let ix = ix::create_proposal(
        &g.f.router,
        &newcomer.owner.pubkey(),
        0,
        vec![growth_split()],
    );
    env.send_ok(&[ix], &[&newcomer.owner], "propose").await;
}

// attack: cast_vote: reinit
#[tokio::test]
async fn voting_twice_or_with_stake_added_after_creation_is_refused() {
    let mut env = TestEnv::start().await;
    let g = governed(&mut env).await;
    let (out, p) = g.propose(&mut env, 0, vec![growth_split()]).await;
    out.expect_ok("propose");
    let out = g.vote(&mut env, &p, 0, Vote::Yes).await.expect_ok("vote");
    println!("compute units: cast_vote = {}", out.compute_units);
    let s = &g.stakers[0];
    refused(
        &mut env,
        &g,
        &p,
        &[ix::cast_vote(&g.f.router, &p, &s.owner.pubkey(), Vote::No)],
        &[&s.owner],
        FeeRouterError::GovernanceAlreadyVoted,
    )
    .await;

    // Stake added after the proposal was created votes nothing...
    let late = g.f.new_staker(&mut env, 5_000_000_000).await;
    g.f.stake(&mut env, &late, 5_000_000_000)
        .await
        .expect_ok("late stake");
    let ix = ix::cast_vote(&g.f.router, &p, &late.owner.pubkey(), Vote::No);
    refused(
        &mut env,
        &g,
        &p,
        &[ix],
        &[&late.owner],
        FeeRouterError::GovernanceNoVotingWeight,
    )
    .await;
    // ... and a position that adds to old stake votes only the old.
    let topped = &g.stakers[1];
    let extra = env
        .funded_token_account(&g.f.protocol_mint, &topped.owner.pubkey(), 9_000_000_000)
        .await;
    let ix = ix::stake(
        &g.f.protocol_side(),
        &topped.owner.pubkey(),
        &extra,
        9_000_000_000,
    );
    env.send_ok(&[ix], &[&topped.owner], "top up").await;
    g.vote(&mut env, &p, 1, Vote::No).await.expect_ok("vote");
    let tally = proposal(&mut env, &p).await;
    assert_eq!((tally.yes, tally.no), (4_000_000_000, 3_500_000_000));

    // The vote record must be the voter's own canonical PDA: another voter's record, or any
    // other address, is refused.
    let third = &g.stakers[2];
    for other in [
        pda::vote_record(&p, &g.stakers[0].owner.pubkey()).0,
        Pubkey::new_unique(),
    ] {
        let mut ix = ix::cast_vote(&g.f.router, &p, &third.owner.pubkey(), Vote::Yes);
        ix.accounts[3].pubkey = other;
        refused(
            &mut env,
            &g,
            &p,
            &[ix],
            &[&third.owner],
            ErrorCode::ConstraintSeeds,
        )
        .await;
    }
}

/// A proposal's id is part of its address and is an argument, so a client derives the address
/// from the IDL alone; only the governance's next id is accepted (a racing proposer who lost
/// gets a typed refusal, not another proposal's address).
// attack: create_proposal: stale_state
#[tokio::test]
async fn a_proposal_id_that_is_not_the_next_one_is_refused() {
    let mut env = TestEnv::start().await;
    let g = governed(&mut env).await;
    let (out, p0) = g.propose(&mut env, 0, vec![growth_split()]).await;
    out.expect_ok("propose");
    let proposer = &g.stakers[1];
    // The id of a proposal that exists: its account cannot be created again.
    let before = g.snapshot(&mut env, &p0).await;
    let ix = ix::create_proposal(
        &g.f.router,
        &proposer.owner.pubkey(),
        0,
        vec![growth_split()],
    );
    assert!(env.send(&[ix], &[&proposer.owner]).await.result.is_err());
    assert_eq!(g.snapshot(&mut env, &p0).await, before);
    // An id ahead of the count.
    for id in [2u64, u64::MAX] {
        let ix = ix::create_proposal(
            &g.f.router,
            &proposer.owner.pubkey(),
            id,
            vec![growth_split()],
        );
        refused(
            &mut env,
            &g,
            &p0,
            &[ix],
            &[&proposer.owner],
            FeeRouterError::GovernanceProposalIdTaken,
        )
        .await;
        assert!(env
            .account(&pda::proposal(&g.governance(), id))
            .await
            .is_none());
    }
    let (out, p1) = g.propose(&mut env, 1, vec![growth_split()]).await;
    out.expect_ok("the next id");
    assert_eq!(p1, pda::proposal(&g.governance(), 1));
    assert_eq!(proposal(&mut env, &p1).await.id, 1);
}

/// Every bump other than the canonical one that still gives a valid (off-curve) address for
/// the vote record of `voter` on `proposal`: each would be a second record if a caller's bump
/// were trusted.
fn other_valid_vote_record_addresses(proposal: &Pubkey, voter: &Pubkey) -> Vec<Pubkey> {
    let (_, canonical) = pda::vote_record(proposal, voter);
    (0..=u8::MAX)
        .filter(|b| *b != canonical)
        .filter_map(|b| {
            Pubkey::create_program_address(
                &[
                    fee_router::constants::VOTE_SEED,
                    proposal.as_ref(),
                    voter.as_ref(),
                    &[b],
                ],
                &fee_router::ID,
            )
            .ok()
        })
        .collect()
}

/// The takeover an outside review reproduced: one position voting many times through
/// vote-record addresses made from other valid bumps. Only the canonical address is accepted,
/// so one position is one vote, in one transaction or in many.
// attack: cast_vote: non_canonical_pda
#[tokio::test]
async fn a_second_valid_bump_gives_no_second_vote() {
    let mut env = TestEnv::start().await;
    let g = governed(&mut env).await;
    let (out, p) = g.propose(&mut env, 2, vec![growth_split()]).await;
    out.expect_ok("propose");
    let attacker = &g.stakers[2];
    let others = other_valid_vote_record_addresses(&p, &attacker.owner.pubkey());
    assert!(
        others.len() > 64,
        "about half of all bumps give a valid address: {}",
        others.len()
    );
    // A second valid bump, alone and after the canonical vote in the same transaction.
    for other in &others[..3] {
        let mut ix = ix::cast_vote(&g.f.router, &p, &attacker.owner.pubkey(), Vote::Yes);
        ix.accounts[3].pubkey = *other;
        refused(
            &mut env,
            &g,
            &p,
            &[ix],
            &[&attacker.owner],
            ErrorCode::ConstraintSeeds,
        )
        .await;
    }
    let mut ixs = vec![ix::cast_vote(
        &g.f.router,
        &p,
        &attacker.owner.pubkey(),
        Vote::Yes,
    )];
    for other in &others[..12] {
        let mut ix = ix::cast_vote(&g.f.router, &p, &attacker.owner.pubkey(), Vote::Yes);
        ix.accounts[3].pubkey = *other;
        ixs.push(ix);
    }
    refused(
        &mut env,
        &g,
        &p,
        &ixs,
        &[&attacker.owner],
        ErrorCode::ConstraintSeeds,
    )
    .await;
    // The canonical vote counts once; the record stores its canonical bump.
    g.vote(&mut env, &p, 2, Vote::Yes).await.expect_ok("vote");
    let (record_address, canonical) = pda::vote_record(&p, &attacker.owner.pubkey());
    let record: VoteRecord = env.anchor_account(&record_address).await;
    assert_eq!(record.bump, canonical);
    let tally = proposal(&mut env, &p).await;
    assert_eq!((tally.yes, tally.voters), (2_500_000_000, 1));
    // The honest majority's NO defeats it.
    g.vote(&mut env, &p, 0, Vote::No).await.expect_ok("vote");
    g.vote(&mut env, &p, 1, Vote::No).await.expect_ok("vote");
    env.warp_seconds(VOTE);
    g.finalize(&mut env, &p).await.expect_ok("finalize");
    assert_eq!(proposal(&mut env, &p).await.state, ProposalState::Defeated);
}

/// A voter may change its vote while voting is open; the weight recorded when it voted moves
/// from one tally to the other, and nothing is counted twice.
// attack: change_vote: fake_account, stale_state
#[tokio::test]
async fn a_voter_changes_its_vote_while_voting_is_open_and_its_weight_moves() {
    let mut env = TestEnv::start().await;
    let g = governed(&mut env).await;
    let (out, p) = g.propose(&mut env, 0, vec![growth_split()]).await;
    out.expect_ok("propose");
    g.vote(&mut env, &p, 0, Vote::Yes).await.expect_ok("vote");
    g.vote(&mut env, &p, 1, Vote::Yes).await.expect_ok("vote");
    let s = &g.stakers[1];
    let out = env
        .send_ok(
            &[ix::change_vote(&p, &s.owner.pubkey(), Vote::No)],
            &[&s.owner],
            "change",
        )
        .await;
    println!("compute units: change_vote = {}", out.compute_units);
    let tally = proposal(&mut env, &p).await;
    assert_eq!(
        (tally.yes, tally.no, tally.abstain, tally.voters),
        (4_000_000_000, 3_500_000_000, 0, 2)
    );
    // The same choice again changes nothing.
    env.send_ok(
        &[ix::change_vote(&p, &s.owner.pubkey(), Vote::No)],
        &[&s.owner],
        "same again",
    )
    .await;
    let again = proposal(&mut env, &p).await;
    assert_eq!((again.yes, again.no), (tally.yes, tally.no));
    // Another voter's record, or a voter without one, is refused.
    let third = &g.stakers[2];
    let mut ix = ix::change_vote(&p, &third.owner.pubkey(), Vote::Yes);
    ix.accounts[2].pubkey = pda::vote_record(&p, &s.owner.pubkey()).0;
    refused(
        &mut env,
        &g,
        &p,
        &[ix],
        &[&third.owner],
        FeeRouterError::GovernanceVoteRecordMismatch,
    )
    .await;
    refused(
        &mut env,
        &g,
        &p,
        &[ix::change_vote(&p, &third.owner.pubkey(), Vote::Yes)],
        &[&third.owner],
        ErrorCode::AccountNotInitialized,
    )
    .await;
    // Once voting ended, the vote stands.
    env.warp_seconds(VOTE);
    refused(
        &mut env,
        &g,
        &p,
        &[ix::change_vote(&p, &s.owner.pubkey(), Vote::Yes)],
        &[&s.owner],
        FeeRouterError::GovernanceVotingEnded,
    )
    .await;
    g.finalize(&mut env, &p).await.expect_ok("finalize");
    assert_eq!(proposal(&mut env, &p).await.state, ProposalState::Passed);
}

/// A proposer who never finalizes cannot skip the veto by finalizing and executing in one
/// transaction at `executable_at`: the guardian vetoes a proposal whose vote passed whether or
/// not anyone finalized it, throughout the timelock.
// attack: finalize_proposal, execute_proposal: stale_state
#[tokio::test]
async fn the_guardian_vetoes_a_passed_vote_that_nobody_finalized() {
    let mut env = TestEnv::start().await;
    let g = governed(&mut env).await;
    let guardian = &g.f.guardian;
    let (out, p) = g.propose(&mut env, 0, vec![growth_split()]).await;
    out.expect_ok("propose");
    g.vote(&mut env, &p, 0, Vote::Yes).await.expect_ok("vote");
    g.vote(&mut env, &p, 1, Vote::Yes).await.expect_ok("vote");
    // While voting is open there is no outcome to veto.
    refused(
        &mut env,
        &g,
        &p,
        &[ix::veto_proposal(&g.f.router, &p, &guardian.pubkey())],
        &[guardian],
        FeeRouterError::GovernanceNotPassed,
    )
    .await;
    env.warp_seconds(VOTE + TIMELOCK - 1);
    assert_eq!(proposal(&mut env, &p).await.state, ProposalState::Voting);
    env.send_ok(
        &[ix::veto_proposal(&g.f.router, &p, &guardian.pubkey())],
        &[guardian],
        "veto before anyone finalized",
    )
    .await;
    assert_eq!(proposal(&mut env, &p).await.state, ProposalState::Vetoed);
    env.warp_seconds(1);
    let executor = env.payer().pubkey();
    refused(
        &mut env,
        &g,
        &p,
        &[
            ix::finalize_proposal(&p),
            ix::execute_proposal(&g.f.router, &p, &executor),
        ],
        &[],
        FeeRouterError::GovernanceNotVoting,
    )
    .await;
    // An unfinalized vote that failed is not vetoable (nothing to stop).
    let (out, q) = g.propose(&mut env, 0, vec![growth_split()]).await;
    out.expect_ok("propose");
    g.vote(&mut env, &q, 0, Vote::No).await.expect_ok("vote");
    env.warp_seconds(VOTE);
    refused(
        &mut env,
        &g,
        &q,
        &[ix::veto_proposal(&g.f.router, &q, &guardian.pubkey())],
        &[guardian],
        FeeRouterError::GovernanceNotPassed,
    )
    .await;
}

/// Governance can never lock itself out: the quorum is at most half the stake, approval at most
/// two thirds, and the stake asked of a proposer never exceeds 1% of the active stake, whatever
/// `min_stake_to_propose` says.
#[tokio::test]
async fn governance_parameters_cannot_lock_governance_out() {
    let mut env = TestEnv::start().await;
    let f = RouterFixture::new(&mut env, MintSpec::spl(6), MintSpec::spl(6)).await;
    let current: Governance = env.anchor_account(&pda::governance(&f.router)).await;
    let base = current.params;
    for bad in [
        GovernanceParams {
            quorum_bps: 10_000,
            ..base
        },
        GovernanceParams {
            quorum_bps: 5_001,
            ..base
        },
        GovernanceParams {
            approval_bps: 9_999,
            ..base
        },
        GovernanceParams {
            approval_bps: 6_668,
            ..base
        },
    ] {
        let out = env
            .send(
                &[ix::set_governance_params(
                    &f.router,
                    &f.authority.pubkey(),
                    bad,
                )],
                &[&f.authority],
            )
            .await;
        assert_error(&out, FeeRouterError::SetterGovernanceParamsOutOfBounds);
    }
    // The highest legal values, and a minimum to propose above all the stake there is.
    let strict = GovernanceParams {
        quorum_bps: 5_000,
        approval_bps: 6_667,
        min_stake_to_propose: u64::MAX,
        ..base
    };
    env.send_ok(
        &[ix::set_governance_params(
            &f.router,
            &f.authority.pubkey(),
            strict,
        )],
        &[&f.authority],
        "strictest legal rules",
    )
    .await;
    // A holder of 1% of the active stake still proposes, and a passing vote still executes.
    let whale = f.new_staker(&mut env, 980_000_000).await;
    f.stake(&mut env, &whale, 980_000_000)
        .await
        .expect_ok("stake");
    let small = f.new_staker(&mut env, 10_000_000).await;
    f.stake(&mut env, &small, 10_000_000)
        .await
        .expect_ok("stake");
    let too_small = f.new_staker(&mut env, 9_000_000).await;
    f.stake(&mut env, &too_small, 9_000_000)
        .await
        .expect_ok("stake");
    f.hand_over_to_governance(&mut env).await;
    // 1% of 999,000,000 is 9,990,000: the 10,000,000 holder may propose, the 9,000,000 one not.
    let total = 980_000_000u64 + 10_000_000 + 9_000_000;
    assert_eq!(strict.min_stake_to_propose_now(total), 9_990_000);
    let g = Governed {
        f,
        stakers: vec![whale, small, too_small],
    };
    let (out, _) = g.propose(&mut env, 2, vec![growth_split()]).await;
    assert_error(&out, FeeRouterError::GovernanceStakeBelowMinimum);
    let (out, p) = g.propose(&mut env, 1, vec![growth_split()]).await;
    out.expect_ok("a 1% holder proposes under a minimum of u64::MAX");
    g.vote(&mut env, &p, 0, Vote::Yes).await.expect_ok("vote");
    env.warp_seconds(VOTE);
    g.finalize(&mut env, &p).await.expect_ok("finalize");
    assert_eq!(proposal(&mut env, &p).await.state, ProposalState::Passed);
    env.warp_seconds(TIMELOCK);
    g.execute(&mut env, &p).await.expect_ok("execute");
}

#[tokio::test]
async fn stake_that_voted_cannot_start_its_cooldown_until_the_vote_ends() {
    let mut env = TestEnv::start().await;
    let g = governed(&mut env).await;
    let (out, p) = g.propose(&mut env, 0, vec![growth_split()]).await;
    out.expect_ok("propose");
    g.vote(&mut env, &p, 2, Vote::No).await.expect_ok("vote");
    let s = &g.stakers[2];
    let ix = ix::request_unstake(&g.f.router, &s.owner.pubkey(), 1);
    refused(
        &mut env,
        &g,
        &p,
        &[ix],
        &[&s.owner],
        FeeRouterError::GovernanceStakeLockedByVote,
    )
    .await;
    env.warp_seconds(VOTE);
    g.f.request_unstake(&mut env, s, 2_500_000_000)
        .await
        .expect_ok("after the vote");
}

#[tokio::test]
async fn a_flash_stake_vote_and_unstake_in_one_transaction_changes_no_outcome() {
    let mut env = TestEnv::start().await;
    let g = governed(&mut env).await;
    let (out, p) = g.propose(&mut env, 0, vec![growth_split()]).await;
    out.expect_ok("propose");
    g.vote(&mut env, &p, 0, Vote::Yes).await.expect_ok("vote");
    let whale = g.f.new_staker(&mut env, 1_000_000_000_000).await;
    let owner = whale.owner.pubkey();
    let mut ixs = g.f.stake_ixs(&mut env, &whale, 1_000_000_000_000).await;
    ixs.push(ix::cast_vote(&g.f.router, &p, &owner, Vote::No));
    ixs.push(ix::request_unstake(&g.f.router, &owner, 1_000_000_000_000));
    refused(
        &mut env,
        &g,
        &p,
        &ixs,
        &[&whale.owner],
        FeeRouterError::GovernanceNoVotingWeight,
    )
    .await;
    // With a small stake of old, the flash amount still adds nothing, and can leave at once.
    let small = &g.stakers[2];
    let top = env
        .funded_token_account(&g.f.protocol_mint, &small.owner.pubkey(), 1_000_000_000_000)
        .await;
    let ixs = [
        ix::stake(
            &g.f.protocol_side(),
            &small.owner.pubkey(),
            &top,
            1_000_000_000_000,
        ),
        ix::cast_vote(&g.f.router, &p, &small.owner.pubkey(), Vote::No),
        ix::request_unstake(&g.f.router, &small.owner.pubkey(), 1_000_000_000_000),
    ];
    env.send_ok(&ixs, &[&small.owner], "small old stake, big flash")
        .await;
    let tally = proposal(&mut env, &p).await;
    assert_eq!((tally.yes, tally.no), (4_000_000_000, 2_500_000_000));
    env.warp_seconds(VOTE);
    g.finalize(&mut env, &p).await.expect_ok("finalize");
    assert_eq!(proposal(&mut env, &p).await.state, ProposalState::Passed);
}

// attack: finalize_proposal, execute_proposal, cast_vote: stale_state
#[tokio::test]
async fn finalize_and_execute_keep_to_their_deadlines() {
    let mut env = TestEnv::start().await;
    let g = governed(&mut env).await;
    let (out, p) = g.propose(&mut env, 0, vec![growth_split()]).await;
    out.expect_ok("propose");
    g.vote(&mut env, &p, 0, Vote::Yes).await.expect_ok("vote");
    g.vote(&mut env, &p, 1, Vote::Yes).await.expect_ok("vote");
    refused(
        &mut env,
        &g,
        &p,
        &[ix::finalize_proposal(&p)],
        &[],
        FeeRouterError::GovernanceVotingNotEnded,
    )
    .await;
    let executor = env.payer().pubkey();
    refused(
        &mut env,
        &g,
        &p,
        &[ix::execute_proposal(&g.f.router, &p, &executor)],
        &[],
        FeeRouterError::GovernanceNotPassed,
    )
    .await;
    env.warp_seconds(VOTE);
    refused(
        &mut env,
        &g,
        &p,
        &[ix::cast_vote(
            &g.f.router,
            &p,
            &g.stakers[2].owner.pubkey(),
            Vote::No,
        )],
        &[&g.stakers[2].owner],
        FeeRouterError::GovernanceVotingEnded,
    )
    .await;
    g.finalize(&mut env, &p).await.expect_ok("finalize");
    refused(
        &mut env,
        &g,
        &p,
        &[ix::finalize_proposal(&p)],
        &[],
        FeeRouterError::GovernanceNotVoting,
    )
    .await;
    refused(
        &mut env,
        &g,
        &p,
        &[ix::execute_proposal(&g.f.router, &p, &executor)],
        &[],
        FeeRouterError::GovernanceTimelockNotOver,
    )
    .await;
    env.warp_seconds(TIMELOCK + GRACE);
    refused(
        &mut env,
        &g,
        &p,
        &[ix::execute_proposal(&g.f.router, &p, &executor)],
        &[],
        FeeRouterError::GovernanceProposalExpired,
    )
    .await;
}

// attack: execute_proposal: stale_state
#[tokio::test]
async fn defeated_or_short_of_quorum_never_executes() {
    let mut env = TestEnv::start().await;
    let g = governed(&mut env).await;
    let executor = env.payer().pubkey();
    // 40% yes against 60% no: defeated.
    let (out, defeated) = g.propose(&mut env, 0, vec![growth_split()]).await;
    out.expect_ok("propose");
    g.vote(&mut env, &defeated, 0, Vote::Yes)
        .await
        .expect_ok("vote");
    g.vote(&mut env, &defeated, 1, Vote::No)
        .await
        .expect_ok("vote");
    g.vote(&mut env, &defeated, 2, Vote::No)
        .await
        .expect_ok("vote");
    // Quorum at 50% of the stake, and only 40% votes.
    let quorum = GovernedAction::SetGovernanceParams {
        params: GovernanceParams {
            quorum_bps: 5_000,
            ..GovernanceParams::defaults(6)
        },
    };
    let q = g.pass(&mut env, vec![quorum]).await;
    env.warp_seconds(TIMELOCK);
    g.execute(&mut env, &q).await.expect_ok("quorum 50%");
    let (out, short) = g.propose(&mut env, 0, vec![growth_split()]).await;
    out.expect_ok("propose");
    g.vote(&mut env, &short, 0, Vote::Yes)
        .await
        .expect_ok("vote");
    env.warp_seconds(VOTE);
    g.finalize(&mut env, &short).await.expect_ok("finalize");
    g.finalize(&mut env, &defeated).await.expect_ok("finalize");
    assert_eq!(
        proposal(&mut env, &defeated).await.state,
        ProposalState::Defeated
    );
    assert_eq!(
        proposal(&mut env, &short).await.state,
        ProposalState::QuorumMissed
    );
    env.warp_seconds(TIMELOCK);
    for p in [defeated, short] {
        refused(
            &mut env,
            &g,
            &p,
            &[ix::execute_proposal(&g.f.router, &p, &executor)],
            &[],
            FeeRouterError::GovernanceNotPassed,
        )
        .await;
    }
}

// attack: execute_proposal: stale_state
#[tokio::test]
async fn a_stale_proposal_cannot_overwrite_a_change_that_landed_since() {
    let mut env = TestEnv::start().await;
    let g = governed(&mut env).await;
    let (out, first) = g.propose(&mut env, 0, vec![growth_split()]).await;
    out.expect_ok("propose");
    let other = GovernedAction::SetSplit {
        stage: Stage::Growth,
        split: Split::new(2_500, 2_500, 2_500, 2_500),
    };
    let (out, second) = g.propose(&mut env, 1, vec![other]).await;
    out.expect_ok("propose");
    for p in [&first, &second] {
        g.vote(&mut env, p, 0, Vote::Yes).await.expect_ok("vote");
        g.vote(&mut env, p, 1, Vote::Yes).await.expect_ok("vote");
    }
    env.warp_seconds(VOTE);
    g.finalize(&mut env, &first).await.expect_ok("finalize");
    g.finalize(&mut env, &second).await.expect_ok("finalize");
    env.warp_seconds(TIMELOCK);
    g.execute(&mut env, &first)
        .await
        .expect_ok("the first lands");
    let executor = env.payer().pubkey();
    refused(
        &mut env,
        &g,
        &second,
        &[ix::execute_proposal(&g.f.router, &second, &executor)],
        &[],
        FeeRouterError::GovernanceProposalStale,
    )
    .await;
    assert_eq!(
        g.f.state(&mut env).await.splits[Stage::Growth.index()],
        Split::new(5_000, 2_500, 1_000, 1_500)
    );
}

#[tokio::test]
async fn a_stage_change_waits_for_its_gate_on_the_routers_own_fee_history() {
    let mut env = TestEnv::start().await;
    let g = governed(&mut env).await;
    let gates = g
        .pass(
            &mut env,
            vec![GovernedAction::SetStageGates {
                gates: [0, 5_000_000, 50_000_000],
            }],
        )
        .await;
    env.warp_seconds(TIMELOCK);
    g.execute(&mut env, &gates).await.expect_ok("gates");
    let to_growth = g
        .pass(
            &mut env,
            vec![GovernedAction::SetStage {
                stage: Stage::Growth,
            }],
        )
        .await;
    env.warp_seconds(TIMELOCK);
    // 3,000,000 of fees in the last 30 days: 2,000,000 short of the Growth gate.
    g.f.deposit_fresh(&mut env, 3_000_000).await;
    let executor = env.payer().pubkey();
    let before = g.snapshot(&mut env, &to_growth).await;
    let out = env
        .send(
            &[ix::execute_proposal(&g.f.router, &to_growth, &executor)],
            &[],
        )
        .await;
    assert_error(&out, FeeRouterError::GovernanceStageGateNotMet);
    assert!(
        out.logs
            .iter()
            .any(|l| l.contains("trailing 30-day fees 3000000, gate 5000000, short by 2000000")),
        "{}",
        out.logs.join("\n")
    );
    assert_eq!(g.snapshot(&mut env, &to_growth).await, before);
    // Once the fee history shows the volume, the same proposal executes.
    g.f.deposit_fresh(&mut env, 2_000_000).await;
    g.execute(&mut env, &to_growth).await.expect_ok("gate met");
    assert_eq!(g.f.state(&mut env).await.stage().unwrap(), Stage::Growth);
}

// attack: veto_proposal: wrong_signer, stale_state
// attack: withdraw_unstaked: wrong_signer
#[tokio::test]
async fn the_guardian_vetoes_during_the_timelock_and_can_do_nothing_else() {
    let mut env = TestEnv::start().await;
    let g = governed(&mut env).await;
    let guardian = &g.f.guardian;
    let p = g.pass(&mut env, vec![growth_split()]).await;
    // It cannot change configuration or move anyone's funds.
    refused(
        &mut env,
        &g,
        &p,
        &[ix::set_stage(
            &g.f.router,
            &guardian.pubkey(),
            Stage::Mature,
        )],
        &[guardian],
        FeeRouterError::GovernanceModeSetterClosed,
    )
    .await;
    let victim = &g.stakers[0];
    let mut withdraw = ix::withdraw_unstaked(
        &g.f.protocol_side(),
        &guardian.pubkey(),
        &victim.protocol_token,
    );
    withdraw.accounts[2].pubkey = pda::position(&g.f.router, &victim.owner.pubkey());
    refused(
        &mut env,
        &g,
        &p,
        &[withdraw],
        &[guardian],
        FeeRouterError::AccessPositionOwnerRequired,
    )
    .await;
    // Nobody else vetoes.
    let s = &g.stakers[1];
    refused(
        &mut env,
        &g,
        &p,
        &[ix::veto_proposal(&g.f.router, &p, &s.owner.pubkey())],
        &[&s.owner],
        FeeRouterError::AccessGuardianOnly,
    )
    .await;
    let out = env
        .send_ok(
            &[ix::veto_proposal(&g.f.router, &p, &guardian.pubkey())],
            &[guardian],
            "veto",
        )
        .await;
    println!("compute units: veto_proposal = {}", out.compute_units);
    assert_eq!(proposal(&mut env, &p).await.state, ProposalState::Vetoed);
    env.warp_seconds(TIMELOCK);
    let executor = env.payer().pubkey();
    refused(
        &mut env,
        &g,
        &p,
        &[ix::execute_proposal(&g.f.router, &p, &executor)],
        &[],
        FeeRouterError::GovernanceNotPassed,
    )
    .await;
    // Once the timelock is over, a veto comes too late.
    let late = g.pass(&mut env, vec![growth_split()]).await;
    env.warp_seconds(TIMELOCK);
    refused(
        &mut env,
        &g,
        &late,
        &[ix::veto_proposal(&g.f.router, &late, &guardian.pubkey())],
        &[guardian],
        FeeRouterError::GovernanceVetoAfterTimelock,
    )
    .await;
}

// attack: cancel_proposal: wrong_signer, stale_state
// attack: cast_vote: stale_state
#[tokio::test]
async fn a_proposal_is_cancelled_only_by_its_proposer_before_any_vote() {
    let mut env = TestEnv::start().await;
    let g = governed(&mut env).await;
    let (out, p) = g.propose(&mut env, 0, vec![growth_split()]).await;
    out.expect_ok("propose");
    let other = &g.stakers[1];
    refused(
        &mut env,
        &g,
        &p,
        &[ix::cancel_proposal(&p, &other.owner.pubkey())],
        &[&other.owner],
        FeeRouterError::AccessProposerRequired,
    )
    .await;
    let proposer = &g.stakers[0];
    env.send_ok(
        &[ix::cancel_proposal(&p, &proposer.owner.pubkey())],
        &[&proposer.owner],
        "cancel",
    )
    .await;
    assert_eq!(proposal(&mut env, &p).await.state, ProposalState::Cancelled);
    refused(
        &mut env,
        &g,
        &p,
        &[ix::cast_vote(
            &g.f.router,
            &p,
            &other.owner.pubkey(),
            Vote::Yes,
        )],
        &[&other.owner],
        FeeRouterError::GovernanceNotVoting,
    )
    .await;

    let (out, voted) = g.propose(&mut env, 0, vec![growth_split()]).await;
    out.expect_ok("propose");
    g.vote(&mut env, &voted, 1, Vote::No)
        .await
        .expect_ok("vote");
    refused(
        &mut env,
        &g,
        &voted,
        &[ix::cancel_proposal(&voted, &proposer.owner.pubkey())],
        &[&proposer.owner],
        FeeRouterError::GovernanceCancelAfterVotes,
    )
    .await;
}

#[tokio::test]
async fn setters_refuse_a_governed_router_and_proposals_refuse_an_external_one() {
    let mut env = TestEnv::start().await;
    let g = governed(&mut env).await;
    let a = &g.f.authority;
    let p = g
        .pass(
            &mut env,
            vec![GovernedAction::ProposeAuthority {
                proposed: a.pubkey(),
            }],
        )
        .await;
    // A second proposal that will pass too, to try once the router is external again.
    let q = g.pass(&mut env, vec![growth_split()]).await;
    refused(
        &mut env,
        &g,
        &p,
        &[ix::set_split(
            &g.f.router,
            &a.pubkey(),
            Stage::Early,
            Split::new(2_500, 2_500, 2_500, 2_500),
        )],
        &[a],
        FeeRouterError::GovernanceModeSetterClosed,
    )
    .await;
    env.warp_seconds(TIMELOCK);
    g.execute(&mut env, &p)
        .await
        .expect_ok("hand back to the key");
    env.send_ok(
        &[ix::accept_authority(&g.f.router, &a.pubkey())],
        &[a],
        "the key accepts",
    )
    .await;
    let executor = env.payer().pubkey();
    refused(
        &mut env,
        &g,
        &q,
        &[ix::execute_proposal(&g.f.router, &q, &executor)],
        &[],
        FeeRouterError::GovernanceNotInControl,
    )
    .await;
    let (out, _) = g.propose(&mut env, 0, vec![growth_split()]).await;
    assert_error(&out, FeeRouterError::GovernanceNotInControl);
    // The external key sets directly again, through the same path.
    env.send_ok(
        &[ix::set_stage_gates(&g.f.router, &a.pubkey(), [0, 1, 2])],
        &[a],
        "gates",
    )
    .await;
    let out = env
        .send(
            &[ix::set_governance_params(
                &g.f.router,
                &a.pubkey(),
                GovernanceParams {
                    voting_period_seconds: 60,
                    ..GovernanceParams::defaults(6)
                },
            )],
            &[a],
        )
        .await;
    assert_error(&out, FeeRouterError::SetterGovernanceParamsOutOfBounds);
    // A handover to the governance needs the key to propose it first.
    let out = env
        .send(&[ix::accept_governance_authority(&g.f.router)], &[])
        .await;
    assert_error(&out, FeeRouterError::AuthorityNoTransferPending);
    env.send_ok(
        &[ix::propose_authority(
            &g.f.router,
            &a.pubkey(),
            Pubkey::new_unique(),
        )],
        &[a],
        "propose another",
    )
    .await;
    let out = env
        .send(&[ix::accept_governance_authority(&g.f.router)], &[])
        .await;
    assert_error(&out, FeeRouterError::AuthorityWrongAcceptor);
}

// attack: set_stage, veto_proposal: other_router
#[tokio::test]
async fn another_routers_governance_or_proposal_is_refused() {
    let mut env = TestEnv::start().await;
    let g = governed(&mut env).await;
    let other = RouterFixture::new(&mut env, MintSpec::spl(6), MintSpec::spl(6)).await;
    let mut ix = ix::set_stage(&other.router, &other.authority.pubkey(), Stage::Growth);
    ix.accounts[2].pubkey = g.governance();
    let out = env.send(&[ix], &[&other.authority]).await;
    assert_error(&out, FeeRouterError::AccountGovernanceMismatch);
    let p = g.pass(&mut env, vec![growth_split()]).await;
    // The other router's guardian names its own router and this router's proposal.
    let ix = ix::veto_proposal(&other.router, &p, &other.guardian.pubkey());
    let out = env.send(&[ix], &[&other.guardian]).await;
    assert_error(&out, FeeRouterError::AccountGovernanceMismatch);
}
