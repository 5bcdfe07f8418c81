import { QueryTooComplexError } from '../database/sqlite.js';

/**
 * A list or count query PostgreSQL could not evaluate because of what the query computes: a number
 * out of range (`1e308 mul 10`: PostgreSQL refuses where SQLite gives Infinity), a date or time out
 * of range, a text it cannot read. The client's error (400), never a 5xx (decision 0022).
 */
export class QueryEvaluationError extends Error {
  override readonly name = 'QueryEvaluationError';
  /** PostgreSQL's SQLSTATE (class 22, data exception). */
  readonly sqlState: string;
  constructor(message: string, sqlState: string, options?: { cause?: unknown }) {
    super(message, options);
    this.sqlState = sqlState;
  }
}

/**
 * A write of text PostgreSQL cannot store: the character \u0000 or a lone surrogate in JSON (jsonb
 * refuses both, though SQLite stores them), or a NUL character in any text. The client's error (400).
 */
export class UnstorableTextError extends Error {
  override readonly name = 'UnstorableTextError';
  /** PostgreSQL's SQLSTATE (22P05, 22021 or 22P02). */
  readonly sqlState: string;
  constructor(message: string, sqlState: string, options?: { cause?: unknown }) {
    super(message, options);
    this.sqlState = sqlState;
  }
}

/** What pg's DatabaseError carries. */
interface PostgresError {
  readonly code?: unknown;
  readonly message: string;
  readonly detail?: unknown;
}

const sqlStateOf = (error: unknown): string | undefined =>
  error instanceof Error && typeof (error as PostgresError).code === 'string' && /^[0-9A-Z]{5}$/.test((error as PostgresError).code as string) ? ((error as PostgresError).code as string) : undefined;

const detailOf = (error: Error) => {
  const detail = (error as PostgresError).detail;
  return typeof detail === 'string' && detail ? ` (${detail.replace(/\.$/, '')})` : '';
};

/**
 * The error a list, count or explain of `described` (the query's options, as the client wrote them)
 * becomes: a data exception (SQLSTATE class 22) is the query's fault, a QueryEvaluationError; a
 * program limit (class 54: stack depth, a statement too complex) a QueryTooComplexError, as
 * SQLite's limits are. Anything else is returned as it is.
 */
export function queryError(error: unknown, described: () => string): unknown {
  const state = sqlStateOf(error);
  if (state === undefined) return error;
  const e = error as Error;
  const where = described();
  const of = where ? ` in ${where}` : '';
  if (state === '22003') {
    return new QueryEvaluationError(
      `The query computes a number out of range${of}: PostgreSQL's ${e.message}${detailOf(e)}. Decimals compute as 64-bit doubles (at most ±1.7976931348623157e308) and integers exactly; keep the arithmetic within them.`,
      state,
      { cause: error },
    );
  }
  if (state === '22008' || state === '22007') {
    return new QueryEvaluationError(`The query computes a date or time out of range${of}: PostgreSQL's ${e.message}${detailOf(e)}.`, state, { cause: error });
  }
  if (state === '22021' || state === '22P05') {
    return new QueryEvaluationError(`The query holds a character PostgreSQL cannot read (such as \\u0000)${of}: ${e.message}${detailOf(e)}.`, state, { cause: error });
  }
  if (state.startsWith('22')) {
    return new QueryEvaluationError(`The query cannot be evaluated${of}: PostgreSQL's ${e.message}${detailOf(e)}.`, state, { cause: error });
  }
  if (state.startsWith('54')) return new QueryTooComplexError(`The query is too complex for PostgreSQL${of}: ${e.message}.`, { cause: error });
  return error;
}

/** A character JSON in PostgreSQL cannot hold: NUL, or a surrogate without its pair. */
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

const escaped = (character: string) => `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`;

/** The first unstorable character of a text, or of the strings (keys and values) of JSON text. */
function unstorableIn(text: string): string | undefined {
  const raw = UNSTORABLE.exec(text)?.[0];
  if (raw !== undefined) return raw;
  const first = text.trimStart()[0];
  if (first !== '{' && first !== '[' && first !== '"') return undefined;
  let found: string | undefined;
  try {
    JSON.parse(text, function (key, value: unknown) {
      found ??= UNSTORABLE.exec(key)?.[0] ?? (typeof value === 'string' ? UNSTORABLE.exec(value)?.[0] : undefined);
      return value;
    });
  } catch {
    return undefined;
  }
  return found;
}

/**
 * The error a write becomes: text PostgreSQL refuses to store (22P05: \u0000 in jsonb; 22021: a NUL
 * byte in text; 22P02: JSON jsonb cannot read, such as a lone surrogate) is an
 * UnstorableTextError naming the character and `what` held it (`a job's JSON`). Anything else,
 * and a 22P02 whose text holds no such character (JSON that is not JSON), is returned as it is.
 */
export function writeError(error: unknown, parameters: readonly unknown[], what: string): unknown {
  const state = sqlStateOf(error);
  if (state !== '22P05' && state !== '22021' && state !== '22P02') return error;
  let character: string | undefined;
  for (const parameter of parameters) {
    if (typeof parameter === 'string') character ??= unstorableIn(parameter);
  }
  if (character === undefined && state === '22P02') return error;
  const name =
    character === undefined ? 'the character \\u0000' : character === '\u0000' ? 'the character \\u0000' : `the lone surrogate ${escaped(character)} (half of a UTF-16 pair without the other half)`;
  return new UnstorableTextError(`PostgreSQL cannot store ${name} in ${what}: remove it from the text (SQLite stores it; PostgreSQL's jsonb and text do not).`, state, { cause: error });
}

/**
 * Whether `error` is the database going away rather than anything a request did: a connection
 * refused, reset or terminated (SQLSTATE class 08, 57P01-57P03 administrator or crash shutdown), or
 * pg's own "Connection terminated". The request's answer is a 503 a client may retry.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const state = sqlStateOf(error);
  if (state !== undefined) return state.startsWith('08') || /^57P0[1-3]$/.test(state);
  const code = (error as NodeJS.ErrnoException).code;
  if (typeof code === 'string' && /^(ECONNREFUSED|ECONNRESET|EPIPE|ETIMEDOUT|ENOTFOUND|EAI_AGAIN)$/.test(code)) return true;
  return /^(Connection terminated|Client has encountered a connection error|timeout exceeded when trying to connect)/.test(error.message);
}
