/**
 * One `syncemu serve` shared by a whole suite: 200 tests in 4 files that `node --test` runs in
 * parallel worker processes, each test resetting its own service principal in its beforeEach and
 * then asserting the exact state and journal of that service principal. Any interference between
 * workers (a reset that reached another's jobs, entries or fault rules) fails one of them.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { startServerProcess } from './support/cli-process.js';

const FILES = 4;
const TESTS_PER_FILE = 50;
/** A GUID per test: 0000000f-0000-4000-8000-00000000003c for file 15, test 60. */
const spOf = (file: number, test: number) => `${file.toString(16).padStart(8, '0')}-0000-4000-8000-${test.toString(16).padStart(12, '0')}`;

/** One worker's file: a node:test suite against the server at SYNCEMU_URL. */
function suite(file: number): string {
  return `import { beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
const base = process.env.SYNCEMU_URL;
const call = async (method, path, body) => {
  const res = await fetch(base + path, { method, headers: body === undefined ? {} : { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  return { status: res.status, body: text === '' ? undefined : JSON.parse(text) };
};
for (let i = 0; i < ${TESTS_PER_FILE}; i++) {
  const sp = ${JSON.stringify(spOf(file, 0))}.slice(0, -12) + i.toString(16).padStart(12, '0');
  const jobs = '/v1.0/servicePrincipals/' + sp + '/synchronization/jobs';
  describe('service principal ' + i, () => {
  beforeEach(async () => {
    assert.equal((await call('POST', '/_syncemu/reset', { servicePrincipalId: sp })).status, 204);
  });
  test('test ' + i, async () => {
    // right after the reset: the fixture's one job, nothing of anyone else's
    assert.deepEqual((await call('GET', jobs + '?$select=id')).body.value, [{ id: 'fixture-' + sp }]);
    const created = [];
    for (const templateId of ['scim', 'aws']) created.push((await call('POST', jobs, { templateId })).body.id);
    // a fault bound to this service principal only
    const rule = await call('POST', '/_syncemu/faults', { match: { servicePrincipalId: sp, method: 'DELETE' }, respond: { status: 503 }, times: 1 });
    assert.equal(rule.status, 201);
    assert.equal((await call('DELETE', jobs + '/' + created[0])).status, 503);
    const listed = (await call('GET', jobs + '?$select=id')).body.value.map((job) => job.id).sort();
    assert.deepEqual(listed, [...created, 'fixture-' + sp].sort());
    // the journal of this service principal since its reset: exactly these five requests
    const journal = await call('GET', '/_syncemu/requests?$count=true&$filter=' + encodeURIComponent("servicePrincipalId eq '" + sp + "'"));
    assert.equal(journal.body['@odata.count'], 5);
    assert.deepEqual(journal.body.value.map((entry) => [entry.method, entry.status]), [['GET', 200], ['POST', 201], ['POST', 201], ['DELETE', 503], ['GET', 200]]);
  });
  });
}
`;
}

test('200 tests sharing one server in 4 parallel workers, each resetting its own service principal: no interference', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'syncemu-parallel-'));
  const fixture = { servicePrincipals: Array.from({ length: FILES * TESTS_PER_FILE }, (_, n) => {
    const id = spOf(Math.floor(n / TESTS_PER_FILE), n % TESTS_PER_FILE);
    return { id, jobs: [{ id: `fixture-${id}`, templateId: 'scim' }] };
  }) };
  writeFileSync(join(dir, 'fixture.json'), JSON.stringify(fixture));
  const files = Array.from({ length: FILES }, (_, file) => {
    const path = join(dir, `worker-${file}.test.mjs`);
    writeFileSync(path, suite(file));
    return path;
  });
  const server = await startServerProcess(['--db', ':memory:', '--clock', 'manual', '--seed', join(dir, 'fixture.json')]);
  try {
    const result = await new Promise<{ code: number | null; output: string }>((resolve) => {
      const child = spawn(process.execPath, ['--test', `--test-concurrency=${FILES}`, '--test-reporter=tap', ...files], { env: { ...process.env, SYNCEMU_URL: server.url }, stdio: ['ignore', 'pipe', 'pipe'] });
      let output = '';
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
      child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
      child.on('exit', (code) => resolve({ code, output }));
    });
    assert.is(result.code, 0, result.output.split('\n').filter((line) => /not ok|Error|expected|actual/.test(line)).slice(0, 30).join('\n'));
    assert.match(result.output, new RegExp(`^# pass ${FILES * TESTS_PER_FILE}$`, 'm'));
    assert.match(result.output, /^# fail 0$/m);
  } finally {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});

test.run();
