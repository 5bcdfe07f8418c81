#!/usr/bin/env node
// Runs every compiled uvu test file: packages/*/dist/test/**/*.test.js, then tests/dist/**/*.test.js.
// `node scripts/run-tests.mjs odata` runs only the files whose path matches "odata".
// Every JSON payload that an emulator in this process answers is checked against the CSDL
// (tests/support/csdl-observer.ts): one that does not conform fails the run.
import { parse } from 'uvu/parse';
import { run } from 'uvu/run';

const only = process.argv[2] ? new RegExp(process.argv[2], 'i') : undefined;
const pattern = /^(packages\/[^/]+\/dist\/test|tests\/dist)\/.*\.test\.js$/;
const { suites } = await parse('.', pattern.source, { ignore: ['^bench', '^data', '^scripts'] });
const chosen = suites.filter((suite) => !only || only.test(suite.name));
if (chosen.length === 0) {
  console.error('run-tests: no test files found; did `tsc -b` run?');
  process.exit(1);
}
// Tests that use a program of the machine: find it, or install Debian's package when that can be done here.
const NEEDS = [
  { tests: /browser/, script: './ensure-chromium.mjs', ensure: 'ensureChromium', env: 'SYNCEMU_CHROMIUM' }, // Chromium for the workbench
  { tests: /postgres|store-contract/, script: './ensure-postgres.mjs', ensure: 'ensurePostgres', env: 'SYNCEMU_PG_BIN' }, // a throwaway PostgreSQL
];
for (const need of NEEDS.filter(({ tests }) => chosen.some((suite) => tests.test(suite.name)))) {
  try {
    process.env[need.env] = (await import(need.script))[need.ensure]();
  } catch (error) {
    console.error(`run-tests: ${error.message}`);
    process.exit(1);
  }
}
// Every JSON payload any in-process emulator answers is checked against the CSDL of its version.
const observer = await import('../tests/dist/support/csdl-observer.js');
await run(chosen, { bail: false });
const violations = observer.violations();
if (violations.length > 0) {
  console.error(`\nCSDL: ${violations.length} kinds of payload that do not conform to Microsoft's CSDL (of ${observer.checkedPayloads()} checked):`);
  for (const v of violations) console.error(`  ${v.message}\n    ${v.count}×, first: ${v.example.slice(0, 300)}`);
  process.exitCode = 1;
} else {
  console.log(`CSDL: every one of the ${observer.checkedPayloads()} JSON payloads answered in process conforms to its version's CSDL.`);
}
