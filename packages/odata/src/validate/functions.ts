import { primitive, type PrimitiveName } from '../model/edm.js';

/** Parameter kinds a built-in function accepts. */
export type ParamKind = 'string' | 'integer' | 'number' | 'dateTime' | 'dateOrDateTime';

export interface FunctionSignature {
  readonly params: readonly ParamKind[];
  /** How many trailing parameters may be left out. */
  readonly optional?: number;
  /** The result type; `'same'` returns the type of the first argument (round/floor/ceiling). */
  readonly returns: PrimitiveName | 'same';
}

/** The canonical functions of OData URL conventions §5.1.1.5–5.1.1.9 that syncemu evaluates in SQL. */
export const FUNCTIONS: Readonly<Record<string, FunctionSignature>> = {
  contains: { params: ['string', 'string'], returns: 'Edm.Boolean' },
  startswith: { params: ['string', 'string'], returns: 'Edm.Boolean' },
  endswith: { params: ['string', 'string'], returns: 'Edm.Boolean' },
  length: { params: ['string'], returns: 'Edm.Int32' },
  indexof: { params: ['string', 'string'], returns: 'Edm.Int32' },
  substring: { params: ['string', 'integer', 'integer'], optional: 1, returns: 'Edm.String' },
  tolower: { params: ['string'], returns: 'Edm.String' },
  toupper: { params: ['string'], returns: 'Edm.String' },
  trim: { params: ['string'], returns: 'Edm.String' },
  concat: { params: ['string', 'string'], returns: 'Edm.String' },
  year: { params: ['dateOrDateTime'], returns: 'Edm.Int32' },
  month: { params: ['dateOrDateTime'], returns: 'Edm.Int32' },
  day: { params: ['dateOrDateTime'], returns: 'Edm.Int32' },
  hour: { params: ['dateTime'], returns: 'Edm.Int32' },
  minute: { params: ['dateTime'], returns: 'Edm.Int32' },
  second: { params: ['dateTime'], returns: 'Edm.Int32' },
  fractionalseconds: { params: ['dateTime'], returns: 'Edm.Decimal' },
  date: { params: ['dateTime'], returns: 'Edm.Date' },
  time: { params: ['dateTime'], returns: 'Edm.TimeOfDay' },
  now: { params: [], returns: 'Edm.DateTimeOffset' },
  round: { params: ['number'], returns: 'same' },
  floor: { params: ['number'], returns: 'same' },
  ceiling: { params: ['number'], returns: 'same' },
};

const INTEGERS: readonly PrimitiveName[] = ['Edm.Int32', 'Edm.Int64'];
const NUMBERS: readonly PrimitiveName[] = ['Edm.Int32', 'Edm.Int64', 'Edm.Decimal', 'Edm.Double'];

export function acceptsPrimitive(kind: ParamKind, name: PrimitiveName): boolean {
  switch (kind) {
    case 'string':
      return name === 'Edm.String';
    case 'integer':
      return INTEGERS.includes(name);
    case 'number':
      return NUMBERS.includes(name);
    case 'dateTime':
      return name === 'Edm.DateTimeOffset';
    case 'dateOrDateTime':
      return name === 'Edm.DateTimeOffset' || name === 'Edm.Date';
  }
}

export function isNumeric(name: PrimitiveName): boolean {
  return NUMBERS.includes(name);
}

export const describeKind: Readonly<Record<ParamKind, string>> = {
  string: 'Edm.String',
  integer: 'an integer',
  number: 'a number',
  dateTime: 'Edm.DateTimeOffset',
  dateOrDateTime: 'Edm.Date or Edm.DateTimeOffset',
};

export const booleanType = primitive('Edm.Boolean');
