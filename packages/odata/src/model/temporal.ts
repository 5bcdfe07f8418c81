/**
 * What makes a text a real `Edm.DateTimeOffset`, `Edm.Date` or `Edm.Duration` value: the shape of
 * the ABNF and, for dates and times, a day and time that exist (`2024-02-30`, `24:00` do not;
 * `Date.parse` would roll them over). Shared by the `$filter` parser and the body checks of core.
 */

const dateTimeOffset = /^(-?\d{4,})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,12}))?)?(?:[Zz]|([+-])(\d{2}):(\d{2}))$/;
const date = /^(-?\d{4,})-(\d{2})-(\d{2})$/;

/** An instant: milliseconds since 1970 (whole seconds) and the fraction of a second as written. */
export interface Instant {
  readonly ms: number;
  readonly fraction: string;
}

/**
 * The instant a DateTimeOffset text names, or undefined when it is not one: a calendar day and a
 * time that exist, an offset of at most ±14:00 (`T` and `Z` in either case, as in the ABNF).
 */
export function parseInstant(value: string): Instant | undefined {
  const match = dateTimeOffset.exec(value);
  if (!match) return undefined;
  const [, year, month, day, hour, minute, second = '00', fraction = '', sign, offsetHours = '00', offsetMinutes = '00'] = match;
  const at = new Date(0);
  at.setUTCFullYear(Number(year), Number(month) - 1, Number(day));
  at.setUTCHours(Number(hour), Number(minute), Number(second), 0);
  const exists =
    isDay(at, year!, month!, day!) &&
    at.getUTCHours() === Number(hour) &&
    at.getUTCMinutes() === Number(minute) &&
    at.getUTCSeconds() === Number(second) &&
    Number(offsetMinutes) < 60 &&
    Number(offsetHours) * 60 + Number(offsetMinutes) <= 14 * 60;
  if (!exists) return undefined;
  const offset = sign === undefined ? 0 : (sign === '-' ? -1 : 1) * (Number(offsetHours) * 60 + Number(offsetMinutes)) * 60_000;
  return { ms: at.getTime() - offset, fraction };
}

/** Is this an `Edm.Date` (`2024-02-29`) of a day that exists? */
export function isDate(value: string): boolean {
  const match = date.exec(value);
  if (!match) return false;
  const at = new Date(0);
  at.setUTCFullYear(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
  return isDay(at, match[1]!, match[2]!, match[3]!);
}

function isDay(at: Date, year: string, month: string, day: string): boolean {
  return at.getUTCFullYear() === Number(year) && at.getUTCMonth() === Number(month) - 1 && at.getUTCDate() === Number(day);
}

const durationPattern = /^-?P(?!$)(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+(\.\d+)?S)?)?$/;

/**
 * An `Edm.Duration` in ISO 8601 form: days and time only (`P10675199DT2H48M5.4775807S`, `PT40M`).
 * As in the ABNF's `durationValue` (xsd:dayTimeDuration), only seconds may have a fraction.
 */
export function isDuration(text: string): boolean {
  return durationPattern.test(text);
}
