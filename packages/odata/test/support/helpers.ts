/** Shared helpers for the odata unit tests (not a test file itself). */
import * as assert from 'uvu/assert';
import {
  checkFilter,
  describe,
  ODataQueryError,
  parseFilterExpression,
  synchronizationJob,
  type Expr,
  type TypedExpr,
} from '../../src/index.js';

/** Renders a parsed expression fully parenthesised: `not A and B` → `((not A) and B)`. */
export function printExpr(expr: Expr): string {
  switch (expr.kind) {
    case 'literal':
      return expr.raw;
    case 'member':
      return expr.segments.map((segment) => segment.name).join('/');
    case 'binary':
      return `(${printExpr(expr.left)} ${expr.operator} ${printExpr(expr.right)})`;
    case 'not':
      return `(not ${printExpr(expr.operand)})`;
    case 'negate':
      return `(- ${printExpr(expr.operand)})`;
    case 'in':
      return `(${printExpr(expr.operand)} in [${expr.list.map(printExpr).join(', ')}])`;
    case 'call':
      return `${expr.name}(${expr.args.map(printExpr).join(', ')})`;
    case 'lambda':
      return `${printExpr(expr.collection)}/${expr.operator}(${expr.variable ? `${expr.variable.name}: ${printExpr(expr.predicate!)}` : ''})`;
  }
}

/** `Edm.Int64` → `Int64`, `microsoft.graph.synchronizationStatusCode` → `synchronizationStatusCode`. */
function shortType(expr: TypedExpr): string {
  return describe(expr.type).replace(/^Edm\.|microsoft\.graph\./g, '').replace('Collection(microsoft.graph.', 'Collection(');
}

function printValue(value: unknown): string {
  if (typeof value === 'bigint') return `${value}n`;
  if (typeof value === 'string') return `'${value}'`;
  return String(value);
}

/**
 * Renders a checked expression fully parenthesised with the type of every node:
 * `status/code eq 'Active'` → `(status/code:synchronizationStatusCode eq 'Active':synchronizationStatusCode):Boolean`.
 */
export function printTyped(expr: TypedExpr): string {
  const t = `:${shortType(expr)}`;
  switch (expr.kind) {
    case 'literal':
      return `${printValue(expr.value)}${t}`;
    case 'member':
      return `${[...(expr.variable === undefined ? [] : [expr.variable]), ...expr.properties.map((p) => p.name)].join('/')}${t}`;
    case 'binary':
      return `(${printTyped(expr.left)} ${expr.operator} ${printTyped(expr.right)})${t}`;
    case 'not':
      return `(not ${printTyped(expr.operand)})${t}`;
    case 'negate':
      return `(- ${printTyped(expr.operand)})${t}`;
    case 'in':
      return `(${printTyped(expr.operand)} in [${expr.list.map(printTyped).join(', ')}])${t}`;
    case 'call':
      return `${expr.name}(${expr.args.map(printTyped).join(', ')})${t}`;
    case 'lambda':
      return `${printTyped(expr.collection)}/${expr.operator}(${expr.variable === undefined ? '' : `${expr.variable}: ${printTyped(expr.predicate!)}`})${t}`;
  }
}

/** Runs `fn`, which must throw an ODataQueryError (anything else, or no error, fails the test). */
export function catchQueryError(fn: () => unknown, label = ''): ODataQueryError {
  const where = label === '' ? '' : ` (${label})`;
  let thrown: unknown;
  try {
    fn();
  } catch (error) {
    thrown = error;
  }
  if (thrown === undefined) assert.unreachable(`expected an ODataQueryError, but nothing was thrown${where}`);
  if (!(thrown instanceof ODataQueryError)) {
    assert.unreachable(`expected an ODataQueryError, got ${thrown instanceof Error ? `${thrown.name}: ${thrown.message}` : String(thrown)}${where}`);
  }
  return thrown as ODataQueryError;
}

/** Parses and checks a `$filter` against synchronizationJob. */
export function checkJobFilter(text: string): TypedExpr {
  return checkFilter(parseFilterExpression(text), synchronizationJob, text);
}

/** The message a syntax error in `text` gets, built from its parts. */
export function syntaxMessage(option: string, text: string, position: number, problem: string): string {
  return `Invalid ${option} clause: syntax error at position ${position} in '${text}': ${problem}.`;
}

/** The message a model error (wrong type, unknown function...) gets. */
export function semanticMessage(option: string, position: number, problem: string): string {
  return `Invalid ${option} clause: ${problem} (at position ${position}).`;
}
