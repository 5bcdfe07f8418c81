import { createHash } from 'node:crypto';

/** Where the previous page ended: the sort-key values and id of its last row. */
export interface KeysetPosition {
  readonly keys: readonly (string | number | null)[];
  readonly id: string;
}

/** Thrown for a `$skiptoken` that was not made by this emulator for this query. */
export class SkipTokenError extends Error {
  override readonly name = 'SkipTokenError';
}

/**
 * An opaque `$skiptoken`: base64url of the last row's position plus fingerprints of the ordering
 * and the filter it belongs to, so a token is refused when replayed with another `$orderby` or
 * another `$filter` (`filter`: the checked filter in a canonical form, '' without one).
 */
export function encodeSkipToken(position: KeysetPosition, ordering: string, filter = ''): string {
  const payload = JSON.stringify({ v: 1, o: fingerprint(ordering), f: fingerprint(filter), k: position.keys, i: position.id });
  return Buffer.from(payload, 'utf8').toString('base64url');
}

export function decodeSkipToken(token: string, ordering: string, keyCount: number, filter = ''): KeysetPosition {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch {
    throw new SkipTokenError(`The $skiptoken '${abbreviate(token)}' is not valid: use the @odata.nextLink of the previous page as it is.`);
  }
  const p = parsed as { v?: unknown; o?: unknown; f?: unknown; k?: unknown; i?: unknown } | null;
  const valid =
    p !== null &&
    typeof p === 'object' &&
    p.v === 1 &&
    typeof p.i === 'string' &&
    Array.isArray(p.k) &&
    p.k.length === keyCount &&
    p.k.every((key) => key === null || typeof key === 'string' || typeof key === 'number');
  if (!valid) {
    throw new SkipTokenError(`The $skiptoken '${abbreviate(token)}' is not valid: use the @odata.nextLink of the previous page as it is.`);
  }
  if (p.o !== fingerprint(ordering)) {
    throw new SkipTokenError(`The $skiptoken '${abbreviate(token)}' belongs to a query with another $orderby; keep the other options of the @odata.nextLink as they are.`);
  }
  // (a token without `f` predates the filter's fingerprint: it is one of a query without $filter)
  if ((p.f ?? fingerprint('')) !== fingerprint(filter)) {
    throw new SkipTokenError(`The $skiptoken '${abbreviate(token)}' belongs to a query with another $filter; keep the other options of the @odata.nextLink as they are.`);
  }
  return { keys: p.k as (string | number | null)[], id: p.i as string };
}

const fingerprints = new Map<string, string>();

/** The first 12 characters of the text's SHA-256 (base64url); remembered, as every page of a walk asks again. */
function fingerprint(text: string): string {
  let value = fingerprints.get(text);
  if (value === undefined) {
    value = createHash('sha256').update(text).digest('base64url').slice(0, 12);
    if (fingerprints.size >= 1000) fingerprints.clear();
    fingerprints.set(text, value);
  }
  return value;
}

function abbreviate(token: string): string {
  return token.length > 40 ? `${token.slice(0, 40)}…` : token;
}
