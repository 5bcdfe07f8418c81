// Recipe: one emulator served by two processes over one PostgreSQL database (a shared staging
// emulator, CI runners on several machines): what one server writes the other answers at once, and
// one manual clock moved through either is both servers'. Needs a PostgreSQL 15+ database the user
// may create tables in, named by SYNCEMU_PG_URL (postgres://user:password@host:5432/db); without
// one the recipe is skipped. Run: `SYNCEMU_PG_URL=… node --test`. (CI runs this file as it is,
// against a throwaway PostgreSQL: scripts/check-packages.mjs.)
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createEmulator } from '@syncemu/core';

const url = process.env.SYNCEMU_PG_URL;
const SP = '0b0c0d0e-1111-4222-8333-444455556666';

/** `npx syncemu serve --db <url> …` on a free port; resolves with its base URL once it listens. */
function serve(...args) {
  // a process group of its own: npx runs the server as a child, and stopping means stopping both
  const child = spawn('npx', ['syncemu', 'serve', '--db', url, '--port', '0', ...args], { stdio: ['ignore', 'pipe', 'inherit'], detached: true });
  const exited = new Promise((done) => child.once('exit', done));
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
      const found = /syncemu listening on (\S+)/.exec(out)?.[1];
      if (found) {
        resolve({
          url: found,
          stop: async () => {
            process.kill(-child.pid, 'SIGTERM');
            await exited;
            child.stdout.destroy();
          },
        });
      }
    });
    exited.then((code) => reject(new Error(`syncemu serve exited with ${code}: ${out}`)));
  });
}

describe('two servers, one emulator (PostgreSQL)', { skip: url === undefined && 'SYNCEMU_PG_URL is not set' }, () => {
  let a;
  let b;
  const jobs = (server) => `${server.url}/v1.0/servicePrincipals/${SP}/synchronization/jobs`;
  const json = async (response) => ({ status: response.status, body: await response.json() });

  before(async () => {
    // the two start together: the database is migrated once
    [a, b] = await Promise.all([serve('--clock', 'manual', '--clock-start', '2030-01-01T00:00:00Z'), serve('--clock', 'manual')]);
  });
  after(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
  });

  test('a job created through one server is read, started and listed through the other', async () => {
    const created = await json(await fetch(jobs(a), { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"templateId":"scim"}' }));
    assert.equal(created.status, 201);
    assert.equal((await fetch(`${jobs(b)}/${created.body.id}/start`, { method: 'POST' })).status, 204);
    const listed = await json(await fetch(`${jobs(a)}?$filter=${encodeURIComponent(`id eq '${created.body.id}'`)}&$select=id,schedule`));
    assert.deepEqual(listed.body.value, [{ id: created.body.id, schedule: { ...listed.body.value[0].schedule, state: 'Active' } }]);
  });

  test('the manual clock moved through one server is the other\'s, and the cycles it ran are seen there', async () => {
    const moved = await json(await fetch(`${b.url}/_syncemu/clock/advance`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"duration":"PT2H"}' }));
    assert.equal(moved.status, 200);
    const seen = await json(await fetch(`${a.url}/_syncemu/clock`));
    assert.equal(seen.body.now, moved.body.now);
    assert.equal(seen.body.cyclesCompleted, moved.body.cyclesCompleted);
    assert.ok(seen.body.cyclesCompleted > 0);
  });

  test('in process too: createEmulator({ database }) is the same emulator', async () => {
    const emulator = await createEmulator({ database: url, clock: 'manual' }).ready;
    try {
      const listed = await (await emulator.fetch(`https://graph.microsoft.com/v1.0/servicePrincipals/${SP}/synchronization/jobs?$count=true&$top=0`)).json();
      assert.ok(listed['@odata.count'] >= 1);
    } finally {
      await emulator.close();
    }
  });
});
