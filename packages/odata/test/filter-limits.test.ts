import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { MAX_EXPRESSION_DEPTH, MAX_EXPRESSION_NODES, parseFilterExpression, parseListQuery, parseOrderByItems } from '../src/index.js';
import { catchQueryError } from './support/helpers.js';

const DEPTH = 'Invalid $filter clause: the expression is nested more than 100 levels deep.';
const NODES = 'Invalid $filter clause: the expression has more than 1000 nodes.';

const parens = (n: number, inner = 'a') => `${'('.repeat(n)}${inner}${')'.repeat(n)}`;
const chain = (n: number, operator: string) => Array.from({ length: n }, () => 'a').join(` ${operator} `);

test('the limits are the ones decisions.md §6 documents', () => {
  assert.is(MAX_EXPRESSION_DEPTH, 100);
  assert.is(MAX_EXPRESSION_NODES, 1000);
});

/** [name, filter that nests exactly 100 levels, the same nested 101 levels, position of the error]. */
const depthCases: ReadonlyArray<readonly [string, string, string, number]> = [
  ['parentheses', parens(100), parens(101), 101],
  ['not', `${'not '.repeat(100)}a`, `${'not '.repeat(101)}a`, 404],
  ['unary minus', `${'-'.repeat(100)}a`, `${'-'.repeat(101)}a`, 101],
  ['function calls', `${'tolower('.repeat(100)}a${')'.repeat(100)}`, `${'tolower('.repeat(101)}a${')'.repeat(101)}`, 808],
  ['lambdas', `${'s/any(x:'.repeat(100)}x${')'.repeat(100)}`, `${'s/any(x:'.repeat(101)}x${')'.repeat(101)}`, 808],
  ['mixed', `${'not ('.repeat(50)}a${')'.repeat(50)}`, `${'not ('.repeat(50)}-a${')'.repeat(50)}`, 251],
];

test('100 levels of nesting parse; 101 give the depth error at the level that overflows', () => {
  for (const [name, ok, deep, position] of depthCases) {
    parseFilterExpression(ok);
    const error = catchQueryError(() => parseFilterExpression(deep), name);
    assert.is(error.message, DEPTH, name);
    assert.is(error.position, position, `${name}: position`);
    assert.is(error.option, '$filter');
  }
});

test('pathological nesting gives the depth error, not a stack overflow', () => {
  const huge: ReadonlyArray<readonly [string, string]> = [
    ['5000 nested parentheses', parens(5000)],
    ['5000 unclosed parentheses', '('.repeat(5000)],
    ['10000 nots', `${'not '.repeat(10000)}a`],
    ['10000 minus signs', `${'-'.repeat(10000)}a`],
    ['3000 nested calls', `${'f('.repeat(3000)}${')'.repeat(3000)}`],
    ['2000 nested lambdas', `${'s/any(x:'.repeat(2000)}x${')'.repeat(2000)}`],
    ['parentheses inside an in list', `a in (${parens(5000, '1')})`],
  ];
  for (const [name, filter] of huge) {
    const error = catchQueryError(() => parseFilterExpression(filter), name);
    assert.is(error.message, DEPTH, name);
  }
});

test('1000 nodes parse; 1001 give the node error', () => {
  // 500 members and 499 `or`s: 999 nodes; one `not` more makes 1000
  parseFilterExpression(chain(500, 'or'));
  parseFilterExpression(`not ${chain(500, 'or')}`);
  // 501 members and 500 `or`s: 1001 nodes
  const error = catchQueryError(() => parseFilterExpression(chain(501, 'or')));
  assert.is(error.message, NODES);
  assert.is(error.position, 0);
  assert.is(catchQueryError(() => parseFilterExpression(`not not ${chain(500, 'or')}`)).message, NODES);
  // an in list: the operand, 998 items and the in node are 1000
  parseFilterExpression(`a in (${Array.from({ length: 998 }, (_, i) => i).join(',')})`);
  assert.is(catchQueryError(() => parseFilterExpression(`a in (${Array.from({ length: 999 }, (_, i) => i).join(',')})`)).message, NODES);
});

test('very large flat expressions give the node error quickly', () => {
  const started = performance.now();
  for (const filter of [chain(20000, 'and'), chain(20000, 'mul'), `a in (${Array.from({ length: 20000 }, () => "'x'").join(',')})`]) {
    assert.is(catchQueryError(() => parseFilterExpression(filter)).message, NODES);
  }
  assert.ok(performance.now() - started < 1000, 'took more than a second');
});

test('the limits apply through parseListQuery and to $orderby, naming the option', () => {
  assert.is(catchQueryError(() => parseListQuery(`$filter=${encodeURIComponent(parens(5000))}`)).message, DEPTH);
  const orderBy = catchQueryError(() => parseOrderByItems(`${'-'.repeat(200)}a`));
  assert.is(orderBy.message, 'Invalid $orderby clause: the expression is nested more than 100 levels deep.');
  assert.is(orderBy.option, '$orderby');
  assert.is(catchQueryError(() => parseListQuery(`$orderby=${chain(600, 'add')}`)).message, 'Invalid $orderby clause: the expression has more than 1000 nodes.');
});

test.run();
