// How the workbench page is served (decisions.md §11): a browser at `/` gets the page, a JSON
// client the base URLs; the page's files come from the package's dist/workbench with a policy
// that keeps it on this server; `--no-control` turns it off with the control routes it calls.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { newEmulator } from './support/graph-harness.js';
import { startServerProcess } from './support/cli-process.js';

const BROWSER_ACCEPT = 'text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8';

test('GET / from a browser is the page; its script and stylesheet are served with their types, cached for good', async () => {
  const emulator = newEmulator();
  const page = await emulator.fetch('http://localhost/', { headers: { Accept: BROWSER_ACCEPT } });
  assert.is(page.status, 200);
  assert.is(page.headers.get('content-type'), 'text/html;charset=utf-8');
  assert.is(page.headers.get('cache-control'), 'no-cache');
  assert.match(page.headers.get('content-security-policy') ?? '', /^default-src 'self'; connect-src 'self';/);
  const html = await page.text();
  const script = /<script type="module" crossorigin src="(\/_syncemu\/workbench\/assets\/[^"]+\.js)"/.exec(html)?.[1];
  const style = /<link rel="stylesheet" crossorigin href="(\/_syncemu\/workbench\/assets\/[^"]+\.css)"/.exec(html)?.[1];
  assert.ok(script && style, html);
  assert.not.match(html, /https?:\/\//, 'the page names no other server');
  const js = await emulator.fetch(`http://localhost${script}`);
  assert.is(js.status, 200);
  assert.is(js.headers.get('content-type'), 'text/javascript;charset=utf-8');
  assert.is(js.headers.get('cache-control'), 'public, max-age=31536000, immutable');
  assert.ok((await js.text()).length > 10_000);
  const css = await emulator.fetch(`http://localhost${style}`);
  assert.is(css.headers.get('content-type'), 'text/css;charset=utf-8');
  // the same page at the workbench's own path
  assert.is(await (await emulator.fetch('http://localhost/_syncemu/workbench/')).text(), html);
  assert.is(await (await emulator.fetch('http://localhost/_syncemu/workbench')).text(), html);
  await emulator.close();
});

test('a fault rule for every request answers the JSON root, never the page or its files (and is not spent by them)', async () => {
  const emulator = newEmulator();
  await emulator.faults.add({ match: {}, respond: { status: 503 }, times: 1 });
  const page = await emulator.fetch('http://localhost/', { headers: { Accept: BROWSER_ACCEPT } });
  assert.is(page.status, 200);
  assert.match(await page.text(), /^<!doctype html>/);
  assert.is((await emulator.fetch('http://localhost/_syncemu/workbench/')).status, 200);
  assert.equal((await emulator.faults.list()).map((rule) => rule.remaining), [1]);
  assert.is((await emulator.fetch('http://localhost/')).status, 503, 'the JSON root is a Graph resource: the rule answers it');
  await emulator.close();
});

test('GET / from a JSON client (or curl, or no Accept) is still the base URLs', async () => {
  const emulator = newEmulator();
  for (const accept of [undefined, '*/*', 'application/json', 'application/json, text/plain, */*']) {
    const reply = await emulator.fetch('http://localhost/', accept ? { headers: { Accept: accept } } : {});
    assert.is(reply.status, 200, String(accept));
    assert.equal(await reply.json(), { value: [{ name: 'v1.0', url: 'http://localhost/v1.0' }, { name: 'beta', url: 'http://localhost/beta' }] });
  }
  await emulator.close();
});

test('an unknown file, a path out of the folder or a write: a Graph error, never a file', async () => {
  const emulator = newEmulator();
  const missing = await emulator.fetch('http://localhost/_syncemu/workbench/assets/nothing.js');
  assert.is(missing.status, 404);
  assert.match(((await missing.json()) as { error: { message: string } }).error.message, /The workbench has no file 'assets\/nothing\.js'/);
  for (const path of ['/_syncemu/workbench/assets/%2e%2e%2f%2e%2e%2fsrc%2findex.js', '/_syncemu/workbench/..%2Fsrc%2Fcli.js', '/_syncemu/workbench/package.json']) {
    const reply = await emulator.fetch(`http://localhost${path}`);
    assert.ok(reply.status === 404 || reply.status === 400, `${path}: ${reply.status}`);
    assert.ok(((await reply.json()) as { error?: unknown }).error, path);
  }
  const post = await emulator.fetch('http://localhost/_syncemu/workbench/', { method: 'POST' });
  assert.is(post.status, 405);
  assert.is(post.headers.get('allow'), 'GET');
  await emulator.close();
});

test('--no-control: no page (a browser at / gets the base URLs) and no workbench files', async () => {
  const server = await startServerProcess(['--db', ':memory:', '--no-control']);
  try {
    const root = await fetch(`${server.url}/`, { headers: { Accept: BROWSER_ACCEPT } });
    assert.is(root.status, 200);
    assert.match(root.headers.get('content-type') ?? '', /^application\/json/);
    const files = await fetch(`${server.url}/_syncemu/workbench/`, { headers: { Accept: BROWSER_ACCEPT } });
    assert.is(files.status, 404);
    assert.match(((await files.json()) as { error: { message: string } }).error.message, /control routes \(\/_syncemu\/\) are turned off/);
  } finally {
    await server.stop();
  }
});

test('syncemu serve answers the page over HTTP, and the journal does not record its files', async () => {
  const server = await startServerProcess(['--db', ':memory:']);
  try {
    const html = await (await fetch(`${server.url}/`, { headers: { Accept: BROWSER_ACCEPT } })).text();
    const script = /src="([^"]+\.js)"/.exec(html)![1]!;
    assert.is((await fetch(`${server.url}${script}`)).status, 200);
    const journal = (await (await fetch(`${server.url}/_syncemu/requests`)).json()) as { value: Array<{ url: string }> };
    assert.equal(journal.value.map((entry) => entry.url), ['/'], 'the page load is a request to /; its files are control routes');
  } finally {
    await server.stop();
  }
});

test.run();
