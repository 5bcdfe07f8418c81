/**
 * One measurement of scenario 11 in a process of its own (so its peak memory is its own):
 * `node cycles-child.js DATABASE DURATION START`. Warms the JIT on a small in-memory emulator,
 * opens DATABASE (a copy of a data set of running jobs) on a manual clock at START, advances the
 * clock by DURATION, and prints one JSON line: milliseconds, cycles completed, resident set
 * before and its peak during the advance.
 */
import { readFileSync } from 'node:fs';
import { createEmulator, type Emulator } from '@syncemu/core';

const [database, duration, start] = process.argv.slice(2) as [string, string, string];

function memory(): { rss: number; hwm: number } {
  const status = readFileSync('/proc/self/status', 'utf8');
  const kib = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN) * 1024;
  return { rss: kib('VmRSS'), hwm: kib('VmHWM') };
}

/** The clock moved as a test over HTTP moves it: `POST /_syncemu/clock/advance`. @returns the cycles that ran. */
async function advance(emulator: Emulator, duration: string): Promise<number> {
  const response = await emulator.fetch('http://127.0.0.1/_syncemu/clock/advance', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ duration }) });
  if (response.status !== 200) throw new Error(`advance: ${response.status} ${await response.text()}`);
  return ((await response.json()) as { cyclesRun: number }).cyclesRun;
}

// the same code warmed up as a long-running process would have it
const warm = createEmulator({ clock: { kind: 'manual', start } });
await warm.seed({ servicePrincipals: [{ id: '0a0a0a0a-0000-4000-8000-000000000000', jobs: Array.from({ length: 500 }, (_, i) => ({ id: `warm-${i}`, templateId: 'scim', schedule: { state: 'Active' } })) }] });
await advance(warm, 'P2D');
await warm.close();

const emulator = createEmulator({ database, clock: { kind: 'manual', start } });
(globalThis as { gc?: () => void }).gc?.();
const before = memory();
const started = performance.now();
const cycles = await advance(emulator, duration);
const ms = performance.now() - started;
const after = memory();
await emulator.close();
process.stdout.write(`${JSON.stringify({ ms, cycles, rssBefore: before.rss, peak: after.hwm })}\n`);
