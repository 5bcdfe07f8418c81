/**
 * The fuzzing properties of issue 6, shared by `tests/robustness-fuzz.test.ts` (a few thousand
 * cases with a fixed seed, in `pnpm test`) and `tests/fuzz-run.ts` (`pnpm fuzz`, 100k cases).
 *
 * Arbitraries build requests for `emulator.handle()`: every query option with OData's corner
 * cases, JSON bodies (wrong types, deep nesting, huge strings, unicode, duplicate keys as raw text,
 * prototype keys), path segments (encoded slashes, dots, quotes, long ids, NUL, bad
 * percent-encoding) and header values. The properties, for every request:
 * - `handle()` resolves (never throws) and never answers 5xx;
 * - a 4xx is Graph-shaped: `{"error": {"code", "message", "innerError": {date, request-id, client-request-id}}}`;
 * - a JSON response body parses, and every response carries a `request-id`;
 * - a request that failed changed nothing (`store.digest()` before and after).
 */
import fc from 'fast-check';
import { connect } from 'node:net';
import { createEmulator, type Emulator, type EmulatorRequest, type EmulatorResponse, type RunningServer } from '@syncemu/core';

export const SP_A = '7d3e8c6a-53b4-4f6e-a1a2-0c9b8e7f6d5c';
export const SP_B = '2b9f4c1e-6a7d-4e3b-9c8a-1d2e3f4a5b6c';
/** A GUID no fixture names (auto mode still treats it as a service principal). */
export const SP_OTHER = '0f0e0d0c-0b0a-4909-8807-060504030201';

export const JOB_IDS_A = ['scim.fuzz.a1', 'aws.fuzz.a2', "scim.o'hara.a3", 'scim.é~100%.a4', 'gsuite.fuzz.a5'];
export const JOB_IDS_B = ['scim.fuzz.b1', 'slack.fuzz.b2'];
const ALL_JOB_IDS = [...JOB_IDS_A, ...JOB_IDS_B];

/** What every fuzzed emulator starts from: two service principals, jobs in several states, secrets, a custom template. */
export const FUZZ_FIXTURE = {
  tenantId: '0b5e2f0e-1c5a-4c7b-8a0e-1f2d3c4b5a69',
  servicePrincipals: [
    {
      id: SP_A,
      displayName: 'Fuzz A',
      secrets: [
        { key: 'BaseAddress', value: 'https://scim.example.com/scim' },
        { key: 'SecretToken', value: 's3cr3t' },
      ],
      templates: [{ id: 'fuzzTemplate', factoryTag: 'scim' }],
      jobs: [
        { id: JOB_IDS_A[0], templateId: 'scim', synchronizationJobSettings: [{ name: 'Stamp', value: '1' }] },
        { id: JOB_IDS_A[1], templateId: 'aws', schedule: { interval: 'PT20M', state: 'Active' } },
        { id: JOB_IDS_A[2], templateId: 'scim', status: { code: 'Quarantine', countSuccessiveCompleteFailures: 4 } },
        { id: JOB_IDS_A[3], templateId: 'scim', schedule: { state: 'Active' }, '@syncemu.plan': [{ result: 'failed', repeat: 2 }] },
        { id: JOB_IDS_A[4], templateId: 'gsuite' },
      ],
    },
    {
      id: SP_B,
      jobs: [
        { id: JOB_IDS_B[0], templateId: 'scim' },
        { id: JOB_IDS_B[1], templateId: 'slack', schedule: { state: 'Active' } },
      ],
    },
  ],
};

export type FuzzTarget = 'open' | 'auth';

export interface FuzzCase {
  /** `open`: the default emulator; `auth`: one with `requireAuth: true`. */
  readonly target: FuzzTarget;
  readonly request: EmulatorRequest;
}

export interface Violation {
  readonly property: string;
  readonly detail: string;
  readonly request: EmulatorRequest;
  readonly response?: EmulatorResponse;
}

// ---------------------------------------------------------------------------------------------
// Strings

const LONE_SURROGATES = ['\ud800', '\udbff', '\udc00', '\udfff'];

/** Any code points, with lone surrogates, NUL and controls mixed in. */
const unicodeString = (maxLength = 12): fc.Arbitrary<string> =>
  fc
    .array(
      fc.oneof(
        { weight: 6, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 3 }) },
        { weight: 1, arbitrary: fc.constantFrom(...LONE_SURROGATES, '\u0000', '\r\n', '\u2028', '\ufeff', '\u202e', "'", '"', '\\', '%', '&', '/', ' ') },
      ),
      { maxLength },
    )
    .map((parts) => parts.join(''));

const anyString: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: unicodeString() },
  { weight: 2, arbitrary: fc.string({ maxLength: 12 }) },
  { weight: 1, arbitrary: fc.constantFrom('', ' ', 'null', 'true', '0', 'NaN', 'scim', 'PT40M', 'Active', "'; drop table jobs; --", '" or 1=1 --') },
);

/** Any JSON value (with our strings in it). */
const anyJson: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  { weight: 2, arbitrary: anyString },
  { weight: 1, arbitrary: fc.constantFrom(null, true, false, 0, -1, 1.5, 2 ** 31, 2 ** 53, -0, 1e308, [], {}, [null], { '': null }) },
);

// ---------------------------------------------------------------------------------------------
// Paths

const NASTY_SEGMENTS = [
  '%2F', '%2f', 'a%2Fb', '..', '.', '%2E', '%2E%2E', '...', "'", "''", '%27', '"', '%22', '%00', 'a%00b', '%', '%z', '%zz', '%E0%A4%A',
  '%C0%AF', '%ED%A0%80', '%FF', '%F0%9F%98%80', '$count', '%24count', '$COUNT', '$value', '$ref', '$metadata', '$batch', '()', "('x')",
  "(id='x')", '%20', ' ', '+', '*', '~', '\\', '%5C', ';', ';x=1', ':', '@', '%40', 'null', 'undefined', '__proto__', 'constructor',
  'prototype', 'hasOwnProperty', 'toString', '\u0000', 'é', '%C3%A9', '😀', '%2525', '%%', '%u0041', '\t', '%0D%0A',
];

const nastySegment: fc.Arbitrary<string> = fc.oneof(
  { weight: 5, arbitrary: fc.constantFrom(...NASTY_SEGMENTS) },
  { weight: 2, arbitrary: unicodeString(8).map((s) => safeEncode(s)) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary-ascii', maxLength: 10 }) },
  { weight: 1, arbitrary: fc.integer({ min: 200, max: 17_000 }).map((n) => 'j'.repeat(n)) },
);

/** encodeURIComponent that leaves a lone surrogate raw instead of throwing. */
function safeEncode(s: string): string {
  try {
    return encodeURIComponent(s);
  } catch {
    return s;
  }
}

const spSegment: fc.Arbitrary<string> = fc.oneof(
  { weight: 8, arbitrary: fc.constantFrom(SP_A, SP_A, SP_B, SP_OTHER) },
  { weight: 1, arbitrary: fc.constantFrom(SP_A.toUpperCase(), `{${SP_A}}`, `${SP_A}%00`, SP_A.replaceAll('-', ''), `'${SP_A}'`, `${SP_A}%2F..`) },
  { weight: 1, arbitrary: fc.uuid() },
  { weight: 1, arbitrary: nastySegment },
);

const jobSegment: fc.Arbitrary<string> = fc.oneof(
  { weight: 8, arbitrary: fc.constantFrom(...ALL_JOB_IDS).map(encodeURIComponent) },
  { weight: 1, arbitrary: fc.constantFrom(...ALL_JOB_IDS) },
  {
    weight: 2,
    arbitrary: fc
      .tuple(fc.constantFrom(...ALL_JOB_IDS), fc.constantFrom('upper', 'suffix', 'prefix', 'quote', 'slash'), nastySegment)
      .map(([id, how, extra]) =>
        how === 'upper' ? id.toUpperCase() : how === 'suffix' ? id + extra : how === 'prefix' ? extra + id : how === 'quote' ? `'${id}'` : id.replace('.', '%2F'),
      ),
  },
  { weight: 2, arbitrary: nastySegment },
);

const keyword = (word: string): fc.Arbitrary<string> =>
  fc.oneof({ weight: 9, arbitrary: fc.constant(word) }, { weight: 1, arbitrary: fc.mixedCase(fc.constant(word)) });

const ACTIONS = ['start', 'pause', 'restart', 'validateCredentials', 'provisionOnDemand', 'bulkUpload', 'schema', 'nope'];
const DIRECTORY_IDS = ['directoryDefinition-1', 'nope', 'customappsso', '%2F', "'"];
const TEMPLATE_IDS = ['scim', 'aws', 'fuzzTemplate', 'SCIM', 'nope', '%2F', '..', "'"];

/** A path and the methods its resource answers (most cases use one of them, so they get past the router). */
interface PathShape {
  readonly path: string;
  readonly methods: readonly string[];
}

const shape = (methods: readonly string[], ...parts: fc.Arbitrary<string>[]): fc.Arbitrary<{ segments: readonly string[]; methods: readonly string[] }> =>
  fc.tuple(...parts).map((segments) => ({ segments, methods }));

/** The part after `…/synchronization/`. */
const syncTail = fc.oneof(
  { weight: 6, arbitrary: shape(['GET', 'POST'], keyword('jobs')) },
  { weight: 8, arbitrary: shape(['GET', 'PATCH', 'DELETE'], keyword('jobs'), jobSegment) },
  { weight: 2, arbitrary: shape(['GET'], keyword('jobs'), fc.constantFrom('$count', '%24count', '$COUNT', '$count()')) },
  { weight: 1, arbitrary: shape(['POST'], keyword('jobs'), fc.constant('validateCredentials')) },
  { weight: 5, arbitrary: shape(['POST'], keyword('jobs'), jobSegment, fc.constantFrom(...ACTIONS)) },
  { weight: 2, arbitrary: shape(['GET', 'PUT', 'DELETE'], keyword('jobs'), jobSegment, fc.constant('schema')) },
  {
    weight: 1,
    arbitrary: shape(['GET'], keyword('jobs'), jobSegment, fc.constant('schema'), fc.constantFrom('directories', 'filterOperators', 'functions', 'functions()', 'parseExpression', 'nope')),
  },
  {
    weight: 1,
    arbitrary: shape(['POST'], keyword('jobs'), jobSegment, fc.constant('schema'), fc.constant('directories'), fc.constantFrom(...DIRECTORY_IDS), fc.constantFrom('discover', 'x')),
  },
  { weight: 1, arbitrary: shape(['GET'], keyword('jobs'), jobSegment, fc.constant('schema'), fc.constant('directories'), fc.constantFrom(...DIRECTORY_IDS)) },
  { weight: 2, arbitrary: shape(['GET'], keyword('templates')) },
  { weight: 2, arbitrary: shape(['GET'], keyword('templates'), fc.constantFrom(...TEMPLATE_IDS)) },
  { weight: 1, arbitrary: shape(['GET'], keyword('templates'), fc.constantFrom(...TEMPLATE_IDS), fc.constantFrom('schema', 'x')) },
  { weight: 2, arbitrary: shape(['GET', 'PUT'], keyword('secrets')) },
  { weight: 1, arbitrary: fc.constantFrom<readonly string[]>([], ['acquireAccessToken'], ['ping'], ['jobs', '', ''], ['']).map((segments) => ({ segments, methods: ['GET'] })) },
  { weight: 1, arbitrary: fc.array(nastySegment, { minLength: 1, maxLength: 3 }).map((segments) => ({ segments, methods: ['GET'] })) },
);

const graphPath: fc.Arbitrary<PathShape> = fc
  .record({
    version: fc.oneof({ weight: 19, arbitrary: fc.constantFrom('v1.0', 'beta') }, { weight: 1, arbitrary: fc.oneof(fc.constantFrom('V1.0', 'BETA', 'v2.0', '', '..', '%761.0'), nastySegment) }),
    collection: keyword('servicePrincipals'),
    sp: spSegment,
    sync: fc.oneof({ weight: 39, arbitrary: keyword('synchronization') }, { weight: 1, arbitrary: nastySegment }),
    tail: syncTail,
    trailingSlash: fc.oneof({ weight: 9, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
    truncate: fc.oneof({ weight: 39, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: fc.integer({ min: 0, max: 5 }) }),
  })
  .map(({ version, collection, sp, sync, tail, trailingSlash, truncate }) => {
    const segments = [version, collection, sp, sync, ...tail.segments].slice(0, truncate === undefined ? undefined : truncate);
    return { path: `/${segments.join('/')}${trailingSlash ? '/' : ''}`, methods: tail.methods };
  });

/** `/_syncemu/…` control routes (clock moves are small: a big one would only make the case slow). */
const controlPath: fc.Arbitrary<PathShape> = fc.oneof(
  fc.constantFrom('/_syncemu/clock', '/_syncemu', '/_syncemu/', '/_syncemu/nope', '/_syncemu/clock/%zz').map((path) => ({ path, methods: ['GET'] })),
  fc.constantFrom('/_syncemu/clock/advance', '/_syncemu/clock/set').map((path) => ({ path, methods: ['POST'] })),
  fc
    .tuple(spSegment, jobSegment, fc.constantFrom('plan', 'plan', 'nope'))
    .map(([sp, job, last]) => ({ path: `/_syncemu/servicePrincipals/${sp}/jobs/${job}/${last}`, methods: ['GET', 'PUT'] })),
);

// ---------------------------------------------------------------------------------------------
// $filter and the other query options

const FILTER_PATHS = [
  'id', 'templateId', 'status/code', 'status/countSuccessiveCompleteFailures', 'status/escrowsPruned', 'status/lastExecution/timeBegan',
  'status/lastExecution/error/code', 'status/lastExecution/state', 'status/quarantine/reason', 'status/quarantine/currentBegan',
  'status/steadyStateFirstAchievedTime', 'status/troubleshootingUrl', 'schedule/interval', 'schedule/expiration', 'schedule/state',
  'synchronizationJobSettings', 'status/progress', 'status/synchronizedEntryCountByType', 'nope', 'status/nope', 'id/nope', 'Status/Code',
  '@odata.type', '$count', 'synchronizationJobSettings/$count', 'status/code/$value', 's/name', 's/value', 'x/y/z', '$it', '$it/id', '$root',
  'status', 'schedule', 'microsoft.graph.synchronizationJob/id',
];

const FILTER_LITERALS = [
  'true', 'false', 'TRUE', 'null', 'NULL', 'INF', '-INF', 'NaN', '1e308', '1e309', '-1e400', '99999999999999999999999', '0x10', '1.', '.5',
  '1e', '-0', '2024-01-01T00:00:00Z', '2024-13-45T99:99:99Z', '2024-01-01', '0001-01-01T00:00:00Z', '9999-12-31T23:59:59.9999999Z',
  '2024-01-01T00:00:00+14:00', '01:02:03', "duration'PT40M'", "duration'P1D'", "duration'garbage'", "duration'-PT1S'",
  "duration'P99999999999D'", "microsoft.graph.synchronizationStatusCode'Active'", "microsoft.graph.synchronizationStatusCode'Nope'",
  "'Active'", "'Quarantine'", "'scim'", SP_A, '12345678-1234-1234-1234-1234567890ab', "binary'AQID'", "geography'POINT(1 2)'", '@p',
  '[1,2]', '{"a":1}', "''", "'''", "'unterminated", `'${'x'.repeat(3000)}'`,
];

const FUNCTIONS = [
  'contains', 'startswith', 'endswith', 'length', 'indexof', 'substring', 'tolower', 'toupper', 'trim', 'concat', 'year', 'month', 'day',
  'hour', 'minute', 'second', 'fractionalseconds', 'date', 'time', 'now', 'round', 'floor', 'ceiling', 'totaloffsetminutes',
  'mindatetime', 'maxdatetime', 'cast', 'isof', 'geo.distance', 'matchesPattern', 'unknownfn', 'CONTAINS', 'totalseconds', 'has',
];

const BINARY_OPERATORS = ['eq', 'ne', 'gt', 'ge', 'lt', 'le', 'and', 'or', 'add', 'sub', 'mul', 'div', 'divby', 'mod', 'has', 'EQ', 'Or', 'in', '='];

const filterLiteral: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...FILTER_LITERALS) },
  { weight: 2, arbitrary: unicodeString(8).map((s) => `'${s.replaceAll("'", "''")}'`) },
  { weight: 1, arbitrary: anyString.map((s) => `'${s}'`) },
  { weight: 2, arbitrary: fc.oneof(fc.integer(), fc.double()).map(String) },
  { weight: 1, arbitrary: fc.bigInt().map(String) },
  { weight: 1, arbitrary: fc.date().map((d) => (Number.isNaN(d.getTime()) ? 'Invalid' : d.toISOString())) },
);

const filterExpression: fc.Arbitrary<string> = fc.letrec<{ expr: string; atom: string }>((tie) => ({
  atom: fc.oneof(fc.constantFrom(...FILTER_PATHS), filterLiteral),
  expr: fc.oneof(
    { depthSize: 'small', maxDepth: 6 },
    { weight: 3, arbitrary: tie('atom') },
    { weight: 3, arbitrary: fc.tuple(tie('expr'), fc.constantFrom(...BINARY_OPERATORS), tie('expr')).map(([a, op, b]) => `${a} ${op} ${b}`) },
    { weight: 1, arbitrary: fc.tuple(fc.constantFrom('not ', '-', 'NOT ', 'not', '- ', '--'), tie('expr')).map(([op, e]) => `${op}${e}`) },
    {
      weight: 1,
      arbitrary: fc.tuple(fc.constantFrom(...FUNCTIONS), fc.array(tie('expr'), { maxLength: 4 })).map(([f, args]) => `${f}(${args.join(',')})`),
    },
    {
      weight: 1,
      arbitrary: fc
        .tuple(
          fc.constantFrom('synchronizationJobSettings', 'status/progress', 'status/synchronizedEntryCountByType', 'id', 'status'),
          fc.constantFrom('any', 'all', 'ANY', 'none'),
          fc.constantFrom('s', 'x', '$it', '1', 'id'),
          tie('expr'),
        )
        .map(([collection, fn, variable, body]) => `${collection}/${fn}(${variable}:${body.replaceAll('s/', `${variable}/`)})`),
    },
    { weight: 1, arbitrary: tie('expr').map((e) => `(${e})`) },
    { weight: 1, arbitrary: fc.tuple(tie('atom'), fc.array(filterLiteral, { maxLength: 4 })).map(([a, list]) => `${a} in (${list.join(',')})`) },
  ),
})).expr;

const cmp = fc.constantFrom('eq', 'ne', 'gt', 'ge', 'lt', 'le');
const stringLiteral = fc.oneof(fc.constantFrom("'scim'", "'Active'", "'Paused'", "'Quarantine'", "''", "'it''s'", "'%'", "'_'"), unicodeString(6).map((s) => `'${s.replaceAll("'", "''")}'`));
const dateLiteral = fc.oneof(
  fc.constantFrom('0001-01-01T00:00:00Z', '2024-01-01T00:00:00Z', '2024-01-01T00:00:00.1234567+05:30', 'null', 'now()'),
  fc.date({ min: new Date('0001-01-01T00:00:00Z'), max: new Date('9999-12-31T23:59:59Z'), noInvalidDate: true }).map((d) => d.toISOString()),
);

/** Comparisons that type-check, so a list query gets as far as SQL. */
const typedComparison: fc.Arbitrary<string> = fc.oneof(
  fc
    .tuple(fc.constantFrom('id', 'templateId', 'status/code', 'status/lastExecution/error/code', 'status/quarantine/reason', 'status/troubleshootingUrl', 'schedule/state'), cmp, stringLiteral)
    .map((parts) => parts.join(' ')),
  fc.tuple(fc.constant('status/countSuccessiveCompleteFailures'), cmp, fc.oneof(fc.integer(), fc.constantFrom('-1', '1.5', '1e3', 'null'))).map((parts) => parts.join(' ')),
  fc
    .tuple(fc.constantFrom('status/lastExecution/timeBegan', 'status/steadyStateFirstAchievedTime', 'schedule/expiration', 'status/quarantine/currentBegan'), cmp, dateLiteral)
    .map((parts) => parts.join(' ')),
  fc.tuple(fc.constant('schedule/interval'), cmp, fc.constantFrom("duration'PT40M'", "duration'PT20M'", "duration'P1D'", "duration'PT0S'", 'null')).map((parts) => parts.join(' ')),
  fc.constantFrom('status/escrowsPruned eq false', 'status/escrowsPruned', 'not status/escrowsPruned', "status/code eq microsoft.graph.synchronizationStatusCode'Quarantine'", "status/code in ('Active','Paused')"),
  fc.tuple(fc.constantFrom('contains', 'startswith', 'endswith'), fc.constantFrom('id', 'templateId', 'status/code'), stringLiteral).map(([f, p, v]) => `${f}(${p},${v})`),
  fc.tuple(fc.constantFrom('length(id)', 'indexof(id,\'.\')', 'year(status/steadyStateFirstAchievedTime)', 'status/countSuccessiveCompleteFailures mod 2', 'status/countSuccessiveCompleteFailures add 1 mul 2', 'round(status/countSuccessiveCompleteFailures div 3)', 'length(concat(id,templateId))'), cmp, fc.integer({ min: -3, max: 40 })).map((parts) => parts.join(' ')),
  fc.tuple(fc.constantFrom('tolower(templateId)', 'toupper(id)', 'trim(templateId)', 'substring(id,1,3)', 'substring(id,100)', 'concat(templateId,\'x\')'), cmp, stringLiteral).map((parts) => parts.join(' ')),
  fc.tuple(fc.constantFrom('name', 'value'), stringLiteral).map(([p, v]) => `synchronizationJobSettings/any(s:s/${p} eq ${v})`),
  fc.constantFrom('synchronizationJobSettings/any()', "synchronizationJobSettings/all(s:s/value ne null)", "status/synchronizedEntryCountByType/any(e:e/value gt 1)", 'now() gt status/steadyStateFirstAchievedTime'),
);

const typedFilter: fc.Arbitrary<string> = fc.letrec<{ f: string }>((tie) => ({
  f: fc.oneof(
    { depthSize: 'small', maxDepth: 4 },
    { weight: 4, arbitrary: typedComparison },
    { weight: 2, arbitrary: fc.tuple(tie('f'), fc.constantFrom('and', 'or', 'AND'), tie('f')).map(([a, op, b]) => `${a} ${op} ${b}`) },
    { weight: 1, arbitrary: tie('f').map((e) => `not (${e})`) },
    { weight: 1, arbitrary: tie('f').map((e) => `(${e})`) },
  ),
})).f;

/** Text changed a little: a character inserted, deleted or swapped, a token doubled. */
function mutated(text: fc.Arbitrary<string>): fc.Arbitrary<string> {
  return fc
    .tuple(text, fc.array(fc.tuple(fc.nat(), fc.constantFrom('insert', 'delete', 'double', 'swap'), fc.constantFrom(...'()\'",/ &=%$+:;-\u0000eqandornot'.split(''))), { minLength: 1, maxLength: 3 }))
    .map(([base, edits]) => {
      let s = base;
      for (const [at, how, ch] of edits) {
        const i = s.length === 0 ? 0 : at % (s.length + 1);
        if (how === 'insert') s = s.slice(0, i) + ch + s.slice(i);
        else if (how === 'delete') s = s.slice(0, i) + s.slice(i + 1);
        else if (how === 'double') s = s.slice(0, i) + s.slice(i, i + 4) + s.slice(i);
        else s = s.slice(0, i) + s.slice(i + 1, i + 2) + s.slice(i, i + 1) + s.slice(i + 2);
      }
      return s;
    });
}

/** Long flat chains and lists within the node limit: they nest deep in SQL, not in OData. */
const longChain: fc.Arbitrary<string> = fc.oneof(
  fc
    .array(fc.constantFrom('add', 'sub', 'mul', 'div', 'divby', 'mod'), { minLength: 1, maxLength: 520 })
    .map((ops) => `status/countSuccessiveCompleteFailures ${ops.map((op) => `${op} 3`).join(' ')} gt 1`),
  fc.array(fc.constantFrom('and', 'or'), { minLength: 1, maxLength: 340 }).map((ops) => `id ne 'a'${ops.map((op, i) => ` ${op} id ne '${i}'`).join('')}`),
  fc.integer({ min: 1, max: 1001 }).map((n) => `templateId in (${Array.from({ length: n }, (_, i) => `'${i}'`).join(',')})`),
  fc.integer({ min: 1, max: 1001 }).map((n) => `status/code in (${Array.from({ length: n }, (_, i) => (i % 2 ? "'Active'" : "'Paused'")).join(',')})`),
  fc.integer({ min: 1, max: 1001 }).map((n) => `schedule/interval in (${Array.from({ length: n }, (_, i) => `duration'PT${i + 1}M'`).join(',')})`),
  fc.tuple(fc.integer({ min: 1, max: 99 }), fc.constantFrom('not (', 'tolower(', 'substring(', 'concat(')).map(([n, open]) =>
    open === 'not ('
      ? `${open.repeat(n)}id eq 'x'${')'.repeat(n)}`
      : open === 'concat('
        ? `${open.repeat(n)}id${",'x')".repeat(n)} eq 'x'`
        : open === 'substring('
          ? `${open.repeat(n)}id${',1)'.repeat(n)} eq 'x'`
          : `${open.repeat(n)}id${')'.repeat(n)} eq 'x'`,
  ),
);

const filterValue: fc.Arbitrary<string> = fc.oneof(
  { weight: 1, arbitrary: longChain },
  { weight: 6, arbitrary: typedFilter },
  { weight: 4, arbitrary: filterExpression },
  { weight: 3, arbitrary: mutated(filterExpression) },
  { weight: 1, arbitrary: anyString },
  {
    weight: 1,
    arbitrary: fc.tuple(fc.constantFrom('paren', 'not', 'or', 'minus', 'call'), fc.integer({ min: 90, max: 1200 })).map(([how, n]) =>
      how === 'paren'
        ? `${'('.repeat(n)}true${')'.repeat(n)}`
        : how === 'not'
          ? `${'not '.repeat(n)}true`
          : how === 'or'
            ? Array.from({ length: n }, (_, i) => `id eq '${i}'`).join(' or ')
            : how === 'minus'
              ? `${'-'.repeat(n)}1 eq 1`
              : `${'length('.repeat(n)}id${')'.repeat(n)} eq 1`,
    ),
  },
);

const selectValue: fc.Arbitrary<string> = fc.oneof(
  fc.array(fc.constantFrom('id', 'templateId', 'status', 'schedule', 'synchronizationJobSettings', 'status/code', 'nope', '*', '', 'id desc', '@odata.context', 'ID', '$it', 'schedule/interval'), { maxLength: 4 }).map((a) => a.join(',')),
  mutated(fc.constant('id,status,schedule')),
  anyString,
);

const orderByValue: fc.Arbitrary<string> = fc.oneof(
  fc
    .array(fc.tuple(fc.oneof(fc.constantFrom(...FILTER_PATHS), filterExpression), fc.constantFrom('', ' asc', ' desc', ' DESC', ' up', '  desc ')), { maxLength: 3 })
    .map((items) => items.map(([p, d]) => p + d).join(',')),
  mutated(fc.constant('status/code desc,id')),
  anyString,
);

const integerValue: fc.Arbitrary<string> = fc.oneof(
  fc.integer({ min: -5, max: 1200 }).map(String),
  fc.constantFrom('', '1e3', ' 5', '5 ', '+5', '-0', '0x10', '1.5', '9007199254740993', '99999999999999999999', 'abc', 'null', '٣', '５', '0005', '1,2'),
  fc.bigInt().map(String),
);

const skipTokenValue: fc.Arbitrary<string> = fc.oneof(
  anyString,
  fc.string({ unit: fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_='.split('')), maxLength: 60 }),
  fc
    .record({ v: fc.oneof(fc.constant(1), anyJson), o: fc.oneof(fc.constant('47DEQpj8HBSa'), anyString), k: fc.oneof(fc.array(fc.oneof(fc.constant(null), anyString, fc.integer())), anyJson), i: fc.oneof(fc.constantFrom(...ALL_JOB_IDS), anyJson) }, { requiredKeys: [] })
    .map((payload) => Buffer.from(JSON.stringify(payload)).toString('base64url')),
);

type Encoding = 'component' | 'plus' | 'raw' | 'double';
function encodeValue(value: string, how: Encoding): string {
  switch (how) {
    case 'component':
      return safeEncode(value);
    case 'plus':
      return safeEncode(value).replaceAll('%20', '+');
    case 'raw':
      return value;
    case 'double':
      return safeEncode(safeEncode(value));
  }
}

const option = (names: readonly string[], value: fc.Arbitrary<string>): fc.Arbitrary<string> =>
  fc
    .tuple(fc.constantFrom(...names), value, fc.constantFrom<Encoding>('component', 'component', 'component', 'plus', 'raw', 'double'))
    .map(([name, v, how]) => `${name}=${encodeValue(v, how)}`);

const queryOption: fc.Arbitrary<string> = fc.oneof(
  { weight: 6, arbitrary: option(['$filter', '$filter', '$filter', 'filter', '%24filter', '$FILTER', '$filter '], filterValue) },
  { weight: 2, arbitrary: option(['$select', 'select', '$Select'], selectValue) },
  { weight: 2, arbitrary: option(['$orderby', 'orderby', '$orderBy'], orderByValue) },
  { weight: 2, arbitrary: option(['$top', 'top', '$skip', 'skip'], integerValue) },
  { weight: 1, arbitrary: option(['$count', 'count'], fc.constantFrom('true', 'false', 'TRUE', '1', '0', '', 'yes', 'true ')) },
  { weight: 1, arbitrary: option(['$skiptoken', 'skiptoken', '$skipToken'], skipTokenValue) },
  {
    weight: 1,
    arbitrary: option(['$expand', '$search', '$format', '$apply', '$compute', '$levels', '$deltatoken', '$unknown', '$', 'api-version', '', 'x'], anyString),
  },
  { weight: 1, arbitrary: fc.constantFrom('&', '&&', '=', '==', '$filter', '$top=', '$filter=', '%', '%zz=1', '$filter=%', '$filter=%E0%A4%A', '?', '#frag', '$filter=id eq \'a&b\'') },
);

const queryString: fc.Arbitrary<string> = fc.oneof(
  { weight: 2, arbitrary: fc.constant('') },
  { weight: 8, arbitrary: fc.array(queryOption, { minLength: 1, maxLength: 4 }).map((parts) => `?${parts.join('&')}`) },
  { weight: 1, arbitrary: mutated(fc.array(queryOption, { minLength: 1, maxLength: 3 }).map((parts) => `?${parts.join('&')}`)) },
);

// ---------------------------------------------------------------------------------------------
// Headers

const contentType: fc.Arbitrary<string | string[]> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.constantFrom(
      'application/json', 'application/json', 'application/json; charset=utf-8', 'APPLICATION/JSON', 'application/merge-patch+json',
      'application/json;odata.metadata=minimal', 'application/json; charset=latin1', 'application/json;', ' application/json ',
    ),
  },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      'text/plain', 'application/xml', 'multipart/form-data; boundary=x', '', ';', 'application/x-www-form-urlencoded', 'application/json\u0000',
      'application/jsonp', 'application/+json', '*/*', 'json', 'application/json, text/plain',
    ),
  },
  { weight: 1, arbitrary: anyString },
  { weight: 1, arbitrary: fc.array(fc.constantFrom('application/json', 'text/plain'), { minLength: 1, maxLength: 2 }) },
);

const preferHeader: fc.Arbitrary<string> = fc.oneof(
  fc.integer({ min: -5, max: 5000 }).map((n) => `odata.maxpagesize=${n}`),
  fc.constantFrom('odata.maxpagesize="2"', 'ODATA.MAXPAGESIZE=1', 'return=minimal', 'odata.maxpagesize=', 'odata.maxpagesize=1e3', 'odata.maxpagesize=99999999999999999999', 'return=representation, odata.maxpagesize=1', ',,,', 'odata.track-changes'),
  anyString,
);

/** Hosts links may name, and hosts that are refused (400): mostly the former, so requests reach past the router. */
const HOSTS = ['graph.microsoft.com', 'localhost:5555', '127.0.0.1', '[::1]:8080', 'syncemu_1:5555'];
const BAD_HOSTS = ['', 'a b', 'x/y?z#w', "evil'\"<>", 'h'.repeat(300), 'é.example', '\u0000'];

const headerRecord = fc.record(
  {
    'content-type': contentType,
    'client-request-id': fc.oneof(fc.uuid(), anyString, fc.constantFrom('', ' ', 'x'.repeat(5000))),
    prefer: preferHeader,
    host: fc.oneof({ weight: 6, arbitrary: fc.constantFrom(...HOSTS) }, { weight: 1, arbitrary: fc.constantFrom(...BAD_HOSTS) }, { weight: 1, arbitrary: anyString }),
    accept: fc.constantFrom('application/json', '*/*', 'text/html', 'application/xml', 'application/json;odata.metadata=full', ''),
    'content-length': fc.constantFrom('0', '5', '99999999', '-1', 'abc'),
    'if-match': fc.constantFrom('*', 'W/"x"', ''),
    expect: fc.oneof({ weight: 15, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: fc.constantFrom('100-continue', 'foo', '', '100-Continue') }),
    upgrade: fc.oneof({ weight: 15, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: fc.constantFrom('websocket', 'h2c') }),
  },
  { requiredKeys: [] },
);

/** Header names as a client might spell them (`Content-Type`, `CONTENT-TYPE`). */
const headers: fc.Arbitrary<Record<string, string | string[]>> = fc
  .tuple(headerRecord, fc.constantFrom<'lower' | 'title' | 'upper'>('lower', 'title', 'upper'))
  .map(([record, style]) => {
    const out: Record<string, string | string[]> = {};
    for (const [name, value] of Object.entries(record)) {
      if (value === undefined) continue;
      const spelled = style === 'lower' ? name : style === 'upper' ? name.toUpperCase() : name.replace(/(^|-)([a-z])/g, (_m, dash: string, c: string) => dash + c.toUpperCase());
      out[spelled] = value as string | string[];
    }
    return out;
  });

/** An unsigned JWT with the given claims (what `--require-auth` reads). */
export function unsignedJwt(claims: unknown): string {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${part({ alg: 'none', typ: 'JWT' })}.${part(claims)}.`;
}

const authorization: fc.Arbitrary<string | undefined> = fc.oneof(
  fc.constant(undefined),
  fc.constantFrom('', 'Bearer', 'Bearer ', 'Bearer x', 'Basic dXNlcjpwYXNz', 'Bearer a.b.c', 'bearer  a.b.c  ', 'Bearer ...', 'Bearer a.%%%.c', 'Bearer a..c'),
  fc
    .record(
      {
        scp: fc.oneof(fc.constantFrom('Synchronization.ReadWrite.All', 'Synchronization.Read.All', 'User.Read Synchronization.ReadWrite.All', ''), anyJson),
        roles: fc.oneof(fc.constant(['Synchronization.ReadWrite.All']), fc.array(fc.oneof(anyString, fc.constant('Synchronization.Read.All'))), anyJson),
        aud: anyJson,
      },
      { requiredKeys: [] },
    )
    .map((claims) => `Bearer ${unsignedJwt(claims)}`),
  fc.oneof(anyJson, fc.constant('not json')).map((payload) => `Bearer e30.${Buffer.from(typeof payload === 'string' ? payload : JSON.stringify(payload) ?? '').toString('base64url')}.sig`),
  anyString.map((s) => `Bearer ${s}`),
);

// ---------------------------------------------------------------------------------------------
// Bodies

const durationish = fc.oneof(fc.constantFrom('PT40M', 'PT20M', 'P1D', 'PT0S', '-PT1M', 'PT', 'P', '40', 'P1Y', 'PT1.5S', 'P99999999999D', 'pt40m'), anyString);
const instantish = fc.oneof(fc.constantFrom('2030-01-01T00:00:00Z', '0001-01-01T00:00:00Z', '2024-02-30T00:00:00Z', '2030-01-01', 'now'), anyString, fc.constant(null));
const settingsArray = fc.array(
  fc.record({ name: fc.oneof(fc.constantFrom('Stamp', 'QuarantineTooManyDeletesThreshold', ''), anyString), value: fc.oneof(anyString, fc.constant(null), anyJson) }, { requiredKeys: [] }),
  { maxLength: 4 },
);

const jobWrite = fc.record(
  {
    templateId: fc.oneof(fc.constantFrom('scim', 'aws', 'fuzzTemplate', 'SCIM', 'nope', ''), anyJson),
    schedule: fc.oneof(fc.record({ interval: durationish, expiration: instantish, state: fc.constantFrom('Active', 'Disabled', 'Paused') }, { requiredKeys: [] }), anyJson),
    synchronizationJobSettings: fc.oneof(settingsArray, anyJson),
    id: anyJson,
    status: fc.oneof(fc.record({ code: fc.constantFrom('Active', 'Paused', 'Nope') }), anyJson),
    '@odata.type': fc.constantFrom('#microsoft.graph.synchronizationJob', '#microsoft.graph.user', 'x'),
    'schedule@odata.type': anyString,
    unknown: anyJson,
  },
  { requiredKeys: [] },
);

/** A create or update that is valid, so writes happen (and later cases meet the jobs they made). */
const validJobWrite = fc.record(
  {
    templateId: fc.constantFrom('scim', 'aws', 'fuzzTemplate', 'gsuite'),
    schedule: fc.record({ interval: fc.constantFrom('PT40M', 'PT20M', 'P1D', 'PT1H30M', 'PT1M', 'P3000000D', 'P99999999D'), expiration: fc.constantFrom(null, '2030-01-01T00:00:00Z') }, { requiredKeys: [] }),
    synchronizationJobSettings: fc.array(fc.record({ name: fc.oneof(fc.constantFrom('Stamp', 'QuarantineTooManyDeletesThreshold'), unicodeString(6).filter((s) => s !== '')), value: fc.oneof(unicodeString(8), fc.constant(null)) }), { maxLength: 3 }).map((pairs) => pairs.filter((p, i) => pairs.findIndex((q) => q.name === p.name) === i)),
  },
  { requiredKeys: [] },
);

const secretPairs = fc.array(
  fc.record({ key: fc.oneof(fc.constantFrom('BaseAddress', 'SecretToken', 'SyncNotificationSettings', 'Nope', ''), anyString), value: fc.oneof(anyString, fc.constantFrom('{"Enabled":true}', 'https://x.example.com', ''), anyJson) }, { requiredKeys: [] }),
  { maxLength: 3 },
);

const actionBody = fc.oneof(
  fc.record({ criteria: fc.oneof(fc.record({ resetScope: fc.oneof(fc.constantFrom('Watermark, Escrows', 'Full', 'None', 'QuarantineState', 'Nope', ''), anyJson) }, { requiredKeys: [] }), anyJson) }, { requiredKeys: [] }),
  fc.record(
    {
      templateId: fc.oneof(fc.constantFrom('scim', 'aws', 'nope'), anyJson),
      useSavedCredentials: fc.oneof(fc.boolean(), anyJson),
      applicationIdentifier: anyJson,
      credentials: fc.oneof(secretPairs, anyJson),
    },
    { requiredKeys: [] },
  ),
  fc.record(
    {
      parameters: fc.oneof(
        fc.array(
          fc.record({ ruleId: fc.oneof(fc.constantFrom('03f7d90d-bf71-41b1-bda6-aaf0ddbee5d8', 'nope'), anyJson), subjects: fc.oneof(fc.array(fc.record({ objectId: anyJson, objectTypeName: fc.oneof(fc.constantFrom('User', 'Group'), anyJson) }, { requiredKeys: [] }), { maxLength: 2 }), anyJson) }, { requiredKeys: [] }),
          { maxLength: 2 },
        ),
        anyJson,
      ),
    },
    { requiredKeys: [] },
  ),
);

const schemaBody = fc.record(
  {
    directories: fc.oneof(fc.array(fc.record({ id: anyJson, name: fc.oneof(fc.constantFrom('Azure Active Directory', 'customappsso'), anyString), objects: anyJson }, { requiredKeys: [] }), { maxLength: 2 }), anyJson),
    synchronizationRules: fc.oneof(fc.array(fc.record({ id: anyJson, sourceDirectoryName: anyJson, targetDirectoryName: anyJson, objectMappings: anyJson }, { requiredKeys: [] }), { maxLength: 2 }), anyJson),
    version: anyJson,
  },
  { requiredKeys: [] },
);

const controlBody = fc.oneof(
  fc.record({ duration: fc.oneof(fc.constantFrom('PT1M', 'PT3M', 'PT40M', 'P1D', '-PT1M', 'P99999999D'), anyJson) }, { requiredKeys: [] }),
  fc.record({ now: fc.oneof(fc.constantFrom('2030-01-01T00:00:00Z', '1970-01-01T00:00:00Z', '+275760-09-13T00:00:00.000Z', '9999-12-31T23:59:59Z', '9999-12-31T23:58:00Z'), anyJson) }, { requiredKeys: [] }),
  fc.record(
    {
      outcomes: fc.oneof(
        fc.array(fc.record({ result: fc.constantFrom('succeeded', 'failed', 'entryLevelErrors', 'nope'), repeat: fc.oneof(fc.integer({ min: -1, max: 200_000 }), anyJson), counts: fc.oneof(fc.dictionary(fc.constantFrom('countExported', '__proto__', 'constructor', 'nope'), anyJson), anyJson), quarantineReason: anyJson }, { requiredKeys: ['result'] }), { maxLength: 2 }),
        anyJson,
      ),
      default: anyJson,
    },
    { requiredKeys: [] },
  ),
);

const structuredBody: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: jobWrite },
  { weight: 4, arbitrary: validJobWrite },
  { weight: 2, arbitrary: actionBody },
  { weight: 1, arbitrary: fc.record({ value: fc.oneof(secretPairs, anyJson) }, { requiredKeys: [] }) },
  { weight: 1, arbitrary: schemaBody },
  { weight: 1, arbitrary: controlBody },
  { weight: 2, arbitrary: anyJson },
);

const PROTO_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf', '__defineGetter__'];

/** A JSON object's text with one more member put in front of its first one (a duplicate key, or a prototype key). */
function withExtraMember(text: string, key: string, valueText: string): string {
  if (!text.startsWith('{')) return text;
  return text === '{}' ? `{${JSON.stringify(key)}:${valueText}}` : `{${JSON.stringify(key)}:${valueText},${text.slice(1)}`;
}

/** Deep nesting inside a property a handler reads (or at the top). */
const deepBody = fc
  .tuple(
    fc.integer({ min: 10, max: 200_000 }),
    fc.constantFrom('array', 'object'),
    fc.constantFrom('', 'schedule', 'synchronizationJobSettings', 'templateId', 'criteria', 'parameters', 'value', 'outcomes', 'directories', 'source'),
  )
  .map(([depth, kind, inside]) => {
    const nested = kind === 'array' ? `${'['.repeat(depth)}${']'.repeat(depth)}` : `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
    if (inside === '') return nested;
    if (inside === 'source') {
      // attributeMappingSource nests itself through parameters: more levels than the schema model accepts
      const level = (inner: string) => `{"type":"Function","parameters":[{"key":"k","value":${inner}}]}`;
      let source = '{"type":"Attribute","name":"x"}';
      for (let i = 0; i < Math.min(depth, 5000); i++) source = level(source);
      return `{"directories":[{"name":"A"},{"name":"B"}],"synchronizationRules":[{"sourceDirectoryName":"A","targetDirectoryName":"B","objectMappings":[{"attributeMappings":[{"source":${source}}]}]}]}`;
    }
    return `{${JSON.stringify(inside)}:${nested}}`;
  });

const hugeBody = fc
  .tuple(fc.constantFrom(1000, 70_000, 500_000, 1024 * 1024 - 40, 1024 * 1024 + 1), fc.constantFrom('templateId', 'setting', 'interval', 'key', 'unknown'), fc.constantFrom('x', 'é', '😀', '\\u0000', '\\ud800'))
  .map(([size, where, unit]) => {
    const filler = unit.repeat(Math.max(1, Math.floor(size / Buffer.byteLength(unit))));
    switch (where) {
      case 'templateId':
        return `{"templateId":"${filler}"}`;
      case 'setting':
        return `{"templateId":"scim","synchronizationJobSettings":[{"name":"Big","value":"${filler}"}]}`;
      case 'interval':
        return `{"schedule":{"interval":"${filler}"}}`;
      case 'key':
        return `{"value":[{"key":"${filler}","value":"v"}]}`;
      default:
        return `{"${filler}":1}`;
    }
  });

const bodyText: fc.Arbitrary<string> = fc.oneof(
  { weight: 8, arbitrary: structuredBody.map((v) => JSON.stringify(v) ?? 'null') },
  { weight: 2, arbitrary: mutated(structuredBody.map((v) => JSON.stringify(v) ?? 'null')) },
  {
    weight: 2,
    arbitrary: fc
      .tuple(structuredBody.map((v) => JSON.stringify(v) ?? 'null'), fc.constantFrom('templateId', 'schedule', 'synchronizationJobSettings', 'criteria', 'value', 'duration', 'outcomes', 'id'), anyJson)
      .map(([text, key, value]) => withExtraMember(text, key, JSON.stringify(value) ?? 'null')),
  },
  {
    weight: 2,
    arbitrary: fc
      .tuple(structuredBody.map((v) => JSON.stringify(v) ?? 'null'), fc.constantFrom(...PROTO_KEYS), fc.oneof(fc.constantFrom('{"templateId":"aws"}', '{"polluted":true}', '{"prototype":{"polluted":true}}', 'null', '[]', '"x"'), anyJson.map((v) => JSON.stringify(v) ?? 'null')))
      .map(([text, key, value]) => withExtraMember(text, key, value)),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      '{"schedule":{"__proto__":{"interval":"PT1M"}}}',
      '{"synchronizationJobSettings":[{"__proto__":{"name":"x"},"name":"y","value":"z"}]}',
      '{"templateId":"scim","constructor":{"prototype":{"polluted":true}}}',
      '{"criteria":{"__proto__":{"resetScope":"Full"}}}',
      '{"outcomes":[{"result":"succeeded","counts":{"__proto__":{"countExported":1}}}]}',
      '{"value":[{"key":"__proto__","value":"x"}]}',
      '{"templateId":"scim","templateId":"aws"}',
      '{"templateId":"scim","templateId":5}',
      '{"schedule":{"interval":"PT20M"},"schedule":null}',
      '{"synchronizationJobSettings":[],"synchronizationJobSettings":{}}',
    ),
  },
  { weight: 1, arbitrary: deepBody },
  { weight: 1, arbitrary: hugeBody },
  { weight: 1, arbitrary: fc.constantFrom('', ' ', 'null', 'true', '1', '"x"', '[]', '{', '}', '{"a":}', '\ufeff{}', 'NaN', '{"a":1e999}', '{"a":-0}', '/*c*/{}', "{'a':1}", '{"a":1,}', '\u0000') },
  { weight: 1, arbitrary: anyString },
);

type Body = EmulatorRequest['body'];

const body: fc.Arbitrary<Body> = fc.oneof(
  { weight: 2, arbitrary: fc.constant(undefined) },
  { weight: 10, arbitrary: bodyText },
  { weight: 1, arbitrary: fc.constant(null) },
  // bytes: valid UTF-8 JSON, JSON behind a BOM, UTF-16, or random bytes
  {
    weight: 1,
    arbitrary: fc.oneof(
      bodyText.map((text) => new Uint8Array(Buffer.from(text, 'utf8'))),
      bodyText.map((text) => new Uint8Array(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]))),
      bodyText.map((text) => new Uint8Array(Buffer.from(text, 'utf16le'))),
      fc.uint8Array({ maxLength: 64 }),
    ),
  },
  // a value handed over as JSON (the in-process API), prototype keys included
  { weight: 1, arbitrary: bodyText.map((text) => parseOr(text, { templateId: 'scim' }) as Body) },
);

function parseOr(text: string, fallback: unknown): unknown {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' ? value : fallback;
  } catch {
    return fallback;
  }
}

const method = fc.oneof(
  { weight: 12, arbitrary: fc.constantFrom('GET', 'GET', 'GET', 'POST', 'POST', 'PATCH', 'PATCH', 'DELETE', 'PUT') },
  { weight: 1, arbitrary: fc.constantFrom('HEAD', 'OPTIONS', 'get', 'patch', 'TRACE', 'CONNECT', 'PROPFIND', '', ' GET', 'G\u0000ET', 'MERGE') },
);

const origin = fc.oneof(
  { weight: 6, arbitrary: fc.constant('') },
  { weight: 3, arbitrary: fc.constantFrom('https://graph.microsoft.com', 'http://127.0.0.1:5555', 'HTTP://LOCALHOST') },
  { weight: 1, arbitrary: fc.constantFrom('https://user:pass@graph.microsoft.com:443', 'ftp://x', 'https://', '//graph.microsoft.com', 'https://a b', 'https://é.example') },
);

/** One request: mostly Graph paths, some control paths, a few URLs mangled as a whole. */
export const fuzzCase: fc.Arbitrary<FuzzCase> = fc
  .record({
    target: fc.oneof({ weight: 9, arbitrary: fc.constant<FuzzTarget>('open') }, { weight: 1, arbitrary: fc.constant<FuzzTarget>('auth') }),
    method,
    allowedMethod: fc.oneof({ weight: 4, arbitrary: fc.nat() }, { weight: 1, arbitrary: fc.constant(undefined) }),
    origin,
    path: fc.oneof(
      { weight: 24, arbitrary: graphPath },
      { weight: 1, arbitrary: controlPath },
      { weight: 1, arbitrary: fc.constantFrom('', '/', '*', '//', '/v1.0', '/%', 'v1.0/servicePrincipals').map((path) => ({ path, methods: ['GET'] })) },
    ),
    query: queryString,
    mangle: fc.oneof({ weight: 12, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
    edits: fc.array(fc.tuple(fc.nat(), fc.constantFrom('/', '%', '?', '#', '&', '\u0000', '%2F', '..', ' ', "'")), { minLength: 1, maxLength: 2 }),
    headers,
    authorization,
    body,
  })
  .map(({ target, method: anyMethod, allowedMethod, origin: o, path: { path, methods }, query, mangle, edits, headers: h, authorization: auth, body: b }) => {
    const m = allowedMethod === undefined ? anyMethod : methods[allowedMethod % methods.length]!;
    let url = `${o}${path}${query}`;
    if (mangle) {
      for (const [at, insert] of edits) {
        const i = at % (url.length + 1);
        url = url.slice(0, i) + insert + url.slice(i);
      }
    }
    const hs: Record<string, string | string[]> = { ...h };
    if (auth !== undefined) hs['authorization'] = auth;
    return { target, request: { method: m, url, headers: hs, ...(b !== undefined && { body: b }) } };
  });

// ---------------------------------------------------------------------------------------------
// The harness: emulators with a known state, and the properties.

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const ERROR_DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/;

interface Target {
  emulator: Emulator;
  digest: string;
  cases: number;
  /** The emulator served over HTTP, for cases sent as raw bytes over a socket. */
  server?: RunningServer;
}

export interface HarnessOptions {
  /** Start a fresh emulator after this many cases on one (writes that succeed accumulate). */
  readonly recycleEvery?: number;
  /** A new database for each emulator (a postgres:// URL); default `:memory:`. */
  readonly database?: () => Promise<string>;
}

/** Emulators seeded with {@link FUZZ_FIXTURE} on a manual clock, and the properties each case must keep. */
export class FuzzHarness {
  private readonly targets = new Map<FuzzTarget, Target>();
  private internalErrors: unknown[] = [];
  private readonly recycleEvery: number;
  private readonly database: (() => Promise<string>) | undefined;
  /** Cases checked so far, and how they were answered (status → count). */
  cases = 0;
  readonly statuses = new Map<number, number>();

  constructor({ recycleEvery = 400, database }: HarnessOptions = {}) {
    this.recycleEvery = recycleEvery;
    this.database = database;
  }

  private async target(kind: FuzzTarget): Promise<Target> {
    const existing = this.targets.get(kind);
    if (existing && existing.cases < this.recycleEvery) return existing;
    if (existing) await existing.emulator.close(); // and its server
    const emulator = createEmulator({
      clock: 'manual',
      idSeed: 6,
      requireAuth: kind === 'auth',
      onInternalError: (error) => this.internalErrors.push(error),
      ...(this.database && { database: await this.database() }),
    });
    await emulator.seed(FUZZ_FIXTURE);
    const fresh: Target = { emulator, digest: await emulator.database.digest(), cases: 0 };
    this.targets.set(kind, fresh);
    return fresh;
  }

  /**
   * Runs one case, through `handle()` or as raw bytes over a real socket to the emulator's HTTP
   * server; returns the first property it breaks, or undefined.
   */
  async check({ target: kind, request }: FuzzCase, over: 'handle' | 'http' = 'handle'): Promise<Violation | undefined> {
    const target = await this.target(kind);
    target.cases++;
    this.cases++;
    this.internalErrors = [];
    let response: EmulatorResponse;
    try {
      if (over === 'handle') response = await target.emulator.handle(request);
      else {
        target.server ??= await target.emulator.listen({ port: 0 });
        response = await sendRaw(target.server.port, request);
      }
    } catch (error) {
      target.digest = await target.emulator.database.digest();
      return { property: over === 'handle' ? 'handle() never throws' : 'the server answers every request', detail: describeError(error), request };
    }
    this.statuses.set(response.status, (this.statuses.get(response.status) ?? 0) + 1);
    const after = await target.emulator.database.digest();
    const before = target.digest;
    target.digest = after;
    if (Object.keys(Object.prototype).length > 0 || Object.keys(Array.prototype).length > 0) {
      return { property: 'no prototype pollution', detail: `Object.prototype has ${Object.keys(Object.prototype).join(', ')}`, request, response };
    }
    const problem = request.method === 'HEAD' && over === 'http' ? undefined : responseProblem(response, this.internalErrors);
    if (problem) return { ...problem, request, response };
    if (response.status >= 400 && after !== before) {
      return { property: 'a failed request changes nothing', detail: `${response.status} ${response.body ?? ''}`, request, response };
    }
    return undefined;
  }

  async close(): Promise<void> {
    for (const { emulator } of this.targets.values()) await emulator.close();  // closes its server too
    this.targets.clear();
  }
}

/**
 * Sends a request as raw HTTP/1.1 bytes (`Connection: close`, header values with CR/LF blanked so
 * the framing holds; everything else as given, so the parser meets odd methods, targets and bytes)
 * and reads the answer until the server closes.
 */
export function sendRaw(port: number, request: EmulatorRequest, timeoutMs = 5000): Promise<EmulatorResponse> {
  let target = request.url.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i, '') || '/';
  // Mostly as a client library would send it (spaces, controls and non-ASCII percent-encoded), sometimes raw.
  if (target.length % 5 !== 0) target = target.replace(/[^\x21-\x7e]/gu, (ch) => (ch.length === 1 && ch >= '\ud800' && ch <= '\udfff' ? '%EF%BF%BD' : encodeURIComponent(ch)));
  const lines = [`${request.method} ${target} HTTP/1.1`];
  const given = (request.headers ?? {}) as Record<string, string | readonly string[] | undefined>;
  let hasHost = false;
  for (const [name, value] of Object.entries(given)) {
    if (value === undefined || /^(content-length|transfer-encoding|connection)$/i.test(name)) continue;
    if (name.toLowerCase() === 'host') hasHost = true;
    for (const one of typeof value === 'string' ? [value] : value) lines.push(`${name}: ${one.replace(/[\r\n]/g, ' ')}`);
  }
  if (!hasHost && request.method.length % 2 === 0) lines.push('Host: 127.0.0.1');
  const b = request.body;
  let body: Buffer = Buffer.alloc(0);
  if (typeof b === 'string') body = Buffer.from(b, 'utf8');
  else if (b instanceof Uint8Array) body = Buffer.from(b);
  else if (b !== undefined && b !== null) body = Buffer.from(safeStringify(b), 'utf8');
  if (body.byteLength > 0) lines.push(`Content-Length: ${body.byteLength}`);
  lines.push('Connection: close');
  const bytes = Buffer.concat([Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'utf8'), body]);
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no answer in ${timeoutMs} ms`));
    }, timeoutMs);
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', () => undefined); // EPIPE after an early 413: the answer is what counts
    socket.on('close', () => {
      clearTimeout(timer);
      let all = Buffer.concat(chunks);
      // skip interim answers (100 Continue)
      while (/^HTTP\/1\.1 1\d\d /.test(all.subarray(0, 13).toString('latin1'))) all = all.subarray(all.indexOf('\r\n\r\n') + 4);
      const split = all.indexOf('\r\n\r\n');
      const head = all.subarray(0, split < 0 ? all.length : split).toString('latin1').split('\r\n');
      const status = Number(/^HTTP\/1\.1 (\d{3}) /.exec(head[0] ?? '')?.[1] ?? 0);
      if (status === 0) return reject(new Error(`not an HTTP answer: ${JSON.stringify(all.subarray(0, 200).toString('latin1'))}`));
      const headers: Record<string, string> = {};
      for (const line of head.slice(1)) {
        const colon = line.indexOf(':');
        if (colon > 0) headers[line.slice(0, colon).toLowerCase()] = line.slice(colon + 1).replace(/^[ \t]+|[ \t]+$/g, ''); // not trim(): latin1 \xa0 is a byte of the value
      }
      let rest = split < 0 ? Buffer.alloc(0) : all.subarray(split + 4);
      if (/chunked/i.test(headers['transfer-encoding'] ?? '')) {
        const parts: Buffer[] = [];
        for (;;) {
          const eol = rest.indexOf('\r\n');
          const size = parseInt(rest.subarray(0, eol).toString('latin1'), 16);
          if (!(size > 0)) break;
          parts.push(rest.subarray(eol + 2, eol + 2 + size));
          rest = rest.subarray(eol + 2 + size + 2);
        }
        rest = Buffer.concat(parts);
      }
      resolve({ status, headers, ...(rest.byteLength > 0 && { body: rest.toString('utf8') }) });
    });
    socket.end(bytes);
  });
}

function responseProblem(response: EmulatorResponse, internalErrors: readonly unknown[]): Pick<Violation, 'property' | 'detail'> | undefined {
  const { status, headers: h, body: text } = response;
  if (!Number.isInteger(status) || status < 200 || status >= 500) {
    return { property: 'no 5xx', detail: `${status} ${text ?? ''}${internalErrors.map((e) => `\n  internal: ${describeError(e)}`).join('')}` };
  }
  if (!h['request-id'] || !GUID.test(h['request-id'])) return { property: 'every response has a request-id', detail: JSON.stringify(h) };
  const type = h['Content-Type'] ?? h['content-type'];
  let json: unknown;
  if (type?.startsWith('application/json')) {
    try {
      json = JSON.parse(text ?? '');
    } catch {
      return { property: 'a JSON response parses', detail: `${status} ${(text ?? '').slice(0, 300)}` };
    }
  }
  if (status >= 400) {
    const error = (json as { error?: Record<string, unknown> } | undefined)?.error;
    const inner = error?.['innerError'] as Record<string, unknown> | undefined;
    const shaped =
      json !== undefined &&
      Object.keys(json as object).length === 1 &&
      typeof error?.['code'] === 'string' &&
      error['code'] !== '' &&
      typeof error['message'] === 'string' &&
      error['message'] !== '' &&
      typeof inner?.['date'] === 'string' &&
      ERROR_DATE.test(inner['date']) &&
      inner['request-id'] === h['request-id'] &&
      typeof inner['client-request-id'] === 'string' &&
      inner['client-request-id'] === h['client-request-id'];
    if (!shaped) return { property: 'a 4xx is Graph-shaped', detail: `${status} ${type ?? '(no content type)'} ${(text ?? '').slice(0, 300)}` };
  }
  return undefined;
}

function describeError(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}\n${error.stack?.split('\n').slice(1, 6).join('\n') ?? ''}` : String(error);
}

/** A request, shortened for a report (long strings cut). */
export function describeRequest(request: EmulatorRequest): string {
  const cut = (s: string) => (s.length > 400 ? `${s.slice(0, 400)}… (${s.length} chars)` : s);
  const b = request.body;
  const bodyShown = b === undefined ? '(none)' : typeof b === 'string' ? cut(JSON.stringify(b)) : b instanceof Uint8Array ? `bytes[${b.byteLength}]` : `value ${cut(safeStringify(b))}`;
  return `${JSON.stringify(request.method)} ${cut(JSON.stringify(request.url))}\n  headers: ${cut(JSON.stringify(request.headers))}\n  body: ${bodyShown}`;
}

function safeStringify(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch (error) {
    return `(not serializable: ${(error as Error).message})`;
  }
}

export function describeViolation(violation: Violation): string {
  return `${violation.property}: ${violation.detail}\n  ${describeRequest(violation.request)}`;
}
