// The generated client against the local node: a router created, fees deposited and
// distributed by the seed's Early split, a position opened and staked, the router handed to
// its governance, a proposal created and voted on, the vote changed (and changed back), an
// unstake request taken back with cancel_unstake. Every account type the program has is
// fetched and decoded through the client, and every transaction's events are decoded from its
// logs, with the amounts asserted to the base unit.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import {
  address,
  fetchEncodedAccount,
  getAddressEncoder,
  getProgramDerivedAddress,
  type Address,
} from '@solana/kit';

import {
  fetchAuction,
  fetchGovernance,
  fetchInsuranceFund,
  fetchProposal,
  fetchRebates,
  fetchRouter,
  fetchRouterFromSeeds,
  fetchStakePosition,
  fetchVoteRecord,
  findPositionPda,
  findProposalPda,
  findRouterAccounts,
  findRouterAddress,
  findVoteRecordPda,
  getAcceptGovernanceAuthorityInstruction,
  getAuctionSize,
  getCancelUnstakeInstruction,
  getCastVoteInstruction,
  getChangeVoteInstruction,
  getCreateProposalInstruction,
  getDepositFeesInstruction,
  getDistributeInstruction,
  getGovernanceSize,
  getInitializeRouterInstructionAsync,
  getInsuranceFundSize,
  getOpenPositionInstructionAsync,
  getProposeAuthorityInstruction,
  getRebatesSize,
  getRequestUnstakeInstruction,
  getRouterSize,
  getStakeInstruction,
  getStakePositionSize,
  identifyFeeRouterAccount,
  FeeRouterAccount,
  parseFeeRouterEvents,
  ProposalState,
  Stage,
  Vote,
  type FeeRouterEvent,
  type RouterAccounts,
} from '../src/index';
import { Localnet, type User } from './localnet';

const FEE_UNIT = 1_000_000n; // 6 decimals
const PROTOCOL_UNIT = 1_000_000_000n; // 9 decimals
const DEFAULT_ADDRESS = address('11111111111111111111111111111111');
const TOKEN_PROGRAM_ADDRESS = address('TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA');
const ASSOCIATED_TOKEN_PROGRAM_ADDRESS = address('ATokenGPvbdGVxr1b2hvZbsiqW5xWH25efTNsLJA8knL');

/** The associated token account of `owner` for an SPL Token `mint`. */
async function associatedTokenAccount(owner: Address, mint: Address): Promise<Address> {
  const encoder = getAddressEncoder();
  const [ata] = await getProgramDerivedAddress({
    programAddress: ASSOCIATED_TOKEN_PROGRAM_ADDRESS,
    seeds: [encoder.encode(owner), encoder.encode(TOKEN_PROGRAM_ADDRESS), encoder.encode(mint)],
  });
  return ata;
}

type EventData<N extends FeeRouterEvent['name']> = Extract<FeeRouterEvent, { name: N }>['data'];

/** The one event of `name` in `events`. */
function only<N extends FeeRouterEvent['name']>(events: FeeRouterEvent[], name: N): EventData<N> {
  const found = events.filter((e): e is Extract<FeeRouterEvent, { name: N }> => e.name === name);
  assert.equal(found.length, 1, `one ${name} event in ${JSON.stringify(events.map((e) => e.name))}`);
  return found[0]!.data as unknown as EventData<N>;
}

describe('the generated client drives a router on the local node', () => {
  let node: Localnet;
  let user: User;
  let feeMint: Address;
  let protocolMint: Address;
  let feeToken: Address;
  let protocolToken: Address;
  let router: Address;
  let accounts: RouterAccounts;
  let position: Address;
  let proposal: Address;
  let voteRecord: Address;
  const events: Record<string, FeeRouterEvent[]> = {};
  const deposit = 10n * FEE_UNIT;
  const staked = 2_000n * PROTOCOL_UNIT;

  before(async () => {
    node = await Localnet.start(1);
    user = node.users[0]!;
    feeMint = address(node.tool(user, 'mint', '--decimals', '6'));
    protocolMint = address(node.tool(user, 'mint', '--decimals', '9'));
    feeToken = address(
      node.tool(user, 'fund', '--mint', feeMint, '--owner', user.address, '--amount', `${100n * FEE_UNIT}`),
    );
    protocolToken = address(
      node.tool(
        user,
        'fund',
        '--mint',
        protocolMint,
        '--owner',
        user.address,
        '--amount',
        `${5_000n * PROTOCOL_UNIT}`,
      ),
    );
    assert.equal(
      feeToken,
      await associatedTokenAccount(user.address, feeMint),
      'the helper funds the associated token account',
    );
  });

  after(async () => {
    await node?.stop();
  });

  it('creates a router with initialize_router; its PDAs are where the client derives them', async () => {
    const ix = await getInitializeRouterInstructionAsync({
      creator: user.signer,
      feeMint,
      protocolMint,
      feeTokenProgram: TOKEN_PROGRAM_ADDRESS,
      protocolTokenProgram: TOKEN_PROGRAM_ADDRESS,
      authority: user.address,
      guardian: user.address,
      acknowledgedFeeMintPowers: 0,
      shortfallAccountArg: DEFAULT_ADDRESS,
    });
    const { logs } = await node.send(user.signer, [ix]);
    events.init = parseFeeRouterEvents(logs);
    router = await findRouterAddress({ creator: user.address, feeMint, protocolMint });
    accounts = await findRouterAccounts(router);
    const created = only(events.init, 'RouterInitialized');
    assert.equal(created.router, router);
    assert.equal(created.creator, user.address);
    assert.equal(created.authority, user.address);
    assert.equal(created.feeMint, feeMint);
    assert.equal(created.protocolMint, protocolMint);
    assert.equal(created.stage, Stage.Early);
    assert.deepEqual(created.vaults, {
      intake: accounts.intakeVault,
      buyback: accounts.buybackVault,
      stakers: accounts.stakersVault,
      insurance: accounts.insuranceVault,
      discount: accounts.discountVault,
      stake: accounts.stakeVault,
    });
    // The seed's Early split: 15% buyback, 30% stakers, 10% insurance, 45% discount.
    assert.deepEqual(created.splits[Stage.Early], {
      buybackBps: 1_500,
      stakersBps: 3_000,
      insuranceBps: 1_000,
      discountBps: 4_500,
    });
    const fromSeeds = await fetchRouterFromSeeds(node.rpc, { creator: user.address, feeMint, protocolMint });
    assert.equal(fromSeeds.address, router);
  });

  it('opens a position and stakes', async () => {
    const open = await getOpenPositionInstructionAsync({ owner: user.signer, router });
    const opened = parseFeeRouterEvents((await node.send(user.signer, [open])).logs);
    [position] = await findPositionPda({ router, owner: user.address });
    assert.deepEqual(only(opened, 'PositionOpened'), { router, owner: user.address, position });
    const stake = getStakeInstruction({
      owner: user.signer,
      router,
      position,
      ownerToken: protocolToken,
      stakeVault: accounts.stakeVault,
      protocolMint,
      protocolTokenProgram: TOKEN_PROGRAM_ADDRESS,
      amount: staked,
    });
    events.stake = parseFeeRouterEvents((await node.send(user.signer, [stake])).logs);
    assert.deepEqual(only(events.stake, 'Staked'), {
      router,
      owner: user.address,
      amount: staked,
      arrived: staked,
      withheld: 0n,
      activeBefore: 0n,
      activeAfter: staked,
      totalActiveAfter: staked,
    });
    assert.equal(await node.balance(accounts.stakeVault), staked);
  });

  it('deposits fees and distributes them by the Early split, to the base unit', async () => {
    const depositIx = getDepositFeesInstruction({
      payer: user.signer,
      router,
      payerToken: feeToken,
      intakeVault: accounts.intakeVault,
      feeMint,
      feeTokenProgram: TOKEN_PROGRAM_ADDRESS,
      amount: deposit,
    });
    events.deposit = parseFeeRouterEvents((await node.send(user.signer, [depositIx])).logs);
    assert.deepEqual(only(events.deposit, 'FeesDeposited'), {
      router,
      payer: user.address,
      amount: deposit,
      arrived: deposit,
      withheld: 0n,
      intakeBefore: 0n,
      intakeAfter: deposit,
    });
    const distribute = getDistributeInstruction({
      router,
      intakeVault: accounts.intakeVault,
      buybackVault: accounts.buybackVault,
      stakersVault: accounts.stakersVault,
      insuranceVault: accounts.insuranceVault,
      discountVault: accounts.discountVault,
      feeMint,
      feeTokenProgram: TOKEN_PROGRAM_ADDRESS,
    });
    events.distribute = parseFeeRouterEvents((await node.send(user.signer, [distribute])).logs);
    const split = [1_500_000n, 3_000_000n, 1_000_000n, 4_500_000n];
    const d = only(events.distribute, 'FeesDistributed');
    assert.equal(d.router, router);
    assert.equal(d.stage, Stage.Early);
    assert.equal(d.input, deposit);
    assert.equal(d.unattributed, 0n);
    assert.deepEqual(d.amounts, split);
    assert.deepEqual(d.credited, split);
    assert.equal(d.remainder, 0n);
    assert.deepEqual(d.redirections, []);
    assert.deepEqual(d.vaultsBefore, [0n, 0n, 0n, 0n]);
    assert.deepEqual(d.vaultsAfter, split);
    assert.equal(d.totalActive, staked);
    const vaults = [accounts.buybackVault, accounts.stakersVault, accounts.insuranceVault, accounts.discountVault];
    assert.deepEqual(await Promise.all(vaults.map((v) => node.balance(v))), split);
    assert.equal(await node.balance(accounts.intakeVault), 0n);
  });

  it('hands the router to its governance: propose_authority, then accept_governance_authority', async () => {
    const propose = getProposeAuthorityInstruction({
      authority: user.signer,
      router,
      governance: accounts.governance,
      proposed: accounts.governance,
    });
    events.proposeAuthority = parseFeeRouterEvents((await node.send(user.signer, [propose])).logs);
    assert.deepEqual(only(events.proposeAuthority, 'AuthorityProposed'), {
      router,
      authority: user.address,
      proposed: accounts.governance,
    });
    const accept = getAcceptGovernanceAuthorityInstruction({ router, governance: accounts.governance });
    events.accept = parseFeeRouterEvents((await node.send(user.signer, [accept])).logs);
    assert.deepEqual(only(events.accept, 'AuthorityAccepted'), {
      router,
      before: user.address,
      after: accounts.governance,
    });
  });

  it('creates a proposal and casts a vote with the stake active before it', async () => {
    // Only stake active strictly before a proposal's creation votes on it.
    node.tool(user, 'time-travel', '--seconds', '10');
    [proposal] = await findProposalPda({ governance: accounts.governance, id: 0 });
    const create = getCreateProposalInstruction({
      proposer: user.signer,
      router,
      governance: accounts.governance,
      position,
      proposal,
      id: 0,
      actions: [{ __kind: 'SetStage', stage: Stage.Growth }],
    });
    events.create = parseFeeRouterEvents((await node.send(user.signer, [create])).logs);
    const created = only(events.create, 'ProposalCreated');
    assert.equal(created.router, router);
    assert.equal(created.proposal, proposal);
    assert.equal(created.id, 0n);
    assert.equal(created.proposer, user.address);
    assert.deepEqual(created.actions, [{ __kind: 'SetStage', stage: Stage.Growth }]);
    assert.equal(created.totalActiveSnapshot, staked);
    // The default rules: 3 days of voting, 2 of timelock, 7 of grace.
    assert.equal(created.executableAt - created.votingEndsAt, 2n * 86_400n);
    assert.equal(created.expiresAt - created.executableAt, 7n * 86_400n);

    [voteRecord] = await findVoteRecordPda({ proposal, voter: user.address });
    const vote = getCastVoteInstruction({
      voter: user.signer,
      proposal,
      position,
      voteRecord,
      vote: Vote.Yes,
    });
    events.vote = parseFeeRouterEvents((await node.send(user.signer, [vote])).logs);
    assert.deepEqual(only(events.vote, 'VoteCast'), {
      router,
      proposal,
      id: 0n,
      voter: user.address,
      vote: Vote.Yes,
      weight: staked,
      yes: staked,
      no: 0n,
      abstain: 0n,
    });
  });

  it('changes a vote while voting is open: change_vote moves its weight, never counts it twice', async () => {
    const change = (to: Vote) =>
      getChangeVoteInstruction({ voter: user.signer, proposal, voteRecord, vote: to });
    events.changeVote = parseFeeRouterEvents((await node.send(user.signer, [change(Vote.No)])).logs);
    assert.deepEqual(only(events.changeVote, 'VoteChanged'), {
      router,
      proposal,
      id: 0n,
      voter: user.address,
      from: Vote.Yes,
      to: Vote.No,
      weight: staked,
      yes: 0n,
      no: staked,
      abstain: 0n,
    });
    const changed = await fetchProposal(node.rpc, proposal);
    assert.deepEqual([changed.data.yes, changed.data.no, changed.data.voters], [0n, staked, 1]);
    assert.equal((await fetchVoteRecord(node.rpc, voteRecord)).data.vote, Vote.No);
    // And back: the record and the tallies follow the latest vote.
    const back = parseFeeRouterEvents((await node.send(user.signer, [change(Vote.Yes)])).logs);
    const v = only(back, 'VoteChanged');
    assert.deepEqual([v.from, v.to, v.yes, v.no], [Vote.No, Vote.Yes, staked, 0n]);
  });

  it('decodes every account type the program has', async () => {
    const r = await fetchRouter(node.rpc, router);
    assert.equal(r.data.authority, accounts.governance);
    assert.equal(r.data.pendingAuthority, DEFAULT_ADDRESS);
    assert.equal(r.data.creator, user.address);
    assert.equal(r.data.stage, Stage.Early);
    assert.equal(r.data.feeDecimals, 6);
    assert.equal(r.data.protocolDecimals, 9);
    assert.equal(r.data.vaults.intake, accounts.intakeVault);
    assert.equal(r.data.totals.deposited.lo, deposit);
    assert.equal(r.data.totals.distributed.lo, deposit);
    assert.deepEqual(
      r.data.totals.routed.map((w) => w.lo),
      [1_500_000n, 3_000_000n, 1_000_000n, 4_500_000n],
    );
    assert.equal(r.data.staking.totalActive, staked);
    assert.equal(r.data.staking.credited.lo, 3_000_000n);

    const g = await fetchGovernance(node.rpc, accounts.governance);
    assert.equal(g.data.router, router);
    assert.equal(g.data.proposalCount, 1n);
    assert.equal(g.data.params.votingPeriodSeconds, 3n * 86_400n);

    const auction = await fetchAuction(node.rpc, accounts.auction);
    assert.equal(auction.data.router, router);
    assert.equal(auction.data.epochId, 0n);

    const rebates = await fetchRebates(node.rpc, accounts.rebates);
    assert.equal(rebates.data.router, router);
    assert.equal(rebates.data.authority, DEFAULT_ADDRESS);

    const fund = await fetchInsuranceFund(node.rpc, accounts.insuranceFund);
    assert.equal(fund.data.router, router);
    assert.equal(fund.data.shortfallAccount, DEFAULT_ADDRESS);

    const p = await fetchStakePosition(node.rpc, position);
    assert.equal(p.data.router, router);
    assert.equal(p.data.owner, user.address);
    assert.equal(p.data.active, staked);
    assert.equal(p.data.cooling, 0n);
    assert.equal(p.data.voteLocked, staked);

    const prop = await fetchProposal(node.rpc, proposal);
    assert.equal(prop.data.id, 0n);
    assert.equal(prop.data.governance, accounts.governance);
    assert.equal(prop.data.state, ProposalState.Voting);
    assert.equal(prop.data.yes, staked);
    assert.equal(prop.data.voters, 1);
    assert.deepEqual(prop.data.actions, [{ __kind: 'SetStage', stage: Stage.Growth }]);

    const v = await fetchVoteRecord(node.rpc, voteRecord);
    assert.equal(v.data.proposal, proposal);
    assert.equal(v.data.voter, user.address);
    assert.equal(v.data.vote, Vote.Yes);
    assert.equal(v.data.weight, staked);

    // The zero-copy accounts decode with the borsh layout Codama gives them: the sizes agree
    // with the accounts the program created, and each is identified by its discriminator.
    const sized: [Address, number, FeeRouterAccount][] = [
      [router, getRouterSize(), FeeRouterAccount.Router],
      [accounts.governance, getGovernanceSize(), FeeRouterAccount.Governance],
      [accounts.auction, getAuctionSize(), FeeRouterAccount.Auction],
      [accounts.rebates, getRebatesSize(), FeeRouterAccount.Rebates],
      [accounts.insuranceFund, getInsuranceFundSize(), FeeRouterAccount.InsuranceFund],
      [position, getStakePositionSize(), FeeRouterAccount.StakePosition],
    ];
    for (const [at, size, kind] of sized) {
      const account = await fetchEncodedAccount(node.rpc, at);
      assert.ok(account.exists);
      assert.equal(account.data.length, size, `${FeeRouterAccount[kind]} size`);
      assert.equal(identifyFeeRouterAccount(account.data), kind);
    }
    for (const [at, kind] of [
      [proposal, FeeRouterAccount.Proposal],
      [voteRecord, FeeRouterAccount.VoteRecord],
    ] as const) {
      const account = await fetchEncodedAccount(node.rpc, at);
      assert.ok(account.exists);
      assert.equal(identifyFeeRouterAccount(account.data), kind);
    }
  });
  it('takes a pending unstake back into active stake: request_unstake, then cancel_unstake', async () => {
    // The stake that voted is locked until voting ends; stake added now is free to cool down.
    const extra = 3n * PROTOCOL_UNIT;
    const stake = getStakeInstruction({
      owner: user.signer,
      router,
      position,
      ownerToken: protocolToken,
      stakeVault: accounts.stakeVault,
      protocolMint,
      protocolTokenProgram: TOKEN_PROGRAM_ADDRESS,
      amount: extra,
    });
    await node.send(user.signer, [stake]);
    const request = getRequestUnstakeInstruction({ owner: user.signer, router, position, amount: extra });
    const requested = only(parseFeeRouterEvents((await node.send(user.signer, [request])).logs), 'UnstakeRequested');
    assert.equal(requested.amount, extra);
    assert.equal(requested.activeAfter, staked);
    const cooling = await fetchStakePosition(node.rpc, position);
    assert.deepEqual([cooling.data.active, cooling.data.cooling], [staked, extra]);

    const cancel = getCancelUnstakeInstruction({ owner: user.signer, router, position });
    events.cancelUnstake = parseFeeRouterEvents((await node.send(user.signer, [cancel])).logs);
    assert.deepEqual(only(events.cancelUnstake, 'UnstakeCancelled'), {
      router,
      owner: user.address,
      amount: extra,
      activeAfter: staked + extra,
      totalActiveAfter: staked + extra,
    });
    const p = await fetchStakePosition(node.rpc, position);
    assert.deepEqual([p.data.active, p.data.cooling], [staked + extra, 0n]);
    assert.equal((await fetchRouter(node.rpc, router)).data.staking.totalCooling, 0n);
  });
});
