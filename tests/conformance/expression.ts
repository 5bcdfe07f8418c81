/**
 * The test suite's own model of `$filter`/`$orderby` expressions over synchronizationJob: a small
 * typed expression tree (`RExpr`), the job model it is typed against (written out here, not taken
 * from @syncemu/odata), a renderer to OData query text with minimal parentheses (so rendering
 * exercises the parser's precedence), and a converter from the product's checked AST, so that
 * the reference evaluator can also run the conformance cases' own queries.
 */
import type { TypedExpr, ValueType } from '@syncemu/odata';

export type Prim = 'string' | 'int' | 'decimal' | 'double' | 'boolean' | 'instant' | 'date' | 'time' | 'duration' | 'guid';
export type EnumName = 'synchronizationStatusCode' | 'synchronizationScheduleState' | 'synchronizationTaskExecutionResult' | 'quarantineReason';
export type RType = Prim | `enum:${EnumName}` | 'null' | 'complex' | 'collection';

/** The enum types of the model with the numeric values the CSDL gives their members. */
export const ENUMS: Readonly<Record<EnumName, Readonly<Record<string, number>>>> = {
  synchronizationStatusCode: { NotConfigured: 0, NotRun: 1, Active: 2, Paused: 3, Quarantine: 4 },
  synchronizationScheduleState: { Active: 0, Disabled: 1, Paused: 2 },
  synchronizationTaskExecutionResult: { Succeeded: 0, Failed: 1, EntryLevelErrors: 2 },
  quarantineReason: {
    EncounteredBaseEscrowThreshold: 0,
    EncounteredTotalEscrowThreshold: 1,
    EncounteredEscrowProportionThreshold: 2,
    EncounteredQuarantineException: 4,
    Unknown: 8,
    QuarantinedOnDemand: 16,
    TooManyDeletes: 32,
    IngestionInterrupted: 64,
  },
};

/** A complex type: property name → type; a collection is `{ of: ComplexModel }`. */
export interface ComplexModel {
  readonly [name: string]: RType | ComplexModel | { readonly of: ComplexModel };
}

const ERROR: ComplexModel = { code: 'string', message: 'string', tenantActionable: 'boolean' };
const EXECUTION: ComplexModel = {
  activityIdentifier: 'string',
  countEntitled: 'int',
  countEntitledForProvisioning: 'int',
  countEscrowed: 'int',
  countEscrowedRaw: 'int',
  countExported: 'int',
  countExports: 'int',
  countImported: 'int',
  countImportedDeltas: 'int',
  countImportedReferenceDeltas: 'int',
  error: ERROR,
  state: 'enum:synchronizationTaskExecutionResult',
  timeBegan: 'instant',
  timeEnded: 'instant',
};
export const PROGRESS: ComplexModel = { completedUnits: 'int', progressObservationDateTime: 'instant', totalUnits: 'int', units: 'string' };
export const KEY_LONG: ComplexModel = { key: 'string', value: 'int' };
export const KEY_VALUE: ComplexModel = { name: 'string', value: 'string' };
const QUARANTINE: ComplexModel = {
  currentBegan: 'instant',
  nextAttempt: 'instant',
  reason: 'enum:quarantineReason',
  seriesBegan: 'instant',
  seriesCount: 'int',
  error: ERROR,
};
export const JOB_MODEL: ComplexModel = {
  id: 'string',
  templateId: 'string',
  schedule: { expiration: 'instant', interval: 'duration', state: 'enum:synchronizationScheduleState' },
  status: {
    code: 'enum:synchronizationStatusCode',
    countSuccessiveCompleteFailures: 'int',
    escrowsPruned: 'boolean',
    lastExecution: EXECUTION,
    lastSuccessfulExecution: EXECUTION,
    lastSuccessfulExecutionWithExports: EXECUTION,
    progress: { of: PROGRESS },
    quarantine: QUARANTINE,
    steadyStateFirstAchievedTime: 'instant',
    steadyStateLastAchievedTime: 'instant',
    synchronizedEntryCountByType: { of: KEY_LONG },
    troubleshootingUrl: 'string',
  },
  synchronizationJobSettings: { of: KEY_VALUE },
};

/** Every primitive path below `model`, with its type: `[['status','code'], 'enum:…'], …` (collections not entered). */
export function primitivePaths(model: ComplexModel, prefix: string[] = []): [string[], RType][] {
  const out: [string[], RType][] = [];
  for (const [name, type] of Object.entries(model)) {
    if (typeof type === 'string') out.push([[...prefix, name], type]);
    else if (!('of' in type && Object.keys(type).length === 1)) out.push(...primitivePaths(type as ComplexModel, [...prefix, name]));
  }
  return out;
}

export type Cmp = 'eq' | 'ne' | 'gt' | 'ge' | 'lt' | 'le';
export type Arith = 'add' | 'sub' | 'mul' | 'div' | 'divby' | 'mod';

export type RExpr =
  /** `value` is the JSON-like value: instants, dates, times, durations and enum members as their text. */
  | { readonly k: 'lit'; readonly type: RType; readonly value: string | number | boolean | null; readonly qualified?: boolean; readonly raw?: string }
  | { readonly k: 'path'; readonly variable?: string; readonly segs: readonly string[]; readonly type: RType }
  | { readonly k: 'cmp'; readonly op: Cmp; readonly l: RExpr; readonly r: RExpr }
  | { readonly k: 'logic'; readonly op: 'and' | 'or'; readonly l: RExpr; readonly r: RExpr }
  | { readonly k: 'not'; readonly e: RExpr }
  | { readonly k: 'neg'; readonly e: RExpr }
  | { readonly k: 'arith'; readonly op: Arith; readonly l: RExpr; readonly r: RExpr }
  | { readonly k: 'in'; readonly e: RExpr; readonly list: readonly RExpr[] }
  | { readonly k: 'call'; readonly name: string; readonly args: readonly RExpr[] }
  | { readonly k: 'lambda'; readonly op: 'any' | 'all'; readonly coll: RExpr & { k: 'path' }; readonly variable?: string; readonly pred?: RExpr };

const NUMERIC_RANK: Partial<Record<RType, number>> = { int: 0, decimal: 1, double: 2 };

export function isNumeric(type: RType): boolean {
  return NUMERIC_RANK[type] !== undefined;
}

/** The static type of an expression (as OData types it). */
export function typeOf(e: RExpr): RType {
  switch (e.k) {
    case 'lit':
    case 'path':
      return e.type;
    case 'cmp':
    case 'logic':
    case 'not':
    case 'in':
    case 'lambda':
      return 'boolean';
    case 'neg':
      return typeOf(e.e);
    case 'arith': {
      if (e.op === 'divby') return 'decimal';
      const l = typeOf(e.l);
      const r = typeOf(e.r);
      if (l === 'null') return r;
      if (r === 'null') return l;
      return (NUMERIC_RANK[l] ?? 0) >= (NUMERIC_RANK[r] ?? 0) ? l : r;
    }
    case 'call':
      return callType(e.name, e.args);
  }
}

function callType(name: string, args: readonly RExpr[]): RType {
  switch (name) {
    case 'contains':
    case 'startswith':
    case 'endswith':
      return 'boolean';
    case 'length':
    case 'indexof':
    case 'year':
    case 'month':
    case 'day':
    case 'hour':
    case 'minute':
    case 'second':
      return 'int';
    case 'substring':
    case 'tolower':
    case 'toupper':
    case 'trim':
    case 'concat':
      return 'string';
    case 'fractionalseconds':
      return 'decimal';
    case 'date':
      return 'date';
    case 'time':
      return 'time';
    case 'now':
      return 'instant';
    case 'round':
    case 'floor':
    case 'ceiling':
      return args[0] ? typeOf(args[0]) : 'null';
    default:
      throw new Error(`no such function ${name}`);
  }
}

// ---- rendering to query text ----

/** How an expression is spelled: the same tree can be written many ways. */
export interface RenderStyle {
  /** Keywords and function names in upper case (`EQ`, `AND`, `ToLower`). */
  readonly upper?: boolean;
  /** Wrap every binary operation in parentheses (else only where precedence needs them). */
  readonly parenthesise?: boolean;
  /** Spaces around operators (1 or more). */
  readonly spaces?: number;
}

const PRECEDENCE: Record<string, number> = { or: 1, and: 2, eq: 3, ne: 3, gt: 4, ge: 4, lt: 4, le: 4, add: 5, sub: 5, mul: 6, div: 6, divby: 6, mod: 6 };
const UNARY = 7;
const PRIMARY = 8;

function precedence(e: RExpr): number {
  switch (e.k) {
    case 'cmp':
    case 'logic':
    case 'arith':
      return PRECEDENCE[e.op]!;
    case 'not':
    case 'neg':
      return UNARY;
    case 'lit':
      // A negative number literal starts with '-', like a unary minus.
      return typeof e.value === 'number' && (e.value < 0 || Object.is(e.value, -0)) ? UNARY : PRIMARY;
    default:
      return PRIMARY;
  }
}

/** OData text for `e`: `status/code eq 'Active' and not (x lt 3)`. */
export function render(e: RExpr, style: RenderStyle = {}): string {
  const kw = (word: string) => (style.upper ? word.toUpperCase() : word);
  const sp = ' '.repeat(Math.max(1, style.spaces ?? 1));
  const wrap = (child: RExpr, min: number) => {
    const text = render(child, style);
    return precedence(child) < min ? `(${text})` : text;
  };
  switch (e.k) {
    case 'lit':
      return renderLiteral(e, style);
    case 'path':
      return [...(e.variable !== undefined ? [e.variable] : []), ...e.segs].join('/');
    case 'cmp':
    case 'logic':
    case 'arith': {
      const p = PRECEDENCE[e.op]!;
      const text = `${wrap(e.l, p)}${sp}${kw(e.op)}${sp}${wrap(e.r, p + 1)}`;
      return style.parenthesise ? `(${text})` : text;
    }
    case 'not':
      return `${kw('not')} ${wrap(e.e, UNARY)}`;
    case 'neg': {
      // `-5` would be the literal -5 and `--x` is not valid: parenthesise literals and negations.
      const inner = render(e.e, style);
      return e.e.k === 'lit' || e.e.k === 'neg' || precedence(e.e) < PRIMARY ? `-(${inner})` : `-${inner}`;
    }
    case 'in':
      return `${wrap(e.e, PRIMARY)} ${kw('in')} (${e.list.map((item) => render(item, style)).join(', ')})`;
    case 'call': {
      const name = style.upper ? e.name.replace(/^./, (c) => c.toUpperCase()) : e.name;
      return `${name}(${e.args.map((a) => render(a, style)).join(', ')})`;
    }
    case 'lambda': {
      const coll = render(e.coll, style);
      if (e.pred === undefined || e.variable === undefined) return `${coll}/${kw(e.op)}()`;
      return `${coll}/${kw(e.op)}(${e.variable}:${sp}${render(e.pred, style)})`;
    }
  }
}

function renderLiteral(e: Extract<RExpr, { k: 'lit' }>, style: RenderStyle): string {
  if (e.raw !== undefined) return e.raw;
  const v = e.value;
  if (v === null) return 'null';
  if (typeof v === 'boolean') return style.upper ? String(v).toUpperCase() : String(v);
  if (typeof v === 'number') {
    if (e.type === 'decimal') return Number.isInteger(v) ? `${v}.0` : String(v);
    if (e.type === 'double') return v.toExponential();
    return String(v);
  }
  const quoted = `'${v.replaceAll("'", "''")}'`;
  if (typeof e.type === 'string' && e.type.startsWith('enum:')) return e.qualified ? `microsoft.graph.${e.type.slice(5)}${quoted}` : quoted;
  switch (e.type) {
    case 'string':
      return quoted;
    case 'duration':
      return `${style.upper ? 'Duration' : 'duration'}${quoted}`;
    default:
      return v; // instants, dates, times, guids are written bare
  }
}

// ---- from the product's checked AST ----

export function typeFromProduct(type: ValueType): RType {
  switch (type.kind) {
    case 'null':
      return 'null';
    case 'complex':
      return 'complex';
    case 'collection':
      return 'collection';
    case 'enum':
      return `enum:${type.name.split('.').pop() as EnumName}`;
    case 'primitive':
      switch (type.name) {
        case 'Edm.String':
          return 'string';
        case 'Edm.Boolean':
          return 'boolean';
        case 'Edm.Int32':
        case 'Edm.Int64':
          return 'int';
        case 'Edm.Decimal':
          return 'decimal';
        case 'Edm.Double':
          return 'double';
        case 'Edm.DateTimeOffset':
          return 'instant';
        case 'Edm.Date':
          return 'date';
        case 'Edm.TimeOfDay':
          return 'time';
        case 'Edm.Duration':
          return 'duration';
        case 'Edm.Guid':
          return 'guid';
      }
  }
}

/**
 * The product's checked expression as an `RExpr`: only its structure and types are taken, so the
 * reference evaluator can run any query text the product accepts (the conformance cases).
 */
export function fromTyped(e: TypedExpr): RExpr {
  switch (e.kind) {
    case 'literal': {
      const value = typeof e.value === 'bigint' ? Number(e.value) : e.value;
      return { k: 'lit', type: typeFromProduct(e.type), value };
    }
    case 'member':
      return {
        k: 'path',
        ...(e.variable !== undefined && { variable: e.variable }),
        segs: e.properties.map((p) => p.name),
        type: typeFromProduct(e.type),
      };
    case 'binary': {
      const op = e.operator;
      if (op === 'and' || op === 'or') return { k: 'logic', op, l: fromTyped(e.left), r: fromTyped(e.right) };
      if (op === 'add' || op === 'sub' || op === 'mul' || op === 'div' || op === 'divby' || op === 'mod') {
        return { k: 'arith', op, l: fromTyped(e.left), r: fromTyped(e.right) };
      }
      return { k: 'cmp', op, l: fromTyped(e.left), r: fromTyped(e.right) };
    }
    case 'not':
      return { k: 'not', e: fromTyped(e.operand) };
    case 'negate':
      return { k: 'neg', e: fromTyped(e.operand) };
    case 'in':
      return { k: 'in', e: fromTyped(e.operand), list: e.list.map(fromTyped) };
    case 'call':
      return { k: 'call', name: e.name, args: e.args.map(fromTyped) };
    case 'lambda': {
      const coll = fromTyped(e.collection) as RExpr & { k: 'path' };
      if (e.predicate === undefined || e.variable === undefined) return { k: 'lambda', op: e.operator, coll };
      return { k: 'lambda', op: e.operator, coll, variable: e.variable, pred: fromTyped(e.predicate) };
    }
  }
}
