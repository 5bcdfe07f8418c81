/**
 * `pnpm fuzz`: the fuzzing properties of tests/support/robustness-fuzz-properties.ts over many
 * cases: 100,000 through `emulator.handle()` (`FUZZ_CASES`), then 5,000 sent as raw bytes to the
 * HTTP server (`FUZZ_HTTP_CASES`); seed from `FUZZ_SEED`, else a fixed one. Prints how many cases
 * ran, how they were answered, and every distinct failure; exits 1 on any.
 */
import fc from 'fast-check';
import { describeViolation, FuzzHarness, fuzzCase, type Violation } from './support/robustness-fuzz-properties.js';

const total = Number(process.env['FUZZ_CASES'] ?? 100_000);
const httpTotal = Number(process.env['FUZZ_HTTP_CASES'] ?? 5_000);
const seed = Number(process.env['FUZZ_SEED'] ?? 60_606);
const harness = new FuzzHarness();
const failures: Violation[] = [];
const distinct = new Map<string, Violation>();
const started = Date.now();
const step = Math.max(1, Math.floor((total + httpTotal) / 10));

console.log(`syncemu fuzz: ${total} cases through handle() and ${httpTotal} over HTTP, seed ${seed}`);
let over: 'handle' | 'http' = 'handle';
const property = fc.asyncProperty(fuzzCase, async (c) => {
    const violation = await harness.check(c, over);
    if (violation) {
      failures.push(violation);
      // one example per property and status, so a flood of the same bug stays readable
      const key = `${violation.property} ${violation.response?.status ?? ''} ${violation.detail.split('\n')[0]!.slice(0, 80)}`;
      if (!distinct.has(key)) distinct.set(key, violation);
    }
    if (harness.cases % step === 0) console.log(`  ${harness.cases} cases (${over}), ${failures.length} failures, ${((Date.now() - started) / 1000).toFixed(1)} s`);
});
await fc.assert(property, { numRuns: total, seed, endOnFailure: true });
over = 'http';
if (httpTotal > 0) await fc.assert(property, { numRuns: httpTotal, seed: seed + 1, endOnFailure: true });
await harness.close();

const statuses = [...harness.statuses].sort(([a], [b]) => a - b).map(([status, n]) => `${status}: ${n}`).join(', ');
console.log(`cases run: ${harness.cases} (${total} through handle(), ${httpTotal} over HTTP)`);
console.log(`answers: ${statuses}`);
console.log(`failures: ${failures.length} (${distinct.size} distinct)`);
for (const violation of distinct.values()) console.log(`\n- ${describeViolation(violation)}`);
console.log(`time: ${((Date.now() - started) / 1000).toFixed(1)} s`);
process.exitCode = failures.length === 0 && harness.cases === total + httpTotal ? 0 : 1;
