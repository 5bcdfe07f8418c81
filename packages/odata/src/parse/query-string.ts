import { ODataQueryError } from '../errors.js';

/** The system query options syncemu knows, by their canonical (lower-case, `$`-prefixed) names. */
export const SYSTEM_OPTIONS = ['$select', '$filter', '$top', '$skip', '$orderby', '$count', '$skiptoken', '$expand'] as const;
export type SystemOption = (typeof SYSTEM_OPTIONS)[number];

/** OData system options that exist in the protocol but that synchronizationJob collections do not offer. */
const UNSUPPORTED_OPTIONS = new Set(['$search', '$format', '$apply', '$compute', '$levels', '$deltatoken', '$index', '$schemaversion', '$id']);

export interface SplitOptions {
  /** On beta the `$` prefix is optional (`filter=` works); on v1.0 a name without `$` is not an option. */
  readonly dollarOptional: boolean;
}

/**
 * Splits a raw query string (without `?`) into system query options, the way Graph and HTML forms
 * decode it: `&` separates pairs, `+` is a space, `%XX` is decoded once. Names are
 * case-insensitive. Unknown `$` options and repeated options are errors; other parameters are
 * ignored, as Graph ignores them.
 */
export function splitQueryString(query: string, { dollarOptional }: SplitOptions): Map<SystemOption, string> {
  const options = new Map<SystemOption, string>();
  if (query === '') return options;
  for (const pair of query.split('&')) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    const rawName = eq < 0 ? pair : pair.slice(0, eq);
    const rawValue = eq < 0 ? '' : pair.slice(eq + 1);
    const name = decodeComponent(rawName, 'query');
    const lower = name.toLowerCase();
    const canonical = (lower.startsWith('$') ? lower : dollarOptional ? `$${lower}` : undefined) as SystemOption | undefined;
    if (canonical === undefined) continue;
    if (!(SYSTEM_OPTIONS as readonly string[]).includes(canonical)) {
      if (!lower.startsWith('$')) continue; // an ordinary parameter on beta that happens to lack a `$`
      const what = UNSUPPORTED_OPTIONS.has(lower) ? 'is not supported on synchronization jobs' : 'is not a known OData system query option';
      throw new ODataQueryError(`Query option '${name}' ${what}.`, 'query');
    }
    if (options.has(canonical)) {
      throw new ODataQueryError(`Query option '${canonical}' was specified more than once; it must be specified at most once.`, 'query');
    }
    options.set(canonical, decodeComponent(rawValue, canonical));
  }
  return options;
}

function decodeComponent(raw: string, option: SystemOption | 'query'): string {
  const spaced = raw.replaceAll('+', ' ');
  try {
    return decodeURIComponent(spaced);
  } catch {
    const bad = /%(?![0-9A-Fa-f]{2})|%[89A-Fa-f][0-9A-Fa-f](?!%)/.exec(spaced);
    const at = bad ? ` near '${spaced.slice(bad.index, bad.index + 3)}'` : '';
    throw new ODataQueryError(
      `The query string is not valid: ${option === 'query' ? 'a parameter name' : `the value of ${option}`} has malformed percent-encoding${at}.`,
      'query',
    );
  }
}
