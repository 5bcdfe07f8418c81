/**
 * `POST …/schema/parseExpression` (graph-sync-api.md §3.3.6): parse an attribute-mapping expression
 * into the attributeMappingSource tree Graph answers, and evaluate it against a test object.
 *
 * The grammar and the function semantics follow the Microsoft Learn page "Reference for writing
 * expressions for attribute mappings in Microsoft Entra ID"; the function names and parameters come
 * from the same catalog `…/schema/functions` answers (`MAPPING_FUNCTIONS`). Problems with the
 * expression are answered in-band (200, `parsingSucceeded: false` or `evaluationSucceeded: false`),
 * as the response type is built for; only a malformed request body is a 400.
 *
 * Sections, in pipeline order: request → parse → parameter names → evaluate → response.
 */
import { badRequest } from '../errors/graph-error.js';
import { MAPPING_FUNCTIONS } from '../handlers/schema-catalog.js';

// ---- public types: the Graph JSON shapes -----------------------------------------------------------

export type AttributeMappingSourceType = 'Attribute' | 'Constant' | 'Function';

/** One node of a parsed expression, exactly as Graph writes attributeMappingSource. */
export interface AttributeMappingSource {
  readonly expression: string;
  readonly name: string;
  readonly parameters: readonly { readonly key: string; readonly value: AttributeMappingSource }[];
  readonly type: AttributeMappingSourceType;
}

/** Graph's publicError, as far as this endpoint fills it. */
export interface ExpressionError {
  readonly code: string;
  readonly message: string;
}

/** Graph's parseExpressionResponse. */
export interface ParseExpressionResponse {
  readonly error: ExpressionError | null;
  readonly evaluationSucceeded: boolean;
  /** Every value the expression produced: one for a single value, several for a multi-valued one, none for null. */
  readonly evaluationResult: string[] | null;
  readonly parsedExpression: AttributeMappingSource | null;
  readonly parsingSucceeded: boolean;
}

export const PARSING_FAILED = 'ParsingFailed';
export const EVALUATION_FAILED = 'EvaluationFailed';
export const EVALUATION_NOT_SUPPORTED = 'EvaluationNotSupported';

/**
 * Parses `body.expression` and, when `body.testInputObject` is given, evaluates it against that
 * object's properties. Throws a 400 GraphError only for a malformed body; a bad expression is
 * reported in the response.
 *
 * @example
 * parseExpression({ expression: 'ToUpper([mail])', testInputObject: { properties: [{ key: 'mail', value: 'a@b.c' }] } })
 * // → { error: null, evaluationSucceeded: true, evaluationResult: ['A@B.C'], parsedExpression: {…}, parsingSucceeded: true }
 */
export function parseExpression(body: unknown): ParseExpressionResponse {
  const request = readRequest(body);
  let tree: ExpressionNode;
  try {
    tree = new ExpressionParser(request.expression).parseWhole();
  } catch (error) {
    if (!(error instanceof ExpressionFailure)) throw error;
    return response(error.asPublicError(), false, null, null);
  }
  const parsed = toMappingSource(tree);
  if (request.attributes === undefined) return response(null, false, null, parsed);
  try {
    return response(null, true, resultValues(evaluate(tree, request.attributes)), parsed);
  } catch (error) {
    // a string past V8's limit, should a function get there before the length check below
    if (error instanceof RangeError) return response(tooLong().asPublicError(), false, null, parsed);
    if (!(error instanceof ExpressionFailure)) throw error;
    return response(error.asPublicError(), false, null, parsed);
  }
}

function response(
  error: ExpressionError | null,
  evaluationSucceeded: boolean,
  evaluationResult: string[] | null,
  parsedExpression: AttributeMappingSource | null,
): ParseExpressionResponse {
  return { error, evaluationSucceeded, evaluationResult, parsedExpression, parsingSucceeded: parsedExpression !== null };
}

// ---- request ----------------------------------------------------------------------------------------

/** An attribute's value as the evaluator sees it: Entra values are strings, single or multi-valued. */
type Value = string | null | readonly string[];

interface ExpressionRequest {
  readonly expression: string;
  /** Attribute values by lower-cased name (Entra attribute names are case-insensitive); undefined: nothing to evaluate against. */
  readonly attributes: ReadonlyMap<string, Value> | undefined;
}

type JsonObject = Readonly<Record<string, unknown>>;

const isObject = (value: unknown): value is JsonObject => typeof value === 'object' && value !== null && !Array.isArray(value);

/** OData annotations such as `@odata.type`, which SDKs add to every object they serialize. */
const isAnnotation = (name: string): boolean => name.startsWith('@');

function rejectUnknown(object: JsonObject, known: readonly string[], where: string): void {
  const unknown = Object.keys(object).find((name) => !known.includes(name) && !isAnnotation(name));
  if (unknown !== undefined) {
    throw badRequest(`The parameter '${where}${unknown}' in the request payload is not a valid parameter for the operation 'parseExpression'.`);
  }
}

function readRequest(body: unknown): ExpressionRequest {
  if (!isObject(body)) throw badRequest("The request body must be a JSON object with the parameter 'expression'.");
  rejectUnknown(body, ['expression', 'testInputObject', 'targetAttributeDefinition'], '');
  if (typeof body.expression !== 'string') {
    throw badRequest(`The parameter 'expression' is required and must be a string; got ${describe(body.expression)}.`);
  }
  // targetAttributeDefinition only tells Entra the target's type; values here are all strings, so it is checked for shape and not used.
  const target = body.targetAttributeDefinition;
  if (target !== undefined && target !== null && !isObject(target)) {
    throw badRequest(`The parameter 'targetAttributeDefinition' must be an attributeDefinition object or null; got ${describe(target)}.`);
  }
  return { expression: body.expression, attributes: readTestInput(body.testInputObject) };
}

function readTestInput(input: unknown): ReadonlyMap<string, Value> | undefined {
  if (input === undefined || input === null) return undefined;
  if (!isObject(input)) throw badRequest(`The parameter 'testInputObject' must be an expressionInputObject or null; got ${describe(input)}.`);
  rejectUnknown(input, ['definition', 'properties'], 'testInputObject.');
  if (input.definition !== undefined && input.definition !== null && !isObject(input.definition)) {
    throw badRequest(`'testInputObject.definition' must be an objectDefinition or null; got ${describe(input.definition)}.`);
  }
  const properties = input.properties ?? [];
  if (!Array.isArray(properties)) throw badRequest(`'testInputObject.properties' must be an array of {key, value} pairs; got ${describe(properties)}.`);
  const attributes = new Map<string, Value>();
  properties.forEach((pair: unknown, i) => {
    const where = `testInputObject.properties[${i}]`;
    if (!isObject(pair)) throw badRequest(`'${where}' must be an object {key, value}; got ${describe(pair)}.`);
    rejectUnknown(pair, ['key', 'value'], `${where}.`);
    if (typeof pair.key !== 'string' || pair.key === '') throw badRequest(`'${where}.key' must be a non-empty string; got ${describe(pair.key)}.`);
    const name = pair.key.toLowerCase();
    if (attributes.has(name)) throw badRequest(`'${where}.key' repeats the attribute '${pair.key}' (attribute names are case-insensitive).`);
    attributes.set(name, inputValue(pair.value, `${where}.value`));
  });
  return attributes;
}

/** Test values arrive as JSON; Entra holds them as strings (booleans as True/False, as .NET prints them). */
function inputValue(value: unknown, where: string): Value {
  if (value === null || value === undefined) return null;
  if (Array.isArray(value)) return value.map((item: unknown, i) => scalarText(item, `${where}[${i}]`));
  return scalarText(value, where);
}

function scalarText(value: unknown, where: string): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  throw badRequest(`'${where}' must be a string, number, boolean, null or an array of those; got ${describe(value)}.`);
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return `a ${typeof value}`;
}

// ---- parse ------------------------------------------------------------------------------------------

type FunctionSpec = (typeof MAPPING_FUNCTIONS)[number];
type ParameterSpec = FunctionSpec['parameters'][number];

/** The parse tree: like attributeMappingSource, but function arguments keep their positions (an empty one is undefined). */
type ExpressionNode =
  | { readonly kind: 'Attribute'; readonly text: string; readonly name: string }
  | { readonly kind: 'Constant'; readonly text: string; readonly value: string }
  | { readonly kind: 'Function'; readonly text: string; readonly spec: FunctionSpec; readonly args: readonly (ExpressionNode | undefined)[] };

/** A problem with the expression, answered in-band rather than as an HTTP error. */
class ExpressionFailure extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }

  asPublicError(): ExpressionError {
    return { code: this.code, message: this.message };
  }
}

const FUNCTIONS: ReadonlyMap<string, FunctionSpec> = new Map(MAPPING_FUNCTIONS.map((spec) => [spec.name, spec]));

/** Deep enough for any real mapping; shallow enough that a hostile expression cannot exhaust the stack. */
const MAX_DEPTH = 64;

const IDENTIFIER = /[A-Za-z_][A-Za-z0-9_]*/y;
/** Bare constants the docs use: numbers (`Mid([x], 1, 3)`, `DateAdd("d", -10, …)`) and VBA hex (`BitAnd(&HF, &HF7)`). */
const NUMBER = /-?\d+(?:\.\d+)?|&H[0-9A-Fa-f]+/y;
const COMPARISON = /<>|<=|>=|=|<|>/y;

/**
 * A recursive-descent parser over the expression text. Positions in messages are 1-based
 * character positions, as a user counts them in the portal's expression box.
 */
class ExpressionParser {
  private index = 0;

  constructor(private readonly text: string) {}

  parseWhole(): ExpressionNode {
    this.skipSpace();
    if (this.atEnd()) throw this.failure('The expression is empty.');
    const node = this.parseTerm(0);
    this.skipSpace();
    if (!this.atEnd()) throw this.unexpected('the end of the expression', true);
    return node;
  }

  private parseTerm(depth: number): ExpressionNode {
    if (depth > MAX_DEPTH) throw this.failure(`The expression nests functions more than ${MAX_DEPTH} deep, at position ${this.position()}.`);
    const char = this.text[this.index];
    if (char === '[') return this.parseAttribute();
    if (char === '"') return this.parseString();
    const number = this.match(NUMBER);
    if (number !== undefined) return { kind: 'Constant', text: number, value: number };
    const start = this.index;
    const name = this.match(IDENTIFIER);
    if (name === undefined) throw this.unexpected('an attribute [name], a "string", a number or a function call');
    this.skipSpace();
    if (this.text[this.index] === '(') return this.parseCall(name, start, depth);
    if (FUNCTIONS.has(name)) throw this.failure(`The function '${name}' at position ${start + 1} needs an argument list: '${name}(…)'.`);
    this.index = start + name.length;
    // A bare word is a constant the docs use as an enum value, e.g. InStr(…, vbBinaryCompare).
    return { kind: 'Constant', text: name, value: name };
  }

  private parseAttribute(): ExpressionNode {
    const start = this.index;
    const end = this.text.indexOf(']', start + 1);
    if (end < 0) throw this.failure(`The attribute name opened with '[' at position ${start + 1} has no closing ']'.`);
    const name = this.text.slice(start + 1, end);
    if (name.trim() === '') throw this.failure(`The attribute at position ${start + 1} has an empty name.`);
    this.index = end + 1;
    return { kind: 'Attribute', text: this.text.slice(start, this.index), name };
  }

  /** `"…"`: a backslash escapes `"` and `\`; before any other character it is kept as written. */
  private parseString(): ExpressionNode {
    const start = this.index;
    let value = '';
    for (let i = start + 1; i < this.text.length; i++) {
      const char = this.text[i]!;
      if (char === '"') {
        this.index = i + 1;
        return { kind: 'Constant', text: this.text.slice(start, this.index), value };
      }
      const next = this.text[i + 1];
      if (char === '\\' && (next === '"' || next === '\\')) {
        value += next;
        i++;
      } else {
        value += char;
      }
    }
    throw this.failure(`The string constant that starts at position ${start + 1} has no closing '"'.`);
  }

  private parseCall(name: string, start: number, depth: number): ExpressionNode {
    const spec = FUNCTIONS.get(name);
    if (spec === undefined) throw this.failure(unknownFunctionMessage(name, start));
    const open = this.index;
    this.index++; // '('
    const args: (ExpressionNode | undefined)[] = [];
    this.skipSpace();
    if (this.text[this.index] === ')') {
      this.index++;
    } else {
      for (;;) {
        this.skipSpace();
        const char = this.text[this.index];
        args.push(char === ',' || char === ')' ? undefined : this.parseTerm(depth + 1));
        this.skipSpace();
        if (this.atEnd()) throw this.failure(`The argument list of '${name}(' at position ${open + 1} has no closing ')'.`);
        const separator = this.text[this.index];
        this.index++;
        if (separator === ')') break;
        if (separator !== ',') {
          this.index--;
          throw this.unexpected(`',' or ')' in the arguments of '${name}'`, true);
        }
      }
    }
    const node: ExpressionNode = { kind: 'Function', text: this.text.slice(start, this.index), spec, args };
    const problem = argumentProblem(spec, args);
    if (problem !== undefined) throw this.failure(`${problem} (the call at position ${start + 1}).`);
    return node;
  }

  private match(pattern: RegExp): string | undefined {
    pattern.lastIndex = this.index;
    const found = pattern.exec(this.text)?.[0];
    if (found !== undefined) this.index += found.length;
    return found;
  }

  private skipSpace(): void {
    while (this.index < this.text.length && /\s/.test(this.text[this.index]!)) this.index++;
  }

  private atEnd(): boolean {
    return this.index >= this.text.length;
  }

  private position(): number {
    return this.index + 1;
  }

  /** `afterOperand`: an operator here is a comparison the docs allow in IIF conditions, which syncemu does not parse. */
  private unexpected(expected: string, afterOperand = false): ExpressionFailure {
    if (this.atEnd()) return this.failure(`The expression ends at position ${this.position()} where ${expected} was expected.`);
    COMPARISON.lastIndex = this.index;
    const operator = afterOperand ? COMPARISON.exec(this.text)?.[0] : undefined;
    if (operator !== undefined) {
      return this.failure(`syncemu does not parse comparison operators such as '${operator}' (position ${this.position()}) yet; use Switch, or IIF with a function condition.`);
    }
    return this.failure(`Unexpected '${this.text[this.index]}' at position ${this.position()}; expected ${expected}.`);
  }

  private failure(message: string): ExpressionFailure {
    return new ExpressionFailure(PARSING_FAILED, message);
  }
}

function unknownFunctionMessage(name: string, start: number): string {
  const near = MAPPING_FUNCTIONS.find((spec) => spec.name.toLowerCase() === name.toLowerCase());
  const hint = near === undefined ? '' : ` Function names are case-sensitive: did you mean '${near.name}'?`;
  return `Unknown function '${name}' at position ${start + 1}.${hint}`;
}

// ---- parameter names ------------------------------------------------------------------------------

/**
 * Where the service's own parameter metadata departs from the documented catalog. Replace's keys
 * are the ones Graph answers in the parseExpression example (`Find`, `Replacement`), not the docs'
 * `oldValue`/`replacementValue`; Switch's defaultValue is optional in the docs and in the service's
 * own mappings (`Switch([IsSoftDeleted], , "False", …)`), though the functions catalog marks it required.
 */
const PARAMETER_OVERRIDES: Readonly<Record<string, Readonly<Record<string, { readonly key?: string; readonly required?: boolean }>>>> = {
  Replace: { oldValue: { key: 'Find' }, replacementValue: { key: 'Replacement' } },
  Switch: { defaultValue: { required: false } },
};

const parameterKey = (spec: FunctionSpec, parameter: ParameterSpec): string => PARAMETER_OVERRIDES[spec.name]?.[parameter.name]?.key ?? parameter.name;

const isRequired = (spec: FunctionSpec, parameter: ParameterSpec): boolean =>
  PARAMETER_OVERRIDES[spec.name]?.[parameter.name]?.required ?? parameter.required;

/**
 * Parameters in catalog order: the ones that occur once come first, then the repeating ones
 * (Join's sources, Switch's key/value pairs), whose arguments cycle through them.
 */
function splitParameters(spec: FunctionSpec): { fixed: readonly ParameterSpec[]; repeating: readonly ParameterSpec[] } {
  const first = spec.parameters.findIndex((parameter) => parameter.allowMultipleOccurrences);
  return first < 0 ? { fixed: spec.parameters, repeating: [] } : { fixed: spec.parameters.slice(0, first), repeating: spec.parameters.slice(first) };
}

/** The parameter the argument at this position fills, or undefined when the function takes no more arguments. */
function parameterAt(spec: FunctionSpec, position: number): ParameterSpec | undefined {
  const { fixed, repeating } = splitParameters(spec);
  if (position < fixed.length) return fixed[position];
  return repeating.length === 0 ? undefined : repeating[(position - fixed.length) % repeating.length];
}

/** What is wrong with the arguments of a call (count, a required one left empty), if anything. */
function argumentProblem(spec: FunctionSpec, args: readonly (ExpressionNode | undefined)[]): string | undefined {
  const { fixed, repeating } = splitParameters(spec);
  if (repeating.length === 0 && args.length > fixed.length) {
    const names = fixed.map((parameter) => parameter.name).join(', ');
    return `'${spec.name}' takes ${fixed.length === 0 ? 'no arguments' : `at most ${fixed.length} argument(s) (${names})`}, but was given ${args.length}`;
  }
  const extra = Math.max(0, args.length - fixed.length);
  if (repeating.length > 1 && extra % repeating.length !== 0) {
    return `'${spec.name}' takes its ${repeating.map((parameter) => parameter.name).join('/')} arguments in groups of ${repeating.length}, but was given ${extra} of them`;
  }
  const slots = Math.max(args.length, fixed.length + (repeating.some((parameter) => isRequired(spec, parameter)) && extra === 0 ? repeating.length : 0));
  for (let position = 0; position < slots; position++) {
    const parameter = parameterAt(spec, position);
    if (parameter !== undefined && isRequired(spec, parameter) && args[position] === undefined) {
      return `'${spec.name}' is missing its required argument '${parameter.name}' (argument ${position + 1})`;
    }
  }
  return undefined;
}

/** The Graph shape of a parse tree: empty arguments are left out, the others named after their position. */
function toMappingSource(node: ExpressionNode): AttributeMappingSource {
  switch (node.kind) {
    case 'Attribute':
      return { expression: node.text, name: node.name, parameters: [], type: 'Attribute' };
    case 'Constant':
      return { expression: node.text, name: node.value, parameters: [], type: 'Constant' };
    case 'Function':
      return {
        expression: node.text,
        name: node.spec.name,
        parameters: node.args.flatMap((arg, position) => {
          const parameter = parameterAt(node.spec, position);
          return arg === undefined || parameter === undefined ? [] : [{ key: parameterKey(node.spec, parameter), value: toMappingSource(arg) }];
        }),
        type: 'Function',
      };
  }
}

// ---- evaluate ---------------------------------------------------------------------------------------

/** A function call's arguments, evaluated only when asked (so IIF, Switch and Coalesce skip the branches they do not take). */
class Call {
  private readonly cache = new Map<number, Value>();

  constructor(
    readonly name: string,
    private readonly args: readonly (ExpressionNode | undefined)[],
    private readonly attributes: ReadonlyMap<string, Value>,
  ) {}

  get count(): number {
    return this.args.length;
  }

  /** Was an argument written at this position (not left empty)? */
  has(position: number): boolean {
    return this.args[position] !== undefined;
  }

  value(position: number): Value {
    const arg = this.args[position];
    if (arg === undefined) return null;
    if (!this.cache.has(position)) this.cache.set(position, evaluate(arg, this.attributes));
    return this.cache.get(position) ?? null;
  }

  /** A single string value (or null); a multi-valued argument is an error, as in Entra's string functions. */
  text(position: number): string | null {
    const value = this.value(position);
    if (typeof value === 'string' || value === null) return value;
    if (value.length <= 1) return value[0] ?? null;
    throw evaluationFailure(`'${this.name}' expects a single value as argument ${position + 1}, but it has ${value.length} values.`);
  }

  /** A whole number; VBA hex (`&HF7`) is accepted, as the docs' BitAnd example writes it. */
  integer(position: number): number {
    const text = this.text(position)?.trim() ?? '';
    const number = /^&H[0-9A-F]+$/i.test(text) ? parseInt(text.slice(2), 16) : /^[+-]?\d+$/.test(text) ? Number(text) : NaN;
    if (!Number.isSafeInteger(number)) throw evaluationFailure(`'${this.name}' expects a whole number as argument ${position + 1}, but got ${quote(text)}.`);
    return number;
  }
}

const quote = (text: string | null): string => (text === null ? 'null' : `"${text}"`);

const evaluationFailure = (message: string) => new ExpressionFailure(EVALUATION_FAILED, message);

const bool = (value: boolean): string => (value ? 'True' : 'False');

const isTrue = (value: string | null): boolean => value?.toLowerCase() === 'true';

/** Null, or a multi-valued attribute with no values. */
const isNull = (value: Value): boolean => value === null || (typeof value !== 'string' && value.length === 0);

/** The values of an argument, flattened: a multi-valued attribute gives each of its values. */
const valuesOf = (value: Value): readonly string[] => (value === null ? [] : typeof value === 'string' ? [value] : value);

function evaluate(node: ExpressionNode, attributes: ReadonlyMap<string, Value>): Value {
  switch (node.kind) {
    case 'Attribute':
      return attributes.get(node.name.toLowerCase()) ?? null;
    case 'Constant':
      return node.value;
    case 'Function': {
      const evaluator = EVALUATORS[node.spec.name];
      if (evaluator === undefined) {
        throw new ExpressionFailure(
          EVALUATION_NOT_SUPPORTED,
          `syncemu parses '${node.spec.name}' but does not evaluate it; evaluate the expression against Microsoft Entra ID to see its result.`,
        );
      }
      const value = evaluator(new Call(node.spec.name, node.args, attributes));
      if (valuesOf(value).reduce((length, text) => length + text.length, 0) > MAX_RESULT_LENGTH) throw tooLong(node.spec.name);
      return value;
    }
  }
}

/** The longest value (all its strings together) a function may produce while evaluating: a test object's values are short. */
export const MAX_RESULT_LENGTH = 100_000;

function tooLong(name?: string): ExpressionFailure {
  return evaluationFailure(`${name === undefined ? 'A result' : `The result of '${name}'`} is longer than ${MAX_RESULT_LENGTH.toLocaleString('en-US')} characters; syncemu stops evaluating there.`);
}

/** Fails before a replacement builds a string past {@link MAX_RESULT_LENGTH}: `occurrences` of `oldValue` in `text`, each becoming `by`. */
function checkReplacedLength(text: string, oldValue: string, by: string): void {
  const occurrences = oldValue === '' ? text.length + 1 : text.split(oldValue).length - 1;
  if (text.length + occurrences * (by.length - oldValue.length) > MAX_RESULT_LENGTH) throw tooLong('Replace');
}

/** Applies a string transformation; a null source stays null (the mapping then flows no value). */
function mapText(call: Call, position: number, transform: (text: string) => string): Value {
  const text = call.text(position);
  return text === null ? null : transform(text);
}

/**
 * The functions syncemu evaluates, by catalog name, with the semantics of the Learn reference page.
 * Booleans are the strings "True"/"False", as Entra's values are.
 */
const EVALUATORS: Readonly<Record<string, (call: Call) => Value>> = {
  Append: (call) => mapText(call, 0, (source) => source + (call.text(1) ?? '')),
  BitAnd: (call) => String(call.integer(0) & call.integer(1)),
  CBool: (call) => bool(toBoolean(call)),
  Coalesce: (call) => {
    for (let position = 0; position < call.count; position++) if (!isNull(call.value(position))) return call.value(position);
    return null;
  },
  ConvertToBase64: (call) => mapText(call, 0, (source) => Buffer.from(source, 'utf16le').toString('base64')),
  ConvertToUTF8Hex: (call) => mapText(call, 0, (source) => Buffer.from(source, 'utf8').toString('hex').toUpperCase()),
  Count: (call) => String(valuesOf(call.value(0)).length),
  CStr: (call) => call.text(0),
  IIF: (call) => call.value(isTrue(call.text(0)) ? 1 : 2),
  InStr: inStr,
  IsNull: (call) => bool(isNull(call.value(0))),
  IsNullOrEmpty: (call) => bool(isNullOrEmpty(call.value(0))),
  IsPresent: (call) => bool(!isNullOrEmpty(call.value(0))),
  Item: (call) => {
    const index = call.integer(1);
    if (index < 1) throw evaluationFailure(`'Item' counts from 1, but was given the index ${index}.`);
    return valuesOf(call.value(0))[index - 1] ?? null;
  },
  Join: (call) => {
    const values: string[] = [];
    for (let position = 1; position < call.count; position++) values.push(...valuesOf(call.value(position)));
    // Empty values are skipped: the docs' Join(", ", "", [surname], [givenName]) gives "Doe, John".
    return values.filter((value) => value !== '').join(call.text(0) ?? '');
  },
  Left: (call) => {
    const source = call.text(0) ?? '';
    const count = call.integer(1);
    return count < 0 ? source : source.slice(0, count);
  },
  Mid: (call) => {
    const start = call.integer(1);
    const length = call.integer(2);
    if (start < 1 || length < 0) throw evaluationFailure(`'Mid' needs start ≥ 1 and length ≥ 0, but was given start ${start} and length ${length}.`);
    return mapText(call, 0, (source) => source.slice(start - 1, start - 1 + length));
  },
  NormalizeDiacritics: (call) => mapText(call, 0, normalizeDiacritics),
  Not: (call) => bool(!isTrue(call.text(0))),
  Redact: (call) => call.value(0),
  RemoveDuplicates: (call) => {
    const value = call.value(0);
    return value === null || typeof value === 'string' ? value : [...new Set(value)];
  },
  Replace: replace,
  Split: (call) => {
    const delimiter = call.text(1) ?? '';
    if (delimiter === '') throw evaluationFailure("'Split' needs a non-empty delimiter.");
    const source = call.text(0);
    return source === null ? null : source.split(delimiter);
  },
  StripSpaces: (call) => mapText(call, 0, (source) => source.replaceAll(' ', '')),
  Switch: switchValue,
  ToLower: (call) => mapText(call, 0, (source) => source.toLowerCase()),
  ToUpper: (call) => mapText(call, 0, (source) => source.toUpperCase()),
  Word: word,
};

function isNullOrEmpty(value: Value): boolean {
  return isNull(value) || value === '';
}

/** CBool: True/False as written, otherwise a number that is not zero; null is False, as in VBA. */
function toBoolean(call: Call): boolean {
  const text = call.text(0)?.trim() ?? null;
  if (text === null) return false;
  if (/^(true|false)$/i.test(text)) return isTrue(text);
  const number = Number(text);
  if (text === '' || Number.isNaN(number)) throw evaluationFailure(`'CBool' cannot convert ${quote(text)} to a boolean.`);
  return number !== 0;
}

/** InStr(value1, value2, start, compareType): the 1-based position of value2 in value1, 0 when absent. */
function inStr(call: Call): Value {
  const haystack = call.text(0);
  const needle = call.text(1) ?? '';
  if (haystack === null) return null;
  const start = call.has(2) ? call.integer(2) : 1;
  if (start < 1) throw evaluationFailure(`'InStr' counts from 1, but was given the start ${start}.`);
  const compare = call.text(3) ?? 'vbBinaryCompare';
  if (!/^(vbBinaryCompare|vbTextCompare|0|1)$/.test(compare)) {
    throw evaluationFailure(`'InStr' compareType must be vbBinaryCompare or vbTextCompare, but was ${quote(compare)}.`);
  }
  const caseless = compare === 'vbTextCompare' || compare === '1';
  const found = (caseless ? haystack.toLowerCase() : haystack).indexOf(caseless ? needle.toLowerCase() : needle, start - 1);
  return String(found + 1);
}

/** Switch(source, defaultValue, key1, value1, …): case-sensitive; a null source matches the key "". */
function switchValue(call: Call): Value {
  const source = call.text(0) ?? '';
  for (let position = 2; position + 1 < call.count; position += 2) {
    if (call.text(position) === source) return call.value(position + 1);
  }
  return call.value(1);
}

/** Word(String, WordNumber, Delimiters): words are the non-empty runs between any of the delimiter characters. */
function word(call: Call): Value {
  const source = call.text(0);
  const number = call.integer(1);
  const delimiters = new Set(call.text(2) ?? '');
  if (source === null || number < 1) return '';
  const words: string[] = [];
  let current = '';
  for (const char of source) {
    if (delimiters.has(char)) {
      if (current !== '') words.push(current);
      current = '';
    } else {
      current += char;
    }
  }
  if (current !== '') words.push(current);
  return words[number - 1] ?? '';
}

/** Letters the docs' table normalizes that are not a base letter plus combining marks. */
const LIGATURES: Readonly<Record<string, string>> = { æ: 'ae', Æ: 'AE', ø: 'oe', Ø: 'OE', œ: 'oe', Œ: 'OE', ß: 'ss', ł: 'l', Ł: 'L', ı: 'i' };

function normalizeDiacritics(source: string): string {
  const spelled = [...source].map((char) => LIGATURES[char] ?? char).join('');
  return spelled.normalize('NFD').replace(/\p{M}/gu, '').normalize('NFC');
}

// Replace's argument positions, in catalog order.
const SOURCE = 0;
const OLD_VALUE = 1;
const REGEX_PATTERN = 2;
const REGEX_GROUP = 3;
const REPLACEMENT_VALUE = 4;
const REPLACEMENT_ATTRIBUTE = 5;
const TEMPLATE = 6;

/**
 * Replace in the five forms the docs describe, chosen by which arguments were written; any other
 * combination is an evaluation error rather than a guess.
 */
function replace(call: Call): Value {
  const written = [OLD_VALUE, REGEX_PATTERN, REGEX_GROUP, REPLACEMENT_VALUE, REPLACEMENT_ATTRIBUTE, TEMPLATE].filter((position) => call.has(position));
  const form = written.join(',');
  const replacement = () => call.text(REPLACEMENT_VALUE) ?? '';
  switch (form) {
    case `${OLD_VALUE},${REPLACEMENT_VALUE}`:
      return mapText(call, SOURCE, (source) => {
        const oldValue = call.text(OLD_VALUE) ?? '';
        checkReplacedLength(source, oldValue, replacement());
        return source.replaceAll(oldValue, replacement());
      });
    case `${OLD_VALUE},${TEMPLATE}`:
      return mapText(call, SOURCE, (source) => {
        const template = call.text(TEMPLATE) ?? '';
        const oldValue = call.text(OLD_VALUE) ?? '';
        checkReplacedLength(template, oldValue, source);
        return template.replaceAll(oldValue, source);
      });
    case `${REGEX_PATTERN},${REPLACEMENT_VALUE}`:
      return mapText(call, SOURCE, (source) => {
        let added = 0;
        return regexSource(source).replace(regex(call), (...match) => {
          const expanded = expandReplacement(replacement(), match);
          added += expanded.length;
          if (source.length + added > MAX_RESULT_LENGTH) throw tooLong('Replace');
          return expanded;
        });
      });
    case `${REGEX_PATTERN},${REGEX_GROUP},${REPLACEMENT_VALUE}`:
      return mapText(call, SOURCE, (source) => {
        const pattern = regex(call);
        return replaceGroup(regexSource(source), pattern, groupName(call, pattern), replacement());
      });
    case `${REGEX_PATTERN},${REGEX_GROUP},${REPLACEMENT_ATTRIBUTE}`: {
      const source = call.text(SOURCE);
      if (source !== null && source !== '') return source;
      const fallback = call.text(REPLACEMENT_ATTRIBUTE);
      if (fallback === null) return null;
      const pattern = regex(call);
      return pattern.exec(regexSource(fallback))?.groups?.[groupName(call, pattern)] ?? null;
    }
    default:
      throw evaluationFailure(
        "'Replace' evaluates the documented argument combinations only: oldValue+replacementValue, oldValue+template, regexPattern+replacementValue, " +
          'regexPattern+regexGroupName+replacementValue, regexPattern+regexGroupName+replacementAttributeName.',
      );
  }
}

/** The .NET pattern as a JavaScript one: the two agree on the constructs the docs use (named groups, \d, \s, classes). */
function regex(call: Call): RegExp {
  const pattern = call.text(REGEX_PATTERN) ?? '';
  const risk = backtrackingRisk(pattern);
  if (risk !== undefined) {
    throw evaluationFailure(
      `syncemu does not run the regexPattern ${quote(pattern)}: ${risk} can take exponential or high polynomial time, and JavaScript cannot stop a running regular expression.`,
    );
  }
  try {
    return new RegExp(pattern, 'gd');
  } catch (error) {
    throw evaluationFailure(`'Replace' cannot use the regexPattern ${quote(pattern)}: ${error instanceof Error ? error.message : String(error)}.`);
  }
}

/** The longest text a regexPattern is run against: attribute values are short, and backtracking grows with length. */
export const MAX_REGEX_INPUT = 1_024;
/** The most unbounded quantifiers (`*`, `+`, `{n,}`) a pattern may have: k adjacent ones backtrack in n^k. */
export const MAX_UNBOUNDED_QUANTIFIERS = 3;

function regexSource(text: string): string {
  if (text.length > MAX_REGEX_INPUT) throw evaluationFailure(`syncemu runs a regexPattern against at most ${MAX_REGEX_INPUT.toLocaleString('en-US')} characters; this value has ${text.length.toLocaleString('en-US')}.`);
  return text;
}

/**
 * What makes a pattern risky to run, or undefined: a quantified group that contains a quantifier
 * (`(a+)+`, `(\w*\s?)*`) or an alternation (`(a|a)*`), the shapes of exponential backtracking, or
 * more than {@link MAX_UNBOUNDED_QUANTIFIERS} unbounded quantifiers (`.*.*.*.*`, polynomial).
 * Escapes and character classes are skipped. Conservative: it may refuse a harmless pattern.
 */
export function backtrackingRisk(pattern: string): string | undefined {
  const groups: { repeats: boolean; alternates: boolean }[] = []; // per open group
  let closed: { repeats: boolean; alternates: boolean } | undefined; // the group just closed
  let unbounded = 0;
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i]!;
    if (ch === '\\') {
      i++;
      closed = undefined;
      continue;
    }
    if (ch === '[') {
      for (i++; i < pattern.length && pattern[i] !== ']'; i++) if (pattern[i] === '\\') i++;
      closed = undefined;
      continue;
    }
    if (ch === '(') {
      groups.push({ repeats: false, alternates: false });
      closed = undefined;
      continue;
    }
    if (ch === ')') {
      closed = groups.pop() ?? { repeats: false, alternates: false };
      const outer = groups.at(-1);
      if (outer && closed.repeats) outer.repeats = true;
      continue;
    }
    if (ch === '|') {
      const inner = groups.at(-1);
      if (inner) inner.alternates = true;
      closed = undefined;
      continue;
    }
    const bounded = ch === '{' && /^\{\d+\}|^\{\d+,\d+\}/.test(pattern.slice(i));
    const quantifier = ch === '+' || ch === '*' || bounded || (ch === '{' && /^\{\d*,\}/.test(pattern.slice(i)));
    if (quantifier) {
      if (closed?.repeats) return 'a repeated group that itself repeats (such as (a+)+)';
      if (closed?.alternates && !bounded) return 'a repeated group of alternatives (such as (a|a)*)';
      if (!bounded && ++unbounded > MAX_UNBOUNDED_QUANTIFIERS) return `more than ${MAX_UNBOUNDED_QUANTIFIERS} unbounded quantifiers (such as .*.*.*.*)`;
      const inner = groups.at(-1);
      if (inner) inner.repeats = true;
    }
    closed = undefined;
  }
  return undefined;
}

/**
 * .NET substitutions in a replacement: `${name}`, `${1}`, `$1`, `$&`, `$$`; a group that did not take
 * part in the match gives "", a group the pattern does not have is left as written (as .NET does).
 * `match` is what String.replace passes a callback: captures, offset, input, then the named groups if any.
 */
function expandReplacement(template: string, match: unknown[]): string {
  const last = match[match.length - 1];
  const named = typeof last === 'object' && last !== null;
  const groups = named ? (last as Readonly<Record<string, string | undefined>>) : {};
  const captures = match.slice(0, match.length - (named ? 3 : 2)) as (string | undefined)[];
  return template.replace(/\$(?:\{(\w+)\}|(\d+)|(&)|(\$))/g, (whole: string, name?: string, digits?: string, all?: string) => {
    if (all !== undefined) return captures[0] ?? '';
    const numbered = digits ?? (name !== undefined && /^\d+$/.test(name) ? name : undefined);
    if (numbered !== undefined) return Number(numbered) < captures.length ? (captures[Number(numbered)] ?? '') : whole;
    if (name !== undefined) return name in groups ? (groups[name] ?? '') : whole;
    return '$';
  });
}

/** The regexGroupName, checked against the pattern so a typo is an error rather than a silent no-op. */
function groupName(call: Call, pattern: RegExp): string {
  const group = call.text(REGEX_GROUP) ?? '';
  if (!pattern.source.includes(`(?<${group}>`)) throw evaluationFailure(`'Replace' regexGroupName ${quote(group)} is not a named group of the regexPattern ${quote(pattern.source)}.`);
  return group;
}

/** Replaces only the text the named group captured, in every match. */
function replaceGroup(source: string, pattern: RegExp, group: string, replacement: string): string {
  let result = '';
  let copied = 0;
  for (const match of source.matchAll(pattern)) {
    const span = match.indices?.groups?.[group];
    if (span === undefined) continue;
    result += source.slice(copied, span[0]) + replacement;
    copied = span[1];
  }
  return result + source.slice(copied);
}

// ---- response ---------------------------------------------------------------------------------------

/** evaluationResult is a string collection: a null result is an empty one (no value would flow). */
function resultValues(value: Value): string[] {
  return [...valuesOf(value)];
}
