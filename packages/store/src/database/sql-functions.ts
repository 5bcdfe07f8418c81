import type { SqliteDatabase } from './sqlite.js';

/**
 * Scalar functions the SQL compiler calls where SQLite's own differ from OData's: SQLite's
 * lower()/upper() fold ASCII only, and it has no duration type. They run inside SQLite, per row,
 * like any built-in function; none of them sees more than its arguments.
 */
export function registerFunctions(sqlite: SqliteDatabase): void {
  const options = { deterministic: true, varargs: false } as const;
  sqlite.function('syncemu_lower', options, (value: unknown) => (typeof value === 'string' ? value.toLowerCase() : value));
  sqlite.function('syncemu_upper', options, (value: unknown) => (typeof value === 'string' ? value.toUpperCase() : value));
  sqlite.function('syncemu_trim', options, (value: unknown) => (typeof value === 'string' ? value.trim() : value));
  sqlite.function('syncemu_duration_seconds', options, (value: unknown) => (typeof value === 'string' ? durationSeconds(value) : null));
  sqlite.function('syncemu_instant', options, (value: unknown) => (typeof value === 'string' ? instantKey(value) : null));
}

const instantPattern = /^(\d{4})-(\d{2})-(\d{2})(?:[Tt](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,12}))?)?([Zz]|[+-]\d{2}:\d{2}))?$/;

/**
 * `2025-06-15T13:20:00.5+02:00` → `2025-06-15T11:20:00.5000000Z`: an Edm.DateTimeOffset as the UTC
 * instant to 100 ns (Graph writes 7 fractional digits), in a text form that sorts in time order
 * for years 0001–9999; a Date is its midnight UTC; anything else → null. (SQLite's julianday()
 * reads milliseconds only, so it took `…00.1234567Z` and `…00.1234Z` for the same instant.)
 */
export function instantKey(text: string): string | null {
  const match = instantPattern.exec(text);
  if (!match) return null;
  const [, year, month, day, hour = '00', minute = '00', second = '00', fraction = '', zone = 'Z'] = match;
  const date = new Date(0);
  date.setUTCFullYear(Number(year), Number(month) - 1, Number(day));
  date.setUTCHours(Number(hour), Number(minute), Number(second), 0);
  let ms = date.getTime();
  if (zone !== 'Z' && zone !== 'z') ms -= (zone.startsWith('-') ? -1 : 1) * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(4, 6))) * 60_000;
  if (Number.isNaN(ms)) return null;
  const iso = new Date(ms).toISOString();
  if (iso.length !== 24) return null; // a year outside 0000–9999 after the offset
  return `${iso.slice(0, 19)}.${fraction.slice(0, 7).padEnd(7, '0')}Z`;
}

const durationPattern = /^(-)?P(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/;

/** `PT1H` → 3600; `P1DT2H48M5.4775807S` → 96485.4775807; not a duration → null. */
export function durationSeconds(text: string): number | null {
  const match = durationPattern.exec(text);
  if (!match || text === 'P' || text.endsWith('T')) return null;
  const [, sign, days, hours, minutes, seconds] = match;
  const total = Number(days ?? 0) * 86400 + Number(hours ?? 0) * 3600 + Number(minutes ?? 0) * 60 + Number(seconds ?? 0);
  return sign ? -total : total;
}
