/**
 * `GET /_syncemu/explain/{version}/servicePrincipals/{spId}/synchronization/jobs?{query}`
 * (decisions.md §11, the workbench's `sql`, `plan`, `filter-tree` and `error`): how the list
 * request with that path and query runs, the same as `emulator.explain()`; a query the list
 * refuses gets the list's 400 and message, with the option at fault and the position in it.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createEmulator, type Emulator, type EmulatorOptions } from '@syncemu/core';
import { Api, assertGraphError, SP, START } from './support/lifecycle-support.js';
import { rejects } from './support/assert-async.js';

const UNKNOWN_SP = '0f0e0d0c-0b0a-4909-8807-060504030201';
const FIXTURE = {
  servicePrincipals: [
    {
      id: SP,
      jobs: [
        { id: 'scim.a', templateId: 'scim' },
        { id: 'scim.b', templateId: 'scim', schedule: { interval: 'PT20M' } },
        { id: 'aws.c', templateId: 'aws' },
      ],
    },
  ],
};

async function withExplain(body: (emulator: Emulator, api: Api) => Promise<void>, options: EmulatorOptions = {}): Promise<void> {
  const emulator = await createEmulator({ clock: { kind: 'manual', start: START }, fixture: FIXTURE, ...options }).ready;
  try {
    await body(emulator, Api.of(emulator));
  } finally {
    await emulator.close();
  }
}

const explainPath = (query: string, version = 'v1.0', sp = SP) => `/explain/${version}/servicePrincipals/${sp}/synchronization/jobs${query === '' ? '' : `?${query}`}`;
const listUrl = (api: Api, query: string, version = 'v1.0') => `${api.origin}/${version}/servicePrincipals/${api.sp}/synchronization/jobs${query === '' ? '' : `?${query}`}`;

test('a list query explained: the checked filter, order, select and top, the SQL and parameters of its page, the plan and its indexes', async () => {
  await withExplain(async (emulator, api) => {
    const query = `$filter=${encodeURIComponent("templateId eq 'scim' and schedule/interval eq 'PT20M'")}&$top=5&$orderby=id desc&$select=id,status/code&$count=true`;
    const reply = await api.control('GET', explainPath(query));
    assert.is(reply.status, 200, reply.text);
    const body = reply.body;
    assert.equal(Object.keys(body), ['filter', 'orderBy', 'select', 'top', 'sql', 'parameters', 'plan', 'indexes', 'fullScan']);
    assert.is(body.filter, "(and (eq templateId:String 'scim') (eq schedule/interval:Duration 'PT20M':Duration))");
    assert.equal(body.orderBy, ['id:String desc']);
    assert.equal(body.select, ['id', 'status/code']);
    assert.is(body.top, 5);
    assert.match(body.sql, /^select json_object\('id', /);
    assert.match(body.sql, /"jobs"\."template_id" = \?/);
    assert.match(body.sql, / limit 6$/, 'the page of $top=5, and one more to know whether another follows');
    assert.equal(body.parameters, [SP, 'scim', 'PT20M', SP, 'scim', 'PT20M']);
    assert.ok(body.plan.length > 0 && body.plan.every((line: unknown) => typeof line === 'string'), reply.text);
    assert.ok(body.indexes.includes('jobs_sp_template'), reply.text);
    assert.is(body.fullScan, false);
    // the same as emulator.explain(): one function answers both
    const inProcess = await emulator.explain(SP, query);
    assert.equal(
      { filter: body.filter, orderBy: body.orderBy, sql: body.sql, parameters: body.parameters, plan: body.plan, indexes: body.indexes, fullScan: body.fullScan },
      { filter: inProcess.filter, orderBy: inProcess.orderBy, sql: inProcess.sql, parameters: inProcess.parameters, plan: inProcess.plan, indexes: inProcess.indexes, fullScan: inProcess.fullScan },
    );
    // and it is the list's statement: the list answers those rows
    const list = await api.request('GET', listUrl(api, query));
    assert.equal(list.body.value, [{ id: 'scim.b', status: { code: 'Paused' } }]);
    assert.is(list.body['@odata.count'], 1);
  });
});

test('no query: no filter, no order, no select, no top; the default page of 100', async () => {
  await withExplain(async (_emulator, api) => {
    const reply = await api.control('GET', explainPath(''));
    assert.is(reply.status, 200, reply.text);
    const { filter, orderBy, select, top, sql, parameters, plan, indexes, fullScan } = reply.body;
    assert.equal({ filter, orderBy, select, top, parameters, indexes, fullScan }, { filter: null, orderBy: [], select: null, top: null, parameters: [SP], indexes: ['sqlite_autoindex_jobs_1'], fullScan: false });
    assert.is(sql, 'select jobs.body as "body" from "jobs" where "jobs"."service_principal_id" = ? order by jobs.id asc limit 101');
    assert.equal(plan, ['SEARCH jobs USING INDEX sqlite_autoindex_jobs_1 (service_principal_id=?)']);
    assert.equal((await api.control('GET', explainPath('$select=*&$top=0'))).body.select, null);
    assert.is((await api.control('GET', explainPath('$select=*&$top=0'))).body.top, 0);
  });
});

test('beta takes options without `$`, as its list does; v1.0 ignores them, as its list does', async () => {
  await withExplain(async (_emulator, api) => {
    const beta = await api.control('GET', explainPath(`filter=${encodeURIComponent("templateId eq 'aws'")}&top=2&orderby=templateId`, 'beta'));
    assert.is(beta.status, 200, beta.text);
    assert.is(beta.body.filter, "(eq templateId:String 'aws')");
    assert.equal(beta.body.orderBy, ['templateId:String asc']);
    assert.is(beta.body.top, 2);
    const v1 = await api.control('GET', explainPath(`filter=${encodeURIComponent("templateId eq 'aws'")}&top=2`));
    assert.is(v1.status, 200, v1.text);
    assert.equal([v1.body.filter, v1.body.top], [null, null]);
    // keywords of the path are case-insensitive, as the list's
    assert.is((await api.control('GET', `/explain/BETA/SERVICEPRINCIPALS/${SP.toUpperCase()}/Synchronization/JOBS/`)).status, 200);
  });
});

test('an Int64 literal past 2^53 is an exact JSON number among the parameters', async () => {
  await withExplain(async (_emulator, api) => {
    const reply = await api.control('GET', explainPath('$filter=status/countSuccessiveCompleteFailures ge 9007199254740993'));
    assert.is(reply.status, 200, reply.text);
    assert.match(reply.text, /"parameters":\["6f1c2b3a-4d5e-4f60-8a7b-9c0d1e2f3a4b",9007199254740993\]/);
  });
});

/** Queries each list refuses: [version, query, target, position (undefined: none)]. */
const REFUSED: readonly (readonly [string, string, string, number | undefined])[] = [
  ['v1.0', '$filter=templateId eq', '$filter', 13],
  ['v1.0', "$filter=nope eq 'x'", '$filter', 0],
  ['v1.0', `$filter=${encodeURIComponent("templateId eq 'x' and status/nope eq 1")}`, '$filter', 29],
  ['v1.0', `$filter=${encodeURIComponent("status/countSuccessiveCompleteFailures ge 'x'")}`, '$filter', 39],
  ['v1.0', '$filter=schedule/expiration lt 2024-02-30T10:00:00Z', '$filter', 23],
  ['v1.0', `$filter=${encodeURIComponent("templateId in ('a', id)")}`, '$filter', 20],
  ['v1.0', '$filter=startswith(templateId)', '$filter', 0],
  ['v1.0', '$orderby=templateId sideways', '$orderby', 11],
  ['v1.0', '$select=id,nope', '$select', 3],
  ['v1.0', '$top=1000', '$top', 0],
  ['v1.0', '$top=-1', '$top', 0],
  ['v1.0', '$skip=x', '$skip', 0],
  ['v1.0', '$count=maybe', '$count', 0],
  ['v1.0', '$skiptoken=abc', '$skiptoken', undefined],
  ['v1.0', '$filter=id eq \'a\'&$filter=id eq \'b\'', 'query', undefined],
  ['v1.0', '$search=x', 'query', undefined],
  ['v1.0', '$expand=schema', '$expand', undefined],
  ['v1.0', '$filter=%E0%A4%A', 'query', undefined],
  ['beta', 'filter=templateId eq', '$filter', 13],
  ['beta', '$ORDERBY=id sideways', '$orderby', 3],
];

test('a query the list refuses: the list\'s 400 and exact message, with the option as `target` and the position in it; nothing written', async () => {
  await withExplain(async (emulator, api) => {
    const digest = emulator.store.digest();
    for (const [version, query, target, position] of REFUSED) {
      const list = await api.request('GET', listUrl(api, query, version));
      const explained = await api.control('GET', explainPath(query, version));
      const what = `${version} ?${query}: ${explained.text}`;
      assertGraphError(list, 400, 'BadRequest');
      assertGraphError(explained, 400, 'BadRequest', list.body.error.message);
      assert.is(explained.body.error.target, target, what);
      assert.is(explained.body.error.innerError.position, position, what);
      assert.equal(Object.keys(explained.body.error), ['code', 'message', 'target', 'innerError'], what);
      // the list's own error stays Graph's shape: no target, no position
      assert.equal(Object.keys(list.body.error), ['code', 'message', 'innerError'], what);
      assert.equal(Object.keys(list.body.error.innerError), ['date', 'request-id', 'client-request-id'], what);
      // and the in-process explain() refuses it with the same message
      await rejects(() => emulator.explain(SP, query, { version: version as 'v1.0' | 'beta' }), (error: Error) => error.message === list.body.error.message);
    }
    assert.is(emulator.store.digest(), digest);
  });
});

test('a wrong path or method: the list\'s 400 for a bad id or version, 404 off the jobs list, 405 with Allow: GET', async () => {
  await withExplain(async (emulator, api) => {
    const digest = emulator.store.digest();
    assertGraphError(await api.control('GET', explainPath('', 'v1.0', 'not-a-guid')), 400, 'Request_BadRequest', "Invalid object identifier 'not-a-guid'.");
    assertGraphError(await api.control('GET', explainPath('', 'v2.0')), 400, 'BadRequest', 'Invalid version: v2.0. Use /v1.0 or /beta.');
    assertGraphError(await api.control('GET', '/explain'), 400, 'BadRequest');
    assertGraphError(
      await api.control('GET', `/explain/v1.0/servicePrincipals/${SP}/synchronization/templates`),
      404,
      'Request_ResourceNotFound',
      'Only a list of jobs can be explained: /_syncemu/explain/{version}/servicePrincipals/{id}/synchronization/jobs?{query}.',
    );
    assertGraphError(await api.control('GET', `/explain/v1.0/servicePrincipals/${SP}/synchronization/jobs/scim.a`), 404, 'Request_ResourceNotFound');
    for (const method of ['POST', 'PUT', 'DELETE', 'PATCH']) {
      const reply = await api.control(method, explainPath('$top=1'), method === 'DELETE' ? undefined : {});
      assertGraphError(reply, 405, 'Request_BadRequest');
      assert.is(reply.headers.get('allow'), 'GET');
    }
    // in auto mode an unknown service principal has an empty list: explained as any other
    assert.is((await api.control('GET', explainPath('', 'v1.0', UNKNOWN_SP))).status, 200);
    assert.is(emulator.store.digest(), digest);
  });
});

test('registered mode: an unknown service principal is the list\'s 404', async () => {
  await withExplain(
    async (_emulator, api) => {
      const list = await api.request('GET', `${api.origin}/v1.0/servicePrincipals/${UNKNOWN_SP}/synchronization/jobs?$filter=nope`);
      const explained = await api.control('GET', explainPath('$filter=nope', 'v1.0', UNKNOWN_SP));
      assertGraphError(list, 404, 'Request_ResourceNotFound');
      assertGraphError(explained, 404, 'Request_ResourceNotFound', list.body.error.message);
      assert.is((await api.control('GET', explainPath(''))).status, 200);
    },
    { servicePrincipals: 'registered' },
  );
});

test('over HTTP, from a real listener: the same answer, with a query string as a browser sends it', async () => {
  await withExplain(async (emulator, api) => {
    const server = await emulator.listen({ port: 0 });
    try {
      const query = new URLSearchParams({ $filter: "templateId eq 'scim'", $top: '1' }).toString();
      const response = await fetch(`${server.url}/_syncemu/explain/v1.0/servicePrincipals/${SP}/synchronization/jobs?${query}`);
      assert.is(response.status, 200);
      const body = (await response.json()) as { filter: string; top: number; parameters: unknown[] };
      assert.is(body.filter, "(eq templateId:String 'scim')");
      assert.is(body.top, 1);
      assert.equal(body.parameters, (await api.control('GET', explainPath(query))).body.parameters);
      const refused = await fetch(`${server.url}/_syncemu/explain/v1.0/servicePrincipals/${SP}/synchronization/jobs?$filter=templateId%20eq`);
      assert.is(refused.status, 400);
      assert.equal(((await refused.json()) as { error: { target: string; innerError: { position: number } } }).error.innerError.position, 13);
    } finally {
      await server.close();
    }
  });
});

test.run();
