import { createRequire } from 'node:module';

/**
 * The parts of `odata-v4-parser` that syncemu keeps: its recognisers for the date, time, GUID
 * and null literals of the OData ABNF (booleans are recognised here, in any case). Each takes
 * the source as UTF-16 code units and an offset, and returns a token ending at `next`, or
 * undefined. (Its expression grammar is not used: see docs/decisions/0003-own-filter-parser.md.)
 */
interface LibraryToken {
  readonly next: number;
  readonly raw: string;
  readonly value: unknown;
}
type Recogniser = (source: Uint16Array, index: number) => LibraryToken | undefined;

interface PrimitiveLiteralModule {
  readonly PrimitiveLiteral: Record<
    'nullValue' | 'guidValue' | 'dateValue' | 'dateTimeOffsetValue' | 'timeOfDayValue',
    Recogniser
  >;
}

const require = createRequire(import.meta.url);
const { PrimitiveLiteral } = require('odata-v4-parser/lib/primitiveLiteral.js') as PrimitiveLiteralModule;

export type LibraryLiteralType = 'null' | 'Edm.Boolean' | 'Edm.Guid' | 'Edm.DateTimeOffset' | 'Edm.Date' | 'Edm.TimeOfDay';

/**
 * `true` and `false` in any case: the ABNF's `boolean = "true" / "false"` is case-insensitive
 * (RFC 7405), but the library's `booleanValue` only knows lower case. (`null` is `%s"null"`:
 * case-sensitive, so the library's recogniser is right for it.)
 */
const booleanAnyCase: Recogniser = (source, index) => {
  for (const word of ['true', 'false']) {
    let i = 0;
    while (i < word.length && (source[index + i]! | 0x20) === word.charCodeAt(i)) i++;
    if (i === word.length) {
      return { next: index + i, raw: String.fromCharCode(...source.subarray(index, index + i)), value: 'Edm.Boolean' };
    }
  }
  return undefined;
};

const T = 0x54;
const Z = 0x5a;
/** Characters a DateTimeOffset literal is made of: digits - : . + and T/Z in either case. */
const inDateTimeOffset = (unit: number) => (unit >= 0x30 && unit <= 0x39) || unit === 0x2d || unit === 0x3a || unit === 0x2e || unit === 0x2b || (unit | 0x20) === 0x74 || (unit | 0x20) === 0x7a;

/**
 * A DateTimeOffset with its `T` and `Z` in either case: in the ABNF they are quoted strings
 * (`year "-" month "-" day "T" …`), which RFC 5234 makes case-insensitive, but the library's
 * recogniser knows only upper case. When it refuses, it is asked again about a copy of the
 * literal's characters with `t`/`z` in upper case; the token keeps the text as written (the SQL's
 * `syncemu_instant` reads either case).
 */
const dateTimeOffsetAnyCase: Recogniser = (source, index) => {
  const direct = PrimitiveLiteral.dateTimeOffsetValue(source, index);
  if (direct) return direct;
  let end = index;
  while (end < source.length && inDateTimeOffset(source[end]!)) end++;
  const copy = source.slice(index, end).map((unit) => (unit === T + 0x20 ? T : unit === Z + 0x20 ? Z : unit));
  const token = PrimitiveLiteral.dateTimeOffsetValue(copy, 0);
  if (!token) return undefined;
  return { next: index + token.next, raw: String.fromCharCode(...source.subarray(index, index + token.next)), value: token.value };
};

/** Tried in this order: the longest spellings first, so `2024-01-01T00:00:00Z` is not read as a Date. */
const recognisers: ReadonlyArray<readonly [LibraryLiteralType, Recogniser]> = [
  ['Edm.DateTimeOffset', dateTimeOffsetAnyCase],
  ['Edm.Guid', PrimitiveLiteral.guidValue],
  ['Edm.Date', PrimitiveLiteral.dateValue],
  ['Edm.TimeOfDay', PrimitiveLiteral.timeOfDayValue],
  ['Edm.Boolean', booleanAnyCase],
  ['null', PrimitiveLiteral.nullValue],
];

/**
 * Recognises one of the library's literals at `index`, provided it ends where a token may end
 * (so `nullable` is not `null` followed by `able`).
 */
export function recogniseLibraryLiteral(
  source: Uint16Array,
  index: number,
  endsToken: (next: number) => boolean,
): { type: LibraryLiteralType; raw: string; next: number } | undefined {
  for (const [type, recognise] of recognisers) {
    let token: LibraryToken | undefined;
    try {
      token = recognise(source, index);
    } catch {
      token = undefined; // the library throws on some truncated inputs; that just means "not this literal"
    }
    if (token && token.next > index && endsToken(token.next)) {
      return { type, raw: token.raw, next: token.next };
    }
  }
  return undefined;
}
