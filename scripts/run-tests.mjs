#!/usr/bin/env node
// Runs every compiled uvu test file: packages/*/dist/test/**/*.test.js, then tests/dist/**/*.test.js.
// `node scripts/run-tests.mjs odata` runs only the files whose path matches "odata".
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
await run(chosen, { bail: false });
