// The test harness: a `fee-router-localnet` node (surfpool, offline, the built program
// deployed) on free loopback ports, keypair files made by its `keygen`, its token helpers, and
// a small sender that signs with @solana/kit, waits for confirmation and returns the logs.
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';

import {
  appendTransactionMessageInstructions,
  createKeyPairSignerFromBytes,
  createSolanaRpc,
  createTransactionMessage,
  getBase64EncodedWireTransaction,
  getSignatureFromTransaction,
  pipe,
  setTransactionMessageFeePayerSigner,
  setTransactionMessageLifetimeUsingBlockhash,
  signTransactionMessageWithSigners,
  type Address,
  type Instruction,
  type KeyPairSigner,
  type Signature,
} from '@solana/kit';

const ROOT = resolve(import.meta.dirname, '../../..');

/** Where the node binary and the program are: from the environment, as scripts/ts-client.sh sets them. */
export function paths() {
  const localnet =
    process.env.FEE_ROUTER_LOCALNET_BIN ?? join(ROOT, 'e2e/target/debug/fee-router-localnet');
  const program = process.env.FEE_ROUTER_PROGRAM ?? join(ROOT, 'target/deploy/fee_router.so');
  const cli = process.env.FEE_ROUTER_BIN ?? join(ROOT, 'target/debug/fee-router');
  const missing = Object.entries({ localnet, program, cli }).filter(([, path]) => !existsSync(path));
  if (missing.length > 0) {
    throw new Error(
      `not built: ${missing.map(([what, path]) => `${what} at ${path}`).join(', ')}; ` +
        'scripts/e2e.sh builds them (or name them in FEE_ROUTER_LOCALNET_BIN, FEE_ROUTER_PROGRAM, FEE_ROUTER_BIN)',
    );
  }
  return { localnet, program, cli };
}

async function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => done(port));
    });
  });
}

export type User = { signer: KeyPairSigner; keypairPath: string; address: Address };

export class Localnet {
  private constructor(
    readonly url: string,
    readonly rpc: ReturnType<typeof createSolanaRpc>,
    private readonly child: ChildProcess,
    readonly dir: string,
    readonly users: User[],
  ) {}

  /** Starts a node with `count` funded users; resolves once it says `ready`. */
  static async start(count: number): Promise<Localnet> {
    const { localnet, program } = paths();
    const dir = mkdtempSync(join(tmpdir(), 'fee-router-ts-'));
    const users: User[] = [];
    for (let i = 0; i < count; i++) {
      const keypairPath = join(dir, `user${i}.json`);
      execFileSync(localnet, ['keygen', '--outfile', keypairPath]);
      const bytes = new Uint8Array(JSON.parse(readFileSync(keypairPath, 'utf8')));
      const signer = await createKeyPairSignerFromBytes(bytes);
      users.push({ signer, keypairPath, address: signer.address });
    }
    const [rpcPort, wsPort] = [await freePort(), await freePort()];
    const args = ['--rpc-port', `${rpcPort}`, '--ws-port', `${wsPort}`, '--slot-time-ms', '100'];
    args.push('--program', program);
    for (const u of users) args.push('--airdrop', u.address);
    const child = spawn(localnet, args, { stdio: ['ignore', 'pipe', 'ignore'] });
    const lines = createInterface({ input: child.stdout! });
    const url = await new Promise<string>((done, fail) => {
      const timer = setTimeout(() => fail(new Error('the node did not say ready within 90 s')), 90_000);
      child.once('exit', (code) => fail(new Error(`the node exited (${code}) before it was ready`)));
      lines.once('line', (line) => {
        clearTimeout(timer);
        const [word, url] = line.split(/\s+/);
        if (word === 'ready' && url) done(url);
        else fail(new Error(`the node's first line was ${JSON.stringify(line)}`));
      });
    });
    // Keep reading, so the node never meets a closed pipe.
    lines.on('line', () => {});
    return new Localnet(url, createSolanaRpc(url), child, dir, users);
  }

  /** Stops the node (SIGTERM) and removes the keypair files. */
  async stop(): Promise<void> {
    if (this.child.exitCode === null) {
      const exited = new Promise((done) => this.child.once('exit', done));
      this.child.kill('SIGTERM');
      await exited;
    }
    rmSync(this.dir, { recursive: true, force: true });
  }

  /** A `fee-router-localnet` helper (mint, fund, transfer, time-travel) as `user`; its output. */
  tool(user: User, command: string, ...args: string[]): string {
    const { localnet } = paths();
    return execFileSync(
      localnet,
      [command, '--url', this.url, '--keypair', user.keypairPath, ...args],
      { encoding: 'utf8' },
    ).trim();
  }

  /** A token account's balance, in base units. */
  async balance(account: Address): Promise<bigint> {
    const { value } = await this.rpc.getTokenAccountBalance(account).send();
    return BigInt(value.amount);
  }

  /** Signs `instructions` with `payer` (and the signers they name), sends, waits for
   *  confirmation; returns the signature and the transaction's logs. */
  async send(
    payer: KeyPairSigner,
    instructions: Instruction[],
  ): Promise<{ signature: Signature; logs: readonly string[] }> {
    const { value: blockhash } = await this.rpc.getLatestBlockhash({ commitment: 'confirmed' }).send();
    const message = pipe(
      createTransactionMessage({ version: 0 }),
      (m) => setTransactionMessageFeePayerSigner(payer, m),
      (m) => setTransactionMessageLifetimeUsingBlockhash(blockhash, m),
      (m) => appendTransactionMessageInstructions(instructions, m),
    );
    const transaction = await signTransactionMessageWithSigners(message);
    const signature = getSignatureFromTransaction(transaction);
    await this.rpc
      .sendTransaction(getBase64EncodedWireTransaction(transaction), {
        encoding: 'base64',
        preflightCommitment: 'confirmed',
      })
      .send();
    const started = Date.now();
    for (;;) {
      const { value } = await this.rpc.getSignatureStatuses([signature]).send();
      const status = value[0];
      if (status?.err) throw new Error(`${signature} failed: ${JSON.stringify(status.err)}`);
      if (status?.confirmationStatus === 'confirmed' || status?.confirmationStatus === 'finalized') break;
      if (Date.now() - started > 30_000) throw new Error(`${signature} not confirmed within 30 s`);
      await new Promise((done) => setTimeout(done, 100));
    }
    const tx = await this.rpc
      .getTransaction(signature, {
        commitment: 'confirmed',
        encoding: 'json',
        maxSupportedTransactionVersion: 0,
      })
      .send();
    return { signature, logs: tx?.meta?.logMessages ?? [] };
  }
}
