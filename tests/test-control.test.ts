/**
 * Test control (decisions.md §10), over HTTP (`/_syncemu/…`) and in process: reset (whole, or one
 * service principal), snapshots, the request journal, fault rules, and 404 under `--no-control`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import graph from '@microsoft/microsoft-graph-client';
import { createEmulator, type Emulator, type EmulatorOptions } from '@syncemu/core';
import { graphClient } from '@syncemu/core/testing';
import { Api, assertGraphError, SALESFORCE_ERROR, START } from './support/lifecycle-support.js';

const SP = '6f1c2b3a-4d5e-4f60-8a7b-9c0d1e2f3a4b';
const OTHER = '0f0e0d0c-0b0a-4909-8807-060504030201';
const FIXTURE = {
  servicePrincipals: [
    { id: SP, secrets: [{ key: 'BaseAddress', value: 'https://scim.example' }], jobs: [{ id: 'fixture-scim', templateId: 'scim' }] },
    { id: OTHER, jobs: [{ id: 'fixture-aws', templateId: 'aws' }] },
  ],
};

async function withControlled(body: (emulator: Emulator, api: Api, other: Api) => Promise<void>, options: EmulatorOptions = {}): Promise<void> {
  const emulator = createEmulator({ clock: { kind: 'manual', start: START }, fixture: FIXTURE, ...options });
  try {
    const fetchFn = (input: string, init?: RequestInit) => emulator.fetch(input, init);
    await body(emulator, new Api(fetchFn, 'https://graph.microsoft.com', SP), new Api(fetchFn, 'https://graph.microsoft.com', OTHER));
  } finally {
    await emulator.close();
  }
}

const jobIds = async (api: Api): Promise<string[]> => ((await api.graph('GET', '/jobs?$select=id')).body.value as { id: string }[]).map((job) => job.id).sort();

test('POST /_syncemu/reset: the startup fixture again, a manual clock at its start, journal and fault rules empty, snapshots kept', async () => {
  await withControlled(async (emulator, api, other) => {
    const created = await api.createJob('aws');
    await api.act(created, 'start');
    await api.graph('PUT', '/secrets', { value: [{ key: 'SecretToken', value: 'x' }] });
    await other.graph('DELETE', '/jobs/fixture-aws');
    await api.advance('PT2H');
    assert.is((await api.control('POST', '/snapshots', { name: 'kept' })).status, 201);
    assert.is((await api.control('POST', '/faults', { match: { method: 'DELETE' }, respond: { status: 503 } })).status, 201);
    assert.equal(await jobIds(api), [created, 'fixture-scim'].sort());

    const reset = await api.control('POST', '/reset');
    assert.is(reset.status, 204, reset.text);
    assert.equal(await jobIds(api), ['fixture-scim']);
    assert.equal(await jobIds(other), ['fixture-aws']);
    assert.equal((await api.graph('GET', '/secrets')).body.value, [{ key: 'BaseAddress', value: 'https://scim.example' }]);
    assert.is(await api.now(), START);
    assert.equal((await api.control('GET', '/faults')).body.value, []);
    // the journal holds only what came after the reset: the reads just made
    const journal = await emulator.requests.list('$count=true');
    assert.ok(journal.value.every((entry) => entry.method === 'GET'), JSON.stringify(journal.value));
    assert.equal((await api.control('GET', '/snapshots')).body.value.map((s: { name: string }) => s.name), ['kept']);
    // in process, the same
    await api.createJob('gsuite');
    await emulator.reset();
    assert.equal(await jobIds(api), ['fixture-scim']);
  });
});

test('reset of one service principal: its jobs, runs, plans, schemas, secrets, journal entries and fault rules; the others and the clock untouched', async () => {
  await withControlled(async (emulator, api, other) => {
    const mine = await api.createJob('aws');
    await api.act(mine, 'start');
    await api.plan(mine, [{ result: 'failed', error: SALESFORCE_ERROR }]);
    const theirs = await other.createJob('slack');
    await other.act(theirs, 'start');
    await api.control('POST', '/faults', { match: { servicePrincipalId: SP, method: 'PATCH' }, respond: { status: 500 } });
    await api.control('POST', '/faults', { match: { servicePrincipalId: OTHER, method: 'PATCH' }, respond: { status: 500 } });
    await api.advance('PT10M');
    const now = await api.now();

    assert.is((await api.control('POST', '/reset', { servicePrincipalId: SP.toUpperCase() })).status, 204);
    assert.equal(await jobIds(api), ['fixture-scim']);
    assert.equal(await jobIds(other), [theirs, 'fixture-aws'].sort());
    assert.is((await other.job(theirs)).status.code, 'Active', 'the other service principal kept its running job');
    assert.is(await api.now(), now, 'the clock stays');
    const rules = (await api.control('GET', '/faults')).body.value as { match: { servicePrincipalId: string } }[];
    assert.equal(rules.map((rule) => rule.match.servicePrincipalId), [OTHER]);
    const entries = (await emulator.requests.list(`$filter=servicePrincipalId eq '${SP}'`)).value;
    assert.ok(entries.every((entry) => entry.method === 'GET'), 'only what came after the reset');
    assert.ok((await emulator.requests.list(`$filter=servicePrincipalId eq '${OTHER}' and method eq 'POST'&$count=true`))['@odata.count']! >= 2);
    // errors
    assertGraphError(await api.control('POST', '/reset', { servicePrincipalId: 'nope' }), 400, 'BadRequest', /must be the GUID of a service principal/);
    assertGraphError(await api.control('POST', '/reset', { everything: true }), 400, 'BadRequest', "'everything' is not an option of reset (servicePrincipalId).");
    assertGraphError(await api.control('GET', '/reset'), 405, 'Request_BadRequest');
    // in process
    await emulator.reset({ servicePrincipalId: OTHER });
    assert.equal(await jobIds(other), ['fixture-aws']);
  });
});

/** Every GET whose answer a snapshot must bring back byte for byte. */
async function observable(api: Api, jobId: string): Promise<string[]> {
  const texts = [];
  for (const path of ['/jobs', `/jobs/${jobId}`, `/jobs/${jobId}/schema`, '/secrets', '/templates']) texts.push((await api.graph('GET', path)).text);
  texts.push((await api.control('GET', `/servicePrincipals/${SP}/jobs/${jobId}/plan`)).text);
  texts.push(JSON.stringify({ ...(await api.control('GET', '/clock')).body, cyclesRun: 0, cyclesCompleted: 0 }));
  return texts;
}

test('snapshots: named, many, restored any number of times; jobs, runs, plans, schemas, secrets and the clock come back byte for byte', async () => {
  await withControlled(async (emulator, api) => {
    const id = await api.createJob('scim');
    await api.act(id, 'start');
    await api.plan(id, [{ result: 'failed', error: SALESFORCE_ERROR, repeat: 2 }], { result: 'succeeded' });
    const schema = (await api.graph('GET', `/jobs/${id}/schema`)).body;
    delete schema['@odata.context'];
    schema.synchronizationRules[0].name = 'Renamed rule';
    assert.is((await api.graph('PUT', `/jobs/${id}/schema`, schema)).status, 204);
    await api.graph('PUT', '/secrets', { value: [{ key: 'SecretToken', value: 's3cret' }] });
    await api.advance('PT3M');
    const before = await observable(api, id);

    const taken = await api.control('POST', '/snapshots', { name: 'after first cycle' });
    assert.is(taken.status, 201, taken.text);
    assert.equal(taken.body, { name: 'after first cycle', createdAt: at3(), jobs: 3 });
    assert.is((await api.control('POST', '/snapshots', { name: 'second' })).status, 201);

    for (let round = 0; round < 2; round++) {
      // change everything, then restore
      await api.advance('PT5H');
      await api.graph('DELETE', `/jobs/${id}/schema`);
      await api.graph('PUT', '/secrets', { value: [{ key: 'SecretToken', value: '' }, { key: 'BaseAddress', value: 'https://elsewhere' }] });
      await api.createJob('aws');
      assert.is.not((await observable(api, id)).join('\n'), before.join('\n'));
      const restored = await api.control('POST', `/snapshots/${encodeURIComponent('after first cycle')}/restore`);
      assert.is(restored.status, 204, restored.text);
      assert.equal(await observable(api, id), before, `round ${round}`);
    }
    // the restored job goes on as planned: the second failure, then the default
    await api.advance('PT40M');
    assert.is((await api.status(id)).lastExecution.state, 'Failed');

    // listed in the order taken; the same name replaces; delete; unknown names are 404
    assert.equal((await api.control('GET', '/snapshots')).body.value.map((s: { name: string }) => s.name), ['after first cycle', 'second']);
    await api.createJob('gsuite');
    assert.is((await api.control('POST', '/snapshots', { name: 'second' })).body.jobs, 4);
    assert.equal((await api.control('GET', '/snapshots')).body.value.length, 2);
    assert.is((await api.control('DELETE', '/snapshots/second')).status, 204);
    assertGraphError(await api.control('DELETE', '/snapshots/second'), 404, 'Request_ResourceNotFound', "There is no snapshot named 'second'.");
    assertGraphError(await api.control('POST', '/snapshots/nope/restore'), 404, 'Request_ResourceNotFound');
    assertGraphError(await api.control('POST', '/snapshots', { name: '' }), 400, 'BadRequest', /a string of 1 to 200 characters/);
    // a lone surrogate can name no file (encodeURIComponent throws: it was a 500) nor round-trip through UTF-8
    assertGraphError(await api.control('POST', '/snapshots', { name: 'half \ud800 pair' }), 400, 'BadRequest', /no lone surrogates/);
    assertGraphError(await api.control('POST', '/snapshots', { name: 'x', jobs: 1 }), 400, 'BadRequest', "'jobs' is not a field of a snapshot (name).");
    // in process, the same
    const summary = await emulator.snapshot('in process');
    assert.is(summary.name, 'in process');
    await emulator.restore('after first cycle');
    assert.equal(await observable(api, id), before);
    await emulator.snapshots.delete('in process');
    assert.equal((await emulator.snapshots.list()).map((s) => s.name), ['after first cycle']);
  });
});

const at3 = () => new Date(Date.parse(START) + 3 * 60_000).toISOString();

test('snapshots of a file database are files beside it: they survive a restart', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'syncemu-snapshots-'));
  const database = join(dir, 'state.sqlite');
  try {
    const first = createEmulator({ database });
    const api = Api.of(first);
    const id = await api.createJob('scim');
    const before = (await api.graph('GET', '/jobs')).text;
    await first.snapshot('baseline');
    await first.close();
    const second = createEmulator({ database });
    try {
      const again = Api.of(second);
      await again.graph('DELETE', `/jobs/${id}`);
      assert.equal((await second.snapshots.list()).map((s) => s.name), ['baseline']);
      await second.restore('baseline');
      assert.is((await again.graph('GET', '/jobs')).text, before);
    } finally {
      await second.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('GET /_syncemu/requests: every answered request but the control routes, with $filter, $orderby, $top and nextLink, $count', async () => {
  await withControlled(async (emulator, api) => {
    const id = await api.createJob('scim');
    await api.act(id, 'start');
    await api.graph('GET', `/jobs/${id}?$select=id`);
    await api.graph('PATCH', `/jobs/${id}`, 'not json');
    await api.now(); // a control route: not recorded
    const all = await api.control('GET', '/requests?$count=true');
    assert.is(all.status, 200, all.text);
    assert.is(all.body['@odata.count'], 4);
    const [create, start, read, patch] = all.body.value;
    assert.equal(Object.keys(create), ['id', 'time', 'method', 'url', 'version', 'servicePrincipalId', 'jobId', 'status', 'durationMs', 'fault', 'requestBody', 'responseBody']);
    assert.equal({ ...create, id: 0, durationMs: 0, responseBody: null }, {
      id: 0,
      time: START,
      method: 'POST',
      url: `/v1.0/servicePrincipals/${SP}/synchronization/jobs`,
      version: 'v1.0',
      servicePrincipalId: SP,
      jobId: null,
      status: 201,
      durationMs: 0,
      fault: null,
      requestBody: { templateId: 'scim' },
      responseBody: null,
    });
    assert.is(create.responseBody.id, id, 'a JSON answer is kept as its value');
    assert.ok(create.id < start.id && start.id < read.id && read.id < patch.id);
    assert.equal([start.jobId, start.requestBody, start.responseBody, start.status], [id, null, null, 204]);
    assert.equal([patch.requestBody, patch.status], ['not json', 400], 'a body that is not JSON is kept as text');
    // "exactly one POST to start, with no body"
    const starts = await api.control('GET', `/requests?$filter=${encodeURIComponent("method eq 'POST' and endswith(url, '/start') and requestBody eq null")}&$count=true`);
    assert.is(starts.body['@odata.count'], 1);
    // filters over every kind of property, and their errors
    const count = async (filter: string) => (await emulator.requests.list(`$filter=${encodeURIComponent(filter)}&$count=true`))['@odata.count'];
    assert.is(await count(`jobId eq '${id}'`), 3);
    assert.is(await count('status ge 400'), 1);
    assert.is(await count("contains(requestBody, 'scim')"), 1);
    assert.is(await count(`time eq ${START.replace('.000Z', 'Z')} and durationMs ge 0 and version eq 'v1.0' and fault eq null`), 4);
    assert.is(await count("not startswith(url, '/v1.0/')"), 0);
    assertGraphError(await api.control('GET', `/requests?$filter=${encodeURIComponent('nope eq 1')}`), 400, 'BadRequest', "Could not find a property named 'nope' on type 'syncemu.requestEntry'.");
    assertGraphError(await api.control('GET', `/requests?$filter=${encodeURIComponent('status eq')}`), 400, 'BadRequest', /syntax error at position 9/);
    assertGraphError(await api.control('GET', '/requests?$select=id'), 400, 'BadRequest', /'\$select' is not supported on the request journal/);
    // $orderby and paging: $top is the page size; the nextLink walks the rest
    const newest = await api.control('GET', '/requests?$orderby=id desc&$top=1');
    assert.is(newest.body.value[0].id, patch.id);
    const ids: number[] = [];
    let link: string | undefined = 'https://graph.microsoft.com/_syncemu/requests?$top=3&$filter=version eq \'v1.0\'';
    while (link) {
      const page = await api.request('GET', link);
      assert.ok(page.body.value.length <= 3);
      ids.push(...page.body.value.map((entry: { id: number }) => entry.id));
      link = page.body['@odata.nextLink'];
    }
    assert.is(ids.length, new Set(ids).size);
    assert.ok(ids.length >= 4);
    assert.equal(ids, [...ids].sort((a, b) => a - b), 'oldest first');
    // in process: the nextLink given back is the next page
    const first = await emulator.requests.list('$top=2');
    assert.ok(first['@odata.nextLink']?.startsWith('/_syncemu/requests?$top=2&$skiptoken='));
    assert.is((await emulator.requests.list(first['@odata.nextLink']!)).value[0]!.id, first.value[1]!.id + 1);
    // DELETE empties it
    assert.is((await api.control('DELETE', '/requests')).status, 204);
    assert.equal((await emulator.requests.list()).value, []);
  });
});

test('the journal keeps the last --journal-size entries, and bodies up to 64 KiB (a longer one cut, as text)', async () => {
  await withControlled(
    async (emulator, api) => {
      for (let i = 0; i < 5; i++) await api.graph('GET', `/jobs?$top=${i + 1}`);
      const kept = (await emulator.requests.list()).value;
      assert.equal(kept.map((entry) => entry.url.split('$top=')[1]), ['3', '4', '5']);
      const big = { templateId: 'scim', synchronizationJobSettings: [{ name: 'Big', value: 'x'.repeat(70_000) }] };
      await api.graph('POST', '/jobs', big);
      const [entry] = (await emulator.requests.list('$orderby=id desc&$top=1')).value;
      assert.type(entry!.requestBody, 'string');
      assert.is(Buffer.byteLength(entry!.requestBody as string), 64 * 1024);
      assert.ok((entry!.requestBody as string).startsWith('{"templateId":"scim"'));
      assert.type(entry!.responseBody, 'string', 'the 201 with the big setting is cut too');
      // two-byte characters: cut whole, never one in two
      await api.graph('POST', '/jobs', { templateId: 'scim', synchronizationJobSettings: [{ name: 'Wide', value: 'é'.repeat(40_000) }] });
      const [wide] = (await emulator.requests.list('$orderby=id desc&$top=1')).value;
      const cutText = wide!.requestBody as string;
      assert.ok(Buffer.byteLength(cutText) <= 64 * 1024 && Buffer.byteLength(cutText) >= 64 * 1024 - 1, `${Buffer.byteLength(cutText)} bytes`);
      assert.not.ok(cutText.includes('\uFFFD'));
      // a list page answered in pieces: kept cut, as text, from its start
      for (let i = 0; i < 60; i++) await api.createJob('scim');
      const page = await api.graph('GET', '/jobs?$top=100');
      assert.ok(page.text.length > 64 * 1024, `a page of ${page.text.length} characters`);
      const [listed] = (await emulator.requests.list("$filter=startswith(url, '/v1.0/servicePrincipals/') and endswith(url, '$top=100')")).value;
      assert.type(listed!.responseBody, 'string');
      assert.is(listed!.responseBody, page.text.slice(0, (listed!.responseBody as string).length));
      assert.ok(Buffer.byteLength(listed!.responseBody as string) > 60 * 1024);
      // a small JSON answer is kept as its JSON value
      await api.graph('GET', '/jobs?$top=1&$select=id');
      const [small] = (await emulator.requests.list('$orderby=id desc&$top=1')).value;
      assert.type(small!.responseBody, 'object');
    },
    { journalSize: 3 },
  );
});

test('fault rules: method, path pattern and service principal; status, code, Retry-After, headers; times; first match wins; nothing written; in the journal', async () => {
  await withControlled(async (emulator, api, other) => {
    const id = await api.createJob('scim');
    const added = await api.control('POST', '/faults', {
      match: { method: 'post', path: '/servicePrincipals/*/synchronization/jobs/*/START', servicePrincipalId: SP },
      respond: { status: 429, retryAfterSeconds: 7, headers: { 'x-ms-throttle-scope': 'job' } },
      times: 2,
    });
    assert.is(added.status, 201, added.text);
    assert.equal(added.body, {
      id: '1',
      match: { method: 'POST', path: '/servicePrincipals/*/synchronization/jobs/*/START', servicePrincipalId: SP },
      respond: { status: 429, retryAfterSeconds: 7, headers: { 'x-ms-throttle-scope': 'job' } },
      times: 2,
      remaining: 2,
    });
    const digest = emulator.store.digest();
    for (let i = 0; i < 2; i++) {
      const refused = await api.graph('POST', `/jobs/${id}/start`);
      assertGraphError(refused, 429, 'TooManyRequests', 'Too Many Requests: answered by syncemu fault rule 1.');
      assert.is(refused.headers.get('retry-after'), '7');
      assert.is(refused.headers.get('x-ms-throttle-scope'), 'job');
    }
    assert.is(emulator.store.digest(), digest, 'nothing a faulted request would have written is written');
    assert.is((await api.status(id)).code, 'Paused');
    assert.equal((await api.control('GET', '/faults/1')).body.remaining, 0);
    await api.act(id, 'start'); // used up: the request goes through
    const faulted = await emulator.requests.list("$filter=fault eq '1'&$count=true");
    assert.is(faulted['@odata.count'], 2);
    assert.equal([faulted.value[0]!.status, faulted.value[0]!.jobId], [429, id]);

    // first match wins, in creation order; ** spans segments; other service principals unmatched
    await emulator.faults.add({ match: { path: '/servicePrincipals/**/schema' }, respond: { status: 503, code: 'ServiceBusy', message: 'Down for maintenance.' } });
    await emulator.faults.add({ match: { path: '/servicePrincipals/**' }, respond: { status: 500 } });
    assertGraphError(await api.graph('GET', `/jobs/${id}/schema`), 503, 'ServiceBusy', 'Down for maintenance.');
    assertGraphError(await other.graph('GET', '/jobs'), 500, 'InternalServerError');
    assertGraphError(await api.graph('GET', '/templates/scim/schema/directories'), 500, 'InternalServerError');
    // DELETE one, then all
    assert.is((await api.control('DELETE', '/faults/3')).status, 204);
    assert.is((await other.graph('GET', '/jobs')).status, 200);
    assertGraphError(await api.control('DELETE', '/faults/3'), 404, 'Request_ResourceNotFound', "There is no fault rule '3'.");
    assert.is((await api.control('DELETE', '/faults')).status, 204);
    assert.equal(await emulator.faults.list(), []);
    assert.is((await api.graph('GET', `/jobs/${id}/schema`)).status, 200);
    // default codes
    for (const [status, code] of [[503, 'ServiceUnavailable'], [504, 'GatewayTimeout'], [500, 'InternalServerError'], [403, 'Authorization_RequestDenied']] as const) {
      const rule = await emulator.faults.add({ respond: { status }, times: 1 });
      assertGraphError(await api.graph('GET', '/jobs'), status, code);
      await rule.remove();
    }
  });
});

test('a fault rule with delayMs alone adds latency and answers as usual; with respond, it delays the fault', async () => {
  await withControlled(async (emulator, api) => {
    await emulator.faults.add({ match: { method: 'GET', path: '/servicePrincipals/*/synchronization/jobs' }, delayMs: 150, times: 1 });
    const started = performance.now();
    const slow = await api.graph('GET', '/jobs');
    assert.ok(performance.now() - started >= 140, `answered after ${performance.now() - started} ms`);
    assert.is(slow.status, 200);
    assert.is(slow.body.value.length, 1);
    await emulator.faults.add({ delayMs: 50, respond: { status: 504 }, times: 1 });
    const again = performance.now();
    assertGraphError(await api.graph('GET', '/jobs'), 504, 'GatewayTimeout');
    assert.ok(performance.now() - again >= 40);
    const entries = (await emulator.requests.list("$filter=fault ne null")).value;
    assert.equal(entries.map((entry) => [entry.status, entry.fault]), [[200, '1'], [504, '2']]);
    assert.ok(entries[0]!.durationMs >= 140, 'the journal times the delay');
  });
});

test('a malformed fault rule is a 400 that names the field', async () => {
  await withControlled(async (_emulator, api) => {
    const cases: [unknown, RegExp | string][] = [
      [[], /A fault rule is a JSON object/],
      [{ respond: { status: 200 } }, /'respond\.status' must be an HTTP error status from 400 to 599, not 200/],
      [{ respond: { status: 429, retryAfterSeconds: -1 } }, /'respond\.retryAfterSeconds' must be a whole number of seconds/],
      [{ respond: { status: 429, headers: { 'bad header': 'x' } } }, /'respond\.headers\.bad header' is not a header name/],
      [{ respond: { status: 429, headers: { ok: 'a\nb' } } }, /'respond\.headers\.ok' must be a string on one line/],
      [{ respond: { status: 429, colour: 'red' } }, /'respond\.colour' is not a field of respond/],
      [{ match: { path: '/jobs?$top=1' }, respond: { status: 500 } }, /'match\.path' must be a path after the version/],
      [{ match: { servicePrincipalId: 'x' }, respond: { status: 500 } }, /'match\.servicePrincipalId' must be a GUID/],
      [{ match: { method: 'GE T' }, respond: { status: 500 } }, /'match\.method' must be an HTTP method/],
      [{ match: { host: 'x' }, respond: { status: 500 } }, /'match\.host' is not a field of match/],
      [{ respond: { status: 500 }, times: 0 }, /'times' must be a whole number of at least 1, not 0/],
      [{ delayMs: 60_001 }, /'delayMs' must be a whole number of milliseconds from 0 to 60000/],
      [{ match: {} }, /'respond' or delayMs must be given/],
      [{ respond: { status: 500 }, when: 'now' }, /'when' is not a field of a fault rule/],
    ];
    for (const [rule, message] of cases) assertGraphError(await api.control('POST', '/faults', rule), 400, 'BadRequest', message);
    assert.equal((await api.control('GET', '/faults')).body.value, [], 'nothing was added');
    assertGraphError(await api.control('GET', '/faults/99'), 404, 'Request_ResourceNotFound');
  });
});

test("the Graph client's retry middleware honours the emulator's 429 + Retry-After: it waits, retries, and succeeds", async () => {
  await withControlled(async (emulator) => {
    await emulator.faults.add({ match: { method: 'GET' }, respond: { status: 429, retryAfterSeconds: 1 }, times: 1 });
    const client = graphClient(emulator);
    const started = performance.now();
    const list = (await client.api(`/servicePrincipals/${SP}/synchronization/jobs`).get()) as { value: unknown[] };
    assert.is(list.value.length, 1);
    assert.ok(performance.now() - started >= 900, 'it waited the Retry-After');
    const gets = (await emulator.requests.list("$filter=method eq 'GET'")).value;
    assert.equal(gets.map((entry) => [entry.status, entry.fault]), [[429, '1'], [200, null]]);
    // without retries left, the client throws the 429 as a GraphError
    await emulator.faults.add({ respond: { status: 429, retryAfterSeconds: 0 } });
    try {
      await graph.Client.initWithMiddleware({ middleware: { execute: async (context) => void (context.response = await emulator.fetch(context.request as string, context.options)) } }).api(`/servicePrincipals/${SP}/synchronization/jobs`).get();
      assert.unreachable('the 429 reached the caller');
    } catch (error) {
      assert.instance(error, graph.GraphError);
      assert.is((error as InstanceType<typeof graph.GraphError>).statusCode, 429);
    }
  });
});

test('with control off (--no-control) every control route is a 404', async () => {
  await withControlled(
    async (_emulator, api) => {
      for (const [method, path] of [['POST', '/reset'], ['GET', '/snapshots'], ['POST', '/snapshots/x/restore'], ['GET', '/requests'], ['DELETE', '/requests'], ['POST', '/faults'], ['DELETE', '/faults/1'], ['GET', '/clock']] as const) {
        assertGraphError(await api.control(method, path, method === 'POST' ? {} : undefined), 404, 'Request_ResourceNotFound', /control routes \(\/_syncemu\/\) are turned off/);
      }
    },
    { control: false },
  );
});

test.run();
