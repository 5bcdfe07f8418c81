import { createRequire } from 'node:module';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parseFilterExpression, parseListQuery, type LiteralNode } from '../src/index.js';
import { catchQueryError, printExpr, syntaxMessage } from './support/helpers.js';

/**
 * The defects of `odata-v4-parser` 0.1.29 (issue 3) that syncemu's parser must not have. Each test
 * shows the library getting it wrong, then our parser getting it right: if a library upgrade
 * fixes a defect, the first half fails and tells us to revisit which parts of it we keep.
 */
interface LibraryToken {
  readonly type: string;
  readonly raw: string;
  readonly value: unknown;
}
interface LibraryParser {
  filter(source: string): LibraryToken;
  query(source: string): LibraryToken;
}
const library = createRequire(import.meta.url)('odata-v4-parser') as LibraryParser;

const libraryOperators: Readonly<Record<string, string>> = {
  AndExpression: 'and',
  OrExpression: 'or',
  EqualsExpression: 'eq',
  AddExpression: 'add',
  SubExpression: 'sub',
  MulExpression: 'mul',
};

/** The library's tree in the same fully parenthesised form as printExpr. */
function printLibrary(token: LibraryToken): string {
  const operator = libraryOperators[token.type];
  if (operator) {
    const { left, right } = token.value as { left: LibraryToken; right: LibraryToken };
    return `(${printLibrary(left)} ${operator} ${printLibrary(right)})`;
  }
  if (token.type === 'NotExpression') return `(not ${printLibrary(token.value as LibraryToken)})`;
  if (token.type === 'Literal' || token.type === 'FirstMemberExpression') return token.raw;
  if (token.value && typeof token.value === 'object' && 'type' in token.value) return printLibrary(token.value as LibraryToken);
  throw new Error(`unexpected library token ${token.type}`);
}

function libraryError(parse: () => unknown): string {
  try {
    parse();
  } catch (error) {
    return (error as Error).message;
  }
  return 'no error';
}

test('it builds wrong trees without an error; ours follow OData precedence', () => {
  const cases: ReadonlyArray<readonly [string, string, string]> = [
    // [filter, the library's tree, the right tree]
    ['not A and B', '(not (A and B))', '((not A) and B)'],
    ['x mul 2 add 1', '(x mul (2 add 1))', '((x mul 2) add 1)'],
    ['x sub 1 sub 1', '(x sub (1 sub 1))', '((x sub 1) sub 1)'],
  ];
  for (const [filter, wrong, right] of cases) {
    assert.is(printLibrary(library.filter(filter)), wrong, `library: ${filter}`);
    assert.is(printExpr(parseFilterExpression(filter)), right, filter);
  }
});

test('it rejects in; ours parses it', () => {
  assert.is(libraryError(() => library.filter("a in ('x','y')")), 'Unexpected character at 1');
  assert.is(printExpr(parseFilterExpression("a in ('x','y')")), "(a in ['x', 'y'])");
});

test("it rejects duration'PT40M'; ours reads an Edm.Duration", () => {
  assert.is(libraryError(() => library.filter("d eq duration'PT40M'")), 'Unexpected character at 13');
  const expr = parseFilterExpression("d eq duration'PT40M'");
  assert.ok(expr.kind === 'binary' && expr.right.kind === 'literal');
  assert.is(expr.right.edmType, 'Edm.Duration');
  assert.is(expr.right.value, 'PT40M');
});

test('it stops 1e3 after the 1; ours reads the double 1000', () => {
  assert.is(libraryError(() => library.filter('x eq 1e3')), 'Unexpected character at 6');
  const expr = parseFilterExpression('x eq 1e3');
  assert.ok(expr.kind === 'binary' && expr.right.kind === 'literal');
  assert.is(expr.right.edmType, 'Edm.Double');
  assert.is(expr.right.value, 1000);
});

test('it rejects upper-case keywords; ours are case-insensitive', () => {
  assert.is(libraryError(() => library.filter('A EQ 1 AND NOT b')), 'Unexpected character at 1');
  assert.is(printExpr(parseFilterExpression('A EQ 1 AND NOT b')), '((A eq 1) and (not b))');
  assert.is(printExpr(parseFilterExpression("s/ANY(x: CONTAINS(x/n, 'a')) OR x IN (1) MUL 2")), "(s/any(x: contains(x/n, 'a')) or ((x in [1]) mul 2))");
});

test('it rejects a raw / or " inside a string literal; ours keeps them', () => {
  for (const [filter, value] of [["a eq 'x/y'", 'x/y'], [`a eq 'say "hi"'`, 'say "hi"']] as const) {
    assert.is(libraryError(() => library.filter(filter)), 'Unexpected character at 1', `library: ${filter}`);
    const expr = parseFilterExpression(filter);
    assert.ok(expr.kind === 'binary' && expr.right.kind === 'literal');
    assert.is((expr.right as LiteralNode).value, value, filter);
  }
});

test('its errors say only "Fail at N" or "Unexpected character at N"; ours say where and what', () => {
  assert.is(libraryError(() => library.filter('')), 'Fail at 0');
  assert.is(libraryError(() => library.query('$top=x')), 'Fail at 0');
  // the real problem is the missing ')' at the end (position 18), not position 6
  assert.is(libraryError(() => library.filter('a eq 1 and (b eq 2')), 'Unexpected character at 6');
  assert.is(catchQueryError(() => parseFilterExpression('')).message, syntaxMessage('$filter', '', 0, 'expected an expression, found the end of the clause'));
  assert.is(catchQueryError(() => parseListQuery('$top=x')).message, "Invalid $top value 'x': it must be a non-negative integer from 0 to 999.");
  const error = catchQueryError(() => parseFilterExpression('a eq 1 and (b eq 2'));
  assert.is(error.message, syntaxMessage('$filter', 'a eq 1 and (b eq 2', 18, "expected ')' to close the '(' at position 11, found the end of the clause"));
  assert.is(error.position, 18);
});

test('it accepts $top=-1 and $top=1000; ours does not', () => {
  assert.is(library.query('$top=-1').type, 'QueryOptions');
  assert.is(library.query('$top=1000').type, 'QueryOptions');
  assert.is(catchQueryError(() => parseListQuery('$top=-1')).message, "Invalid $top value '-1': it must be a non-negative integer from 0 to 999.");
  assert.is(catchQueryError(() => parseListQuery('$top=1000')).message, "Invalid $top value '1000': it must be at most 999.");
});

test('it takes filter= without $ as a custom option; ours ignores it on v1.0 and reads it on beta', () => {
  const options = (library.query('filter=a eq 1').value as { options: LibraryToken[] }).options;
  assert.equal(options.map((option) => option.type), ['CustomQueryOption']);
  assert.is(parseListQuery("filter=templateId eq 'x'").filter, undefined);
  assert.is(parseListQuery("filter=templateId eq 'x'", { dollarOptional: true }).filter?.kind, 'binary');
});

test("it rejects a DateTimeOffset's T and Z in lower case; ours reads them (ABNF quoted strings are case-insensitive)", () => {
  assert.is.not(libraryError(() => library.filter('x eq 2024-01-31t13:45:00z')), 'no error');
  assert.is(library.filter('x eq 2024-01-31T13:45:00Z').type, 'EqualsExpression');
  for (const text of ['2024-01-31t13:45:00z', '2024-01-31T13:45:00z', '2024-01-31t13:45:00.5-01:00']) {
    const right = (parseFilterExpression(`x eq ${text}`) as { right: LiteralNode }).right;
    assert.is(right.kind, 'literal', text);
    assert.is(right.edmType, 'Edm.DateTimeOffset', text);
    assert.is(right.value, text, 'kept as written');
    assert.is(right.raw, text);
  }
  // still refused: no offset, or an impossible month, in either case
  assert.match(catchQueryError(() => parseFilterExpression('x eq 2024-01-31t13:45:00')).message, /not a valid DateTimeOffset literal/);
  assert.match(catchQueryError(() => parseFilterExpression('x eq 2024-13-31t13:45:00z')).message, /not a valid DateTimeOffset literal/);
});

test.run();
