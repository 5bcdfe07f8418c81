#!/usr/bin/env node
// check-packages' look at the workbench of an installed syncemu: opens URL (a `npx syncemu serve
// --seed …` of the packed packages) in Chromium, runs a filter, and checks the page got jobs, an
// explanation, no console error and no request outside that server.
// node scripts/check-workbench-page.mjs URL SERVICE_PRINCIPAL_ID
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findChromium } from './ensure-chromium.mjs';

const root = resolve(fileURLToPath(new URL('..', import.meta.url)));
const { chromium } = createRequire(join(root, 'tests', 'package.json'))('playwright-core');
const [url, servicePrincipal] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: findChromium(),
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});
try {
  const page = await browser.newPage();
  const problems = [];
  page.on('console', (message) => message.type() === 'error' && problems.push(`console: ${message.text()}`));
  page.on('pageerror', (error) => problems.push(`uncaught: ${error.message}`));
  page.on('request', (request) => !request.url().startsWith(`${url}/`) && !request.url().startsWith('data:') && problems.push(`outside: ${request.url()}`));
  await page.goto(`${url}/`);
  await page.locator('[data-testid="service-principal"]').selectOption(servicePrincipal);
  await page.locator('[data-testid="query"]').fill("$filter=templateId eq 'scim'&$count=true");
  await page.locator('[data-testid="query"]').press('Enter');
  await page.waitForFunction(() => document.querySelector('[data-testid="count"]')?.textContent === '2', undefined, { timeout: 10_000 });
  await page.waitForFunction(() => /SEARCH jobs USING INDEX/.test(document.querySelector('[data-testid="plan"]')?.textContent ?? ''), undefined, { timeout: 10_000 });
  const rows = await page.locator('[data-testid="results"] tbody tr').count();
  if (rows !== 2) problems.push(`expected 2 rows, got ${rows}`);
  if (problems.length > 0) throw new Error(problems.join('\n'));
  console.log(`the page ran a filter: ${rows} jobs, @odata.count 2, served by an index`);
} finally {
  await browser.close();
}
