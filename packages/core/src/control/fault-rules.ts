import { STATUS_CODES } from 'node:http';
import type { FaultRuleRecords } from '@syncemu/store';
import { badRequest } from '../errors/graph-error.js';
import { isGuid } from '../ids/id-generator.js';
import { describeJson, isPlainObject } from '../payload/value-checker.js';

/** Which requests a rule answers: all three optional (none: every request of Graph's paths). */
export interface FaultMatch {
  /** `GET`, `post`…: case-insensitive. */
  readonly method?: string;
  /** The path after the version segment: `/servicePrincipals/*\/synchronization/jobs/**`; `*` one segment, `**` any number. */
  readonly path?: string;
  readonly servicePrincipalId?: string;
}

export interface FaultResponse {
  /** 400-599. */
  readonly status: number;
  /** Default: the code Graph gives for the status (`TooManyRequests` for 429…). */
  readonly code?: string;
  readonly message?: string;
  readonly retryAfterSeconds?: number;
  readonly headers?: Readonly<Record<string, string>>;
}

/** A fault rule as given (decisions.md §10). */
export interface FaultRuleInput {
  readonly match?: FaultMatch;
  readonly respond?: FaultResponse;
  /** Delay the answer this many milliseconds (alone: latency only; with `respond`, before the fault). At most 60,000. */
  readonly delayMs?: number;
  /** Answer only the next N matching requests (default: every one). */
  readonly times?: number;
}

/** A rule as kept and listed. */
export interface FaultRule extends FaultRuleInput {
  readonly id: string;
  readonly match: FaultMatch;
  /** How many more requests it answers; null: every one. */
  readonly remaining: number | null;
}

/** The Graph error code a status answers with unless the rule says. */
const DEFAULT_CODES: Readonly<Record<number, string>> = {
  400: 'BadRequest',
  401: 'InvalidAuthenticationToken',
  403: 'Authorization_RequestDenied',
  404: 'Request_ResourceNotFound',
  409: 'Conflict',
  412: 'PreconditionFailed',
  423: 'resourceLocked',
  429: 'TooManyRequests',
  500: 'InternalServerError',
  502: 'BadGateway',
  503: 'ServiceUnavailable',
  504: 'GatewayTimeout',
};

export const MAX_DELAY_MS = 60_000;

/** The code a fault of `status` answers with by default. */
export function defaultFaultCode(status: number): string {
  return DEFAULT_CODES[status] ?? (status >= 500 ? 'generalException' : 'BadRequest');
}

/** The fault rules of an emulator: first match wins, in creation order; a rule with `times` is used up after that many requests (it stays listed, `remaining: 0`). */
export interface FaultRuleSet {
  /** Checks and adds a rule. @throws GraphError 400 naming the field that is wrong. */
  add(input: unknown): Promise<FaultRule>;
  list(): Promise<FaultRule[]>;
  remove(id: string): Promise<boolean>;
  /** Removes every rule, or those bound to one service principal. */
  clear(servicePrincipalId?: string): Promise<void>;
  /** The first rule that answers this request, now counted as used once; undefined when none does. */
  take(method: string, path: string, servicePrincipalId: string | undefined): Promise<FaultRule | undefined> | undefined;
}

/** Whether `rule` answers a request of `method` on the path `segments` (lower case) about `servicePrincipalId`. */
function answers(match: FaultMatch, pattern: readonly string[] | undefined, method: string, segments: readonly string[], servicePrincipalId: string | undefined): boolean {
  if (match.method !== undefined && match.method.toUpperCase() !== method.toUpperCase()) return false;
  if (match.servicePrincipalId !== undefined && match.servicePrincipalId !== servicePrincipalId) return false;
  return pattern === undefined || matches(pattern, segments);
}

/**
 * The fault rules of one process (a SQLite emulator), in memory. `take` answers synchronously
 * (undefined) when there is no rule: the common case costs no promise.
 */
export class FaultRules implements FaultRuleSet {
  private rules: { rule: FaultRule; pattern: readonly string[] | undefined; remaining: number | null }[] = [];
  private next = 1;

  async add(input: unknown): Promise<FaultRule> {
    const checked = readRule(input);
    const id = String(this.next++);
    const entry = { rule: { id, ...checked, remaining: checked.times ?? null }, pattern: checked.match.path === undefined ? undefined : segmentsOf(checked.match.path), remaining: checked.times ?? null };
    this.rules.push(entry);
    return this.view(entry);
  }

  async list(): Promise<FaultRule[]> {
    return this.rules.map((entry) => this.view(entry));
  }

  async remove(id: string): Promise<boolean> {
    const before = this.rules.length;
    this.rules = this.rules.filter((entry) => entry.rule.id !== id);
    return this.rules.length < before;
  }

  async clear(servicePrincipalId?: string): Promise<void> {
    this.rules = servicePrincipalId === undefined ? [] : this.rules.filter((entry) => entry.rule.match.servicePrincipalId !== servicePrincipalId);
  }

  take(method: string, path: string, servicePrincipalId: string | undefined): Promise<FaultRule | undefined> | undefined {
    if (this.rules.length === 0) return undefined;
    const segments = segmentsOf(path);
    for (const entry of this.rules) {
      if (entry.remaining === 0) continue;
      if (!answers(entry.rule.match, entry.pattern, method, segments, servicePrincipalId)) continue;
      if (entry.remaining !== null) entry.remaining--;
      return Promise.resolve(this.view(entry));
    }
    return undefined;
  }

  private view(entry: { rule: FaultRule; remaining: number | null }): FaultRule {
    return { ...entry.rule, remaining: entry.remaining };
  }
}

/**
 * The fault rules of an emulator whose servers share one PostgreSQL database: kept in its table,
 * so a rule added through one server answers requests to every server, and a rule with `times`
 * answers exactly that many requests among them (each use is one atomic decrement).
 */
export class SharedFaultRules implements FaultRuleSet {
  constructor(private readonly records: FaultRuleRecords) {}

  async add(input: unknown): Promise<FaultRule> {
    const checked = readRule(input);
    const id = await this.records.add(checked.match.servicePrincipalId ?? null, JSON.stringify(checked), checked.times ?? null);
    return { id: String(id), ...checked, remaining: checked.times ?? null };
  }

  async list(): Promise<FaultRule[]> {
    return (await this.records.list()).map((stored) => ({ id: String(stored.id), ...(JSON.parse(stored.rule) as Omit<FaultRule, 'id' | 'remaining'>), remaining: stored.remaining }));
  }

  async remove(id: string): Promise<boolean> {
    return /^[1-9][0-9]{0,15}$/.test(id) && this.records.remove(Number(id));
  }

  async clear(servicePrincipalId?: string): Promise<void> {
    await this.records.clear(servicePrincipalId);
  }

  /** Asked only when the request's poll found a rule (`RequestPoll.faults`): no round trip of its own to learn there is none. */
  async take(method: string, path: string, servicePrincipalId: string | undefined): Promise<FaultRule | undefined> {
    const segments = segmentsOf(path);
    for (const rule of await this.list()) {
      if (rule.remaining === 0) continue;
      if (!answers(rule.match, rule.match.path === undefined ? undefined : segmentsOf(rule.match.path), method, segments, servicePrincipalId)) continue;
      // another server may have spent its last use since the list was read: then the next rule
      if (!(await this.records.spend(Number(rule.id)))) continue;
      return { ...rule, remaining: rule.remaining === null ? null : rule.remaining - 1 };
    }
    return undefined;
  }
}

function segmentsOf(path: string): string[] {
  return path
    .split('/')
    .filter((segment) => segment !== '')
    .map((segment) => segment.toLowerCase());
}

/** `*` is one segment, `**` any number (none included); other segments compare case-insensitively. */
function matches(pattern: readonly string[], segments: readonly string[]): boolean {
  const [head, ...rest] = pattern;
  if (head === undefined) return segments.length === 0;
  if (head === '**') {
    for (let skipped = 0; skipped <= segments.length; skipped++) if (matches(rest, segments.slice(skipped))) return true;
    return false;
  }
  const [segment, ...others] = segments;
  if (segment === undefined) return false;
  return (head === '*' || head === segment) && matches(rest, others);
}

const fail = (field: string, problem: string) => badRequest(`Invalid fault rule: '${field}' ${problem}.`);

/** Checks a rule's JSON; every field is named when it is wrong. */
function readRule(input: unknown): Omit<FaultRule, 'id' | 'remaining'> {
  if (!isPlainObject(input)) throw badRequest(`A fault rule is a JSON object {"match": {...}, "respond": {...}, "delayMs", "times"}, not ${describeJson(input)}.`);
  for (const key of Object.keys(input)) if (!['match', 'respond', 'delayMs', 'times'].includes(key)) throw fail(key, 'is not a field of a fault rule (match, respond, delayMs, times)');
  const match = readMatch(input['match']);
  const respond = input['respond'] === undefined ? undefined : readResponse(input['respond']);
  const delayMs = input['delayMs'];
  if (delayMs !== undefined && !(Number.isInteger(delayMs) && (delayMs as number) >= 0 && (delayMs as number) <= MAX_DELAY_MS)) throw fail('delayMs', `must be a whole number of milliseconds from 0 to ${MAX_DELAY_MS}, not ${shown(delayMs)}`);
  const times = input['times'];
  if (times !== undefined && !(Number.isInteger(times) && (times as number) >= 1)) throw fail('times', `must be a whole number of at least 1, not ${shown(times)}`);
  if (respond === undefined && delayMs === undefined) throw fail('respond', 'or delayMs must be given: a rule answers with a fault, delays, or both');
  return { match, ...(respond && { respond }), ...(delayMs !== undefined && { delayMs: delayMs as number }), ...(times !== undefined && { times: times as number }) };
}

function readMatch(value: unknown): FaultMatch {
  if (value === undefined) return {};
  if (!isPlainObject(value)) throw fail('match', `must be an object {"method", "path", "servicePrincipalId"}, not ${shown(value)}`);
  for (const key of Object.keys(value)) if (!['method', 'path', 'servicePrincipalId'].includes(key)) throw fail(`match.${key}`, 'is not a field of match (method, path, servicePrincipalId)');
  const { method, path, servicePrincipalId } = value;
  if (method !== undefined && (typeof method !== 'string' || !/^[A-Za-z]+$/.test(method))) throw fail('match.method', `must be an HTTP method such as "POST", not ${shown(method)}`);
  if (path !== undefined && (typeof path !== 'string' || path.trim() === '' || /[?#\s]/.test(path))) throw fail('match.path', `must be a path after the version such as "/servicePrincipals/*/synchronization/jobs/*/start" (no query), not ${shown(path)}`);
  if (servicePrincipalId !== undefined && (typeof servicePrincipalId !== 'string' || !isGuid(servicePrincipalId))) throw fail('match.servicePrincipalId', `must be a GUID, not ${shown(servicePrincipalId)}`);
  return {
    ...(method !== undefined && { method: (method as string).toUpperCase() }),
    ...(path !== undefined && { path: path as string }),
    ...(servicePrincipalId !== undefined && { servicePrincipalId: (servicePrincipalId as string).toLowerCase() }),
  };
}

function readResponse(value: unknown): FaultResponse {
  if (!isPlainObject(value)) throw fail('respond', `must be an object {"status", "code", "message", "retryAfterSeconds", "headers"}, not ${shown(value)}`);
  for (const key of Object.keys(value)) if (!['status', 'code', 'message', 'retryAfterSeconds', 'headers'].includes(key)) throw fail(`respond.${key}`, 'is not a field of respond (status, code, message, retryAfterSeconds, headers)');
  const { status, code, message, retryAfterSeconds, headers } = value;
  if (!(Number.isInteger(status) && (status as number) >= 400 && (status as number) <= 599)) throw fail('respond.status', `must be an HTTP error status from 400 to 599, not ${shown(status ?? null)}`);
  if (code !== undefined && (typeof code !== 'string' || code === '')) throw fail('respond.code', `must be a non-empty string, not ${shown(code)}`);
  if (message !== undefined && typeof message !== 'string') throw fail('respond.message', `must be a string, not ${shown(message)}`);
  if (retryAfterSeconds !== undefined && !(Number.isInteger(retryAfterSeconds) && (retryAfterSeconds as number) >= 0)) throw fail('respond.retryAfterSeconds', `must be a whole number of seconds, not ${shown(retryAfterSeconds)}`);
  if (headers !== undefined) {
    if (!isPlainObject(headers)) throw fail('respond.headers', `must be an object of header names and string values, not ${shown(headers)}`);
    for (const [name, text] of Object.entries(headers)) {
      if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name)) throw fail(`respond.headers.${name}`, 'is not a header name');
      if (typeof text !== 'string' || /[\r\n]/.test(text)) throw fail(`respond.headers.${name}`, `must be a string on one line, not ${shown(text)}`);
    }
  }
  return {
    status: status as number,
    ...(code !== undefined && { code: code as string }),
    ...(message !== undefined && { message: message as string }),
    ...(retryAfterSeconds !== undefined && { retryAfterSeconds: retryAfterSeconds as number }),
    ...(headers !== undefined && { headers: headers as Record<string, string> }),
  };
}

/** The message of a fault answer unless the rule gives one. */
export function defaultFaultMessage(rule: FaultRule, status: number): string {
  return `${STATUS_CODES[status] ?? 'Error'}: answered by syncemu fault rule ${rule.id}.`;
}

/** A scalar as JSON (`200`, `"x"`), anything else by its kind. */
function shown(value: unknown): string {
  return value === null || typeof value !== 'object' ? JSON.stringify(value) ?? String(value) : describeJson(value);
}
