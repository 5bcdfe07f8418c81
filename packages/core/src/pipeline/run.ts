import type { Reply } from '../http/responses.js';
import type { EmulatorCore } from '../emulator/core.js';
import type { EmulatorParts } from '../handlers/context.js';
import type { AsyncRepositories, RequestPoll } from '@syncemu/store';

/**
 * Stage 5, handle: runs the work that answers a request, with what it needs of the store: reads of
 * jobs in one read transaction with the check for due cycles (leaving it only when a cycle is due,
 * to run the cycles first); everything else after the cycles that fell due (also while the process
 * was down) have completed.
 */
export async function runWork(core: EmulatorCore, work: { readonly readOnly: boolean; run(parts: EmulatorParts): Promise<Reply> }, polled?: RequestPoll): Promise<Reply> {
  const now = core.clock.now();
  const answer = async (db?: AsyncRepositories) => {
    const parts = core.parts(db);
    return work.run('then' in parts ? await parts : parts);
  };
  if (polled) {
    // PostgreSQL: whether a cycle is due was read with the clock; reads run as statements of
    // their own (each sees what was committed when it ran), without a transaction's round trips
    if (polled.due) await core.lifecycle.runDue(now);
    return answer();
  }
  if (work.readOnly) {
    const reply = await core.store.read(async (tx) => {
      if (await core.lifecycle.hasDue(tx, now)) return undefined;
      return answer(tx);
    });
    if (reply) return reply;
  }
  await core.lifecycle.runDue(now);
  return answer();
}
