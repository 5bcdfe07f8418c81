import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parseFilterExpression } from '../src/index.js';
import { printExpr } from './support/helpers.js';

/**
 * OData 4.01 URL conventions §5.1.1.16: primary (`/`, `in`, calls, lambdas) > unary (`-`, `not`)
 * > multiplicative > additive > relational > equality > `and` > `or`, binary operators
 * left-associative. Each case is the filter and its tree, fully parenthesised.
 */
const cases: ReadonlyArray<readonly [string, string]> = [
  // the trees odata-v4-parser 0.1.29 gets wrong
  ['not A and B', '((not A) and B)'],
  ['x mul 2 add 1', '((x mul 2) add 1)'],
  ['x sub 1 sub 1', '((x sub 1) sub 1)'],
  // logical operators
  ['a or b and c', '(a or (b and c))'],
  ['a and b or c', '((a and b) or c)'],
  ['a or b or c', '((a or b) or c)'],
  ['a and b and c', '((a and b) and c)'],
  ['a eq 1 or b eq 2 and c eq 3', '((a eq 1) or ((b eq 2) and (c eq 3)))'],
  ['not a or not b', '((not a) or (not b))'],
  ['not not a', '(not (not a))'],
  ['not (a and b)', '(not (a and b))'],
  ['not(a) and b', '((not a) and b)'],
  // unary binds tighter than comparison: `not a eq b` is `(not a) eq b`
  ['not a eq b', '((not a) eq b)'],
  // comparison levels: relational binds tighter than equality, both tighter than and/or
  ['a lt 1 eq b gt 2', '((a lt 1) eq (b gt 2))'],
  ['a eq b lt c', '(a eq (b lt c))'],
  ['a eq b ne c', '((a eq b) ne c)'],
  ['a gt 1 and a le 5', '((a gt 1) and (a le 5))'],
  ['a ge 1 ge b', '((a ge 1) ge b)'],
  // arithmetic
  ['1 add 2 mul 3', '(1 add (2 mul 3))'],
  ['a div b mul c', '((a div b) mul c)'],
  ['a mod 2 divby 3', '((a mod 2) divby 3)'],
  ['a add b sub c add d', '(((a add b) sub c) add d)'],
  ['a add 1 gt b mul 2', '((a add 1) gt (b mul 2))'],
  ['a sub b eq c', '((a sub b) eq c)'],
  // unary minus
  ['-x add 1', '((- x) add 1)'],
  ['- x', '(- x)'],
  ['-(a add b) mul 2', '((- (a add b)) mul 2)'],
  ['--x', '(- (- x))'],
  ['x sub -1', '(x sub -1)'],
  ['x sub - 1', '(x sub (- 1))'],
  ['a mul -b', '(a mul (- b))'],
  // parentheses override precedence
  ['(a or b) and c', '((a or b) and c)'],
  ['x mul (2 add 1)', '(x mul (2 add 1))'],
  ['x sub (1 sub 1)', '(x sub (1 sub 1))'],
  ['((((a))))', 'a'],
  ['( a eq 1 )', '(a eq 1)'],
  // in (a primary-level operator)
  ['x in (1, 2, 3)', '(x in [1, 2, 3])'],
  ["x in ('a')", "(x in ['a'])"],
  ['x in (1,2) and y', '((x in [1, 2]) and y)'],
  ['not x in (1)', '(not (x in [1]))'],
  ['a/b in (1, -2, null)', '(a/b in [1, -2, null])'],
  // paths, lambdas, calls
  ['status/lastExecution/error/code eq null', '(status/lastExecution/error/code eq null)'],
  ['s/any()', 's/any()'],
  ['s/any(x: x/name eq 1)', 's/any(x: (x/name eq 1))'],
  ['s/ANY(x:x/name eq 1 or x/value eq 2)', 's/any(x: ((x/name eq 1) or (x/value eq 2)))'],
  ['s/all(x: not x/v) and b', '(s/all(x: (not x/v)) and b)'],
  ['a/all(x: x/b/any(y: y eq x/c))', 'a/all(x: x/b/any(y: (y eq x/c)))'],
  ['s/any(x: t/any(y: y/k eq x/k))', 's/any(x: t/any(y: (y/k eq x/k)))'],
  ["contains(tolower(a), 'x')", "contains(tolower(a), 'x')"],
  ["CONTAINS(a, 'x') and startswith(b,'y')", "(contains(a, 'x') and startswith(b, 'y'))"],
  ['now()', 'now()'],
  ['substring(a, 1 add 1, 2) eq length(b) mul 2', '(substring(a, (1 add 1), 2) eq (length(b) mul 2))'],
  ['round(a div 2) ge -1', '(round((a div 2)) ge -1)'],
  // keywords are case-insensitive, property names are kept as written
  ['A EQ 1 AND NOT b', '((A eq 1) and (not b))'],
  ['x Mul 2 ADD 1', '((x mul 2) add 1)'],
  // spaces and tabs
  ['a  eq\t1', '(a eq 1)'],
];

test('operator precedence and associativity give the exact tree', () => {
  for (const [filter, tree] of cases) {
    assert.is(printExpr(parseFilterExpression(filter)), tree, filter);
  }
});

test('binary nodes carry the spans of the whole expression and of the operator', () => {
  const expr = parseFilterExpression('a eq 1 or b eq 22');
  assert.ok(expr.kind === 'binary');
  assert.equal(expr.span, { start: 0, end: 17 });
  assert.equal(expr.operatorSpan, { start: 7, end: 9 });
  assert.ok(expr.right.kind === 'binary');
  assert.equal(expr.right.span, { start: 10, end: 17 });
  assert.equal(expr.right.operatorSpan, { start: 12, end: 14 });
});

test('a parenthesised expression keeps the span of its content; not and negate start at the operator', () => {
  const paren = parseFilterExpression('( a eq 1 )');
  assert.equal(paren.span, { start: 2, end: 8 });
  const not = parseFilterExpression('not  a');
  assert.ok(not.kind === 'not');
  assert.equal(not.span, { start: 0, end: 6 });
  const negate = parseFilterExpression('- x');
  assert.ok(negate.kind === 'negate');
  assert.equal(negate.span, { start: 0, end: 3 });
});

test('operator names are lower-cased in the tree; function names too', () => {
  const expr = parseFilterExpression("A EQ 1 AND ToLower(b) Eq 'x'");
  assert.ok(expr.kind === 'binary' && expr.operator === 'and');
  assert.ok(expr.left.kind === 'binary' && expr.left.operator === 'eq');
  assert.ok(expr.right.kind === 'binary' && expr.right.left.kind === 'call');
  assert.is(expr.right.left.name, 'tolower');
  assert.equal(expr.right.left.nameSpan, { start: 11, end: 18 });
});

test('lambdas record the collection path, the variable and its span', () => {
  const expr = parseFilterExpression("status/progress/any(p: p/units eq 'x')");
  assert.ok(expr.kind === 'lambda');
  assert.is(expr.operator, 'any');
  assert.equal(expr.collection.segments.map((s) => s.name), ['status', 'progress']);
  assert.equal(expr.collection.span, { start: 0, end: 15 });
  assert.equal(expr.variable, { name: 'p', span: { start: 20, end: 21 } });
  assert.equal(expr.span, { start: 0, end: 38 });
  const bare = parseFilterExpression('synchronizationJobSettings/any( )');
  assert.ok(bare.kind === 'lambda');
  assert.is(bare.variable, undefined);
  assert.is(bare.predicate, undefined);
});

test.run();
