/**
 * The SQL of a list query shape is compiled once and kept (ListPageCompiler): a kept shape must
 * answer every request of that shape with that request's own values: service principal, `$skip`,
 * the clock's now, the keyset position (null and non-null keys), and the id read from the last row.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parseListQuery } from '@syncemu/odata';
import { openStore, type Store } from '../src/index.js';

const SP_A = '0f8fad5b-d9cb-469f-a165-70867728950e';
const SP_B = '7c9e6679-7425-40de-944b-e07fc1f90ae7';

/** 12 jobs a service principal: `a.00`…`a.11`; every third has no lastExecution (a null sort key). */
function fill(): Store {
  const store = openStore(':memory:');
  store.transaction(() => {
    for (const [sp, prefix] of [[SP_A, 'a'], [SP_B, 'b']] as const) {
      store.servicePrincipals.ensure(sp, 'now');
      for (let i = 0; i < 12; i++) {
        const id = `${prefix}.${String(i).padStart(2, '0')}`;
        const began = i % 3 === 0 ? null : `2024-05-${String(10 + (i % 4)).padStart(2, '0')}T00:00:00Z`;
        const body = { id, templateId: i % 2 ? 'scim' : 'aws', status: { code: 'Active', lastExecution: began && { timeBegan: began } } };
        store.jobs.insert(sp, { id, templateId: body.templateId, body: JSON.stringify(body) });
      }
    }
  });
  return store;
}

const store = fill();
const ids = (rows: readonly string[]) => rows.map((row) => (JSON.parse(row) as { id: string }).id);

function page(sp: string, query: string, pageSize: number, now = '2024-06-01T00:00:00Z') {
  const parsed = parseListQuery(query);
  return store.jobs.listPage(sp, parsed, { pageSize, ordering: parsed.orderByText, context: { now } });
}

/** Every page of a walk: ids in order, following each page's skiptoken with the same options. */
function walk(sp: string, query: string, pageSize: number): string[] {
  const seen: string[] = [];
  let token: string | undefined;
  for (let guard = 0; guard < 50; guard++) {
    const result = page(sp, token === undefined ? query : `${query}&$skiptoken=${encodeURIComponent(token)}`, pageSize);
    seen.push(...ids(result.rows));
    token = result.nextSkipToken;
    if (token === undefined) return seen;
  }
  throw new Error('the walk did not end');
}

test('one shape, two service principals: each gets its own rows', () => {
  const query = `$filter=${encodeURIComponent("templateId eq 'scim'")}`;
  assert.equal(ids(page(SP_A, query, 100).rows), ['a.01', 'a.03', 'a.05', 'a.07', 'a.09', 'a.11']);
  assert.equal(ids(page(SP_B, query, 100).rows), ['b.01', 'b.03', 'b.05', 'b.07', 'b.09', 'b.11']);
  assert.equal(ids(page(SP_A, query, 100).rows), ['a.01', 'a.03', 'a.05', 'a.07', 'a.09', 'a.11']);
});

test('one shape, several $skip values', () => {
  assert.equal(ids(page(SP_A, '$skip=2', 3).rows), ['a.02', 'a.03', 'a.04']);
  assert.equal(ids(page(SP_A, '$skip=7', 3).rows), ['a.07', 'a.08', 'a.09']);
  assert.equal(ids(page(SP_B, '$skip=10', 3).rows), ['b.10', 'b.11']);
});

test('one shape with now(): the clock of each request, not of the first', () => {
  const query = `$filter=${encodeURIComponent('status/lastExecution/timeBegan lt now()')}`;
  assert.equal(ids(page(SP_A, query, 100, '2024-05-11T12:00:00Z').rows), ['a.01', 'a.04', 'a.05', 'a.08']);
  assert.equal(ids(page(SP_A, query, 100, '2024-05-01T00:00:00Z').rows), []);
  assert.equal(ids(page(SP_A, query, 100, '2030-01-01T00:00:00Z').rows).length, 8);
});

test('keyset walks through null and non-null sort keys, repeated, equal a single page', () => {
  for (const orderBy of ['status/lastExecution/timeBegan', 'status/lastExecution/timeBegan desc', 'templateId desc,status/lastExecution/timeBegan']) {
    const query = `$orderby=${encodeURIComponent(orderBy)}`;
    const whole = ids(page(SP_A, query, 100).rows);
    assert.is(whole.length, 12, orderBy);
    for (const size of [1, 2, 5]) {
      assert.equal(walk(SP_A, query, size), whole, `${orderBy}, pages of ${size}`);
      assert.equal(walk(SP_A, query, size), whole, `${orderBy}, pages of ${size}, again`);
    }
    assert.equal(walk(SP_B, query, 5), ids(page(SP_B, query, 100).rows), `${orderBy} on the other service principal`);
  }
});

test('the last row’s id for the skiptoken: read from the stored body, or the id column under $select', () => {
  assert.equal(walk(SP_A, '', 5), ids(page(SP_A, '', 100).rows));
  const selected = parseListQuery('$select=templateId');
  const first = store.jobs.listPage(SP_A, selected, { pageSize: 5, ordering: '', context: { now: '2024-06-01T00:00:00Z' } });
  assert.equal(first.rows.map((row) => JSON.parse(row)), Array.from({ length: 5 }, (_, i) => ({ templateId: i % 2 ? 'scim' : 'aws' })));
  const next = store.jobs.listPage(SP_A, parseListQuery(`$select=templateId&$skiptoken=${encodeURIComponent(first.nextSkipToken!)}`), {
    pageSize: 5,
    ordering: '',
    context: { now: '2024-06-01T00:00:00Z' },
  });
  assert.is(next.rows.length, 5);
  // an id that needs escapes in JSON is read by parsing the body
  store.transaction(() => store.jobs.insert(SP_A, { id: 'a.05"x', templateId: 'aws', body: JSON.stringify({ id: 'a.05"x', templateId: 'aws', status: { code: 'Active' } }) }));
  try {
    assert.equal(walk(SP_A, '', 1), ['a.00', 'a.01', 'a.02', 'a.03', 'a.04', 'a.05', 'a.05"x', 'a.06', 'a.07', 'a.08', 'a.09', 'a.10', 'a.11']);
  } finally {
    store.transaction(() => store.jobs.delete(SP_A, 'a.05"x'));
  }
});

test.run();
