/**
 * Regressions from a review of the body budget, parseExpression and the UTC times: each test
 * pinned one defect (all fixed since).
 * - ByteBudget / readBody: a client whose whole body arrived while it waited for the budget, and
 *   that then went away, leaves its serve() pending forever and its bytes never given back.
 * - parseExpression: a result longer than V8's maximum string is a RangeError → HTTP 500.
 * - parseExpression: repeatsARepetition lets an alternation under a star through ((a|a)*b), whose
 *   backtracking is exponential and blocks the whole process.
 * - utcDateTimeOffset: instants outside 0001-01-01Z..9999-12-31Z are accepted and served with a year
 *   0000 or with their offset; the same instant is served differently depending on how it was written.
 */
import { spawn } from 'node:child_process';
import { connect, type Socket } from 'node:net';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createEmulator } from '@syncemu/core';
import { SP, START, withEmulator } from './support/lifecycle-support.js';

const MiB = 1024 * 1024;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// ---- http-server.ts: ByteBudget / readBody ---------------------------------------------------------

test('a client that sent its whole body while waiting for the body budget and then closed gives its bytes back', async () => {
  const emulator = await createEmulator({ clock: { kind: 'manual', start: START } });
  const server = await emulator.listen({ port: 0 });
  const path = `/v1.0/servicePrincipals/${SP}/synchronization/jobs`;
  const head = (length: number) => `POST ${path} HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: ${length}\r\n\r\n`;
  const sockets: Socket[] = [];
  const open = (text: string) => {
    const socket = connect(server.port, '127.0.0.1');
    socket.on('error', () => {});
    let answer = '';
    socket.on('data', (data: Buffer) => (answer += data.toString('latin1')));
    socket.write(text);
    sockets.push(socket);
    return { socket, answer: () => answer };
  };
  try {
    // 128 clients declare 1 MiB each and send nothing yet: the whole 128 MiB budget is taken.
    let holders = Array.from({ length: 128 }, () => open(head(MiB)));
    await sleep(150);
    // This one sends a complete small body, waits its turn for the budget, and goes away.
    const body = '{"templateId":"scim"}';
    const gone = open(head(body.length) + body);
    await sleep(100);
    gone.socket.destroy();
    await sleep(100);
    for (const holder of holders) holder.socket.destroy();
    await sleep(200);
    // With every byte given back, 128 clients of 1 MiB fit again: the last of them is answered.
    holders = Array.from({ length: 127 }, () => open(head(MiB)));
    await sleep(150);
    const full = `{"templateId":"scim","x":"${'a'.repeat(MiB - 28)}"}`;
    assert.is(Buffer.byteLength(full), MiB);
    const last = open(head(MiB) + full);
    for (let waited = 0; waited < 1500 && last.answer() === ''; waited += 50) await sleep(50);
    assert.match(last.answer(), /^HTTP\/1\.1 \d{3} /, 'the 128th 1 MiB request was never answered: budget leaked by the closed client');
  } finally {
    for (const socket of sockets) socket.destroy();
    await server.close();
    await emulator.close();
  }
});

// ---- expression.ts ---------------------------------------------------------------------------------

test('parseExpression: a result too long for a string is answered in-band, not as a 500', async () => {
  await withEmulator(async (_emulator, api) => {
    const thousand = 'a'.repeat(1000);
    // "a" → 1,000 characters → 1,000,000 → 1,000,000,000 (more than V8's longest string)
    const expression = `Replace(Replace(Replace("a", "a", , , "${thousand}", , ), "a", , , "${thousand}", , ), "a", , , "${thousand}", , )`;
    const reply = await api.graph('POST', '/templates/scim/schema/parseExpression', { expression, testInputObject: { properties: [] } });
    assert.ok(reply.status < 500, `HTTP ${reply.status}: ${reply.text.slice(0, 200)}`);
    assert.is(reply.status, 200, reply.text.slice(0, 200));
    assert.is(reply.body.evaluationSucceeded, false);
    assert.is(reply.body.error.code, 'EvaluationFailed');
  });
});

test('parseExpression: a regexPattern with an overlapping alternation under a star ((a|a)*b) does not block the process', async () => {
  const core = import.meta.resolve('@syncemu/core');
  const script = `
    import { createEmulator } from ${JSON.stringify(core)};
    const emulator = await createEmulator({ clock: { kind: 'manual', start: '2030-01-01T00:00:00.000Z' } });
    const response = await emulator.fetch('https://graph.microsoft.com/v1.0/servicePrincipals/${SP}/synchronization/templates/scim/schema/parseExpression', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ expression: 'Replace([x], , "(a|a)*b", , "y", , )', testInputObject: { properties: [{ key: 'x', value: 'a'.repeat(40) }] } }),
    });
    process.stdout.write(String(response.status));
    await emulator.close();
  `;
  const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'ignore'] });
  let out = '';
  child.stdout.on('data', (data: Buffer) => (out += data.toString()));
  const finished = await new Promise<boolean>((resolve) => {
    const timer = setTimeout(() => resolve(false), 2000);
    child.on('exit', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
  if (!finished) child.kill('SIGKILL');
  assert.ok(finished, 'the evaluation was still running after 2 s (exponential backtracking; 2^40 steps)');
  assert.is(out, '200');
});

// ---- value-checker.ts / job-document.ts: Edm.DateTimeOffset ----------------------------------------

test('schedule.expiration: an instant outside 0001-01-01Z..9999-12-31Z is refused (400), never served with year 0000 or an offset', async () => {
  await withEmulator(async (_emulator, api) => {
    const id = await api.createJob('scim');
    for (const expiration of ['0001-01-01T00:00:00+01:00', '9999-12-31T23:00:00-12:00', '0000-06-01T00:00:00Z']) {
      const reply = await api.graph('PATCH', `/jobs/${id}`, { schedule: { expiration } });
      if (reply.status === 400) continue;
      assert.is(reply.status, 204, reply.text);
      const served = (await api.job(id)).schedule.expiration as string;
      assert.match(served, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/, `${expiration} was served as ${served}`);
      const year = Number(served.slice(0, 4));
      assert.ok(year >= 1 && year <= 9999, `${expiration} was served as ${served}`);
    }
  });
});

test('schedule.expiration: one instant is served the same however its zone was written (seconds omitted)', async () => {
  await withEmulator(async (_emulator, api) => {
    const id = await api.createJob('scim');
    const served: string[] = [];
    for (const expiration of ['2031-01-01T00:00+00:00', '2031-01-01T00:00Z', '2031-01-01T01:00+01:00']) {
      const reply = await api.graph('PATCH', `/jobs/${id}`, { schedule: { expiration } });
      assert.is(reply.status, 204, reply.text);
      served.push((await api.job(id)).schedule.expiration as string);
    }
    assert.equal(served, ['2031-01-01T00:00:00Z', '2031-01-01T00:00:00Z', '2031-01-01T00:00:00Z']);
  });
});

test.run();
