/**
 * Helpers of the query tests: an emulator seeded with the conformance fixture on a manual clock,
 * query strings written for humans turned into URLs, list walks over nextLinks, and the check of
 * a Graph-shaped 400.
 */
import * as assert from 'uvu/assert';
import { createEmulator, type Emulator } from '@syncemu/core';
import { FIXTURE, NOW, SP } from '../conformance/jobs-fixture.js';

export const ORIGIN = 'https://graph.microsoft.com';

/** Internal errors any emulator made here reported (a 500 is a failure of the test that caused it). */
export const internalErrors: unknown[] = [];

export function newQueryEmulator(options: { database?: string } = {}): Emulator {
  return createEmulator({
    clock: { kind: 'manual', start: NOW },
    idSeed: 7,
    onInternalError: (error) => {
      internalErrors.push(error);
    },
    ...options,
  });
}

/** A fresh in-memory emulator holding the conformance fixture. */
export async function seededEmulator(): Promise<Emulator> {
  const emulator = newQueryEmulator();
  await emulator.seed(FIXTURE);
  return emulator;
}

/**
 * `$filter=a eq 'x'&$top=5` → `$filter=a%20eq%20'x'&$top=5`: splits a human-readable query at the
 * `&` that start an option (`&name=`) and percent-encodes each value (so `+`, `&`, `#` and `%`
 * inside literals travel as data). `dropDollar` writes the names without `$` (beta).
 */
export function encodeQuery(query: string, { dropDollar = false }: { dropDollar?: boolean } = {}): string {
  if (query === '') return '';
  return splitOptions(query)
    .map(([name, value]) => {
      const shown = dropDollar ? name.replace(/^\$/, '') : name;
      return value === undefined ? encodeURIComponent(shown) : `${encodeURIComponent(shown).replace('%24', '$')}=${encodeURIComponent(value)}`;
    })
    .join('&');
}

/** The options of a human-readable query: `[name, value]` pairs, split at `&` followed by `name=`. */
export function splitOptions(query: string): [string, string | undefined][] {
  const parts = query.split(/&(?=\$?[A-Za-z][A-Za-z0-9]*(?:=|&|$))/);
  return parts.map((part) => {
    const eq = part.indexOf('=');
    return eq < 0 ? [part, undefined] : [part.slice(0, eq), part.slice(eq + 1)];
  });
}

export type Version = 'v1.0' | 'beta';

export function jobsUrl(version: Version = 'v1.0', servicePrincipalId = SP, origin = ORIGIN): string {
  return `${origin}/${version}/servicePrincipals/${servicePrincipalId}/synchronization/jobs`;
}

export interface ListBody {
  '@odata.context': string;
  '@odata.count'?: number;
  '@odata.nextLink'?: string;
  value: Record<string, unknown>[];
}

export interface GraphErrorBody {
  error: { code: string; message: string; innerError: { date: string; 'request-id': string; 'client-request-id': string } };
}

const ERROR_DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/;
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * Problems with an error answer's shape (decisions.md §5), or [] when it is a Graph error:
 * exactly `error.{code,message,innerError.{date,request-id,client-request-id}}`, ids as headers say.
 */
export function graphErrorProblems(status: number, headers: Headers | Readonly<Record<string, string>>, text: string): string[] {
  const problems: string[] = [];
  const header = (name: string) =>
    headers instanceof Headers ? headers.get(name) : (Object.entries(headers).find(([key]) => key.toLowerCase() === name)?.[1] ?? null);
  let body: GraphErrorBody;
  try {
    body = JSON.parse(text) as GraphErrorBody;
  } catch {
    return [`${status} with a body that is not JSON: ${text.slice(0, 200)}`];
  }
  if (!body || typeof body !== 'object' || Object.keys(body).join() !== 'error') return [`keys ${Object.keys(body ?? {}).join()}`];
  const e = body.error;
  if (Object.keys(e).join() !== 'code,message,innerError') problems.push(`error keys ${Object.keys(e).join()}`);
  if (typeof e.code !== 'string' || e.code === '') problems.push('error.code');
  if (typeof e.message !== 'string' || e.message === '') problems.push('error.message');
  const inner = e.innerError ?? ({} as GraphErrorBody['error']['innerError']);
  if (Object.keys(inner).join() !== 'date,request-id,client-request-id') problems.push(`innerError keys ${Object.keys(inner).join()}`);
  if (!ERROR_DATE.test(inner.date)) problems.push(`innerError.date ${inner.date}`);
  if (!GUID.test(inner['request-id']) || inner['request-id'] !== header('request-id')) problems.push('innerError.request-id');
  if (inner['client-request-id'] !== header('client-request-id')) problems.push('innerError.client-request-id');
  if (!(header('content-type') ?? '').startsWith('application/json')) problems.push(`content-type ${header('content-type')}`);
  return problems;
}

/** Asserts a Graph 400 `BadRequest` (or another status) with this message; returns the message. */
export async function assertGraphError(res: Response, status: number, message: string | RegExp, what = ''): Promise<string> {
  const text = await res.text();
  assert.is(res.status, status, `${what}: status ${res.status}, body ${text}`);
  const problems = graphErrorProblems(res.status, res.headers, text);
  assert.equal(problems, [], `${what}: not Graph-shaped: ${problems.join('; ')}`);
  const body = JSON.parse(text) as GraphErrorBody;
  if (status === 400) assert.is(body.error.code, 'BadRequest', what);
  if (typeof message === 'string') assert.is(body.error.message, message, what);
  else assert.match(body.error.message, message, what);
  return body.error.message;
}

/** Follows `@odata.nextLink` from `url` to the end; returns every page's body. */
export async function walk(call: (url: string) => Promise<Response>, url: string, limit = 10_000): Promise<ListBody[]> {
  const pages: ListBody[] = [];
  let next: string | undefined = url;
  while (next !== undefined) {
    const res = await call(next);
    const text = await res.text();
    assert.is(res.status, 200, `${next}: ${text}`);
    const body = JSON.parse(text) as ListBody;
    pages.push(body);
    next = body['@odata.nextLink'];
    if (pages.length > limit) throw new Error(`more than ${limit} pages from ${url}`);
  }
  return pages;
}
