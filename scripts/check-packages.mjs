#!/usr/bin/env node
// Uses syncemu as a user does, from a project of their own (docs/decisions/0015): packs the three
// packages, checks what the tarballs hold, npm-installs them into a new project outside the
// repository with the tools users test with, and there runs: a TypeScript check of the imports,
// the recipes of docs/recipes (vitest, node:test, jest, test control, Kiota, two servers over one PostgreSQL), `npx syncemu seed` and
// `query` over a fixture file, `npx syncemu --help`, and the Graph
// JS client against `npx syncemu serve --https --require-auth`. Exits 1 at the first failure.
//
// node scripts/check-packages.mjs [--keep]     (--keep leaves the scratch project for a look)
import { execFileSync, spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(fileURLToPath(new URL('..', import.meta.url)));
const keep = process.argv.includes('--keep');
const scratch = mkdtempSync(join(tmpdir(), 'syncemu-user-'));
const packs = join(scratch, 'packs');
const project = join(scratch, 'project');
const started = Date.now();
const seconds = (since) => `${((Date.now() - since) / 1000).toFixed(1)} s`;

/** The tools a user's project has; versions that install and run on Node 20. */
const USER_DEV_DEPENDENCIES = [
  'typescript@5.9.3',
  '@types/node@20.19.0',
  'vitest@4.1.12',
  'jest@30.5.2',
  '@jest/globals@30.5.2',
  'msw@2.15.0',
  '@microsoft/microsoft-graph-client@3.0.7',
  // the Kiota-based Graph SDK (the servicePrincipals builders are not on the registry: docs/recipes/kiota.test.mjs)
  '@microsoft/msgraph-sdk@1.0.0-preview.90',
  '@microsoft/msgraph-sdk-core@1.0.0-preview.17',
  '@microsoft/kiota-abstractions@1.0.0-preview.109',
  '@microsoft/kiota-http-fetchlibrary@1.0.0-preview.109',
];


function step(title, fn) {
  const at = Date.now();
  process.stdout.write(`check-packages: ${title} … `);
  try {
    const result = fn();
    console.log(`ok (${seconds(at)})`);
    return result;
  } catch (error) {
    console.log('FAILED');
    console.error(error.stdout?.toString() ?? '', error.stderr?.toString() ?? '', error.message);
    finish(1);
  }
}

/** Starts `npx syncemu …args` in the project, runs `check(url)` once it listens, and stops it. */
async function serveAndCheck(title, args, check) {
  const at = Date.now();
  process.stdout.write(`check-packages: ${title} … `);
  const server = spawn('npx', ['syncemu', ...args], { cwd: project, env: { ...process.env, XDG_CACHE_HOME: join(scratch, 'cache') }, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let out = '';
  server.stdout.on('data', (chunk) => (out += chunk));
  server.stderr.on('data', (chunk) => (out += chunk));
  const stop = () => {
    try {
      process.kill(-server.pid, 'SIGTERM');
    } catch {}
  };
  try {
    const url = await new Promise((resolveUrl, reject) => {
      const timer = setTimeout(() => reject(new Error('syncemu serve did not start in 30 s')), 30_000);
      server.stdout.on('data', () => {
        const found = /syncemu listening on (https?:\/\/\S+)/.exec(out)?.[1];
        if (found) {
          clearTimeout(timer);
          resolveUrl(found);
        }
      });
      server.on('exit', (code) => reject(new Error(`syncemu serve exited with ${code}`)));
    });
    const said = check(url);
    stop();
    console.log(`ok (${seconds(at)}): ${said}`);
  } catch (error) {
    stop();
    console.log('FAILED');
    console.error(out, error.stdout ?? '', error.stderr ?? '', error.message);
    finish(1);
  }
}

function run(command, args, options = {}) {
  return execFileSync(command, args, { cwd: project, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8', timeout: 600_000, ...options, env: { ...process.env, XDG_CACHE_HOME: join(scratch, 'cache'), ...options.env } });
}

function finish(code) {
  if (!keep) rmSync(scratch, { recursive: true, force: true });
  else console.log(`check-packages: the scratch project is ${project}`);
  console.log(`check-packages: ${code === 0 ? 'every check passed' : 'failed'} in ${seconds(started)}`);
  process.exit(code);
}

mkdirSync(packs);
mkdirSync(project);

step('build (tsc -b, then the workbench page with Vite)', () => run('npx', ['-y', 'pnpm@12.4.2', 'build'], { cwd: root }));

const tarballs = step('pack @syncemu/odata, @syncemu/store, @syncemu/core', () => {
  return run(process.execPath, [join(root, 'scripts', 'pack.mjs'), packs], { cwd: root }).trim().split('\n');
});

step('each tarball holds built JavaScript, types, README and LICENSE only', () => {
  const allowed = /^package\/(package\.json|README\.md|LICENSE|dist\/src\/.+\.(js|d\.ts)|dist\/workbench\/(index\.html|assets\/[\w.-]+\.(js|css))|metadata\/synchronization-(v1\.0|beta)\.xml)$/;
  for (const tarball of tarballs) {
    const entries = run('tar', ['tzf', tarball]).trim().split('\n');
    const stray = entries.filter((entry) => !allowed.test(entry));
    if (stray.length > 0) throw new Error(`${tarball} holds ${stray.join(', ')}`);
    for (const needed of ['package/README.md', 'package/LICENSE', 'package/dist/src/index.js', 'package/dist/src/index.d.ts']) {
      if (!entries.includes(needed)) throw new Error(`${tarball} lacks ${needed}`);
    }
    if (tarball.includes('core') && !entries.includes('package/dist/workbench/index.html')) throw new Error(`${tarball} lacks the workbench page`);
    const manifest = JSON.parse(run('tar', ['xzf', tarball, '-O', 'package/package.json']));
    const workspace = Object.entries(manifest.dependencies ?? {}).filter(([, range]) => String(range).startsWith('workspace:'));
    if (workspace.length > 0) throw new Error(`${manifest.name} still depends on ${workspace.map(([name]) => name).join(', ')} by workspace:`);
  }
});

const installAt = Date.now();
step('npm install the tarballs into a new project', () => {
  run('npm', ['init', '-y']);
  run('npm', ['pkg', 'set', 'type=module', 'private=true']);
  run('npm', ['install', '--no-audit', '--no-fund', ...tarballs]);
});
step('npm install the tools a user tests with', () => run('npm', ['install', '--no-audit', '--no-fund', '--save-dev', ...USER_DEV_DEPENDENCIES]));
const installSeconds = seconds(installAt);

cpSync(join(root, 'docs', 'recipes'), project, { recursive: true });
writeFileSync(
  join(project, 'tsconfig.json'),
  JSON.stringify({ compilerOptions: { target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, noEmit: true, skipLibCheck: false, types: ['node'], lib: ['ES2023', 'DOM'] }, files: ['imports.ts'] }),
);

step("TypeScript: import { createEmulator } from '@syncemu/core' and the testing helpers, types checked (skipLibCheck off)", () => run('npx', ['tsc', '-p', '.']));
step('vitest: docs/recipes/vitest.test.ts', () => run('npx', ['vitest', 'run', 'vitest.test.ts']));
step('node:test: docs/recipes/node-test.test.mjs', () => run(process.execPath, ['--test', 'node-test.test.mjs']));
step('jest (ESM): docs/recipes/jest.test.mjs', () => run('npx', ['jest', '--rootDir', '.', 'jest.test.mjs'], { env: { NODE_OPTIONS: '--experimental-vm-modules' } }));
step('test control (reset, journal, faults, snapshots) over a shared server: docs/recipes/test-control.test.mjs', () => run(process.execPath, ['--test', 'test-control.test.mjs']));
step('Kiota (@microsoft/msgraph-sdk): docs/recipes/kiota.test.mjs', () => run(process.execPath, ['--test', 'kiota.test.mjs']));
step('npx syncemu seed (a fixture file read as it is applied, members in any order), then npx syncemu query', () => {
  const jobs = Array.from({ length: 2000 }, (_, i) => ({ id: `scim.user-${i}`, templateId: 'scim', schedule: { state: i % 2 ? 'Active' : 'Disabled' } }));
  // members in the order a generator may write them: jobs before the service principal's id
  writeFileSync(join(project, 'fixture.json'), `{"servicePrincipals":[{"jobs":${JSON.stringify(jobs)},"id":"0b0c0d0e-1111-4222-8333-444455556666"}]}`);
  const seeded = run('npx', ['syncemu', 'seed', 'fixture.json', '--db', './data/seeded.sqlite']);
  if (!seeded.includes('1 service principal(s), 0 template(s), 0 secret(s), 2000 job(s)')) throw new Error(`unexpected: ${seeded}`);
  const listed = run('npx', ['syncemu', 'query', '--db', './data/seeded.sqlite', '--sp', '0b0c0d0e-1111-4222-8333-444455556666', "$filter=schedule/state eq 'Active'&$count=true&$top=2&$select=id"]);
  if (!listed.includes('2 of 1000 job(s) of service principal 0b0c0d0e-1111-4222-8333-444455556666')) throw new Error(`unexpected: ${listed}`);
});
{
  // PostgreSQL from the installed package: a throwaway server as the tests start one (the repo's built test support)
  const { startPostgres } = await import(join(root, 'tests', 'dist', 'support', 'postgres.js'));
  const postgres = await startPostgres();
  try {
    step('two npx syncemu serve --db postgres://… over one database: docs/recipes/postgres-servers.test.mjs', () =>
      run(process.execPath, ['--test', 'postgres-servers.test.mjs'], { env: { SYNCEMU_PG_URL: postgres.url } }),
    );
  } finally {
    await postgres.stop();
  }
}
step('npx syncemu --help', () => {
  const help = run('npx', ['syncemu', '--help']);
  if (!help.includes('Usage: syncemu <command>')) throw new Error(`unexpected help: ${help}`);
});

await new Promise((resolveServe) => {
  const at = Date.now();
  process.stdout.write('check-packages: npx syncemu serve --https --require-auth, and the Graph client over https with NODE_EXTRA_CA_CERTS … ');
  const server = spawn('npx', ['syncemu', 'serve', '--https', '--require-auth', '--db', ':memory:', '--port', '0'], {
    cwd: project,
    env: { ...process.env, XDG_CACHE_HOME: join(scratch, 'cache') },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let out = '';
  let err = '';
  const fail = (why) => {
    console.log('FAILED');
    console.error(why, out, err);
    try {
      process.kill(-server.pid, 'SIGTERM');
    } catch {}
    finish(1);
  };
  const timer = setTimeout(() => fail('syncemu serve did not print its certificate in 30 s'), 30_000);
  server.stderr.on('data', (chunk) => (err += chunk));
  server.stdout.on('data', (chunk) => {
    out += chunk;
    const url = /syncemu listening on (https:\/\/\S+)/.exec(out)?.[1];
    const cert = /syncemu certificate: (.+)\n/.exec(out)?.[1];
    if (!url || !cert) return;
    clearTimeout(timer);
    try {
      const said = run(process.execPath, ['https-graph-client.mjs', url], { env: { NODE_EXTRA_CA_CERTS: cert } });
      process.kill(-server.pid, 'SIGTERM');
      console.log(`ok (${seconds(at)}): ${said.trim()}`);
      resolveServe();
    } catch (error) {
      fail(`${error.stdout ?? ''}${error.stderr ?? ''}`);
    }
  });
  server.on('exit', (code) => code !== null && code !== 0 && fail(`syncemu serve exited with ${code}`));
});

await serveAndCheck(
  'npx syncemu serve --seed (the example fixture): the workbench page from the installed package, in Chromium',
  ['serve', '--db', ':memory:', '--port', '0', '--seed', join(root, 'examples', 'workbench.json'), '--clock', 'manual'],
  (url) => run(process.execPath, [join(root, 'scripts', 'check-workbench-page.mjs'), url, '6f2d1c9e-4b3a-4c1e-9d2f-8a7b6c5d4e31']).trim(),
);

console.log(`check-packages: installing the packages and the test tools took ${installSeconds}`);
finish(0);
