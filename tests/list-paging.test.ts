/**
 * Listing jobs page by page (decisions.md §4): the default page of 100, `Prefer:
 * odata.maxpagesize`, `$top` across pages, `$count`, `$skip`, `$orderby`, nextLinks that keep the
 * other options and the origin, keyset paging that survives writes between pages, and `/$count`.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Emulator } from '@syncemu/core';
import { assertJsonHeaders, collectionContext, graphError, internalErrors, jobsPath, newEmulator, SP } from './support/graph-harness.js';

const ORIGIN = 'https://graph.microsoft.com';
const INTERVALS = ['PT5M', 'PT40M', 'PT1H', 'PT90M', 'P1D', 'PT2H'];
const SECONDS: Record<string, number> = { PT5M: 300, PT40M: 2400, PT1H: 3600, PT90M: 5400, PT2H: 7200, P1D: 86400 };
const TEMPLATES = ['scim', 'aws', 'slack'];

interface Seeded {
  id: string;
  templateId: string;
  interval: string;
}

/** 250 jobs whose ids are seeded out of order: `j000`…`j999`, 250 distinct ones. */
function jobs250(): Seeded[] {
  return Array.from({ length: 250 }, (_, i) => ({
    id: `j${String((i * 7919) % 1000).padStart(3, '0')}`,
    templateId: TEMPLATES[i % 3]!,
    interval: INTERVALS[i % INTERVALS.length]!,
  }));
}

async function seeded(jobs: Seeded[]): Promise<Emulator> {
  const emulator = newEmulator();
  await emulator.seed({
    servicePrincipals: [{ id: SP, jobs: jobs.map((j) => ({ id: j.id, templateId: j.templateId, schedule: { interval: j.interval } })) }],
  });
  return emulator;
}

interface Page {
  '@odata.context': string;
  '@odata.count'?: number;
  '@odata.nextLink'?: string;
  value: { id: string; templateId?: string; schedule?: { interval: string } }[];
}

/** Follows nextLinks from `url`, sending `headers` each time; returns every page. */
async function walk(emulator: Emulator, url: string, headers: Record<string, string> = {}, fetcher: typeof fetch = emulator.fetch): Promise<{ pages: Page[]; responses: Response[] }> {
  const pages: Page[] = [];
  const responses: Response[] = [];
  let next: string | undefined = url;
  while (next !== undefined) {
    assert.ok(pages.length < 100, 'too many pages');
    const res = await fetcher(next, { headers });
    assert.is(res.status, 200, `GET ${next}`);
    assertJsonHeaders(res);
    const page = (await res.json()) as Page;
    pages.push(page);
    responses.push(res);
    next = page['@odata.nextLink'];
  }
  return { pages, responses };
}

const ids = (pages: Page[]) => pages.flatMap((page) => page.value.map((job) => job.id));
const sorted = (values: string[]) => [...values].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
const SKIPTOKEN_LINK = (origin: string, version: string, kept: string) =>
  new RegExp(`^${escape(`${origin}/${version}/servicePrincipals/${SP}/synchronization/jobs?${kept}`)}\\$skiptoken=[^&]+$`);
function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

test('the default page is 100: 250 jobs come as 100, 100, 50, every id once, in id order', async () => {
  const all = jobs250();
  const emulator = await seeded(all);
  try {
    const { pages, responses } = await walk(emulator, `${ORIGIN}${jobsPath()}?$select=id`);
    assert.equal(
      pages.map((page) => page.value.length),
      [100, 100, 50],
    );
    assert.equal(ids(pages), sorted(all.map((j) => j.id)));
    for (const page of pages) assert.is(page['@odata.context'], collectionContext(ORIGIN, 'v1.0', SP, 'id'));
    assert.match(pages[0]!['@odata.nextLink']!, SKIPTOKEN_LINK(ORIGIN, 'v1.0', '$select=id&'));
    assert.match(pages[1]!['@odata.nextLink']!, SKIPTOKEN_LINK(ORIGIN, 'v1.0', '$select=id&'));
    assert.is(pages[2]!['@odata.nextLink'], undefined);
    assert.equal(Object.keys(pages[0]!), ['@odata.context', '@odata.nextLink', 'value']);
    for (const res of responses) assert.is(res.headers.get('preference-applied'), null);
  } finally {
    await emulator.close();
  }
});

test('Prefer: odata.maxpagesize=7 pages by 7 and says so in Preference-Applied', async () => {
  const all = jobs250();
  const emulator = await seeded(all);
  try {
    const { pages, responses } = await walk(emulator, `${ORIGIN}${jobsPath('beta')}?$select=id`, { Prefer: 'odata.maxpagesize=7' });
    assert.is(pages.length, 36);
    assert.ok(pages.slice(0, 35).every((page) => page.value.length === 7));
    assert.is(pages[35]!.value.length, 5);
    assert.equal(ids(pages), sorted(all.map((j) => j.id)));
    for (const res of responses) assert.is(res.headers.get('preference-applied'), 'odata.maxpagesize=7');
  } finally {
    await emulator.close();
  }
});

test('maxpagesize is capped at 999, combines with other preferences, and a malformed one is ignored', async () => {
  const emulator = await seeded(jobs250());
  try {
    const url = `${ORIGIN}${jobsPath()}?$select=id`;
    let res = await emulator.fetch(url, { headers: { Prefer: 'odata.maxpagesize=5000' } });
    assert.is(res.headers.get('preference-applied'), 'odata.maxpagesize=999');
    assert.is(((await res.json()) as Page).value.length, 250);
    res = await emulator.fetch(url, { headers: { Prefer: 'return=minimal, odata.maxpagesize=3' } });
    assert.is(res.headers.get('preference-applied'), 'odata.maxpagesize=3');
    assert.is(((await res.json()) as Page).value.length, 3);
    res = await emulator.fetch(url, { headers: { Prefer: 'odata.maxpagesize=abc' } });
    assert.is(res.headers.get('preference-applied'), null);
    assert.is(((await res.json()) as Page).value.length, 100);
  } finally {
    await emulator.close();
  }
});

test('$top is the page size: every page holds $top jobs, the nextLink keeps $top, the walk yields every job once', async () => {
  const all = jobs250();
  const everyId = sorted(all.map((j) => j.id));
  const emulator = await seeded(all);
  try {
    const fifteen = await walk(emulator, `${ORIGIN}${jobsPath()}?$top=15&$select=id`);
    assert.equal(
      fifteen.pages.map((page) => page.value.length),
      [...Array<number>(16).fill(15), 10],
    );
    for (const page of fifteen.pages.slice(0, -1)) assert.match(page['@odata.nextLink']!, SKIPTOKEN_LINK(ORIGIN, 'v1.0', '$top=15&$select=id&'));
    assert.is(fifteen.pages.at(-1)!['@odata.nextLink'], undefined);
    assert.equal(ids(fifteen.pages), everyId);

    // a smaller odata.maxpagesize wins over $top, on every page
    const preferred = await walk(emulator, `${ORIGIN}${jobsPath()}?$top=15&$select=id`, { Prefer: 'odata.maxpagesize=10' });
    assert.equal(
      preferred.pages.map((page) => page.value.length),
      Array<number>(25).fill(10),
    );
    assert.equal(ids(preferred.pages), everyId);

    // $top above the default page size of 100 is one page of that size
    const big = await walk(emulator, `${ORIGIN}${jobsPath()}?$top=250&$select=id`);
    assert.equal(
      big.pages.map((page) => page.value.length),
      [250],
    );
    assert.equal(ids(big.pages), everyId);
    // $top=0: an empty page (the count still counts), and no link to follow
    const none = await walk(emulator, `${ORIGIN}${jobsPath()}?$top=0&$select=id&$count=true`);
    assert.equal(none.pages, [{ '@odata.context': collectionContext(ORIGIN, 'v1.0', SP, 'id'), '@odata.count': 250, value: [] }]);
  } finally {
    await emulator.close();
  }
});

test('$count=true gives the total (after $filter, before paging) on every page', async () => {
  const all = jobs250();
  const emulator = await seeded(all);
  try {
    const { pages } = await walk(emulator, `${ORIGIN}${jobsPath()}?$count=true&$select=id`);
    assert.equal(
      pages.map((page) => page['@odata.count']),
      [250, 250, 250],
    );
    assert.equal(Object.keys(pages[0]!), ['@odata.context', '@odata.count', '@odata.nextLink', 'value']);
    const aws = all.filter((j) => j.templateId === 'aws').map((j) => j.id);
    const filtered = await walk(emulator, `${ORIGIN}${jobsPath()}?$count=true&$filter=templateId eq 'aws'&$select=id`, { Prefer: 'odata.maxpagesize=30' });
    assert.is(aws.length, 83);
    assert.equal(
      filtered.pages.map((page) => [page['@odata.count'], page.value.length]),
      [
        [83, 30],
        [83, 30],
        [83, 23],
      ],
    );
    assert.equal(ids(filtered.pages), sorted(aws));
    const off = await walk(emulator, `${ORIGIN}${jobsPath()}?$count=false&$top=50&$select=id`);
    assert.is(off.pages.length, 5);
    assert.ok(off.pages.every((page) => page['@odata.count'] === undefined));
  } finally {
    await emulator.close();
  }
});

test('$skip skips in order; the nextLink does not skip again', async () => {
  const all = sorted(jobs250().map((j) => j.id));
  const emulator = await seeded(jobs250());
  try {
    const tail = await walk(emulator, `${ORIGIN}${jobsPath()}?$skip=240&$select=id`);
    assert.equal(ids(tail.pages), all.slice(240));
    const { pages } = await walk(emulator, `${ORIGIN}${jobsPath()}?$skip=95&$select=id`);
    assert.equal(
      pages.map((page) => page.value.length),
      [100, 55],
    );
    assert.match(pages[0]!['@odata.nextLink']!, SKIPTOKEN_LINK(ORIGIN, 'v1.0', '$select=id&'));
    assert.equal(ids(pages), all.slice(95));
    const past = await walk(emulator, `${ORIGIN}${jobsPath()}?$skip=1000&$select=id`);
    assert.equal(ids(past.pages), []);
  } finally {
    await emulator.close();
  }
});

test('$orderby schedule/interval desc, templateId: durations by length, then template, then id; stable across pages', async () => {
  const all = jobs250();
  const emulator = await seeded(all);
  try {
    const expected = [...all]
      .sort((a, b) => SECONDS[b.interval]! - SECONDS[a.interval]! || (a.templateId < b.templateId ? -1 : a.templateId > b.templateId ? 1 : 0) || (a.id < b.id ? -1 : 1))
      .map((j) => j.id);
    const query = '$orderby=schedule/interval desc, templateId&$select=id,templateId,schedule';
    const { pages } = await walk(emulator, `${ORIGIN}${jobsPath()}?${query}`, { Prefer: 'odata.maxpagesize=40' });
    assert.is(pages.length, 7);
    assert.equal(ids(pages), expected);
    // The first jobs are the one-day ones (not 'PT90M', which sorts last as text).
    assert.equal(pages[0]!.value[0]!.schedule, { expiration: null, interval: 'P1D', state: 'Disabled' });
    assert.is(pages[6]!.value.at(-1)!.schedule!.interval, 'PT5M');
    // Ascending is the exact reverse order of intervals.
    const asc = await walk(emulator, `${ORIGIN}${jobsPath()}?$orderby=schedule/interval&$select=id,schedule&$top=3`);
    assert.equal(
      asc.pages[0]!.value.map((job) => job.schedule!.interval),
      ['PT5M', 'PT5M', 'PT5M'],
    );
    // A skiptoken belongs to its ordering.
    const token = new URL(pages[0]!['@odata.nextLink']!).searchParams.get('$skiptoken')!;
    await graphError(await emulator.fetch(`${ORIGIN}${jobsPath()}?$select=id&$skiptoken=${encodeURIComponent(token)}`), {
      status: 400,
      code: 'BadRequest',
      message: /^The \$skiptoken '[A-Za-z0-9_-]{40}…' is not valid: use the @odata\.nextLink of the previous page as it is\.$/,
    });
  } finally {
    await emulator.close();
  }
});

test('the nextLink keeps the other options as sent and names the origin the request used', async () => {
  const emulator = await seeded(jobs250());
  const server = await emulator.listen({ port: 0 });
  try {
    const params = new URLSearchParams({ $filter: "templateId eq 'aws' or templateId eq 'slack'", $select: 'id,templateId', $count: 'true', $orderby: 'id desc', custom: 'kept' });
    for (const [origin, fetcher] of [
      ['https://graph.microsoft.com', emulator.fetch],
      ['http://graph.test:8080', emulator.fetch],
      [server.url, fetch],
    ] as const) {
      const { pages } = await walk(emulator, `${origin}${jobsPath('beta')}?${params}`, { Prefer: 'odata.maxpagesize=50' }, fetcher);
      assert.equal(
        pages.map((page) => page.value.length),
        [50, 50, 50, 16],
      );
      for (const page of pages.slice(0, 3)) assert.match(page['@odata.nextLink']!, SKIPTOKEN_LINK(origin, 'beta', `${params}&`));
      for (const page of pages) {
        assert.is(page['@odata.context'], collectionContext(origin, 'beta', SP, 'id,templateId'));
        assert.is(page['@odata.count'], 166);
        assert.ok(page.value.every((job) => job.templateId === 'aws' || job.templateId === 'slack'));
      }
      const got = ids(pages);
      assert.equal(got, sorted(got).reverse());
      assert.is(new Set(got).size, 166);
    }
  } finally {
    await server.close();
    await emulator.close();
  }
});

test('a job added or deleted between pages neither repeats nor skips another', async () => {
  const base = Array.from({ length: 30 }, (_, i) => ({ id: `a${String(i).padStart(2, '0')}`, templateId: 'scim', interval: 'PT40M' }));
  const emulator = await seeded(base);
  try {
    const headers = { Prefer: 'odata.maxpagesize=10' };
    let res = await emulator.fetch(`${ORIGIN}${jobsPath()}?$select=id`, { headers });
    const first = (await res.json()) as Page;
    assert.equal(ids([first]), base.slice(0, 10).map((j) => j.id));

    // Between pages: delete one already seen and one not yet seen; add one before the cursor and one after it.
    const del = async (id: string) => assert.is((await emulator.fetch(`${ORIGIN}${jobsPath()}/${id}`, { method: 'DELETE' })).status, 204);
    await del('a05');
    await del('a12');
    await emulator.seed({ servicePrincipals: [{ id: SP, jobs: [{ id: 'a015', templateId: 'aws' }, { id: 'a095', templateId: 'aws' }] }] });

    res = await emulator.fetch(first['@odata.nextLink']!, { headers });
    const second = (await res.json()) as Page;
    assert.equal(ids([second]), ['a095', 'a10', 'a11', 'a13', 'a14', 'a15', 'a16', 'a17', 'a18', 'a19']);
    await del('a20');
    const rest = await walk(emulator, second['@odata.nextLink']!, headers);
    assert.equal(ids(rest.pages), ['a21', 'a22', 'a23', 'a24', 'a25', 'a26', 'a27', 'a28', 'a29']);

    // With $orderby too: the keyset is (key, id).
    const ordered = await emulator.fetch(`${ORIGIN}${jobsPath()}?$select=id&$orderby=templateId desc`, { headers });
    const o1 = (await ordered.json()) as Page;
    assert.equal(ids([o1]), ['a00', 'a01', 'a02', 'a03', 'a04', 'a06', 'a07', 'a08', 'a09', 'a10']);
    await del('a04');
    await del('a11');
    const o2 = await walk(emulator, o1['@odata.nextLink']!, headers);
    assert.equal(ids(o2.pages), ['a13', 'a14', 'a15', 'a16', 'a17', 'a18', 'a19', 'a21', 'a22', 'a23', 'a24', 'a25', 'a26', 'a27', 'a28', 'a29', 'a015', 'a095']);
  } finally {
    await emulator.close();
  }
});

test('GET …/jobs/$count answers the number as text/plain, honouring $filter', async () => {
  const all = jobs250();
  const emulator = await seeded(all);
  try {
    for (const version of ['v1.0', 'beta'] as const) {
      let res = await emulator.fetch(`${ORIGIN}${jobsPath(version)}/$count`);
      assert.is(res.status, 200);
      assert.is(res.headers.get('content-type'), 'text/plain;charset=utf-8');
      assert.is(await res.text(), '250');
      res = await emulator.fetch(`${ORIGIN}${jobsPath(version)}/$count?$filter=templateId eq 'slack' and schedule/interval gt duration'PT1H'`);
      const expected = all.filter((j) => j.templateId === 'slack' && SECONDS[j.interval]! > 3600).length;
      assert.ok(expected > 0 && expected < 83);
      assert.is(await res.text(), String(expected));
    }
    const beta = await emulator.fetch(`${ORIGIN}${jobsPath('beta')}/$count?filter=templateId eq 'aws'`);
    assert.is(await beta.text(), '83');
    const empty = await emulator.fetch(`${ORIGIN}${jobsPath('v1.0', '11111111-2222-4333-8444-555555555555')}/$count`);
    assert.is(empty.status, 200);
    assert.is(await empty.text(), '0');
  } finally {
    await emulator.close();
  }
});

test('no request caused an internal error', () => {
  assert.equal(internalErrors, []);
});

test.run();
