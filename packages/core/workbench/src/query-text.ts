/**
 * The query as the user types it (`$filter=status/code eq 'Active'&$top=5`, nothing
 * percent-encoded) taken apart into options, and put back together as a URL's query string.
 */

export interface QueryOption {
  /** As typed, e.g. `$filter`. */
  readonly name: string;
  /** The decoded value. */
  readonly value: string;
  /** Offset of the option's first character in the typed text. */
  readonly start: number;
  /** Offset of the value's first character in the typed text. */
  readonly valueStart: number;
  readonly end: number;
}

/** Splits on `&` outside single-quoted literals (a filter may compare with `'a&b'`). */
export function splitQuery(text: string): QueryOption[] {
  const options: QueryOption[] = [];
  let start = text.startsWith('?') ? 1 : 0;
  let quoted = false;
  for (let i = start; i <= text.length; i++) {
    const char = text[i];
    if (char === "'") quoted = !quoted;
    if (i === text.length || (char === '&' && !quoted)) {
      const piece = text.slice(start, i);
      if (piece.trim() !== '') {
        const equals = piece.indexOf('=');
        const name = (equals < 0 ? piece : piece.slice(0, equals)).trim();
        options.push({ name, value: equals < 0 ? '' : piece.slice(equals + 1), start, valueStart: equals < 0 ? i : start + equals + 1, end: i });
      }
      start = i + 1;
    }
  }
  return options;
}

/** The URL query string (without `?`): each value percent-encoded as a client library would. */
export function encodeQuery(text: string): string {
  return splitQuery(text)
    .map((option) => `${option.name}=${encodeURIComponent(option.value).replace(/%24/g, '$').replace(/%2F/g, '/').replace(/%2C/g, ',')}`)
    .join('&');
}

/** Where, in the typed text, the server's error position (inside an option's value) falls. */
export function errorOffset(text: string, target: string | undefined, position: number | undefined): number | undefined {
  if (target === undefined || position === undefined) return undefined;
  const normalized = (name: string) => name.replace(/^\$/, '').toLowerCase();
  const option = splitQuery(text).find((candidate) => normalized(candidate.name) === normalized(target));
  if (!option) return undefined;
  return Math.min(option.valueStart + position, option.end);
}

/** The names of the properties `$select` asks for, if any. */
export function selectedProperties(text: string): string[] {
  const select = splitQuery(text).find((option) => /^\$?select$/i.test(option.name));
  if (!select) return [];
  return select.value
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '');
}

/** A POSIX shell word: the text in single quotes. */
const shellWord = (text: string) => `'${text.replace(/'/g, `'\\''`)}'`;

export function curlCommand(origin: string, version: string, path: string, text: string): string {
  const query = encodeQuery(text);
  return `curl -s -H 'Accept: application/json' ${shellWord(`${origin}/${version}${path}${query ? `?${query}` : ''}`)}`;
}

/**
 * The Graph JS client (3.x) puts option values into the URL as they are (fetch then encodes
 * spaces): `%`, `&`, `#` and `+` inside a value must be given percent-encoded, or they end the
 * value, start a fragment or become a space.
 */
const forGraphClient = (value: string) => value.replace(/[%&#+]/g, (char) => encodeURIComponent(char));

/** The same request through `@microsoft/microsoft-graph-client` (3.x): its builder methods where it has them. */
export function graphClientCode(version: string, path: string, text: string): string {
  const lines = [`const page = await client`, `  .api(${JSON.stringify(path)})`, `  .version(${JSON.stringify(version)})`];
  const rest: Record<string, string> = {};
  for (const option of splitQuery(text)) {
    const name = option.name.replace(/^\$/, '').toLowerCase();
    const value = forGraphClient(option.value);
    if (name === 'filter') lines.push(`  .filter(${JSON.stringify(value)})`);
    else if (name === 'orderby') lines.push(`  .orderby(${JSON.stringify(value)})`);
    else if (name === 'select') lines.push(`  .select(${JSON.stringify(selectedProperties(text).map(forGraphClient))})`);
    else if (name === 'top' && /^\d+$/.test(value)) lines.push(`  .top(${value})`);
    else if (name === 'skip' && /^\d+$/.test(value)) lines.push(`  .skip(${value})`);
    else if (name === 'count' && (value === 'true' || value === 'false')) lines.push(`  .count(${value})`);
    else rest[option.name] = value;
  }
  if (Object.keys(rest).length > 0) lines.push(`  .query(${JSON.stringify(rest)})`);
  lines.push('  .get();');
  return lines.join('\n');
}
