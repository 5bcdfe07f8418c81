/**
 * Microsoft's CSDL for the synchronization types (packages/core/metadata/synchronization-*.xml),
 * read into a model: entity, complex and enum types, their properties and navigation properties,
 * BaseType inheritance, and the bound actions and functions. The XML is read by a small tokenizer
 * of its own (the files are regular: a declaration, comments, elements with double-quoted
 * attributes, self-closing tags, no text that matters), so no XML dependency is needed.
 */
import { readFileSync } from 'node:fs';

export type ApiVersion = 'v1.0' | 'beta';

// ---------------------------------------------------------------------------------------------
// XML

export type XmlToken =
  | { kind: 'open'; name: string; attributes: Record<string, string>; selfClosing: boolean; offset: number }
  | { kind: 'close'; name: string; offset: number };

export interface XmlElement {
  /** The qualified name as written (`edmx:Edmx`). */
  readonly name: string;
  /** The name without its prefix (`Edmx`). */
  readonly localName: string;
  readonly attributes: Readonly<Record<string, string>>;
  readonly children: readonly XmlElement[];
}

const NAME = /[A-Za-z_:][-A-Za-z0-9_.:]*/y;

function decodeEntities(text: string, offset: number): string {
  return text.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|amp|lt|gt|quot|apos);|&/g, (whole, entity: string | undefined) => {
    if (entity === undefined) throw new Error(`XML: a bare '&' in an attribute value near offset ${offset}`);
    if (entity.startsWith('#x')) return String.fromCodePoint(parseInt(entity.slice(2), 16));
    if (entity.startsWith('#')) return String.fromCodePoint(parseInt(entity.slice(1), 10));
    return ({ amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" } as Record<string, string>)[entity]!;
  });
}

/**
 * The tags of an XML document, in order. Declarations (`<?…?>`) and comments are skipped; text
 * between tags must be whitespace (these files hold none that matters, and anything else would
 * mean the file is not what this reader expects).
 */
export function tokenizeXml(xml: string): XmlToken[] {
  const tokens: XmlToken[] = [];
  let i = 0;
  const fail = (what: string): never => {
    throw new Error(`XML: ${what} at offset ${i}`);
  };
  const skipSpace = () => {
    while (i < xml.length && /\s/.test(xml[i]!)) i++;
  };
  const readName = (): string => {
    NAME.lastIndex = i;
    const match = NAME.exec(xml);
    if (!match) return fail('a name expected');
    i += match[0].length;
    return match[0];
  };
  if (xml.charCodeAt(0) === 0xfeff) i = 1;
  while (i < xml.length) {
    const lt = xml.indexOf('<', i);
    const text = lt < 0 ? xml.slice(i) : xml.slice(i, lt);
    if (text.trim() !== '') fail(`unexpected text ${JSON.stringify(text.trim().slice(0, 40))}`);
    if (lt < 0) break;
    i = lt;
    if (xml.startsWith('<?', i)) {
      const end = xml.indexOf('?>', i + 2);
      if (end < 0) fail('an unterminated <?…?>');
      i = end + 2;
    } else if (xml.startsWith('<!--', i)) {
      const end = xml.indexOf('-->', i + 4);
      if (end < 0) fail('an unterminated comment');
      i = end + 3;
    } else if (xml.startsWith('<!', i)) {
      fail('a DOCTYPE or CDATA section (not supported)');
    } else if (xml.startsWith('</', i)) {
      const offset = i;
      i += 2;
      const name = readName();
      skipSpace();
      if (xml[i] !== '>') fail(`'>' expected to close </${name}`);
      i++;
      tokens.push({ kind: 'close', name, offset });
    } else {
      const offset = i;
      i++;
      const name = readName();
      const attributes: Record<string, string> = {};
      for (;;) {
        const before = i;
        skipSpace();
        if (xml.startsWith('/>', i)) {
          i += 2;
          tokens.push({ kind: 'open', name, attributes, selfClosing: true, offset });
          break;
        }
        if (xml[i] === '>') {
          i++;
          tokens.push({ kind: 'open', name, attributes, selfClosing: false, offset });
          break;
        }
        if (i === before) fail(`whitespace expected between the attributes of <${name}>`);
        const attribute = readName();
        skipSpace();
        if (xml[i] !== '=') fail(`'=' expected after the attribute ${attribute}`);
        i++;
        skipSpace();
        if (xml[i] !== '"') fail(`a double-quoted value expected for the attribute ${attribute}`);
        const end = xml.indexOf('"', i + 1);
        if (end < 0) fail(`an unterminated value of the attribute ${attribute}`);
        if (Object.hasOwn(attributes, attribute)) fail(`the attribute ${attribute} given twice on <${name}>`);
        attributes[attribute] = decodeEntities(xml.slice(i + 1, end), i);
        i = end + 1;
      }
    }
  }
  return tokens;
}

/** The root element of an XML document (one root; every open tag closed by its own name). */
export function parseXml(xml: string): XmlElement {
  const stack: { name: string; attributes: Record<string, string>; children: XmlElement[] }[] = [];
  let root: XmlElement | undefined;
  const element = (name: string, attributes: Record<string, string>, children: XmlElement[]): XmlElement => ({
    name,
    localName: name.slice(name.indexOf(':') + 1),
    attributes,
    children,
  });
  const attach = (done: XmlElement, offset: number) => {
    const parent = stack[stack.length - 1];
    if (parent) parent.children.push(done);
    else if (root) throw new Error(`XML: a second root element <${done.name}> at offset ${offset}`);
    else root = done;
  };
  for (const token of tokenizeXml(xml)) {
    if (token.kind === 'open') {
      if (token.selfClosing) attach(element(token.name, token.attributes, []), token.offset);
      else stack.push({ name: token.name, attributes: token.attributes, children: [] });
    } else {
      const open = stack.pop();
      if (!open || open.name !== token.name) throw new Error(`XML: </${token.name}> at offset ${token.offset} closes ${open ? `<${open.name}>` : 'nothing'}`);
      attach(element(open.name, open.attributes, open.children), token.offset);
    }
  }
  if (stack.length > 0) throw new Error(`XML: <${stack[stack.length - 1]!.name}> is never closed`);
  if (!root) throw new Error('XML: no root element');
  return root;
}

// ---------------------------------------------------------------------------------------------
// The model

/** A type as a property, parameter or return type uses it: `Collection(graph.x)` → `{ collection: true, type: 'microsoft.graph.x' }`. */
export interface TypeRef {
  /** The element type's qualified name (the alias resolved): `microsoft.graph.keyValuePair`, `Edm.String`. */
  readonly type: string;
  readonly collection: boolean;
  /** `Nullable` as written; the default, true, when absent. For a collection: whether its elements may be null. */
  readonly nullable: boolean;
}

export interface CsdlProperty extends TypeRef {
  readonly name: string;
}

export interface CsdlNavigationProperty extends TypeRef {
  readonly name: string;
  readonly containsTarget: boolean;
}

export interface CsdlStructuredType {
  readonly kind: 'EntityType' | 'ComplexType';
  /** Qualified: `microsoft.graph.synchronizationJob`. */
  readonly name: string;
  readonly baseType?: string;
  readonly abstract: boolean;
  readonly openType: boolean;
  readonly hasStream: boolean;
  /** The key's property names (entity types that declare a Key). */
  readonly key?: readonly string[];
  /** Declared on this type only (see {@link CsdlModel.properties} for the inherited ones too). */
  readonly properties: ReadonlyMap<string, CsdlProperty>;
  readonly navigationProperties: ReadonlyMap<string, CsdlNavigationProperty>;
}

export interface CsdlEnumMember {
  readonly name: string;
  readonly value: number;
}

export interface CsdlEnumType {
  readonly kind: 'EnumType';
  readonly name: string;
  readonly isFlags: boolean;
  readonly underlyingType: string;
  readonly members: ReadonlyMap<string, CsdlEnumMember>;
}

export type CsdlType = CsdlStructuredType | CsdlEnumType;

export interface CsdlParameter extends TypeRef {
  readonly name: string;
}

export interface CsdlOperation {
  readonly kind: 'Action' | 'Function';
  readonly name: string;
  readonly isBound: boolean;
  /** For a bound operation the first is the binding parameter. */
  readonly parameters: readonly CsdlParameter[];
  readonly returnType?: TypeRef;
}

export const EDM_PRIMITIVES = [
  'Edm.Binary',
  'Edm.Boolean',
  'Edm.Byte',
  'Edm.Date',
  'Edm.DateTimeOffset',
  'Edm.Decimal',
  'Edm.Double',
  'Edm.Duration',
  'Edm.Guid',
  'Edm.Int16',
  'Edm.Int32',
  'Edm.Int64',
  'Edm.SByte',
  'Edm.Single',
  'Edm.Stream',
  'Edm.String',
  'Edm.TimeOfDay',
] as const;

export class CsdlModel {
  readonly namespace: string;
  /** Names that stand for the namespace: the Schema's Alias, and `graph` (used by the files, declared nowhere in them). */
  readonly aliases: readonly string[];
  readonly types = new Map<string, CsdlType>();
  /** By unqualified name; overloads in file order. */
  readonly operations = new Map<string, CsdlOperation[]>();

  constructor(namespace: string, aliases: readonly string[]) {
    this.namespace = namespace;
    this.aliases = aliases;
  }

  /** `graph.x`, `microsoft.graph.x` → `microsoft.graph.x`; `Edm.*` as is; other names unchanged. */
  qualify(name: string): string {
    const dot = name.lastIndexOf('.');
    if (dot < 0) return name;
    const prefix = name.slice(0, dot);
    return this.aliases.includes(prefix) ? `${this.namespace}.${name.slice(dot + 1)}` : name;
  }

  /** `Collection(graph.x)` with its Nullable → a {@link TypeRef}. */
  typeRef(written: string, nullable = true): TypeRef {
    const match = /^Collection\((.+)\)$/.exec(written.trim());
    return { type: this.qualify((match ? match[1]! : written).trim()), collection: match !== null, nullable };
  }

  isPrimitive(name: string): boolean {
    return (EDM_PRIMITIVES as readonly string[]).includes(name);
  }

  type(name: string): CsdlType | undefined {
    return this.types.get(this.qualify(name));
  }

  structuredType(name: string): CsdlStructuredType | undefined {
    const type = this.type(name);
    return type && type.kind !== 'EnumType' ? type : undefined;
  }

  enumType(name: string): CsdlEnumType | undefined {
    const type = this.type(name);
    return type && type.kind === 'EnumType' ? type : undefined;
  }

  /** The type and its base types, the type first. */
  lineage(name: string): CsdlStructuredType[] {
    const chain: CsdlStructuredType[] = [];
    for (let type = this.structuredType(name); type; type = type.baseType === undefined ? undefined : this.structuredType(type.baseType)) {
      if (chain.includes(type)) throw new Error(`CSDL: ${type.name} is its own base type`);
      chain.push(type);
    }
    return chain;
  }

  /** Whether `candidate` is `base` or derives from it. */
  derivesFrom(candidate: string, base: string): boolean {
    const target = this.qualify(base);
    return this.lineage(candidate).some((type) => type.name === target);
  }

  /** Structural properties, inherited ones included (base type's first). */
  properties(name: string): Map<string, CsdlProperty> {
    const all = new Map<string, CsdlProperty>();
    for (const type of this.lineage(name).reverse()) for (const [key, property] of type.properties) all.set(key, property);
    return all;
  }

  navigationProperties(name: string): Map<string, CsdlNavigationProperty> {
    const all = new Map<string, CsdlNavigationProperty>();
    for (const type of this.lineage(name).reverse()) for (const [key, property] of type.navigationProperties) all.set(key, property);
    return all;
  }

  /** Bound operations named `name` (unqualified or qualified with the namespace or an alias). */
  boundOperations(name: string): CsdlOperation[] {
    const qualified = this.qualify(name);
    const prefix = `${this.namespace}.`;
    const local = qualified.startsWith(prefix) ? qualified.slice(prefix.length) : qualified;
    return (this.operations.get(local) ?? []).filter((operation) => operation.isBound);
  }
}

function flag(element: XmlElement, attribute: string, fallback: boolean): boolean {
  const value = element.attributes[attribute];
  if (value === undefined) return fallback;
  if (value !== 'true' && value !== 'false') throw new Error(`CSDL: ${attribute}="${value}" on <${element.name} Name="${element.attributes['Name'] ?? ''}"> is not a boolean`);
  return value === 'true';
}

function required(element: XmlElement, attribute: string): string {
  const value = element.attributes[attribute];
  if (value === undefined) throw new Error(`CSDL: <${element.name}> lacks ${attribute}`);
  return value;
}

/** A CSDL document (one or more `<Schema>` under `<edmx:Edmx><edmx:DataServices>`) read into a model. */
export function parseCsdl(xml: string): CsdlModel {
  const root = parseXml(xml);
  if (root.localName !== 'Edmx') throw new Error(`CSDL: the root element is <${root.name}>, not <edmx:Edmx>`);
  const schemas = root.children.filter((child) => child.localName === 'DataServices').flatMap((services) => services.children.filter((child) => child.localName === 'Schema'));
  const [schema, ...others] = schemas;
  if (!schema) throw new Error('CSDL: no <Schema>');
  if (others.length > 0) throw new Error('CSDL: more than one <Schema> (not supported)');
  const namespace = required(schema, 'Namespace');
  const alias = schema.attributes['Alias'];
  // The Graph files reference their types as graph.X without declaring the alias.
  const model = new CsdlModel(namespace, [namespace, ...(alias === undefined ? [] : [alias]), 'graph']);
  for (const element of schema.children) {
    const name = `${namespace}.${required(element, 'Name')}`;
    switch (element.localName) {
      case 'EntityType':
      case 'ComplexType': {
        const properties = new Map<string, CsdlProperty>();
        const navigationProperties = new Map<string, CsdlNavigationProperty>();
        let key: string[] | undefined;
        for (const child of element.children) {
          if (child.localName === 'Property') {
            const propertyName = required(child, 'Name');
            properties.set(propertyName, { name: propertyName, ...model.typeRef(required(child, 'Type'), flag(child, 'Nullable', true)) });
          } else if (child.localName === 'NavigationProperty') {
            const propertyName = required(child, 'Name');
            navigationProperties.set(propertyName, {
              name: propertyName,
              ...model.typeRef(required(child, 'Type'), flag(child, 'Nullable', true)),
              containsTarget: flag(child, 'ContainsTarget', false),
            });
          } else if (child.localName === 'Key') {
            key = child.children.filter((ref) => ref.localName === 'PropertyRef').map((ref) => required(ref, 'Name'));
          }
        }
        const baseType = element.attributes['BaseType'];
        model.types.set(name, {
          kind: element.localName as 'EntityType' | 'ComplexType',
          name,
          ...(baseType !== undefined && { baseType: model.qualify(baseType) }),
          abstract: flag(element, 'Abstract', false),
          openType: flag(element, 'OpenType', false),
          hasStream: flag(element, 'HasStream', false),
          ...(key !== undefined && { key }),
          properties,
          navigationProperties,
        });
        break;
      }
      case 'EnumType': {
        const members = new Map<string, CsdlEnumMember>();
        let next = 0;
        for (const child of element.children.filter((member) => member.localName === 'Member')) {
          const memberName = required(child, 'Name');
          const written = child.attributes['Value'];
          const value = written === undefined ? next : Number(written);
          if (!Number.isInteger(value)) throw new Error(`CSDL: ${name}.${memberName} has the value ${written}`);
          members.set(memberName, { name: memberName, value });
          next = value + 1;
        }
        model.types.set(name, { kind: 'EnumType', name, isFlags: flag(element, 'IsFlags', false), underlyingType: element.attributes['UnderlyingType'] ?? 'Edm.Int32', members });
        break;
      }
      case 'Action':
      case 'Function': {
        const local = required(element, 'Name');
        const parameters = element.children
          .filter((child) => child.localName === 'Parameter')
          .map((child) => ({ name: required(child, 'Name'), ...model.typeRef(required(child, 'Type'), flag(child, 'Nullable', true)) }));
        const returns = element.children.find((child) => child.localName === 'ReturnType');
        const operation: CsdlOperation = {
          kind: element.localName as 'Action' | 'Function',
          name: local,
          isBound: flag(element, 'IsBound', false),
          parameters,
          ...(returns && { returnType: model.typeRef(required(returns, 'Type'), flag(returns, 'Nullable', true)) }),
        };
        const overloads = model.operations.get(local) ?? [];
        overloads.push(operation);
        model.operations.set(local, overloads);
        break;
      }
      default:
        // Annotations, Terms, EntityContainer, TypeDefinition: not used by the synchronization files.
        break;
    }
  }
  return model;
}

/** `packages/core/metadata/synchronization-{version}.xml`, from tests/support or tests/dist/support. */
export function csdlFile(version: ApiVersion): URL {
  return new URL(`../../../packages/core/metadata/synchronization-${version}.xml`, import.meta.url);
}

/**
 * The beta file is the USNat national-cloud CSDL (the production beta CSDL is not in the mirror it
 * came from); the production beta type mappings (schemas/type-mappings/beta-*-types.json) have the
 * `bulkUpload` entity type and the `synchronizationJob.bulkUpload` containment navigation that the
 * USNat file lacks, so they are added here, as the v1.0 file declares them.
 */
function addProductionBetaBulkUpload(model: CsdlModel): void {
  const ns = model.namespace;
  if (!model.types.has(`${ns}.bulkUpload`)) {
    model.types.set(`${ns}.bulkUpload`, {
      kind: 'EntityType',
      name: `${ns}.bulkUpload`,
      baseType: `${ns}.entity`,
      abstract: false,
      openType: false,
      hasStream: true,
      properties: new Map(),
      navigationProperties: new Map(),
    });
  }
  const job = model.structuredType(`${ns}.synchronizationJob`);
  if (!job) throw new Error('CSDL beta: no synchronizationJob');
  const navigations = job.navigationProperties as Map<string, CsdlNavigationProperty>;
  if (!navigations.has('bulkUpload')) {
    navigations.set('bulkUpload', { name: 'bulkUpload', type: `${ns}.bulkUpload`, collection: false, nullable: true, containsTarget: true });
  }
}

const cache = new Map<ApiVersion, CsdlModel>();

/** The model of one API version's CSDL, read once. */
export function loadCsdlModel(version: ApiVersion): CsdlModel {
  let model = cache.get(version);
  if (!model) {
    model = parseCsdl(readFileSync(csdlFile(version), 'utf8'));
    if (version === 'beta') addProductionBetaBulkUpload(model);
    cache.set(version, model);
  }
  return model;
}
