//! SPEC §9 (Attacks the tests must show failing): the attack matrix (`docs/attack-matrix.md`),
//! table-driven. Each test sends one class of attack to every instruction it applies to, with
//! the inputs an attacker controls (a second valid key, a valid account of another router, a
//! real token account of the wrong mint, a forged copy of a real account), and asserts the
//! pinned error and that every account the instruction names, in both routers, is unchanged.
//!
//! One world holds two sides that differ only in their routers: side A is attacked; side B has
//! the same mints, keys and users, so an account of A swapped for its counterpart in B is
//! exactly "a valid account of another router". In the world every instruction would succeed
//! as sent honestly (`every_instruction_succeeds_in_the_attack_world_when_sent_honestly`), so
//! a refusal is the attack's doing.
use std::collections::{BTreeMap, BTreeSet};

use anchor_lang::error::ErrorCode;
use anchor_lang::prelude::Pubkey;
use anchor_lang::solana_program::instruction::Instruction;
use fee_router::config::GovernedAction;
use fee_router::error::FeeRouterError;
use fee_router::state::pause::PAUSE_DEPOSIT;
use fee_router::state::{
    Auction, AuctionParams, DiscountTiers, Governance, GovernanceParams, InsuranceParams,
    RebateLimits, Split, Stage, StakingParams, Vote, DEFAULT_GUARD_RAILS, DEFAULT_STAKING_PARAMS,
};
use fee_router_sdk::ix::{self, Purchase};
use fee_router_sdk::pda::{self, VaultKind};
use fee_router_tests::*;
use solana_account::Account;
use solana_keypair::Keypair;
use solana_signer::Signer;

const HOUR: i64 = 3_600;
const DAY: i64 = 86_400;
/// Protocol-token stake of each governance voter (40%, 35%, 25%).
const VOTER_STAKE: [u64; 3] = [4_000_000_000, 3_500_000_000, 2_500_000_000];
/// The external routers' market allowance cap: far below what their discount vaults hold.
const MARKET_CAP: u64 = 100_000;

/// Every instruction, in an order in which the honest run can send them one after another.
const INSTRUCTIONS: [&str; 45] = [
    "deposit_fees",
    "rebate",
    "distribute",
    "claim_rewards",
    "stake",
    "request_unstake",
    "withdraw_unstaked",
    "cancel_unstake",
    "buy",
    "open_position",
    "sweep_rewards_surplus",
    "sweep_stake_surplus",
    "charge_fee",
    "sweep_market",
    "open_market",
    "approve_market",
    "set_market_allowance_cap",
    "pause",
    "unpause",
    "set_stage",
    "set_split",
    "set_guard_rails",
    "set_staking_params",
    "set_guardian",
    "set_governance_params",
    "set_stage_gates",
    "set_auction_params",
    "set_discount_tiers",
    "set_rebate_authority",
    "set_rebate_limits",
    "set_insurance_params",
    "set_shortfall_account",
    "pay_insurance",
    "cancel_authority_transfer",
    "propose_authority",
    "accept_authority",
    "accept_governance_authority",
    "create_proposal",
    "cast_vote",
    "change_vote",
    "finalize_proposal",
    "execute_proposal",
    "cancel_proposal",
    "veto_proposal",
    "initialize_router",
];

/// The keys and token accounts every router of the world shares.
struct Users {
    authority: Keypair,
    guardian: Keypair,
    /// The authority proposed to the external routers, not yet accepted.
    pending: Keypair,
    /// Staked in both external routers, with rewards owed; also the rebated trader.
    staker: Staker,
    /// Unstaked in both external routers, its cooldown over.
    leaver: Staker,
    /// Has an unstake request pending in both external routers.
    canceller: Staker,
    /// Has no position anywhere.
    newcomer: Keypair,
    /// Holds fee tokens to deposit.
    depositor: Staker,
    /// Holds protocol tokens to buy with.
    buyer: Staker,
    /// The exchange: the registered rebate authority and the owner of the shortfall account.
    exchange: Keypair,
    /// A market authority whose market is open in both external routers, with an allowance
    /// funded and fees not yet swept; the staker trades on it.
    market: Keypair,
    /// A second market authority, approved in both external routers and not opened yet.
    market2: Keypair,
    shortfall: Pubkey,
    /// Stakers of the governed routers; the first proposes.
    voters: Vec<Staker>,
    /// Executes proposals.
    keeper: Keypair,
}

/// One side of the world: three routers over the world's mints and a creator with none yet.
struct Side {
    /// Run by the external authority: every user-path instruction and setter is sent here.
    ext: RouterFixture,
    /// Governed by its stakers, with proposals in every phase.
    gov: RouterFixture,
    /// Its authority proposed its governance, which has not accepted yet.
    handover: RouterFixture,
    /// A creator without a router: `initialize_router`'s.
    new_creator: Keypair,
    /// Passed, timelock over: executable.
    p_exec: Pubkey,
    /// Passed, in its timelock: vetoable.
    p_veto: Pubkey,
    /// Voting over, not finalized.
    p_ended: Pubkey,
    /// Open for votes; the first voter voted yes.
    p_voting: Pubkey,
    /// Open, nobody voted: its proposer may cancel it.
    p_cancel: Pubkey,
}

struct World {
    fee_mint: Pubkey,
    protocol_mint: Pubkey,
    /// A third mint, of neither router.
    third_mint: Pubkey,
    u: Users,
    a: Side,
    b: Side,
}

fn clone(k: &Keypair) -> Keypair {
    k.insecure_clone()
}

fn growth_split() -> GovernedAction {
    GovernedAction::SetSplit {
        stage: Stage::Growth,
        split: Split::new(5_000, 2_500, 1_000, 1_500),
    }
}

/// A buyback auction that sells: a day-long epoch from 1.0 to 0.001 protocol base units per fee
/// base unit, with caps far above the vault.
fn auction_params() -> AuctionParams {
    AuctionParams {
        epoch_cap: u64::MAX / 4,
        daily_cap: u64::MAX / 4,
        ..AuctionParams::DEFAULT
    }
}

/// The staking parameters of the world's external routers: a one-day cooldown.
fn staking_params() -> StakingParams {
    StakingParams {
        cooldown_seconds: DAY as u64,
        ..DEFAULT_STAKING_PARAMS
    }
}

/// A router over the world's mints, created by a new creator, with the world's authority and
/// guardian.
async fn new_router(
    env: &mut TestEnv,
    u: &Users,
    fee_mint: Pubkey,
    protocol_mint: Pubkey,
) -> RouterFixture {
    let creator = env.funded_user(10).await;
    let router = pda::router(&creator.pubkey(), &fee_mint, &protocol_mint);
    let f = RouterFixture {
        creator,
        authority: clone(&u.authority),
        guardian: clone(&u.guardian),
        fee_mint,
        protocol_mint,
        fee_token_program: SPL_TOKEN,
        protocol_token_program: SPL_TOKEN,
        router,
    };
    f.initialize(env).await.expect_ok("initialize_router");
    f
}

/// A user with `protocol` protocol tokens and `fee` fee tokens.
async fn user(
    env: &mut TestEnv,
    fee_mint: &Pubkey,
    protocol_mint: &Pubkey,
    protocol: u64,
    fee: u64,
) -> Staker {
    let owner = env.funded_user(10).await;
    let protocol_token = env
        .funded_token_account(protocol_mint, &owner.pubkey(), protocol)
        .await;
    let fee_token = env
        .funded_token_account(fee_mint, &owner.pubkey(), fee)
        .await;
    Staker {
        owner,
        protocol_token,
        fee_token,
    }
}

async fn governance(env: &mut TestEnv, f: &RouterFixture) -> Governance {
    env.anchor_account(&pda::governance(&f.router)).await
}

/// Proposes the growth split in `f` (governed) by the first voter; returns the proposal.
async fn propose(env: &mut TestEnv, u: &Users, f: &RouterFixture) -> Pubkey {
    let id = governance(env, f).await.proposal_count;
    let by = &u.voters[0].owner;
    let ix = ix::create_proposal(&f.router, &by.pubkey(), id, vec![growth_split()]);
    env.send_ok(&[ix], &[by], "create_proposal").await;
    pda::proposal(&pda::governance(&f.router), id)
}

/// Yes votes of the first two voters (75%): the proposal passes.
async fn vote_yes(env: &mut TestEnv, u: &Users, f: &RouterFixture, p: &Pubkey) {
    for v in &u.voters[..2] {
        let ix = ix::cast_vote(&f.router, p, &v.owner.pubkey(), Vote::Yes);
        env.send_ok(&[ix], &[&v.owner], "cast_vote").await;
    }
}

/// The external router's setup up to the proposals: staking, rebates, insurance, a pending
/// authority, a distribution, and the leaver's unstake request.
async fn set_up_external(env: &mut TestEnv, u: &Users, f: &RouterFixture) {
    let a = &u.authority;
    let setters = [
        ix::set_staking_params(&f.router, &a.pubkey(), staking_params()),
        ix::set_rebate_authority(&f.router, &a.pubkey(), u.exchange.pubkey()),
        ix::set_shortfall_account(&f.router, &a.pubkey(), u.shortfall),
        ix::propose_authority(&f.router, &a.pubkey(), u.pending.pubkey()),
    ];
    for ix in setters {
        env.send_ok(&[ix], &[a], "setter").await;
    }
    f.stake(env, &u.staker, 1_000_000_000)
        .await
        .expect_ok("stake");
    f.stake(env, &u.leaver, 1_000).await.expect_ok("stake");
    f.request_unstake(env, &u.leaver, 1_000)
        .await
        .expect_ok("request_unstake");
    f.stake(env, &u.canceller, 1_000).await.expect_ok("stake");
    f.request_unstake(env, &u.canceller, 600)
        .await
        .expect_ok("request_unstake");
    f.deposit(env, &u.depositor.owner, &u.depositor.fee_token, 10_000_000)
        .await
        .expect_ok("deposit");
    f.distribute(env).await.expect_ok("distribute");
    open_markets(env, u, f).await;
}

/// The external router's markets: `market` open, its allowance funded, a trade charged and
/// not swept; `market2` approved.
async fn open_markets(env: &mut TestEnv, u: &Users, f: &RouterFixture) {
    let (a, m, st) = (&u.authority, &u.market, &u.staker);
    let payer = env.payer().pubkey();
    let open = [
        ix::set_market_allowance_cap(&f.router, &a.pubkey(), MARKET_CAP),
        ix::approve_market(&f.router, &a.pubkey(), m.pubkey()),
        ix::open_market(&f.side(), &payer, &m.pubkey()),
    ];
    env.send_ok(&open, &[a], "open the market").await;
    let sweep = ix::sweep_market(&f.side(), &m.pubkey());
    env.send_ok(&[sweep], &[], "fund the allowance").await;
    let (trader, token) = (st.owner.pubkey(), st.fee_token);
    let charge = ix::charge_fee(&f.side(), &m.pubkey(), &trader, &token, true, 10_000);
    env.send_ok(&[charge], &[m, &st.owner], "a trade").await;
    let approve = ix::approve_market(&f.router, &a.pubkey(), u.market2.pubkey());
    env.send_ok(&[approve], &[a], "approve the second market")
        .await;
}

/// The governed router: the voters' stake, then the handover to its governance.
async fn set_up_governed(env: &mut TestEnv, u: &Users, f: &RouterFixture) {
    for (v, amount) in u.voters.iter().zip(VOTER_STAKE) {
        f.stake(env, v, amount).await.expect_ok("stake");
    }
    hand_over(env, u, f).await;
    env.send_ok(&[ix::accept_governance_authority(&f.router)], &[], "accept")
        .await;
}

/// The authority proposes the router's governance as its authority.
async fn hand_over(env: &mut TestEnv, u: &Users, f: &RouterFixture) {
    let ix = ix::propose_authority(&f.router, &u.authority.pubkey(), pda::governance(&f.router));
    env.send_ok(&[ix], &[&u.authority], "propose the governance")
        .await;
}

/// Fee tokens and protocol tokens sent to the external router's stakers and stake vaults
/// outside the router, so each has a surplus to sweep; fees in the intake; a priced auction.
async fn finish_external(env: &mut TestEnv, u: &Users, f: &RouterFixture) {
    let d = &u.depositor;
    f.deposit(env, &d.owner, &d.fee_token, 1_000)
        .await
        .expect_ok("deposit");
    env.transfer(
        &f.fee_mint,
        &d.fee_token,
        &f.vault(VaultKind::Stakers),
        &d.owner,
        500,
    )
    .await
    .expect_ok("donation");
    env.transfer(
        &f.protocol_mint,
        &d.protocol_token,
        &f.vault(VaultKind::Stake),
        &d.owner,
        500,
    )
    .await
    .expect_ok("donation");
    let ix = ix::set_auction_params(&f.router, &u.authority.pubkey(), auction_params());
    env.send_ok(&[ix], &[&u.authority], "set_auction_params")
        .await;
}

impl World {
    /// Both sides, every instruction ready to succeed.
    async fn new(env: &mut TestEnv) -> World {
        let fee_mint = env.create_mint(MintSpec::spl(6)).await;
        let protocol_mint = env.create_mint(MintSpec::spl(6)).await;
        let third_mint = env.create_mint(MintSpec::spl(6)).await;
        let (f, p) = (&fee_mint, &protocol_mint);
        let exchange = env.funded_user(10).await;
        let shortfall = env.create_token_account(f, &exchange.pubkey()).await;
        let mut voters = vec![];
        for amount in VOTER_STAKE {
            voters.push(user(env, f, p, 2 * amount, 0).await);
        }
        let u = Users {
            authority: env.funded_user(10).await,
            guardian: env.funded_user(10).await,
            pending: env.funded_user(10).await,
            staker: user(env, f, p, 10_000_000_000, 0).await,
            leaver: user(env, f, p, 2_000, 0).await,
            canceller: user(env, f, p, 2_000, 0).await,
            newcomer: env.funded_user(10).await,
            depositor: user(env, f, p, 1_000_000, 1_000_000_000).await,
            buyer: user(env, f, p, 1_000_000_000_000, 0).await,
            exchange,
            market: env.funded_user(1).await,
            market2: env.funded_user(1).await,
            shortfall,
            voters,
            keeper: env.funded_user(10).await,
        };
        // The staker trades on the markets too.
        env.mint_to(f, &u.staker.fee_token, 1_000_000_000).await;
        let mut sides = vec![];
        for _ in 0..2 {
            let ext = new_router(env, &u, fee_mint, protocol_mint).await;
            let gov = new_router(env, &u, fee_mint, protocol_mint).await;
            let handover = new_router(env, &u, fee_mint, protocol_mint).await;
            set_up_external(env, &u, &ext).await;
            set_up_governed(env, &u, &gov).await;
            hand_over(env, &u, &handover).await;
            sides.push((ext, gov, handover, env.funded_user(10).await));
        }
        // The proposals' phases (see `Side`), on the governance's own periods.
        let params = governance(env, &sides[0].1).await.params;
        let (vote, timelock) = (
            params.voting_period_seconds as i64,
            params.timelock_seconds as i64,
        );
        env.warp_seconds(1);
        let mut p_exec = vec![];
        for (_, gov, _, _) in &sides {
            let p = propose(env, &u, gov).await;
            vote_yes(env, &u, gov, &p).await;
            p_exec.push(p);
        }
        env.warp_seconds(vote);
        let (mut p_veto, mut p_ended) = (vec![], vec![]);
        for ((_, gov, _, _), exec) in sides.iter().zip(&p_exec) {
            env.send_ok(&[ix::finalize_proposal(exec)], &[], "finalize")
                .await;
            let p = propose(env, &u, gov).await;
            vote_yes(env, &u, gov, &p).await;
            p_veto.push(p);
            p_ended.push(propose(env, &u, gov).await);
        }
        env.warp_seconds(vote.max(timelock) + HOUR);
        let (mut p_voting, mut p_cancel) = (vec![], vec![]);
        for ((ext, gov, _, _), veto) in sides.iter().zip(&p_veto) {
            env.send_ok(&[ix::finalize_proposal(veto)], &[], "finalize")
                .await;
            let p = propose(env, &u, gov).await;
            let by = &u.voters[0].owner;
            let ix = ix::cast_vote(&gov.router, &p, &by.pubkey(), Vote::Yes);
            env.send_ok(&[ix], &[by], "cast_vote").await;
            p_voting.push(p);
            p_cancel.push(propose(env, &u, gov).await);
            finish_external(env, &u, ext).await;
        }
        let mut sides =
            sides
                .into_iter()
                .enumerate()
                .map(|(i, (ext, gov, handover, new_creator))| Side {
                    ext,
                    gov,
                    handover,
                    new_creator,
                    p_exec: p_exec[i],
                    p_veto: p_veto[i],
                    p_ended: p_ended[i],
                    p_voting: p_voting[i],
                    p_cancel: p_cancel[i],
                });
        let (a, b) = (sides.next().unwrap(), sides.next().unwrap());
        World {
            fee_mint,
            protocol_mint,
            third_mint,
            u,
            a,
            b,
        }
    }

    fn side(&self, b: bool) -> &Side {
        if b {
            &self.b
        } else {
            &self.a
        }
    }
}

/// An instruction and the keys that sign it (besides the harness's payer).
struct Case {
    ix: Instruction,
    signers: Vec<Keypair>,
}

impl Case {
    fn new(ix: Instruction, signers: &[&Keypair]) -> Case {
        Case {
            ix,
            signers: signers.iter().map(|k| clone(k)).collect(),
        }
    }

    async fn send(&self, env: &mut TestEnv) -> TxOutcome {
        let signers: Vec<&Keypair> = self.signers.iter().collect();
        env.send(std::slice::from_ref(&self.ix), &signers).await
    }
}

/// `name` as an honest caller sends it to side `b` (A when false) of the world, now.
async fn honest(env: &mut TestEnv, w: &World, b: bool, name: &str) -> Case {
    let (u, s) = (&w.u, w.side(b));
    let (ext, gov) = (&s.ext, &s.gov);
    let r = &ext.router;
    let a = &u.authority;
    let ap = a.pubkey();
    let st = &u.staker;
    match name {
        "deposit_fees" => {
            let d = &u.depositor;
            Case::new(
                ix::deposit_fees(&ext.side(), &d.owner.pubkey(), &d.fee_token, 1_000),
                &[&d.owner],
            )
        }
        "rebate" => Case::new(
            ix::rebate(
                &ext.side(),
                &u.exchange.pubkey(),
                &st.owner.pubkey(),
                &st.fee_token,
                1_000,
                true,
            ),
            &[&u.exchange],
        ),
        "distribute" => Case::new(ix::distribute(&ext.side()), &[]),
        "claim_rewards" => Case::new(
            ix::claim_rewards(&ext.side(), &st.owner.pubkey(), &st.fee_token),
            &[&st.owner],
        ),
        "stake" => Case::new(
            ix::stake(
                &ext.protocol_side(),
                &st.owner.pubkey(),
                &st.protocol_token,
                1_000,
            ),
            &[&st.owner],
        ),
        "request_unstake" => Case::new(
            ix::request_unstake(r, &st.owner.pubkey(), 1_000),
            &[&st.owner],
        ),
        "cancel_unstake" => Case::new(
            ix::cancel_unstake(r, &u.canceller.owner.pubkey()),
            &[&u.canceller.owner],
        ),
        "withdraw_unstaked" => {
            let l = &u.leaver;
            Case::new(
                ix::withdraw_unstaked(&ext.protocol_side(), &l.owner.pubkey(), &l.protocol_token),
                &[&l.owner],
            )
        }
        "buy" => {
            let auction: Auction = env.anchor_account(&pda::auction(r)).await;
            let by = &u.buyer;
            let purchase = Purchase {
                epoch_id: auction.epoch_id,
                amount: 1_000,
                min_amount_out: 1,
                max_payment: u64::MAX,
            };
            Case::new(
                ix::buy(
                    &ext.side(),
                    &ext.protocol_side(),
                    &by.owner.pubkey(),
                    &by.fee_token,
                    &by.protocol_token,
                    None,
                    purchase,
                ),
                &[&by.owner],
            )
        }
        "open_position" => Case::new(ix::open_position(r, &u.newcomer.pubkey()), &[&u.newcomer]),
        "charge_fee" => Case::new(
            ix::charge_fee(
                &ext.side(),
                &u.market.pubkey(),
                &st.owner.pubkey(),
                &st.fee_token,
                true,
                1_000,
            ),
            &[&u.market, &st.owner],
        ),
        "sweep_market" => Case::new(ix::sweep_market(&ext.side(), &u.market.pubkey()), &[]),
        // Anyone pays: here the newcomer.
        "open_market" => Case::new(
            ix::open_market(&ext.side(), &u.newcomer.pubkey(), &u.market2.pubkey()),
            &[&u.newcomer],
        ),
        // The approval pending, again.
        "approve_market" => Case::new(ix::approve_market(r, &ap, u.market2.pubkey()), &[a]),
        "set_market_allowance_cap" => {
            Case::new(ix::set_market_allowance_cap(r, &ap, MARKET_CAP), &[a])
        }
        "sweep_rewards_surplus" => Case::new(ix::sweep_rewards_surplus(&ext.side()), &[]),
        "sweep_stake_surplus" => Case::new(ix::sweep_stake_surplus(&ext.protocol_side()), &[]),
        "pause" => Case::new(
            ix::pause(r, &u.guardian.pubkey(), PAUSE_DEPOSIT),
            &[&u.guardian],
        ),
        "unpause" => Case::new(
            ix::unpause(r, &u.guardian.pubkey(), PAUSE_DEPOSIT),
            &[&u.guardian],
        ),
        "set_stage" => Case::new(ix::set_stage(r, &ap, Stage::Growth), &[a]),
        "set_split" => Case::new(
            ix::set_split(r, &ap, Stage::Early, Split::new(2_500, 2_500, 2_500, 2_500)),
            &[a],
        ),
        "set_guard_rails" => Case::new(ix::set_guard_rails(r, &ap, DEFAULT_GUARD_RAILS), &[a]),
        "set_staking_params" => Case::new(ix::set_staking_params(r, &ap, staking_params()), &[a]),
        "set_guardian" => Case::new(ix::set_guardian(r, &ap, u.guardian.pubkey()), &[a]),
        "set_governance_params" => Case::new(
            ix::set_governance_params(r, &ap, GovernanceParams::defaults(6)),
            &[a],
        ),
        "set_stage_gates" => Case::new(ix::set_stage_gates(r, &ap, [0, 0, 0]), &[a]),
        "set_auction_params" => Case::new(ix::set_auction_params(r, &ap, auction_params()), &[a]),
        "set_discount_tiers" => Case::new(
            ix::set_discount_tiers(r, &ap, DiscountTiers::defaults(6)),
            &[a],
        ),
        "set_rebate_authority" => {
            Case::new(ix::set_rebate_authority(r, &ap, u.exchange.pubkey()), &[a])
        }
        "set_rebate_limits" => {
            Case::new(ix::set_rebate_limits(r, &ap, RebateLimits::DEFAULT), &[a])
        }
        "set_insurance_params" => Case::new(
            ix::set_insurance_params(r, &ap, InsuranceParams::DEFAULT),
            &[a],
        ),
        "set_shortfall_account" => Case::new(ix::set_shortfall_account(r, &ap, u.shortfall), &[a]),
        "pay_insurance" => Case::new(ix::pay_insurance(&ext.side(), &ap, &u.shortfall, 1), &[a]),
        "cancel_authority_transfer" => Case::new(ix::cancel_authority_transfer(r, &ap), &[a]),
        "propose_authority" => Case::new(ix::propose_authority(r, &ap, u.pending.pubkey()), &[a]),
        "accept_authority" => {
            Case::new(ix::accept_authority(r, &u.pending.pubkey()), &[&u.pending])
        }
        "accept_governance_authority" => {
            Case::new(ix::accept_governance_authority(&s.handover.router), &[])
        }
        "create_proposal" => {
            let id = governance(env, gov).await.proposal_count;
            let by = &u.voters[0].owner;
            Case::new(
                ix::create_proposal(&gov.router, &by.pubkey(), id, vec![growth_split()]),
                &[by],
            )
        }
        "cast_vote" => {
            let by = &u.voters[1].owner;
            Case::new(
                ix::cast_vote(&gov.router, &s.p_voting, &by.pubkey(), Vote::Yes),
                &[by],
            )
        }
        "change_vote" => {
            let by = &u.voters[0].owner;
            Case::new(ix::change_vote(&s.p_voting, &by.pubkey(), Vote::No), &[by])
        }
        "finalize_proposal" => Case::new(ix::finalize_proposal(&s.p_ended), &[]),
        "execute_proposal" => Case::new(
            ix::execute_proposal(&gov.router, &s.p_exec, &u.keeper.pubkey()),
            &[&u.keeper],
        ),
        "cancel_proposal" => {
            let by = &u.voters[0].owner;
            Case::new(ix::cancel_proposal(&s.p_cancel, &by.pubkey()), &[by])
        }
        "veto_proposal" => Case::new(
            ix::veto_proposal(&gov.router, &s.p_veto, &u.guardian.pubkey()),
            &[&u.guardian],
        ),
        "initialize_router" => {
            let init = ix::InitializeRouter {
                creator: s.new_creator.pubkey(),
                ..ext.init_ix()
            };
            Case::new(init.instruction(), &[&s.new_creator])
        }
        other => panic!("no honest case for {other}"),
    }
}

#[tokio::test]
async fn every_instruction_succeeds_in_the_attack_world_when_sent_honestly() {
    let mut env = TestEnv::start().await;
    let w = World::new(&mut env).await;
    for name in INSTRUCTIONS {
        let case = honest(&mut env, &w, false, name).await;
        case.send(&mut env).await.expect_ok(name);
    }
}

// The machinery of the table-driven attacks.

impl Clone for Case {
    fn clone(&self) -> Case {
        Case {
            ix: self.ix.clone(),
            signers: self.signers.iter().map(clone).collect(),
        }
    }
}

/// The account names of every instruction, in order, from the committed IDL.
fn idl_accounts() -> BTreeMap<String, Vec<String>> {
    fn flatten(list: &serde_json::Value, out: &mut Vec<String>) {
        for a in list.as_array().expect("an account list") {
            match a.get("accounts") {
                Some(inner) => flatten(inner, out),
                None => out.push(a["name"].as_str().expect("an account name").to_owned()),
            }
        }
    }
    let idl = idl();
    let mut out = BTreeMap::new();
    for i in idl["instructions"].as_array().expect("instructions") {
        let mut names = vec![];
        flatten(&i["accounts"], &mut names);
        out.insert(i["name"].as_str().expect("name").to_owned(), names);
    }
    out
}

fn idl() -> serde_json::Value {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../idl/fee_router.json");
    serde_json::from_str(&std::fs::read_to_string(path).expect("the committed IDL"))
        .expect("the IDL's JSON")
}

/// The error names of the program (from the IDL) and of Anchor's account checks, for messages.
fn error_names() -> BTreeMap<String, String> {
    let mut out: BTreeMap<String, String> = [
        (0u32, "AccountAlreadyInUse (system program)"),
        (1, "InsufficientFunds (token program)"),
        (3, "MintMismatch (token program)"),
        (4, "OwnerMismatch (token program)"),
        (2001, "ConstraintHasOne"),
        (2006, "ConstraintSeeds"),
        (3002, "AccountDiscriminatorMismatch"),
        (3007, "AccountOwnedByWrongProgram"),
        (3008, "InvalidProgramId"),
        (3010, "AccountNotSigner"),
        (3012, "AccountNotInitialized"),
    ]
    .into_iter()
    .map(|(c, n)| (c.to_string(), n.to_owned()))
    .collect();
    for e in idl()["errors"].as_array().expect("errors") {
        out.insert(
            e["code"].as_u64().expect("code").to_string(),
            e["name"].as_str().expect("name").to_owned(),
        );
    }
    out
}

/// A pinned error: a custom code, as the transaction reports it.
fn code(e: impl Into<u32>) -> String {
    e.into().to_string()
}

/// What a transaction did: `success`, a custom error code, or the runtime's error.
fn outcome(out: &TxOutcome) -> String {
    use solana_transaction_error::TransactionError;
    match &out.result {
        Ok(()) => "success".to_owned(),
        Err(TransactionError::InstructionError(_, InstructionError::Custom(c))) => c.to_string(),
        Err(e) => format!("{e:?}"),
    }
}

/// What an account slot holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    /// Nothing yet: an account the instruction creates.
    Absent,
    Program,
    /// An account of fee-router.
    State,
    Mint,
    Token,
    Other,
}

async fn kind_of(env: &mut TestEnv, key: &Pubkey) -> (Kind, Option<Account>) {
    let Some(a) = env.account(key).await else {
        return (Kind::Absent, None);
    };
    let token_program = a.owner == SPL_TOKEN || a.owner == TOKEN_2022;
    let kind = if a.executable {
        Kind::Program
    } else if a.owner == fee_router::ID {
        Kind::State
    } else if token_program && (a.data.len() == 82 || a.data.get(165) == Some(&1)) {
        Kind::Mint
    } else if token_program && (a.data.len() == 165 || a.data.get(165) == Some(&2)) {
        Kind::Token
    } else {
        Kind::Other
    };
    (kind, Some(a))
}

fn read_key(data: &[u8], at: usize) -> Pubkey {
    Pubkey::new_from_array(data[at..at + 32].try_into().expect("32 bytes"))
}

/// A token account's mint and authority.
fn token_mint_and_owner(a: &Account) -> (Pubkey, Pubkey) {
    (read_key(&a.data, 0), read_key(&a.data, 32))
}

fn token_amount(a: &Account) -> u64 {
    u64::from_le_bytes(a.data[64..72].try_into().expect("8 bytes"))
}

/// The program that owns the attacker's forged accounts.
const ATTACKER_PROGRAM: Pubkey = Pubkey::new_from_array([7; 32]);

/// The instructions the `// attack:` markers above test fn `test` of this file name: what the
/// attack matrix says the test shows.
fn marked(test: &str) -> BTreeSet<String> {
    let lines: Vec<&str> = include_str!("attacks.rs").lines().collect();
    let at = lines
        .iter()
        .position(|l| l.starts_with(&format!("async fn {test}(")))
        .unwrap_or_else(|| panic!("no test fn {test}"));
    let mut out = BTreeSet::new();
    for line in lines[..at].iter().rev() {
        let line = line.trim();
        if let Some(marker) = line.strip_prefix("// attack:") {
            let (ixs, _) = marker.split_once(':').expect("`instructions: class`");
            out.extend(ixs.split(',').map(|s| s.trim().to_owned()));
        } else if !line.starts_with("#[") && !line.starts_with("//") {
            break;
        }
    }
    out
}

/// Sends attacks and collects every way they were not refused as pinned.
struct Run {
    slots: BTreeMap<String, Vec<String>>,
    names: BTreeMap<String, String>,
    failures: Vec<String>,
    sent: usize,
    /// The instructions attacked.
    attacked: BTreeSet<String>,
}

impl Run {
    fn new() -> Run {
        Run {
            slots: idl_accounts(),
            names: error_names(),
            failures: vec![],
            sent: 0,
            attacked: BTreeSet::new(),
        }
    }

    /// The names of `name`'s account slots; the builder must pass exactly these.
    fn slots(&self, name: &str, case: &Case) -> Vec<String> {
        let slots = self.slots[name].clone();
        assert_eq!(
            slots.len(),
            case.ix.accounts.len(),
            "{name}: the builder passes {} accounts, the IDL lists {} (regenerate the IDL?)",
            case.ix.accounts.len(),
            slots.len()
        );
        slots
    }

    /// Every account `name` names on either side, honestly sent: what a refusal leaves alone.
    async fn watch(&self, env: &mut TestEnv, w: &World, name: &str) -> BTreeSet<Pubkey> {
        let mut keys = BTreeSet::new();
        for b in [false, true] {
            let case = honest(env, w, b, name).await;
            keys.extend(case.ix.accounts.iter().map(|m| m.pubkey));
        }
        keys
    }

    fn name(&self, c: &str) -> String {
        match self.names.get(c) {
            Some(n) => format!("{c} {n}"),
            None => c.to_owned(),
        }
    }

    /// Sends `attack` against `name` and checks it fails with `want` and changes none of
    /// `watch` nor of the accounts it names. `want` None: not pinned yet (a failure that says
    /// what happened).
    async fn refused(
        &mut self,
        env: &mut TestEnv,
        name: &str,
        label: &str,
        attack: &Case,
        want: Option<String>,
        watch: &BTreeSet<Pubkey>,
    ) {
        let payer = env.payer().pubkey();
        let mut keys = watch.clone();
        keys.extend(attack.ix.accounts.iter().map(|m| m.pubkey));
        keys.remove(&payer);
        let mut before = vec![];
        for k in &keys {
            before.push(env.account(k).await);
        }
        let out = attack.send(env).await;
        self.sent += 1;
        self.attacked.insert(name.to_owned());
        let got = outcome(&out);
        match want {
            Some(want) if want == got => {}
            Some(want) => self.failures.push(format!(
                "{name} / {label}: expected {}, got {}",
                self.name(&want),
                self.name(&got)
            )),
            None => self.failures.push(format!(
                "{name} / {label}: not pinned; got {}",
                self.name(&got)
            )),
        }
        let mut changed = vec![];
        for (k, b) in keys.iter().zip(before) {
            if env.account(k).await != b {
                changed.push(k.to_string());
            }
        }
        if !changed.is_empty() {
            self.failures
                .push(format!("{name} / {label}: changed {}", changed.join(", ")));
        }
    }

    /// Fails on any attack not refused as pinned, and unless the markers above `test` name
    /// exactly the instructions it attacked (so the matrix claims no more and no less).
    fn finish(self, test: &str) {
        println!("{test}: {} attacks sent", self.sent);
        assert_eq!(
            self.attacked,
            marked(test),
            "the `// attack:` markers above {test} must name exactly the instructions it attacks"
        );
        assert!(
            self.failures.is_empty(),
            "{} of {} attacks were not refused as pinned:\n{}",
            self.failures.len(),
            self.sent,
            self.failures.join("\n")
        );
    }
}

/// Slots the generic attacks leave alone: `buy`'s treasury account is ignored in burn mode, the
/// mode of the world's auction (treasury mode is `buyback::treasury_mode_*`).
fn ignored(name: &str, slot: &str) -> bool {
    // charge_fee's position slot takes any account that is not fee-router's as "no position"
    // (no discount), so a forged copy is not refused: it buys nothing, which
    // `market::fees::only_the_traders_own_position_in_the_markets_router_gives_a_discount`
    // shows for a forged copy.
    (name, slot) == ("buy", "treasury_token") || (name, slot) == ("charge_fee", "trader_position")
}

/// The slot classes the pinned errors are stated by.
fn is_vault(slot: &str) -> bool {
    slot.ends_with("_vault")
}

/// A token account of the caller's choosing (a source it signs for, or a destination).
fn is_user_token(slot: &str) -> bool {
    matches!(
        slot,
        "payer_token"
            | "owner_token"
            | "owner_fee_token"
            | "buyer_fee_token"
            | "buyer_protocol_token"
            | "trader_fee_token"
            | "shortfall_account"
    )
}

/// An account of fee-router's own.
fn is_state(slot: &str) -> bool {
    matches!(
        slot,
        "router"
            | "governance"
            | "auction"
            | "rebates"
            | "insurance_fund"
            | "position"
            | "trader_position"
            | "market_fees"
            | "proposal"
            | "vote_record"
    )
}

// attack: deposit_fees, rebate, claim_rewards, stake, request_unstake, withdraw_unstaked: missing_signer
// attack: cancel_unstake: missing_signer
// attack: buy, open_position, pause, unpause, set_stage, set_split, set_guard_rails: missing_signer
// attack: set_staking_params, set_guardian, set_governance_params, set_stage_gates: missing_signer
// attack: set_auction_params, set_discount_tiers, set_rebate_authority, set_rebate_limits: missing_signer
// attack: set_insurance_params, set_shortfall_account, pay_insurance: missing_signer
// attack: cancel_authority_transfer, propose_authority, accept_authority: missing_signer
// attack: create_proposal, cast_vote, change_vote, execute_proposal, cancel_proposal: missing_signer
// attack: veto_proposal, initialize_router: missing_signer
// attack: approve_market, set_market_allowance_cap, open_market, charge_fee: missing_signer
#[tokio::test]
async fn every_signature_an_instruction_names_is_required() {
    let mut env = TestEnv::start().await;
    let w = World::new(&mut env).await;
    let mut run = Run::new();
    let payer = env.payer().pubkey();
    for name in INSTRUCTIONS {
        let h = honest(&mut env, &w, false, name).await;
        let slots = run.slots(name, &h);
        let watch = run.watch(&mut env, &w, name).await;
        for (i, slot) in slots.iter().enumerate() {
            let key = h.ix.accounts[i].pubkey;
            if !h.ix.accounts[i].is_signer || key == payer {
                continue;
            }
            let mut attack = h.clone();
            attack.ix.accounts[i].is_signer = false;
            attack.signers.retain(|k| k.pubkey() != key);
            let want = Some(code(ErrorCode::AccountNotSigner));
            run.refused(
                &mut env,
                name,
                &format!("{slot} does not sign"),
                &attack,
                want,
                &watch,
            )
            .await;
        }
    }
    run.finish("every_signature_an_instruction_names_is_required");
}

/// The second, valid-looking keys that sign `name` in place of its signer, and the error
/// they get. None: the instruction takes anyone's signature (or no signature).
fn wrong_signers<'w>(w: &'w World, name: &str) -> Option<(Vec<&'w Keypair>, String)> {
    let u = &w.u;
    let ext = &w.a.ext;
    let setter = || {
        Some((
            vec![&u.guardian, &ext.creator, &u.pending],
            code(FeeRouterError::AccessAuthorityRequired),
        ))
    };
    let not_owner =
        |keys: Vec<&'w Keypair>| Some((keys, code(FeeRouterError::AccessPositionOwnerRequired)));
    match name {
        // The payer's token account answers to its owner only: the token program refuses.
        "deposit_fees" | "buy" => Some((vec![&u.staker.owner, &u.guardian], "4".to_owned())),
        "rebate" => Some((
            vec![&u.authority, &u.guardian, &u.staker.owner],
            code(FeeRouterError::RebateAuthorityRequired),
        )),
        "claim_rewards" | "stake" | "request_unstake" | "cancel_unstake" => {
            not_owner(vec![&u.leaver.owner, &u.voters[0].owner])
        }
        "withdraw_unstaked" => not_owner(vec![&u.staker.owner, &u.guardian]),
        "create_proposal" => not_owner(vec![&u.voters[1].owner]),
        "cast_vote" => not_owner(vec![&u.voters[2].owner]),
        // Another voter's record answers to that voter only.
        "change_vote" => Some((
            vec![&u.voters[1].owner, &u.voters[2].owner],
            code(FeeRouterError::GovernanceVoteRecordMismatch),
        )),
        // The position's or the router's address derives from its owner's or creator's key.
        "open_position" | "initialize_router" => Some((
            vec![&u.staker.owner, &u.guardian],
            code(ErrorCode::ConstraintSeeds),
        )),
        "pause" | "unpause" => Some((
            vec![&u.staker.owner, &ext.creator, &u.pending],
            code(FeeRouterError::AccessGuardianRequired),
        )),
        "set_stage"
        | "set_split"
        | "set_guard_rails"
        | "set_staking_params"
        | "set_guardian"
        | "set_governance_params"
        | "set_stage_gates"
        | "set_auction_params"
        | "set_discount_tiers"
        | "set_rebate_authority"
        | "set_rebate_limits"
        | "set_insurance_params"
        | "set_shortfall_account"
        | "pay_insurance"
        | "cancel_authority_transfer"
        | "propose_authority"
        | "approve_market"
        | "set_market_allowance_cap" => setter(),
        // Only the market's registered authority charges into it: not the market approved
        // next, the rebate authority, nor the router's authority.
        "charge_fee" => Some((
            vec![&u.market2, &u.exchange, &u.authority],
            code(FeeRouterError::MarketAuthorityRequired),
        )),
        "accept_authority" => Some((
            vec![&u.authority, &u.guardian],
            code(FeeRouterError::AuthorityWrongAcceptor),
        )),
        "cancel_proposal" => Some((
            vec![&u.voters[1].owner],
            code(FeeRouterError::AccessProposerRequired),
        )),
        "veto_proposal" => Some((
            vec![&u.authority, &u.voters[0].owner],
            code(FeeRouterError::AccessGuardianOnly),
        )),
        _ => None,
    }
}

// attack: deposit_fees, rebate, claim_rewards, stake, request_unstake, withdraw_unstaked: wrong_signer
// attack: cancel_unstake: wrong_signer
// attack: buy, open_position, pause, unpause, set_stage, set_split, set_guard_rails: wrong_signer
// attack: set_staking_params, set_guardian, set_governance_params, set_stage_gates: wrong_signer
// attack: set_auction_params, set_discount_tiers, set_rebate_authority, set_rebate_limits: wrong_signer
// attack: set_insurance_params, set_shortfall_account, pay_insurance: wrong_signer
// attack: cancel_authority_transfer, propose_authority, accept_authority: wrong_signer
// attack: create_proposal, cast_vote, change_vote, cancel_proposal, veto_proposal, initialize_router: wrong_signer
// attack: approve_market, set_market_allowance_cap, charge_fee: wrong_signer
#[tokio::test]
async fn a_second_valid_key_signing_in_the_signers_place_is_refused() {
    let mut env = TestEnv::start().await;
    let w = World::new(&mut env).await;
    let mut run = Run::new();
    let payer = env.payer().pubkey();
    for name in INSTRUCTIONS {
        let Some((keys, want)) = wrong_signers(&w, name) else {
            continue;
        };
        let h = honest(&mut env, &w, false, name).await;
        let slots = run.slots(name, &h);
        let watch = run.watch(&mut env, &w, name).await;
        let i = (0..slots.len())
            .find(|&i| h.ix.accounts[i].is_signer && h.ix.accounts[i].pubkey != payer)
            .expect("a signer");
        let signer = h.ix.accounts[i].pubkey;
        for key in keys {
            let mut attack = h.clone();
            attack.ix.accounts[i].pubkey = key.pubkey();
            attack.signers.retain(|k| k.pubkey() != signer);
            attack.signers.push(clone(key));
            let label = format!("{} signed by {}", slots[i], key.pubkey());
            run.refused(&mut env, name, &label, &attack, Some(want.clone()), &watch)
                .await;
        }
    }
    run.finish("a_second_valid_key_signing_in_the_signers_place_is_refused");
}

/// Instructions that name one account of a router and nothing tied to it: another router's
/// account there is that router's own instruction, checked by its own signer rules.
const ONE_ROUTER_ACCOUNT: [&str; 4] = ["pause", "unpause", "finalize_proposal", "cancel_proposal"];

/// `name`'s counterpart on side B: the same instruction sent honestly to the other routers
/// (for `initialize_router`, the other side's existing router).
async fn counterpart(env: &mut TestEnv, w: &World, name: &str) -> Case {
    if name == "initialize_router" {
        let ext = &w.b.ext;
        return Case::new(ext.init_ix().instruction(), &[&ext.creator]);
    }
    honest(env, w, true, name).await
}

// attack: deposit_fees, rebate, distribute, claim_rewards, stake, request_unstake: other_router
// attack: cancel_unstake: other_router
// attack: withdraw_unstaked, buy, open_position, sweep_rewards_surplus, sweep_stake_surplus: other_router
// attack: set_stage, set_split, set_guard_rails, set_staking_params: other_router
// attack: set_guardian, set_governance_params, set_stage_gates, set_auction_params: other_router
// attack: set_discount_tiers, set_rebate_authority, set_rebate_limits, set_insurance_params: other_router
// attack: set_shortfall_account, pay_insurance, cancel_authority_transfer: other_router
// attack: propose_authority, accept_authority, accept_governance_authority: other_router
// attack: create_proposal, cast_vote, change_vote, execute_proposal, veto_proposal, initialize_router: other_router
// attack: approve_market, set_market_allowance_cap, open_market, charge_fee, sweep_market: other_router
#[tokio::test]
async fn every_account_of_another_router_is_refused_in_place_of_the_routers_own() {
    let mut env = TestEnv::start().await;
    let w = World::new(&mut env).await;
    let mut run = Run::new();
    for name in INSTRUCTIONS
        .into_iter()
        .filter(|n| !ONE_ROUTER_ACCOUNT.contains(n))
    {
        let h = honest(&mut env, &w, false, name).await;
        let c = counterpart(&mut env, &w, name).await;
        let slots = run.slots(name, &h);
        let mut watch = run.watch(&mut env, &w, name).await;
        watch.extend(c.ix.accounts.iter().map(|m| m.pubkey));
        for (i, slot) in slots.iter().enumerate() {
            let (ours, theirs) = (h.ix.accounts[i].pubkey, c.ix.accounts[i].pubkey);
            if h.ix.accounts[i].is_signer || ours == theirs || ignored(name, slot) {
                continue;
            }
            let mut attack = h.clone();
            attack.ix.accounts[i].pubkey = theirs;
            let want = want_other_router(name, slot);
            run.refused(
                &mut env,
                name,
                &format!("{slot} of another router"),
                &attack,
                want,
                &watch,
            )
            .await;
        }
    }
    run.finish("every_account_of_another_router_is_refused_in_place_of_the_routers_own");
}

/// The error an account of another router gets in `name`'s `slot`: each names the check that
/// ties the account to the router (a vault by the address the router stores, a position or a
/// capability account by the router it records, a created account by its seeds).
fn want_other_router(name: &str, slot: &str) -> Option<String> {
    use FeeRouterError as E;
    let e = match (name, slot) {
        ("initialize_router" | "open_position" | "open_market", _) => {
            code(ErrorCode::ConstraintSeeds)
        }
        // The market's accounts record their router (the fee account) or are recorded by the
        // market (its token account).
        ("charge_fee", "market_fees" | "market_token")
        | ("sweep_market", "router" | "market_fees" | "market_token") => {
            code(E::MarketAccountMismatch)
        }
        // The proposal's address derives from the governance: its seeds fail first.
        ("create_proposal", "governance" | "proposal") => code(ErrorCode::ConstraintSeeds),
        // The position must be of the proposal's router.
        ("cast_vote", "proposal" | "position") => code(E::AccountPositionMismatch),
        ("cast_vote", "vote_record") => code(ErrorCode::ConstraintSeeds),
        // The record must be of the proposal (and of the voter).
        ("change_vote", _) => code(E::GovernanceVoteRecordMismatch),
        (_, "position" | "trader_position") => code(E::AccountPositionMismatch),
        (
            "claim_rewards" | "stake" | "request_unstake" | "cancel_unstake" | "withdraw_unstaked",
            "router",
        ) => code(E::AccountPositionMismatch),
        (
            "deposit_fees" | "distribute" | "sweep_rewards_surplus" | "sweep_stake_surplus",
            "router",
        ) => code(E::AccountVaultMismatch),
        (_, slot) if is_vault(slot) => code(E::AccountVaultMismatch),
        (_, slot) if is_state(slot) => code(E::AccountGovernanceMismatch),
        _ => return None,
    };
    Some(e)
}

/// A forged copy of `account` at a new address, owned by the attacker's program.
async fn forge(env: &mut TestEnv, account: &Account) -> Pubkey {
    let key = env.keypair().pubkey();
    env.set_account(
        &key,
        Account {
            owner: ATTACKER_PROGRAM,
            ..account.clone()
        },
    );
    key
}

// attack: deposit_fees, rebate, distribute, claim_rewards, stake, request_unstake: fake_account
// attack: cancel_unstake: fake_account
// attack: withdraw_unstaked, buy, open_position, sweep_rewards_surplus, sweep_stake_surplus: fake_account
// attack: pause, unpause, set_stage, set_split, set_guard_rails, set_staking_params: fake_account
// attack: set_guardian, set_governance_params, set_stage_gates, set_auction_params: fake_account
// attack: set_discount_tiers, set_rebate_authority, set_rebate_limits, set_insurance_params: fake_account
// attack: set_shortfall_account, pay_insurance, cancel_authority_transfer: fake_account
// attack: propose_authority, accept_authority, accept_governance_authority: fake_account
// attack: create_proposal, cast_vote, change_vote, finalize_proposal, execute_proposal: fake_account
// attack: cancel_proposal, veto_proposal, initialize_router: fake_account
// attack: approve_market, set_market_allowance_cap, open_market, charge_fee, sweep_market: fake_account
#[tokio::test]
async fn every_forged_or_foreign_account_is_refused() {
    let mut env = TestEnv::start().await;
    let w = World::new(&mut env).await;
    let mut run = Run::new();
    for name in INSTRUCTIONS {
        let h = honest(&mut env, &w, false, name).await;
        let slots = run.slots(name, &h);
        let watch = run.watch(&mut env, &w, name).await;
        for (i, slot) in slots.iter().enumerate() {
            let key = h.ix.accounts[i].pubkey;
            if h.ix.accounts[i].is_signer || key == fee_router::ID || ignored(name, slot) {
                continue;
            }
            let (kind, account) = kind_of(&mut env, &key).await;
            let mut fakes = vec![];
            match kind {
                Kind::State | Kind::Mint | Kind::Token => {
                    let account = account.expect("an account");
                    fakes.push((
                        "a copy owned by another program",
                        forge(&mut env, &account).await,
                    ));
                    if kind == Kind::Token {
                        let (mint, owner) = token_mint_and_owner(&account);
                        if kind_of(&mut env, &owner).await.0 == Kind::State {
                            let thief = env.keypair().pubkey();
                            let fake = env.create_token_account(&mint, &thief).await;
                            let amount = token_amount(&account).max(1);
                            env.mint_to(&mint, &fake, amount).await;
                            fakes.push((
                                "a token account of its mint the router does not hold",
                                fake,
                            ));
                        }
                    }
                }
                Kind::Program => fakes.push(("another program", example_exchange::ID)),
                Kind::Absent | Kind::Other => {}
            }
            for (what, fake) in fakes {
                let mut attack = h.clone();
                attack.ix.accounts[i].pubkey = fake;
                let want = want_fake(name, slot);
                run.refused(
                    &mut env,
                    name,
                    &format!("{slot}: {what}"),
                    &attack,
                    want,
                    &watch,
                )
                .await;
            }
        }
    }
    run.finish("every_forged_or_foreign_account_is_refused");
}

/// The error a forged account gets in `name`'s `slot`.
fn want_fake(name: &str, slot: &str) -> Option<String> {
    use FeeRouterError as E;
    let e = match (name, slot) {
        // Anchor checks the mints' and the token programs' owners when creating the vaults.
        ("initialize_router", "fee_mint" | "protocol_mint") => {
            code(ErrorCode::AccountOwnedByWrongProgram)
        }
        ("initialize_router", _) | (_, "system_program") => code(ErrorCode::InvalidProgramId),
        // The fee mint and its program are typed (the market's token account is created on
        // them); the router's check comes after.
        ("open_market", "fee_mint") => code(ErrorCode::AccountOwnedByWrongProgram),
        ("open_market", "fee_token_program") => code(ErrorCode::InvalidProgramId),
        // Checked against the address the market records.
        ("charge_fee" | "sweep_market", "market_token") => code(E::MarketAccountMismatch),
        // The trader's account is the token program's to check: the runtime refuses its
        // debiting an account another program owns.
        ("charge_fee", "trader_fee_token") => {
            "InstructionError(0, ExternalAccountDataModified)".to_owned()
        }
        // Checked against the registered account before anything else.
        ("pay_insurance", "shortfall_account") => code(E::InsuranceWrongAccount),
        // Checked against the account the arguments register before anything else.
        ("set_shortfall_account", "shortfall_account") => code(E::AccountToRegisterMissing),
        (_, slot) if is_state(slot) => code(ErrorCode::AccountOwnedByWrongProgram),
        (_, slot) if is_vault(slot) => code(E::AccountVaultMismatch),
        (_, slot) if is_user_token(slot) => code(E::AccountNotTokenAccount),
        (_, slot) if slot.ends_with("_mint") => code(E::AccountMintMismatch),
        (_, slot) if slot.ends_with("_token_program") => code(E::AccountTokenProgramMismatch),
        _ => return None,
    };
    Some(e)
}

// attack: deposit_fees, rebate, distribute, claim_rewards, stake, withdraw_unstaked: wrong_mint
// attack: buy, sweep_rewards_surplus, sweep_stake_surplus, pay_insurance: wrong_mint
// attack: set_shortfall_account: wrong_mint
// attack: open_market, charge_fee, sweep_market: wrong_mint
#[tokio::test]
async fn every_mint_and_token_account_of_the_wrong_mint_is_refused() {
    let mut env = TestEnv::start().await;
    let w = World::new(&mut env).await;
    let mut run = Run::new();
    let other = |m: &Pubkey| {
        if *m == w.fee_mint {
            w.protocol_mint
        } else {
            w.fee_mint
        }
    };
    for name in INSTRUCTIONS {
        if name == "initialize_router" {
            continue;
        }
        let h = honest(&mut env, &w, false, name).await;
        let slots = run.slots(name, &h);
        let watch = run.watch(&mut env, &w, name).await;
        for (i, slot) in slots.iter().enumerate() {
            let key = h.ix.accounts[i].pubkey;
            if h.ix.accounts[i].is_signer || key == fee_router::ID || ignored(name, slot) {
                continue;
            }
            let (kind, account) = kind_of(&mut env, &key).await;
            let mut wrong = vec![];
            match kind {
                Kind::Mint => {
                    wrong.push(("the router's other mint".to_owned(), other(&key)));
                    wrong.push(("a third mint".to_owned(), w.third_mint));
                }
                Kind::Token => {
                    let account = account.expect("an account");
                    let (mint, owner) = token_mint_and_owner(&account);
                    if kind_of(&mut env, &owner).await.0 == Kind::State {
                        let kind = if mint == w.fee_mint {
                            VaultKind::Stake
                        } else {
                            VaultKind::Intake
                        };
                        wrong.push((
                            format!("the router's {kind:?} vault"),
                            pda::vault(&owner, kind),
                        ));
                    } else {
                        let amount = token_amount(&account).max(1);
                        for (what, mint) in [
                            ("the router's other mint", other(&mint)),
                            ("a third mint", w.third_mint),
                        ] {
                            let account = env.funded_token_account(&mint, &owner, amount).await;
                            wrong.push((format!("its owner's account of {what}"), account));
                        }
                    }
                }
                Kind::Program if key == SPL_TOKEN => {
                    wrong.push(("Token-2022".to_owned(), TOKEN_2022));
                }
                _ => {}
            }
            for (what, replacement) in wrong {
                let mut attack = h.clone();
                attack.ix.accounts[i].pubkey = replacement;
                let want = want_wrong_mint(name, slot);
                run.refused(
                    &mut env,
                    name,
                    &format!("{slot}: {what}"),
                    &attack,
                    want,
                    &watch,
                )
                .await;
            }
        }
    }
    run.finish("every_mint_and_token_account_of_the_wrong_mint_is_refused");
}

/// The error a mint, a token account or a token program of the wrong mint gets in `slot`.
fn want_wrong_mint(name: &str, slot: &str) -> Option<String> {
    use FeeRouterError as E;
    let e = match (name, slot) {
        ("pay_insurance", "shortfall_account") => code(E::InsuranceWrongAccount),
        ("set_shortfall_account", "shortfall_account") => code(E::AccountToRegisterMissing),
        ("charge_fee" | "sweep_market", "market_token") => code(E::MarketAccountMismatch),
        // The trader's account is checked by the token program, on the transfer.
        ("charge_fee", "trader_fee_token") => "3".to_owned(),
        // The market's token account is created on the program passed: Token-2022 refuses
        // an SPL Token mint before the router's check.
        ("open_market", "fee_token_program") => {
            "InstructionError(0, IncorrectProgramId)".to_owned()
        }
        (_, slot) if is_vault(slot) => code(E::AccountVaultMismatch),
        (_, slot) if is_user_token(slot) || slot.ends_with("_mint") => code(E::AccountMintMismatch),
        (_, slot) if slot.ends_with("_token_program") => code(E::AccountTokenProgramMismatch),
        _ => return None,
    };
    Some(e)
}

// attack: deposit_fees, rebate, distribute, claim_rewards, stake, request_unstake: duplicate_account
// attack: cancel_unstake: duplicate_account
// attack: withdraw_unstaked, buy, open_position, sweep_rewards_surplus: duplicate_account
// attack: set_stage, set_split, set_guard_rails, set_staking_params: duplicate_account
// attack: set_guardian, set_governance_params, set_stage_gates, set_auction_params: duplicate_account
// attack: set_discount_tiers, set_rebate_authority, set_rebate_limits, set_insurance_params: duplicate_account
// attack: set_shortfall_account, pay_insurance, cancel_authority_transfer: duplicate_account
// attack: propose_authority, accept_authority, accept_governance_authority: duplicate_account
// attack: create_proposal, cast_vote, change_vote, execute_proposal, veto_proposal, initialize_router: duplicate_account
// attack: approve_market, set_market_allowance_cap, open_market, charge_fee, sweep_market: duplicate_account
#[tokio::test]
async fn an_account_passed_in_two_places_is_refused() {
    let mut env = TestEnv::start().await;
    let w = World::new(&mut env).await;
    let mut run = Run::new();
    for name in INSTRUCTIONS {
        let h = honest(&mut env, &w, false, name).await;
        let slots = run.slots(name, &h);
        let watch = run.watch(&mut env, &w, name).await;
        let mut kinds = vec![];
        for m in &h.ix.accounts {
            kinds.push(kind_of(&mut env, &m.pubkey).await.0);
        }
        let candidate = |i: usize| {
            !h.ix.accounts[i].is_signer
                && !ignored(name, &slots[i])
                && matches!(kinds[i], Kind::State | Kind::Token | Kind::Mint)
        };
        // An existing account of the same kind, or of the program's in an account it creates.
        let pair = |j: usize, i: usize| {
            kinds[i] == kinds[j] || (kinds[j] == Kind::Absent && kinds[i] == Kind::State)
        };
        for j in (0..slots.len()).filter(|&j| candidate(j) || kinds[j] == Kind::Absent) {
            if h.ix.accounts[j].is_signer || ignored(name, &slots[j]) {
                continue;
            }
            for i in (0..slots.len()).filter(|&i| i != j && candidate(i) && pair(j, i)) {
                if h.ix.accounts[i].pubkey == h.ix.accounts[j].pubkey {
                    continue;
                }
                let mut attack = h.clone();
                attack.ix.accounts[j].pubkey = h.ix.accounts[i].pubkey;
                let want = want_duplicate(name, &slots[j], &slots[i]);
                let label = format!("{} passed as {}", slots[i], slots[j]);
                run.refused(&mut env, name, &label, &attack, want, &watch)
                    .await;
            }
        }
    }
    run.finish("an_account_passed_in_two_places_is_refused");
}

/// The error `passed` gets in `name`'s `slot` when it is passed there too.
fn want_duplicate(name: &str, slot: &str, passed: &str) -> Option<String> {
    use FeeRouterError as E;
    let e = match (name, slot, passed) {
        ("initialize_router", _, _) => code(ErrorCode::ConstraintSeeds),
        // A created account's address is its seeds'.
        ("open_position", "position", _)
        | ("open_market", "market_fees" | "market_token", _)
        | ("create_proposal", "proposal", _)
        | ("cast_vote", "vote_record", _) => code(ErrorCode::ConstraintSeeds),
        (_, slot, _) if is_state(slot) => code(ErrorCode::AccountDiscriminatorMismatch),
        (_, slot, _) if is_vault(slot) => code(E::AccountVaultMismatch),
        // A payout never goes to one of the router's vaults.
        (
            "claim_rewards" | "withdraw_unstaked" | "rebate" | "buy",
            "owner_fee_token" | "owner_token" | "trader_fee_token" | "buyer_fee_token",
            passed,
        ) if is_vault(passed) => code(E::AccountDestinationIsRouterVault),
        // A transfer's source and destination must differ.
        ("deposit_fees" | "stake", _, _) => code(E::AccountVaultMismatch),
        ("pay_insurance", "shortfall_account", _) => code(E::InsuranceWrongAccount),
        ("charge_fee" | "sweep_market", "market_token", _) => code(E::MarketAccountMismatch),
        // A fee-router account in the position's place must be a position.
        ("charge_fee", "trader_position", _) => code(E::AccountPositionMismatch),
        // The trader paying the market from the market's own account: a transfer's source and
        // destination must differ.
        ("charge_fee", "trader_fee_token", "market_token") => code(E::AccountVaultMismatch),
        (_, slot, _) if is_user_token(slot) || slot.ends_with("_mint") => {
            code(E::AccountMintMismatch)
        }
        _ => return None,
    };
    Some(e)
}

/// The index of `slot` among `name`'s accounts.
fn slot_index(run: &Run, name: &str, slot: &str) -> usize {
    run.slots[name]
        .iter()
        .position(|s| s == slot)
        .unwrap_or_else(|| panic!("{name} has no account {slot}"))
}

/// The operations a pause refuses. (A paused `rebate` pays nothing without failing the trade:
/// `discount::rebates::paused_rebates_pay_nothing_say_so_and_never_fail_the_trade`.)
const PAUSABLE: [&str; 7] = [
    "deposit_fees",
    "distribute",
    "stake",
    "buy",
    "sweep_rewards_surplus",
    "sweep_stake_surplus",
    "sweep_market",
];

// attack: deposit_fees, distribute, stake, buy, sweep_rewards_surplus, sweep_stake_surplus: paused
// attack: sweep_market: paused
#[tokio::test]
async fn every_pausable_operation_is_refused_while_paused_and_runs_once_unpaused() {
    use fee_router::state::pause::PAUSE_ALL;
    let mut env = TestEnv::start().await;
    let w = World::new(&mut env).await;
    let mut run = Run::new();
    let (r, g) = (w.a.ext.router, &w.u.guardian);
    env.send_ok(&[ix::pause(&r, &g.pubkey(), PAUSE_ALL)], &[g], "pause")
        .await;
    for name in PAUSABLE {
        let h = honest(&mut env, &w, false, name).await;
        let watch = run.watch(&mut env, &w, name).await;
        let want = Some(code(FeeRouterError::PauseOperationPaused));
        run.refused(&mut env, name, "paused", &h, want, &watch)
            .await;
    }
    run.finish("every_pausable_operation_is_refused_while_paused_and_runs_once_unpaused");
    env.send_ok(&[ix::unpause(&r, &g.pubkey(), PAUSE_ALL)], &[g], "unpause")
        .await;
    for name in PAUSABLE {
        let h = honest(&mut env, &w, false, name).await;
        h.send(&mut env).await.expect_ok(name);
    }
}

/// An address of `seeds` at a valid bump below the canonical one.
fn other_bump(seeds: &[&[u8]]) -> Pubkey {
    let (_, canonical) = Pubkey::find_program_address(seeds, &fee_router::ID);
    (0..canonical)
        .rev()
        .find_map(|bump| {
            let bump = [bump];
            let mut with_bump = seeds.to_vec();
            with_bump.push(&bump);
            Pubkey::create_program_address(&with_bump, &fee_router::ID).ok()
        })
        .expect("another valid bump")
}

// attack: initialize_router, open_position, create_proposal: non_canonical_pda
// attack: open_market: non_canonical_pda
#[tokio::test]
async fn an_account_created_at_another_bump_or_at_caller_chosen_seeds_is_refused() {
    use fee_router::constants::*;
    let mut env = TestEnv::start().await;
    let w = World::new(&mut env).await;
    let mut run = Run::new();
    let want = || Some(code(ErrorCode::ConstraintSeeds));

    // Every account `initialize_router` creates, one at a time, at another bump of its seeds.
    let name = "initialize_router";
    let h = honest(&mut env, &w, false, name).await;
    let watch = run.watch(&mut env, &w, name).await;
    let (creator, f, p) = (w.a.new_creator.pubkey(), w.fee_mint, w.protocol_mint);
    let router = pda::router(&creator, &f, &p);
    let mut addresses = vec![(
        "router",
        other_bump(&[ROUTER_SEED, creator.as_ref(), f.as_ref(), p.as_ref()]),
    )];
    for (slot, kind) in [
        ("intake_vault", VaultKind::Intake),
        ("buyback_vault", VaultKind::Buyback),
        ("stakers_vault", VaultKind::Stakers),
        ("insurance_vault", VaultKind::Insurance),
        ("discount_vault", VaultKind::Discount),
        ("stake_vault", VaultKind::Stake),
    ] {
        addresses.push((
            slot,
            other_bump(&[VAULT_SEED, router.as_ref(), kind.seed()]),
        ));
    }
    for (slot, seed) in [
        ("governance", GOVERNANCE_SEED),
        ("auction", AUCTION_SEED),
        ("rebates", REBATES_SEED),
        ("insurance_fund", INSURANCE_FUND_SEED),
    ] {
        addresses.push((slot, other_bump(&[seed, router.as_ref()])));
    }
    for (slot, address) in addresses {
        let mut attack = h.clone();
        attack.ix.accounts[slot_index(&run, name, slot)].pubkey = address;
        run.refused(
            &mut env,
            name,
            &format!("{slot} at another bump"),
            &attack,
            want(),
            &watch,
        )
        .await;
    }

    // The newcomer's position at another bump.
    let name = "open_position";
    let mut attack = honest(&mut env, &w, false, name).await;
    let watch = run.watch(&mut env, &w, name).await;
    let (r, owner) = (w.a.ext.router, w.u.newcomer.pubkey());
    attack.ix.accounts[slot_index(&run, name, "position")].pubkey =
        other_bump(&[POSITION_SEED, r.as_ref(), owner.as_ref()]);
    run.refused(
        &mut env,
        name,
        "position at another bump",
        &attack,
        want(),
        &watch,
    )
    .await;

    // The next proposal at another bump, and at a number the proposer chose.
    let name = "create_proposal";
    let h = honest(&mut env, &w, false, name).await;
    let watch = run.watch(&mut env, &w, name).await;
    let governance = pda::governance(&w.a.gov.router);
    let id = self::governance(&mut env, &w.a.gov).await.proposal_count;
    let i = slot_index(&run, name, "proposal");
    for (what, address) in [
        (
            "proposal at another bump",
            other_bump(&[PROPOSAL_SEED, governance.as_ref(), &id.to_le_bytes()]),
        ),
        (
            "proposal numbered past the count",
            pda::proposal(&governance, id + 1),
        ),
    ] {
        let mut attack = h.clone();
        attack.ix.accounts[i].pubkey = address;
        run.refused(&mut env, name, what, &attack, want(), &watch)
            .await;
    }

    // The approved market's fee account and its token account at another bump, and at the
    // seeds of an authority nobody approved.
    let name = "open_market";
    let h = honest(&mut env, &w, false, name).await;
    let watch = run.watch(&mut env, &w, name).await;
    let (router, approved) = (w.a.ext.router, w.u.market2.pubkey());
    let market = pda::market_fees(&router, &approved);
    let unapproved = pda::market_fees(&router, &w.u.newcomer.pubkey());
    for (slot, what, address) in [
        (
            "market_fees",
            "at another bump",
            other_bump(&[MARKET_SEED, router.as_ref(), approved.as_ref()]),
        ),
        ("market_fees", "of an authority not approved", unapproved),
        (
            "market_token",
            "at another bump",
            other_bump(&[VAULT_SEED, market.as_ref(), MARKET_SEED]),
        ),
        (
            "market_token",
            "of the fee account of an authority not approved",
            pda::market_token(&unapproved),
        ),
    ] {
        let mut attack = h.clone();
        attack.ix.accounts[slot_index(&run, name, slot)].pubkey = address;
        let label = format!("{slot} {what}");
        run.refused(&mut env, name, &label, &attack, want(), &watch)
            .await;
    }
    run.finish("an_account_created_at_another_bump_or_at_caller_chosen_seeds_is_refused");
}

// attack: initialize_router, open_position, create_proposal: reinit
// attack: open_market: reinit
#[tokio::test]
async fn an_account_that_exists_is_never_created_again() {
    let mut env = TestEnv::start().await;
    let w = World::new(&mut env).await;
    let mut run = Run::new();
    // The system program's AccountAlreadyInUse, raised by Anchor's `init`.
    let in_use = || Some("0".to_owned());

    // The external router again, by its creator, with another authority.
    let name = "initialize_router";
    let watch = run.watch(&mut env, &w, name).await;
    let ext = &w.a.ext;
    let again = ix::InitializeRouter {
        authority: w.u.keeper.pubkey(),
        ..ext.init_ix()
    };
    let attack = Case::new(again.instruction(), &[&ext.creator]);
    run.refused(
        &mut env,
        name,
        "the router again",
        &attack,
        in_use(),
        &watch,
    )
    .await;

    // The staker's position again.
    let name = "open_position";
    let mut watch = run.watch(&mut env, &w, name).await;
    let owner = &w.u.staker.owner;
    watch.insert(pda::position(&ext.router, &owner.pubkey()));
    let attack = Case::new(ix::open_position(&ext.router, &owner.pubkey()), &[owner]);
    run.refused(
        &mut env,
        name,
        "the position again",
        &attack,
        in_use(),
        &watch,
    )
    .await;

    // Proposal 0 again, over the one that exists.
    let name = "create_proposal";
    let mut attack = honest(&mut env, &w, false, name).await;
    let watch = run.watch(&mut env, &w, name).await;
    attack.ix.accounts[slot_index(&run, name, "proposal")].pubkey = w.a.p_exec;
    let want = Some(code(ErrorCode::ConstraintSeeds));
    run.refused(&mut env, name, "proposal 0 again", &attack, want, &watch)
        .await;

    // The open market again, its authority approved a second time.
    let name = "open_market";
    let (a, m, payer) = (&w.u.authority, &w.u.market, &w.u.newcomer);
    let approve = ix::approve_market(&ext.router, &a.pubkey(), m.pubkey());
    env.send_ok(&[approve], &[a], "approve the open market again")
        .await;
    let watch = run.watch(&mut env, &w, name).await;
    let again = ix::open_market(&ext.side(), &payer.pubkey(), &m.pubkey());
    let attack = Case::new(again, &[payer]);
    run.refused(
        &mut env,
        name,
        "the market again",
        &attack,
        in_use(),
        &watch,
    )
    .await;
    run.finish("an_account_that_exists_is_never_created_again");
}

// attack: deposit_fees, stake, request_unstake, pay_insurance: amounts
#[tokio::test]
async fn zero_and_u64_max_amounts_are_refused_and_one_base_unit_moves_exactly_one() {
    use FeeRouterError as E;
    let mut env = TestEnv::start().await;
    let w = World::new(&mut env).await;
    let mut run = Run::new();
    let (u, ext) = (&w.u, &w.a.ext);
    let (d, s, a) = (&u.depositor, &u.staker, &u.authority);
    let deposit = |amount| {
        Case::new(
            ix::deposit_fees(&ext.side(), &d.owner.pubkey(), &d.fee_token, amount),
            &[&d.owner],
        )
    };
    let stake = |amount| {
        Case::new(
            ix::stake(
                &ext.protocol_side(),
                &s.owner.pubkey(),
                &s.protocol_token,
                amount,
            ),
            &[&s.owner],
        )
    };
    let unstake = |amount| {
        Case::new(
            ix::request_unstake(&ext.router, &s.owner.pubkey(), amount),
            &[&s.owner],
        )
    };
    let pay = |amount| {
        Case::new(
            ix::pay_insurance(&ext.side(), &a.pubkey(), &u.shortfall, amount),
            &[a],
        )
    };
    // The token program's InsufficientFunds: nobody holds u64::MAX.
    let short = "1".to_owned();
    let cases = [
        ("deposit_fees", "0", deposit(0), code(E::DepositZeroAmount)),
        ("deposit_fees", "u64::MAX", deposit(u64::MAX), short.clone()),
        ("stake", "0", stake(0), code(E::StakeZeroAmount)),
        ("stake", "u64::MAX", stake(u64::MAX), short),
        (
            "request_unstake",
            "0",
            unstake(0),
            code(E::UnstakeAmountInvalid),
        ),
        (
            "request_unstake",
            "u64::MAX",
            unstake(u64::MAX),
            code(E::UnstakeAmountInvalid),
        ),
        ("pay_insurance", "0", pay(0), code(E::InsuranceZeroAmount)),
    ];
    for (name, what, attack, want) in cases {
        let watch = run.watch(&mut env, &w, name).await;
        run.refused(&mut env, name, what, &attack, Some(want), &watch)
            .await;
    }
    run.finish("zero_and_u64_max_amounts_are_refused_and_one_base_unit_moves_exactly_one");

    // One base unit moves exactly one.
    let intake = ext.vault(VaultKind::Intake);
    let before = env.balance(&intake).await;
    deposit(1).send(&mut env).await.expect_ok("deposit 1");
    assert_eq!(env.balance(&intake).await, before + 1);
    let active = ext.position(&mut env, &s.owner.pubkey()).await.active;
    stake(1).send(&mut env).await.expect_ok("stake 1");
    assert_eq!(
        ext.position(&mut env, &s.owner.pubkey()).await.active,
        active + 1
    );
    unstake(1).send(&mut env).await.expect_ok("unstake 1");
    let p = ext.position(&mut env, &s.owner.pubkey()).await;
    assert_eq!((p.active, p.cooling), (active, 1));
}

// attack: claim_rewards, withdraw_unstaked, distribute, sweep_rewards_surplus, sweep_stake_surplus: amounts
// attack: sweep_market: amounts
#[tokio::test]
async fn an_operation_with_nothing_left_to_move_is_refused() {
    use FeeRouterError as E;
    let mut env = TestEnv::start().await;
    let w = World::new(&mut env).await;
    let mut run = Run::new();
    for (name, want) in [
        ("claim_rewards", E::ClaimNothingToClaim),
        ("withdraw_unstaked", E::WithdrawNothingPending),
        ("distribute", E::DistributeNothingToDistribute),
        ("sweep_rewards_surplus", E::SweepNothingToSweep),
        ("sweep_stake_surplus", E::SweepNothingToSweep),
        // The fees swept and the allowance at its cap.
        ("sweep_market", E::MarketNothingToSweep),
    ] {
        honest(&mut env, &w, false, name)
            .await
            .send(&mut env)
            .await
            .expect_ok(name);
        let again = honest(&mut env, &w, false, name).await;
        let watch = run.watch(&mut env, &w, name).await;
        run.refused(
            &mut env,
            name,
            "with nothing left",
            &again,
            Some(code(want)),
            &watch,
        )
        .await;
    }
    run.finish("an_operation_with_nothing_left_to_move_is_refused");
}

// attack: set_split, set_guard_rails, set_staking_params, set_governance_params: amounts
// attack: set_auction_params, set_discount_tiers, set_rebate_limits, set_insurance_params: amounts
// attack: pause, unpause: amounts
#[tokio::test]
async fn parameters_at_zero_or_at_their_types_maximum_are_refused_out_of_bounds() {
    use fee_router::state::GuardRails;
    use FeeRouterError as E;
    let mut env = TestEnv::start().await;
    let w = World::new(&mut env).await;
    let mut run = Run::new();
    let (r, a, g) = (&w.a.ext.router, &w.u.authority, &w.u.guardian);
    let ap = a.pubkey();
    let by = |ix| Case::new(ix, &[a]);
    let gov = GovernanceParams::defaults(6);
    let tiers = DiscountTiers::defaults(6);
    let mut greedy_tier = tiers;
    greedy_tier.tiers[0].rebate_bps = u64::MAX;
    let staking = DEFAULT_STAKING_PARAMS;
    let auction = auction_params();
    let insurance = InsuranceParams::DEFAULT;
    let split = |split| by(ix::set_split(r, &ap, Stage::Early, split));
    let rails = |rails| by(ix::set_guard_rails(r, &ap, rails));
    let stk = |params| by(ix::set_staking_params(r, &ap, params));
    let gp = |params| by(ix::set_governance_params(r, &ap, params));
    let ap_ = |params| by(ix::set_auction_params(r, &ap, params));
    let ins = |params| by(ix::set_insurance_params(r, &ap, params));
    let limits = RebateLimits::DEFAULT;
    let lim = |limits| by(ix::set_rebate_limits(r, &ap, limits));
    let cases = vec![
        (
            "set_split",
            "all zero",
            split(Split::new(0, 0, 0, 0)),
            E::SetterSplitIncomplete,
        ),
        (
            "set_split",
            "u16::MAX",
            split(Split::new(u16::MAX, 0, 0, 0)),
            E::SetterSplitIncomplete,
        ),
        (
            "set_guard_rails",
            "top-up share u64::MAX",
            rails(GuardRails {
                insurance_topup_max_bps: u64::MAX,
                ..DEFAULT_GUARD_RAILS
            }),
            E::SetterGuardRailsOutOfBounds,
        ),
        (
            "set_guard_rails",
            "floor u64::MAX over a cap of 0",
            rails(GuardRails {
                insurance_floor: u64::MAX,
                insurance_cap: 0,
                ..DEFAULT_GUARD_RAILS
            }),
            E::SetterGuardRailsOutOfBounds,
        ),
        (
            "set_staking_params",
            "stream period 0",
            stk(StakingParams {
                stream_period_seconds: 0,
                ..staking
            }),
            E::SetterStakingParamsOutOfBounds,
        ),
        (
            "set_staking_params",
            "stream period u64::MAX",
            stk(StakingParams {
                stream_period_seconds: u64::MAX,
                ..staking
            }),
            E::SetterStakingParamsOutOfBounds,
        ),
        (
            "set_staking_params",
            "cooldown u64::MAX",
            stk(StakingParams {
                cooldown_seconds: u64::MAX,
                ..staking
            }),
            E::SetterStakingParamsOutOfBounds,
        ),
        (
            "set_governance_params",
            "voting period 0",
            gp(GovernanceParams {
                voting_period_seconds: 0,
                ..gov
            }),
            E::SetterGovernanceParamsOutOfBounds,
        ),
        (
            "set_governance_params",
            "timelock u64::MAX",
            gp(GovernanceParams {
                timelock_seconds: u64::MAX,
                ..gov
            }),
            E::SetterGovernanceParamsOutOfBounds,
        ),
        (
            "set_governance_params",
            "grace 0",
            gp(GovernanceParams {
                grace_seconds: 0,
                ..gov
            }),
            E::SetterGovernanceParamsOutOfBounds,
        ),
        (
            "set_governance_params",
            "quorum 0",
            gp(GovernanceParams {
                quorum_bps: 0,
                ..gov
            }),
            E::SetterGovernanceParamsOutOfBounds,
        ),
        (
            "set_governance_params",
            "approval u64::MAX",
            gp(GovernanceParams {
                approval_bps: u64::MAX,
                ..gov
            }),
            E::SetterGovernanceParamsOutOfBounds,
        ),
        (
            "set_auction_params",
            "epoch 0",
            ap_(AuctionParams {
                epoch_seconds: 0,
                ..auction
            }),
            E::SetterAuctionParamsOutOfBounds,
        ),
        (
            "set_auction_params",
            "floor price 0",
            ap_(AuctionParams {
                floor_price: 0,
                ..auction
            }),
            E::SetterAuctionParamsOutOfBounds,
        ),
        (
            "set_auction_params",
            "multiplier u64::MAX",
            ap_(AuctionParams {
                multiplier_bps: u64::MAX,
                ..auction
            }),
            E::SetterAuctionParamsOutOfBounds,
        ),
        (
            "set_discount_tiers",
            "warm-up u64::MAX",
            by(ix::set_discount_tiers(
                r,
                &ap,
                DiscountTiers {
                    warmup_seconds: u64::MAX,
                    ..tiers
                },
            )),
            E::SetterDiscountTiersOutOfBounds,
        ),
        (
            "set_discount_tiers",
            "a tier's share u64::MAX",
            by(ix::set_discount_tiers(r, &ap, greedy_tier)),
            E::SetterDiscountTiersOutOfBounds,
        ),
        (
            "set_rebate_limits",
            "per-report share 0",
            lim(RebateLimits {
                max_report_bps: 0,
                ..limits
            }),
            E::SetterRebateLimitsOutOfBounds,
        ),
        (
            "set_rebate_limits",
            "period share u64::MAX",
            lim(RebateLimits {
                max_period_bps: u64::MAX,
                ..limits
            }),
            E::SetterRebateLimitsOutOfBounds,
        ),
        (
            "set_rebate_limits",
            "period 0",
            lim(RebateLimits {
                period_seconds: 0,
                ..limits
            }),
            E::SetterRebateLimitsOutOfBounds,
        ),
        (
            "set_insurance_params",
            "period 0",
            ins(InsuranceParams {
                period_seconds: 0,
                ..insurance
            }),
            E::SetterInsuranceParamsOutOfBounds,
        ),
        (
            "set_insurance_params",
            "payout share 0",
            ins(InsuranceParams {
                max_payout_bps: 0,
                ..insurance
            }),
            E::SetterInsuranceParamsOutOfBounds,
        ),
        (
            "set_insurance_params",
            "payout share u64::MAX",
            ins(InsuranceParams {
                max_payout_bps: u64::MAX,
                ..insurance
            }),
            E::SetterInsuranceParamsOutOfBounds,
        ),
        (
            "pause",
            "no operation",
            Case::new(ix::pause(r, &g.pubkey(), 0), &[g]),
            E::PauseUnknownOperation,
        ),
        (
            "pause",
            "u32::MAX",
            Case::new(ix::pause(r, &g.pubkey(), u32::MAX), &[g]),
            E::PauseUnknownOperation,
        ),
        (
            "unpause",
            "no operation",
            Case::new(ix::unpause(r, &g.pubkey(), 0), &[g]),
            E::PauseUnknownOperation,
        ),
        (
            "unpause",
            "u32::MAX",
            Case::new(ix::unpause(r, &g.pubkey(), u32::MAX), &[g]),
            E::PauseUnknownOperation,
        ),
    ];
    for (name, what, attack, want) in cases {
        let watch = run.watch(&mut env, &w, name).await;
        run.refused(&mut env, name, what, &attack, Some(code(want)), &watch)
            .await;
    }
    run.finish("parameters_at_zero_or_at_their_types_maximum_are_refused_out_of_bounds");
}

// attack: request_unstake, withdraw_unstaked, cancel_authority_transfer, accept_authority: stale_state
// attack: cancel_unstake: stale_state
// attack: accept_governance_authority, execute_proposal, cancel_proposal: stale_state
// attack: open_market: stale_state
#[tokio::test]
async fn an_instruction_replayed_after_its_state_moved_on_is_refused() {
    use FeeRouterError as E;
    let mut env = TestEnv::start().await;
    let w = World::new(&mut env).await;
    let mut run = Run::new();
    // The second market's opening once the approval moved on to another authority: one
    // approval opens one market, the last approved.
    let name = "open_market";
    let (r, a) = (&w.a.ext.router, &w.u.authority);
    let approve = ix::approve_market(r, &a.pubkey(), w.u.exchange.pubkey());
    env.send_ok(&[approve], &[a], "approve another market")
        .await;
    let stale = honest(&mut env, &w, false, name).await;
    let watch = run.watch(&mut env, &w, name).await;
    let want = Some(code(E::MarketNotApproved));
    run.refused(
        &mut env,
        name,
        "after the approval moved on",
        &stale,
        want,
        &watch,
    )
    .await;
    for (name, want) in [
        ("request_unstake", E::UnstakeRequestPending),
        ("withdraw_unstaked", E::WithdrawNothingPending),
        ("cancel_unstake", E::WithdrawNothingPending),
        ("cancel_authority_transfer", E::AuthorityNoTransferPending),
        ("propose_authority", E::AuthorityNoTransferPending),
        ("accept_authority", E::AuthorityNoTransferPending),
        ("accept_governance_authority", E::AuthorityNoTransferPending),
        ("execute_proposal", E::GovernanceNotPassed),
        ("cancel_proposal", E::GovernanceNotVoting),
    ] {
        honest(&mut env, &w, false, name)
            .await
            .send(&mut env)
            .await
            .expect_ok(name);
        if name == "propose_authority" {
            // Proposed again, for the acceptance that follows: not a replay.
            continue;
        }
        let again = honest(&mut env, &w, false, name).await;
        let watch = run.watch(&mut env, &w, name).await;
        run.refused(&mut env, name, "replayed", &again, Some(code(want)), &watch)
            .await;
    }
    run.finish("an_instruction_replayed_after_its_state_moved_on_is_refused");
}

// attack: open_market, charge_fee, sweep_market: other_router
// attack: charge_fee: wrong_signer
#[tokio::test]
async fn a_market_takes_no_account_of_another_market_trader_or_router() {
    use FeeRouterError as E;
    let mut env = TestEnv::start().await;
    let w = World::new(&mut env).await;
    let mut run = Run::new();
    let (u, ours, theirs) = (&w.u, &w.a.ext, &w.b.ext);

    // An authority approved in the other router is not approved in this one.
    let name = "open_market";
    let outsider = env.funded_user(1).await;
    let approve = ix::approve_market(&theirs.router, &u.authority.pubkey(), outsider.pubkey());
    env.send_ok(&[approve], &[&u.authority], "approve in B")
        .await;
    let watch = run.watch(&mut env, &w, name).await;
    let payer = &u.newcomer;
    let open = ix::open_market(&ours.side(), &payer.pubkey(), &outsider.pubkey());
    let want = Some(code(E::MarketNotApproved));
    let label = "an authority approved in another router";
    run.refused(
        &mut env,
        name,
        label,
        &Case::new(open, &[payer]),
        want,
        &watch,
    )
    .await;

    // The trade: the other router's market with this router's tiers or the trader's position
    // in this router; another trader's position; another key signing as the trader.
    let name = "charge_fee";
    let h = honest(&mut env, &w, false, name).await;
    let hb = honest(&mut env, &w, true, name).await;
    let watch = run.watch(&mut env, &w, name).await;
    let at = |slot| slot_index(&run, name, slot);
    let (fees, token, rebates, position, trader, trader_token) = (
        at("market_fees"),
        at("market_token"),
        at("rebates"),
        at("trader_position"),
        at("trader"),
        at("trader_fee_token"),
    );
    let theirs_at = |slots: &[usize]| {
        let mut attack = h.clone();
        for &i in slots {
            attack.ix.accounts[i].pubkey = hb.ix.accounts[i].pubkey;
        }
        attack
    };
    let (leaver, staker) = (&u.leaver.owner, &u.staker.owner);
    let leaver_position = pda::position(&ours.router, &leaver.pubkey());
    let mut another_position = h.clone();
    another_position.ix.accounts[position].pubkey = leaver_position;
    // The leaver signs as the trader and pays from the staker's account.
    let as_leaver = |own_position: bool| {
        let mut attack = h.clone();
        attack.ix.accounts[trader].pubkey = leaver.pubkey();
        if own_position {
            attack.ix.accounts[position].pubkey = leaver_position;
        }
        attack.signers.retain(|k| k.pubkey() != staker.pubkey());
        attack.signers.push(clone(leaver));
        attack
    };
    assert_eq!(h.ix.accounts[trader_token].pubkey, u.staker.fee_token);
    let cases = [
        (
            "the other router's market (fee and token account), this router's tiers and position",
            theirs_at(&[fees, token]),
            code(E::AccountGovernanceMismatch),
        ),
        (
            "the other router's market and tiers, the trader's position in this router",
            theirs_at(&[fees, token, rebates]),
            code(E::AccountPositionMismatch),
        ),
        (
            "another trader's position",
            another_position,
            code(E::RebatePositionNotTrader),
        ),
        (
            "another key signs as the trader, with the trader's position",
            as_leaver(false),
            code(E::RebatePositionNotTrader),
        ),
        // The token account answers to its owner only: the token program's OwnerMismatch.
        (
            "another key signs as the trader, with its own position",
            as_leaver(true),
            "4".to_owned(),
        ),
    ];
    for (label, attack, want) in cases {
        run.refused(&mut env, name, label, &attack, Some(want), &watch)
            .await;
    }

    // Another market of the same router: its token account, its fee account.
    honest(&mut env, &w, false, "open_market")
        .await
        .send(&mut env)
        .await
        .expect_ok("open the second market");
    let other = pda::market_fees(&ours.router, &u.market2.pubkey());
    let other_token = pda::market_token(&other);
    let watch = run.watch(&mut env, &w, name).await;
    let swap = |slots: &[(usize, Pubkey)], from: &Case| {
        let mut attack = from.clone();
        for &(i, key) in slots {
            attack.ix.accounts[i].pubkey = key;
        }
        attack
    };
    let cases = [
        (
            "another market's token account",
            swap(&[(token, other_token)], &h),
            E::MarketAccountMismatch,
        ),
        (
            "another market's fee account",
            swap(&[(fees, other)], &h),
            E::MarketAuthorityRequired,
        ),
        (
            "another market's fee and token accounts",
            swap(&[(fees, other), (token, other_token)], &h),
            E::MarketAuthorityRequired,
        ),
    ];
    for (label, attack, want) in cases {
        run.refused(&mut env, name, label, &attack, Some(code(want)), &watch)
            .await;
    }

    // The sweep: another market's token account under this market's fee account, and the
    // other router's market swept into this router's vaults.
    let name = "sweep_market";
    let h = honest(&mut env, &w, false, name).await;
    let hb = honest(&mut env, &w, true, name).await;
    let watch = run.watch(&mut env, &w, name).await;
    let at = |slot| slot_index(&run, name, slot);
    let (router, fees, token) = (at("router"), at("market_fees"), at("market_token"));
    let theirs = |i: usize| (i, hb.ix.accounts[i].pubkey);
    let cases = [
        (
            "another market's token account",
            swap(&[(token, other_token)], &h),
            E::MarketAccountMismatch,
        ),
        (
            "another market's fee account",
            swap(&[(fees, other)], &h),
            E::MarketAccountMismatch,
        ),
        (
            "the other router's market into this router's vaults",
            swap(&[theirs(router), theirs(fees), theirs(token)], &h),
            E::AccountVaultMismatch,
        ),
    ];
    for (label, attack, want) in cases {
        run.refused(&mut env, name, label, &attack, Some(code(want)), &watch)
            .await;
    }
    run.finish("a_market_takes_no_account_of_another_market_trader_or_router");
}

// attack: charge_fee, sweep_market: amounts
#[tokio::test]
async fn a_fee_of_zero_moves_nothing_u64_max_is_refused_one_unit_moves_one_and_any_cap_is_safe() {
    use fee_router::state::MarketFees;
    use FeeRouterError as E;
    let mut env = TestEnv::start().await;
    let w = World::new(&mut env).await;
    let mut run = Run::new();
    let (u, ext) = (&w.u, &w.a.ext);
    let (st, m, a) = (&u.staker, &u.market, &u.authority);
    let market = pda::market_fees(&ext.router, &m.pubkey());
    let token = pda::market_token(&market);
    let discount = ext.vault(VaultKind::Discount);
    let charge = |fee| {
        let ix = ix::charge_fee(
            &ext.side(),
            &m.pubkey(),
            &st.owner.pubkey(),
            &st.fee_token,
            true,
            fee,
        );
        Case::new(ix, &[m, &st.owner])
    };
    let sweep = Case::new(ix::sweep_market(&ext.side(), &m.pubkey()), &[]);
    let cap = |cap| {
        Case::new(
            ix::set_market_allowance_cap(&ext.router, &a.pubkey(), cap),
            &[a],
        )
    };

    // Nobody holds u64::MAX, whatever the discount: the token program's InsufficientFunds.
    let name = "charge_fee";
    let watch = run.watch(&mut env, &w, name).await;
    let short = Some("1".to_owned());
    run.refused(&mut env, name, "u64::MAX", &charge(u64::MAX), short, &watch)
        .await;

    // Zero: the trade goes on (it never fails for its fee) and moves nothing; one trade more.
    let keys = [st.fee_token, token, discount];
    let before: MarketFees = env.anchor_account(&market).await;
    let held = balances(&mut env, &keys).await;
    charge(0).send(&mut env).await.expect_ok("a fee of 0");
    let after: MarketFees = env.anchor_account(&market).await;
    assert_eq!(balances(&mut env, &keys).await, held);
    assert_eq!(after.totals.trades, before.totals.trades + 1);
    assert_eq!(
        (after.allowance, after.pending, after.totals.charged),
        (before.allowance, before.pending, before.totals.charged)
    );
    // One unit moves exactly one (its discount floors to nothing).
    charge(1).send(&mut env).await.expect_ok("a fee of 1");
    let one: MarketFees = env.anchor_account(&market).await;
    assert_eq!(env.balance(&st.fee_token).await, held[0] - 1);
    assert_eq!(env.balance(&token).await, held[1] + 1);
    assert_eq!(
        (one.pending, one.allowance),
        (after.pending + 1, after.allowance)
    );

    // A cap of u64::MAX funds what the discount vault holds and no more; then there is nothing
    // to sweep.
    cap(u64::MAX).send(&mut env).await.expect_ok("cap u64::MAX");
    let vault = env.balance(&discount).await;
    sweep
        .send(&mut env)
        .await
        .expect_ok("sweep at the cap u64::MAX");
    let s: MarketFees = env.anchor_account(&market).await;
    assert_eq!(env.balance(&discount).await, 0);
    assert_eq!((s.allowance, s.pending), (one.allowance + vault, 0));
    assert_eq!(env.balance(&token).await, s.allowance);
    let name = "sweep_market";
    let watch = run.watch(&mut env, &w, name).await;
    let want = Some(code(E::MarketNothingToSweep));
    let label = "the discount vault emptied into the allowance";
    run.refused(&mut env, name, label, &sweep, want, &watch)
        .await;
    // A cap of 0 funds nothing more and sends the allowance back; the fees are still swept.
    cap(0).send(&mut env).await.expect_ok("cap 0");
    charge(1_000).send(&mut env).await.expect_ok("a trade");
    let left = env.anchor_account::<MarketFees>(&market).await.allowance;
    sweep.send(&mut env).await.expect_ok("sweep at the cap 0");
    let z: MarketFees = env.anchor_account(&market).await;
    assert_eq!((z.pending, z.allowance), (0, 0));
    assert_eq!(
        z.totals.funded.get(),
        s.totals.funded.get() - u128::from(left)
    );
    run.finish(
        "a_fee_of_zero_moves_nothing_u64_max_is_refused_one_unit_moves_one_and_any_cap_is_safe",
    );
}

async fn balances(env: &mut TestEnv, keys: &[Pubkey]) -> Vec<u64> {
    let mut out = vec![];
    for k in keys {
        out.push(env.balance(k).await);
    }
    out
}
