/**
 * Keyset paging at scale (issue 3 §4): 10,000 jobs walked with `Prefer: odata.maxpagesize` and
 * `@odata.nextLink` while jobs are inserted and deleted between pages, some before the walk's
 * position and some after it. Every job present for the whole walk appears exactly once, no id
 * appears twice, none appears after it was deleted, and the order is kept; the same with
 * `$orderby=status/code desc,schedule/interval` and a `$filter`; `$top` across pages; and a
 * tampered or foreign `$skiptoken` is a Graph 400.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Emulator } from '@syncemu/core';
import { compareCodePoints, durationSeconds } from './conformance/reference-evaluator.js';
import { NOW, SP } from './conformance/jobs-fixture.js';
import { assertGraphError, internalErrors, jobsUrl, newQueryEmulator, ORIGIN, walk, type ListBody } from './support/query-http.js';

const TOTAL = 10_000;
const PAGE = 500;
const TENANT_HEX = '0b5e2f0e1c5a4c7b8a0e1f2d3c4b5a69';
const CODES = ['NotConfigured', 'NotRun', 'Active', 'Paused', 'Quarantine'] as const;
const ORDINAL: Record<string, number> = { NotConfigured: 0, NotRun: 1, Active: 2, Paused: 3, Quarantine: 4 };
/** Equal lengths spelled differently (PT1H, PT60M, PT3600S) make ties that only the id breaks. */
const INTERVALS = ['PT40M', 'PT1H', 'PT60M', 'PT3600S', 'PT20M', 'P1D', 'PT2H30M'];
const TEMPLATES = ['scim', 'aws', 'slack', 'gsuite', 'customappsso'];

/** mulberry32: a small seeded PRNG, so ids and values are the same every run. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function guid(random: () => number): string {
  const hex = Array.from({ length: 32 }, () => Math.floor(random() * 16).toString(16)).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${'89ab'[Math.floor(random() * 4)]}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

interface Made {
  readonly id: string;
  readonly code: string;
  readonly interval: string;
  readonly failures: number;
  readonly templateId: string;
}

function makeJob(random: () => number): Made {
  const templateId = TEMPLATES[Math.floor(random() * TEMPLATES.length)]!;
  return {
    id: `${templateId}.${TENANT_HEX}.${guid(random)}`,
    templateId,
    code: CODES[Math.floor(random() * CODES.length)]!,
    interval: INTERVALS[Math.floor(random() * INTERVALS.length)]!,
    failures: Math.floor(random() * 12),
  };
}

function body(job: Made): string {
  return JSON.stringify({
    id: job.id,
    templateId: job.templateId,
    schedule: { expiration: null, interval: job.interval, state: 'Active' },
    status: {
      code: job.code,
      countSuccessiveCompleteFailures: job.failures,
      escrowsPruned: false,
      lastExecution: null,
      lastSuccessfulExecution: null,
      lastSuccessfulExecutionWithExports: null,
      progress: [],
      quarantine: null,
      steadyStateFirstAchievedTime: '0001-01-01T00:00:00Z',
      steadyStateLastAchievedTime: '0001-01-01T00:00:00Z',
      synchronizedEntryCountByType: [],
      troubleshootingUrl: null,
    },
    synchronizationJobSettings: [],
  });
}

/** Inserts jobs straight into the store, in one transaction. */
function insert(emulator: Emulator, jobs: readonly Made[]): void {
  emulator.store.transaction(() => {
    emulator.store.servicePrincipals.ensure(SP, NOW);
    for (const job of jobs) emulator.store.jobs.insert(SP, { id: job.id, templateId: job.templateId, body: body(job) });
  });
}

async function seeded(seed: number): Promise<{ emulator: Emulator; jobs: Made[]; random: () => number }> {
  const random = prng(seed);
  const emulator = await newQueryEmulator().ready;
  const jobs = Array.from({ length: TOTAL }, () => makeJob(random));
  insert(emulator, jobs);
  return { emulator, jobs, random };
}

async function page(emulator: Emulator, url: string): Promise<ListBody> {
  const res = await emulator.fetch(url, { headers: { Prefer: `odata.maxpagesize=${PAGE}` } });
  const text = await res.text();
  assert.is(res.status, 200, text);
  assert.is(res.headers.get('preference-applied'), `odata.maxpagesize=${PAGE}`);
  return JSON.parse(text) as ListBody;
}

interface WalkLog {
  /** Every listed row, in the order listed, with the page it came on. */
  readonly rows: { id: string; row: Record<string, unknown>; page: number }[];
  /** Id → the page before which it was deleted. */
  readonly deletedBefore: Map<string, number>;
  readonly inserted: Set<string>;
  readonly pages: number;
}

/**
 * Walks `url` page by page; between pages deletes some listed and some not yet listed jobs
 * (through DELETE), creates some (through POST) and inserts some with chosen ids (both sides of
 * the position).
 */
async function walkWhileWriting(emulator: Emulator, url: string, universe: Made[], random: () => number, matches: (job: Made) => boolean): Promise<WalkLog> {
  const rows: WalkLog['rows'] = [];
  const deletedBefore = new Map<string, number>();
  const inserted = new Set<string>();
  const alive = new Set(universe.map((j) => j.id));
  let next: string | undefined = url;
  let pageNo = 0;
  while (next !== undefined) {
    const body = await page(emulator, next);
    for (const row of body.value) rows.push({ id: String(row['id']), row, page: pageNo });
    next = body['@odata.nextLink'];
    if (next !== undefined) {
      assert.ok(next.startsWith(`${ORIGIN}/v1.0/servicePrincipals/${SP}/synchronization/jobs?`), next);
      assert.match(next, /[?&]\$skiptoken=[A-Za-z0-9_-]+/);
    }
    pageNo++;
    // between pages: delete 10 already seen and 15 not yet seen, create 10, insert 20
    const seen = new Set(rows.map((r) => r.id));
    const alivePool = [...alive];
    const pickDeletions = (wantSeen: boolean, n: number) => {
      const picked: string[] = [];
      for (let tries = 0; picked.length < n && tries < 10 * n; tries++) {
        const id = alivePool[Math.floor(random() * alivePool.length)]!;
        if (seen.has(id) === wantSeen && !picked.includes(id)) picked.push(id);
      }
      return picked;
    };
    for (const id of [...pickDeletions(true, 10), ...pickDeletions(false, 15)]) {
      const res = await emulator.fetch(`${jobsUrl()}/${encodeURIComponent(id)}`, { method: 'DELETE' });
      assert.is(res.status, 204);
      alive.delete(id);
      deletedBefore.set(id, pageNo);
    }
    for (let i = 0; i < 10; i++) {
      const res = await emulator.fetch(jobsUrl(), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ templateId: 'scim' }) });
      assert.is(res.status, 201);
      const created = (await res.json()) as { id: string };
      inserted.add(created.id);
    }
    const fresh = Array.from({ length: 20 }, () => makeJob(random)).filter(matches);
    insert(emulator, fresh);
    for (const job of fresh) inserted.add(job.id);
  }
  return { rows, deletedBefore, inserted, pages: pageNo };
}

function assertWalk(log: WalkLog, universe: Made[], matches: (job: Made) => boolean, compare: (a: Record<string, unknown>, b: Record<string, unknown>) => number): void {
  const counts = new Map<string, number>();
  for (const r of log.rows) counts.set(r.id, (counts.get(r.id) ?? 0) + 1);
  const twice = [...counts].filter(([, n]) => n > 1).map(([id]) => id);
  assert.equal(twice, [], 'an id appeared twice');
  const listed = new Set(counts.keys());
  const stayed = universe.filter((j) => matches(j) && !log.deletedBefore.has(j.id));
  const missing = stayed.filter((j) => !listed.has(j.id)).map((j) => j.id);
  assert.equal(missing, [], `${missing.length} jobs present for the whole walk were skipped`);
  const known = new Set([...universe.map((j) => j.id), ...log.inserted]);
  for (const r of log.rows) {
    assert.ok(known.has(r.id), `phantom ${r.id}`);
    const deleted = log.deletedBefore.get(r.id);
    assert.ok(deleted === undefined || r.page < deleted, `${r.id} listed on page ${r.page} after its deletion before page ${deleted}`);
  }
  for (let i = 1; i < log.rows.length; i++) {
    const c = compare(log.rows[i - 1]!.row, log.rows[i]!.row);
    assert.ok(c < 0, `order broken at row ${i}: ${log.rows[i - 1]!.id} then ${log.rows[i]!.id}`);
  }
}

const byId = (a: Record<string, unknown>, b: Record<string, unknown>) => compareCodePoints(String(a['id']), String(b['id']));

test(`walk ${TOTAL} jobs ${PAGE} a page in id order while inserting and deleting between pages`, async () => {
  const { emulator, jobs, random } = await seeded(1);
  const started = Date.now();
  const log = await walkWhileWriting(emulator, `${jobsUrl()}?$select=id`, jobs, random, () => true);
  assert.ok(log.pages >= TOTAL / PAGE, `${log.pages} pages`);
  assertWalk(log, jobs, () => true, byId);
  // jobs inserted during the walk with ids past the position were listed too (keyset, not offset)
  assert.ok(log.rows.some((r) => log.inserted.has(r.id)), 'no job inserted during the walk was listed');
  assert.ok(Date.now() - started < 20_000, `${Date.now() - started} ms`);
  assert.equal(internalErrors, []);
  await emulator.close();
});

test(`walk with $orderby=status/code desc,schedule/interval and a $filter, while inserting and deleting`, async () => {
  const { emulator, jobs, random } = await seeded(2);
  const matches = (j: Made) => j.failures < 8 && j.templateId !== 'aws';
  const filter = encodeURIComponent("status/countSuccessiveCompleteFailures lt 8 and templateId ne 'aws'");
  const orderBy = encodeURIComponent('status/code desc,schedule/interval');
  const log = await walkWhileWriting(emulator, `${jobsUrl()}?$filter=${filter}&$orderby=${orderBy}&$select=id,status,schedule`, jobs, random, matches);
  const key = (row: Record<string, unknown>) => {
    const status = row['status'] as { code: string };
    const schedule = row['schedule'] as { interval: string };
    return [ORDINAL[status.code]!, durationSeconds(schedule.interval)] as const;
  };
  assertWalk(log, jobs, matches, (a, b) => {
    const [ca, ia] = key(a);
    const [cb, ib] = key(b);
    return cb - ca || ia - ib || byId(a, b);
  });
  assert.ok(log.rows.every((r) => Object.keys(r.row).join() === 'id,schedule,status'));
  // every listed job matches the filter (those created by POST have 0 failures and template scim)
  const made = new Map(jobs.map((j) => [j.id, j]));
  for (const r of log.rows) if (made.has(r.id)) assert.ok(matches(made.get(r.id)!), r.id);
  // ties on equal durations written differently (PT1H, PT60M, PT3600S) are broken by id
  const hour = log.rows.filter((r) => (r.row['status'] as { code: string }).code === 'Active' && durationSeconds((r.row['schedule'] as { interval: string }).interval) === 3600);
  assert.ok(new Set(hour.map((r) => (r.row['schedule'] as { interval: string }).interval)).size === 3);
  assert.equal(internalErrors, []);
  await emulator.close();
});

test('$top (at most 999) across pages, $count on every page, the last page costs what the first does', async () => {
  const { emulator, jobs } = await seeded(3);
  const sorted = jobs.map((j) => j.id).sort(compareCodePoints);
  // $top is the page size: 10,000 jobs in pages of 900 (the last one 100), all of them once
  const pages = await walk((url) => emulator.fetch(url), `${jobsUrl()}?$top=900&$count=true&$select=id`);
  assert.is(pages.length, 12);
  assert.equal(pages.flatMap((p) => p.value.map((j) => j['id'])), sorted);
  assert.ok(pages.every((p) => p['@odata.count'] === TOTAL));
  assert.ok(pages.slice(0, -1).every((p) => p.value.length === 900 && /\$top=900&/.test(p['@odata.nextLink']!)));
  assert.is(pages[11]!.value.length, 100);
  assert.is(pages[11]!['@odata.nextLink'], undefined);
  // a smaller odata.maxpagesize wins over $top
  const preferred = await walk((url) => emulator.fetch(url, { headers: { Prefer: 'odata.maxpagesize=200' } }), `${jobsUrl()}?$top=900&$select=id`);
  assert.is(preferred.length, 50);
  assert.equal(preferred.flatMap((p) => p.value.map((j) => j['id'])), sorted);
  const skipped = await walk((url) => emulator.fetch(url, { headers: { Prefer: 'odata.maxpagesize=999' } }), `${jobsUrl()}?$skip=9500&$select=id`);
  assert.equal(skipped.flatMap((p) => p.value.map((j) => j['id'])), sorted.slice(9500));
  // keyset: a page deep in the walk is as cheap as the first (generous bound: timing on a busy CI box)
  const all = await walk((url) => emulator.fetch(url, { headers: { Prefer: 'odata.maxpagesize=100' } }), `${jobsUrl()}?$select=id`);
  assert.is(all.length, TOTAL / 100);
  const lastLink = (await walk((url) => emulator.fetch(url, { headers: { Prefer: 'odata.maxpagesize=100' } }), `${jobsUrl()}?$select=id&$skip=9800`)).length;
  assert.is(lastLink, 2);
  const time = async (url: string) => {
    const t = process.hrtime.bigint();
    for (let i = 0; i < 20; i++) await (await emulator.fetch(url, { headers: { Prefer: 'odata.maxpagesize=100' } })).text();
    return Number(process.hrtime.bigint() - t) / 20;
  };
  const first = await time(`${jobsUrl()}?$select=id`);
  const deepLink = (await (await emulator.fetch(`${jobsUrl()}?$select=id&$skip=9899`, { headers: { Prefer: 'odata.maxpagesize=1' } })).json() as ListBody)['@odata.nextLink']!;
  const deep = await time(deepLink);
  assert.ok(deep < first * 5 + 2e6, `first page ${first / 1e6} ms, a page at 9,900 ${deep / 1e6} ms`);
  await emulator.close();
});

test('a tampered, truncated or foreign $skiptoken is a Graph 400; the nextLink as given works', async () => {
  const { emulator } = await seeded(4);
  const ordered = `${jobsUrl()}?$orderby=${encodeURIComponent('status/code desc,schedule/interval')}&$select=id`;
  const first = await page(emulator, ordered);
  const link = first['@odata.nextLink']!;
  const token = decodeURIComponent(/\$skiptoken=([^&]+)/.exec(link)![1]!);
  const withToken = (url: string, t: string) => `${url}&$skiptoken=${encodeURIComponent(t)}`;
  assert.is((await emulator.fetch(link)).status, 200);
  const invalid = /^The \$skiptoken '.*' is not valid: use the @odata\.nextLink of the previous page as it is\.$/;
  // flipped characters, truncated, not base64 JSON at all
  const flipped = token.slice(0, 5) + (token[5] === 'A' ? 'B' : 'A') + token.slice(6);
  for (const bad of [token.slice(0, token.length - 7), `${token}x`, '!!!', 'e30', Buffer.from('[1,2]').toString('base64url'), flipped]) {
    const res = await emulator.fetch(withToken(ordered, bad));
    if (bad === flipped && res.status === 200) continue; // a flip may still decode to a valid position
    await assertGraphError(res, 400, invalid, bad);
  }
  // a well-formed token with the wrong number of keys
  const parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { k: unknown[] };
  const fewer = Buffer.from(JSON.stringify({ ...parsed, k: parsed.k.slice(1) })).toString('base64url');
  await assertGraphError(await emulator.fetch(withToken(ordered, fewer)), 400, invalid);
  const objectKey = Buffer.from(JSON.stringify({ ...parsed, k: [{}, 1] })).toString('base64url');
  await assertGraphError(await emulator.fetch(withToken(ordered, objectKey)), 400, invalid);
  // a token of another ordering: with as many keys, it says so; with another number of keys, it is not valid
  const foreign = /^The \$skiptoken '.*' belongs to a query with another \$orderby; keep the other options of the @odata\.nextLink as they are\.$/;
  await assertGraphError(await emulator.fetch(withToken(`${jobsUrl()}?$orderby=templateId,id&$select=id`, token)), 400, foreign);
  await assertGraphError(await emulator.fetch(withToken(`${jobsUrl()}?$orderby=${encodeURIComponent('status/code,schedule/interval')}&$select=id`, token)), 400, foreign);
  await assertGraphError(await emulator.fetch(withToken(`${jobsUrl()}?$orderby=templateId&$select=id`, token)), 400, invalid);
  await assertGraphError(await emulator.fetch(withToken(`${jobsUrl()}?$select=id`, token)), 400, invalid);
  // a token of another filter
  const filtered = `${jobsUrl()}?$filter=${encodeURIComponent("templateId eq 'aws'")}&$orderby=${encodeURIComponent('status/code desc,schedule/interval')}&$select=id`;
  const otherFilter = /^The \$skiptoken '.*' belongs to a query with another \$filter; keep the other options of the @odata\.nextLink as they are\.$/;
  await assertGraphError(await emulator.fetch(withToken(filtered, token)), 400, otherFilter);
  // the filter is compared in its checked form: spelling, keyword case and parentheses do not matter
  const spelled = (text: string) => `${jobsUrl()}?$filter=${encodeURIComponent(text)}&$orderby=${encodeURIComponent('status/code desc,schedule/interval')}&$select=id`;
  const aws = await page(emulator, spelled("templateId eq 'aws'"));
  const awsToken = decodeURIComponent(/\$skiptoken=([^&]+)/.exec(aws['@odata.nextLink']!)![1]!);
  assert.is((await emulator.fetch(withToken(spelled("(templateId  EQ  'aws')"), awsToken))).status, 200);
  await assertGraphError(await emulator.fetch(withToken(spelled("templateId eq 'slack'"), awsToken)), 400, otherFilter);
  await assertGraphError(await emulator.fetch(withToken(ordered, awsToken)), 400, otherFilter);
  // on beta, without $
  const beta = `${jobsUrl('beta')}?orderby=${encodeURIComponent('status/code desc,schedule/interval')}&select=id&skiptoken=garbage`;
  await assertGraphError(await emulator.fetch(beta), 400, invalid);
  assert.equal(internalErrors, []);
  await emulator.close();
});

test.run();
