/**
 * One seeding of scenario 12 in a process of its own (its peak memory its own):
 * `node ingest-child.js stream|whole FIXTURE DATABASE`. `stream`: emulator.seedFile(FIXTURE), what
 * `syncemu seed` and `serve --seed` do; `whole`: the file read and JSON.parse-d at once, then
 * emulator.seed(value), as a fixture given in process is. Prints one JSON line: milliseconds, jobs
 * seeded, and the process's peak resident set (VmHWM).
 */
import { readFileSync } from 'node:fs';
import { createEmulator } from '@syncemu/core';

const [mode, fixture, database] = process.argv.slice(2) as ['stream' | 'whole', string, string];
const emulator = createEmulator({ database, clock: { kind: 'manual', start: '2026-01-05T00:00:00Z' } });
const started = performance.now();
const summary = mode === 'stream' ? await emulator.seedFile(fixture) : await emulator.seed(JSON.parse(readFileSync(fixture, 'utf8')));
const ms = performance.now() - started;
await emulator.close();
const peak = Number(/^VmHWM:\s+(\d+) kB/m.exec(readFileSync('/proc/self/status', 'utf8'))?.[1] ?? NaN) * 1024;
process.stdout.write(`${JSON.stringify({ ms, jobs: summary.jobs, peak })}\n`);
