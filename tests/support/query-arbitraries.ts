/**
 * fast-check arbitraries for the query property tests: well-typed `$filter` and `$orderby`
 * expressions over the job model (as `RExpr` trees, rendered to text by expression.ts), built from
 * the suite's own model and from values harvested from the fixture so that comparisons hit; and
 * junk: random strings, token soup and mutations of valid queries.
 */
import fc from 'fast-check';
import { JOB_MODEL, KEY_LONG, KEY_VALUE, PROGRESS, primitivePaths, render, type Arith, type Cmp, type ComplexModel, type RExpr, type RType } from '../conformance/expression.js';
import { JOBS, NOW } from '../conformance/jobs-fixture.js';
import type { OrderKey } from '../conformance/reference-evaluator.js';

type Leaf = Exclude<RType, 'null' | 'complex' | 'collection' | 'guid' | 'double'>;

// ---- values harvested from the fixture ----

function harvest(): { strings: Set<string>; instants: Set<string>; durations: Set<string>; ints: Set<number> } {
  const strings = new Set<string>();
  const instants = new Set<string>();
  const durations = new Set<string>();
  const ints = new Set<number>();
  const visit = (value: unknown, key: string) => {
    if (Array.isArray(value)) value.forEach((item) => visit(item, key));
    else if (value !== null && typeof value === 'object') for (const [k, v] of Object.entries(value)) visit(v, k);
    else if (typeof value === 'number' && Number.isSafeInteger(value)) ints.add(value);
    else if (typeof value === 'string') {
      if (/^\d{4}-\d{2}-\d{2}T/.test(value)) instants.add(value);
      else if (key === 'interval') durations.add(value);
      else if (!['code', 'state', 'reason'].includes(key) || /[a-z]/.test(value[0] ?? '')) strings.add(value);
    }
  };
  JOBS.forEach((job) => visit(job, ''));
  return { strings, instants, durations, ints };
}

const pool = harvest();
const STRINGS = [...pool.strings, '', 'x', 'scim', 'SCIM', 'Users', "it's", 'ü', 'Ünïcödé', 'user to user', 'Domain', 'zzz'];
const FRAGMENTS = ['', 'sc', 'im', 'S', 'a', 'ü', '😀', "'", 'Delta', 'user', '/', 'example', ' ', 'x', 'Domain', '00'];
const INTS = [...[...pool.ints].filter((n) => Math.abs(n) < 10_000), -1, 0, 1, 2, 3, 4, 5, 7, 11, 12, 20, 30, 59, 2024, 2025];
const DECIMALS = [0.5, 1.5, 2.5, -0.25, 0.1234567, 0.9999999, 3.75, 100.5];
const INSTANTS = [...pool.instants, NOW.replace('.000Z', 'Z'), '2025-06-15T11:20:00.1234Z', '2025-06-15T11:20:00.12345678Z', '2025-06-15T12:00:00+00:00', '2024-01-01T00:00:00-08:00', '2025-06-15t11:20:00z', '2024-01-01t08:00:00+00:00'];
const DATES = ['2025-06-15', '2025-06-14', '2024-02-29', '2025-05-01', '0001-01-01'];
const TIMES = ['11:20:00', '11:20', '11:20:00.1234567', '23:59:59.9999999', '00:00:00', '12:00:00', '11:55:59.999'];
const DURATIONS = [...pool.durations, 'PT0S', 'PT1H', '-PT1H', 'PT3600S', 'P1D', 'PT24H', 'PT1M'];
const ENUM_TYPES = ['enum:synchronizationStatusCode', 'enum:synchronizationScheduleState', 'enum:synchronizationTaskExecutionResult', 'enum:quarantineReason'] as const;
const ENUM_MEMBERS: Record<(typeof ENUM_TYPES)[number], string[]> = {
  'enum:synchronizationStatusCode': ['NotConfigured', 'NotRun', 'Active', 'Paused', 'Quarantine'],
  'enum:synchronizationScheduleState': ['Active', 'Disabled', 'Paused'],
  'enum:synchronizationTaskExecutionResult': ['Succeeded', 'Failed', 'EntryLevelErrors'],
  'enum:quarantineReason': ['EncounteredBaseEscrowThreshold', 'EncounteredTotalEscrowThreshold', 'EncounteredEscrowProportionThreshold', 'EncounteredQuarantineException', 'Unknown', 'QuarantinedOnDemand', 'TooManyDeletes', 'IngestionInterrupted'],
};

/** The root collections, the model of their items, and the lambda variable each gets. */
const COLLECTIONS: readonly { segs: string[]; model: ComplexModel; variable: string }[] = [
  { segs: ['synchronizationJobSettings'], model: KEY_VALUE, variable: 's' },
  { segs: ['status', 'progress'], model: PROGRESS, variable: 'p' },
  { segs: ['status', 'synchronizedEntryCountByType'], model: KEY_LONG, variable: 'c' },
];

interface Scope {
  readonly key: string;
  readonly bound: readonly { readonly variable: string; readonly model: ComplexModel }[];
}
const ROOT: Scope = { key: '', bound: [] };

const ROOT_PATHS = primitivePaths(JOB_MODEL);

function pathsOf(type: RType, scope: Scope): RExpr[] {
  const out: RExpr[] = ROOT_PATHS.filter(([, t]) => t === type).map(([segs]) => ({ k: 'path', segs, type }));
  for (const { variable, model } of scope.bound) {
    for (const [segs, t] of primitivePaths(model)) if (t === type) out.push({ k: 'path', variable, segs, type });
  }
  return out;
}

const lit = (type: RType, value: string | number | boolean | null, qualified?: boolean): RExpr => ({ k: 'lit', type, value, ...(qualified && { qualified }) });

function literalArb(type: Leaf): fc.Arbitrary<RExpr> {
  switch (type) {
    case 'string':
      return fc.oneof(fc.constantFrom(...STRINGS), fc.string({ maxLength: 4 })).map((v) => lit('string', v));
    case 'int':
      return fc.oneof(fc.constantFrom(...INTS), fc.integer({ min: -50, max: 3000 })).map((v) => lit('int', v));
    case 'decimal':
      return fc.constantFrom(...DECIMALS).map((v) => lit('decimal', v));
    case 'boolean':
      return fc.boolean().map((v) => lit('boolean', v));
    case 'instant':
      return fc.constantFrom(...INSTANTS).map((v) => lit('instant', v));
    case 'date':
      return fc.constantFrom(...DATES).map((v) => lit('date', v));
    case 'time':
      return fc.constantFrom(...TIMES).map((v) => lit('time', v));
    case 'duration':
      return fc.constantFrom(...DURATIONS).map((v) => lit('duration', v));
    default: {
      const members = ENUM_MEMBERS[type];
      return fc.tuple(fc.constantFrom(...members), fc.boolean()).map(([m, q]) => lit(type, m, q));
    }
  }
}

const nonZeroInt = fc.oneof(fc.integer({ min: 1, max: 12 }), fc.integer({ min: -5, max: -1 })).map((v) => lit('int', v));
const smallInt = fc.integer({ min: 0, max: 12 }).map((v) => lit('int', v));

const cache = new Map<string, fc.Arbitrary<RExpr>>();

/** A well-typed expression of `type`, at most `depth` operators deep, with the scope's lambda variables. */
export function expr(type: Leaf, depth: number, scope: Scope = ROOT): fc.Arbitrary<RExpr> {
  const key = `${type}|${depth}|${scope.key}`;
  let arb = cache.get(key);
  if (arb) return arb;
  const paths = pathsOf(type, scope);
  const leaves: fc.WeightedArbitrary<RExpr>[] = [{ arbitrary: literalArb(type), weight: 2 }];
  if (paths.length > 0) leaves.push({ arbitrary: fc.constantFrom(...paths), weight: 3 });
  if (type === 'instant') leaves.push({ arbitrary: fc.constant<RExpr>({ k: 'call', name: 'now', args: [] }), weight: 1 });
  const leaf = fc.oneof(...leaves);
  if (depth <= 0) {
    arb = leaf;
  } else {
    const branches = branchesOf(type, depth - 1, scope);
    arb = branches.length === 0 ? leaf : fc.oneof({ arbitrary: leaf, weight: 2 }, { arbitrary: fc.oneof(...branches), weight: 2 });
  }
  cache.set(key, arb);
  return arb;
}

const call = (name: string, ...args: fc.Arbitrary<RExpr>[]) => fc.tuple(...args).map((a): RExpr => ({ k: 'call', name, args: a }));
const arith = (op: Arith, l: fc.Arbitrary<RExpr>, r: fc.Arbitrary<RExpr>) => fc.tuple(l, r).map(([a, b]): RExpr => ({ k: 'arith', op, l: a, r: b }));

function branchesOf(type: Leaf, d: number, scope: Scope): fc.Arbitrary<RExpr>[] {
  const e = (t: Leaf) => expr(t, d, scope);
  switch (type) {
    case 'string':
      return [
        call('tolower', e('string')),
        call('toupper', e('string')),
        call('trim', e('string')),
        call('concat', e('string'), e('string')),
        call('substring', e('string'), smallInt),
        call('substring', e('string'), smallInt, smallInt),
      ];
    case 'int':
      return [
        fc.constantFrom<Arith>('add', 'sub', 'mul').chain((op) => arith(op, e('int'), e('int'))),
        fc.constantFrom<Arith>('div', 'mod').chain((op) => arith(op, e('int'), nonZeroInt)),
        e('int').map((x): RExpr => ({ k: 'neg', e: x })),
        call('length', e('string')),
        call('indexof', e('string'), fc.constantFrom(...FRAGMENTS).map((v) => lit('string', v))),
        fc.constantFrom('year', 'month', 'day', 'hour', 'minute', 'second').chain((name) => call(name, e('instant'))),
        fc.constantFrom('year', 'month', 'day').chain((name) => call(name, e('date'))),
        fc.constantFrom('round', 'floor', 'ceiling').chain((name) => call(name, e('int'))),
      ];
    case 'decimal':
      return [
        arith('divby', e('int'), nonZeroInt),
        call('fractionalseconds', e('instant')),
        fc.constantFrom<Arith>('add', 'sub').chain((op) => arith(op, e('decimal'), fc.oneof(e('int'), e('decimal')))),
        arith('mul', e('decimal'), smallInt),
        arith('mod', e('decimal'), fc.constantFrom(2, 3, 0.5).map((v) => lit(Number.isInteger(v) ? 'int' : 'decimal', v))),
        fc.constantFrom('round', 'floor', 'ceiling').chain((name) => call(name, e('decimal'))),
        e('decimal').map((x): RExpr => ({ k: 'neg', e: x })),
      ];
    case 'date':
      return [call('date', e('instant'))];
    case 'time':
      return [call('time', e('instant'))];
    case 'duration':
      return [e('duration').map((x): RExpr => ({ k: 'neg', e: x }))];
    case 'boolean':
      return booleanBranches(d, scope);
    default:
      return [];
  }
}

const ORDERED: readonly Cmp[] = ['gt', 'ge', 'lt', 'le'];
const ALL_CMP: readonly Cmp[] = ['eq', 'ne', ...ORDERED];
const COMPARABLE: readonly Leaf[] = ['string', 'int', 'decimal', 'instant', 'date', 'time', 'duration', 'boolean', ...ENUM_TYPES];

function comparison(type: Leaf, d: number, scope: Scope): fc.Arbitrary<RExpr> {
  const side = type === 'boolean' ? fc.oneof(expr('boolean', d, scope), literalArb('boolean')) : expr(type, d, scope);
  // numbers compare across int and decimal
  const other = type === 'int' ? fc.oneof(side, literalArb('decimal')) : side;
  return fc.tuple(fc.constantFrom(...ALL_CMP), side, other, fc.boolean()).map(([op, l, r, swap]): RExpr => {
    // two unqualified enum literals are two strings: qualify one so the comparison stays an enum one
    const left = type.startsWith('enum:') && r.k === 'lit' ? qualify(l) : l;
    return swap ? { k: 'cmp', op, l: r, r: left } : { k: 'cmp', op, l: left, r };
  });
}

function qualify(e: RExpr): RExpr {
  return e.k === 'lit' && typeof e.type === 'string' && e.type.startsWith('enum:') ? { ...e, qualified: true } : e;
}

function nullTest(scope: Scope): fc.Arbitrary<RExpr> {
  const paths = COMPARABLE.flatMap((t) => pathsOf(t, scope));
  return fc.tuple(fc.constantFrom(...paths), fc.constantFrom<Cmp>('eq', 'ne', 'eq', 'ne', 'gt', 'le'), fc.boolean()).map(([p, op, swap]): RExpr => {
    const n = lit('null', null);
    return swap ? { k: 'cmp', op, l: n, r: p } : { k: 'cmp', op, l: p, r: n };
  });
}

function booleanBranches(d: number, scope: Scope): fc.Arbitrary<RExpr>[] {
  const b = expr('boolean', d, scope);
  const branches: fc.Arbitrary<RExpr>[] = [
    fc.tuple(fc.constantFrom<'and' | 'or'>('and', 'or'), b, b).map(([op, l, r]): RExpr => ({ k: 'logic', op, l, r })),
    b.map((e): RExpr => ({ k: 'not', e })),
    fc.constantFrom(...COMPARABLE).chain((t) => comparison(t, d, scope)),
    fc.constantFrom(...COMPARABLE).chain((t) => comparison(t, d, scope)),
    nullTest(scope),
    fc.constantFrom(...COMPARABLE.filter((t) => t !== 'boolean')).chain((t) =>
      fc.tuple(expr(t, d, scope), fc.array(fc.oneof({ arbitrary: literalArb(t), weight: 4 }, { arbitrary: fc.constant(lit('null', null)), weight: 1 }), { minLength: 1, maxLength: 3 })).map(([e, list]): RExpr => ({ k: 'in', e: qualify(e), list })),
    ),
    fc.tuple(fc.constantFrom('contains', 'startswith', 'endswith'), expr('string', d, scope), fc.oneof(fc.constantFrom(...FRAGMENTS).map((v) => lit('string', v)), expr('string', d, scope))).map(
      ([name, a, x]): RExpr => ({ k: 'call', name, args: [a, x] }),
    ),
  ];
  if (scope.bound.length < 2) {
    for (const collection of COLLECTIONS) {
      const variable = `${collection.variable}${scope.bound.length || ''}`;
      const inner: Scope = { key: `${scope.key}/${variable}`, bound: [...scope.bound, { variable, model: collection.model }] };
      const coll = { k: 'path' as const, segs: collection.segs, type: 'collection' as const };
      branches.push(
        fc.tuple(fc.constantFrom<'any' | 'all'>('any', 'all'), expr('boolean', Math.min(d, 2), inner)).map(([op, pred]): RExpr => ({ k: 'lambda', op, coll, variable, pred })),
        fc.constant<RExpr>({ k: 'lambda', op: 'any', coll }),
      );
    }
  }
  return branches;
}

/** Booleans at the top: leaves only when depth is 0. */
export const filterArb: fc.Arbitrary<RExpr> = fc.integer({ min: 1, max: 4 }).chain((depth) => expr('boolean', depth));

const ORDERABLE: readonly Leaf[] = ['string', 'int', 'decimal', 'instant', 'date', 'time', 'duration', 'boolean', ...ENUM_TYPES];

/** 0 to 3 `$orderby` keys. */
export const orderByArb: fc.Arbitrary<OrderKey[]> = fc.array(
  fc.tuple(fc.constantFrom(...ORDERABLE).chain((t) => expr(t, 1)), fc.boolean()).map(([e, descending]) => ({ expr: e, descending })),
  { maxLength: 3 },
);

// ---- junk ----

const TOKENS = [
  'eq', 'ne', 'gt', 'ge', 'lt', 'le', 'and', 'or', 'not', 'in', 'has', 'add', 'sub', 'mul', 'div', 'divby', 'mod', 'asc', 'desc',
  '(', ')', ',', '/', ':', "'", "''", '-', '+', '*', '$', '@', '%', '&', '=', '#', '?', ' ', '  ', '\t',
  'id', 'templateId', 'status', 'status/code', 'status/quarantine/reason', 'schedule/interval', 'synchronizationJobSettings', 'status/progress', 'schema',
  'any(', 'all(', 'any()', 'x:', 'x/name', 's/value', 'contains(', 'substring(', 'tolower(', 'now()', 'length(', 'cast(', 'isof(',
  "'Active'", "'scim'", "'it''s'", '1', '-1', '0', '1.5', '1e3', '1e999', 'INF', '-INF', 'NaN', '9223372036854775808', 'true', 'FALSE', 'null',
  '2025-06-15T11:20:00Z', '2025-06-15', '11:20:00', '01234567-89ab-cdef-0123-456789abcdef', "duration'PT1H'", "duration'", "microsoft.graph.synchronizationStatusCode'Active'",
  'microsoft.graph.', '$it', '$root', '@p', '%27', '%2B', '%26', '%', '%zz', '😀', 'ü', '\u0000', '\uffff',
];

/** Token soup: OData-looking fragments in random order. */
export const tokenSoup: fc.Arbitrary<string> = fc.array(fc.constantFrom(...TOKENS), { minLength: 1, maxLength: 14 }).map((t) => t.join(''));
const spacedSoup: fc.Arbitrary<string> = fc.array(fc.constantFrom(...TOKENS), { minLength: 1, maxLength: 14 }).map((t) => t.join(' '));

/** A valid filter's text, mutated: a slice cut, a token inserted, characters swapped, truncated, doubled. */
export const mutatedFilter: fc.Arbitrary<string> = fc
  .tuple(filterArb, fc.array(fc.tuple(fc.nat(), fc.nat(), fc.constantFrom(...TOKENS), fc.nat(5)), { minLength: 1, maxLength: 3 }))
  .map(([e, edits]) => {
    // edits work on code points, so a mutation never splits a surrogate pair
    let text = [...render(e)];
    for (const [a, b, token, kind] of edits) {
      const i = a % (text.length + 1);
      const j = b % (text.length + 1);
      const [lo, hi] = i < j ? [i, j] : [j, i];
      const tokens = [...token];
      switch (kind) {
        case 0:
          text = [...text.slice(0, lo), ...text.slice(hi)];
          break;
        case 1:
          text = [...text.slice(0, lo), ...tokens, ...text.slice(lo)];
          break;
        case 2:
          if (hi < text.length) [text[lo], text[hi]] = [text[hi]!, text[lo]!];
          break;
        case 3:
          text = text.slice(0, lo);
          break;
        case 4:
          text = [...text, ...text.slice(lo, hi)];
          break;
        default:
          text = [...text.slice(0, lo), ...[...token.toUpperCase()], ...text.slice(hi)];
      }
    }
    return text.join('');
  });

/** Any string: ASCII with control characters, Unicode, token soup, mutated valid filters. */
export const junk: fc.Arbitrary<string> = fc.oneof(
  fc.string({ unit: 'binary-ascii', maxLength: 30 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  tokenSoup,
  spacedSoup,
  mutatedFilter,
);
