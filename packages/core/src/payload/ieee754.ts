import type { EdmType } from '@syncemu/odata';
import { headerValue, type HeadersInit } from '../http/types.js';

/**
 * Does the request ask for `IEEE754Compatible=true` (OData JSON format §3.2): Int64 values as
 * strings, so that clients whose numbers are doubles (JavaScript) read them exactly? Any media
 * range of `Accept` may carry the parameter; names and values are case-insensitive.
 */
export function wantsIeee754Compatible(headers: HeadersInit | undefined): boolean {
  const accept = headerValue(headers, 'accept');
  return accept !== undefined && /;\s*ieee754compatible\s*=\s*"?true"?\s*(?:;|,|$)/i.test(accept);
}

/**
 * The JSON text of a value of `type` with every `Edm.Int64` (and `Edm.Decimal`) number written as a
 * string, found by the model (members the value lacks are skipped).
 */
export function withInt64Strings(json: string, type: EdmType): string {
  return JSON.stringify(convert(JSON.parse(json) as unknown, type));
}

function convert(value: unknown, type: EdmType): unknown {
  if (value === null || value === undefined) return value;
  switch (type.kind) {
    case 'primitive':
      return (type.name === 'Edm.Int64' || type.name === 'Edm.Decimal') && typeof value === 'number' ? String(value) : value;
    case 'enum':
      return value;
    case 'collection':
      return Array.isArray(value) ? value.map((item) => convert(item, type.of)) : value;
    case 'complex': {
      if (typeof value !== 'object' || Array.isArray(value)) return value;
      const object = value as Record<string, unknown>;
      for (const [name, property] of Object.entries(type.properties)) {
        if (name in object) object[name] = convert(object[name], property.type);
      }
      return object;
    }
  }
}
