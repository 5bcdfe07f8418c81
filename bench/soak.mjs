#!/usr/bin/env node
// `pnpm soak`: sustained mixed load against `syncemu serve` on a file database (issue 6).
//
// Starts the server as a child process, loads it with jobs, warms it up, then runs 60 s of mixed
// traffic with autocannon: filtered lists, $count, reads, creates, patches and deletes (every
// connection creates a job, reads, patches and deletes it, so the database stays the same size).
// Prints the zero-error check, latency percentiles and the server's RSS after the warm-up and at
// the end, and exits 1 if any request failed or RSS grew by more than 10 %.
//
//   pnpm soak                      60 s, 10 connections
//   SOAK_SECONDS=20 pnpm soak      a shorter run
//   SOAK_CONNECTIONS=32 pnpm soak  more clients
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import Database from 'better-sqlite3';

const SECONDS = Number(process.env.SOAK_SECONDS ?? 60);
const WARMUP_SECONDS = Number(process.env.SOAK_WARMUP_SECONDS ?? 15);
const CONNECTIONS = Number(process.env.SOAK_CONNECTIONS ?? 10);
const PRELOADED_JOBS = 400;
const RSS_TOLERANCE = 0.1;
const CLI = fileURLToPath(new URL('../packages/core/dist/src/cli.js', import.meta.url));
const SPS = ['5041c000-0000-4000-8000-000000000001', '5041c000-0000-4000-8000-000000000002', '5041c000-0000-4000-8000-000000000003', '5041c000-0000-4000-8000-000000000004'];
const TEMPLATES = ['scim', 'aws', 'gsuite', 'slack'];
const JSON_HEADERS = { 'content-type': 'application/json' };

const dir = mkdtempSync(join(tmpdir(), 'syncemu-soak-'));
const db = join(dir, 'soak.sqlite');

/** Starts `syncemu serve --port 0 --db FILE` and resolves with its URL once it prints the ready line. */
function startServer() {
  const child = spawn(process.execPath, [CLI, 'serve', '--port', '0', '--db', db], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stderr.setEncoding('utf8').on('data', (chunk) => (err += chunk));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`syncemu serve did not start: ${out}${err}`)), 15_000);
    child.stdout.setEncoding('utf8').on('data', (chunk) => {
      out += chunk;
      const match = /syncemu listening on (http:\/\/\S+)/.exec(out);
      if (match) {
        clearTimeout(timer);
        resolve({ child, url: match[1], stderr: () => err });
      }
    });
    child.once('exit', (code) => reject(new Error(`syncemu serve exited with ${code}: ${out}${err}`)));
  });
}

/** The child's resident set size in MiB (Linux /proc, else ps). */
function rssMiB(pid) {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = Number(/^VmRSS:\s+(\d+)\s+kB/m.exec(status)?.[1]);
    if (kb > 0) return kb / 1024;
  } catch {
    // not Linux
  }
  return Number(execFileSync('ps', ['-o', 'rss=', '-p', String(pid)], { encoding: 'utf8' }).trim()) / 1024;
}

/** Each connection, in a loop: list, create, read, patch, list by setting, count, delete. */
function mixedRequests() {
  let next = 0;
  const base = (context) => {
    context.sp ??= SPS[next++ % SPS.length];
    return `/v1.0/servicePrincipals/${context.sp}/synchronization/jobs`;
  };
  return [
    {
      method: 'GET',
      setupRequest: (req, context) => ({
        ...req,
        path: `${base(context)}?$filter=${encodeURIComponent("status/code eq 'Paused' and templateId eq 'scim'")}&$select=id,status,schedule&$top=20`,
      }),
    },
    {
      method: 'POST',
      headers: JSON_HEADERS,
      setupRequest: (req, context) => {
        context.n = (context.n ?? 0) + 1;
        return {
          ...req,
          path: base(context),
          body: JSON.stringify({
            templateId: TEMPLATES[context.n % TEMPLATES.length],
            schedule: { interval: `PT${(context.n % 50) + 10}M` },
            synchronizationJobSettings: [{ name: 'Soak', value: String(context.n) }],
          }),
        };
      },
      onResponse: (status, body, context) => {
        if (status === 201) context.jobId = JSON.parse(body).id;
      },
    },
    { method: 'GET', setupRequest: (req, context) => ({ ...req, path: `${base(context)}/${encodeURIComponent(context.jobId)}?$select=id,schedule,synchronizationJobSettings` }) },
    {
      method: 'PATCH',
      headers: JSON_HEADERS,
      setupRequest: (req, context) => ({
        ...req,
        path: `${base(context)}/${encodeURIComponent(context.jobId)}`,
        body: JSON.stringify({ schedule: { interval: 'PT20M' }, synchronizationJobSettings: [{ name: 'Soak', value: `patched ${context.n}` }] }),
      }),
    },
    {
      method: 'GET',
      setupRequest: (req, context) => ({
        ...req,
        path: `${base(context)}?$filter=${encodeURIComponent("synchronizationJobSettings/any(s: s/name eq 'Soak' and startswith(s/value, 'patched'))")}&$count=true&$top=5&$orderby=id%20desc`,
      }),
    },
    { method: 'GET', setupRequest: (req, context) => ({ ...req, path: `${base(context)}/$count?$filter=${encodeURIComponent("schedule/interval gt duration'PT30M'")}` }) },
    { method: 'DELETE', setupRequest: (req, context) => ({ ...req, path: `${base(context)}/${encodeURIComponent(context.jobId)}` }) },
  ];
}

function run(url, seconds, title) {
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      { url, title, connections: CONNECTIONS, duration: seconds, requests: mixedRequests(), timeout: 10 },
      (error, result) => (error ? reject(error) : resolve(result)),
    );
    instance.on('error', reject);
  });
}

const mib = (value) => `${value.toFixed(1)} MiB`;
let server;
let failed = false;
try {
  server = await startServer();
  const { child, url } = server;
  // Jobs to filter and count over.
  for (let i = 0; i < PRELOADED_JOBS; i++) {
    const res = await fetch(`${url}/v1.0/servicePrincipals/${SPS[i % SPS.length]}/synchronization/jobs`, {
      method: 'POST',
      headers: JSON_HEADERS,
      body: JSON.stringify({ templateId: TEMPLATES[i % TEMPLATES.length], synchronizationJobSettings: [{ name: 'Preloaded', value: String(i) }] }),
    });
    if (res.status !== 201) throw new Error(`preloading job ${i}: ${res.status} ${await res.text()}`);
  }
  console.log(`syncemu soak: ${url}, ${PRELOADED_JOBS} jobs preloaded, ${CONNECTIONS} connections`);
  console.log(`  warm-up: ${WARMUP_SECONDS} s`);
  const warmup = await run(url, WARMUP_SECONDS, 'warm-up');
  const rssAfterWarmup = rssMiB(child.pid);
  console.log(`  warm-up done: ${warmup.requests.total} requests, RSS ${mib(rssAfterWarmup)}`);
  console.log(`  soak: ${SECONDS} s of mixed traffic`);
  const samples = [];
  const sampler = setInterval(() => samples.push(rssMiB(child.pid)), 5000);
  const result = await run(url, SECONDS, 'soak');
  clearInterval(sampler);
  const rssAtEnd = rssMiB(child.pid);

  const errors = result.errors + result.timeouts + result.non2xx + warmup.errors + warmup.timeouts + warmup.non2xx;
  const growth = (rssAtEnd - rssAfterWarmup) / rssAfterWarmup;
  const latency = result.latency;
  console.log('');
  console.log(`requests: ${result.requests.total} in ${SECONDS} s (${Math.round(result.requests.average)}/s average), ${result['2xx']} 2xx`);
  console.log(`zero-error check: ${result.errors} errors, ${result.timeouts} timeouts, ${result.non2xx} non-2xx (warm-up: ${warmup.errors}/${warmup.timeouts}/${warmup.non2xx}) → ${errors === 0 ? 'pass' : 'FAIL'}`);
  console.log(`latency: p50 ${latency.p50} ms, p90 ${latency.p90} ms, p99 ${latency.p99} ms, max ${latency.max} ms`);
  console.log(`RSS every 5 s: ${samples.map((value) => value.toFixed(0)).join(', ')} MiB`);
  console.log(`RSS: ${mib(rssAfterWarmup)} after warm-up, ${mib(rssAtEnd)} at the end (${growth >= 0 ? '+' : ''}${(growth * 100).toFixed(1)} %, limit ±${RSS_TOLERANCE * 100} %) → ${Math.abs(growth) <= RSS_TOLERANCE ? 'pass' : 'FAIL'}`);
  failed = errors > 0 || Math.abs(growth) > RSS_TOLERANCE;

  // The server stops cleanly and leaves a sound file with as many jobs as before the traffic.
  child.kill('SIGTERM');
  const code = await new Promise((resolve) => child.once('exit', resolve));
  const check = new Database(db, { readonly: true });
  const integrity = check.pragma('integrity_check', { simple: true });
  const jobs = check.prepare('select count(*) as n from jobs').get().n;
  check.close();
  console.log(`shutdown: exit ${code}; integrity_check ${integrity}; ${jobs} jobs in the file (${PRELOADED_JOBS} preloaded)`);
  if (code !== 0 || integrity !== 'ok') failed = true;
  server = undefined;
} catch (error) {
  console.error('soak failed:', error);
  failed = true;
} finally {
  server?.child.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
}
console.log(failed ? 'soak: FAIL' : 'soak: pass');
process.exitCode = failed ? 1 : 0;
