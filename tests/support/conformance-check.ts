/**
 * Runs a case of the OData conformance corpus (tests/conformance/cases.ts) against an emulator and
 * says what is wrong with its answer: the SQLite suite (query-conformance) and the PostgreSQL one
 * (query-conformance-postgres) run the same corpus through the same checks.
 */
import { cases, type Case, type CountCase, type EntityCase, type ErrorCase, type ListCase } from '../conformance/cases.js';
import { ALL_IDS, JOBS, SP } from '../conformance/jobs-fixture.js';
import { referenceQuery } from '../conformance/reference-evaluator.js';
import { parseListQuery } from '@syncemu/odata';
import { fromTyped } from '../conformance/expression.js';
import { encodeQuery, graphErrorProblems, jobsUrl, walk, ORIGIN, type ListBody } from './query-http.js';

export { cases };

export const isError = (c: Case): c is ErrorCase => 'error' in c;
export const isCount = (c: Case): c is CountCase => 'path' in c && c.path === 'count' && !isError(c);
export const isEntity = (c: Case): c is EntityCase => 'path' in c && typeof c.path === 'object' && !isError(c);
export const isList = (c: Case): c is ListCase => !isError(c) && !('path' in c);
export const label = (c: Case) => `${c.name ? `${c.name}: ` : ''}${'path' in c && c.path !== undefined ? `${typeof c.path === 'object' ? `jobs/${c.path.job}` : 'jobs/$count'} ` : ''}?${c.query}`;

/** The URL of a case: on v1.0 through fetch, or on beta (no `$`) against `origin`. */
export function caseUrl(c: Case, origin = ORIGIN, beta = false): string {
  const path = 'path' in c ? c.path : undefined;
  let url = jobsUrl(beta ? 'beta' : 'v1.0', SP, origin);
  if (path === 'count') url += '/$count';
  else if (typeof path === 'object') url += `/${encodeURIComponent(path.job)}`;
  const query = encodeQuery(c.query, { dropDollar: beta });
  return query === '' ? url : `${url}?${query}`;
}

/** Runs one case; returns what is wrong with the answer ('' when it conforms). */
export async function check(call: (url: string) => Promise<Response>, c: Case, url: string): Promise<string> {
  const res = await call(url);
  const text = await res.text();
  try {
    if (isError(c)) {
      if (res.status !== c.error.status) return `status ${res.status}, expected ${c.error.status}: ${text.slice(0, 300)}`;
      const problems = graphErrorProblems(res.status, res.headers, text);
      if (problems.length > 0) return `not a Graph error: ${problems.join('; ')}`;
      const message = (JSON.parse(text) as { error: { code: string; message: string } }).error;
      if (message.code !== 'BadRequest') return `code ${message.code}`;
      const ok = typeof c.error.message === 'string' ? message.message === c.error.message : c.error.message.test(message.message);
      return ok ? '' : `message\n      got:      ${message.message}\n      expected: ${String(c.error.message)}`;
    }
    if (res.status !== 200) return `status ${res.status}: ${text.slice(0, 400)}`;
    if (isCount(c)) {
      if (!(res.headers.get('content-type') ?? '').startsWith('text/plain')) return `content-type ${res.headers.get('content-type')}`;
      return text === String(c.count) ? '' : `count ${text}, expected ${c.count}`;
    }
    const body = JSON.parse(text) as ListBody & Record<string, unknown>;
    if (isEntity(c)) {
      const keys = Object.keys(body);
      if (body['id'] !== undefined && body['id'] !== c.path.job) return `id ${String(body['id'])}`;
      return JSON.stringify(keys) === JSON.stringify(c.keys) ? '' : `keys ${JSON.stringify(keys)}, expected ${JSON.stringify(c.keys)}`;
    }
    if (!isList(c)) return 'unknown case kind';
    const got = body.value.map((job) => String(job['id'] ?? '?'));
    const expected = [...c.expected];
    const same = c.ordered ? JSON.stringify(got) === JSON.stringify(expected) : JSON.stringify([...got].sort()) === JSON.stringify([...expected].sort());
    if (c.keys === undefined || c.keys.includes('id')) {
      if (!same) return `ids\n      got:      ${got.join(' ')}\n      expected: ${expected.join(' ')}`;
    } else if (body.value.length !== expected.length) {
      return `${body.value.length} rows, expected ${expected.length}`;
    }
    if (c.keys !== undefined) {
      const bad = body.value.find((job) => JSON.stringify(Object.keys(job)) !== JSON.stringify(c.keys));
      if (bad) return `keys ${JSON.stringify(Object.keys(bad))}, expected ${JSON.stringify(c.keys)}`;
    }
    if (c.count !== undefined && body['@odata.count'] !== c.count) return `@odata.count ${String(body['@odata.count'])}, expected ${c.count}`;
    if (c.count === undefined && body['@odata.count'] !== undefined) return `@odata.count without $count=true`;
    if (c.walk === undefined) return body['@odata.nextLink'] === undefined ? '' : `unexpected nextLink ${body['@odata.nextLink']}`;
    if (body['@odata.nextLink'] === undefined) return `no nextLink after ${got.length} of the ${c.walk.length} jobs of the walk`;
    return await checkWalk(call, c, c.walk, body);
  } catch (error) {
    return `unreadable answer (${String(error)}): ${text.slice(0, 300)}`;
  }
}

/**
 * Follows the nextLinks of a first page to the end: no page larger than the first (`$top` is the
 * page size), the count on every page, the keys of every row, and every job of `walk` exactly once.
 */
async function checkWalk(call: (url: string) => Promise<Response>, c: ListCase, walk: readonly string[], first: ListBody): Promise<string> {
  const got = first.value.map((job) => String(job['id'] ?? '?'));
  let link = first['@odata.nextLink'];
  for (let pages = 1; link !== undefined; pages++) {
    if (pages > walk.length + 1) return `more pages than jobs in the walk (${walk.length})`;
    const res = await call(link);
    if (res.status !== 200) return `page ${pages + 1}: status ${res.status}: ${(await res.text()).slice(0, 300)}`;
    const page = (await res.json()) as ListBody;
    if (page.value.length > first.value.length) return `page ${pages + 1} holds ${page.value.length} jobs, more than the first page's ${first.value.length}`;
    if (page['@odata.count'] !== first['@odata.count']) return `page ${pages + 1}: @odata.count ${String(page['@odata.count'])}`;
    if (c.keys !== undefined && page.value.some((job) => JSON.stringify(Object.keys(job)) !== JSON.stringify(c.keys))) return `page ${pages + 1}: keys other than ${JSON.stringify(c.keys)}`;
    got.push(...page.value.map((job) => String(job['id'] ?? '?')));
    link = page['@odata.nextLink'];
  }
  if (c.keys !== undefined && !c.keys.includes('id')) return got.length === walk.length ? '' : `the walk listed ${got.length} jobs, expected ${walk.length}`;
  const same = c.ordered ? JSON.stringify(got) === JSON.stringify(walk) : JSON.stringify([...got].sort()) === JSON.stringify([...walk].sort());
  return same ? '' : `the walk\n      got:      ${got.join(' ')}\n      expected: ${walk.join(' ')}`;
}

