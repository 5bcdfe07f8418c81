/** The slice of the OData Entity Data Model that syncemu needs to describe synchronizationJob. */

export type PrimitiveName =
  | 'Edm.String'
  | 'Edm.Boolean'
  | 'Edm.Int32'
  | 'Edm.Int64'
  | 'Edm.Double'
  | 'Edm.Decimal'
  | 'Edm.DateTimeOffset'
  | 'Edm.Date'
  | 'Edm.TimeOfDay'
  | 'Edm.Duration'
  | 'Edm.Guid';

export interface PrimitiveType {
  readonly kind: 'primitive';
  readonly name: PrimitiveName;
}

export interface EnumType {
  readonly kind: 'enum';
  /** Qualified name, e.g. `microsoft.graph.synchronizationStatusCode`. */
  readonly name: string;
  /** Member name → numeric value, as the CSDL declares them. */
  readonly members: Readonly<Record<string, number>>;
  readonly isFlags: boolean;
}

export interface ComplexType {
  readonly kind: 'complex';
  /** Qualified name, e.g. `microsoft.graph.synchronizationStatus`. */
  readonly name: string;
  readonly properties: Readonly<Record<string, PropertyDef>>;
  /** Navigation properties: known names that are not structural (e.g. `schema`). */
  readonly navigation?: readonly string[];
  /** Navigation properties to an entity with a stream and no properties (`bulkUpload`): nothing to expand. */
  readonly streams?: readonly string[];
}

export interface CollectionType {
  readonly kind: 'collection';
  readonly of: PrimitiveType | EnumType | ComplexType;
}

export type EdmType = PrimitiveType | EnumType | ComplexType | CollectionType;

export interface PropertyDef {
  readonly name: string;
  readonly type: EdmType;
  readonly nullable: boolean;
  /** Set on key and server-managed properties: clients may not write them. */
  readonly readOnly?: boolean;
}

const primitives = new Map<PrimitiveName, PrimitiveType>();

/** The shared instance of a primitive type (so types compare by identity). */
export function primitive(name: PrimitiveName): PrimitiveType {
  let type = primitives.get(name);
  if (!type) {
    type = Object.freeze({ kind: 'primitive', name });
    primitives.set(name, type);
  }
  return type;
}

export function enumType(name: string, members: Record<string, number>, isFlags = false): EnumType {
  return Object.freeze({ kind: 'enum', name, members: Object.freeze({ ...members }), isFlags });
}

export function collectionOf(of: CollectionType['of']): CollectionType {
  return Object.freeze({ kind: 'collection', of });
}

/** Builds a complex type from `[name, type, nullable]` rows, in declaration order. */
export function complexType(
  name: string,
  rows: ReadonlyArray<readonly [string, EdmType, boolean, { readOnly?: boolean }?]>,
  navigation: readonly string[] = [],
  streams: readonly string[] = [],
): ComplexType {
  const properties: Record<string, PropertyDef> = {};
  for (const [propName, type, nullable, extra] of rows) {
    properties[propName] = Object.freeze({ name: propName, type, nullable, ...(extra ?? {}) });
  }
  return Object.freeze({ kind: 'complex', name, properties: Object.freeze(properties), navigation, streams });
}

/** `Edm.String`, `microsoft.graph.synchronizationStatus`, `Collection(microsoft.graph.keyValuePair)`. */
export function typeName(type: EdmType): string {
  return type.kind === 'collection' ? `Collection(${type.of.name})` : type.name;
}
