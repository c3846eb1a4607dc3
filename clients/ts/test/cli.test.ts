// The `fee-router` command line on the local node, read back through the client: a pending
// unstake request taken back with `cancel-unstake` (the position decoded, the event decoded
// from the transaction's logs), and refused in words when nothing is pending.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { after, before, describe, it } from 'node:test';

import { address, type Address, type Signature } from '@solana/kit';

import { fetchStakePosition, findPositionPda, parseFeeRouterEvents } from '../src/index';
import { Localnet, paths, type User } from './localnet';

describe('fee-router cancel-unstake on the local node', () => {
  let node: Localnet;
  let user: User;
  let router: Address;

  /** `fee-router` as `user` against the node; exit status, standard output and error. */
  function cli(...args: string[]): { status: number; stdout: string; stderr: string } {
    try {
      const stdout = execFileSync(
        paths().cli,
        ['--url', node.url, '--keypair', user.keypairPath, ...args],
        { encoding: 'utf8', stdio: 'pipe' },
      );
      return { status: 0, stdout: stdout.trim(), stderr: '' };
    } catch (e) {
      const failed = e as { status: number; stdout: string; stderr: string };
      return { status: failed.status, stdout: failed.stdout.trim(), stderr: failed.stderr.trim() };
    }
  }

  /** The signature a command printed once its transaction was confirmed. */
  function signature(stdout: string): Signature {
    const line = stdout.split('\n').find((l) => l.startsWith('Signature: '));
    assert.ok(line, stdout);
    return line.slice('Signature: '.length) as Signature;
  }

  async function logs(sig: Signature): Promise<readonly string[]> {
    const tx = await node.rpc
      .getTransaction(sig, { commitment: 'confirmed', encoding: 'json', maxSupportedTransactionVersion: 0 })
      .send();
    return tx?.meta?.logMessages ?? [];
  }

  before(async () => {
    node = await Localnet.start(1);
    user = node.users[0]!;
    const feeMint = node.tool(user, 'mint', '--decimals', '6');
    const protocolMint = node.tool(user, 'mint', '--decimals', '9');
    node.tool(user, 'fund', '--mint', protocolMint, '--owner', user.address, '--amount', '5000000000');
    const init = cli('init', '--fee-mint', feeMint, '--protocol-mint', protocolMint);
    assert.equal(init.status, 0, init.stderr);
    const line = init.stdout.split('\n').find((l) => l.startsWith('Router: '));
    assert.ok(line, init.stdout);
    router = address(line.slice('Router: '.length));
  });

  after(async () => {
    await node?.stop();
  });

  it('takes a pending unstake request back into active stake', async () => {
    assert.equal(cli('stake', '--router', router, '--amount', '3').status, 0);
    assert.equal(cli('unstake', '--router', router, '--amount', '1.25').status, 0);
    const [position] = await findPositionPda({ router, owner: user.address });
    const cooling = await fetchStakePosition(node.rpc, position);
    assert.equal(cooling.data.active, 1_750_000_000n);
    assert.equal(cooling.data.cooling, 1_250_000_000n);
    assert.ok(cooling.data.unlockAt > 0n);

    const out = cli('cancel-unstake', '--router', router);
    assert.equal(out.status, 0, out.stderr);
    assert.match(out.stdout, /^Back to active stake: 1\.25$/m);
    const events = parseFeeRouterEvents(await logs(signature(out.stdout)));
    assert.deepEqual(events, [
      {
        name: 'UnstakeCancelled',
        data: {
          router,
          owner: user.address,
          amount: 1_250_000_000n,
          activeAfter: 3_000_000_000n,
          totalActiveAfter: 3_000_000_000n,
        },
      },
    ]);
    const after = await fetchStakePosition(node.rpc, position);
    assert.equal(after.data.active, 3_000_000_000n);
    assert.equal(after.data.cooling, 0n);
    assert.equal(after.data.unlockAt, 0n);
  });

  it('says so when nothing is pending, and sends nothing', async () => {
    const before = await node.rpc.getBalance(user.address).send();
    const out = cli('cancel-unstake', '--router', router);
    assert.equal(out.status, 1);
    assert.match(out.stderr, /no pending unstake request on router .*: nothing to cancel/);
    assert.equal((await node.rpc.getBalance(user.address).send()).value, before.value);
  });

  it('prints JSON with --json: the amount in base units and the signature', async () => {
    assert.equal(cli('--base-units', 'unstake', '--router', router, '--amount', '1').status, 0);
    const out = cli('--json', 'cancel-unstake', '--router', router);
    assert.equal(out.status, 0, out.stderr);
    const printed = JSON.parse(out.stdout) as { amount: number; signature: string };
    assert.equal(printed.amount, 1);
    assert.equal(parseFeeRouterEvents(await logs(printed.signature as Signature))[0]?.name, 'UnstakeCancelled');
  });
});
