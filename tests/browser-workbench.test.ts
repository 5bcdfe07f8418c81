// The workbench page in a real browser (playwright-core driving Chromium) against `syncemu serve
// --seed examples/workbench.json --clock manual`, as a new user would run it. Every part of the
// page is found by the data-testid names of decisions.md §11. Screenshots go to docs/screenshots.
import { Client } from '@microsoft/microsoft-graph-client';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { byTestId, launchBrowser, openPage, screenshot, textOf, until, type WatchedPage } from './support/browser.js';
import { startServerProcess, type ServerProcess } from './support/cli-process.js';

const EXAMPLE = fileURLToPath(new URL('../../examples/workbench.json', import.meta.url));
const CONTOSO = '6f2d1c9e-4b3a-4c1e-9d2f-8a7b6c5d4e31';
const FABRIKAM = '0c8e7d6f-5a4b-4c3d-8e2f-1a0b9c8d7e62';
const START = '2030-01-06T09:00:00.000Z';
const SCIM_JOB = 'scim.5c1b2e3f8a7d4f609b1e2d4c6a8e0f13.00000001-0000-4000-8000-000000000001';

interface Context {
  server: ServerProcess;
  browser: Browser;
  watched: WatchedPage;
  page: Page;
}

const workbench = suite<Context>('workbench in Chromium');

workbench.before(async (context) => {
  context.server = await startServerProcess(['--db', ':memory:', '--seed', EXAMPLE, '--clock', 'manual', '--clock-start', START]);
  context.browser = await launchBrowser();
  context.watched = await openPage(context.browser, context.server.url);
  context.page = context.watched.page;
  await context.page.goto(`${context.server.url}/`);
});

workbench.after(async (context) => {
  await context.browser?.close();
  await context.server?.stop();
});

/** Types a query (replacing what is there) and runs it with Enter. */
async function runQuery(page: Page, query: string): Promise<void> {
  const input = byTestId(page, 'query');
  await input.fill(query);
  await input.press('Escape');
  await input.press('Enter');
}

const rowIds = (page: Page) => byTestId(page, 'results').locator('tbody tr td.id').allTextContents();

workbench('the page loads from the server alone: service principals with their jobs, the first query run, no console error', async ({ page, watched, server }) => {
  await until('the service principals', async () => (await byTestId(page, 'service-principal').locator('option').count()) === 2);
  const options = await byTestId(page, 'service-principal').locator('option').allTextContents();
  assert.ok(options[0]!.includes('Fabrikam HR inbound') || options[1]!.includes('Fabrikam HR inbound'), options.join(' | '));
  assert.ok(options.some((text) => text.includes(CONTOSO) && text.includes('(8 jobs)')), options.join(' | '));
  assert.ok(options.some((text) => text.includes(FABRIKAM) && text.includes('(3 jobs)')), options.join(' | '));
  // the first service principal with jobs (in id order) is chosen, and `$count=true&$top=10` run
  assert.is(await byTestId(page, 'service-principal').inputValue(), FABRIKAM);
  await until('the first page of results', async () => (await rowIds(page)).length === 3);
  assert.is(await textOf(page, 'count'), '3');
  assert.is(await byTestId(page, 'error').count(), 0);
  await until('the clock', async () => (await textOf(page, 'clock-now')) === START);
  assert.equal(watched.outside, [], 'no request leaves the server');
  assert.equal(watched.consoleErrors, []);
  // what the browser got: the page's security policy allows this server alone
  const response = await fetch(`${server.url}/`, { headers: { Accept: 'text/html' } });
  assert.match(response.headers.get('content-security-policy') ?? '', /default-src 'self'; connect-src 'self'/);

  // a job created by another client: ↻ reads the counts again
  const created = await fetch(`${server.url}/v1.0/servicePrincipals/${FABRIKAM}/synchronization/jobs`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"templateId": "scim"}' });
  assert.is(created.status, 201);
  await byTestId(page, 'service-principals-refresh').click();
  await until('four Fabrikam jobs', async () => (await byTestId(page, 'service-principal').locator('option').allTextContents()).some((text) => text.includes(FABRIKAM) && text.includes('(4 jobs)')));
  assert.is(await byTestId(page, 'service-principal').inputValue(), FABRIKAM, 'the choice is kept');
});

workbench('query builder: a filter runs (button and Enter), with @odata.count, next page and raw JSON', async ({ page }) => {
  await byTestId(page, 'service-principal').selectOption(CONTOSO);
  await until('Contoso jobs', async () => (await rowIds(page)).length === 8);
  await runQuery(page, "$filter=templateId eq 'scim'&$count=true");
  await until('two scim jobs', async () => (await rowIds(page)).length === 2);
  assert.is(await textOf(page, 'count'), '2');
  const cells = await byTestId(page, 'results').locator('tbody tr').first().locator('td').allTextContents();
  assert.is(cells[1], 'scim');

  // the Run button
  await byTestId(page, 'query').fill('$top=3&$count=true&$orderby=templateId');
  await byTestId(page, 'run').click();
  await until('a page of three', async () => (await rowIds(page)).length === 3);
  assert.is(await textOf(page, 'count'), '8');
  const first = await rowIds(page);
  const templates = await byTestId(page, 'results').locator('tbody tr td:nth-child(2)').allTextContents();
  // strings order by their UTF-16 code units, as in SQLite's default (decisions.md §4)
  assert.equal(templates, [...templates].sort());
  assert.ok(await byTestId(page, 'next-page').isEnabled());
  await byTestId(page, 'next-page').click();
  await until('the second page', async () => JSON.stringify(await rowIds(page)) !== JSON.stringify(first));
  const second = await rowIds(page);
  assert.is(second.length, 3);
  assert.equal(second.filter((id) => first.includes(id)), [], 'the next page holds other jobs');
  await byTestId(page, 'next-page').click();
  await until('the last page', async () => (await rowIds(page)).length === 2);
  assert.not.ok(await byTestId(page, 'next-page').isEnabled(), 'no next page after the last');

  await byTestId(page, 'raw-toggle').click();
  const raw = JSON.parse(await textOf(page, 'raw')) as { '@odata.context': string; value: unknown[]; '@odata.count': number };
  assert.match(raw['@odata.context'], /\/v1\.0\/\$metadata#servicePrincipals\('6f2d1c9e-4b3a-4c1e-9d2f-8a7b6c5d4e31'\)\/synchronization\/jobs$/);
  assert.is(raw.value.length, 2);
  assert.is(raw['@odata.count'], 8);
  await byTestId(page, 'raw-toggle').click();
  await screenshot(page, 'query');
});

workbench('$select: the chosen properties become columns; beta takes options without $', async ({ page }) => {
  await runQuery(page, "$select=id,templateId,synchronizationJobSettings&$filter=startswith(templateId,'sc')");
  await until('the selected columns', async () => (await byTestId(page, 'results').locator('thead th').allTextContents()).includes('synchronizationJobSettings'));
  const settings = () => byTestId(page, 'results').locator('tbody tr td:nth-child(6)').allTextContents();
  await until('the settings of both scim jobs', async () => (await settings()).length === 2 && (await settings()).some((text) => text.includes('contoso.example')));
  assert.equal(await byTestId(page, 'results').locator('tbody tr td:nth-child(2)').allTextContents(), ['scim', 'scim']);

  await byTestId(page, 'version').selectOption('beta');
  await runQuery(page, "filter=templateId eq 'slack'&count=true");
  await until('one slack job on beta', async () => (await rowIds(page)).length === 1 && (await textOf(page, 'count')) === '1');
  await byTestId(page, 'version').selectOption('v1.0');
});

workbench('a rejected query: the Graph message with a caret under its position, as the list answers it', async ({ page, server }) => {
  const query = "$filter=status/code eq 'Active' and&$top=5";
  await byTestId(page, 'query').fill(query);
  await until('the live check to reject it', async () => (await byTestId(page, 'error').count()) === 1);
  const listed = await fetch(`${server.url}/v1.0/servicePrincipals/${CONTOSO}/synchronization/jobs?$filter=${encodeURIComponent("status/code eq 'Active' and")}&$top=5`);
  assert.is(listed.status, 400);
  const message = ((await listed.json()) as { error: { message: string } }).error.message;
  assert.match(message, /syntax error at position 27/);
  assert.ok((await textOf(page, 'error')).includes(message), await textOf(page, 'error'));
  // the caret sits under the character the message names, in the text as typed
  const [line, caret] = (await textOf(page, 'error-caret')).split('\n');
  assert.is(line, query);
  assert.is(caret!.indexOf('^'), '$filter='.length + 27);
  await byTestId(page, 'query').press('Enter');
  await until('the 400 of the run', async () => (await textOf(page, 'error')).includes('400 BadRequest'));
  await screenshot(page, 'rejected-query');

  await byTestId(page, 'query').fill('$filter=nope eq 1');
  await until('an unknown property named', async () => (await textOf(page, 'error')).includes("'nope'"));
  await byTestId(page, 'query').fill("$filter=status/code eq 'Active'");
  await until('the error to go once the query is valid', async () => (await byTestId(page, 'error').count()) === 0);
});

workbench('property completion from the CSDL: nested paths, lambda variables and enum members', async ({ page }) => {
  const input = byTestId(page, 'query');
  const labels = () => byTestId(page, 'completions').locator('li > span').allTextContents();
  await input.fill('');
  await input.pressSequentially('$filter=status/');
  await until('the properties of synchronizationStatus', async () => (await labels()).includes('code'));
  const offered = await labels();
  for (const name of ['code', 'lastExecution', 'quarantine', 'countSuccessiveCompleteFailures']) assert.ok(offered.includes(name), offered.join(','));
  await input.pressSequentially('quar');
  await until('narrowed to quarantine', async () => JSON.stringify(await labels()) === '["quarantine"]');
  await input.press('Tab');
  assert.is(await input.inputValue(), '$filter=status/quarantine');
  await input.pressSequentially('/re');
  await until('quarantine/reason', async () => (await labels()).includes('reason'));
  await input.press('Tab');
  await input.pressSequentially(' eq ');
  await until('the members of quarantineReason', async () => (await labels()).includes("'EncounteredQuarantineException'"));
  await input.pressSequentially("'Enc");
  await until('narrowed members', async () => (await labels()).every((label) => label.startsWith("'Enc")));
  await input.press('ArrowDown');
  await input.press('Enter');
  assert.match(await input.inputValue(), /^\$filter=status\/quarantine\/reason eq 'Enc[A-Za-z]+'$/);
  // inside a lambda, its variable's type: keyValuePair
  await input.fill('');
  await input.pressSequentially('$filter=synchronizationJobSettings/any(s: s/');
  await until('keyValuePair properties', async () => JSON.stringify((await labels()).sort()) === '["name","value"]');
  // in the middle of a word the whole word is replaced: `status/co|de` completes to `status/code`
  await input.fill("$filter=status/e eq 'Active'");
  await input.press('End');
  for (let i = 0; i < " eq 'Active'".length + 1; i++) await input.press('ArrowLeft');
  await input.pressSequentially('cod');
  await until('code offered', async () => JSON.stringify(await labels()) === '["code"]');
  await input.press('Tab');
  assert.is(await input.inputValue(), "$filter=status/code eq 'Active'");
  // option names
  await input.fill('');
  await input.pressSequentially('$or');
  await until('$orderby=', async () => (await labels()).includes('$orderby='));
  await input.press('Escape');
});

workbench('explain: the filter tree, the SQL and its parameters, the plan, and whether an index serves it', async ({ page }) => {
  await byTestId(page, 'query').fill("$filter=status/code eq 'Active' and templateId eq 'scim'");
  await until('an explanation', async () => (await textOf(page, 'sql')).includes('status_code') && (await textOf(page, 'sql')).includes('template_id'));
  const tree = await byTestId(page, 'filter-tree').locator('code').allTextContents();
  assert.equal(tree.slice(0, 2), ['and', 'eq']);
  assert.ok(tree.includes("'Active':synchronizationStatusCode"), tree.join(' '));
  assert.ok(tree.includes('templateId:String'), tree.join(' '));
  assert.match(await textOf(page, 'sql-parameters'), /"6f2d1c9e-4b3a-4c1e-9d2f-8a7b6c5d4e31","Active","scim"/);
  assert.match(await textOf(page, 'plan'), /SEARCH jobs USING INDEX/);
  assert.is(await textOf(page, 'index'), 'Served by index jobs_sp_status_code (service_principal_id, status_code).', await textOf(page, 'plan'));

  await byTestId(page, 'query').fill("$filter=schedule/interval gt duration'PT1H'&$orderby=schedule/interval");
  await until('the plan of a filter on a JSON property', async () => (await textOf(page, 'sql')).includes('syncemu_duration_seconds'));
  // a filter on a JSON property: only the service principal's key narrows, and the order needs a sort
  assert.is(
    await textOf(page, 'index'),
    'Index sqlite_autoindex_jobs_1 narrows by service principal only: the filter is checked on each of its jobs. Sorted in a temporary B-tree (no index gives this order).',
  );
  await screenshot(page, 'explain');
});

workbench('copy as curl and as Graph JS client code: both give the page the table shows, & and + in literals included', async ({ page, server }) => {
  // the real Graph client, its requests sent to this server
  const client = Client.initWithMiddleware({
    middleware: {
      execute: async (context) => {
        const target = String(context.request).replace('https://graph.microsoft.com', server.url);
        context.response = await fetch(target, context.options as RequestInit);
      },
    },
  });
  const cases = [
    { query: "$filter=templateId in ('scim', 'slack')&$orderby=templateId desc&$top=2&$count=true", rows: 2, count: 3 },
    { query: "$filter=templateId eq 'a&b' or templateId eq 'a+b%' or startswith(templateId, 'gsu')&$count=true", rows: 1, count: 1 },
  ];
  for (const { query, rows, count } of cases) {
    await runQuery(page, query);
    await until(`the rows of ${query}`, async () => (await rowIds(page)).length === rows && (await textOf(page, 'count')) === String(count));
    const shown = await rowIds(page);
    await byTestId(page, 'show-curl').click();
    const curl = await textOf(page, 'curl');
    // the URL as the shell reads it: one single-quoted word, with '\'' for a quote
    const url = /^curl -s -H 'Accept: application\/json' '(.*)'$/.exec(curl)?.[1]?.replaceAll(`'\\''`, "'");
    assert.ok(url?.startsWith(`${server.url}/v1.0/servicePrincipals/${CONTOSO}/synchronization/jobs?`), curl);
    const fromCurl = (await (await fetch(url!, { headers: { Accept: 'application/json' } })).json()) as { value: Array<{ id: string }> };
    assert.equal(fromCurl.value.map((job) => job.id), shown);
    await byTestId(page, 'copy').click();
    assert.is(await page.evaluate(() => navigator.clipboard.readText()), curl);

    await byTestId(page, 'show-graph-js').click();
    const code = await textOf(page, 'graph-js');
    const run = new Function('client', `return (async () => { ${code}\n return page; })();`) as (client: Client) => Promise<{ value: Array<{ id: string }>; '@odata.count': number }>;
    const fromClient = await run(client);
    assert.equal(fromClient.value.map((job) => job.id), shown, code);
    assert.is(fromClient['@odata.count'], count);
    await byTestId(page, 'copy').click();
    assert.is(await page.evaluate(() => navigator.clipboard.readText()), code);
    await byTestId(page, 'show-graph-js').click();
  }
  assert.match(await (async () => {
    await byTestId(page, 'show-graph-js').click();
    return textOf(page, 'graph-js');
  })(), /\.filter\("templateId eq 'a%26b' or templateId eq 'a%2Bb%25' or startswith\(templateId, 'gsu'\)"\)\n  \.count\(true\)/);
  await byTestId(page, 'show-graph-js').click();
});

workbench('only the latest query is shown: a slow answer to an earlier one is dropped (list and explain)', async ({ page }) => {
  const slow = (url: string) => url.includes("'gsuite'") || url.includes('%27gsuite%27');
  await page.route((url) => slow(url.toString()), async (route) => {
    await new Promise((resolve) => setTimeout(resolve, 1500));
    await route.continue();
  });
  await runQuery(page, "$filter=templateId eq 'gsuite'");
  await page.waitForTimeout(300);
  await runQuery(page, "$filter=templateId eq 'slack'");
  await until('the slack job', async () => JSON.stringify(await byTestId(page, 'results').locator('tbody tr td:nth-child(2)').allTextContents()) === '["slack"]');
  await until('the slack explanation', async () => (await textOf(page, 'sql-parameters')).includes('"slack"'));
  await page.waitForTimeout(1800);
  assert.equal(await byTestId(page, 'results').locator('tbody tr td:nth-child(2)').allTextContents(), ['slack'], 'the late gsuite answer did not replace it');
  assert.ok((await textOf(page, 'sql-parameters')).includes('"slack"'));
  await page.unroute((url) => slow(url.toString()));
});

workbench('jobs live: start a job, watch it become Active, then Quarantine under a planned failure; pause; the clock moves', async ({ page, server }) => {
  await runQuery(page, `$filter=id eq '${SCIM_JOB}'`);
  await until('the job row', async () => (await rowIds(page)).length === 1);
  await byTestId(page, 'results').locator('tbody tr').first().click();
  await until('its JSON', async () => (await textOf(page, 'job')).includes(SCIM_JOB));
  assert.is(await textOf(page, 'job-status'), 'Paused');
  assert.is(await textOf(page, 'job-schedule'), 'Disabled');

  await byTestId(page, 'job-start').click();
  // started: scheduled, its first cycle in progress, not yet run
  await until('scheduled', async () => (await textOf(page, 'job-status')) === 'NotRun' && (await textOf(page, 'job-schedule')) === 'Active');
  await until('a start event', async () => (await byTestId(page, 'timeline').locator('li[data-kind="start"]').count()) === 1);

  // the initial cycle takes three minutes on the emulator's clock; another client moves it, and
  // the page follows on its own as the cycle completes
  const moved = await fetch(`${server.url}/_syncemu/clock/advance`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"duration": "PT3M"}' });
  assert.is(moved.status, 200);
  await until('the clock moved', async () => (await textOf(page, 'clock-now')) === '2030-01-06T09:03:00.000Z');
  await until('the initial cycle', async () => (await byTestId(page, 'timeline').locator('li[data-kind="cycle"]').count()) === 1);
  // the results table follows too, without a click on Run
  await until('the row Active', async () => (await byTestId(page, 'results').locator('tbody tr td:nth-child(3)').allTextContents()).join() === 'Active');
  const initial = byTestId(page, 'timeline').locator('li[data-kind="cycle"]').first();
  assert.is(await initial.getAttribute('data-result'), 'succeeded');
  assert.match((await initial.textContent()) ?? '', /initial cycle succeeded/);
  assert.is(await textOf(page, 'job-status'), 'Active');
  assert.ok(JSON.parse(await textOf(page, 'job')).status.lastExecution.state === 'Succeeded');

  // outcomes add up in order (each read from the server first), and Clear empties the plan
  await byTestId(page, 'plan-succeed').click();
  await byTestId(page, 'plan-errors').click();
  await until('two planned', async () => (await byTestId(page, 'plan').locator('li').allTextContents()).join() === 'succeeded,entryLevelErrors');
  await byTestId(page, 'plan-clear').click();
  await until('none planned', async () => (await byTestId(page, 'plan').locator('li').count()) === 0);
  // plan the next cycle to fail: the job goes to quarantine
  await byTestId(page, 'plan-fail').click();
  await until('the plan shown', async () => (await byTestId(page, 'plan').locator('li').allTextContents()).join() === 'failed (EncounteredQuarantineException)');
  await byTestId(page, 'clock-advance').fill('PT45M');
  await byTestId(page, 'clock-advance-run').click();
  await until('Quarantine', async () => (await textOf(page, 'job-status')) === 'Quarantine', 10_000);
  const failed = byTestId(page, 'timeline').locator('li[data-kind="cycle"][data-result="failed"]');
  assert.is(await failed.count(), 1);
  assert.match((await failed.textContent()) ?? '', /quarantined: EncounteredQuarantineException/);
  assert.is(JSON.parse(await textOf(page, 'job')).status.quarantine.reason, 'EncounteredQuarantineException');
  assert.is(await byTestId(page, 'plan').locator('li').count(), 0, 'the planned outcome was used');
  await screenshot(page, 'job-quarantine');

  await byTestId(page, 'job-pause').click();
  await until('a pause event', async () => (await byTestId(page, 'timeline').locator('li[data-kind="pause"]').count()) === 1);
  assert.is(await textOf(page, 'job-schedule'), 'Paused');
  await byTestId(page, 'job-restart').click();
  await until('a restart event', async () => (await byTestId(page, 'timeline').locator('li[data-kind="restart"]').count()) === 1);
  const kinds = await byTestId(page, 'timeline').locator('li').evaluateAll((items) => items.map((item) => item.getAttribute('data-kind')));
  assert.equal(kinds, ['start', 'cycle', 'cycle', 'pause', 'restart']);

  // the clock can be set too
  await byTestId(page, 'clock-set').fill('2030-02-01T00:00:00Z');
  await byTestId(page, 'clock-set-run').click();
  await until('the clock set', async () => (await textOf(page, 'clock-now')) === '2030-02-01T00:00:00.000Z');
});

workbench('journal: what the page and others sent, filterable; fault rules added, hit and removed', async ({ page, server }) => {
  await until('the start request in the journal', async () => (await byTestId(page, 'journal').locator('tbody tr').allTextContents()).some((row) => row.includes('POST') && row.includes('/start')));
  await byTestId(page, 'journal-filter').fill("method eq 'POST'");
  await byTestId(page, 'journal-filter-run').click();
  await until('only POSTs', async () => {
    const methods = await byTestId(page, 'journal').locator('tbody tr td:nth-child(3)').allTextContents();
    return methods.length >= 3 && methods.every((method) => method === 'POST');
  });
  assert.is(Number(await textOf(page, 'journal-count')), await byTestId(page, 'journal').locator('tbody tr').count());
  await byTestId(page, 'journal-filter').fill('nope eq 1');
  await byTestId(page, 'journal-filter-run').click();
  await until('the journal names the unknown property', async () => (await textOf(page, 'journal-error')).includes('nope'));
  await byTestId(page, 'journal-filter').fill('status ge 400');
  await byTestId(page, 'journal-filter-run').click();

  // a 429 for the next list request
  await byTestId(page, 'fault-method').fill('GET');
  await byTestId(page, 'fault-path').fill('servicePrincipals/*/synchronization/jobs');
  await byTestId(page, 'fault-status').fill('429');
  await byTestId(page, 'fault-retry-after').fill('7');
  await byTestId(page, 'fault-times').fill('1');
  await byTestId(page, 'fault-add').click();
  await until('the rule listed', async () => (await byTestId(page, 'faults').locator('li').count()) === 1);
  await until('auto-refresh off while the rule is set', async () => (await byTestId(page, 'auto-refresh-off').count()) === 1);
  assert.match(await textOf(page, 'faults'), /GET servicePrincipals\/\*\/synchronization\/jobs → 429, Retry-After 7 · 1 left/);
  const rules = (await (await fetch(`${server.url}/_syncemu/faults`)).json()) as { value: Array<{ respond: { status: number; retryAfterSeconds: number }; remaining: number }> };
  assert.equal(rules.value.map((rule) => [rule.respond.status, rule.respond.retryAfterSeconds, rule.remaining]), [[429, 7, 1]]);
  await runQuery(page, '$top=1');
  await until('the 429', async () => (await textOf(page, 'error')).includes('429 TooManyRequests'));
  await until('the faulted request in the journal', async () => (await byTestId(page, 'journal').locator('tbody tr').allTextContents()).some((row) => row.includes('429')));
  await byTestId(page, 'run').click();
  await until('the next run answered', async () => (await rowIds(page)).length === 1 && (await byTestId(page, 'error').count()) === 0);
  await until('the rule spent', async () => (await textOf(page, 'faults')).includes('· 0 left'));
  await until('auto-refresh back', async () => (await byTestId(page, 'auto-refresh-off').count()) === 0);
  await screenshot(page, 'journal-and-faults');

  // a rule removed from the page is gone from the server
  await byTestId(page, 'fault-times').fill('');
  await byTestId(page, 'fault-status').fill('503');
  await byTestId(page, 'fault-add').click();
  await until('a second rule', async () => (await byTestId(page, 'faults').locator('li').count()) === 2);
  assert.match(await byTestId(page, 'faults').locator('li').nth(1).textContent() ?? '', /→ 503, Retry-After 7 · every time/);
  await byTestId(page, 'faults').locator('li').nth(1).locator('[data-testid="fault-remove"]').click();
  await until('removed', async () => (await byTestId(page, 'faults').locator('li').count()) === 1);
  const left = (await (await fetch(`${server.url}/_syncemu/faults`)).json()) as { value: Array<{ respond: { status: number } }> };
  assert.equal(left.value.map((rule) => rule.respond.status), [429]);
});

workbench('no console error and no request outside the server in the whole session', ({ watched }) => {
  // Chromium logs each 4xx answer to fetch() as a console error: the rejected queries and the 429
  // this suite provokes on purpose are the only ones allowed
  assert.equal(watched.consoleErrors.filter((text) => !/^Failed to load resource: the server responded with a status of (400 \(Bad Request\)|429 \(Too Many Requests\))$/.test(text)), []);
  assert.equal(watched.outside, []);
});

workbench.run();
