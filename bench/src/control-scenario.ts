import { createEmulator } from '@syncemu/core';
import { measure, summarize, type Timing } from './measure.js';
import { formatRatio, formatTime, met, type Row } from './report.js';
import type { Context } from './scenarios.js';

const FIXTURE_SP = '7d3e8c6a-53b4-4f6e-a1a2-0c9b8e7f6d5c';
const BIG_SP = '2f1e0d9c-8b7a-4c6d-9e5f-403122334455';
const JOBS = 10_000;

/** A test's fixture: one service principal, five jobs. */
const FIXTURE = { servicePrincipals: [{ id: FIXTURE_SP, jobs: Array.from({ length: 5 }, (_, i) => ({ id: `fixture-${i}`, templateId: 'scim' })) }] };

/** `runs` timings of `timed`, each after `prepare` (untimed): for work that must start from the same state. */
async function timeEach(runs: number, prepare: () => Promise<unknown>, timed: () => Promise<unknown>): Promise<Timing> {
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    await prepare();
    const started = performance.now();
    await timed();
    samples.push(performance.now() - started);
  }
  return summarize(samples);
}

/**
 * 10. Test control at 10k jobs (issue 13): a whole reset of an emulator holding 10k jobs, against
 * creating a fresh one with the same startup fixture; a reset of one service principal beside
 * 10k jobs of another; a snapshot and a restore of 10k jobs.
 */
export async function controlScenario(ctx: Context): Promise<Row[]> {
  ctx.log('10. reset, snapshot and restore at 10k jobs');
  const runs = ctx.quick ? 5 : 20;
  const emulator = createEmulator({ clock: 'manual', fixture: FIXTURE });
  try {
    await emulator.seed({ servicePrincipals: [{ id: BIG_SP, jobs: Array.from({ length: JOBS }, (_, i) => ({ id: `job-${i}`, templateId: 'scim' })) }] });
    await emulator.snapshot('10k');
    const fresh = (await measure([{ name: 'fresh', async: true, fn: async () => await createEmulator({ fixture: FIXTURE }).close() }], ctx.budgets.normal)).get('fresh')!;
    const restoreTenK = () => emulator.restore('10k');
    const reset = await timeEach(runs, restoreTenK, () => emulator.reset());
    const resetOne = await timeEach(runs, restoreTenK, () => emulator.reset({ servicePrincipalId: FIXTURE_SP }));
    const snapshot = await timeEach(runs, async () => undefined, () => emulator.snapshot('again'));
    const restore = await timeEach(runs, () => emulator.reset(), restoreTenK);
    const baseline = `${formatTime(fresh.median)} fresh`;
    const row = (id: string, scenario: string, timing: Timing, target: string, ok: boolean | undefined, note: string): Row => ({
      id,
      scenario,
      median: formatTime(timing.median),
      p95: formatTime(timing.p95),
      baseline,
      ratio: formatRatio(timing.median / fresh.median),
      target,
      met: ok === undefined ? '—' : met(ok),
      note,
      raw: { product: timing, baseline: fresh, ratio: timing.median / fresh.median },
    });
    return [
      row('control-reset', `10. reset of an emulator holding ${JOBS / 1000}k jobs`, reset, '≤ 5× fresh', reset.median <= 5 * fresh.median,
        `emulator.reset() of an in-memory emulator whose startup fixture is one service principal with 5 jobs, after 10,000 jobs of another were added (restored from a snapshot before each of ${runs} runs, untimed): every table emptied at once, the fixture seeded again. baseline: createEmulator({ fixture }) of the same fixture, then close().`),
      row('control-reset-one', `10. reset of one service principal beside ${JOBS / 1000}k jobs`, resetOne, 'report', undefined,
        `emulator.reset({ servicePrincipalId }) of the fixture's service principal while another holds 10,000 jobs: what a test sharing one server does in its beforeEach.`),
      row('control-snapshot', `10. snapshot of ${JOBS / 1000}k jobs`, snapshot, 'report', undefined, 'emulator.snapshot(name): VACUUM INTO a file of its own (in the temporary folder of an in-memory emulator), replacing the previous one of the name.'),
      row('control-restore', `10. restore of ${JOBS / 1000}k jobs`, restore, 'report', undefined, 'emulator.restore(name) after a reset: ATTACH the snapshot, every table replaced in one transaction (foreign keys off, whole tables).'),
    ];
  } finally {
    await emulator.close();
  }
}
