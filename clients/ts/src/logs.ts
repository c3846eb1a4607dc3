// Anchor events in a transaction's logs. `emit!` logs `Program data: <base64>`, the event's
// 8-byte discriminator then its fields; only lines logged while fee-router itself is running
// are its events (a program it calls, or one that calls it, may log `Program data:` too).
import { getBase64Encoder, type Address } from '@solana/kit';

import { decodeFeeRouterEvent, type FeeRouterEvent } from './generated/events';
import { FEE_ROUTER_PROGRAM_ADDRESS } from './generated/programs';

const INVOKE = /^Program (\w+) invoke \[\d+\]$/;
const EXIT = /^Program (\w+) (success|failed)/;
const DATA = 'Program data: ';

/**
 * The fee-router events in `logs` (a transaction's `meta.logMessages`), in the order they were
 * emitted. Lines of other programs are skipped; `Program data:` of fee-router that is no known
 * event throws, since it means the client is older than the program.
 */
export function parseFeeRouterEvents(
  logs: readonly string[],
  programAddress: Address = FEE_ROUTER_PROGRAM_ADDRESS,
): FeeRouterEvent[] {
  const stack: string[] = [];
  const events: FeeRouterEvent[] = [];
  const base64 = getBase64Encoder();
  for (const line of logs) {
    const invoke = INVOKE.exec(line);
    if (invoke) {
      stack.push(invoke[1]);
      continue;
    }
    if (EXIT.test(line)) {
      stack.pop();
      continue;
    }
    if (line.startsWith(DATA) && stack[stack.length - 1] === programAddress) {
      const bytes = base64.encode(line.slice(DATA.length));
      const event = decodeFeeRouterEvent(bytes);
      if (event === null) {
        throw new Error(`fee-router logged data that is no event this client knows: ${line}`);
      }
      events.push(event);
    }
  }
  return events;
}
