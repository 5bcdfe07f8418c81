import type { Model, ModelProperty } from './csdl-model.js';
import { splitQuery } from './query-text.js';

/** One suggestion: replace `from`..`to` of the typed text with `insert`. */
export interface Completion {
  readonly label: string;
  readonly detail: string;
  readonly insert: string;
  readonly from: number;
  readonly to: number;
}

const OPTIONS = ['$filter=', '$select=', '$orderby=', '$top=', '$skip=', '$count=true'];
const PATH_OPTIONS = /^\$?(filter|select|orderby)$/i;

/**
 * What may come at the cursor: an option name, a property path (nested through complex types and
 * into a lambda's variable), or an enum member after a comparison with an enum-typed property.
 */
export function complete(model: Model, text: string, cursor: number): Completion[] {
  const option = splitQuery(text).find((candidate) => candidate.start <= cursor && cursor <= candidate.end);
  if (!option || cursor < option.valueStart || (option.valueStart === option.end && !text.slice(option.start, option.end).includes('='))) {
    const from = option ? option.start : cursor;
    const typed = text.slice(from, cursor);
    // the rest of the name after the caret is replaced too, and an '=' already there is kept once
    const rest = /^[\w$]*/.exec(text.slice(cursor))![0].length;
    const equals = text[cursor + rest] === '=' ? 1 : 0;
    return OPTIONS.filter((name) => name.startsWith(typed) && name !== typed).map((name) => ({
      label: name,
      detail: 'query option',
      insert: name,
      from,
      to: cursor + rest + (name.endsWith('=') ? equals : 0),
    }));
  }
  if (!PATH_OPTIONS.test(option.name)) return [];
  const before = text.slice(option.valueStart, cursor);
  if (quotesOpen(before) && !/'[A-Za-z0-9_]*$/.test(before)) return [];

  // an enum member: `status/code eq 'Qua`, `status/code in ('Active', 'Pa`
  const enumMatch = /([A-Za-z_][\w/]*)\s+(?:eq|ne)\s+'?([A-Za-z0-9_]*)$/.exec(before) ?? /([A-Za-z_][\w/]*)\s+in\s+\((?:\s*'[^']*'\s*,)*\s*'?([A-Za-z0-9_]*)$/.exec(before);
  if (enumMatch) {
    const property = resolvePath(model, enumMatch[1]!, lambdaVariables(before));
    const members = property ? model.enums.get(property.type) : undefined;
    if (members) {
      const typed = enumMatch[2]!;
      const from = cursor - typed.length - (before.endsWith(`'${typed}`) ? 1 : 0);
      const to = cursor + /^[A-Za-z0-9_]*'?/.exec(text.slice(cursor))![0].length;
      return members
        .filter((member) => member.toLowerCase().startsWith(typed.toLowerCase()))
        .map((member) => ({ label: `'${member}'`, detail: property!.type, insert: `'${member}'`, from, to }));
    }
  }

  const path = /[A-Za-z_][\w/]*$|(?<=[\s(,=]|^)$/.exec(before);
  if (!path) return [];
  const typedPath = path[0];
  const slash = typedPath.lastIndexOf('/');
  const prefix = slash < 0 ? '' : typedPath.slice(0, slash);
  const typed = typedPath.slice(slash + 1);
  const variables = lambdaVariables(before);
  let properties: readonly ModelProperty[];
  if (prefix === '') properties = model.types.get(model.root) ?? [];
  else {
    const owner = resolvePath(model, prefix, variables);
    if (!owner) return [];
    properties = model.types.get(owner.type) ?? [];
  }
  const from = cursor - typed.length;
  // the rest of the name after the caret is replaced too (completing `co|de` gives `code`, not `codede`)
  const to = cursor + /^\w*/.exec(text.slice(cursor))![0].length;
  const suggestions = properties
    .filter((property) => !property.navigation && property.name.toLowerCase().startsWith(typed.toLowerCase()))
    .map((property) => ({
      label: property.name,
      detail: `${property.collection ? `Collection(${property.type})` : property.type}`,
      insert: property.name,
      from,
      to,
    }));
  if (prefix === '') {
    for (const [variable] of variables) if (variable.startsWith(typed) && variable !== typed) suggestions.push({ label: variable, detail: 'lambda variable', insert: variable, from, to });
  }
  return suggestions.filter((suggestion) => suggestion.insert !== typed);
}

function quotesOpen(text: string): boolean {
  return (text.match(/'/g)?.length ?? 0) % 2 === 1;
}

/** `settings/any(s: s/` → s is an element of settings. */
function lambdaVariables(text: string): Map<string, string> {
  const variables = new Map<string, string>();
  for (const match of text.matchAll(/([A-Za-z_][\w/]*)\/(?:any|all)\(\s*([A-Za-z_]\w*)\s*:/g)) variables.set(match[2]!, match[1]!);
  return variables;
}

/** The property a path names (`status/lastExecution`), through lambda variables; undefined if none. */
export function resolvePath(model: Model, path: string, variables: ReadonlyMap<string, string> = new Map()): ModelProperty | undefined {
  const segments = path.split('/').filter((segment) => segment !== '');
  let type = model.root;
  let property: ModelProperty | undefined;
  const first = segments[0];
  if (first !== undefined && variables.has(first)) {
    const collection = resolvePath(model, variables.get(first)!, variables);
    if (!collection) return undefined;
    property = { ...collection, collection: false };
    type = collection.type;
    segments.shift();
  }
  for (const segment of segments) {
    property = model.types.get(type)?.find((candidate) => candidate.name === segment);
    if (!property) return undefined;
    type = property.type;
  }
  return property;
}
