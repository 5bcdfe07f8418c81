/**
 * Many servers, one emulator (issue 16, decisions.md §13): `syncemu serve --db postgres://…`
 * processes over one throwaway PostgreSQL 15 database. Writes through one are seen by the others
 * at once; concurrent creates through both all land, each once; one manual clock moved through any
 * server is every server's, and each due cycle runs exactly once (the timelines equal those of a
 * single SQLite emulator driven the same way); fault rules and snapshots are shared; a server
 * killed with SIGKILL under writes loses no acknowledged write.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { createEmulator } from '@syncemu/core';
import { startServerProcess, type ServerProcess } from './support/cli-process.js';
import { createDatabase, startPostgres, type Postgres } from './support/postgres.js';

const SP = '6f2d1c9e-4b3a-4c1e-9d2f-8a7b6c5d4e31';
const START = '2030-01-01T00:00:00Z';
const JOBS = `/v1.0/servicePrincipals/${SP}/synchronization/jobs`;

let postgres: Postgres | undefined;
let databases = 0;

/** A database of its own on the throwaway PostgreSQL, as a URL. */
async function newDatabase(): Promise<string> {
  postgres ??= await startPostgres();
  return createDatabase(postgres, `multi_${++databases}`);
}

interface Reply {
  readonly status: number;
  readonly body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

async function call(server: ServerProcess, method: string, path: string, body?: unknown): Promise<Reply> {
  const res = await fetch(`${server.url}${path}`, {
    method,
    headers: { accept: 'application/json', ...(body !== undefined && { 'content-type': 'application/json' }) },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, body: text === '' ? undefined : JSON.parse(text) };
}

/** Every job id, through `server`, page by page. */
async function allIds(server: ServerProcess): Promise<string[]> {
  const ids: string[] = [];
  let path: string | undefined = `${JOBS}?$select=id&$top=500`;
  while (path !== undefined) {
    const page = await call(server, 'GET', path);
    assert.is(page.status, 200);
    ids.push(...(page.body.value as { id: string }[]).map((job) => job.id));
    const next = page.body['@odata.nextLink'] as string | undefined;
    path = next === undefined ? undefined : next.slice(next.indexOf('/v1.0/'));
  }
  return ids;
}

const serve = (url: string, ...more: string[]) => startServerProcess(['--db', url, '--clock', 'manual', '--clock-start', START, ...more]);

const multi = suite<{ servers: ServerProcess[] }>('PostgreSQL: many servers, one emulator');
multi.before.each((context) => {
  context.servers = [];
});
multi.after.each(async ({ servers }) => {
  await Promise.all(servers.map((server) => server.stop()));
});
multi.after(async () => {
  await postgres?.stop();
});

multi('two servers migrate one new database together; concurrent creates through both all land, once each, and each sees the other\'s writes at once', async ({ servers }) => {
  const url = await newDatabase();
  servers.push(...(await Promise.all([serve(url), serve(url)])));
  const [a, b] = servers as [ServerProcess, ServerProcess];
  const created = await Promise.all(Array.from({ length: 40 }, (_, i) => call(i % 2 ? a : b, 'POST', JOBS, { templateId: i % 3 ? 'scim' : 'aws' })));
  assert.equal(created.map((reply) => reply.status), Array(40).fill(201));
  const ids = created.map((reply) => reply.body.id as string);
  assert.is(new Set(ids).size, 40, 'every create made a job of its own');
  assert.equal((await allIds(a)).sort(), [...ids].sort());
  assert.equal((await allIds(b)).sort(), [...ids].sort());
  assert.is((await call(b, 'GET', `${JOBS}?$count=true&$top=0`)).body['@odata.count'], 40);
  // read your write across servers: written through one, read at once through the other
  for (let i = 0; i < 10; i++) {
    const [writer, reader] = i % 2 ? [a, b] : [b, a];
    const job = await call(writer, 'POST', JOBS, { templateId: 'scim' });
    assert.is((await call(reader, 'GET', `${JOBS}/${job.body.id}`)).status, 200);
    assert.is((await call(reader, 'PATCH', `${JOBS}/${job.body.id}`, { schedule: { interval: 'PT5H' } })).status, 204);
    assert.is((await call(writer, 'GET', `${JOBS}/${job.body.id}?$select=schedule`)).body.schedule.interval, 'PT5H');
    assert.is((await call(reader, 'DELETE', `${JOBS}/${job.body.id}`)).status, 204);
    assert.is((await call(writer, 'GET', `${JOBS}/${job.body.id}`)).status, 404);
  }
  // a third server started later finds the same emulator
  const c = await serve(url);
  servers.push(c);
  assert.equal((await allIds(c)).sort(), [...ids].sort());
});

/** The shape of a timeline's events (what a cycle did, when), without ids. */
function shapeOf(timeline: { value: { kind: string; at: string; detail?: unknown }[] }): string[] {
  return timeline.value.map((event) => `${event.at} ${event.kind} ${JSON.stringify(event.detail ?? null)}`);
}

multi('one manual clock: moved through either server (even both at once), it is every server\'s, and each due cycle runs once, as on one SQLite emulator', async ({ servers }) => {
  const url = await newDatabase();
  servers.push(...(await Promise.all([serve(url), serve(url)])));
  const [a, b] = servers as [ServerProcess, ServerProcess];
  // the same steps on one in-process SQLite emulator: the reference
  const reference = await createEmulator({ clock: { kind: 'manual', start: START } }).ready;
  const local = async (method: string, path: string, body?: unknown) => {
    const res = await reference.fetch(`https://graph.microsoft.com${path}`, { method, ...(body !== undefined && { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }) });
    const text = await res.text();
    return { status: res.status, body: text === '' ? undefined : JSON.parse(text) };
  };
  try {
    const plan = { outcomes: [{ result: 'failed', error: { code: 'CredentialsInvalid', message: 'bad token', tenantActionable: true } }, { result: 'succeeded', counts: { countExported: 3 } }] };
    const pairs: [string, string][] = [];
    for (let i = 0; i < 3; i++) {
      const remote = await call(a, 'POST', JOBS, { templateId: 'scim', schedule: { interval: `PT${20 * (i + 1)}M` } });
      const mine = await local('POST', JOBS, { templateId: 'scim', schedule: { interval: `PT${20 * (i + 1)}M` } });
      pairs.push([remote.body.id, mine.body.id]);
      assert.is((await call(b, 'POST', `${JOBS}/${remote.body.id}/start`)).status, 204);
      assert.is((await local('POST', `${JOBS}/${mine.body.id}/start`)).status, 204);
      if (i === 0) {
        assert.is((await call(b, 'PUT', `/_syncemu/servicePrincipals/${SP}/jobs/${remote.body.id}/plan`, plan)).status, 204);
        assert.is((await local('PUT', `/_syncemu/servicePrincipals/${SP}/jobs/${mine.body.id}/plan`, plan)).status, 204);
      }
    }
    // through b: a sees the same instant and the cycles b ran
    const advanced = await call(b, 'POST', '/_syncemu/clock/advance', { duration: 'PT3H' });
    await reference.clock.advance('PT3H');
    assert.is(advanced.status, 200);
    assert.ok(advanced.body.cyclesRun > 0, 'cycles ran');
    const seen = await call(a, 'GET', '/_syncemu/clock');
    assert.is(seen.body.now, '2030-01-01T03:00:00.000Z');
    assert.is(seen.body.cyclesCompleted, (await local('GET', '/_syncemu/clock')).body.cyclesCompleted);
    // both servers set the clock to one instant at once, while both answer reads: each cycle still once
    const target = '2030-01-02T00:00:00Z';
    const racing = await Promise.all([
      call(a, 'POST', '/_syncemu/clock/set', { now: target }),
      call(b, 'POST', '/_syncemu/clock/set', { now: target }),
      ...pairs.flatMap(([remote]) => [call(a, 'GET', `${JOBS}/${remote}`), call(b, 'GET', `${JOBS}/${remote}`)]),
    ]);
    assert.equal(racing.map((reply) => reply.status), Array(racing.length).fill(200));
    await reference.clock.set(target);
    const [clockA, clockB] = await Promise.all([call(a, 'GET', '/_syncemu/clock'), call(b, 'GET', '/_syncemu/clock')]);
    assert.is(clockA.body.now, '2030-01-02T00:00:00.000Z');
    assert.is(clockB.body.now, clockA.body.now);
    assert.is(clockA.body.cyclesCompleted, clockB.body.cyclesCompleted);
    // however the cycles were shared among the calls (a request that finds one due runs it), every
    // server together ran as many as one SQLite emulator did: each once
    const referenceClock = await local('GET', '/_syncemu/clock');
    assert.is(clockA.body.cyclesCompleted, referenceClock.body.cyclesCompleted, 'each cycle once, among all servers');
    assert.ok(racing[0]!.body.cyclesRun + racing[1]!.body.cyclesRun <= clockA.body.cyclesCompleted - advanced.body.cyclesRun);
    for (const [remote, mine] of pairs) {
      const [ta, tb, tr] = await Promise.all([
        call(a, 'GET', `/_syncemu/servicePrincipals/${SP}/jobs/${remote}/timeline`),
        call(b, 'GET', `/_syncemu/servicePrincipals/${SP}/jobs/${remote}/timeline`),
        local('GET', `/_syncemu/servicePrincipals/${SP}/jobs/${mine}/timeline`),
      ]);
      assert.equal(shapeOf(ta.body), shapeOf(tr.body), `job ${remote}: the cycles of one SQLite emulator`);
      assert.equal(shapeOf(tb.body), shapeOf(ta.body));
      const [ja, jr] = await Promise.all([call(b, 'GET', `${JOBS}/${remote}`), local('GET', `${JOBS}/${mine}`)]);
      assert.equal({ ...ja.body.status, lastExecution: null, lastSuccessfulExecution: null, lastSuccessfulExecutionWithExports: null }, { ...jr.body.status, lastExecution: null, lastSuccessfulExecution: null, lastSuccessfulExecutionWithExports: null });
      assert.is(ja.body.status.lastExecution?.timeEnded, jr.body.status.lastExecution?.timeEnded);
    }
    // the clock never goes back through either server
    const back = await call(a, 'POST', '/_syncemu/clock/set', { now: '2030-01-01T12:00:00Z' });
    assert.is(back.status, 400);
    assert.match(back.body.error.message, /cannot go backwards/);
  } finally {
    await reference.close();
  }
});

multi('the clock moved through both servers at once counts every move, and a server starting meanwhile moves it back never', async ({ servers }) => {
  const url = await newDatabase();
  servers.push(...(await Promise.all([serve(url), serve(url)])));
  const [a, b] = servers as [ServerProcess, ServerProcess];
  const starting = serve(url); // with --clock-start too: the first server's record stands
  const moves = await Promise.all(Array.from({ length: 20 }, (_, i) => call(i % 2 ? a : b, 'POST', '/_syncemu/clock/advance', { duration: 'PT1M' })));
  servers.push(await starting);
  assert.equal(moves.map((reply) => reply.status), Array(20).fill(200));
  for (const server of servers) assert.is((await call(server, 'GET', '/_syncemu/clock')).body.now, '2030-01-01T00:20:00.000Z');
});

multi('a tenant a fixture sets through one server names the jobs the other creates from then on', async ({ servers }) => {
  const url = await newDatabase();
  const b = await serve(url);
  servers.push(b);
  const before = await call(b, 'POST', JOBS, { templateId: 'scim' });
  assert.match(before.body.id, /^scim\.5c1b2e3f8a7d4f609b1e2d4c6a8e0f13\./, 'the default tenant');
  const fixture = join(mkdtempSync(join(tmpdir(), 'syncemu-multi-')), 'tenant.json');
  writeFileSync(fixture, JSON.stringify({ tenantId: '0B5E2F0E-1C5A-4C7B-8A0E-1F2D3C4B5A69', servicePrincipals: [{ id: SP, jobs: [] }] }));
  servers.push(await serve(url, '--seed', fixture));
  const after = await call(b, 'POST', JOBS, { templateId: 'scim' });
  assert.match(after.body.id, /^scim\.0b5e2f0e1c5a4c7b8a0e1f2d3c4b5a69\./, 'the tenant the other server seeded');
});

multi('fault rules and snapshots are the emulator\'s: a rule added through one answers requests to both, `times` counted across them; a snapshot taken through one is restored through the other', async ({ servers }) => {
  const url = await newDatabase();
  servers.push(...(await Promise.all([serve(url), serve(url)])));
  const [a, b] = servers as [ServerProcess, ServerProcess];
  const job = await call(a, 'POST', JOBS, { templateId: 'scim' });
  const rule = await call(a, 'POST', '/_syncemu/faults', { match: { method: 'GET', path: '/servicePrincipals/*/synchronization/jobs' }, respond: { status: 429, retryAfterSeconds: 7 }, times: 3 });
  assert.is(rule.status, 201);
  assert.equal((await call(b, 'GET', '/_syncemu/faults')).body.value.map((r: { id: string }) => r.id), [rule.body.id]);
  const answers = await Promise.all(Array.from({ length: 10 }, (_, i) => call(i % 2 ? a : b, 'GET', JOBS)));
  assert.is(answers.filter((reply) => reply.status === 429).length, 3, 'three of ten, across both servers');
  assert.is(answers.filter((reply) => reply.status === 200).length, 7);
  assert.is((await call(a, 'GET', `/_syncemu/faults/${rule.body.id}`)).body.remaining, 0);
  assert.is((await call(b, 'DELETE', `/_syncemu/faults/${rule.body.id}`)).status, 204);
  assert.equal((await call(a, 'GET', '/_syncemu/faults')).body.value, []);

  assert.is((await call(a, 'POST', '/_syncemu/snapshots', { name: 'before' })).status, 201);
  assert.is((await call(b, 'DELETE', `${JOBS}/${job.body.id}`)).status, 204);
  assert.is((await call(b, 'POST', '/_syncemu/clock/advance', { duration: 'P1D' })).status, 200);
  assert.equal((await call(b, 'GET', '/_syncemu/snapshots')).body.value.map((s: { name: string; jobs: number }) => [s.name, s.jobs]), [['before', 1]]);
  assert.is((await call(b, 'POST', '/_syncemu/snapshots/before/restore')).status, 204);
  assert.is((await call(a, 'GET', `${JOBS}/${job.body.id}`)).status, 200);
  assert.is((await call(a, 'GET', '/_syncemu/clock')).body.now, '2030-01-01T00:00:00.000Z');
  // a reset through one: the state and the clock as at start, for both
  await call(b, 'POST', '/_syncemu/clock/advance', { duration: 'PT1H' });
  assert.is((await call(a, 'POST', '/_syncemu/reset')).status, 204);
  assert.equal(await allIds(b), []);
  assert.is((await call(b, 'GET', '/_syncemu/clock')).body.now, '2030-01-01T00:00:00.000Z');
  assert.equal((await call(b, 'GET', '/_syncemu/snapshots')).body.value.length, 1, 'a reset keeps snapshots');
});

multi('a server killed with SIGKILL while it writes loses no acknowledged write; the other keeps answering, and a new one starts on the same database', async ({ servers }) => {
  const url = await newDatabase();
  servers.push(...(await Promise.all([serve(url), serve(url)])));
  const [a, b] = servers as [ServerProcess, ServerProcess];
  const acknowledged = new Set<string>();
  let failed = 0;
  let stop = false;
  // eight writers on a: creates, each acknowledged (201) only after its transaction committed
  const writers = Array.from({ length: 8 }, async () => {
    while (!stop) {
      try {
        const reply = await call(a, 'POST', JOBS, { templateId: 'scim', schedule: { interval: 'PT40M' } });
        if (reply.status === 201) acknowledged.add(reply.body.id);
        else failed++;
      } catch {
        failed++; // the connection died with the server
        return;
      }
    }
  });
  // meanwhile b writes too (starts the jobs it can see)
  const other = (async () => {
    let started = 0;
    while (!stop) {
      const [id] = [...acknowledged].slice(-1);
      if (id !== undefined && (await call(b, 'POST', `${JOBS}/${id}/start`)).status === 204) started++;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    return started;
  })();
  while (acknowledged.size < 150) await new Promise((resolve) => setTimeout(resolve, 10));
  a.child.kill('SIGKILL');
  await Promise.all(writers);
  stop = true;
  assert.ok((await other) > 0, 'b wrote meanwhile');
  assert.ok(failed > 0, 'some writes were in flight when a died');
  const stored = new Set(await allIds(b));
  const lost = [...acknowledged].filter((id) => !stored.has(id));
  assert.equal(lost, [], 'every acknowledged create is stored');
  // whatever was stored is whole (a create is one transaction): every job reads back complete
  for (const id of [...stored].slice(0, 50)) {
    const job = await call(b, 'GET', `${JOBS}/${id}`);
    assert.is(job.status, 200);
    assert.is(job.body.schedule.interval, 'PT40M');
  }
  const c = await serve(url);
  servers.push(c);
  assert.is((await call(c, 'GET', `${JOBS}?$count=true&$top=0`)).body['@odata.count'], stored.size);
  assert.is((await call(c, 'POST', JOBS, { templateId: 'aws' })).status, 201);
});

multi.run();
