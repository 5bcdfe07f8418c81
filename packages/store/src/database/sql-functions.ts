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
