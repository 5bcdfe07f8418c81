/**
 * HTTPS (decisions.md §12): `syncemu serve --https` and `listen({ https: true })` make a self-signed
 * certificate for localhost, 127.0.0.1 and ::1 in Node (no openssl), keep it beside the database
 * (or in the user's cache folder for :memory:) and reuse it; `--cert`/`--key` bring one. The
 * unmodified Graph JS client, trusting it through NODE_EXTRA_CA_CERTS, sends its token, follows
 * nextLinks and sees 401/403 as GraphErrors.
 */
import { X509Certificate } from 'node:crypto';
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { get, request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createEmulator } from '@syncemu/core';
import { testToken } from '@syncemu/core/testing';
import { runCliProcess, startServerProcess } from './support/cli-process.js';
import { localhostCertificate } from './support/tls-proxy.js';

const SP = '7d3e8c6a-53b4-4f6e-a1a2-0c9b8e7f6d5c';
const scratch = mkdtempSync(join(tmpdir(), 'syncemu-https-'));

/** A GET that trusts exactly `ca` (as NODE_EXTRA_CA_CERTS would): its status and body. */
function getTrusting(url: string, ca: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    get(url, { ca, headers }, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    }).on('error', reject);
  });
}

test('listen({ https: true }): a certificate for localhost, 127.0.0.1 and ::1, its own CA, kept beside the file database and reused', async () => {
  const dir = join(scratch, 'file');
  mkdirSync(dir);
  const database = join(dir, 'jobs.sqlite');
  const first = createEmulator({ database });
  const server = await first.listen({ port: 0, https: true });
  let pem: string;
  try {
    assert.match(server.url, /^https:\/\/127\.0\.0\.1:\d+$/);
    assert.is(server.certificatePath, join(dir, 'syncemu-localhost.pem'));
    pem = readFileSync(server.certificatePath!, 'utf8');
    const cert = new X509Certificate(pem);
    assert.ok(cert.ca, 'its own CA, so NODE_EXTRA_CA_CERTS can trust it');
    for (const host of ['localhost']) assert.is(cert.checkHost(host), host);
    for (const ip of ['127.0.0.1', '::1']) assert.is(cert.checkIP(ip), ip);
    assert.ok(Date.parse(cert.validTo) > Date.now() + 365 * 24 * 3600 * 1000, cert.validTo);
    assert.is(statSync(join(dir, 'syncemu-localhost-key.pem')).mode & 0o777, 0o600, 'the key is readable by its owner only');
    const res = await getTrusting(`${server.url}/v1.0/servicePrincipals/${SP}/synchronization/jobs?$top=1`, pem);
    assert.is(res.status, 200);
    assert.match(JSON.parse(res.body)['@odata.context'], new RegExp(`^${server.url}/v1.0/`), 'links name https');
  } finally {
    await first.close();
  }
  // the next server over the same database serves the same certificate
  const second = createEmulator({ database });
  const again = await second.listen({ port: 0, https: true });
  try {
    assert.is(readFileSync(again.certificatePath!, 'utf8'), pem);
  } finally {
    await second.close();
  }
  // a certificate that cannot be used (here: not a certificate at all) is made anew
  writeFileSync(join(dir, 'syncemu-localhost.pem'), 'not a certificate');
  const third = createEmulator({ database });
  const renewed = await third.listen({ port: 0, https: true });
  try {
    const text = readFileSync(renewed.certificatePath!, 'utf8');
    assert.is.not(text, pem);
    assert.ok(new X509Certificate(text).checkIP('127.0.0.1'));
  } finally {
    await third.close();
  }
});

test('for :memory: the certificate is kept in the user cache folder ($XDG_CACHE_HOME/syncemu); https: { cert, key } brings one', async () => {
  const cache = join(scratch, 'cache');
  const saved = process.env['XDG_CACHE_HOME'];
  process.env['XDG_CACHE_HOME'] = cache;
  const emulator = createEmulator();
  try {
    const server = await emulator.listen({ port: 0, https: true });
    assert.is(server.certificatePath, join(cache, 'syncemu', 'syncemu-localhost.pem'));
    await server.close();
    const own = await localhostCertificate();
    const brought = await emulator.listen({ port: 0, https: { cert: own.cert, key: own.key } });
    assert.is(brought.certificatePath, undefined, 'a certificate given as text has no path to print');
    assert.is((await getTrusting(`${brought.url}/v1.0/`, own.cert)).status, 200);
  } finally {
    if (saved === undefined) delete process.env['XDG_CACHE_HOME'];
    else process.env['XDG_CACHE_HOME'] = saved;
    await emulator.close();
  }
});

test('syncemu serve --https --require-auth: the Graph client trusting the printed certificate sends its token and walks .top(2)', async () => {
  const database = join(scratch, 'served', 'syncemu.sqlite');
  const server = await startServerProcess(['--https', '--require-auth', '--db', database]);
  try {
    assert.match(server.url, /^https:\/\//);
    assert.is(server.certificatePath, join(scratch, 'served', 'syncemu-localhost.pem'));
    assert.match(server.stdout(), /^syncemu certificate: \/.+\.pem$/m);
    const ca = readFileSync(server.certificatePath!, 'utf8');
    const jobs = `${server.url}/v1.0/servicePrincipals/${SP}/synchronization/jobs`;
    for (let i = 0; i < 5; i++) {
      const created = await new Promise<number>((resolve, reject) => {
        const req = request(jobs, { method: 'POST', ca, headers: { authorization: `Bearer ${testToken()}`, 'content-type': 'application/json' } }, (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        });
        req.on('error', reject);
        req.end('{"templateId":"scim"}');
      });
      assert.is(created, 201);
    }
    // without a token: 401; the Graph client in its own process, as a user's script
    assert.is((await getTrusting(jobs, ca)).status, 401);
    const script = fileURLToPath(new URL('./support/graph-client-walk.js', import.meta.url));
    const { stdout } = await promisify(execFile)(process.execPath, [script, server.url, SP, '2', testToken()], { env: { ...process.env, NODE_EXTRA_CA_CERTS: server.certificatePath! }, timeout: 30_000 });
    const walked = JSON.parse(stdout) as { ids: string[]; count: number; firstNextLink: string };
    assert.is(walked.ids.length, 5);
    assert.is(new Set(walked.ids).size, 5);
    assert.ok(walked.firstNextLink.startsWith(`${server.url}/v1.0/`), walked.firstNextLink);
    // a read-only token cannot write: the client's GraphError carries the 403
    const denied = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', FORBIDDEN_SCRIPT, server.url, testToken({ scopes: ['Synchronization.Read.All'] })], {
      env: { ...process.env, NODE_EXTRA_CA_CERTS: server.certificatePath! },
      cwd: fileURLToPath(new URL('.', import.meta.url)),
    });
    assert.is(denied.stdout.trim(), 'GraphError 403 Authorization_RequestDenied');
  } finally {
    await server.stop();
  }
});

/** Posts a job with the given token through the Graph client; prints the GraphError it gets. */
const FORBIDDEN_SCRIPT = `
import graph from '@microsoft/microsoft-graph-client';
const [base, token] = process.argv.slice(1);
const client = graph.Client.init({ baseUrl: base + '/', customHosts: new Set([new URL(base).hostname]), authProvider: (done) => done(null, token) });
try {
  await client.api('/servicePrincipals/${SP}/synchronization/jobs').post({ templateId: 'scim' });
  console.log('accepted');
} catch (error) {
  console.log(error instanceof graph.GraphError ? 'GraphError ' + error.statusCode + ' ' + error.code : String(error));
}`;

test('--cert/--key serve a certificate of your own; a missing half, a wrong key or a URL database is a clear error', async () => {
  const own = await localhostCertificate();
  const other = await localhostCertificate();
  const dir = join(scratch, 'own');
  mkdirSync(dir);
  writeFileSync(join(dir, 'cert.pem'), own.cert);
  writeFileSync(join(dir, 'key.pem'), own.key);
  writeFileSync(join(dir, 'other-key.pem'), other.key);
  const server = await startServerProcess(['--cert', join(dir, 'cert.pem'), '--key', join(dir, 'key.pem'), '--db', ':memory:']);
  try {
    assert.is(server.certificatePath, join(dir, 'cert.pem'));
    assert.is((await getTrusting(`${server.url}/beta/`, own.cert)).status, 200);
  } finally {
    await server.stop();
  }
  const half = await runCliProcess(['serve', '--cert', join(dir, 'cert.pem'), '--db', ':memory:']);
  assert.is(half.code, 2, 'a usage error');
  assert.match(half.stderr, /--cert and --key go together/);
  const wrong = await runCliProcess(['serve', '--cert', join(dir, 'cert.pem'), '--key', join(dir, 'other-key.pem'), '--db', ':memory:', '--port', '0']);
  assert.is(wrong.code, 1);
  assert.match(wrong.stderr, /does not belong to the certificate/);
  const missing = await runCliProcess(['serve', '--cert', join(dir, 'nope.pem'), '--key', join(dir, 'key.pem'), '--db', ':memory:', '--port', '0']);
  assert.is(missing.code, 1);
  assert.match(missing.stderr, /cannot read the certificate '.*nope\.pem': ENOENT/);
  // a URL is no file: a clear error, and no folder named after it
  const cwd = join(scratch, 'urls');
  mkdirSync(cwd);
  for (const [command, url] of [['serve', 'mysql://user@db:3306/syncemu'], ['seed', 'mysql://x/y'], ['query', 'file:///tmp/x.sqlite']] as const) {
    const args = command === 'seed' ? [command, join(dir, 'cert.pem'), '--db', url] : command === 'query' ? [command, '--db', url, '$top=1'] : [command, '--db', url, '--port', '0'];
    const refused = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
      const child = execFile(process.execPath, [fileURLToPath(new URL('../../packages/core/dist/src/cli.js', import.meta.url)), ...args], { cwd }, (error, _stdout, stderr) => resolve({ code: error ? (error.code as number) : 0, stderr }));
      child.stdin?.end();
    });
    assert.is(refused.code, 1, `${command} ${url}`);
    assert.match(refused.stderr, /is a [a-z]+:\/\/ URL; syncemu keeps its state in SQLite \(a file path such as .*\) or in PostgreSQL \(postgres:\/\/user@host:5432\/db\)/, refused.stderr);
    assert.ok(!existsSync(join(cwd, url.split(':')[0]! + ':')), `no folder for ${url}`);
  }
  // a PostgreSQL URL no server answers: a clear error (no password shown), no folder
  const unreachable = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
    execFile(process.execPath, [fileURLToPath(new URL('../../packages/core/dist/src/cli.js', import.meta.url)), 'serve', '--db', 'postgres://user:secret@127.0.0.1:1/syncemu', '--port', '0'], { cwd }, (error, _stdout, stderr) =>
      resolve({ code: error ? (error.code as number) : 0, stderr }),
    );
  });
  assert.is(unreachable.code, 1, unreachable.stderr);
  assert.match(unreachable.stderr, /Cannot open the PostgreSQL database 'postgres:\/\/user:\*\*\*@127\.0\.0\.1:1\/syncemu': .*ECONNREFUSED/, unreachable.stderr);
  assert.not.match(unreachable.stderr, /secret/);
  assert.ok(!existsSync(join(cwd, 'postgres:')), 'no folder for a postgres URL');
  assert.throws(() => createEmulator({ database: 'redis://localhost/db' }), /is a redis:\/\/ URL/);
});

test.after(() => rmSync(scratch, { recursive: true, force: true }));

test.run();
