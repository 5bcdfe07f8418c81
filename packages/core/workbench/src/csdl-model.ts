/**
 * The structure of synchronizationJob read from the emulator's own `$metadata` (Microsoft's CSDL):
 * what property-name completion offers. Nothing is hard-coded here: a property the CSDL gains shows up.
 */

export interface ModelProperty {
  readonly name: string;
  /** The type's short name (`synchronizationStatus`, `Edm.String`), `Collection(...)` removed. */
  readonly type: string;
  readonly collection: boolean;
  readonly navigation: boolean;
}

export interface Model {
  /** Complex and entity types: their properties, base types' first. */
  readonly types: ReadonlyMap<string, readonly ModelProperty[]>;
  /** Enum types: their member names. */
  readonly enums: ReadonlyMap<string, readonly string[]>;
  readonly root: string;
}

const shortName = (type: string) => type.replace(/^(graph|microsoft\.graph)\./, '');

const ID: ModelProperty = { name: 'id', type: 'Edm.String', collection: false, navigation: false };

export function readModel(xml: string, root = 'synchronizationJob'): Model {
  const document = new DOMParser().parseFromString(xml, 'application/xml');
  const own = new Map<string, { base?: string; properties: ModelProperty[] }>();
  const enums = new Map<string, string[]>();
  for (const element of Array.from(document.getElementsByTagName('*'))) {
    const name = element.getAttribute('Name');
    if (!name) continue;
    if (element.localName === 'EntityType' || element.localName === 'ComplexType') {
      const properties: ModelProperty[] = [];
      for (const child of Array.from(element.children)) {
        if (child.localName !== 'Property' && child.localName !== 'NavigationProperty') continue;
        const raw = child.getAttribute('Type') ?? '';
        const collection = raw.startsWith('Collection(');
        properties.push({
          name: child.getAttribute('Name') ?? '',
          type: shortName(collection ? raw.slice('Collection('.length, -1) : raw),
          collection,
          navigation: child.localName === 'NavigationProperty',
        });
      }
      const base = element.getAttribute('BaseType');
      own.set(name, { ...(base && { base: shortName(base) }), properties });
    } else if (element.localName === 'EnumType') {
      enums.set(
        name,
        Array.from(element.children)
          .filter((child) => child.localName === 'Member')
          .map((child) => child.getAttribute('Name') ?? ''),
      );
    }
  }
  const types = new Map<string, ModelProperty[]>();
  const resolve = (name: string, seen: Set<string>): ModelProperty[] => {
    const found = types.get(name);
    if (found) return found;
    const entry = own.get(name);
    if (!entry || seen.has(name)) return [];
    seen.add(name);
    // `entity` is outside the synchronization CSDL: its one property is the id
    const base = entry.base === undefined ? [] : own.has(entry.base) ? resolve(entry.base, seen) : entry.base === 'entity' ? [ID] : [];
    const all = [...base, ...entry.properties];
    types.set(name, all);
    return all;
  };
  for (const name of own.keys()) resolve(name, new Set());
  return { types, enums, root };
}
