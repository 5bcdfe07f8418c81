import { ODataQueryError, type QueryOptionName } from '../errors.js';

/** `$top` and `$skip`: a non-negative decimal integer within `max`. */
export function parseIntegerOption(option: QueryOptionName, text: string, max: number): number {
  if (!/^\d+$/.test(text)) {
    throw new ODataQueryError(
      `Invalid ${option} value '${text}': it must be a non-negative integer${Number.isFinite(max) ? ` from 0 to ${max}` : ''}.`,
      option,
      0,
      text,
    );
  }
  const value = Number(text);
  if (value > max) {
    throw new ODataQueryError(`Invalid ${option} value '${text}': it must be at most ${max}.`, option, 0, text);
  }
  return value;
}
