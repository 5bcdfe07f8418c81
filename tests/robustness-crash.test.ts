import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServerProcess, type ServerProcess } from './support/cli-process.js';
import { integrityCheck } from './support/robustness-sqlite.js';
import { http } from './support/robustness-http.js';

/**
 * Crash durability (issue 6): `syncemu serve` on a file database, several clients streaming
 * creates, patches and deletes at it, SIGKILL at a seeded random moment, restart, check. Every
 * write that was answered must be there (every answered delete gone); a write that was not
 * answered is there whole or not at all; the file passes `PRAGMA integrity_check`.
 */
const ROUNDS = Number(process.env['SYNCEMU_CRASH_ROUNDS'] ?? 20);
const CLIENTS = 4;
const SEED = 0x5eed;

/** mulberry32: a small seeded generator, so every run kills at the same moments. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** What the clients know of one job. */
interface KnownJob {
  readonly sp: string;
  readonly id: string;
  /** The stamp of the last answered write (create or patch): interval PT{stamp}M and setting Stamp={stamp}. */
  stamp: number;
  /** A write sent whose answer never came: it may or may not have happened. */
  pending?: { kind: 'patch'; stamp: number } | { kind: 'delete' };
  deleted: boolean;
}

/** A create sent whose answer never came: found afterwards (by its marker) or not at all. */
interface PendingCreate {
  readonly sp: string;
  readonly marker: string;
  readonly stamp: number;
}

const spOf = (client: number) => `c7a5e1d0-0000-4000-8000-00000000000${client}`;
const jobsUrl = (base: string, sp: string) => `${base}/v1.0/servicePrincipals/${sp}/synchronization/jobs`;
const json = { 'content-type': 'application/json' };

interface Tally {
  /** Called after every answered write (the round uses it to pick its moment to kill). */
  onAnswered?: () => void;
  writesAnswered: number;
  writesUnanswered: number;
  jobsChecked: number;
  unansweredFoundApplied: number;
}

class Client {
  private nextStamp: number;
  private creates = 0;
  readonly jobs: KnownJob[] = [];
  pendingCreate: PendingCreate | undefined;

  constructor(
    readonly index: number,
    private readonly rng: () => number,
  ) {
    this.nextStamp = 1 + index * 1_000_000;
  }

  get sp(): string {
    return spOf(this.index);
  }

  /** Sends writes one after another until one fails (the server died). */
  async stream(base: string, tally: Tally): Promise<void> {
    for (;;) {
      const live = this.jobs.filter((job) => !job.deleted);
      const roll = this.rng();
      const stamp = this.nextStamp++;
      try {
        if (live.length < 3 || roll < 0.4) {
          const marker = `c${this.index}-${++this.creates}`;
          this.pendingCreate = { sp: this.sp, marker, stamp };
          const res = await http(jobsUrl(base, this.sp), {
            method: 'POST',
            headers: json,
            body: JSON.stringify({ templateId: 'scim', schedule: { interval: `PT${stamp}M` }, synchronizationJobSettings: [{ name: 'Stamp', value: String(stamp) }, { name: 'Create', value: marker }] }),
          });
          assert.is(res.status, 201, res.text);
          const body = res.json<{ id: string }>();
          this.pendingCreate = undefined;
          this.jobs.push({ sp: this.sp, id: body.id, stamp, deleted: false });
        } else {
          const job = live[Math.floor(this.rng() * live.length)]!;
          if (roll < 0.8) {
            job.pending = { kind: 'patch', stamp };
            const res = await http(`${jobsUrl(base, this.sp)}/${encodeURIComponent(job.id)}`, {
              method: 'PATCH',
              headers: json,
              body: JSON.stringify({ schedule: { interval: `PT${stamp}M` }, synchronizationJobSettings: [{ name: 'Stamp', value: String(stamp) }] }),
            });
            assert.is(res.status, 204, res.text);
            job.stamp = stamp;
          } else {
            job.pending = { kind: 'delete' };
            const res = await http(`${jobsUrl(base, this.sp)}/${encodeURIComponent(job.id)}`, { method: 'DELETE' });
            assert.is(res.status, 204, res.text);
            job.deleted = true;
          }
          delete job.pending;
        }
        tally.writesAnswered++;
        tally.onAnswered?.();
      } catch (error) {
        if (error instanceof assert.Assertion) throw error;
        tally.writesUnanswered++;
        return; // the server is gone: what was in flight stays pending
      }
    }
  }

  /** Compares what the restarted server has with what this client was told. */
  async verify(base: string, tally: Tally): Promise<void> {
    const found = new Map<string, { interval: string; settings: { name: string; value: string | null }[]; body: Record<string, unknown> }>();
    let url: string | undefined = `${jobsUrl(base, this.sp)}?$select=id,templateId,schedule,status,synchronizationJobSettings`;
    while (url) {
      const res = await http(url, { headers: { prefer: 'odata.maxpagesize=999' } });
      assert.is(res.status, 200);
      const page = res.json() as { value: Record<string, unknown>[]; '@odata.nextLink'?: string };
      for (const job of page.value) {
        // a job is whole: every property a job has, of the right shape
        const schedule = job['schedule'] as { interval?: unknown; state?: unknown } | undefined;
        const status = job['status'] as { code?: unknown } | undefined;
        const settings = job['synchronizationJobSettings'];
        assert.type(job['id'], 'string');
        assert.is(job['templateId'], 'scim');
        assert.type(schedule?.interval, 'string');
        assert.is(schedule?.state, 'Disabled');
        assert.is(status?.code, 'Paused');
        assert.ok(Array.isArray(settings), 'synchronizationJobSettings');
        found.set(job['id'] as string, { interval: schedule!.interval as string, settings: settings as { name: string; value: string | null }[], body: job });
      }
      url = page['@odata.nextLink'];
    }
    const stampOf = (id: string) => {
      const job = found.get(id)!;
      const setting = job.settings.find((pair) => pair.name === 'Stamp')?.value;
      // a PATCH's two fields, both applied or neither
      assert.is(job.interval, `PT${setting}M`, `job ${id}: interval and Stamp setting disagree (a half-applied write)`);
      return Number(setting);
    };
    for (const job of this.jobs) {
      if (job.deleted) {
        assert.not.ok(found.has(job.id), `job ${job.id}: its delete was answered, yet it is back`);
        continue;
      }
      if (!found.has(job.id)) {
        assert.is(job.pending?.kind, 'delete', `job ${job.id}: its create was answered, yet it is gone`);
        job.deleted = true;
        tally.unansweredFoundApplied++;
        delete job.pending;
        continue;
      }
      const stamp = stampOf(job.id);
      tally.jobsChecked++;
      if (job.pending?.kind === 'patch' && stamp === job.pending.stamp) {
        job.stamp = stamp;
        tally.unansweredFoundApplied++;
      }
      assert.is(stamp, job.stamp, `job ${job.id}: holds write ${stamp}, but the last answered one was ${job.stamp}`);
      delete job.pending;
      found.delete(job.id);
    }
    // What is left must be the one create that was not answered, whole.
    if (this.pendingCreate) {
      const marker = this.pendingCreate.marker;
      const match = [...found].find(([, job]) => job.settings.some((pair) => pair.name === 'Create' && pair.value === marker));
      if (match) {
        assert.is(stampOf(match[0]), this.pendingCreate.stamp);
        this.jobs.push({ sp: this.sp, id: match[0], stamp: this.pendingCreate.stamp, deleted: false });
        found.delete(match[0]);
        tally.unansweredFoundApplied++;
        tally.jobsChecked++;
      }
      this.pendingCreate = undefined;
    }
    assert.equal([...found.keys()], [], 'jobs nobody created (or created twice)');
  }
}

test(`${ROUNDS} rounds of SIGKILL under concurrent writes: answered writes survive, unanswered ones are whole or absent, the file is intact`, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'syncemu-crash-'));
  const db = join(dir, 'crash.sqlite');
  const rng = random(SEED);
  const clients = Array.from({ length: CLIENTS }, (_, i) => new Client(i, random(SEED + i + 1)));
  const tally: Tally = { writesAnswered: 0, writesUnanswered: 0, jobsChecked: 0, unansweredFoundApplied: 0 };
  let server: ServerProcess | undefined;
  try {
    for (let round = 0; round <= ROUNDS; round++) {
      server = await startServerProcess(['--db', db]);
      for (const client of clients) await client.verify(server.url, tally);
      if (round === ROUNDS) break;
      // The moment to kill: after a seeded number of answered writes (so a slow machine still
      // writes before each kill), plus a seeded few milliseconds so the kill lands anywhere in a request.
      const target = 10 + Math.floor(rng() * 50);
      const extraMs = Math.floor(rng() * 15);
      let answered = 0;
      const reached = new Promise<void>((resolve) => {
        tally.onAnswered = () => {
          if (++answered === target) resolve();
        };
      });
      const running = clients.map((client) => client.stream(server!.url, tally));
      await Promise.race([reached, new Promise((resolve) => setTimeout(resolve, 5000))]);
      await new Promise((resolve) => setTimeout(resolve, extraMs));
      delete tally.onAnswered;
      const code = await server.stop('SIGKILL');
      assert.is(code, null, 'the server exited on its own');
      server = undefined;
      await Promise.all(running);
      assert.is(integrityCheck(db), 'ok', `round ${round}: integrity_check`);
    }
    assert.is(integrityCheck(db), 'ok');
  } finally {
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  console.log(
    `  crash: ${ROUNDS} kills survived, ${tally.writesAnswered} answered writes and ${tally.writesUnanswered} unanswered ones, ` +
      `${tally.jobsChecked} job states checked, ${tally.unansweredFoundApplied} unanswered writes found applied (whole)`,
  );
  assert.ok(tally.writesAnswered >= ROUNDS * 10, `only ${tally.writesAnswered} writes were answered: the clients hardly wrote`);
  assert.ok(tally.writesUnanswered >= ROUNDS, 'no write was cut off by a kill');
});

test.run();
