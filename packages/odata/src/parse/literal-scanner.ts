import type { PrimitiveName } from '../model/edm.js';

/**
 * The literals `odata-v4-parser` gets wrong, scanned here: strings (it rejects a raw `/` or `"`
 * inside them) and numbers (it stops `1e3` after the `1` and rejects integers past 2^53).
 */

/** A single-quoted string starting at `start`, with `''` standing for one quote. */
export function scanQuotedString(text: string, start: number): { value: string; end: number } | undefined {
  let value = '';
  let i = start + 1;
  for (;;) {
    const quote = text.indexOf("'", i);
    if (quote < 0) return undefined;
    value += text.slice(i, quote);
    if (text[quote + 1] === "'") {
      value += "'";
      i = quote + 2;
      continue;
    }
    return { value, end: quote + 1 };
  }
}

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const numberPattern = /^[-+]?(?:INF|NaN|\d+(\.\d+)?([eE][-+]?\d+)?)/;

/**
 * A number literal: integers within Int64 are `Edm.Int64` (a bigint past 2^53), decimals
 * `Edm.Decimal`, exponents, `INF` and `NaN` `Edm.Double`.
 */
export function scanNumber(
  text: string,
  start: number,
): { value: number | bigint; edmType: PrimitiveName; end: number } | undefined {
  const match = numberPattern.exec(text.slice(start));
  if (!match) return undefined;
  const raw = match[0];
  const end = start + raw.length;
  if (raw.endsWith('INF')) return { value: raw.startsWith('-') ? -Infinity : Infinity, edmType: 'Edm.Double', end };
  if (raw.endsWith('NaN')) return { value: NaN, edmType: 'Edm.Double', end };
  if (match[2] !== undefined) return { value: Number(raw), edmType: 'Edm.Double', end };
  if (match[1] !== undefined) return { value: Number(raw), edmType: 'Edm.Decimal', end };
  const big = BigInt(raw);
  if (big < INT64_MIN || big > INT64_MAX) return { value: Number(raw), edmType: 'Edm.Decimal', end };
  const value = Number.isSafeInteger(Number(big)) ? Number(big) : big;
  return { value, edmType: 'Edm.Int64', end };
}
