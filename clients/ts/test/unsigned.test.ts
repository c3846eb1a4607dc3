// `fee-router ... --unsigned --format squads|realms`, read by the libraries the importers are
// built on: @sqds/multisig (with @solana/web3.js, as the Squads app reads a base58 message and
// wraps it in a vault transaction) and @solana/spl-governance (as Realms reads a custom
// instruction). Offline: printing an unsigned setter reads nothing from a cluster.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { describe, it } from 'node:test';

import * as multisig from '@sqds/multisig';
import { getInstructionDataFromBase64, serializeInstructionToBase64 } from '@solana/spl-governance';
import {
  Keypair,
  PublicKey,
  TransactionInstruction,
  TransactionMessage,
  VersionedMessage,
} from '@solana/web3.js';

import { getBase58Encoder } from '@solana/kit';

import { FEE_ROUTER_PROGRAM_ADDRESS } from '../src/index';
import { paths } from './localnet';

type JsonInstruction = {
  program_id: string;
  accounts: { pubkey: string; is_signer: boolean; is_writable: boolean }[];
  data: string;
};

/** `set-split` on `router` for `authority`, printed unsigned in `format`. */
function setSplit(router: PublicKey, authority: PublicKey, format: 'json' | 'squads' | 'realms'): string {
  return execFileSync(
    paths().cli,
    [
      'set-split',
      '--router',
      router.toBase58(),
      '--authority',
      authority.toBase58(),
      '--unsigned',
      '--format',
      format,
      '--stage',
      'growth',
      '--buyback',
      '5000',
      '--stakers',
      '2000',
      '--insurance',
      '1000',
      '--discount',
      '2000',
    ],
    { encoding: 'utf8' },
  ).trim();
}

describe('--unsigned formats, read by the importers own libraries', () => {
  const router = Keypair.generate().publicKey;

  it('squads: @sqds/multisig wraps the base58 message in a vault transaction, the vault its only signer', () => {
    const createKey = Keypair.generate().publicKey;
    const [multisigPda] = multisig.getMultisigPda({ createKey });
    const [vault] = multisig.getVaultPda({ multisigPda, index: 0 });
    const [expected] = JSON.parse(setSplit(router, vault, 'json')) as JsonInstruction[];

    const printed = setSplit(router, vault, 'squads');
    const message = VersionedMessage.deserialize(Uint8Array.from(getBase58Encoder().encode(printed)));
    assert.equal(message.version, 'legacy', 'a legacy message: Squads refuses lookup tables');
    assert.equal(message.header.numRequiredSignatures, 1);
    assert.ok(message.staticAccountKeys[0]!.equals(vault), 'the vault pays the fee');

    const decompiled = TransactionMessage.decompile(message);
    assert.ok(decompiled.payerKey.equals(vault));
    assert.equal(decompiled.instructions.length, 1);
    const ix = decompiled.instructions[0]!;
    assert.equal(ix.programId.toBase58(), FEE_ROUTER_PROGRAM_ADDRESS);
    assert.equal(Buffer.from(ix.data).toString('base64'), expected!.data);
    assert.deepEqual(
      ix.keys.map((k) => ({ pubkey: k.pubkey.toBase58(), is_signer: k.isSigner, is_writable: k.isWritable })),
      expected!.accounts.map((a) => ({ ...a, is_writable: a.is_writable || a.pubkey === vault.toBase58() })),
    );

    // What `vaultTransactionCreate` stores: Squads' own compact message, vault first and alone
    // among the signers.
    const bytes = multisig.utils.transactionMessageToMultisigTransactionMessageBytes({
      message: decompiled,
      addressLookupTableAccounts: [],
      vaultPda: vault,
    });
    const [stored] = multisig.types.transactionMessageBeet.deserialize(Buffer.from(bytes));
    assert.equal(stored.numSigners, 1);
    assert.ok(stored.accountKeys[0]!.equals(vault));
    assert.equal(stored.addressTableLookups.length, 0);
    assert.equal(stored.instructions.length, 1);
    assert.equal(Buffer.from(stored.instructions[0]!.data).toString('base64'), expected!.data);
    const create = multisig.instructions.vaultTransactionCreate({
      multisigPda,
      transactionIndex: 1n,
      creator: Keypair.generate().publicKey,
      vaultIndex: 0,
      ephemeralSigners: 0,
      transactionMessage: decompiled,
    });
    assert.ok(create.programId.equals(multisig.PROGRAM_ID));
  });

  it('realms: @solana/spl-governance reads each line as the instruction, byte for byte', () => {
    const governance = Keypair.generate().publicKey;
    const expected = JSON.parse(setSplit(router, governance, 'json')) as JsonInstruction[];
    const lines = setSplit(router, governance, 'realms').split('\n');
    assert.equal(lines.length, expected.length);
    lines.forEach((line, i) => {
      const data = getInstructionDataFromBase64(line);
      assert.equal(data.programId.toBase58(), expected[i]!.program_id);
      assert.deepEqual(
        data.accounts.map((a) => ({ pubkey: a.pubkey.toBase58(), is_signer: a.isSigner, is_writable: a.isWritable })),
        expected[i]!.accounts,
      );
      assert.equal(Buffer.from(data.data).toString('base64'), expected[i]!.data);
      // Realms' own serializer writes the same bytes for the same instruction.
      const again = serializeInstructionToBase64(
        new TransactionInstruction({
          programId: data.programId,
          keys: data.accounts.map((a) => ({ pubkey: a.pubkey, isSigner: a.isSigner, isWritable: a.isWritable })),
          data: Buffer.from(data.data),
        }),
      );
      assert.equal(again, line);
    });
  });
});
