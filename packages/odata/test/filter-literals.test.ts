import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parseFilterExpression, type LiteralNode } from '../src/index.js';

function literal(text: string): LiteralNode {
  const expr = parseFilterExpression(text);
  assert.is(expr.kind, 'literal', text);
  return expr as LiteralNode;
}

/** [filter, edmType, value]; the literal must span the whole filter and keep its spelling as `raw`. */
const cases: ReadonlyArray<readonly [string, LiteralNode['edmType'], LiteralNode['value']]> = [
  // strings
  ["'abc'", 'Edm.String', 'abc'],
  ["''", 'Edm.String', ''],
  ["'it''s'", 'Edm.String', "it's"],
  ["''''", 'Edm.String', "'"],
  ["'a''''b'", 'Edm.String', "a''b"],
  ["'héllo wörld 😀 日本'", 'Edm.String', 'héllo wörld 😀 日本'],
  ["'a/b\"c\\d'", 'Edm.String', 'a/b"c\\d'],
  ["'eq and or not ( ) , :'", 'Edm.String', 'eq and or not ( ) , :'],
  ["'  '", 'Edm.String', '  '],
  // integers: Edm.Int64, a bigint past 2^53, Edm.Decimal past Int64
  ['0', 'Edm.Int64', 0],
  ['42', 'Edm.Int64', 42],
  ['007', 'Edm.Int64', 7],
  ['-5', 'Edm.Int64', -5],
  ['+5', 'Edm.Int64', 5],
  ['9007199254740991', 'Edm.Int64', 9007199254740991],
  ['9007199254740992', 'Edm.Int64', 9007199254740992n],
  ['9007199254740993', 'Edm.Int64', 9007199254740993n],
  ['9223372036854775807', 'Edm.Int64', 9223372036854775807n],
  ['-9223372036854775808', 'Edm.Int64', -9223372036854775808n],
  ['9223372036854775808', 'Edm.Decimal', 9223372036854775808],
  ['-9223372036854775809', 'Edm.Decimal', -9223372036854775809],
  // decimals and doubles
  ['1.5', 'Edm.Decimal', 1.5],
  ['-0.25', 'Edm.Decimal', -0.25],
  ['1e3', 'Edm.Double', 1000],
  ['1E3', 'Edm.Double', 1000],
  ['1.5e-3', 'Edm.Double', 0.0015],
  ['2.5E+2', 'Edm.Double', 250],
  ['-1e2', 'Edm.Double', -100],
  ['INF', 'Edm.Double', Infinity],
  ['-INF', 'Edm.Double', -Infinity],
  // booleans: the ABNF's "true" / "false" are case-insensitive (RFC 7405)
  ['true', 'Edm.Boolean', true],
  ['false', 'Edm.Boolean', false],
  ['TRUE', 'Edm.Boolean', true],
  ['False', 'Edm.Boolean', false],
  ['tRuE', 'Edm.Boolean', true],
  // null
  ['null', 'null', null],
  // dates and times
  ['2024-01-02T03:04:05Z', 'Edm.DateTimeOffset', '2024-01-02T03:04:05Z'],
  ['2024-01-02T03:04:05.123Z', 'Edm.DateTimeOffset', '2024-01-02T03:04:05.123Z'],
  ['2024-01-02T03:04:05.1234567+02:00', 'Edm.DateTimeOffset', '2024-01-02T03:04:05.1234567+02:00'],
  ['2024-01-02T03:04:05-05:30', 'Edm.DateTimeOffset', '2024-01-02T03:04:05-05:30'],
  ['2024-01-02T03:04Z', 'Edm.DateTimeOffset', '2024-01-02T03:04Z'],
  ['2024-01-02', 'Edm.Date', '2024-01-02'],
  ['12:30:00', 'Edm.TimeOfDay', '12:30:00'],
  ['12:30', 'Edm.TimeOfDay', '12:30'],
  // guids
  ['01234567-89ab-cdef-0123-456789ABCDEF', 'Edm.Guid', '01234567-89ab-cdef-0123-456789ABCDEF'],
  // durations, with the prefix in any case
  ["duration'PT40M'", 'Edm.Duration', 'PT40M'],
  ["DURATION'P1DT2H'", 'Edm.Duration', 'P1DT2H'],
  ["duration'-PT0.5S'", 'Edm.Duration', '-PT0.5S'],
];

test('each literal has the type its spelling says, its value, its raw text and its span', () => {
  for (const [text, edmType, value] of cases) {
    const node = literal(text);
    assert.is(node.edmType, edmType, `${text}: type`);
    assert.is(typeof node.value, typeof value, `${text}: JavaScript type of the value`);
    assert.equal(node.value, value, `${text}: value`);
    assert.is(node.raw, text, `${text}: raw`);
    assert.equal(node.span, { start: 0, end: text.length }, `${text}: span`);
  }
});

test('NaN is an Edm.Double whose value is NaN', () => {
  const node = literal('NaN');
  assert.is(node.edmType, 'Edm.Double');
  assert.ok(Number.isNaN(node.value));
});

test('qualified enum literals keep the type name they were written with', () => {
  const node = literal("microsoft.graph.synchronizationStatusCode'Active'");
  assert.is(node.edmType, 'enum');
  assert.is(node.value, 'Active');
  assert.is(node.enumTypeName, 'microsoft.graph.synchronizationStatusCode');
  assert.is(node.raw, "microsoft.graph.synchronizationStatusCode'Active'");
});

test('literals as operands: spans are offsets into the whole filter', () => {
  const expr = parseFilterExpression("templateId eq 'it''s' or x gt -1.5e1");
  assert.ok(expr.kind === 'binary' && expr.left.kind === 'binary' && expr.right.kind === 'binary');
  assert.ok(expr.left.right.kind === 'literal' && expr.right.right.kind === 'literal');
  assert.equal(expr.left.right.span, { start: 14, end: 21 });
  assert.is(expr.left.right.value, "it's");
  assert.equal(expr.right.right.span, { start: 30, end: 36 });
  assert.is(expr.right.right.value, -15);
});

test('words that merely start like a literal are property names (regression: INF/NaN prefixes)', () => {
  // `nullable`, `trueish`, `INFO`, `NaNa` are identifiers; `null` is case-sensitive (`%s"null"`)
  for (const name of ['nullable', 'trueish', 'falsehood', 'INFO', 'NaNa', 'NULL', 'Null', 'durationX', 'INF_x']) {
    const expr = parseFilterExpression(`${name} eq 1`);
    assert.ok(expr.kind === 'binary', name);
    assert.ok(expr.left.kind === 'member', name);
    assert.equal(expr.left.segments.map((s) => s.name), [name], name);
  }
  const negated = parseFilterExpression('-INFO');
  assert.ok(negated.kind === 'negate' && negated.operand.kind === 'member');
  assert.equal(negated.operand.segments[0]!.name, 'INFO');
});

test('a literal may be followed directly by ) or ,', () => {
  const expr = parseFilterExpression("x in (true,null,'a',2024-01-02,1.5e3,INF)");
  assert.ok(expr.kind === 'in');
  assert.equal(expr.list.map((item) => (item.kind === 'literal' ? item.edmType : item.kind)), [
    'Edm.Boolean',
    'null',
    'Edm.String',
    'Edm.Date',
    'Edm.Double',
    'Edm.Double',
  ]);
});

test.run();
