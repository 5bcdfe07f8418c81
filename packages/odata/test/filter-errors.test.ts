import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ODataQueryError, parseFilterExpression, parseListQuery } from '../src/index.js';
import { catchQueryError, syntaxMessage } from './support/helpers.js';

test('a syntax error names the option, the position, the clause and what was found', () => {
  const error = catchQueryError(() => parseFilterExpression('name eq'));
  assert.instance(error, ODataQueryError);
  assert.instance(error, Error);
  assert.is(error.name, 'ODataQueryError');
  assert.is(error.message, "Invalid $filter clause: syntax error at position 7 in 'name eq': expected an expression after 'eq', found the end of the clause.");
  assert.is(error.option, '$filter');
  assert.is(error.position, 7);
  assert.is(error.text, 'name eq');
});

/** [filter, position, problem]: the message is `Invalid $filter clause: syntax error at position P in 'F': problem.` */
const cases: ReadonlyArray<readonly [string, number, string]> = [
  // empty filter
  ['', 0, 'expected an expression, found the end of the clause'],
  ['   ', 3, 'expected an expression, found the end of the clause'],
  // dangling operators
  ['a eq', 4, "expected an expression after 'eq', found the end of the clause"],
  ['a eq ', 5, "expected an expression after 'eq', found the end of the clause"],
  ["status/code eq 'Active' and", 27, "expected an expression after 'and', found the end of the clause"],
  ['a eq 1 OR', 9, "expected an expression after 'OR', found the end of the clause"],
  ['not ', 4, "expected an expression after 'not', found the end of the clause"],
  ['not', 0, "expected an expression, found the operator 'not'"],
  ['and b', 0, "expected an expression, found the operator 'and'"],
  ['a eq eq 1', 5, "expected an expression, found the operator 'eq'"],
  ['-', 1, 'expected an expression, found the end of the clause'],
  ['a eq -', 6, 'expected an expression, found the end of the clause'],
  // parentheses
  ['(a eq 1', 7, "expected ')' to close the '(' at position 0, found the end of the clause"],
  ['a eq 1 or (b eq 2', 17, "expected ')' to close the '(' at position 10, found the end of the clause"],
  ['((a)', 4, "expected ')' to close the '(' at position 0, found the end of the clause"],
  ['(a eq 1 b)', 8, "expected ')' to close the '(' at position 0, found 'b'"],
  ['a eq 1)', 6, "expected an operator or the end of the clause, found ')'"],
  [')', 0, "expected an expression, found ')'"],
  ['()', 1, "expected an expression, found ')'"],
  // strings
  ["a eq 'abc", 5, 'the string literal that starts here has no closing quote'],
  ["a eq 'it''s", 5, 'the string literal that starts here has no closing quote'],
  ["a eq 'x''", 5, 'the string literal that starts here has no closing quote'],
  ["a eq duration'PT1M", 5, 'the literal that starts here has no closing quote'],
  ["a eq 'x' 'y'", 9, 'expected an operator or the end of the clause, found a string literal'],
  ["a eq 'x'y", 8, "expected an operator or the end of the clause, found 'y'"],
  // unknown tokens
  ['a eq #', 5, "expected an expression, found '#'"],
  ['a eq "x"', 5, `expected an expression, found '"'`],
  ['a eq [1]', 5, "expected an expression, found '['"],
  ['a;b', 1, "expected an operator or the end of the clause, found ';'"],
  ['a eq 1 2', 7, "expected an operator or the end of the clause, found '2'"],
  ['a xor b', 2, "expected an operator or the end of the clause, found 'xor'"],
  // keyword operators need spaces around them
  ['aeq 1', 4, "expected an operator or the end of the clause, found '1'"],
  ['a eq1', 2, "expected an operator or the end of the clause, found 'eq1'"],
  ['(a)eq 1', 3, "expected a space before 'eq'"],
  ["'x'eq a", 3, "expected a space before 'eq'"],
  ['a sub-1', 5, "expected a space after 'sub'"],
  ['a eq(1)', 4, "expected a space after 'eq'"],
  // numbers followed by letters
  ['1abc', 1, "expected an operator after the number '1', found 'abc'"],
  ['a eq 12ab', 7, "expected an operator after the number '12', found 'ab'"],
  ['a eq 1and b', 6, "expected an operator after the number '1', found 'and'"],
  ['a eq 1e', 6, "expected an operator after the number '1', found 'e'"],
  ['a eq 0x1F', 6, "expected an operator after the number '0', found 'x1F'"],
  ['a eq 1.5.5', 8, "expected an operator after the number '1.5', found '.5'"],
  ['a eq 1.5e3x', 10, "expected an operator after the number '1.5e3', found 'x'"],
  ['a eq 1.', 6, "expected an operator after the number '1', found '.'"],
  ['a eq .5', 5, "expected an expression, found '.5'"],
  // malformed dates, times and GUIDs (regression: these said "expected an operator after the number '2024', found '-'")
  ['a eq 2024-01-02T03:04:05', 5, "'2024-01-02T03:04:05' is not a valid DateTimeOffset literal such as 2024-01-31T13:45:00Z or 2024-01-31T13:45:00%2B01:00 (the offset is required; in a URL a '+' is a space)"],
  ['a eq 2024-13-01', 5, "'2024-13-01' is not a valid Date or Guid literal such as 2024-01-31 or 01234567-89ab-cdef-0123-456789abcdef"],
  ['a eq 2024-1-1)', 5, "'2024-1-1' is not a valid Date or Guid literal such as 2024-01-31 or 01234567-89ab-cdef-0123-456789abcdef"],
  ['a eq 01234567-89ab-cdef-0123-456789abcdeg', 5, "'01234567-89ab-cdef-0123-456789abcdeg' is not a valid Date or Guid literal such as 2024-01-31 or 01234567-89ab-cdef-0123-456789abcdef"],
  ['a eq 25:00:00', 5, "'25:00:00' is not a valid TimeOfDay literal such as 13:45:00"],
  ['a eq 1-2', 6, "expected an operator after the number '1', found '-'"],
  // $it, $this, $root and parameter aliases
  ['$it/x eq 1', 0, "'$it' is not supported in this emulator's $filter"],
  ['$this eq 1', 0, "'$this' is not supported in this emulator's $filter"],
  ['$root/x eq 1', 0, "'$root' is not supported in this emulator's $filter"],
  ['@p eq 1', 0, "'@p' is not supported in this emulator's $filter"],
  ['a eq @alias', 5, "'@alias' is not supported in this emulator's $filter"],
  // in lists
  ['x in 1', 5, "expected '(' to open the list after 'in', found '1'"],
  ['x in', 4, "expected '(' to open the list after 'in', found the end of the clause"],
  ['x in ()', 6, "the list after 'in' is empty"],
  ['x in (1', 7, "expected ',' or ')' in the list after 'in', found the end of the clause"],
  ['x in (1 2)', 8, "expected ',' or ')' in the list after 'in', found '2'"],
  ['x in (1,)', 8, "expected an expression, found ')'"],
  // OData 4.01: the list of 'in' holds literals only
  ['templateId in (templateId)', 15, "the list after 'in' takes literals only, found the property 'templateId'"],
  ['templateId in (templateId,id)', 15, "the list after 'in' takes literals only, found the property 'templateId'"],
  ["templateId in ('scim', id)", 23, "the list after 'in' takes literals only, found the property 'id'"],
  ["templateId in ('scim', tolower(id))", 23, "the list after 'in' takes literals only, found a call of 'tolower'"],
  ['x in (1, 1 add 2)', 9, "the list after 'in' takes literals only, found an expression"],
  // dates and times that do not exist are not literals of them
  ['status/lastExecution/timeBegan gt 2024-02-30T10:00:00Z', 34, "'2024-02-30T10:00:00Z' names a day or time that does not exist"],
  ['status/lastExecution/timeBegan gt 2023-02-29T10:00:00Z', 34, "'2023-02-29T10:00:00Z' names a day or time that does not exist"],
  ['status/lastExecution/timeBegan gt 2024-04-31T00:00:00+15:00', 34, "'2024-04-31T00:00:00+15:00' names a day or time that does not exist"],
  ['date(status/lastExecution/timeBegan) eq 2024-02-30', 40, "'2024-02-30' names a day that does not exist"],
  // has, casts, qualified names, unsupported prefixed literals
  ["a has 'x'", 2, "the 'has' operator is not supported: no property of synchronizationJob is a flags enum"],
  ['a.b eq 1', 0, "type casts and qualified names such as 'a.b' are not supported"],
  ['a/b.c eq 1', 2, "type casts and qualified names such as 'b.c' are not supported"],
  ["a eq binary'AA=='", 5, "'binary' literals are not supported"],
  // paths, calls, lambdas
  ['a/', 2, "expected a property name after '/', found the end of the clause"],
  ['a/1', 2, "expected a property name after '/', found '1'"],
  ['a/b(1)', 2, "'b' is not a function that can follow a property path"],
  ['f(', 2, 'expected an expression, found the end of the clause'],
  ['f(a', 3, "expected ',' or ')' in the arguments of 'f', found the end of the clause"],
  ['f(1 2)', 4, "expected ',' or ')' in the arguments of 'f', found '2'"],
  ['f(a,)', 4, "expected an expression, found ')'"],
  ['s/all()', 5, "'all' needs a lambda variable and a predicate, as in all(x: x/name eq 'a')"],
  ['s/any(', 6, 'expected a lambda variable name, found the end of the clause'],
  ['s/any(1: x)', 6, "expected a lambda variable name, found '1'"],
  ['s/any(x x/a)', 8, "expected ':' after the lambda variable 'x', found 'x'"],
  ['s/any(x.y: 1)', 6, "'x.y' is not a valid lambda variable name"],
  ['s/any(x: x eq 1', 15, "expected ')' to close 'any(', found the end of the clause"],
  ['s/any(x: x eq 1 x)', 16, "expected ')' to close 'any(', found 'x'"],
];

test('syntax errors: exact message and 0-based position', () => {
  for (const [filter, position, problem] of cases) {
    const error = catchQueryError(() => parseFilterExpression(filter), filter);
    assert.is(error.message, syntaxMessage('$filter', filter, position, problem), filter);
    assert.is(error.position, position, `${filter}: position`);
    assert.is(error.option, '$filter', `${filter}: option`);
    assert.is(error.text, filter, `${filter}: text`);
  }
});

test('the position is an offset into the decoded option value, not into the URL', () => {
  const error = catchQueryError(() => parseListQuery("$top=5&$filter=templateId+eq+'a%20b'+and"));
  assert.is(error.message, syntaxMessage('$filter', "templateId eq 'a b' and", 23, "expected an expression after 'and', found the end of the clause"));
  assert.is(error.position, 23);
});

test('$orderby syntax errors name $orderby', () => {
  const error = catchQueryError(() => parseListQuery('$orderby=templateId desc desc'));
  assert.is(error.message, syntaxMessage('$orderby', 'templateId desc desc', 16, "expected ',', 'asc', 'desc' or the end of the clause, found 'desc'"));
  assert.is(error.option, '$orderby');
  assert.is(error.position, 16);
});

test.run();
